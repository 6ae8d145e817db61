"""One hidden ReLU layer (chapter 4): weight scaling only approximates the ensemble."""

import numpy as np
import pytest

from dropout.reference.mlp import MLP
from dropout.theory.hidden_ensemble import hidden_layer_ensemble


def _net(seed, n=4, H=6, C=3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((5, n))
    return x, rng.standard_normal((n, H)), 0.1 * rng.standard_normal(H), rng.standard_normal((H, C)), np.zeros(C)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weight_scaling_is_not_exact(seed):
    res = hidden_layer_ensemble(*_net(seed), 0.8, 0.5)
    for probs in res:
        np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert np.max(np.abs(res.geometric - res.weight_scaled)) > 1e-6
    assert np.max(np.abs(res.arithmetic - res.weight_scaled)) > 1e-6


def test_without_hidden_dropout_and_relu_inactive_it_reduces_to_one_layer():
    # keep_prob 1 everywhere: all three are the plain network
    res = hidden_layer_ensemble(*_net(3), 1.0, 1.0)
    np.testing.assert_allclose(res.geometric, res.weight_scaled, atol=1e-12)
    np.testing.assert_allclose(res.arithmetic, res.weight_scaled, atol=1e-12)


def test_weight_scaled_net_is_the_mlp_test_network():
    x, W1, b1, W2, b2 = _net(4)
    net = MLP([4, 6, 3], keep_prob_input=0.8, keep_prob_hidden=0.5, inverted=False, rng=np.random.default_rng(0))
    net.params.update(W1=W1, b1=b1, W2=W2, b2=b2)
    res = hidden_layer_ensemble(x, W1, b1, W2, b2, 0.8, 0.5)
    np.testing.assert_allclose(res.weight_scaled, net.predict_proba(x), atol=1e-12)


def test_bad_inputs():
    x, W1, b1, W2, b2 = _net(0)
    with pytest.raises(ValueError, match="`W1` must be"):
        hidden_layer_ensemble(x, W1, b1, W2.T, b2, 0.8, 0.5)
    with pytest.raises(ValueError, match="at most 20"):
        hidden_layer_ensemble(np.ones(12), np.ones((12, 10)), np.zeros(10), np.ones((10, 2)), np.zeros(2), 0.8, 0.5)
    with pytest.raises(ValueError, match="keep_prob_hidden=0"):
        hidden_layer_ensemble(x, W1, b1, W2, b2, 0.8, 0)
    with pytest.raises(TypeError, match="`b2` must be a floating array"):
        hidden_layer_ensemble(x, W1, b1, W2, np.zeros(3, dtype=int), 0.8, 0.5)
