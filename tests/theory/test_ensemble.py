"""The ensemble of thinned softmax layers (chapter 4): the geometric-mean identity is exact."""

import numpy as np
import pytest

from dropout.theory.ensemble import (
    arithmetic_mean_ensemble,
    enumerate_masks,
    geometric_mean_ensemble,
    mask_probabilities,
    normalised_geometric_mean,
    weight_scaled_prediction,
)


def test_enumerate_masks_lists_every_mask_once():
    masks = enumerate_masks(5)
    assert masks.shape == (32, 5) and masks.dtype == bool
    assert len({m.tobytes() for m in masks}) == 32
    assert enumerate_masks(0).shape == (1, 0)


@pytest.mark.parametrize("p", [0.2, 0.5, 1.0])
def test_mask_probabilities_sum_to_one(p):
    probs = mask_probabilities(enumerate_masks(8), p)
    assert abs(probs.sum() - 1.0) < 1e-12
    assert probs[-1] == pytest.approx(p**8)  # all kept


@pytest.mark.parametrize("seed, n, p", [(0, 10, 0.5), (1, 6, 0.8), (2, 12, 0.3), (3, 1, 0.5)])
def test_geometric_mean_equals_weight_scaling_exactly(seed, n, p):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((4, n))
    W, b = 2 * rng.standard_normal((n, 5)), rng.standard_normal(5)
    geo = geometric_mean_ensemble(x, W, b, p)
    assert np.max(np.abs(geo - weight_scaled_prediction(x, W, b, p))) < 1e-12
    np.testing.assert_allclose(geo.sum(axis=1), 1.0)


def test_arithmetic_mean_differs_but_is_a_distribution():
    rng = np.random.default_rng(4)
    x = rng.standard_normal(10)
    W, b = 2 * rng.standard_normal((10, 3)), np.zeros(3)
    ari = arithmetic_mean_ensemble(x, W, b, 0.5)
    assert ari.shape == (3,) and abs(ari.sum() - 1.0) < 1e-12
    assert np.max(np.abs(ari - weight_scaled_prediction(x, W, b, 0.5))) > 1e-3


def test_arithmetic_mean_matches_monte_carlo():
    rng = np.random.default_rng(5)
    n, p, K = 8, 0.5, 20_000
    x = rng.standard_normal(n)
    W, b = rng.standard_normal((n, 3)), np.zeros(3)
    r = rng.random((K, n)) < p
    logits = (r * x) @ W + b
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    se = probs.std(axis=0) / np.sqrt(K)
    assert np.all(np.abs(probs.mean(axis=0) - arithmetic_mean_ensemble(x, W, b, p)) < 5 * se)


def test_keep_prob_one_is_the_plain_network():
    rng = np.random.default_rng(6)
    x, W, b = rng.standard_normal(4), rng.standard_normal((4, 2)), rng.standard_normal(2)
    np.testing.assert_allclose(geometric_mean_ensemble(x, W, b, 1.0), arithmetic_mean_ensemble(x, W, b, 1.0))


def test_bad_inputs():
    x, W, b = np.ones(3), np.ones((3, 2)), np.zeros(2)
    with pytest.raises(ValueError, match="n=21"):
        enumerate_masks(21)
    with pytest.raises(ValueError, match="n=-1"):
        enumerate_masks(-1)
    with pytest.raises(TypeError, match="`n` must be an int"):
        enumerate_masks(3.0)
    with pytest.raises(TypeError, match="`masks` must be a boolean NumPy array"):
        mask_probabilities(np.ones((2, 2)), 0.5)
    with pytest.raises(ValueError, match="`masks` must be 2-D"):
        mask_probabilities(np.ones(2, dtype=bool), 0.5)
    with pytest.raises(ValueError, match=r"`x` must have shape \(n,\) or \(N, n\)"):
        geometric_mean_ensemble(np.ones(4), W, b, 0.5)
    with pytest.raises(ValueError, match=r"`b` must have shape \(2,\)"):
        arithmetic_mean_ensemble(x, W, np.zeros(3), 0.5)
    with pytest.raises(ValueError, match="keep_prob=2"):
        weight_scaled_prediction(x, W, b, 2)
    with pytest.raises(ValueError, match="`weights` must have shape"):
        normalised_geometric_mean(np.zeros((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match="n=21"):
        geometric_mean_ensemble(np.ones(21), np.ones((21, 2)), b, 0.5)
