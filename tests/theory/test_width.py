"""Tests of dropout.theory.counting.width_for_keep_prob (eq-ch06-width)."""

import numpy as np
import pytest

from dropout.theory.counting import expected_kept, width_for_keep_prob


@pytest.mark.parametrize(
    ("n", "p", "width"), [(64, 0.8, 80), (256, 1.0, 256), (100, 0.5, 200), (0, 0.5, 0), (10, 0.3, 33)]
)
def test_width_known_values(n, p, width):
    assert width_for_keep_prob(n, p) == width
    assert isinstance(width_for_keep_prob(n, p), int)


def test_width_keeps_n_units_on_average():
    for n in range(1, 200, 7):
        for p in (0.2, 0.5, 0.8):
            assert abs(expected_kept(width_for_keep_prob(n, p), p) - n) <= p / 2 + 1e-9
    rng = np.random.default_rng(0)
    m = width_for_keep_prob(50, 0.5)
    kept = (rng.random((20_000, m)) < 0.5).sum(axis=1)
    assert abs(kept.mean() - 50) < 0.1


def test_width_rejects_bad_input():
    with pytest.raises(ValueError, match="keep_prob"):
        width_for_keep_prob(10, 0.0)
    with pytest.raises(TypeError, match="`n`"):
        width_for_keep_prob(10.5, 0.5)
    with pytest.raises(ValueError, match="`n`"):
        width_for_keep_prob(-1, 0.5)
