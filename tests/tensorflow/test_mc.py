"""mc_predict: shapes, a distribution, spread with and without dropout, reproducibility."""

import keras
import numpy as np
import pytest

from dropout.mc_prediction import MCPrediction
from dropout.tensorflow import BernoulliDropout, build_mlp, mc_predict, reseeded
from dropout.uncertainty import predictive_spread


def generator_states(model):
    """The state of every dropout layer's own keras.random.SeedGenerator (public attributes)."""
    return [
        np.array(layer.seed_generator.state.numpy())
        for layer in model.layers
        if isinstance(layer, (BernoulliDropout, keras.layers.Dropout))
    ]


@pytest.fixture
def x():
    return np.random.default_rng(0).standard_normal((10, 8)).astype(np.float32)


def test_shapes_distribution_and_spread(x):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0)
    pred = mc_predict(model, x, 20, seed=0, batch_size=4, keep_samples=True)
    assert isinstance(pred, MCPrediction)
    assert pred.mean.shape == (10, 3) and pred.spread.shape == (10,)
    assert pred.samples.shape == (20, 10, 3)
    np.testing.assert_allclose(pred.mean.sum(axis=1), 1.0, rtol=1e-5)
    assert (pred.mean >= 0).all() and (pred.spread > 0).all()
    np.testing.assert_array_equal(pred.spread, predictive_spread(pred.samples))  # the one spread
    np.testing.assert_array_equal(pred.labels, pred.mean.argmax(axis=1))
    # the passes differ from one another and from the deterministic prediction
    assert not np.array_equal(pred.samples[0], pred.samples[1])


def test_no_spread_without_dropout(x):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0, rate_input=0.0, rate_hidden=0.0)
    pred = mc_predict(model, x, 5)
    assert (pred.spread == 0).all() and pred.samples is None
    np.testing.assert_allclose(pred.mean, model.predict(x, verbose=0), rtol=1e-6)


@pytest.mark.parametrize("dropout_layer", ["bernoulli", "keras"])
def test_seed_reproduces_and_leaves_the_generators_as_found(x, dropout_layer):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0, dropout_layer=dropout_layer)
    model(x, training=True)  # the generators have moved from their start
    states = generator_states(model)
    a = mc_predict(model, x, 8, seed=5)
    b = mc_predict(model, x, 8, seed=5)
    np.testing.assert_array_equal(a.mean, b.mean)
    np.testing.assert_array_equal(a.spread, b.spread)
    after = generator_states(model)
    assert len(states) == 2  # dropout_input and dropout_1
    assert all(np.array_equal(s, t) for s, t in zip(states, after))
    assert not np.array_equal(mc_predict(model, x, 8, seed=6).mean, a.mean)
    # unseeded calls advance the model's own generators: two calls differ
    assert not np.array_equal(mc_predict(model, x, 8).mean, mc_predict(model, x, 8).mean)
    assert not all(np.array_equal(s, t) for s, t in zip(states, generator_states(model)))


def test_reseeded_shares_the_weights_and_replaces_only_the_dropout_layers(x):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0, dropout_layer="bernoulli")
    copy = reseeded(model, 3)
    for layer in model.layers:
        same = copy.get_layer(layer.name) is layer
        assert same != isinstance(layer, BernoulliDropout) or layer.name == "input"
    np.testing.assert_array_equal(copy(x), model(x))  # dropout off: the same network
    np.testing.assert_array_equal(reseeded(model, 3)(x, training=True), copy(x, training=True))
    assert copy.get_layer("dropout_1").rate == model.get_layer("dropout_1").rate


def test_a_subclassed_model_needs_seed_none(x):
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.drop, self.out = keras.layers.Dropout(0.5, seed=0), keras.layers.Dense(3, activation="softmax")

        def call(self, inputs, training=False):
            return self.out(self.drop(inputs, training=training))

    net = Net()
    assert mc_predict(net, x, 3).mean.shape == (10, 3)
    with pytest.raises(ValueError, match=r"`model` must be a functional or Sequential.*seed=None"):
        mc_predict(net, x, 3, seed=0)


def test_from_logits_applies_softmax(x):
    inputs = keras.Input((8,))
    logits = keras.layers.Dense(3)(keras.layers.Dropout(0.5, seed=0)(inputs))
    model = keras.Model(inputs, logits)
    pred = mc_predict(model, x, 4, seed=0, from_logits=True)
    np.testing.assert_allclose(pred.mean.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("k, error", [(0, ValueError), (-3, ValueError), (2.0, TypeError), (None, TypeError)])
def test_bad_k_is_refused(x, k, error):
    model = build_mlp((4,), input_dim=8, num_classes=3)
    with pytest.raises(error, match="`k`"):
        mc_predict(model, x, k)
    with pytest.raises(ValueError, match="`batch_size`"):
        mc_predict(model, x, 2, batch_size=0)
    with pytest.raises(ValueError, match="`seed`"):
        mc_predict(model, x, 2, seed=-1)
