"""Tests of dropout.calibration: temperature scaling (Guo et al. 2017)."""

import math

import numpy as np
import pytest

from dropout.calibration import apply_temperature, fit_temperature
from dropout.reference.layers import softmax
from dropout.uncertainty import expected_calibration_error, negative_log_likelihood


def _nll(logits, labels, t):
    return negative_log_likelihood(apply_temperature(logits, t), labels)


def _sample_labels(probs, rng):
    """One label per row, drawn from that row's distribution."""
    u = rng.random(probs.shape[0])[:, None]
    return np.minimum((probs.cumsum(axis=1) < u).sum(axis=1), probs.shape[1] - 1)


# ------------------------------------------------------------------ apply_temperature
def test_temperature_one_leaves_the_softmax_unchanged():
    z = np.random.default_rng(0).standard_normal((20, 4)) * 5
    assert np.array_equal(apply_temperature(z, 1.0), softmax(z))
    assert np.array_equal(apply_temperature(z, 1), softmax(z))


def test_apply_temperature_known_values_and_limits():
    z = np.array([[2.0, 0.0, -1.0]])
    e = math.exp(1.0)
    np.testing.assert_allclose(apply_temperature(z[:, :2], 2.0), [[e / (e + 1), 1 / (e + 1)]], rtol=1e-12)
    np.testing.assert_allclose(apply_temperature(z, 1e6), np.full((1, 3), 1 / 3), atol=1e-6)  # T -> inf: uniform
    np.testing.assert_allclose(apply_temperature(z, 1e-3), [[1.0, 0.0, 0.0]], atol=1e-12)  # T -> 0: one-hot


def test_apply_temperature_keeps_the_prediction_and_the_dtype():
    z = np.random.default_rng(1).standard_normal((50, 6)).astype(np.float32)
    for t in (0.1, 0.7, 3.0, 40.0):
        q = apply_temperature(z, t)
        assert q.dtype == np.float32 and q.shape == z.shape
        assert np.array_equal(q.argmax(axis=1), z.argmax(axis=1))
        np.testing.assert_allclose(q.sum(axis=1), 1.0, rtol=1e-6)


def test_apply_temperature_rejects_bad_input():
    z = np.zeros((2, 3))
    with pytest.raises(TypeError, match="`logits` must be a NumPy array of floats, got list"):
        apply_temperature([[0.0, 1.0]], 1.0)
    with pytest.raises(TypeError, match="`logits` must be a floating array, got dtype int64"):
        apply_temperature(np.zeros((2, 3), dtype=np.int64), 1.0)
    with pytest.raises(ValueError, match=r"`logits` must be 2-D \(N examples, C classes\), got logits.shape=\(3,\)"):
        apply_temperature(np.zeros(3), 1.0)
    with pytest.raises(ValueError, match=r"`logits` must not be empty, got logits.shape=\(0, 3\)"):
        apply_temperature(np.zeros((0, 3)), 1.0)
    with pytest.raises(ValueError, match="`logits` must be finite .*got 2 non-finite entries"):
        apply_temperature(np.array([[np.nan, 0.0], [np.inf, 1.0]]), 1.0)
    with pytest.raises(ValueError, match="`temperature` must be > 0, got temperature=0.0"):
        apply_temperature(z, 0.0)
    with pytest.raises(ValueError, match="`temperature` must be finite and non-negative .*got temperature=-1.0"):
        apply_temperature(z, -1.0)
    with pytest.raises(ValueError, match="`temperature` must be finite .*got temperature=nan"):
        apply_temperature(z, float("nan"))
    with pytest.raises(TypeError, match="`temperature` must be a real number, got '2' of type str"):
        apply_temperature(z, "2")
    with pytest.raises(TypeError, match="`temperature` must be a real number, got True of type bool"):
        apply_temperature(z, True)


# ------------------------------------------------------------------ fit_temperature
def test_fit_temperature_known_two_class_optimum():
    # three right, one wrong, all with margin 4: the NLL is least where softmax(4 / T) = 3/4, T = 4 / log 3
    z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    y = np.array([0, 0, 1, 1])
    assert fit_temperature(z, y) == pytest.approx(4 / math.log(3), abs=1e-4)


@pytest.mark.parametrize("t_true", [0.5, 2.0])
def test_fit_temperature_recovers_the_temperature_that_generated_the_labels(t_true):
    rng = np.random.default_rng(2)
    n = 20_000
    z = 3.0 * rng.standard_normal((n, 5))
    y = _sample_labels(softmax(z / t_true), rng)  # the labels are exactly calibrated at T = t_true
    t_hat = fit_temperature(z, y)
    # T_hat is a maximum-likelihood estimate: its standard error is 1 / sqrt(N f''(T_hat)), f the mean NLL
    # (f'' by centred differences). About 1% of T here; 4 standard errors leave a false failure rate ~ 6e-5.
    h = 1e-3 * t_hat
    f2 = (_nll(z, y, t_hat + h) - 2 * _nll(z, y, t_hat) + _nll(z, y, t_hat - h)) / h**2
    se = 1.0 / math.sqrt(n * f2)
    assert se < 0.02 * t_true  # the test can tell a wrong T from the right one
    assert abs(t_hat - t_true) < 4 * se


def test_fitted_temperature_does_not_raise_the_nll_and_is_a_minimum():
    rng = np.random.default_rng(3)
    z = 4.0 * rng.standard_normal((2_000, 10))
    y = _sample_labels(softmax(z / 2.5), rng)  # z is over-confident: the best T is near 2.5
    t = fit_temperature(z, y)
    nll = _nll(z, y, t)
    assert nll <= _nll(z, y, 1.0)
    for other in (0.9 * t, 0.99 * t, 1.01 * t, 1.1 * t):
        assert nll <= _nll(z, y, other)
    probs1, probs_t = apply_temperature(z, 1.0), apply_temperature(z, t)
    assert expected_calibration_error(probs_t, y) < expected_calibration_error(probs1, y)
    assert np.array_equal(probs_t.argmax(axis=1), probs1.argmax(axis=1))  # accuracy kept


def test_fit_temperature_scales_with_the_logits_and_accepts_float32():
    rng = np.random.default_rng(4)
    z = 2.0 * rng.standard_normal((1_000, 4))
    y = _sample_labels(softmax(z), rng)
    t = fit_temperature(z, y)
    assert fit_temperature(3.0 * z, y) == pytest.approx(3.0 * t, rel=1e-4)  # T*(a z) = a T*(z)
    assert fit_temperature(z.astype(np.float32), y) == pytest.approx(t, rel=1e-4)


def test_fit_temperature_stays_in_its_bounds():
    z = np.array([[5.0, 0.0], [0.0, 5.0]])
    y = np.array([0, 1])  # all right: the NLL keeps falling as T -> 0
    t = fit_temperature(z, y, bounds=(0.5, 4.0))
    assert 0.5 <= t < 0.5 + 1e-3
    z_wrong = np.array([[5.0, 0.0], [0.0, 5.0], [5.0, 0.0], [0.0, 5.0]])
    y_wrong = np.array([0, 1, 1, 0])  # half wrong: the NLL keeps falling as T -> inf
    assert 4.0 - 1e-3 < fit_temperature(z_wrong, y_wrong, bounds=(0.5, 4.0)) <= 4.0


def test_fit_temperature_rejects_bad_input():
    z = np.zeros((2, 3))
    y = np.array([0, 2])
    with pytest.raises(TypeError, match="`logits` must be a floating array, got dtype int64"):
        fit_temperature(np.zeros((2, 3), dtype=np.int64), y)
    with pytest.raises(ValueError, match=r"`logits` must be 2-D .*got logits.shape=\(2, 3, 1\)"):
        fit_temperature(np.zeros((2, 3, 1)), y)
    with pytest.raises(ValueError, match="`logits` must be finite .*got 1 non-finite entries"):
        fit_temperature(np.array([[0.0, np.inf, 0.0], [0.0, 0.0, 0.0]]), y)
    with pytest.raises(TypeError, match="`labels` must be a NumPy array of integer class labels, got dtype float64"):
        fit_temperature(z, np.array([0.0, 2.0]))
    with pytest.raises(ValueError, match=r"`labels` must have shape \(2,\).*got labels.shape=\(3,\)"):
        fit_temperature(z, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="`labels` must hold labels in 0..2, got values from 0 to 3"):
        fit_temperature(z, np.array([0, 3]))
    with pytest.raises(ValueError, match=r"`bounds` must be a pair \(low, high\) of temperatures, got bounds=1.0"):
        fit_temperature(z, y, bounds=1.0)
    with pytest.raises(ValueError, match=r"`bounds` must be a pair .*got bounds=\(0.1, 1.0, 2.0\)"):
        fit_temperature(z, y, bounds=(0.1, 1.0, 2.0))
    with pytest.raises(ValueError, match=r"`bounds` must have low < high, got bounds=\(2.0, 1.0\)"):
        fit_temperature(z, y, bounds=(2.0, 1.0))
    with pytest.raises(ValueError, match=r"`bounds\[0\]` must be > 0, got bounds\[0\]=0"):
        fit_temperature(z, y, bounds=(0, 1.0))
    with pytest.raises(ValueError, match=r"`bounds\[1\]` must be finite and non-negative .*got bounds\[1\]=inf"):
        fit_temperature(z, y, bounds=(0.1, math.inf))
    with pytest.raises(TypeError, match=r"`bounds\[0\]` must be a real number, got None"):
        fit_temperature(z, y, bounds=(None, 1.0))
