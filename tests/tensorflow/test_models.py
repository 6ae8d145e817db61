"""build_mlp, and when Keras calls dropout: in fit, never in predict, evaluate or model(x)."""

import subprocess
import sys

import keras
import numpy as np
import pytest

from dropout.tensorflow import BernoulliDropout, build_mlp


def test_layer_names_shapes_and_dropout_kinds():
    model = build_mlp((32, 16), input_dim=8, num_classes=3, dropout_layer="bernoulli", rate_input=0.1)
    names = [layer.name for layer in model.layers]
    assert names == ["input", "dropout_input", "dense_1", "dropout_1", "dense_2", "dropout_2", "output"]
    assert model.get_layer("dense_1").units == 32 and model.get_layer("output").units == 3
    assert isinstance(model.get_layer("dropout_1"), BernoulliDropout)
    assert model.get_layer("dropout_input").rate == 0.1 and model.get_layer("dropout_2").rate == 0.5
    keras_model = build_mlp((32,), input_dim=8, num_classes=3)
    assert type(keras_model.get_layer("dropout_1")) is keras.layers.Dropout


def test_outputs_are_probabilities_and_seed_fixes_the_weights():
    x = np.random.default_rng(0).standard_normal((4, 8)).astype(np.float32)
    a = build_mlp((16,), input_dim=8, num_classes=3, seed=1)
    b = build_mlp((16,), input_dim=8, num_classes=3, seed=1)
    c = build_mlp((16,), input_dim=8, num_classes=3, seed=2)
    pa = np.asarray(a(x))
    np.testing.assert_allclose(pa.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(pa, np.asarray(b(x)))
    assert not np.array_equal(pa, np.asarray(c(x)))


def test_max_norm_constrains_incoming_weights_in_fit(tiny_data):
    x, y = tiny_data
    model = build_mlp((16,), input_dim=8, num_classes=3, max_norm=0.5, seed=0)
    assert isinstance(model.get_layer("dense_1").kernel_constraint, keras.constraints.MaxNorm)
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    for name in ("dense_1", "output"):
        W = np.asarray(model.get_layer(name).kernel)
        assert np.linalg.norm(W, axis=0).max() <= 0.5 + 1e-5


class CountingDropout(BernoulliDropout):
    """BernoulliDropout that counts the calls made in training mode (a test probe)."""

    def __init__(self, rate, **kwargs):
        super().__init__(rate, **kwargs)
        self.training_calls = self.add_weight(
            shape=(), initializer="zeros", trainable=False, name="training_calls"
        )

    def call(self, inputs, training=False, dropout_mask=None):
        if training:
            self.training_calls.assign_add(1.0)
        return super().call(inputs, training=training, dropout_mask=dropout_mask)


def test_dropout_acts_in_fit_and_not_in_predict_evaluate_or_call(tiny_data):
    x, y = tiny_data
    inputs = keras.Input((8,))
    probe = CountingDropout(0.5, seed=0)
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(probe(inputs)))
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)  # 2 epochs x 3 batches
    assert float(probe.training_calls.numpy()) == 6.0
    model.predict(x, verbose=0)
    model.evaluate(x, y, verbose=0)
    model(x)
    assert float(probe.training_calls.numpy()) == 6.0
    model(x, training=True)
    assert float(probe.training_calls.numpy()) == 7.0


def test_predict_is_the_network_without_dropout(tiny_data):
    x, _ = tiny_data
    with_dropout = build_mlp((16,), input_dim=8, num_classes=3, seed=0)
    no_dropout = build_mlp((16,), input_dim=8, num_classes=3, seed=0, rate_input=0.0, rate_hidden=0.0)
    p1, p2 = with_dropout.predict(x, verbose=0), with_dropout.predict(x, verbose=0)
    np.testing.assert_array_equal(p1, p2)
    np.testing.assert_array_equal(p1, no_dropout.predict(x, verbose=0))
    np.testing.assert_allclose(np.asarray(with_dropout(x)), p1, rtol=1e-6)
    t1 = np.asarray(with_dropout(x, training=True))
    t2 = np.asarray(with_dropout(x, training=True))
    assert not np.array_equal(t1, t2) and not np.allclose(t1, p1)


def test_importing_the_root_package_does_not_import_tensorflow():
    code = "import sys, dropout; sys.exit('tensorflow' in sys.modules or 'keras' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"rate_input": 1.0}, ValueError, "`rate_input`"),
        ({"rate_hidden": "half"}, TypeError, "`rate_hidden`"),
        ({"hidden": (16, 0)}, ValueError, "`hidden`"),
        ({"input_dim": 2.5}, TypeError, "`input_dim`"),
        ({"dropout_layer": "torch"}, ValueError, "`dropout_layer`"),
        ({"max_norm": 0}, ValueError, "`max_norm`"),
        ({"inverted": False}, ValueError, "`inverted=False`"),
        ({"inverted": "no", "dropout_layer": "bernoulli"}, TypeError, "`inverted` must be True or False"),
        ({"seed": -1}, ValueError, "`seed` must be a non-negative int, got seed=-1"),
        ({"seed": 1.5}, TypeError, "`seed`"),
        ({"seed": None}, TypeError, "`seed`"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        build_mlp(**kwargs)
