"""The learning curves of a training run, one type for the NumPy and the Keras training loops.

Both :func:`dropout.reference.fit` and :func:`dropout.tensorflow.train` return
(or hold) a :class:`History`, with the same field names and meanings. A
network trained with dropout has two training curves, and the book keeps them
apart (chapter 9):

* the **full network**, dropout off, measured on the whole training set after
  each epoch (``train_loss``, ``train_acc``): the network that is used at test time;
* the **thinned networks**, dropout on, as the training loop sees them
  (``fit_loss``, ``fit_acc`` per epoch; ``batch_loss`` per mini-batch), with
  the weights changing during the epoch.

NumPy only: importing this module never imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["History"]


@dataclass
class History:
    """Per-epoch (and per-batch) curves of one training run; every value a Python float.

    Attributes:
        train_loss: per epoch, mean cross-entropy of the full network
            (**dropout off**) on the whole training set, without any weight
            penalty.
        train_acc: per epoch, the matching accuracy of the full network
            (**dropout off**) on the whole training set.
        val_loss: per epoch, the mean cross-entropy on the held-out set, as
            ``train_loss`` (empty without held-out data).
        val_acc: per epoch, the accuracy on the held-out set, as ``train_acc``
            (empty without held-out data).
        fit_loss: per epoch, the mean over the epoch's mini-batches (weighted
            by their sizes) of the batch loss **with dropout on**, each taken
            before the batch's step, without any weight penalty.
        fit_acc: per epoch, the matching accuracy with dropout on (filled by
            the Keras loop, which gets it for free from ``fit``; empty for the
            NumPy loop).
        batch_loss: per mini-batch, the loss with dropout on (the noisy
            training curve of chapter 9; filled by the NumPy loop, empty for
            the Keras loop, whose ``fit`` reports only running means).

    :func:`dropout.tensorflow.train` fills ``train_*`` and ``val_*`` only when
    asked for curves (``curves=True``); ``fit_loss`` always has one entry per epoch.

    Example:
        >>> h = History(fit_loss=[0.9, 0.5], batch_loss=[1.0, 0.8, 0.6, 0.4])
        >>> h.epochs, h.val_acc
        (2, [])
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    fit_loss: list[float] = field(default_factory=list)
    fit_acc: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Number of epochs recorded (the length of ``fit_loss``)."""
        return len(self.fit_loss)
