"""train_replicas: R runs in one stacked model, each exactly the run it would be alone."""

import math

import keras
import numpy as np
import pytest

from dropout.tensorflow import ReplicaResult, build_mlp, train_replicas
from dropout.tensorflow.replicas import _StackedMLP


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((120, 8)).astype(np.float32)
    y = (x @ rng.standard_normal((8, 3)).astype(np.float32)).argmax(axis=1)
    return x, y


def run(data, seeds, **kwargs):
    settings = dict(hidden=(16, 12), rate_input=0.1, rate_hidden=0.4, epochs=3, batch_size=32,
                    learning_rate=1e-2)
    settings.update(kwargs)
    return train_replicas(data, data, seeds=seeds, **settings)


@pytest.fixture(scope="module")
def three(data):
    return run(data, [1, 3, 5], curves=True)


def test_initial_weights_are_those_of_build_mlp():
    net = _StackedMLP([8, 16, 12, 3], [4, 9], np.array([0.1, 0.1]), np.array([0.5, 0.5]), 1e-3, None)
    for r, seed in enumerate([4, 9]):
        model = build_mlp((16, 12), input_dim=8, num_classes=3, seed=seed)
        dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        for l, layer in enumerate(dense):
            W, b = layer.get_weights()
            np.testing.assert_array_equal(net.W[l].numpy()[r], W)
            np.testing.assert_array_equal(net.b[l].numpy()[r], b)


def test_a_replica_does_not_depend_on_the_others(data, three):
    alone = run(data, [3], curves=True)
    np.testing.assert_allclose(alone.histories[0].fit_loss, three.histories[1].fit_loss, rtol=1e-5)
    np.testing.assert_allclose(alone.test_acc[0], three.test_acc[1], atol=1e-6)
    for (W1, b1), (W2, b2) in zip(alone.weights[0], three.weights[1]):
        np.testing.assert_allclose(W1, W2, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(b1, b2, rtol=1e-4, atol=1e-6)


def test_seeds_give_different_runs_and_the_same_seed_the_same_run(data, three):
    again = run(data, [1, 3, 5], curves=True)
    np.testing.assert_allclose(again.curve("fit_loss"), three.curve("fit_loss"), rtol=1e-6)
    assert len({round(float(loss), 6) for loss in three.curve("fit_loss")[:, -1]}) == 3


def test_results_have_one_entry_per_replica(three):
    assert isinstance(three, ReplicaResult)
    for name in ("train_acc", "test_acc", "train_loss", "test_loss", "rate_input", "rate_hidden"):
        assert getattr(three, name).shape == (3,)
    assert three.curve("val_acc").shape == (3, 3)
    assert three.curve("train_loss").shape == (3, 3)
    np.testing.assert_array_equal(three.train_acc, three.curve("train_acc")[:, -1])
    np.testing.assert_array_equal(three.seeds, [1, 3, 5])


def test_exported_model_reproduces_the_full_network_scores(data, three):
    x, y = data
    for r in range(3):
        model = three.model(r)
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
        loss, acc = model.evaluate(x, y, verbose=0)
        assert loss == pytest.approx(three.train_loss[r], rel=1e-4)
        assert acc == pytest.approx(three.train_acc[r], abs=1e-6)
        assert model.get_layer("dropout_1").rate == pytest.approx(0.4)


def test_training_lowers_the_loss_and_dropout_raises_the_fit_loss(data):
    result = train_replicas(data, hidden=(32,), seeds=[0, 1], rate_hidden=[0.0, 0.7], epochs=8,
                            batch_size=32, learning_rate=1e-2, curves=True)
    fit_loss, full_loss = result.curve("fit_loss"), result.curve("train_loss")
    assert np.all(full_loss[:, -1] < 0.5 * full_loss[:, 0])
    # the batch loss with dropout on lies further above the full network's loss
    ratio = fit_loss[:, -1] / full_loss[:, -1]
    assert ratio[1] > 1.1 and ratio[1] > ratio[0] + 0.05


def test_masks_keep_p_of_the_units_scale_by_one_over_p_and_differ_between_replicas():
    import tensorflow as tf

    net = _StackedMLP([50, 40, 3], [0, 1], np.array([0.25, 0.6]), np.array([0.0, 0.0]), 1e-3, None)
    masks = net._masks(0, tf.constant([400, 50]), tf.constant(7, tf.int64)).numpy()  # (2, 400, 50)
    for r, rate in enumerate([0.25, 0.6]):
        keep = 1 - rate
        kept = masks[r] != 0
        assert abs(kept.mean() - keep) < 5 * math.sqrt(keep * rate / kept.size)
        np.testing.assert_allclose(np.unique(masks[r][kept]), [np.float32(1) / np.float32(keep)])
    assert np.array_equal(masks, net._masks(0, tf.constant([400, 50]), tf.constant(7, tf.int64)).numpy())
    assert not np.array_equal(masks, net._masks(0, tf.constant([400, 50]), tf.constant(8, tf.int64)).numpy())
    hidden = net._masks(1, tf.constant([10, 40]), tf.constant(7, tf.int64)).numpy()
    np.testing.assert_array_equal(hidden, 1.0)  # rate 0: the identity


def test_max_norm_bounds_every_unit(data):
    result = run(data, [0, 1], max_norm=0.5, rate_input=0.0, rate_hidden=0.0, learning_rate=0.1)
    for weights in result.weights:
        for W, _ in weights:
            assert np.linalg.norm(W, axis=0).max() <= 0.5 * (1 + 1e-5)
    free = run(data, [0], rate_input=0.0, rate_hidden=0.0, learning_rate=0.1)
    assert max(np.linalg.norm(W, axis=0).max() for W, _ in free.weights[0]) > 0.5


def test_without_test_data_the_test_scores_are_nan(data):
    result = train_replicas(data, hidden=(8,), seeds=[0], epochs=1)
    assert math.isnan(result.test_acc[0]) and math.isnan(result.test_loss[0])
    assert result.histories[0].val_acc == [] and len(result.histories[0].fit_acc) == 1


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(seeds=[1, 1]), ValueError, r"the same seed and rates.*seeds=\[1, 1\]"),
        (dict(seeds=[]), ValueError, r"`seeds` must hold at least one"),
        (dict(seeds=[-1]), ValueError, r"`seed`"),
        (dict(rate_hidden=[0.1, 0.2, 0.3]), ValueError, r"`rate_hidden` must be one rate or one per seed \(2\)"),
        (dict(rate_input=1.0), ValueError, r"`rate_input`"),
        (dict(rate_hidden=float("nan")), ValueError, r"`rate_hidden`"),
        (dict(max_norm=0.0), ValueError, r"`max_norm`.*0\.0"),
        (dict(learning_rate=-1.0), ValueError, r"`learning_rate`.*-1\.0"),
        (dict(epochs=0), ValueError, r"`epochs`"),
        (dict(curves="yes"), TypeError, r"`curves`"),
    ],
)
def test_bad_arguments_name_themselves(data, kwargs, error, match):
    settings = dict(hidden=(4,), seeds=[0, 1], epochs=1)
    settings.update(kwargs)
    with pytest.raises(error, match=match):
        train_replicas(data, **settings)


def test_bad_data_is_refused(data):
    x, y = data
    with pytest.raises(ValueError, match=r"`train_data` must hold x of shape \(N, D\)"):
        train_replicas((x, y[:-1]), hidden=(4,), seeds=[0], epochs=1)
    with pytest.raises(TypeError, match=r"`train_data` labels must be integers"):
        train_replicas((x, y.astype(float)), hidden=(4,), seeds=[0], epochs=1)
    bad = x.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"`test_data` inputs contain NaN"):
        train_replicas((x, y), (bad, y), hidden=(4,), seeds=[0], epochs=1)
    with pytest.raises(TypeError, match=r"`train_data` must be a pair"):
        train_replicas(x, hidden=(4,), seeds=[0], epochs=1)


# --- options added for the paper's experiments (dropout.experiments): L2, Gaussian noise, SGD, sigmoid


def _norm(result):
    return sum(float(np.sum(W**2)) for W, _ in result.weights[0])


def test_l2_shrinks_the_weights(data):
    plain = run(data, [2], epochs=2)
    decayed = run(data, [2], epochs=2, l2=0.05)
    assert _norm(decayed) < 0.9 * _norm(plain)


def test_gaussian_noise_differs_from_bernoulli_and_is_off_at_rate_zero(data):
    bern = run(data, [2], epochs=1)
    gauss = run(data, [2], epochs=1, noise="gaussian")
    assert not np.allclose(bern.histories[0].fit_loss, gauss.histories[0].fit_loss)
    off_b = run(data, [2], epochs=1, rate_input=0.0, rate_hidden=0.0)
    off_g = run(data, [2], epochs=1, rate_input=0.0, rate_hidden=0.0, noise="gaussian")
    np.testing.assert_allclose(off_b.histories[0].fit_loss, off_g.histories[0].fit_loss, rtol=1e-6)


def test_sgd_momentum_and_sigmoid_replicas_stay_independent(data):
    kwargs = dict(optimizer="sgd", momentum=0.9, learning_rate=0.05, activation="sigmoid")
    two = run(data, [1, 3], **kwargs)
    alone = run(data, [3], **kwargs)
    np.testing.assert_allclose(alone.histories[0].fit_loss, two.histories[1].fit_loss, rtol=1e-5)
    assert two.activation == "sigmoid"
    np.testing.assert_allclose(two.accuracy(*data), two.train_acc, atol=1e-6)
    with pytest.raises(ValueError, match="ReLU"):
        two.model(0)


@pytest.mark.parametrize("kwargs, match", [
    (dict(l2=-1.0), "`l2`"), (dict(noise="uniform"), "`noise`"), (dict(optimizer="rmsprop"), "`optimizer`"),
    (dict(activation="tanh"), "`activation`"), (dict(optimizer="sgd", momentum=1.0), "`momentum`"),
    (dict(momentum=0.5), "`momentum` needs"),
])
def test_bad_new_options_are_refused(data, kwargs, match):
    with pytest.raises(ValueError, match=match):
        run(data, [0], **kwargs)
