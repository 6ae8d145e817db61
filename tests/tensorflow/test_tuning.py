"""Choosing the dropout rate: the hypermodel, Hyperband's schedule, a seeded search, a sweep."""

import os

import keras_tuner
import numpy as np
import pytest

from dropout.tensorflow import (
    build_tunable_mlp,
    hyperband_schedule,
    rate_sweep,
    run_hyperband,
)

RATES = (0.0, 0.3, 0.6)
WIDTHS = (4, 8)


def test_hypermodel_declares_rate_and_width_and_compiles():
    hp = keras_tuner.HyperParameters()
    hp.Fixed("rate", 0.3)
    hp.Fixed("width", 8)
    model = build_tunable_mlp(hp, rates=RATES, widths=WIDTHS, depth=2, input_dim=8, num_classes=3)
    assert model.get_layer("dense_1").units == 8 and model.get_layer("dense_2").units == 8
    assert model.get_layer("dropout_1").rate == 0.3 and model.get_layer("dropout_2").rate == 0.3
    assert model.get_layer("dropout_input").rate == 0.0
    assert model.optimizer is not None and model.output_shape == (None, 3)
    fresh = keras_tuner.HyperParameters()
    build_tunable_mlp(fresh, rates=RATES, widths=WIDTHS, input_dim=8, num_classes=3)
    assert [h.name for h in fresh.space] == ["rate", "width"]
    assert list(fresh.space[0].values) == list(RATES) and list(fresh.space[1].values) == list(WIDTHS)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"rates": (0.0, 1.0)}, ValueError, "rates"),
        ({"rates": (0.1, 0.1)}, ValueError, "repeat"),
        ({"rates": ()}, ValueError, "at least one"),
        ({"widths": (0,)}, ValueError, "widths"),
        ({"depth": 1.5}, TypeError, "depth"),
    ],
)
def test_hypermodel_rejects_bad_search_spaces(kwargs, error, match):
    with pytest.raises(error, match=match):
        build_tunable_mlp(keras_tuner.HyperParameters(), input_dim=8, num_classes=3, **kwargs)


def test_schedule_matches_the_formula_and_keeps_the_budget_per_bracket():
    assert hyperband_schedule(9, 3) == [[(9, 1), (3, 3), (1, 9)], [(5, 3), (2, 9)], [(3, 9)]]
    assert hyperband_schedule(1, 3) == [[(1, 1)]]
    for bracket in hyperband_schedule(27, 3):
        epochs = [r for _, r in bracket]
        sizes = [n for n, _ in bracket]
        assert epochs[-1] == 27 and epochs == sorted(epochs)  # every bracket ends at R
        assert sizes == sorted(sizes, reverse=True)  # successive halving keeps fewer models
    with pytest.raises(ValueError, match="factor"):
        hyperband_schedule(9, 1)
    with pytest.raises(TypeError, match="max_epochs"):
        hyperband_schedule(9.0, 3)


def _search(seed):
    return run_hyperband(
        *_data(), rates=RATES, widths=WIDTHS, max_epochs=2, factor=2, seed=seed, batch_size=32
    )


def _data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((96, 8)).astype(np.float32)
    w = rng.standard_normal((8, 3)).astype(np.float32)
    y = (x @ w).argmax(axis=1)
    return (x[:64], y[:64]), (x[64:], y[64:])


def test_hyperband_stays_in_the_space_runs_the_schedule_and_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first, second = _search(0), _search(0)
    best = first.best_hyperparameters
    assert best["rate"] in RATES and best["width"] in WIDTHS
    schedule = hyperband_schedule(2, 2)
    assert first.num_trials == sum(n for bracket in schedule for n, _ in bracket) == len(first.trials)
    assert first.total_epochs == sum(t["epochs"] - t["initial_epoch"] for t in first.trials)
    assert 0.0 <= first.best_score <= 1.0
    assert first.best_score == max(t["score"] for t in first.trials)
    # Same seed, same search: same trials, same scores, same winner.
    assert second.best_hyperparameters == best and second.trials == first.trials
    assert os.listdir(tmp_path) == []  # nothing written where the search ran


def test_hyperband_rejects_bad_arguments():
    with pytest.raises(ValueError, match="`seed` must be a non-negative int, got seed=-1"):
        run_hyperband(*_data(), rates=RATES, widths=WIDTHS, max_epochs=2, seed=-1)
    with pytest.raises(TypeError, match="`seed`"):
        run_hyperband(*_data(), rates=RATES, widths=WIDTHS, max_epochs=2, seed=0.5)
    with pytest.raises(ValueError, match="factor"):
        run_hyperband(*_data(), rates=RATES, widths=WIDTHS, max_epochs=2, factor=1)


def test_sweep_trains_one_model_per_rate_and_seed_deterministically():
    train_data, val_data = _data()
    rates = (0.0, 0.5)
    a = rate_sweep(train_data, val_data, val_data, rates=rates, hidden=(8,), epochs=2, batch_size=32,
                   seeds=(0, 1, 2))
    b = rate_sweep(train_data, val_data, rates=rates, hidden=(8,), epochs=2, batch_size=32, seeds=(0, 1, 2))
    assert a.rates.tolist() == list(rates) and a.hidden == (8,) and a.epochs == 2
    assert a.seeds.tolist() == [0, 1, 2]
    for acc in (a.train_acc, a.val_acc, a.test_acc):
        assert acc.shape == (2, 3) and np.all((acc >= 0) & (acc <= 1))
    np.testing.assert_allclose(a.val_acc, a.test_acc, atol=1e-6)  # the same set given twice
    np.testing.assert_allclose(a.val_acc, b.val_acc, atol=1e-6)  # same seeds, same networks
    assert np.isnan(b.test_acc).all()
    means = a.val_acc.mean(axis=1)
    assert a.best_rate in rates and means[rates.index(a.best_rate)] == means.max()
    assert a.best_rate in a.near_optimal()


def test_near_optimal_uses_the_paired_interval():
    from dropout.tensorflow.tuning import SweepResult

    val = np.array([[0.90, 0.91, 0.92], [0.80, 0.81, 0.82], [0.91, 0.90, 0.93]])
    sweep = SweepResult(rates=np.array([0.0, 0.4, 0.8]), seeds=np.arange(3), train_acc=val, val_acc=val,
                        test_acc=val, hidden=(8,), epochs=1)
    assert sweep.best_rate == 0.8
    # rate 0.4 is worse on every seed by 0.11: excluded; rate 0.0 differs by -0.01, +0.01, -0.01: kept
    assert sweep.near_optimal().tolist() == [0.0, 0.8]
    one_seed = SweepResult(rates=np.array([0.0]), seeds=np.arange(1), train_acc=val[:1, :1],
                           val_acc=val[:1, :1], test_acc=val[:1, :1], hidden=(8,), epochs=1)
    with pytest.raises(ValueError, match="at least two seeds"):
        one_seed.near_optimal()


def test_sweep_rejects_bad_rates_and_seeds():
    with pytest.raises(ValueError, match="rates"):
        rate_sweep(*_data(), rates=(0.5, 1.5), hidden=(4,), epochs=1)
    with pytest.raises(ValueError, match="`seed`"):
        rate_sweep(*_data(), rates=(0.5,), hidden=(4,), epochs=1, seeds=(-2,))
    with pytest.raises(ValueError, match="`seeds` must be distinct"):
        rate_sweep(*_data(), rates=(0.5,), hidden=(4,), epochs=1, seeds=(1, 1))
