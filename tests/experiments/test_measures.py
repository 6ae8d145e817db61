"""The NumPy measurements: sparsity, co-adaptation, feature smoothness."""

import numpy as np

from dropout.experiments import coadaptation, error_rate, feature_smoothness, measure_sparsity
from dropout.experiments.spec import RunSpec, scale_widths


def _net(rng, sizes):
    return [(rng.standard_normal((a, b)).astype(np.float32), np.zeros(b, np.float32))
            for a, b in zip(sizes[:-1], sizes[1:])]


def test_sparsity_counts_active_units_and_means():
    rng = np.random.default_rng(0)
    weights, x = _net(rng, [5, 7, 3]), rng.standard_normal((50, 5))
    s = measure_sparsity(weights, x)
    h = np.maximum(x.astype(np.float32) @ weights[0][0], 0)
    np.testing.assert_allclose(s["mean_activation"], h.mean(), rtol=1e-6)
    np.testing.assert_allclose(s["per_example_mean"], h.mean(axis=1), rtol=1e-5)
    assert sum(s["hist_activation"][0]) == h.size


def test_ablation_of_a_unit_equals_retraining_the_network_without_it():
    rng = np.random.default_rng(1)
    weights, x, y = _net(rng, [4, 6, 5, 3]), rng.standard_normal((40, 4)), rng.integers(0, 3, 40)
    c = coadaptation(weights, x, y)
    for j in (0, 3):
        cut = [(W.copy(), b.copy()) for W, b in weights]
        cut[-1][0][j] = 0.0  # unit j of the last hidden layer feeds nothing
        z = x.astype(np.float32) @ cut[0][0]
        h = np.maximum(np.maximum(z, 0) @ cut[1][0], 0) @ cut[2][0]
        p = np.exp(h - h.max(1, keepdims=True))
        loss = -np.log((p / p.sum(1, keepdims=True))[np.arange(40), y]).mean()
        np.testing.assert_allclose(c["ablation"][j], loss - c["loss"], rtol=1e-4, atol=1e-6)
    assert 0 <= c["mean_abs_correlation"] <= 1


def test_smoothness_and_error_rate():
    rng = np.random.default_rng(2)
    assert abs(feature_smoothness(rng.standard_normal((784, 20)))) < 0.1
    weights = [(np.eye(3, dtype=np.float32), np.zeros(3, np.float32))]
    assert error_rate(weights, np.eye(3), [0, 1, 0]) == 1 / 3


def test_specs_scale_and_group():
    assert scale_widths((2048,), 0.001) == (2,)
    a = RunSpec("a", (8,), rate_hidden=0.5)
    b = RunSpec("b", (8,), rate_hidden=0.0)
    assert a.group_key() == b.group_key() != RunSpec("c", (8,), l2=1e-4).group_key()
    assert RunSpec("d", (8,), epoch_factor=2.5).epochs(3) == 8
