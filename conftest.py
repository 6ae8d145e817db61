"""Settings for the whole test session, applied before any test module is imported.

TensorFlow prints start-up lines, and with op determinism a C++ log line from
``fit``, on stderr; these settings keep them out of the doctests' and the
notebooks' outputs (the nbval kernels inherit this environment). They are set
here, and in the Makefile, rather than as a side effect of importing the package.
"""

import os

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
