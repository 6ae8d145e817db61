"""GaussianDropout: Keras' GaussianDropout semantics, the NumPy reference, seeds, saving, build, bad input."""

import math

import keras
import numpy as np
import pytest

from dropout.reference.gaussian_dropout import gaussian_dropout_forward
from dropout.tensorflow.gaussian_dropout import GaussianDropout

N = 200 * 500  # entries in the statistical tests


def as_np(t):
    return np.asarray(t)


# --- the same noise distribution as keras.layers.GaussianDropout -----------


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_same_statistics_as_keras_gaussian_dropout_and_the_numpy_reference(rate):
    # For ones the output is the noise e ~ N(1, s^2), s = sqrt(rate / (1 - rate)).
    # With n samples the sample mean has sd s / sqrt(n) and the sample sd has
    # sd about s / sqrt(2 n) (normal data); allow five of each.
    x = np.ones((200, 500), dtype=np.float32)
    s = math.sqrt(rate / (1.0 - rate))
    ours = as_np(GaussianDropout(rate, seed=1)(x, training=True)).astype(np.float64)
    theirs = as_np(keras.layers.GaussianDropout(rate, seed=2)(x, training=True)).astype(np.float64)
    reference, _ = gaussian_dropout_forward(x.astype(np.float64), 1.0 - rate, np.random.default_rng(1))
    for out in (ours, theirs, reference):
        assert abs(out.mean() - 1.0) < 5 * s / math.sqrt(N)
        assert abs(out.std() - s) < 5 * s / math.sqrt(2 * N)
    assert GaussianDropout(rate).stddev == pytest.approx(s, rel=1e-15)


def test_noise_variance_is_the_references_for_keep_prob_one_minus_rate():
    for p in (0.1, 0.5, 0.9):
        assert GaussianDropout(1.0 - p).stddev ** 2 == pytest.approx((1 - p) / p, rel=1e-12)


# --- modes -----------------------------------------------------------------


def test_inference_is_the_identity():
    x = np.random.default_rng(2).standard_normal((10, 30)).astype(np.float32)
    layer = GaussianDropout(0.5, seed=0)
    np.testing.assert_array_equal(as_np(layer(x)), x)
    np.testing.assert_array_equal(as_np(layer(x, training=False)), x)


@pytest.mark.parametrize("training", [True, False])
def test_rate_zero_is_the_identity(training):
    x = np.random.default_rng(3).standard_normal((10, 30)).astype(np.float32)
    layer = GaussianDropout(0.0, seed=0)
    np.testing.assert_array_equal(as_np(layer(x, training=training)), x)
    assert not hasattr(layer, "seed_generator")  # nothing to draw, as in Keras


def test_noise_is_multiplicative_and_keeps_shape_and_dtype():
    x = np.full((4, 3, 5), 2.0, dtype=np.float32)
    out = as_np(GaussianDropout(0.3, seed=0)(x, training=True))
    assert out.shape == x.shape and out.dtype == np.float32
    assert len(np.unique(out)) == out.size


# --- seeds -----------------------------------------------------------------


def test_same_seed_repeats_the_noise_and_other_seeds_or_calls_differ():
    x = np.ones((4, 50), dtype=np.float32)
    layer = GaussianDropout(0.5, seed=3)
    a, b = as_np(layer(x, training=True)), as_np(layer(x, training=True))
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(as_np(GaussianDropout(0.5, seed=3)(x, training=True)), a)
    assert not np.array_equal(as_np(GaussianDropout(0.5, seed=4)(x, training=True)), a)


# --- saving and building -----------------------------------------------------


def test_get_config_and_serialisation_round_trip():
    layer = GaussianDropout(0.25, seed=7, name="g")
    config = layer.get_config()
    assert (config["rate"], config["seed"], config["name"]) == (0.25, 7, "g")
    clone = GaussianDropout.from_config(config)
    assert (clone.rate, clone.seed, clone.name) == (0.25, 7, "g")
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert type(restored) is GaussianDropout and restored.get_config() == config


@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
def test_model_saves_and_loads(tmp_path):
    model = keras.Sequential([keras.Input((4,)), GaussianDropout(0.4, seed=1), keras.layers.Dense(2)])
    x = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    path = tmp_path / "g.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)  # no custom_objects: the layer is registered
    assert isinstance(loaded.layers[0], GaussianDropout) and loaded.layers[0].rate == 0.4
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_built_at_construction_like_keras():
    assert GaussianDropout(0.5).built and keras.layers.GaussianDropout(0.5).built


def test_a_subclass_build_is_called():
    class Scaled(GaussianDropout):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

        def call(self, inputs, training=False):
            return super().call(inputs, training=training) * self.scale

    layer = Scaled(0.5, seed=0)
    assert not layer.built
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_array_equal(as_np(layer(x)), x)
    assert layer.built and [w.name for w in layer.weights] == ["scale"]


# --- bad input -------------------------------------------------------------


def test_rate_one_is_refused_because_the_variance_is_infinite():
    for rate in (1, 1.0):
        with pytest.raises(ValueError, match=r"`rate`.*variance.*infinite, got rate=1"):
            GaussianDropout(rate)


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan")])
def test_rate_outside_range_is_refused(rate):
    with pytest.raises(ValueError, match=r"`rate` is the probability of dropping a unit"):
        GaussianDropout(rate)


@pytest.mark.parametrize("rate", ["0.5", None, True, np.array([0.5])])
def test_rate_not_a_number_is_refused(rate):
    with pytest.raises(TypeError, match="`rate` must be a real number"):
        GaussianDropout(rate)


@pytest.mark.parametrize("seed", ["1", 1.5, True])
def test_bad_seed_is_refused(seed):
    with pytest.raises(TypeError, match=r"`seed` must be None or a non-negative int, got"):
        GaussianDropout(0.5, seed=seed)


def test_negative_seed_is_refused():
    with pytest.raises(ValueError, match=r"`seed` must be None or a non-negative int, got seed=-1"):
        GaussianDropout(0.5, seed=-1)
