"""The closed-form moments of chapter 4 against Monte-Carlo samples of dropout_forward.

Each Monte-Carlo check allows five standard errors, computed from the
samples themselves; the seeds are fixed, so the tests are deterministic.
"""

import numpy as np
import pytest

from dropout.reference.dropout_layer import dropout_forward
from dropout.theory.moments import (
    activation_variance,
    expected_activation,
    expected_preactivation,
    preactivation_variance,
)

K = 50_000  # Monte-Carlo samples


def _within_5_sigma(samples, mean):
    """|sample mean - mean| < 5 standard errors (per coordinate)."""
    se = samples.std(axis=0) / np.sqrt(samples.shape[0])
    return np.all(np.abs(samples.mean(axis=0) - mean) < 5 * se + 1e-12)


@pytest.mark.parametrize("inverted", [False, True])
@pytest.mark.parametrize("p", [0.5, 0.8])
def test_activation_mean_and_variance_match_monte_carlo(p, inverted):
    rng = np.random.default_rng(0)
    y = np.array([1.5, -2.0, 0.3, 0.0])
    out, _ = dropout_forward(np.tile(y, (K, 1)), p, rng, inverted=inverted)
    mean = expected_activation(y, p, inverted=inverted)
    var = activation_variance(y, p, inverted=inverted)
    assert _within_5_sigma(out, mean)
    # E[(out - mean)^2] = var exactly, with the true mean
    assert _within_5_sigma((out - mean) ** 2, var)


def test_closed_forms_standard_and_inverted():
    y = np.array([2.0, -1.0])
    p = 0.25
    np.testing.assert_allclose(expected_activation(y, p, inverted=False), p * y)
    np.testing.assert_allclose(expected_activation(y, p, inverted=True), y)
    np.testing.assert_allclose(activation_variance(y, p, inverted=False), p * (1 - p) * y**2)
    np.testing.assert_allclose(activation_variance(y, p, inverted=True), (1 - p) / p * y**2)
    # inverted = standard divided by p: the variance scales by 1/p^2
    np.testing.assert_allclose(
        activation_variance(y, p, inverted=True), activation_variance(y, p, inverted=False) / p**2
    )


def test_inverted_is_the_default_as_everywhere_in_the_package():
    y, W, b = np.array([[2.0, -1.0]]), np.array([[1.0], [3.0]]), np.array([0.5])
    np.testing.assert_array_equal(expected_activation(y, 0.5), expected_activation(y, 0.5, inverted=True))
    np.testing.assert_array_equal(activation_variance(y, 0.5), activation_variance(y, 0.5, inverted=True))
    np.testing.assert_array_equal(
        expected_preactivation(y, W, b, 0.5), expected_preactivation(y, W, b, 0.5, inverted=True)
    )
    np.testing.assert_array_equal(preactivation_variance(y, W, 0.5), preactivation_variance(y, W, 0.5, inverted=True))
    with pytest.raises(TypeError, match=r"`inverted` must be True or False, got 'False'"):
        expected_activation(y, 0.5, inverted="False")


def test_keep_prob_one_adds_no_variance():
    y = np.array([3.0, -4.0])
    for inverted in (True, False):
        assert np.all(activation_variance(y, 1.0, inverted=inverted) == 0.0)
        assert np.all(expected_activation(y, 1.0, inverted=inverted) == y)


@pytest.mark.parametrize("inverted", [False, True])
def test_preactivation_moments_match_monte_carlo(inverted):
    rng = np.random.default_rng(1)
    p = 0.6
    y = rng.standard_normal(5)
    W = rng.standard_normal((5, 3))
    b = rng.standard_normal(3)
    dropped, _ = dropout_forward(np.tile(y, (K, 1)), p, rng, inverted=inverted)
    z = dropped @ W + b  # (K, 3)
    mean = expected_preactivation(y, W, b, p, inverted=inverted)
    var = preactivation_variance(y, W, p, inverted=inverted)
    assert _within_5_sigma(z, mean)
    assert _within_5_sigma((z - mean) ** 2, var)


def test_preactivation_formulas():
    rng = np.random.default_rng(2)
    y, W, b = rng.standard_normal((4, 5)), rng.standard_normal((5, 3)), rng.standard_normal(3)
    p = 0.5
    np.testing.assert_allclose(expected_preactivation(y, W, b, p, inverted=False), y @ (p * W) + b)
    np.testing.assert_allclose(expected_preactivation(y, W, b, p, inverted=True), y @ W + b)
    np.testing.assert_allclose(
        preactivation_variance(y, W, p, inverted=True), (1 - p) / p * (y**2) @ (W**2)
    )
    assert preactivation_variance(y, W, p, inverted=False).shape == (4, 3)


def test_bad_inputs():
    y, W, b = np.ones(3), np.ones((3, 2)), np.zeros(2)
    with pytest.raises(TypeError, match="`y` must be a NumPy array"):
        expected_activation([1.0, 2.0], 0.5)
    with pytest.raises(ValueError, match="keep_prob=0"):
        activation_variance(y, 0)
    with pytest.raises(TypeError, match="`keep_prob` must be a real number"):
        expected_activation(y, "0.5")
    with pytest.raises(ValueError, match=r"`y` must have W.shape\[0\]=3"):
        expected_preactivation(np.ones(4), W, b, 0.5)
    with pytest.raises(ValueError, match=r"`b` must have shape \(2,\)"):
        expected_preactivation(y, W, np.zeros(3), 0.5)
    with pytest.raises(ValueError, match="`W` must be 2-D"):
        preactivation_variance(y, np.ones(3), 0.5)
    with pytest.raises(TypeError, match="`W` must be a floating array"):
        preactivation_variance(y, np.ones((3, 2), dtype=int), 0.5)
