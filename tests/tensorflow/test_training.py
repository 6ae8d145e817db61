"""train: deterministic, both accuracy curves, clean final figures."""

import keras
import numpy as np
import pytest

from dropout.tensorflow import TrainResult, build_mlp, train


def run(data):
    model = build_mlp((32,), input_dim=8, num_classes=3, seed=0, rate_input=0.1, rate_hidden=0.3)
    return train(model, data, data, epochs=4, batch_size=16, seed=0, optimizer=keras.optimizers.Adam(1e-2))


@pytest.fixture(scope="module")
def two_runs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((96, 8)).astype(np.float32)
    y = (x @ rng.standard_normal((8, 3)).astype(np.float32)).argmax(axis=1)
    return (x, y), run((x, y)), run((x, y))


def test_history_has_both_curves_and_final_figures_are_clean(two_runs):
    (x, y), result, _ = two_runs
    assert isinstance(result, TrainResult)
    h = result.history
    for curve in (h.train_loss, h.train_acc, h.val_loss, h.val_acc, h.fit_loss, h.fit_acc):
        assert len(curve) == 4
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


@pytest.mark.parametrize(
    "kwargs, error, match",
    [({"epochs": 0}, ValueError, "`epochs`"), ({"epochs": 1, "batch_size": 0.5}, TypeError, "`batch_size`")],
)
def test_bad_arguments_are_refused(tiny_data, kwargs, error, match):
    with pytest.raises(error, match=match):
        train(build_mlp((4,), input_dim=8, num_classes=3), tiny_data, **kwargs)
