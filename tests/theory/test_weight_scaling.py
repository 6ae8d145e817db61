"""Test-time weights: weight scaling and the inverted parameterisation (chapter 4)."""

import numpy as np
import pytest

from dropout.reference.dropout_layer import dropout_forward
from dropout.theory import weight_scaling as ws  # module import: pytest must not collect test_time_weights
from dropout.theory.moments import expected_preactivation


def test_test_time_weights():
    W = np.array([[1.0, -2.0], [4.0, 0.5]])
    np.testing.assert_array_equal(ws.test_time_weights(W, 0.5, inverted=False), 0.5 * W)
    np.testing.assert_array_equal(ws.test_time_weights(W, 0.5), W)  # inverted=True is the default
    out = ws.test_time_weights(W, 0.5, inverted=True)
    np.testing.assert_array_equal(out, W)
    assert out is not W


def test_conversions_are_inverse():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((4, 3))
    np.testing.assert_allclose(
        ws.inverted_to_standard_weights(ws.standard_to_inverted_weights(W, 0.3), 0.3), W, rtol=1e-15
    )


def test_same_expected_preactivation_and_same_test_network():
    rng = np.random.default_rng(1)
    p = 0.8
    y, W, b = rng.standard_normal((6, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3)
    W_inv = ws.standard_to_inverted_weights(W, p)
    # training: same expected pre-activation
    np.testing.assert_allclose(
        expected_preactivation(y, W, b, p, inverted=False), expected_preactivation(y, W_inv, b, p, inverted=True)
    )
    # training: the same mask gives the same pre-activation
    std_out, cache = dropout_forward(y, p, np.random.default_rng(7), inverted=False)
    inv_out, _ = dropout_forward(y, p, np.random.default_rng(7), inverted=True)
    np.testing.assert_allclose(std_out @ W + b, inv_out @ W_inv + b)
    # test time: the same network
    np.testing.assert_allclose(
        y @ ws.test_time_weights(W, p, inverted=False) + b, y @ ws.test_time_weights(W_inv, p, inverted=True) + b
    )
    # and weight scaling is what dropout_forward(training=False, inverted=False) does to the activations
    scaled, _ = dropout_forward(y, p, rng, training=False, inverted=False)
    np.testing.assert_allclose(scaled @ W, y @ ws.test_time_weights(W, p, inverted=False))


def test_bad_inputs():
    with pytest.raises(TypeError, match="`W` must be a NumPy array"):
        ws.test_time_weights([[1.0]], 0.5)
    with pytest.raises(ValueError, match="keep_prob=1.5"):
        ws.standard_to_inverted_weights(np.ones(2), 1.5)
    with pytest.raises(ValueError, match="keep_prob=0.0"):
        ws.inverted_to_standard_weights(np.ones(2), 0.0)
