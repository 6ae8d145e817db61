"""The MNIST experiments of Srivastava et al. (2014), for the command and the chapters alike.

``python -m dropout.experiments EXPERIMENT`` runs one of them
(:mod:`dropout.experiments.cli`); chapter 7, "Reproducing the paper", calls the same functions at a
smaller size. Rates are Keras rates (the probability of **dropping** a unit,
1 - p); the paper's p is the probability of keeping one.

Modules:

* :mod:`~dropout.experiments.spec` — :class:`RunSpec`, one run;
* :mod:`~dropout.experiments.recipes` and :mod:`~dropout.experiments.paper` — the recipes, the paper's numbers;
* :mod:`~dropout.experiments.engine` — :func:`train_runs` (stacked replicas, resume, strategies),
  :func:`train_together` (several experiments in one call);
* :mod:`~dropout.experiments.experiment` — :class:`Experiment`, :func:`run_experiment`, :func:`report_lines`;
* :mod:`~dropout.experiments.measures` — :func:`measure_sparsity`, :func:`coadaptation`,
  :func:`feature_smoothness` (NumPy);
* :mod:`~dropout.experiments.rate_sweep` (Fig. 9), :mod:`~dropout.experiments.data_size` (Fig. 10),
  :mod:`~dropout.experiments.representations` (Figs. 7, 8, Sec. 7.1),
  :mod:`~dropout.experiments.tables` (Tables 2, 9, 10, Appendix A.2);
* :mod:`~dropout.experiments.store`, :mod:`~dropout.experiments.progress`, :mod:`~dropout.experiments.figures`.

Training needs TensorFlow, imported when a run starts, not by this package.
"""

from dropout.experiments.data_size import run_data_size
from dropout.experiments.engine import train_runs, train_together
from dropout.experiments.experiment import Comparison, Experiment, report_lines, run_experiment, test_errors
from dropout.experiments.measures import coadaptation, error_rate, feature_smoothness, measure_sparsity
from dropout.experiments.rate_sweep import run_rate_sweep
from dropout.experiments.registry import EXPERIMENTS
from dropout.experiments.spec import RunSpec, scale_widths

__all__ = ["EXPERIMENTS", "RunSpec", "scale_widths", "Experiment", "Comparison", "run_experiment",
           "report_lines", "test_errors", "train_runs", "train_together", "run_rate_sweep", "run_data_size",
           "measure_sparsity", "coadaptation", "feature_smoothness", "error_rate"]
