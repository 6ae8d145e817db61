"""Shared fixtures of the TensorFlow tests.

TensorFlow's logging settings are set by the repository's root conftest.py,
before any module is imported.
"""

import numpy as np
import pytest


@pytest.fixture
def tiny_data():
    """A small learnable 3-class problem: 96 rows of 8 features, labels from a linear rule."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((96, 8)).astype(np.float32)
    w = rng.standard_normal((8, 3)).astype(np.float32)
    y = (x @ w).argmax(axis=1)
    return x, y
