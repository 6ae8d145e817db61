"""Whole-network parity, in the style of micrograd's tests: the same computation in two frameworks.

The NumPy reference network (:class:`dropout.reference.MLP`) and the Keras model of
:func:`dropout.tensorflow.build_mlp`, given the same weights and the same dropout
masks, must give the same logits, the same cross-entropy and the same gradients for
every weight and bias, in both the inverted and the standard form of dropout.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from dropout.reference import MLP
from dropout.tensorflow import build_mlp

SIZES = [6, 5, 4, 3]
DROPOUT = ["dropout_input", "dropout_1", "dropout_2"]
DENSE = ["dense_1", "dense_2", "output"]


def _twins(inverted):
    rng = np.random.default_rng(0)
    net = MLP(SIZES, keep_prob_input=0.8, keep_prob_hidden=0.5, inverted=inverted, rng=rng, dtype=np.float32)
    for l in range(1, len(SIZES)):  # biases off zero, so that they matter and no ReLU sits on its kink
        net.params[f"b{l}"][:] = 0.1 * rng.standard_normal(SIZES[l]).astype(np.float32)
    model = build_mlp(tuple(SIZES[1:-1]), rate_input=0.2, rate_hidden=0.5, input_dim=SIZES[0],
                      num_classes=SIZES[-1], dropout_layer="bernoulli", inverted=inverted, seed=0)
    for l, name in enumerate(DENSE, start=1):
        model.get_layer(name).set_weights([net.params[f"W{l}"], net.params[f"b{l}"]])
    return net, model


def _keras_logits(model, x, masks=None):
    """The model's forward pass, by hand, with given masks (None: inference); the logits before the softmax."""
    h = tf.constant(x)
    for drop_name, dense_name, mask in zip(DROPOUT, DENSE, masks or [None] * len(DROPOUT)):
        if mask is None:
            h = model.get_layer(drop_name)(h, training=False)
        else:
            h = model.get_layer(drop_name)(h, training=True, dropout_mask=mask)
        layer = model.get_layer(dense_name)
        z = tf.matmul(h, layer.kernel) + layer.bias
        h = tf.nn.relu(z) if dense_name != "output" else z
    return h


@pytest.mark.parametrize("inverted", [True, False], ids=["inverted", "standard"])
def test_numpy_mlp_and_keras_model_give_the_same_logits_loss_and_gradients(inverted):
    net, model = _twins(inverted)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((8, SIZES[0])).astype(np.float32)
    y = rng.integers(0, SIZES[-1], size=8)
    masks = net.sample_masks(8, np.random.default_rng(2))
    assert all(m.any() and not m.all() for m in masks)  # the masks really thin the network

    logits_np, _ = net.forward(x, training=True, masks=masks)
    loss_np, grads_np = net.loss_and_grads(x, y, masks=masks)

    variables = [v for name in DENSE for v in (model.get_layer(name).kernel, model.get_layer(name).bias)]
    with tf.GradientTape() as tape:
        logits_tf = _keras_logits(model, x, masks)
        loss_tf = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant(y), logits_tf))
    grads_tf = tape.gradient(loss_tf, variables)

    np.testing.assert_allclose(logits_tf.numpy(), logits_np, rtol=1e-5, atol=1e-6)
    assert float(loss_tf) == pytest.approx(loss_np, rel=1e-5)
    names = [f"{kind}{l}" for l in range(1, len(SIZES)) for kind in ("W", "b")]
    for name, g_tf in zip(names, grads_tf):
        np.testing.assert_allclose(g_tf.numpy(), grads_np[name], rtol=1e-4, atol=1e-6, err_msg=name)


def test_the_hidden_layers_of_the_keras_model_are_relu_and_the_output_a_softmax():
    _, model = _twins(True)
    assert all(model.get_layer(n).activation is keras.activations.relu for n in DENSE[:-1])
    x = np.random.default_rng(3).standard_normal((4, SIZES[0])).astype(np.float32)
    probs = model(x, training=False).numpy()
    np.testing.assert_allclose(probs, tf.nn.softmax(_keras_logits(model, x)).numpy(), rtol=1e-5, atol=1e-7)
