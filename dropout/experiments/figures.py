"""The experiments' figures as PNG files (imports matplotlib, with the Agg backend)."""

from __future__ import annotations

import numpy as np

__all__ = ["plot_sweep", "plot_features", "plot_sparsity", "plot_table"]


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _err(recs, key):
    v = np.array([np.nan if r.get(key) is None else 100 * r[key] for r in recs], float)
    return np.nanmean(v) if np.isfinite(v).any() else np.nan, (np.nanstd(v) if np.isfinite(v).sum() > 1 else 0.0)


def plot_sweep(results, path, *, xlabel, logx=False):
    """Test and training error (%) against each run's ``value``; runs named ``<series>-<n>`` are grouped."""
    plt = _plt()
    series = {}
    for name, recs in results.items():
        key = name.rsplit("-", 1)[0] if "-" in name else ""
        series.setdefault(key, []).append((recs[0]["spec"]["value"], recs))
    fig, ax = plt.subplots(figsize=(6, 4))
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
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_features(results, path):
    """The first-layer features of seed 0 of each run, side by side (Fig. 7)."""
    plt = _plt()
    fig, axes = plt.subplots(1, len(results), figsize=(4 * len(results), 4.3))
    for ax, (name, recs) in zip(np.atleast_1d(axes), results.items()):
        feats = np.asarray(recs[0]["features"], float)
        k = int(np.ceil(np.sqrt(len(feats))))
        grid = np.full((k * 29, k * 29), np.nan)
        for i, f in enumerate(feats):
            img = f.reshape(28, 28)
            img = (img - img.mean()) / (img.std() + 1e-12)
            r, c = divmod(i, k)
            grid[r * 29 : r * 29 + 28, c * 29 : c * 29 + 28] = img
        ax.imshow(grid, cmap="gray", vmin=-3, vmax=3)
        ax.set_title(name)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_sparsity(results, path):
    """Histograms of the activations and of the per-example mean activations, seed 0 (Fig. 8)."""
    plt = _plt()
    fig, axes = plt.subplots(len(results), 2, figsize=(9, 3 * len(results)), squeeze=False)
    for row, (name, recs) in zip(axes, results.items()):
        for ax, key, title in zip(row, ("hist_mean", "hist_activation"),
                                  ("mean activation of an example", "activation")):
            counts, edges = (np.asarray(a, float) for a in recs[0][key])
            ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge")
            ax.set_title(f"{name}: {title}", fontsize=9)
            if key == "hist_activation":
                ax.set_yscale("log")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_table(results, path):
    """Test error (%) of every run as bars with the spread over seeds."""
    plt = _plt()
    names = list(results)
    m = [_err(results[n], "test_error") for n in names]
    fig, ax = plt.subplots(figsize=(max(5, 1.1 * len(names)), 3.5))
    ax.bar(range(len(names)), [a for a, _ in m], yerr=[b for _, b in m], capsize=3)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("test error (%)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
