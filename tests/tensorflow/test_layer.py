"""BernoulliDropout: statistics, modes, the NumPy reference, Keras' Dropout, saving, bad input."""

import re

import keras
import numpy as np
import pytest
import tensorflow as tf

from dropout.reference.dropout_layer import DropoutCache, dropout_backward, dropout_forward
from dropout.tensorflow import BernoulliDropout, build_mlp, dropout_with_mask


def as_np(t):
    return np.asarray(t)


# --- behaviour -------------------------------------------------------------


def test_inverted_training_keeps_the_mean_and_survivors_are_exactly_two():
    x = np.ones((20, 500), dtype=np.float32)
    out = as_np(BernoulliDropout(0.5, seed=0)(x, training=True))
    assert abs(out.mean() - 1.0) < 0.02
    assert set(np.unique(out).tolist()) == {0.0, 2.0}


def test_inverted_inference_is_the_identity():
    x = np.random.default_rng(1).standard_normal((20, 50)).astype(np.float32)
    layer = BernoulliDropout(0.5, seed=0)
    np.testing.assert_array_equal(as_np(layer(x)), x)
    np.testing.assert_array_equal(as_np(layer(x, training=False)), x)


@pytest.mark.parametrize("inverted", [True, False])
@pytest.mark.parametrize("training", [True, False])
def test_rate_zero_is_the_identity(inverted, training):
    x = np.random.default_rng(2).standard_normal((10, 30)).astype(np.float32)
    out = BernoulliDropout(0.0, inverted=inverted, seed=0)(x, training=training)
    np.testing.assert_array_equal(as_np(out), x)


def test_standard_mode_training_zero_or_one_and_inference_scales_by_p():
    x = np.ones((20, 500), dtype=np.float32)
    layer = BernoulliDropout(0.5, inverted=False, seed=0)
    out = as_np(layer(x, training=True))
    assert set(np.unique(out).tolist()) == {0.0, 1.0}
    assert abs(out.mean() - 0.5) < 0.02
    np.testing.assert_array_equal(as_np(layer(x)), 0.5 * x)
    assert layer.keep_prob == 0.5


def test_masks_differ_across_calls_and_rows_and_seed_repeats_them():
    x = np.ones((4, 200), dtype=np.float32)
    layer = BernoulliDropout(0.5, seed=3)
    a, b = as_np(layer(x, training=True)), as_np(layer(x, training=True))
    assert not np.array_equal(a, b)
    assert not np.array_equal(a[0], a[1])
    again = BernoulliDropout(0.5, seed=3)
    np.testing.assert_array_equal(as_np(again(x, training=True)), a)


def test_noise_shape_shares_the_mask_along_axes_with_size_one():
    x = np.ones((3, 5, 40), dtype=np.float32)
    out = as_np(BernoulliDropout(0.5, seed=0, noise_shape=(None, 1, 40))(x, training=True))
    assert (out == out[:, :1, :]).all()
    assert 0.0 < (out == 0).mean() < 1.0


def test_works_inside_tf_function_with_unknown_batch():
    layer = BernoulliDropout(0.5, seed=0, noise_shape=(None, 1))
    f = tf.function(
        lambda t: layer(t, training=True),
        input_signature=[tf.TensorSpec((None, 6), tf.float32)],
    )
    out = as_np(f(tf.ones((50, 6))))
    assert out.shape == (50, 6)
    assert (out == out[:, :1]).all() and set(np.unique(out).tolist()) == {0.0, 2.0}


# --- same mask: the NumPy reference and the layer --------------------------


@pytest.mark.parametrize("inverted", [True, False])
@pytest.mark.parametrize("rate", [0.2, 0.5, 0.7])
def test_reference_and_layer_agree_on_outputs_and_gradients(rate, inverted):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((16, 33)).astype(np.float32)
    dout = rng.standard_normal(x.shape).astype(np.float32)
    keep_prob = 1.0 - rate
    out_ref, cache = dropout_forward(x, keep_prob, rng, training=True, inverted=inverted)
    dx_ref = dropout_backward(dout, cache)

    layer = BernoulliDropout(rate, inverted=inverted, seed=0)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = layer(xt, training=True, dropout_mask=cache.mask)
    dx = tape.gradient(out, xt, output_gradients=tf.constant(dout))

    np.testing.assert_allclose(as_np(out), out_ref, rtol=1e-6, atol=0)
    np.testing.assert_allclose(as_np(dx), dx_ref, rtol=1e-6, atol=0)
    assert as_np(out).dtype == np.float32


@pytest.mark.parametrize("inverted", [True, False])
def test_reference_and_layer_agree_at_inference(inverted):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((8, 10)).astype(np.float32)
    dout = rng.standard_normal(x.shape).astype(np.float32)
    out_ref, cache = dropout_forward(x, 0.8, rng, training=False, inverted=inverted)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = BernoulliDropout(0.2, inverted=inverted)(xt, training=False)
    dx = tape.gradient(out, xt, output_gradients=tf.constant(dout))
    np.testing.assert_allclose(as_np(out), out_ref, rtol=1e-6)
    np.testing.assert_allclose(as_np(dx), dropout_backward(dout, cache), rtol=1e-6)


def test_dropout_with_mask_accepts_zero_one_floats():
    x = np.arange(1, 7, dtype=np.float32).reshape(2, 3)
    r = np.array([[1, 0, 1], [0, 1, 1]], dtype=np.float32)
    ref, _ = dropout_forward(x, 0.75, np.random.default_rng(0))  # only for dtype and formula
    out = as_np(dropout_with_mask(x, r, 0.25))
    np.testing.assert_allclose(out, x * r / np.float32(0.75), rtol=1e-7)
    assert out.dtype == ref.dtype
    cache = DropoutCache(r.astype(bool), 0.75, True, True, x.shape)
    np.testing.assert_allclose(out, x * cache.mask / np.float32(0.75))


# --- same statistics as keras.layers.Dropout -------------------------------


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_same_statistics_as_keras_dropout(rate):
    x = np.ones((200, 500), dtype=np.float32)
    ours = as_np(BernoulliDropout(rate, seed=1)(x, training=True))
    theirs = as_np(keras.layers.Dropout(rate, seed=1)(x, training=True))
    p = 1.0 - rate
    for out in (ours, theirs):
        kept = out != 0
        assert abs(kept.mean() - p) < 0.01
        assert abs(out.mean() - 1.0) < 0.03
        np.testing.assert_allclose(out[kept], 1.0 / p, rtol=1e-6)
    assert abs((ours != 0).mean() - (theirs != 0).mean()) < 0.01


# --- saving ----------------------------------------------------------------


def test_get_config_round_trip():
    layer = BernoulliDropout(0.3, inverted=False, seed=7, noise_shape=(None, 1), name="d")
    config = layer.get_config()
    assert config["rate"] == 0.3 and config["inverted"] is False and config["seed"] == 7
    clone = BernoulliDropout.from_config(config)
    assert (clone.rate, clone.inverted, clone.seed, clone.noise_shape, clone.name) == (
        0.3,
        False,
        7,
        (None, 1),
        "d",
    )


# Keras' own saving code converts variables with np.array(), which TensorFlow's
# variables answer with a NumPy 2 DeprecationWarning; it is not ours to fix.
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
@pytest.mark.parametrize("inverted", [True, False])
def test_model_saves_and_loads_with_same_predictions(tmp_path, inverted):
    model = build_mlp((16,), input_dim=8, num_classes=3, dropout_layer="bernoulli", inverted=inverted)
    x = np.random.default_rng(0).standard_normal((5, 8)).astype(np.float32)
    before = model.predict(x, verbose=0)
    path = tmp_path / "mlp.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)  # no custom_objects: the layer is registered
    assert isinstance(loaded.get_layer("dropout_1"), BernoulliDropout)
    assert loaded.get_layer("dropout_1").inverted is inverted
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), before)


# --- bad input -------------------------------------------------------------


def test_bad_rate_is_refused(bad_keep_prob):  # the shared table of tests/conftest.py
    # a rate, like a keep_prob, must be a real number in [0, 1]
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match("rate")):
        BernoulliDropout(bad_keep_prob.value)
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match("rate")):
        dropout_with_mask(np.ones((2, 2), "float32"), np.ones((2, 2), bool), bad_keep_prob.value)


@pytest.mark.parametrize(
    "noise_shape, error, keras_refuses",
    [
        ("Invalid", TypeError, True),
        (3, TypeError, True),
        ((20, 1.5, 10), TypeError, True),
        ((20, -1, 10), ValueError, True),
        ((20, 0, 10), ValueError, True),
        ((20, True, 10), TypeError, False),  # keras.layers.Dropout lets a bool through; we do not
    ],
)
def test_bad_noise_shape_is_refused_at_construction(noise_shape, error, keras_refuses):
    with pytest.raises(error, match=rf"`noise_shape`.*got noise_shape={re.escape(repr(noise_shape))}"):
        BernoulliDropout(0.5, noise_shape=noise_shape)
    if keras_refuses:  # at construction too (with a ValueError for every kind)
        with pytest.raises(ValueError, match="noise_shape"):
            keras.layers.Dropout(0.5, noise_shape=noise_shape)


def test_noise_shape_of_another_rank_or_size_is_refused_at_call():
    x = np.ones((4, 6), dtype=np.float32)
    with pytest.raises(ValueError, match=r"`noise_shape` must have the rank of the input, 2"):
        BernoulliDropout(0.5, noise_shape=(None, 1, 6))(x, training=True)
    with pytest.raises(ValueError, match=r"`noise_shape`.*entry 1 is 3; .*1 or 6"):
        BernoulliDropout(0.5, noise_shape=(None, 3))(x, training=True)


def test_mask_of_another_shape_is_refused():
    x = np.ones((4, 6), dtype=np.float32)
    with pytest.raises(ValueError, match=r"`dropout_mask`.*\(4, 6\).*\(4, 5\)"):
        BernoulliDropout(0.5)(x, training=True, dropout_mask=np.ones((4, 5), bool))
    with pytest.raises(ValueError, match="`dropout_mask`"):
        dropout_with_mask(x, np.ones((6,), bool), 0.5)
    with pytest.raises(ValueError, match="`rate`"):
        dropout_with_mask(x, np.ones((4, 6), bool), 1.5)


# --- a subclass with its own build(): built like keras.layers.Dropout's ----------------


def scaled_dropout(base):
    """The same subclass of ``base``: dropout followed by a learned per-feature scale."""

    class ScaledDropout(base):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

        def call(self, inputs, training=False):
            return super().call(inputs, training=training) * self.scale

    return ScaledDropout


def test_a_subclass_build_is_called_as_for_keras_dropout():
    x = np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32)
    assert BernoulliDropout(0.5).built and keras.layers.Dropout(0.5).built  # nothing to build
    results = {}
    for base in (BernoulliDropout, keras.layers.Dropout):
        layer = scaled_dropout(base)(0.5, seed=0)
        assert not layer.built
        out = as_np(layer(x))  # inference: x * scale, with scale = 1
        assert layer.built
        results[base] = (out, [tuple(w.shape) for w in layer.trainable_weights])
    ours, theirs = results[BernoulliDropout], results[keras.layers.Dropout]
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_array_equal(ours[0], x)
    assert ours[1] == theirs[1] == [(5,)]


# --- inf and NaN: a dropped unit is exactly 0, as in keras.layers.Dropout -----------------

NON_FINITE = np.tile(np.array([np.inf, -np.inf, np.nan, 2.0], dtype=np.float32), (100, 10))


@pytest.mark.parametrize("inverted", [True, False])
def test_dropped_inf_and_nan_units_are_exactly_zero_and_match_the_reference(inverted):
    x = NON_FINITE
    out_ref, cache = dropout_forward(x, 0.5, np.random.default_rng(0), inverted=inverted)
    dout = np.flip(x, axis=1).copy()  # inf and NaN upstream gradients too
    dx_ref = dropout_backward(dout, cache)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = BernoulliDropout(0.5, inverted=inverted)(xt, training=True, dropout_mask=cache.mask)
    dx = as_np(tape.gradient(out, xt, output_gradients=tf.constant(dout)))
    out = as_np(out)
    assert np.all(out[~cache.mask] == 0) and np.all(dx[~cache.mask] == 0)
    np.testing.assert_array_equal(out, out_ref)  # kept: x / p (or x), a kept NaN stays NaN
    np.testing.assert_array_equal(dx, dx_ref)


def test_random_masks_give_zero_not_nan_for_dropped_inf_like_keras():
    for layer in (BernoulliDropout(0.5, seed=1), keras.layers.Dropout(0.5, seed=1)):
        out = as_np(layer(NON_FINITE, training=True))
        dropped = out == 0
        assert 0.4 < dropped.mean() < 0.6
        kept = ~dropped
        np.testing.assert_array_equal(out[kept], NON_FINITE[kept] / np.float32(0.5))


# --- rate = 1: every unit dropped, as keras.layers.Dropout(1.0) ------------------------


@pytest.mark.parametrize("inverted", [True, False])
def test_rate_one_gives_zeros_in_training_and_zero_gradients(inverted):
    x = np.concatenate([np.random.default_rng(1).standard_normal((4, 40)).astype(np.float32), NON_FINITE[:2]])
    layer = BernoulliDropout(1.0, inverted=inverted, seed=0)
    assert layer.keep_prob == 0.0
    xt = tf.constant(x)
    for mask in (None, np.zeros(x.shape, dtype=bool)):
        with tf.GradientTape() as tape:
            tape.watch(xt)
            out = layer(xt, training=True, dropout_mask=mask)
        dx = tape.gradient(out, xt, output_gradients=tf.ones_like(xt))
        np.testing.assert_array_equal(as_np(out), np.zeros_like(x))
        np.testing.assert_array_equal(as_np(dx), np.zeros_like(x))
    np.testing.assert_array_equal(as_np(keras.layers.Dropout(1.0)(x, training=True)), np.zeros_like(x))
    # the NumPy reference with keep_prob = 0 agrees
    np.testing.assert_array_equal(dropout_forward(x, 0.0, None, inverted=inverted)[0], np.zeros_like(x))


def test_rate_one_at_inference_is_identity_inverted_and_zero_standard():
    x = np.concatenate([np.random.default_rng(2).standard_normal((4, 40)).astype(np.float32), NON_FINITE[:2]])
    np.testing.assert_array_equal(as_np(BernoulliDropout(1.0)(x)), x)
    np.testing.assert_array_equal(as_np(keras.layers.Dropout(1.0)(x)), x)
    np.testing.assert_array_equal(as_np(BernoulliDropout(1.0, inverted=False)(x)), np.zeros_like(x))
    for inverted in (True, False):
        ref, _ = dropout_forward(x, 0.0, None, training=False, inverted=inverted)
        np.testing.assert_array_equal(as_np(BernoulliDropout(1.0, inverted=inverted)(x)), ref)


def test_rate_one_round_trips_through_get_config():
    clone = BernoulliDropout.from_config(BernoulliDropout(1.0, noise_shape=[None, 1]).get_config())
    assert clone.rate == 1.0 and clone.noise_shape == (None, 1)
