"""Tests of dropout.uncertainty: spread, predictive entropy, AUROC."""

import math

import numpy as np
import pytest

from dropout.uncertainty import auroc, predictive_entropy, predictive_spread


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ------------------------------------------------------------------ predictive_spread
def test_spread_is_std_of_the_predicted_class():
    rng = np.random.default_rng(0)
    samples = _softmax(rng.standard_normal((30, 8, 4)))  # (k, N, C)
    s = predictive_spread(samples)
    c_hat = samples.mean(axis=0).argmax(axis=1)
    for n in range(8):
        column = samples[:, n, c_hat[n]]
        assert s[n] == pytest.approx(math.sqrt(np.mean((column - column.mean()) ** 2)))  # 1/k, eq-ch08-spread


def test_spread_is_zero_when_passes_agree_and_below_its_ceiling():
    p = _softmax(np.random.default_rng(1).standard_normal((5, 3)))
    assert np.array_equal(predictive_spread(np.stack([p] * 4)), np.zeros(5))
    samples = _softmax(np.random.default_rng(2).standard_normal((50, 20, 3)) * 3)
    p_bar = samples.mean(axis=0).max(axis=1)
    assert np.all(predictive_spread(samples) <= np.sqrt(p_bar * (1 - p_bar)) + 1e-12)


def test_spread_rejects_bad_input():
    with pytest.raises(TypeError, match="floating NumPy array"):
        predictive_spread([[[0.5, 0.5]]])
    with pytest.raises(ValueError, match="3 dimensions"):
        predictive_spread(np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        predictive_spread(np.full((1, 1, 2), 1.5))
    with pytest.raises(ValueError, match="must not be empty"):
        predictive_spread(np.zeros((0, 1, 2)))


# ------------------------------------------------------------------ predictive_entropy
def test_entropy_known_values():
    h = predictive_entropy(np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]]))
    np.testing.assert_allclose(h, [0.0, math.log(3), math.log(2)])
    assert not np.signbit(h[0])  # exactly +0.0, not -0.0


def test_entropy_bounds_on_random_distributions():
    p = _softmax(np.random.default_rng(3).standard_normal((100, 10)))
    h = predictive_entropy(p)
    assert h.shape == (100,) and np.all(h > 0) and np.all(h <= math.log(10) + 1e-12)


def test_entropy_rejects_bad_input():
    with pytest.raises(TypeError, match="floating NumPy array"):
        predictive_entropy(np.array([[1, 0]]))
    with pytest.raises(ValueError, match="2 dimensions"):
        predictive_entropy(np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        predictive_entropy(np.array([[np.nan, 0.5]]))


# ------------------------------------------------------------------ auroc
def _auroc_pairs(score, positive):
    pos, neg = score[positive][:, None], score[~positive][None, :]
    return float(np.mean(pos > neg) + 0.5 * np.mean(pos == neg))


def test_auroc_extremes_and_ties():
    positive = np.array([True, True, False, False])
    assert auroc(np.array([3.0, 4.0, 1.0, 2.0]), positive) == 1.0
    assert auroc(np.array([1.0, 2.0, 3.0, 4.0]), positive) == 0.0
    assert auroc(np.ones(4), positive) == 0.5  # all tied: no information


def test_auroc_equals_the_pairwise_mann_whitney_statistic():
    rng = np.random.default_rng(4)
    score = np.round(rng.standard_normal(300), 1)  # many ties
    positive = rng.random(300) < 0.2
    assert auroc(score, positive) == pytest.approx(_auroc_pairs(score, positive), abs=1e-12)
    assert auroc(-score, positive) == pytest.approx(1 - auroc(score, positive), abs=1e-12)


def test_auroc_rejects_bad_input():
    with pytest.raises(TypeError, match="boolean array"):
        auroc(np.array([0.1, 0.2]), np.array([1, 0]))
    with pytest.raises(ValueError, match="both classes"):
        auroc(np.array([0.1, 0.2]), np.array([True, True]))
    with pytest.raises(ValueError, match="same length"):
        auroc(np.array([0.1, 0.2, 0.3]), np.array([True, False]))
    with pytest.raises(ValueError, match="finite"):
        auroc(np.array([np.nan, 0.2]), np.array([True, False]))
    with pytest.raises(TypeError, match="numeric"):
        auroc(np.array(["a", "b"], dtype=object), np.array([True, False]))
