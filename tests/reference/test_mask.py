"""Statistics and argument checks of bernoulli_mask (r_j ~ Bernoulli(p))."""

import numpy as np
import pytest

from dropout.reference import bernoulli_mask

KEEP_PROBS = [0.05, 0.2, 0.5, 0.8, 0.95]


def five_sigma(p: float, n: int) -> float:
    """5 standard deviations of the mean of n Bernoulli(p) draws."""
    return 5 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("p", KEEP_PROBS)
def test_kept_fraction_is_p_within_binomial_bound(p):
    r = bernoulli_mask((400, 500), p, np.random.default_rng(10))
    n = r.size
    assert r.dtype == bool and r.shape == (400, 500)
    assert abs(r.mean() - p) < five_sigma(p, n)


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_every_row_and_every_column_has_kept_fraction_near_p(p):
    # A mask shared by the whole batch (the CS231n bug) or by a column would fail here.
    r = bernoulli_mask((2000, 2000), p, np.random.default_rng(11))
    rows, cols = r.mean(axis=1), r.mean(axis=0)
    bound = 6 * np.sqrt(p * (1 - p) / 2000)  # 6 sigma: 4,000 means, none should stray that far
    assert np.all(np.abs(rows - p) < bound)
    assert np.all(np.abs(cols - p) < bound)


@pytest.mark.parametrize("p", [0.3, 0.7])
def test_neighbouring_units_are_independent(p):
    r = bernoulli_mask((500, 1000), p, np.random.default_rng(12))
    both = (r[:, :-1] & r[:, 1:]).mean()  # P(r_j = 1 and r_{j+1} = 1) = p^2 if independent
    assert abs(both - p * p) < five_sigma(p * p, r[:, :-1].size)


def test_masks_differ_across_rows_and_calls():
    rng = np.random.default_rng(13)
    a = bernoulli_mask((64, 100), 0.5, rng)
    b = bernoulli_mask((64, 100), 0.5, rng)
    assert len({row.tobytes() for row in a}) == 64  # 64 distinct rows
    assert not np.array_equal(a, b)


def test_fixed_seed_is_reproducible():
    a = bernoulli_mask((30, 40), 0.6, np.random.default_rng(2014))
    b = bernoulli_mask((30, 40), 0.6, np.random.default_rng(2014))
    c = bernoulli_mask((30, 40), 0.6, np.random.default_rng(2015))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_keep_prob_one_keeps_everything_and_int_shape_works():
    assert bernoulli_mask((7, 3), 1.0, np.random.default_rng(0)).all()
    assert bernoulli_mask(5, 0.5, np.random.default_rng(0)).shape == (5,)
    assert bernoulli_mask((0, 4), 0.5, np.random.default_rng(0)).shape == (0, 4)


def test_does_not_touch_numpy_global_random_state():
    before = np.random.get_state()[1].copy()
    bernoulli_mask((10, 10), 0.5, np.random.default_rng(0))
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_bad_keep_prob(bad_keep_prob_or_zero):  # the shared table of tests/conftest.py
    bad = bad_keep_prob_or_zero
    with pytest.raises(bad.error, match=bad.match()):
        bernoulli_mask((2, 2), bad.value, np.random.default_rng(0))


@pytest.mark.parametrize(
    "rng, match",
    [
        (np.random.RandomState(0), r"rng.*Generator.*RandomState"),
        (0, r"rng.*Generator.*int"),
        (None, r"rng.*Generator.*NoneType"),
    ],
)
def test_bad_rng(rng, match):
    with pytest.raises(TypeError, match=match):
        bernoulli_mask((2, 2), 0.5, rng)


@pytest.mark.parametrize(
    "shape, error",
    [((2, -1), ValueError), ((2.0, 3), TypeError), ("ab", TypeError), ((True, 2), TypeError), (None, TypeError)],
)
def test_bad_shape(shape, error):
    with pytest.raises(error, match="shape"):
        bernoulli_mask(shape, 0.5, np.random.default_rng(0))
