"""The fused updates follow Keras's Adam and SGD to float32 rounding, step after step."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from dropout.tensorflow.fused_updates import FusedAdam, FusedMomentum


def run_both(make_keras, make_fused, steps=25):
    rng = np.random.default_rng(0)
    shapes = [(3, 7, 5), (3, 5)]
    init = [rng.standard_normal(s).astype("float32") for s in shapes]
    ours = [tf.Variable(a) for a in init]
    theirs = [keras.Variable(a) for a in init]
    fused, reference = make_fused(ours), make_keras()
    reference.build(theirs)
    for _ in range(steps):
        grads = [tf.constant(rng.standard_normal(s).astype("float32")) for s in shapes]
        fused.apply(grads)
        reference.apply_gradients(zip(grads, theirs))
    return [v.numpy() for v in ours], [v.numpy() for v in theirs], init


@pytest.mark.parametrize("lr", [1e-3, 0.1])
def test_fused_adam_follows_keras_adam(lr):
    ours, theirs, init = run_both(lambda: keras.optimizers.Adam(lr), lambda v: FusedAdam(v, lr))
    for a, b, start in zip(ours, theirs, init):
        assert not np.allclose(a, start)  # it moved
        # rounding differences grow with the step size: a few ulps of lr per step
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=2e-4 * lr)


@pytest.mark.parametrize("momentum", [0.0, 0.9, 0.99])
def test_fused_momentum_follows_keras_sgd(momentum):
    ours, theirs, init = run_both(lambda: keras.optimizers.SGD(0.05, momentum=momentum),
                                  lambda v: FusedMomentum(v, 0.05, momentum))
    for a, b, start in zip(ours, theirs, init):
        assert not np.allclose(a, start)
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_adam_counts_its_steps_and_a_zero_gradient_leaves_fresh_weights_alone():
    w = tf.Variable(np.ones((2, 2), "float32"))
    opt = FusedAdam([w], 0.1)
    opt.apply([tf.zeros((2, 2))])
    assert int(opt.iterations.numpy()) == 1
    np.testing.assert_array_equal(w.numpy(), 1.0)
