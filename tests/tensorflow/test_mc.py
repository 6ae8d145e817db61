"""mc_predict: shapes, a distribution, spread with and without dropout, reproducibility."""

import keras
import numpy as np
import pytest

from dropout.tensorflow import build_mlp, mc_predict


@pytest.fixture
def x():
    return np.random.default_rng(0).standard_normal((10, 8)).astype(np.float32)


def test_shapes_distribution_and_spread(x):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0)
    pred = mc_predict(model, x, 20, seed=0, batch_size=4, keep_samples=True)
    assert pred.mean.shape == pred.std.shape == (10, 3)
    assert pred.samples.shape == (20, 10, 3)
    np.testing.assert_allclose(pred.mean.sum(axis=1), 1.0, rtol=1e-5)
    assert (pred.mean >= 0).all() and (pred.std > 0).all()
    np.testing.assert_array_equal(pred.labels, pred.mean.argmax(axis=1))
    # the passes differ from one another and from the deterministic prediction
    assert not np.array_equal(pred.samples[0], pred.samples[1])


def test_no_spread_without_dropout(x):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0, rate_input=0.0, rate_hidden=0.0)
    pred = mc_predict(model, x, 5)
    assert (pred.std == 0).all() and pred.samples is None
    np.testing.assert_allclose(pred.mean, model.predict(x, verbose=0), rtol=1e-6)


def test_seed_reproduces_and_leaves_the_generators_as_found(x):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0, dropout_layer="bernoulli")
    states = [v.numpy().copy() for v in model.variables if v.name == "seed_generator_state"]
    a = mc_predict(model, x, 8, seed=5)
    b = mc_predict(model, x, 8, seed=5)
    np.testing.assert_array_equal(a.mean, b.mean)
    np.testing.assert_array_equal(a.std, b.std)
    after = [v.numpy() for v in model.variables if v.name == "seed_generator_state"]
    assert len(states) == 2  # dropout_input and dropout_1 and all(np.array_equal(s, t) for s, t in zip(states, after))
    assert not np.array_equal(mc_predict(model, x, 8, seed=6).mean, a.mean)
    # unseeded calls advance the generators: two calls differ
    assert not np.array_equal(mc_predict(model, x, 8).mean, mc_predict(model, x, 8).mean)


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
