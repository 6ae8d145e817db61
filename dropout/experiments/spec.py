"""One training run of an experiment, described by value: :class:`RunSpec`.

A run is one network, one recipe and one training set; an experiment is a
list of runs, each trained with several seeds. The rates follow Keras: the
probability of **dropping** a unit, ``rate = 1 - p`` for the paper's
retention probability p.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

__all__ = ["RunSpec", "scale_widths"]


@dataclass(frozen=True)
class RunSpec:
    """A run of an experiment: the network, its regulariser and its optimiser.

    Attributes:
        name: the run's name in results and file names (letters, digits, ``-_.``).
        hidden: hidden widths, e.g. ``(1024, 1024, 2048)``.
        rate_input: dropout rate (1 - p) on the input.
        rate_hidden: dropout rate (1 - p) after every hidden layer.
        activation: ``"relu"`` or ``"sigmoid"`` (the paper's logistic units).
        noise: ``"bernoulli"`` or ``"gaussian"`` (variance-matched, Table 10).
        max_norm: c of the max-norm constraint, or None.
        l2: L2 coefficient (0 for none).
        optimizer: ``"adam"`` or ``"sgd"`` (with ``momentum``).
        learning_rate: the optimiser's step size.
        momentum: SGD's momentum.
        batch_size: mini-batch size.
        train_size: train on a stratified subset of this many examples (None: all).
        epoch_factor: train for ``ceil(epochs * epoch_factor)`` epochs (small
            training sets get more epochs, so that every run takes about as many steps).
        value: the quantity the experiment varies (p, n, a data-set size ...), for plots.
    """

    name: str
    hidden: tuple
    rate_input: float = 0.2
    rate_hidden: float = 0.5
    activation: str = "relu"
    noise: str = "bernoulli"
    max_norm: float | None = None
    l2: float = 0.0
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.0
    batch_size: int = 100
    train_size: int | None = None
    epoch_factor: float = 1.0
    value: float | None = None

    def epochs(self, epochs: int) -> int:
        """The number of epochs of this run when the command asks for ``epochs``."""
        return max(1, math.ceil(epochs * self.epoch_factor))

    def group_key(self) -> tuple:
        """Runs with the same key (all but name, rates and value) train together as replicas."""
        fields = dataclasses.asdict(self)
        for name in ("name", "rate_input", "rate_hidden", "value"):
            fields.pop(name)
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in fields.items()))

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["hidden"] = list(self.hidden)
        return d


def scale_widths(hidden, scale: float) -> tuple:
    """The widths ``hidden`` times ``scale``, rounded, at least 2 units each.

    Example:
        >>> scale_widths((1024, 1024, 2048), 0.125)
        (128, 128, 256)
    """
    if not (isinstance(scale, int | float) and scale > 0):
        raise ValueError(f"`scale` must be a positive number, got scale={scale!r}")
    return tuple(max(2, round(h * scale)) for h in hidden)
