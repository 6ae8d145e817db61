"""Figures 7 and 8 and Section 7.1: what dropout does to the hidden units.

Three experiments on the same pair of networks, trained with and without
dropout on the hidden units (inputs not dropped, so the first-layer
features compare directly):

* ``features`` (Fig. 7): the first layer's features as 28 x 28 images, and
  their smoothness (:func:`~dropout.experiments.measures.feature_smoothness`);
* ``sparsity`` (Fig. 8): histograms of the hidden activations and of their
  per-example means (:func:`~dropout.experiments.measures.measure_sparsity`);
* ``coadaptation`` (Section 7.1): the loss increase when one hidden unit is
  removed at test time, and the correlation between units
  (:func:`~dropout.experiments.measures.coadaptation`).

The paper's Figs. 7 and 8 use an autoencoder with 256 ReLU units; here a
classifier 784-256-10 (features, sparsity) or 784-256-256-10 (co-adaptation).
"""

from __future__ import annotations

import numpy as np

from dropout.experiments.experiment import Comparison, Experiment
from dropout.experiments.measures import coadaptation, feature_smoothness, measure_sparsity
from dropout.experiments.paper import FIGURES
from dropout.experiments.recipes import ADAM, RATE_HIDDEN
from dropout.experiments.spec import RunSpec, scale_widths

__all__ = ["FEATURES", "SPARSITY", "COADAPTATION", "pair_specs", "N_FEATURES"]

#: How many first-layer features each record keeps (for the image grid).
N_FEATURES = 36


def pair_specs(hidden, scale=1.0, recipe=ADAM):
    """Two runs: ``nodrop`` and ``dropout`` (hidden p = 0.5, inputs kept)."""
    widths = scale_widths(hidden, scale)
    return [RunSpec("nodrop", widths, rate_input=0.0, rate_hidden=0.0, **recipe),
            RunSpec("dropout", widths, rate_input=0.0, rate_hidden=RATE_HIDDEN, **recipe)]


def _features(spec, weights, train_data, test_data):
    W1 = weights[0][0]
    return {"smoothness": feature_smoothness(W1),
            "features": np.round(W1[:, :N_FEATURES].T, 4)}


def _sparsity(spec, weights, train_data, test_data):
    s = measure_sparsity(weights, test_data[0], spec.activation)
    return {"mean_activation": s["mean_activation"], "fraction_active": s["fraction_active"],
            "hist_activation": s["hist_activation"], "hist_mean": s["hist_mean"]}


def _coadaptation(spec, weights, train_data, test_data):
    c = coadaptation(weights, test_data[0], test_data[1], spec.activation)
    return {k: c[k] for k in ("ablation_mean", "ablation_max", "mean_abs_correlation")}


def _plot(kind):
    def plot(records, path):
        from dropout.experiments import figures

        getattr(figures, f"plot_{kind}")(records, path)

    return plot


FEATURES = Experiment(
    "features", "first-layer features with and without dropout, as image grids (Fig. 7)",
    FIGURES["features"], lambda scale, n: pair_specs((256,), scale), measure=_features,
    comparisons=lambda specs: [Comparison("dropout features are smoother", "dropout", "nodrop",
                                          "smoothness", +1)],
    plot=_plot("features"), columns=("smoothness",))
SPARSITY = Experiment(
    "sparsity", "histograms of hidden activations and of their means (Fig. 8)", FIGURES["sparsity"],
    lambda scale, n: pair_specs((256,), scale), measure=_sparsity,
    comparisons=lambda specs: [Comparison("dropout lowers the mean activation", "dropout", "nodrop",
                                          "mean_activation", -1)],
    plot=_plot("sparsity"), columns=("mean_activation", "fraction_active"))
COADAPTATION = Experiment(
    "coadaptation", "loss increase when one hidden unit is removed, and unit correlations (Sec. 7.1)",
    FIGURES["coadaptation"], lambda scale, n: pair_specs((256, 256), scale), measure=_coadaptation,
    comparisons=lambda specs: [Comparison("removing a unit costs less with dropout", "dropout", "nodrop",
                                          "ablation_mean", -1)],
    columns=("ablation_mean", "ablation_max", "mean_abs_correlation"))
