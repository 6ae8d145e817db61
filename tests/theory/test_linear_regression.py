"""Dropout on the inputs of linear regression (chapter 4): closed forms against sampled masks."""

import numpy as np
import pytest

from dropout.theory.linear_regression import (
    dropout_regression_weights,
    equivalent_ridge_weights,
    expected_dropout_loss,
    monte_carlo_regression_weights,
    sampled_dropout_losses,
)


def _data(seed=0, N=40, D=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D)) * np.array([1.0, 3.0, 0.5, 2.0])[:D]
    y = X @ rng.standard_normal(D) + 0.3 * rng.standard_normal(N)
    return X, y, rng.standard_normal(D)


@pytest.mark.parametrize("p", [0.5, 0.8])
def test_expected_loss_matches_monte_carlo(p):
    X, y, w = _data()
    losses = sampled_dropout_losses(X, y, w, p, 20_000, np.random.default_rng(1))
    se = losses.std() / np.sqrt(losses.size)
    assert abs(losses.mean() - expected_dropout_loss(X, y, w, p)) < 5 * se


def test_keep_prob_one_is_least_squares():
    X, y, w = _data()
    assert expected_dropout_loss(X, y, w, 1.0) == pytest.approx(np.sum((y - X @ w) ** 2))
    np.testing.assert_allclose(dropout_regression_weights(X, y, 1.0), np.linalg.lstsq(X, y, rcond=None)[0])


@pytest.mark.parametrize("p", [0.3, 0.5, 0.9])
def test_minimiser_is_a_stationary_point_and_ridge(p):
    X, y, _ = _data(2)
    w = dropout_regression_weights(X, y, p)
    np.testing.assert_allclose(p * w, equivalent_ridge_weights(X, y, p), rtol=1e-10)
    # the closed-form loss is convex quadratic: any step away increases it
    base = expected_dropout_loss(X, y, w, p)
    for d in np.eye(X.shape[1]):
        assert expected_dropout_loss(X, y, w + 1e-3 * d, p) > base
        assert expected_dropout_loss(X, y, w - 1e-3 * d, p) > base


def test_monte_carlo_minimiser_converges_to_closed_form():
    X, y, _ = _data(3)
    p = 0.7
    w = dropout_regression_weights(X, y, p)
    w_mc = monte_carlo_regression_weights(X, y, p, 20_000, np.random.default_rng(4))
    assert np.max(np.abs(w_mc - w)) < 0.02 * np.max(np.abs(w))


def test_ridge_penalty_shrinks_weights():
    X, y, _ = _data(5)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.linalg.norm(equivalent_ridge_weights(X, y, 0.5)) < np.linalg.norm(w_ls)


def test_bad_inputs():
    X, y, w = _data()
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"`y` must have shape \(40,\)"):
        expected_dropout_loss(X, y[:-1], w, 0.5)
    with pytest.raises(ValueError, match=r"`w` must have shape \(4,\)"):
        expected_dropout_loss(X, y, np.ones(3), 0.5)
    with pytest.raises(ValueError, match="`X` must be 2-D"):
        dropout_regression_weights(np.ones(3), np.ones(3), 0.5)
    with pytest.raises(ValueError, match="n_masks=0"):
        sampled_dropout_losses(X, y, w, 0.5, 0, rng)
    with pytest.raises(TypeError, match="`n_masks` must be a positive int"):
        monte_carlo_regression_weights(X, y, 0.5, 10.0, rng)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        monte_carlo_regression_weights(X, y, 0.5, 10, 0)
    with pytest.raises(ValueError, match="keep_prob=0"):
        equivalent_ridge_weights(X, y, 0)
    with pytest.raises(TypeError, match="`X` must be a floating array"):
        expected_dropout_loss(X.astype(int), y, w, 0.5)
