"""The experiments of the command, by name."""

from dropout.experiments.data_size import FIG10
from dropout.experiments.rate_sweep import FIG9A, FIG9B
from dropout.experiments.representations import COADAPTATION, FEATURES, SPARSITY
from dropout.experiments.tables import MAXNORM_LR, TABLE2_EXP, TABLE9_EXP, TABLE10_EXP

__all__ = ["EXPERIMENTS"]

#: name -> :class:`~dropout.experiments.experiment.Experiment`, in the command's order.
EXPERIMENTS = {e.name: e for e in (FIG9A, FIG9B, FIG10, FEATURES, SPARSITY, COADAPTATION, TABLE9_EXP,
                                   TABLE10_EXP, MAXNORM_LR, TABLE2_EXP)}
