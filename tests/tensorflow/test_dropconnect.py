"""DropConnectDense: Dense at inference, the NumPy reference in training, masks, seeds, saving, fit."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from dropout.reference.dropconnect import dropconnect_backward, dropconnect_forward
from dropout.tensorflow.dropconnect import DropConnectDense


def as_np(t):
    return np.asarray(t)


def built(units=3, rate=0.5, input_dim=5, **kwargs):
    layer = DropConnectDense(units, rate, bias_initializer="random_normal", **kwargs)
    layer.build((None, input_dim))
    return layer


# --- inference ----------------------------------------------------------------


@pytest.mark.parametrize("activation", [None, "relu"])
def test_inference_equals_dense_with_the_same_weights(activation):
    x = np.random.default_rng(0).standard_normal((6, 5)).astype(np.float32)
    layer = built(activation=activation, seed=0)
    dense = keras.layers.Dense(3, activation=activation)
    dense.build((None, 5))
    dense.set_weights(layer.get_weights())
    np.testing.assert_array_equal(as_np(layer(x)), as_np(dense(x)))
    np.testing.assert_array_equal(as_np(layer(x, training=False)), as_np(dense(x)))


@pytest.mark.parametrize("training", [True, False])
def test_rate_zero_is_dense_in_both_modes(training):
    x = np.random.default_rng(1).standard_normal((4, 5)).astype(np.float32)
    layer = built(rate=0.0)
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(as_np(layer(x, training=training)), x @ kernel + bias, rtol=1e-6, atol=1e-6)


# --- training: the same mask as the NumPy reference -----------------------------


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_training_matches_the_numpy_reference_outputs_and_gradients(rate):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((8, 5)).astype(np.float32)
    dout = rng.standard_normal((8, 3)).astype(np.float32)
    layer = built(rate=rate, seed=0)
    kernel, bias = layer.get_weights()
    out_ref, cache = dropconnect_forward(x, kernel, bias, 1.0 - rate, rng)
    dx_ref, dW_ref, db_ref = dropconnect_backward(dout, cache)

    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = layer(xt, training=True, kernel_mask=cache.mask)
    dx, dW, db = tape.gradient(out, [xt, layer.kernel, layer.bias], output_gradients=tf.constant(dout))

    np.testing.assert_allclose(as_np(out), out_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_np(dx), dx_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_np(dW), dW_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(as_np(db), db_ref, rtol=1e-5, atol=1e-6)
    assert np.all(as_np(dW)[~cache.mask] == 0)


def test_kernel_mask_accepts_zero_one_floats_and_is_ignored_at_inference():
    x = np.ones((2, 5), dtype=np.float32)
    layer = built(rate=0.5)
    kernel, bias = layer.get_weights()
    mask = (np.random.default_rng(3).random(kernel.shape) < 0.5).astype(np.float32)
    out = as_np(layer(x, training=True, kernel_mask=mask))
    np.testing.assert_allclose(out, x @ (kernel * mask / np.float32(0.5)) + bias, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(as_np(layer(x, kernel_mask=mask)), as_np(layer(x)))


# --- the masks it draws ---------------------------------------------------------


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_kept_fraction_of_the_kernel_mask_is_one_minus_rate(rate):
    layer = built(units=200, rate=rate, input_dim=300, seed=4)
    mask = as_np(layer.sample_kernel_mask())
    assert mask.dtype == bool and mask.shape == (300, 200)
    p = 1.0 - rate
    assert abs(mask.mean() - p) < 5 * np.sqrt(p * (1 - p) / mask.size)


def test_training_output_uses_one_mask_for_the_batch_and_a_new_one_per_call():
    layer = built(units=20, rate=0.5, input_dim=30, seed=5)
    x = np.ones((4, 30), dtype=np.float32)
    a, b = as_np(layer(x, training=True)), as_np(layer(x, training=True))
    np.testing.assert_array_equal(a, np.broadcast_to(a[0], a.shape))
    assert not np.array_equal(a, b)


def test_seeded_layers_repeat_their_masks_and_outputs():
    x = np.random.default_rng(6).standard_normal((3, 6)).astype(np.float32)
    one, two = built(4, 0.5, 6, seed=9), built(4, 0.5, 6, seed=9)
    two.set_weights(one.get_weights())
    np.testing.assert_array_equal(as_np(one.sample_kernel_mask()), as_np(two.sample_kernel_mask()))
    np.testing.assert_array_equal(as_np(one(x, training=True)), as_np(two(x, training=True)))
    other = built(4, 0.5, 6, seed=10)
    assert not np.array_equal(as_np(other.sample_kernel_mask()), as_np(one.sample_kernel_mask()))


# --- saving and training ----------------------------------------------------------


def test_get_config_round_trip():
    layer = DropConnectDense(
        4, 0.3, activation="relu", use_bias=False, kernel_initializer="he_normal", seed=7, name="dc"
    )
    config = layer.get_config()
    assert (config["units"], config["rate"], config["use_bias"], config["seed"]) == (4, 0.3, False, 7)
    clone = DropConnectDense.from_config(config)
    assert clone.get_config() == config and clone.name == "dc"


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
def test_model_saves_and_loads_with_identical_inference_outputs(tmp_path):
    model = keras.Sequential(
        [keras.Input((8,)), DropConnectDense(6, 0.5, activation="relu", seed=1), DropConnectDense(3, 0.2)]
    )
    x = np.random.default_rng(7).standard_normal((5, 8)).astype(np.float32)
    before = model.predict(x, verbose=0)
    path = tmp_path / "dc.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)  # no custom_objects: the layer is registered
    assert isinstance(loaded.layers[0], DropConnectDense) and loaded.layers[0].rate == 0.5
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), before)


def test_trains_inside_fit(tiny_data):
    x, y = tiny_data
    model = keras.Sequential(
        [keras.Input((8,)), DropConnectDense(16, 0.5, activation="relu", seed=0), keras.layers.Dense(3)]
    )
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    kernel_before = model.layers[0].get_weights()[0]
    history = model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert not np.array_equal(model.layers[0].get_weights()[0], kernel_before)


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize("units, error", [(0, ValueError), (-2, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_units_are_refused(units, error):
    with pytest.raises(error, match="`units` must be a positive int"):
        DropConnectDense(units, 0.5)


@pytest.mark.parametrize("rate", [1.0, -0.1, float("nan")])
def test_rate_outside_range_is_refused(rate):
    with pytest.raises(ValueError, match="`rate`"):
        DropConnectDense(3, rate)


@pytest.mark.parametrize("rate", ["0.5", None])
def test_rate_not_a_number_is_refused(rate):
    with pytest.raises(TypeError, match="`rate` must be a real number"):
        DropConnectDense(3, rate)


def test_bad_seed_and_kernel_mask_are_refused():
    with pytest.raises(TypeError, match=r"`seed` must be None or a non-negative int, got 0.5 of type float"):
        DropConnectDense(3, 0.5, seed=0.5)
    with pytest.raises(ValueError, match=r"`seed` must be None or a non-negative int, got seed=-1"):
        DropConnectDense(3, 0.5, seed=-1)
    layer = built()
    with pytest.raises(ValueError, match=r"`kernel_mask` must have the kernel's shape .*\(5, 3\).*\(3, 5\)"):
        layer(np.ones((2, 5), np.float32), training=True, kernel_mask=np.ones((3, 5), bool))
