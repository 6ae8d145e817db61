"""The experiments' figures: drawn into given axes (a chapter) or written as PNG files (the command).

Every function takes the results of one experiment, ``{run: [record per seed]}``,
and either axes to draw into (``ax=`` or ``axes=``, e.g. from
``plt.subplots``; the chapter shows them inline) or a ``path`` to write a PNG
to (the command). Without axes a figure of its own is made with
:class:`matplotlib.figure.Figure`, which needs no pyplot and changes no
backend. Each returns the axes it drew into.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_sweep", "plot_features", "plot_sparsity", "plot_table", "feature_grid"]


def _axes(axes, n, figsize):
    """``n`` axes: the given ones, or those of a new figure of ``figsize``."""
    if axes is not None:
        axes = np.atleast_1d(axes).ravel()
        if len(axes) != n:
            raise ValueError(f"`axes` must hold {n} axes, got {len(axes)}")
        return axes
    from matplotlib.figure import Figure

    return np.atleast_1d(Figure(figsize=figsize).subplots(1, n)).ravel()


def _save(axes, path):
    if path is not None:
        fig = axes[0].figure
        fig.tight_layout()
        fig.savefig(path, dpi=100)


def _err(recs, key):
    v = np.array([np.nan if r.get(key) is None else 100 * r[key] for r in recs], float)
    return np.nanmean(v) if np.isfinite(v).any() else np.nan, (np.nanstd(v) if np.isfinite(v).sum() > 1 else 0.0)


def plot_sweep(results, path=None, *, xlabel, logx=False, ax=None):
    """Test and training error (%) against each run's ``value``; runs named ``<series>-<n>`` are grouped.

    Mean over the seeds, with their standard deviation as error bars.
    """
    (ax,) = _axes(ax, 1, (6, 4))
    series = {}
    for name, recs in results.items():
        key = name.rsplit("-", 1)[0] if "-" in name else ""
        series.setdefault(key, []).append((recs[0]["spec"]["value"], recs))
    for key, points in series.items():
        points.sort(key=lambda t: t[0])
        x = [p for p, _ in points]
        for metric, style in (("test_error", "-o"), ("train_error", "--s")):
            m = [_err(r, metric) for _, r in points]
            label = f"{key} {metric.split('_')[0]}".strip()
            ax.errorbar(x, [a for a, _ in m], yerr=[b for _, b in m], fmt=style, ms=4, capsize=2, label=label)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("error (%)")
    ax.legend(fontsize=8)
    _save([ax], path)
    return ax


def feature_grid(features, gap=1):
    """First-layer features ``(k, 784)`` as one image: a grid of 28 x 28 tiles, each standardised.

    Tiles are separated by ``gap`` pixels of NaN (drawn blank by ``imshow``).

    Example:
        >>> feature_grid(np.ones((5, 784))).shape  # 3 x 3 tiles for 5 features
        (86, 86)
    """
    feats = np.asarray(features, float)
    k = int(np.ceil(np.sqrt(len(feats))))
    step = 28 + gap
    grid = np.full((k * step - gap, k * step - gap), np.nan)
    for i, f in enumerate(feats):
        img = f.reshape(28, 28)
        img = (img - img.mean()) / (img.std() + 1e-12)
        r, c = divmod(i, k)
        grid[r * step : r * step + 28, c * step : c * step + 28] = img
    return grid


def plot_features(results, path=None, *, axes=None):
    """The first-layer features of seed 0 of each run, side by side (Fig. 7)."""
    axes = _axes(axes, len(results), (4 * len(results), 4.3))
    for ax, (name, recs) in zip(axes, results.items()):
        ax.imshow(feature_grid(recs[0]["features"]), cmap="gray", vmin=-3, vmax=3)
        ax.set_title(name)
        ax.axis("off")
    _save(axes, path)
    return axes


def plot_sparsity(results, path=None, *, axes=None):
    """Histograms of the per-example mean activations and of the activations, seed 0, runs overlaid (Fig. 8)."""
    axes = _axes(axes, 2, (9, 3.5))
    for ax, key, title in zip(axes, ("hist_mean", "hist_activation"),
                              ("mean activation of an example", "activation")):
        for name, recs in results.items():
            counts, edges = (np.asarray(a, float) for a in recs[0][key])
            ax.stairs(counts, edges, fill=True, alpha=0.5, label=name)
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("count")
        if key == "hist_activation":
            ax.set_yscale("log")
        ax.legend(fontsize=8)
    _save(axes, path)
    return axes


def plot_table(results, path=None, *, ax=None):
    """Test error (%) of every run as bars with the spread over seeds."""
    names = list(results)
    (ax,) = _axes(ax, 1, (max(5, 1.1 * len(names)), 3.5))
    m = [_err(results[n], "test_error") for n in names]
    ax.bar(range(len(names)), [a for a, _ in m], yerr=[b for _, b in m], capsize=3)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("test error (%)")
    _save([ax], path)
    return ax
