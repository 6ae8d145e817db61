"""``python -m dropout.experiments``: see :mod:`dropout.experiments.cli`."""

import sys

from dropout.experiments.cli import main

sys.exit(main())
