"""train: reproducible from its seeds, both accuracy curves when asked, clean final figures."""

import keras
import numpy as np
import pytest

from dropout.history import History
from dropout.tensorflow import TrainResult, build_mlp, enable_determinism, train


def run(data, seed=0, train_seed=None, curves=True):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=seed, rate_input=0.1, rate_hidden=0.3)
    return train(
        model, data, data, epochs=4, batch_size=16, optimizer=keras.optimizers.Adam(1e-2),
        seed=seed if train_seed is None else train_seed, curves=curves,
    )


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((96, 8)).astype(np.float32)
    y = (x @ rng.standard_normal((8, 3)).astype(np.float32)).argmax(axis=1)
    return x, y


@pytest.fixture(scope="module")
def two_runs(data):
    # Op determinism is process-wide: the test switches it on itself (the package never does),
    # and off again afterwards through TensorFlow's internal switch, which has no public name.
    enable_determinism()
    yield data, run(data), run(data)
    from tensorflow.python.framework import config

    config.disable_op_determinism()


def test_history_has_both_curves_and_final_figures_are_clean(two_runs):
    (x, y), result, _ = two_runs
    assert isinstance(result, TrainResult) and isinstance(result.history, History)
    h = result.history
    for curve in (h.train_loss, h.train_acc, h.val_loss, h.val_acc, h.fit_loss, h.fit_acc):
        assert len(curve) == 4
    assert h.epochs == 4 and h.batch_loss == []  # Keras' fit reports running means only
    assert all(0.0 <= a <= 1.0 for a in h.train_acc + h.fit_acc)
    # the clean curve is the network with dropout off: evaluate agrees after training
    scores = result.model.evaluate(x, y, verbose=0, return_dict=True)
    assert result.train_acc == pytest.approx(scores["accuracy"])
    assert result.train_loss == pytest.approx(scores["loss"], rel=1e-5)
    assert result.test_acc == h.val_acc[-1]
    # with dropout on, fit's running loss is another quantity than the clean loss
    assert h.fit_loss != pytest.approx(h.train_loss, rel=1e-3)
    # and the tiny linear problem is learnt
    assert result.train_acc > 0.85 and h.train_loss[-1] < h.train_loss[0]


def test_same_seed_same_run(two_runs):
    _, a, b = two_runs
    assert a.history == b.history
    for wa, wb in zip(a.model.get_weights(), b.model.get_weights()):
        np.testing.assert_array_equal(wa, wb)


def test_another_seed_another_run(two_runs):
    data, a, _ = two_runs
    for other in (run(data, seed=1), run(data, seed=0, train_seed=1)):  # all seeds; the batch order alone
        assert other.history.fit_loss != a.history.fit_loss
        assert any(not np.array_equal(wa, wb) for wa, wb in zip(a.model.get_weights(), other.model.get_weights()))


def test_without_curves_the_same_training_and_the_same_final_figures(two_runs):
    data, a, _ = two_runs
    fast = run(data, curves=False)
    h = fast.history
    assert h.train_loss == h.train_acc == h.val_loss == h.val_acc == []
    # measuring the curves changes nothing in the training itself
    assert h.fit_loss == pytest.approx(a.history.fit_loss, rel=1e-6)
    assert h.fit_acc == pytest.approx(a.history.fit_acc, rel=1e-6)
    for name in ("train_acc", "test_acc", "train_loss", "test_loss"):
        assert getattr(fast, name) == pytest.approx(getattr(a, name), rel=1e-5), name
    no_test = train(build_mlp((4,), input_dim=8, num_classes=3), data, epochs=1, batch_size=32)
    assert np.isnan(no_test.test_acc) and np.isnan(no_test.test_loss) and 0.0 <= no_test.train_acc <= 1.0


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"epochs": 0}, ValueError, "`epochs`"),
        ({"epochs": 1, "batch_size": 0.5}, TypeError, "`batch_size`"),
        ({"epochs": 1, "eval_batch_size": 0}, ValueError, "`eval_batch_size`"),
        ({"epochs": 1, "seed": -1}, ValueError, "`seed` must be a non-negative int, got seed=-1"),
        ({"epochs": 1, "seed": 0.5}, TypeError, "`seed`"),
        ({"epochs": 1, "curves": "yes"}, TypeError, "`curves` must be True or False, got 'yes'"),
    ],
)
def test_bad_arguments_are_refused(tiny_data, kwargs, error, match):
    with pytest.raises(error, match=match):
        train(build_mlp((4,), input_dim=8, num_classes=3), tiny_data, **kwargs)
