"""Figure 9 of the paper: the retention probability p, with n fixed (9a) or p * n fixed (9b).

Fig. 9a keeps the widths n of a 784-2048-2048-2048-10 ReLU net fixed and
varies the hidden units' p; Fig. 9b keeps p * n = 256 (the expected number
of units kept), so small p means a wide net. The inputs keep p = 0.8 in
every run (our choice; the paper varies the hidden layers' p).
"""

from __future__ import annotations

from dropout.experiments.experiment import Comparison, Experiment, run_experiment
from dropout.experiments.paper import FIGURES
from dropout.experiments.recipes import ADAM, RATE_INPUT
from dropout.experiments.spec import RunSpec, scale_widths

__all__ = ["P_VALUES", "FIG9A", "FIG9B", "rate_sweep_specs", "run_rate_sweep"]

P_VALUES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
FIG9A_HIDDEN = (2048, 2048, 2048)
FIG9B_PN = 256


def rate_sweep_specs(p_values=P_VALUES, *, hidden=FIG9A_HIDDEN, pn=None, scale=1.0, recipe=ADAM):
    """The runs of Fig. 9: one per retention probability p of the hidden units.

    With ``pn=None`` every run has the widths ``hidden`` (Fig. 9a); with
    ``pn`` every hidden layer has n = round(pn / p) units (Fig. 9b), as many
    layers as ``hidden``. Widths are then multiplied by ``scale``.
    """
    specs = []
    for p in p_values:
        widths = hidden if pn is None else tuple(round(pn / p) for _ in hidden)
        specs.append(RunSpec(name=f"p{p:.2f}", hidden=scale_widths(widths, scale), rate_input=RATE_INPUT,
                             rate_hidden=round(1.0 - p, 10), value=p, **recipe))
    return specs


def _comparisons(specs):
    names = [s.name for s in specs]
    if "p0.50" in names and "p1.00" in names:
        return [Comparison("p = 0.5 beats no hidden dropout", "p0.50", "p1.00")]
    return []


def _plot(records, path):
    from dropout.experiments.figures import plot_sweep

    plot_sweep(records, path, xlabel="retention probability p")


FIG9A = Experiment(
    "fig9a", "test and training error against p, widths fixed (Fig. 9a)", FIGURES["fig9a"],
    lambda scale, n: rate_sweep_specs(scale=scale), comparisons=_comparisons, plot=_plot)
FIG9B = Experiment(
    "fig9b", "test and training error against p, p*n fixed (Fig. 9b)", FIGURES["fig9b"],
    lambda scale, n: rate_sweep_specs(pn=FIG9B_PN, scale=scale), comparisons=_comparisons, plot=_plot)


def run_rate_sweep(train_data, test_data, *, p_values=P_VALUES, hidden=FIG9A_HIDDEN, pn=None, scale=1.0,
                   seeds=(0, 1, 2), epochs=10, recipe=ADAM, **kwargs):
    """Fig. 9 at any size: train one run per p and return ``{run: [record per seed]}``.

    Example (a tiny version; the chapter and the command use larger ones)::

        results = run_rate_sweep(train, test, p_values=(0.5, 1.0), hidden=(64, 64), seeds=[0, 1], epochs=2)
        results["p0.50"][0]["test_error"]
    """
    experiment = Experiment(
        "fig9b" if pn else "fig9a", "", "",
        lambda scale_, n: rate_sweep_specs(p_values, hidden=hidden, pn=pn, scale=scale_, recipe=recipe))
    return run_experiment(experiment, train_data, test_data, seeds=seeds, epochs=epochs, scale=scale, **kwargs)
