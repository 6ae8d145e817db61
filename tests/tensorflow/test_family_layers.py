"""Chapter 10's Keras side: DropPath, Keras' own layer tests for the package's layers, Keras RNN masks, train_seeds."""

import keras
import numpy as np
import pytest
from keras.src.testing import TestCase

from dropout.reference.drop_path import drop_path_forward
from dropout.reference.recurrent import rnn_forward
from dropout.tensorflow.drop_path import DropPath
from dropout.tensorflow.dropconnect import DropConnectDense
from dropout.tensorflow.gaussian_dropout import GaussianDropout
from dropout.tensorflow.seed_runs import train_seeds


@pytest.mark.filterwarnings("ignore::UserWarning")
class TestKerasLayerProperties(TestCase):
    """Keras' own harness: build, config round trip, serialisation, seeds, training in fit."""

    def test_gaussian_dropout(self):
        self.run_layer_test(
            GaussianDropout,
            init_kwargs={"rate": 0.3, "seed": 1},
            input_shape=(2, 3),
            call_kwargs={"training": True},
            expected_output_shape=(2, 3),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_seed_generators=1,
            supports_masking=True,
            assert_built_after_instantiation=True,
        )

    def test_drop_path(self):
        self.run_layer_test(
            DropPath,
            init_kwargs={"rate": 0.3, "seed": 1},
            input_shape=(4, 3),
            call_kwargs={"training": True},
            expected_output_shape=(4, 3),
            expected_num_trainable_weights=0,
            expected_num_seed_generators=1,
            supports_masking=True,
            assert_built_after_instantiation=True,
        )

    def test_dropconnect_dense(self):
        self.run_layer_test(
            DropConnectDense,
            init_kwargs={"units": 5, "rate": 0.3, "seed": 1},
            input_shape=(2, 3),
            call_kwargs={"training": True},
            expected_output_shape=(2, 5),
            expected_num_trainable_weights=2,
            expected_num_seed_generators=1,
            supports_masking=True,
        )


# --- DropPath ------------------------------------------------------------------------


def test_drop_path_keeps_or_drops_whole_examples_with_the_right_frequency():
    x = np.ones((4000, 6), dtype=np.float32)
    out = np.asarray(DropPath(0.25, seed=0)(x, training=True))
    kept = out[:, 0] != 0
    assert np.all(out[kept] == np.float32(1 / 0.75)) and np.all(out[~kept] == 0)
    assert abs(kept.mean() - 0.75) < 5 * np.sqrt(0.75 * 0.25 / 4000)
    ref, cache = drop_path_forward(x, 0.75, None, mask=kept)  # the NumPy reference, same mask
    np.testing.assert_allclose(out, ref, rtol=1e-6)


def test_drop_path_inference_rate_zero_seeds_and_config():
    x = np.random.default_rng(0).standard_normal((8, 3)).astype(np.float32)
    np.testing.assert_array_equal(np.asarray(DropPath(0.5)(x)), x)
    np.testing.assert_array_equal(np.asarray(DropPath(0.0)(x, training=True)), x)
    a = np.asarray(DropPath(0.5, seed=3)(x, training=True))
    np.testing.assert_array_equal(np.asarray(DropPath(0.5, seed=3)(x, training=True)), a)
    layer = DropPath(0.2, seed=7, name="dp")
    clone = DropPath.from_config(layer.get_config())
    assert (clone.rate, clone.seed, clone.name, clone.keep_prob) == (0.2, 7, "dp", 0.8)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(layer))
    assert type(restored) is DropPath and restored.get_config() == layer.get_config()


@pytest.mark.parametrize("rate, error", [(1.0, ValueError), (-0.1, ValueError), ("0.5", TypeError)])
def test_drop_path_bad_rate(rate, error):
    with pytest.raises(error, match="`rate`"):
        DropPath(rate)


def test_drop_path_bad_seed():
    with pytest.raises(TypeError, match="`seed` must be None or a non-negative int"):
        DropPath(0.5, seed=1.5)


# --- what Keras' recurrent dropout does ------------------------------------------------


def test_keras_simple_rnn_uses_one_input_mask_per_sequence():
    # kernel = identity, no recurrence, linear: the output at step t is x_t * m / p,
    # so the zero pattern shows the mask of every step.
    rnn = keras.layers.SimpleRNN(
        6, activation=None, use_bias=False, dropout=0.5, return_sequences=True, seed=0,
        kernel_initializer="identity", recurrent_initializer="zeros",
    )
    out = np.asarray(rnn(np.ones((32, 10, 6), dtype=np.float32), training=True))
    kept = out != 0
    assert all(np.array_equal(kept[:, t], kept[:, 0]) for t in range(10))  # shared across time
    assert not np.array_equal(kept[0, 0], kept[1, 0]) or not np.array_equal(kept[2, 0], kept[3, 0])
    np.testing.assert_array_equal(out[kept], 2.0)


def test_numpy_rnn_matches_keras_simple_rnn_at_inference():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 7, 3)).astype(np.float32)
    rnn = keras.layers.SimpleRNN(5, dropout=0.3, recurrent_dropout=0.3)
    keras_h = np.asarray(rnn(x))
    Wx, Wh, b = (w.astype(np.float64) for w in rnn.get_weights())
    h, _ = rnn_forward(x.astype(np.float64), Wx, Wh, b, training=False)
    np.testing.assert_allclose(keras_h, h, rtol=1e-5, atol=1e-6)


# --- train_seeds ---------------------------------------------------------------------


def _build(seed):
    return keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu", kernel_initializer=keras.initializers.HeNormal(seed)),
            keras.layers.Dropout(0.3, seed=seed + 1),
            keras.layers.Dense(3, activation="softmax", kernel_initializer=keras.initializers.GlorotUniform(seed)),
        ]
    )


def test_train_seeds_equals_training_each_seed_on_its_own(tiny_data):
    x, y = tiny_data
    together = train_seeds(_build, [3, 5], (x, y), (x, y), epochs=2, batch_size=32, after_each=lambda m: len(m.layers))
    alone = train_seeds(_build, [5], (x, y), (x, y), epochs=2, batch_size=32)
    assert together.seeds.tolist() == [3, 5] and together.extras == [3, 3] and alone.extras == [None]
    assert together.test_acc[1] == alone.test_acc[0]
    assert together.test_loss[1] == pytest.approx(alone.test_loss[0], rel=1e-6)
    np.testing.assert_allclose(together.model.get_weights()[0], alone.model.get_weights()[0], rtol=1e-6)


def test_train_seeds_refuses_other_architectures_and_bad_arguments(tiny_data):
    x, y = tiny_data

    def build(seed):
        width = 4 if seed == 0 else 5
        return keras.Sequential([keras.Input((8,)), keras.layers.Dense(width), keras.layers.Dense(3, "softmax")])

    with pytest.raises(ValueError, match="same architecture for every seed"):
        train_seeds(build, [0, 1], (x, y), (x, y), epochs=1)
    with pytest.raises(ValueError, match="at least one seed"):
        train_seeds(_build, [], (x, y), (x, y), epochs=1)
    with pytest.raises(ValueError, match="`learning_rate` must be positive"):
        train_seeds(_build, [0], (x, y), (x, y), epochs=1, learning_rate=0)
    with pytest.raises(TypeError, match="`seed`"):
        train_seeds(_build, [0.5], (x, y), (x, y), epochs=1)
