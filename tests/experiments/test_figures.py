"""The figures: drawn into given axes (a chapter) or written as PNG files (the command), from records alone."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dropout.experiments import figures


def _records(name, value, rng):
    counts, edges = np.histogram(rng.random(50), bins=5)
    return [{"spec": {"value": value}, "test_error": 0.1 + 0.01 * s, "train_error": 0.05,
             "features": rng.normal(size=(4, 784)), "hist_mean": (counts.tolist(), edges.tolist()),
             "hist_activation": (counts.tolist(), edges.tolist())} for s in range(2)]


@pytest.fixture
def results():
    rng = np.random.default_rng(0)
    return {"nodrop-100": _records("nodrop-100", 100, rng), "dropout-100": _records("dropout-100", 100, rng)}


@pytest.mark.parametrize("plot, kwargs, n_axes", [
    (figures.plot_sweep, {"xlabel": "n", "logx": True}, 1),
    (figures.plot_features, {}, 2),
    (figures.plot_sparsity, {}, 2),
    (figures.plot_table, {}, 1),
])
def test_each_figure_draws_into_axes_or_writes_a_png(plot, kwargs, n_axes, results, tmp_path):
    path = tmp_path / "figure.png"
    plot(results, path, **kwargs)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    axes = Figure().subplots(1, n_axes)
    key = "ax" if n_axes == 1 else "axes"
    drawn = plot(results, **kwargs, **{key: axes})
    assert all(a is b for a, b in zip(np.atleast_1d(drawn), np.atleast_1d(axes)))
    assert all(a.has_data() for a in np.atleast_1d(axes))


def test_wrong_number_of_axes_is_refused(results):
    with pytest.raises(ValueError, match="2 axes, got 1"):
        figures.plot_sparsity(results, axes=Figure().subplots(1, 1))


def test_feature_grid_tiles_standardised_features():
    grid = figures.feature_grid(np.arange(3 * 784, dtype=float).reshape(3, 784))
    assert grid.shape == (57, 57) and np.isnan(grid[28]).all()  # 2 x 2 tiles, a blank line between
    assert np.nanmean(grid[:28, :28]) == pytest.approx(0.0, abs=1e-9)
