"""Tables 2, 9 and 10 of the paper and the max-norm learning rates of Appendix A.2.

* ``table2``: the paper's MNIST nets, from a standard 2 x 800 logistic net
  without dropout to a 2 x 8192 ReLU net with dropout and max-norm;
* ``table9``: regularisers of one 784-1024-1024-2048-10 ReLU net: L2,
  max-norm, dropout + L2, dropout + max-norm;
* ``table10``: Bernoulli dropout against Gaussian noise of the same mean and
  variance, e ~ N(1, (1 - p) / p);
* ``maxnorm-lr``: SGD with momentum 0.95 at learning rates 1x, 10x and 100x,
  with and without max-norm, all with dropout.

Recipes: :mod:`dropout.experiments.recipes`.
"""

from __future__ import annotations

from dropout.experiments.experiment import Comparison, Experiment
from dropout.experiments.paper import FIGURES, TABLE2, TABLE9, TABLE10
from dropout.experiments.recipes import ADAM, L2, MAX_NORM, PAPER_SGD, RATE_HIDDEN, RATE_INPUT
from dropout.experiments.spec import RunSpec, scale_widths

__all__ = ["TABLE2_EXP", "TABLE9_EXP", "TABLE10_EXP", "MAXNORM_LR", "table2_specs", "table9_specs",
           "table10_specs", "maxnorm_lr_specs", "LR_FACTORS"]

DROP = dict(rate_input=RATE_INPUT, rate_hidden=RATE_HIDDEN)
NODROP = dict(rate_input=0.0, rate_hidden=0.0)


def table2_specs(scale=1.0, recipe=PAPER_SGD):
    """The seven MNIST nets of Table 2 (widths times ``scale``)."""
    rows = [
        ("standard-2x800", (800, 800), "sigmoid", None, NODROP),
        ("dropout-logistic-3x1024", (1024,) * 3, "sigmoid", None, DROP),
        ("dropout-relu-3x1024", (1024,) * 3, "relu", None, DROP),
        ("dropout-maxnorm-3x1024", (1024,) * 3, "relu", MAX_NORM, DROP),
        ("dropout-maxnorm-3x2048", (2048,) * 3, "relu", MAX_NORM, DROP),
        ("dropout-maxnorm-2x4096", (4096,) * 2, "relu", MAX_NORM, DROP),
        ("dropout-maxnorm-2x8192", (8192,) * 2, "relu", MAX_NORM, DROP),
    ]
    return [RunSpec(name, scale_widths(h, scale), activation=act, max_norm=c, **rates, **recipe)
            for name, h, act, c, rates in rows]


def table9_specs(scale=1.0, recipe=PAPER_SGD, hidden=(1024, 1024, 2048)):
    """Table 9's regularisers on one network."""
    widths = scale_widths(hidden, scale)
    return [RunSpec("l2", widths, l2=L2, **NODROP, **recipe),
            RunSpec("maxnorm", widths, max_norm=MAX_NORM, **NODROP, **recipe),
            RunSpec("dropout-l2", widths, l2=L2, **DROP, **recipe),
            RunSpec("dropout-maxnorm", widths, max_norm=MAX_NORM, **DROP, **recipe)]


def table10_specs(scale=1.0, recipe=ADAM, hidden=(1024, 1024, 1024)):
    """Bernoulli dropout and variance-matched Gaussian noise, same rates."""
    widths = scale_widths(hidden, scale)
    return [RunSpec("bernoulli", widths, noise="bernoulli", **DROP, **recipe),
            RunSpec("gaussian", widths, noise="gaussian", **DROP, **recipe)]


#: Learning rates of ``maxnorm-lr``, as multiples of PAPER_SGD's.
LR_FACTORS = (1, 10, 100)


def maxnorm_lr_specs(scale=1.0, hidden=(1024, 1024), base_lr=0.01, momentum=0.95):
    """Dropout nets with SGD (momentum 0.95) at learning rates base x 1, 10, 100, with and without max-norm."""
    widths = scale_widths(hidden, scale)
    specs = []
    for factor in LR_FACTORS:
        for name, c in (("free", None), ("maxnorm", MAX_NORM)):
            specs.append(RunSpec(f"{name}-lr{factor}x", widths, max_norm=c, optimizer="sgd",
                                 learning_rate=base_lr * factor, momentum=momentum, batch_size=100,
                                 value=base_lr * factor, **DROP))
    return specs


def _plot_table(records, path):
    from dropout.experiments.figures import plot_table

    plot_table(records, path)


TABLE2_EXP = Experiment(
    "table2", "the paper's MNIST nets of Table 2, with its errors beside ours",
    "Table 2: MNIST test errors of standard and dropout nets",
    lambda scale, n: table2_specs(scale), paper_errors={k: v[1] for k, v in TABLE2.items()},
    comparisons=lambda specs: [Comparison("dropout (ReLU) beats the standard net", "dropout-relu-3x1024",
                                          "standard-2x800")],
    plot=_plot_table)
TABLE9_EXP = Experiment(
    "table9", "dropout against and with L2 and max-norm (Table 9)",
    "Table 9: L2 1.62, max-norm 1.35, dropout + L2 1.25, dropout + max-norm 1.05 (% error)",
    lambda scale, n: table9_specs(scale), paper_errors={k: v[1] for k, v in TABLE9.items()},
    comparisons=lambda specs: [Comparison("dropout + L2 beats L2", "dropout-l2", "l2"),
                               Comparison("dropout + max-norm beats max-norm", "dropout-maxnorm", "maxnorm")],
    plot=_plot_table)
TABLE10_EXP = Experiment(
    "table10", "Bernoulli dropout against variance-matched Gaussian noise (Table 10)",
    "Table 10: Bernoulli 1.08 ± 0.04, Gaussian 0.95 ± 0.04 (% error)",
    lambda scale, n: table10_specs(scale), paper_errors={k: v[1] for k, v in TABLE10.items()},
    comparisons=lambda specs: [Comparison("Gaussian beats Bernoulli", "gaussian", "bernoulli")],
    plot=_plot_table)
MAXNORM_LR = Experiment(
    "maxnorm-lr", "large learning rates and momentum with and without max-norm (Appendix A.2)",
    FIGURES["maxnorm-lr"], lambda scale, n: maxnorm_lr_specs(scale),
    comparisons=lambda specs: [Comparison(f"max-norm beats no constraint at {f}x", f"maxnorm-lr{f}x",
                                          f"free-lr{f}x") for f in LR_FACTORS],
    plot=_plot_table, columns=("train_loss",))
