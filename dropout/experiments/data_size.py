"""Figure 10 of the paper: the size of the training set, with and without dropout.

The paper trains 784-1024-1024-2048-10 nets on 100, 500, 1K, 5K, 10K and 50K
MNIST digits (each a random subset), with and without dropout: with 100 or
500 digits dropout does not help; beyond, it helps, most at mid sizes. Here
each size is a stratified subset (the same digits for every seed), trained
for about as many steps as the largest set gets (``epoch_factor``, at most 50x).
"""

from __future__ import annotations

from dropout.experiments.experiment import Comparison, Experiment, run_experiment
from dropout.experiments.paper import FIGURES
from dropout.experiments.recipes import ADAM, RATE_HIDDEN, RATE_INPUT
from dropout.experiments.spec import RunSpec, scale_widths

__all__ = ["SIZES", "FIG10", "data_size_specs", "run_data_size"]

SIZES = (100, 500, 1000, 5000, 10000, 50000)
HIDDEN = (1024, 1024, 2048)


def data_size_specs(n_available, *, sizes=SIZES, hidden=HIDDEN, scale=1.0, recipe=ADAM, max_factor=50.0):
    """Runs ``nodrop-N`` and ``dropout-N`` for every size N in ``sizes`` below ``n_available``, and all of it."""
    sizes = sorted({n for n in sizes if n < n_available} | {n_available})
    specs = []
    for n in sizes:
        factor = min(max_factor, n_available / n)
        for name, ri, rh in (("nodrop", 0.0, 0.0), ("dropout", RATE_INPUT, RATE_HIDDEN)):
            specs.append(RunSpec(name=f"{name}-{n}", hidden=scale_widths(hidden, scale), rate_input=ri,
                                 rate_hidden=rh, train_size=n, epoch_factor=factor, value=n, **recipe))
    return specs


def _comparisons(specs):
    sizes = sorted({int(s.value) for s in specs})
    return [Comparison(f"dropout beats no dropout with {n} digits", f"dropout-{n}", f"nodrop-{n}")
            for n in sizes]


def _plot(records, path):
    from dropout.experiments.figures import plot_sweep

    plot_sweep(records, path, xlabel="training set size", logx=True)


FIG10 = Experiment("fig10", "test error against training set size, with and without dropout (Fig. 10)",
                   FIGURES["fig10"], lambda scale, n: data_size_specs(n, scale=scale),
                   comparisons=_comparisons, plot=_plot)


def run_data_size(train_data, test_data, *, sizes=SIZES, hidden=HIDDEN, scale=1.0, seeds=(0, 1, 2),
                  epochs=10, recipe=ADAM, max_factor=50.0, **kwargs):
    """Fig. 10 at any size: ``{run: [record per seed]}`` for every size, with and without dropout."""
    experiment = Experiment("fig10", "", "", lambda scale_, n: data_size_specs(
        n, sizes=sizes, hidden=hidden, scale=scale_, recipe=recipe, max_factor=max_factor))
    return run_experiment(experiment, train_data, test_data, seeds=seeds, epochs=epochs, scale=scale, **kwargs)
