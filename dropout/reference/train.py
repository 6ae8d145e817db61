"""Mini-batch training of the NumPy MLP, with a per-epoch history.

Chapter 5 trains :class:`~dropout.reference.mlp.MLP` by mini-batch gradient
descent: each epoch shuffles the training set with ``rng``, cuts it into
batches, and for each batch draws fresh dropout masks, computes the gradient
and takes an optimizer step (then applies the max-norm constraint, if asked).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dropout._checks import check_nonnegative_real, check_positive_int, check_rng
from dropout.reference.layers import check_labels, softmax_cross_entropy
from dropout.reference.mlp import MLP
from dropout.reference.optim import max_norm

__all__ = ["History", "fit"]


@dataclass
class History:
    """What :func:`fit` records.

    Attributes:
        train_loss: per epoch, mean cross-entropy on the whole training set
            with dropout off (the test-time network), without the L2 term.
        train_acc: per epoch, training accuracy with dropout off.
        val_loss: per epoch, validation cross-entropy with dropout off
            (empty without validation data).
        val_acc: per epoch, validation accuracy with dropout off.
        batch_loss: per mini-batch, the cross-entropy of that batch **with**
            dropout on, before the step (the noisy training curve), without the L2 term.
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.train_loss)


def fit(
    model: MLP,
    x_train: np.ndarray,
    y_train: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    optimizer,
    rng: np.random.Generator,
    x_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    l2: float = 0.0,
    max_norm_c: float | None = None,
) -> History:
    """Train ``model`` in place by mini-batch SGD with dropout (chapter 5, eq. ``eq-ch05-momentum``).

    Each epoch visits every example once in an order drawn from ``rng``; the
    last batch may be smaller. The same ``rng`` draws the dropout masks, so a
    seed fixes the whole run. The objective of each step is the batch
    cross-entropy plus ``(l2 / 2) sum ||W||^2`` (see ``MLP.loss_and_grads``).

    Args:
        model: the :class:`~dropout.reference.mlp.MLP` to train (its ``params`` change).
        x_train: inputs, shape ``(N, sizes[0])``, floating, finite; cast once to ``model.dtype``.
        y_train: integer labels, shape ``(N,)``.
        epochs: number of passes over the data, a positive int.
        batch_size: examples per step, a positive int (clipped to N).
        optimizer: an object with ``step(params, grads)``, e.g.
            :class:`~dropout.reference.optim.SGDMomentum`.
        rng: ``numpy.random.Generator`` for the shuffles and the masks.
        x_val, y_val: optional validation set (both or neither).
        l2: L2 coefficient, >= 0.
        max_norm_c: if given, apply ``max_norm(model.params, max_norm_c)`` after every step.

    Returns:
        A :class:`History`.

    Raises:
        TypeError: ``model`` not an MLP, ``optimizer`` without ``step``, bad
            array types, ``epochs``/``batch_size`` not ints, ``rng`` not a Generator.
        ValueError: bad shapes, NaN in the inputs, labels out of range,
            ``epochs``/``batch_size`` < 1, only one of ``x_val``/``y_val``,
            negative ``l2``, non-positive ``max_norm_c``.

    Example:
        >>> import numpy as np
        >>> from dropout.reference.mlp import MLP
        >>> from dropout.reference.optim import SGDMomentum
        >>> rng = np.random.default_rng(0)
        >>> x = rng.standard_normal((64, 2)); y = (x[:, 0] > 0).astype(int)
        >>> net = MLP([2, 16, 2], keep_prob_hidden=0.8, rng=rng)
        >>> h = fit(net, x, y, epochs=5, batch_size=16, optimizer=SGDMomentum(0.1), rng=rng)
        >>> h.epochs, len(h.batch_loss), h.train_loss[-1] < h.train_loss[0]
        (5, 20, True)
    """
    if not isinstance(model, MLP):
        raise TypeError(f"`model` must be a dropout.reference.mlp.MLP, got {type(model).__name__}")
    x_train = model.check_x(x_train, "x_train")
    check_labels(y_train, x_train.shape[0], model.sizes[-1], "y_train")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"`optimizer` must have a step(params, grads) method, got {type(optimizer).__name__}")
    check_rng(rng)
    if (x_val is None) != (y_val is None):
        raise ValueError("`x_val` and `y_val` must be given together, or neither")
    if x_val is not None:
        x_val = model.check_x(x_val, "x_val")
        check_labels(y_val, x_val.shape[0], model.sizes[-1], "y_val")
    l2 = check_nonnegative_real(l2, "l2")
    if max_norm_c is not None:
        max_norm_c = check_nonnegative_real(max_norm_c, "max_norm_c")
        if max_norm_c == 0:
            raise ValueError("`max_norm_c` must be positive, got max_norm_c=0")

    history = History()
    n = x_train.shape[0]
    no_masks = [None] * model.n_layers
    W_keys = [f"W{l}" for l in range(1, model.n_layers + 1)]
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            xb, yb = x_train[idx], y_train[idx]
            # Inputs are checked once above; the private pass skips re-checking each batch.
            logits, cache = model._forward(xb, rng, True, no_masks)
            loss, dlogits = softmax_cross_entropy(logits, yb)
            grads = model.backward(dlogits, cache)
            if l2:
                model._add_l2_grads(grads, l2)
            optimizer.step(model.params, grads)
            if max_norm_c is not None:
                max_norm(model.params, max_norm_c, keys=W_keys)
            history.batch_loss.append(loss)
        loss, acc = model.evaluate(x_train, y_train)
        history.train_loss.append(loss)
        history.train_acc.append(acc)
        if x_val is not None:
            loss, acc = model.evaluate(x_val, y_val)
            history.val_loss.append(loss)
            history.val_acc.append(acc)
    return history
