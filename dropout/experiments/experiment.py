"""What an experiment is: its runs, what it measures, how it is reported.

An :class:`Experiment` is data plus three functions; the command
(:mod:`dropout.experiments.cli`) and the chapters run any of them the same
way, through :func:`run_experiment`, at the scale they choose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dropout.evidence import paired_difference, summarize, verdict
from dropout.experiments.engine import train_runs

__all__ = ["Experiment", "Comparison", "run_experiment", "test_errors", "report_lines"]


@dataclass(frozen=True)
class Comparison:
    """A claim checked seed by seed: ``metric`` of run ``a`` minus run ``b`` has the sign of ``direction``."""

    label: str
    a: str
    b: str
    metric: str = "test_error"
    direction: int = -1


@dataclass(frozen=True)
class Experiment:
    """One experiment of the paper.

    Attributes:
        name: the subcommand, e.g. ``"fig9a"``.
        help: one line for ``--help``.
        paper: what the paper reports, one line.
        specs: ``specs(scale, n_train) -> list[RunSpec]``: the runs at width
            ``scale`` (1 = the paper's) for a training set of ``n_train`` examples.
        paper_errors: run name -> the paper's test error in % (printed beside ours).
        comparisons: ``comparisons(specs) -> list[Comparison]``.
        measure: optional ``measure(spec, weights, train_data, test_data) -> dict``.
        plot: optional ``plot(records, path)`` writing a PNG.
        columns: further per-record numbers to print (mean over seeds).
    """

    name: str
    help: str
    paper: str
    specs: Callable
    paper_errors: dict = field(default_factory=dict)
    comparisons: Callable = lambda specs: []
    measure: Callable | None = None
    plot: Callable | None = None
    columns: tuple = ()


def run_experiment(experiment, train_data, test_data, *, seeds, epochs, scale=1.0, **kwargs):
    """Train ``experiment``'s runs at ``scale`` and return ``{run: [record per seed]}``.

    ``kwargs`` go to :func:`dropout.experiments.engine.train_runs` (``store``,
    ``progress``, ``strategy``, ``extra``, ``param_budget``).
    """
    specs = experiment.specs(scale, len(train_data[0]))
    return train_runs(specs, train_data, test_data, seeds=seeds, epochs=epochs,
                      experiment=experiment.name, measure=experiment.measure, **kwargs)


def _values(records, metric):
    return np.array([np.nan if r.get(metric) is None else r[metric] for r in records], dtype=float)


def test_errors(records):
    """Per-seed test errors of one run's records, in percent: ``(n_seeds,)``."""
    return 100.0 * _values(records, "test_error")


def _fmt(values):
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return "nan"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    s = summarize(values)
    return f"{s.mean:.2f} ± {s.sd:.2f}"


def report_lines(experiment, results):
    """The table of an experiment's results, and its paired comparisons, as lines of text."""
    specs = {name: recs[0]["spec"] for name, recs in results.items()}
    extra = [c for c in experiment.columns]
    head = f"{'run':<28} {'test err %':>14} {'train err %':>14}"
    head += "".join(f" {c:>16}" for c in extra) + (f" {'paper %':>8}" if experiment.paper_errors else "")
    lines = [experiment.paper, head]
    for name, recs in results.items():
        line = f"{name:<28} {_fmt(test_errors(recs)):>14} {_fmt(100 * _values(recs, 'train_error')):>14}"
        for c in extra:
            v = _values(recs, c)
            line += f" {np.nanmean(v) if np.isfinite(v).any() else float('nan'):>16.3f}"
        if experiment.paper_errors:
            paper = experiment.paper_errors.get(name)
            line += f" {'' if paper is None else f'{paper:.2f}':>8}"
        lines.append(line)
    from dropout.experiments.spec import RunSpec

    for c in experiment.comparisons([RunSpec(**{**s, "hidden": tuple(s["hidden"])}) for s in specs.values()]):
        unit = 100.0 if c.metric.endswith("_error") else 1.0  # errors in percentage points
        a, b = unit * _values(results[c.a], c.metric), unit * _values(results[c.b], c.metric)
        if len(a) < 2 or not (np.isfinite(a).all() and np.isfinite(b).all()):
            lines.append(f"{c.label}: needs 2 or more seeds with finite results for a verdict")
            continue
        d = paired_difference(a, b)
        what = f"{c.metric} (% points)" if unit != 1.0 else c.metric
        lines.append(f"{c.label}: {what} {c.a} - {c.b} = {d} -> {verdict(d, c.direction)}")
    return lines
