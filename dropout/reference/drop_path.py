"""Stochastic depth (DropPath): drop a whole residual branch per example, forward and backward.

Chapter 10, eq. ``eq-ch10-drop-path``. A residual block computes
y = h + f(h). Stochastic depth (Huang et al. 2016, "Deep networks with
stochastic depth") keeps the branch f of each example with probability p and
skips it otherwise; in the inverted form used by ``timm`` and Keras-CV a kept
branch is scaled by 1/p, so that inference is the plain block:

.. math::

    r_n \\sim \\mathrm{Bernoulli}(p), \\qquad
    y_n = h_n + \\frac{r_n}{p} f(h_n).

This module applies the mask to the branch output ``f(h)``; the caller adds the
skip connection. It is unit dropout with **one mask entry per example**,
shared by every feature of the branch: :func:`dropout.reference.dropout_forward`
with ``noise_shape=(None, 1, ..., 1)``, whose cache and backward pass it reuses.
``keep_prob`` is p, the probability of **keeping** a branch; the Keras layer
:class:`dropout.tensorflow.DropPath` takes ``rate`` = 1 - p instead.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_bool, check_float_array
from dropout.reference.dropout_layer import DropoutCache, dropout_backward, dropout_forward

__all__ = ["drop_path_forward", "drop_path_backward"]


def drop_path_forward(
    branch: np.ndarray,
    keep_prob: float,
    rng: np.random.Generator | None,
    *,
    training: bool = True,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, DropoutCache]:
    """Forward pass of DropPath on a residual branch (chapter 10, eq. ``eq-ch10-drop-path``).

    Training: ``out[n] = r_n * branch[n] / p`` with one r_n ~ Bernoulli(p) per
    example (first axis), the same for every feature of that example.
    Inference: ``out = branch``. The block's output is then ``h + out``.

    Args:
        branch: f(h), the residual branch's output, floating, shape
            ``(batch, ...)`` with at least one feature axis, e.g. ``(N, D)``.
        keep_prob: p in [0, 1], the probability of **keeping** the branch of an
            example (Keras' ``rate`` is 1 - p).
        rng: ``numpy.random.Generator`` that draws the mask; may be ``None``
            when nothing is drawn (inference, p = 0 or 1, or ``mask`` given).
        training: draw a mask (True) or return the branch unchanged (False).
        mask: optional boolean array of shape ``(batch,)`` (True = kept), used
            instead of drawing one; training mode only.

    Returns:
        ``(out, cache)``: ``out`` has the shape and dtype of ``branch``;
        ``cache`` is a :class:`dropout.reference.DropoutCache` whose mask is
        broadcast to ``branch.shape``, for :func:`drop_path_backward`.

    Raises:
        TypeError: ``branch`` not a floating array, ``keep_prob`` not a number,
            ``rng`` not a Generator when a mask must be drawn, ``training`` not
            a bool, ``mask`` not a boolean array.
        ValueError: ``branch`` with fewer than 2 axes, ``keep_prob`` outside
            [0, 1], ``mask`` not of shape ``(batch,)`` or given with
            ``training=False``.

    Example:
        >>> import numpy as np
        >>> f = np.ones((4, 3))
        >>> mask = np.array([True, False, True, True])
        >>> out, cache = drop_path_forward(f, 0.5, None, mask=mask)
        >>> # whole rows kept (x 1/p) or dropped
        >>> out.tolist()
        [[2.0, 2.0, 2.0], [0.0, 0.0, 0.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
        >>> drop_path_forward(f, 0.5, None, training=False)[0].tolist()[0]
        [1.0, 1.0, 1.0]
    """
    check_float_array(branch, "branch")
    if branch.ndim < 2:
        raise ValueError(
            f"`branch` must have a batch axis and at least one feature axis, got branch.shape={branch.shape}"
        )
    training = check_bool(training, "training")
    if mask is None:
        noise_shape = (None,) + (1,) * (branch.ndim - 1)
        return dropout_forward(branch, keep_prob, rng, training=training, noise_shape=noise_shape)
    if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_:
        raise TypeError(
            f"`mask` must be a boolean NumPy array of shape (batch,) (True = kept), got "
            f"{getattr(mask, 'dtype', type(mask).__name__)}"
        )
    if mask.shape != branch.shape[:1]:
        raise ValueError(f"`mask` must have shape (batch,) = {branch.shape[:1]}, got mask.shape={mask.shape}")
    full = np.broadcast_to(mask.reshape((-1,) + (1,) * (branch.ndim - 1)), branch.shape).copy()
    return dropout_forward(branch, keep_prob, rng, training=training, mask=full)


def drop_path_backward(dout: np.ndarray, cache: DropoutCache) -> np.ndarray:
    """Backward pass of DropPath (chapter 10, eq. ``eq-ch10-drop-path``): ``dbranch = r_n * dout / p``.

    The gradient reaches the branch only for the examples whose branch was
    kept, scaled by 1/p; the skip connection (added by the caller) passes
    ``dout`` unchanged. No new mask is drawn.

    Args:
        dout: upstream gradient, shape of the branch.
        cache: the cache returned by :func:`drop_path_forward`.

    Returns:
        The gradient with respect to ``branch``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout`` has another shape than the branch.

    Example:
        >>> import numpy as np
        >>> mask = np.array([False, True])
        >>> f = np.ones((2, 2))
        >>> out, cache = drop_path_forward(f, 0.5, None, mask=mask)
        >>> drop_path_backward(np.ones((2, 2)), cache).tolist()
        [[0.0, 0.0], [2.0, 2.0]]
    """
    return dropout_backward(dout, cache)
