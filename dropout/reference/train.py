"""Mini-batch training of the NumPy MLP, with a per-epoch history.

Chapter 5 trains :class:`~dropout.reference.MLP` by mini-batch gradient
descent: each epoch shuffles the training set with ``rng``, cuts it into
batches, and for each batch draws fresh dropout masks, computes the gradient
(:meth:`~dropout.reference.MLP.loss_and_grads`) and takes an optimizer
step (then applies the max-norm constraint, if asked). The curves are a
:class:`dropout.history.History`, the type the Keras loop returns too.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_bool, check_nonnegative_real, check_positive_int, check_rng
from dropout.history import History
from dropout.reference.layers import check_labels
from dropout.reference.mlp import MLP
from dropout.reference.optim import max_norm

__all__ = ["fit"]


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
    curves: bool = True,
) -> History:
    """Train ``model`` in place by mini-batch SGD with dropout (chapter 5, eq. ``eq-ch05-momentum``).

    Each epoch visits every example once in an order drawn from ``rng``; the
    last batch may be smaller. The same ``rng`` draws the dropout masks, so a
    seed fixes the whole run. The objective of each step is the batch
    cross-entropy plus ``(l2 / 2) sum ||W||^2`` (``MLP.loss_and_grads``
    without the penalty, plus ``MLP.l2_grads``); the recorded losses leave the penalty out.

    Args:
        model: the :class:`~dropout.reference.MLP` to train (its ``params`` change).
        x_train: inputs, shape ``(N, sizes[0])``, floating, finite; cast once to ``model.dtype``.
        y_train: integer labels, shape ``(N,)``.
        epochs: number of passes over the data, a positive int.
        batch_size: examples per step, a positive int (clipped to N).
        optimizer: an object with ``step(params, grads)``, e.g.
            :class:`~dropout.reference.SGDMomentum`.
        rng: ``numpy.random.Generator`` for the shuffles and the masks.
        x_val, y_val: optional validation set (both or neither).
        l2: L2 coefficient, >= 0.
        max_norm_c: if given, apply ``max_norm(model.params, max_norm_c)`` after every step.
        curves: evaluate the full network after every epoch (the ``train_*``
            and ``val_*`` curves); with ``False`` nothing is evaluated and
            those lists stay empty, as in :func:`dropout.tensorflow.train`
            (the evaluations draw no random numbers, so the trained weights
            are the same either way).

    Returns:
        A :class:`dropout.history.History` with ``train_loss``, ``train_acc``
        (dropout off, whole training set; with ``curves``), ``val_loss``,
        ``val_acc`` (with ``curves``, if validation data are given),
        ``fit_loss`` and ``batch_loss`` (dropout on); ``fit_acc`` stays empty.

    Raises:
        TypeError: ``model`` not an MLP, ``optimizer`` without ``step``, bad
            array types, ``epochs``/``batch_size`` not ints, ``rng`` not a
            Generator, ``curves`` not a bool.
        ValueError: bad shapes, NaN in the inputs, labels out of range,
            ``epochs``/``batch_size`` < 1, only one of ``x_val``/``y_val``,
            negative ``l2``, non-positive ``max_norm_c``.

    Example:
        >>> import numpy as np
        >>> from dropout.reference import MLP, SGDMomentum
        >>> rng = np.random.default_rng(0)
        >>> x = rng.standard_normal((64, 2)); y = (x[:, 0] > 0).astype(int)
        >>> net = MLP([2, 16, 2], keep_prob_hidden=0.8, rng=rng)
        >>> opt = SGDMomentum(0.1)
        >>> h = fit(net, x, y, epochs=5, batch_size=16, optimizer=opt, rng=rng)
        >>> h.epochs, len(h.batch_loss), h.train_loss[-1] < h.train_loss[0]
        (5, 20, True)
        >>> # four batches of 16: fit_loss is their plain mean
        >>> abs(h.fit_loss[0] - float(np.mean(h.batch_loss[:4]))) < 1e-12
        True
    """
    if not isinstance(model, MLP):
        raise TypeError(f"`model` must be a dropout.reference.MLP, got {type(model).__name__}")
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
    curves = check_bool(curves, "curves")

    history = History()
    n = x_train.shape[0]
    W_keys = [f"W{l}" for l in range(1, model.n_layers + 1)]
    for _ in range(epochs):
        order = rng.permutation(n)
        epoch_loss = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            loss, grads = model.loss_and_grads(x_train[idx], y_train[idx], rng, training=True)
            if l2:
                for key, g in model.l2_grads(l2).items():
                    grads[key] += g
            optimizer.step(model.params, grads)
            if max_norm_c is not None:
                max_norm(model.params, max_norm_c, keys=W_keys)
            history.batch_loss.append(loss)
            epoch_loss += loss * len(idx)
        history.fit_loss.append(epoch_loss / n)
        if not curves:
            continue
        loss, acc = model.evaluate(x_train, y_train)
        history.train_loss.append(loss)
        history.train_acc.append(acc)
        if x_val is not None:
            loss, acc = model.evaluate(x_val, y_val)
            history.val_loss.append(loss)
            history.val_acc.append(acc)
    return history
