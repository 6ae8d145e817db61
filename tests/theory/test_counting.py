"""Tests of dropout.theory.counting: closed forms of chapter 3 against scipy and simulation."""

import math

import numpy as np
import pytest
from scipy import stats

from dropout.reference.mask import bernoulli_mask
from dropout.theory.counting import (
    dropped_pmf,
    expected_dropped,
    expected_kept,
    n_thinned_networks,
    prob_dropped,
    prob_masks_equal,
    variance_dropped,
)

KEEP_PROBS = [0.1, 0.5, 0.8, 0.9, 1.0]


@pytest.mark.parametrize("n", [0, 1, 10, 100, 2000])
@pytest.mark.parametrize("p", KEEP_PROBS)
def test_pmf_sums_to_one(n, p):
    pmf = dropped_pmf(n, p)
    assert pmf.shape == (n + 1,)
    assert np.all(pmf >= 0)
    assert math.isclose(pmf.sum(), 1.0, rel_tol=1e-10)


@pytest.mark.parametrize("n", [1, 10, 50, 784])
@pytest.mark.parametrize("p", KEEP_PROBS)
def test_pmf_matches_scipy_binomial_of_drop_probability(n, p):
    k = np.arange(n + 1)
    expected = stats.binom.pmf(k, n, 1 - p)
    np.testing.assert_allclose(dropped_pmf(n, p), expected, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("n", [1, 10, 784])
@pytest.mark.parametrize("p", KEEP_PROBS)
def test_moments_match_scipy_and_pmf(n, p):
    mean, var = stats.binom.stats(n, 1 - p, moments="mv")
    assert math.isclose(expected_dropped(n, p), float(mean), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(variance_dropped(n, p), float(var), rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(expected_kept(n, p), n - expected_dropped(n, p), abs_tol=1e-9)
    k = np.arange(n + 1)
    pmf = dropped_pmf(n, p)
    assert math.isclose(float(k @ pmf), expected_dropped(n, p), rel_tol=1e-9, abs_tol=1e-9)


def test_tutorial_claim_numbers():
    # "10 % dropout on ten inputs drops one input": only with probability 0.387.
    assert prob_dropped(1, 10, 0.9) == pytest.approx(10 * 0.1 * 0.9**9, rel=1e-12)
    assert prob_dropped(0, 10, 0.9) == pytest.approx(0.9**10, rel=1e-12)
    assert round(prob_dropped(1, 10, 0.9), 3) == 0.387
    assert round(prob_dropped(0, 10, 0.9), 3) == 0.349
    assert expected_dropped(10, 0.9) == pytest.approx(1.0)


def test_pmf_matches_monte_carlo_count_with_bernoulli_mask():
    n, p, trials = 10, 0.9, 200_000
    rng = np.random.default_rng(3)
    masks = bernoulli_mask((trials, n), p, rng)
    dropped = n - masks.sum(axis=1)
    freq = np.bincount(dropped, minlength=n + 1) / trials
    pmf = dropped_pmf(n, p)
    # Each frequency is a mean of `trials` Bernoulli(pmf[k]) draws: 5 standard errors.
    bound = 5 * np.sqrt(pmf * (1 - pmf) / trials) + 1e-12
    assert np.all(np.abs(freq - pmf) <= bound)
    assert abs(dropped.mean() - expected_dropped(n, p)) < 5 * math.sqrt(
        variance_dropped(n, p) / trials
    )


def test_prob_masks_equal_matches_simulation():
    n, p, trials = 4, 0.5, 100_000
    rng = np.random.default_rng(4)
    a = bernoulli_mask((trials, n), p, rng)
    b = bernoulli_mask((trials, n), p, rng)
    freq = np.all(a == b, axis=1).mean()
    q = prob_masks_equal(n, p)
    assert q == 1 / 16
    assert abs(freq - q) < 5 * math.sqrt(q * (1 - q) / trials)


def test_prob_dropped_outside_support_and_p_one():
    assert prob_dropped(-1, 5, 0.5) == 0.0
    assert prob_dropped(6, 5, 0.5) == 0.0
    assert prob_dropped(0, 5, 1.0) == 1.0
    assert prob_dropped(1, 5, 1.0) == 0.0
    assert prob_dropped(0, 0, 0.3) == 1.0
    assert dropped_pmf(0, 0.5).tolist() == [1.0]


def test_large_n_does_not_overflow():
    # C(5000, 2500) overflows a float; the log-space pmf does not.
    value = prob_dropped(2500, 5000, 0.5)
    assert value == pytest.approx(stats.binom.pmf(2500, 5000, 0.5), rel=1e-9)


def test_n_thinned_networks_is_exact_power_of_two():
    assert [n_thinned_networks(n) for n in range(5)] == [1, 2, 4, 8, 16]
    big = n_thinned_networks(2384)
    assert isinstance(big, int) and big == 1 << 2384


def test_thinned_networks_are_all_reached_by_masks():
    # With n = 3 units, 2 000 masks at p = 0.5 reach all 2^3 patterns.
    masks = bernoulli_mask((2000, 3), 0.5, np.random.default_rng(5))
    patterns = {tuple(row) for row in masks.tolist()}
    assert len(patterns) == n_thinned_networks(3)


def test_prob_masks_equal_values():
    assert prob_masks_equal(0, 0.3) == 1.0
    assert prob_masks_equal(10, 1.0) == 1.0
    assert prob_masks_equal(20, 0.5) == 0.5**20
    # p = 1/2 gives the smallest probability of a repeat
    assert all(prob_masks_equal(20, p) >= prob_masks_equal(20, 0.5) for p in KEEP_PROBS)


@pytest.mark.parametrize(
    "func, args",
    [
        (prob_dropped, (1, 10)),
        (dropped_pmf, (10,)),
        (expected_dropped, (10,)),
        (variance_dropped, (10,)),
        (expected_kept, (10,)),
        (prob_masks_equal, (10,)),
    ],
)
@pytest.mark.parametrize("bad", [0.0, 1.5, -0.1, float("nan")])
def test_bad_keep_prob_value(func, args, bad):
    with pytest.raises(ValueError, match=r"keep_prob.*\(0, 1\]"):
        func(*args, bad)


@pytest.mark.parametrize("bad", ["0.5", None, True, np.array([0.5])])
def test_bad_keep_prob_type(bad):
    with pytest.raises(TypeError, match="keep_prob"):
        prob_dropped(1, 10, bad)


@pytest.mark.parametrize(
    "func, before, after",
    [
        (prob_dropped, (1,), (0.5,)),
        (dropped_pmf, (), (0.5,)),
        (expected_dropped, (), (0.5,)),
        (variance_dropped, (), (0.5,)),
        (expected_kept, (), (0.5,)),
        (n_thinned_networks, (), ()),
        (prob_masks_equal, (), (0.5,)),
    ],
)
def test_bad_n(func, before, after):
    with pytest.raises(ValueError, match=r"`n` must be a non-negative integer, got n=-1"):
        func(*before, -1, *after)
    with pytest.raises(TypeError, match=r"`n` must be a non-negative integer, got 2\.0"):
        func(*before, 2.0, *after)
    with pytest.raises(TypeError, match=r"`n` must be a non-negative integer, got True"):
        func(*before, True, *after)


def test_numpy_integers_are_accepted():
    assert n_thinned_networks(np.int64(3)) == 8
    assert prob_dropped(np.int32(1), np.int64(2), 0.5) == pytest.approx(0.5, rel=1e-15)


def test_bad_k():
    with pytest.raises(TypeError, match=r"`k` must be an integer, got 1\.5"):
        prob_dropped(1.5, 10, 0.5)
