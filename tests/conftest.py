"""Fixtures shared by every test folder: the one table of bad probabilities.

The test modules are imported with ``--import-mode=importlib`` and ``tests`` is
not a package, so a shared table cannot be imported by name; it is served as
parametrised fixtures instead. A test asks for ``bad_keep_prob`` (or
``bad_keep_prob_or_zero``) and runs once per row::

    def test_bad_keep_prob(bad_keep_prob):
        with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match()):
            bernoulli_mask((2, 2), bad_keep_prob.value, rng)
"""

import math
import re
from typing import NamedTuple

import numpy as np
import pytest


class BadValue(NamedTuple):
    """A value an argument must refuse, and the exception it must raise."""

    value: object
    error: type[Exception]

    def match(self, name: str = "keep_prob") -> str:
        """A regex for the message: the argument's name, then the value as ``repr`` writes it."""
        return rf"`{re.escape(name)}`.*{re.escape(repr(self.value))}"


# Bad for every probability of the package, keep_prob (p) and rate (1 - p) alike:
# outside [0, 1], NaN, or not a real number.
BAD_PROBABILITIES = [
    BadValue(-0.1, ValueError),
    BadValue(-1, ValueError),
    BadValue(1.1, ValueError),
    BadValue(1.0001, ValueError),
    BadValue(math.nan, ValueError),
    BadValue(math.inf, ValueError),
    BadValue("0.5", TypeError),
    BadValue(None, TypeError),
    BadValue(True, TypeError),
    BadValue(False, TypeError),
    BadValue(np.array([0.5]), TypeError),
]

# keep_prob = 0 keeps no unit: the dropout layers accept it (as keras.layers.Dropout
# accepts rate = 1), everything else (masks, networks, the theory) refuses it.
KEEP_PROB_ZERO = BadValue(0.0, ValueError)


def _ids(rows):
    return [repr(row.value) for row in rows]


@pytest.fixture(params=BAD_PROBABILITIES, ids=_ids(BAD_PROBABILITIES))
def bad_keep_prob(request) -> BadValue:
    """A value that every keep_prob (and every rate) refuses."""
    return request.param


@pytest.fixture(
    params=[*BAD_PROBABILITIES, KEEP_PROB_ZERO], ids=_ids([*BAD_PROBABILITIES, KEEP_PROB_ZERO])
)
def bad_keep_prob_or_zero(request) -> BadValue:
    """A value refused by a keep_prob that must be in (0, 1]: the table above, and 0."""
    return request.param
