"""DropConnect: drop connections (weights) instead of units, forward and backward.

Dropout multiplies the *activations* by a Bernoulli mask; DropConnect
(Wan et al. 2013, "Regularization of Neural Networks using DropConnect")
multiplies the *weights* of a fully connected layer by one (chapter 10,
eq. ``eq-ch10-dropconnect``):

.. math::

    M_{ij} \\sim \\mathrm{Bernoulli}(p), \\qquad
    \\mathrm{out} = x \\, (M * W) / p + b,

with one example per row of x, so W has shape ``(inputs, units)`` as in
:func:`dropout.reference.affine_forward`. ``keep_prob`` is p, the
probability of **keeping** a weight, as for
:func:`dropout.reference.dropout_forward`.

=========  ================================  ================================
mode       inverted (default)                standard (the paper's scaling)
=========  ================================  ================================
training   ``out = x @ (M * W) / p + b``     ``out = x @ (M * W) + b``
inference  ``out = x @ W + b``               ``out = x @ (p W) + b``
=========  ================================  ================================

Since E[M_ij / p] = 1, the training output of the inverted form has expectation
x @ W + b over the masks: inference with the full weights is the mean of the
training layer (chapter 10, eq. ``eq-ch10-dropconnect-mean``). Dropping unit j
of the input (dropout) is the special case where row j of M is all zeros or
all ones.

Choices, and what Wan et al. do differently:

* **One mask per mini-batch.** M is drawn once per call and shared by every
  row of x; it is the simplest form and costs one mask of the size of W.
  Wan et al. describe M as drawn independently for every *example*, which
  needs a (N, D, M) mask (one weight matrix per example); that per-example
  variant has the same expectation, but the rows of one batch are then
  independent given x. Use ``mask=`` with a mask per call, or call this
  function once per row, to emulate it.
* **The bias is never masked.** Wan et al. fold the bias into W (an input
  fixed at 1), so their mask can drop it too.
* **Inference by the mean weights.** The table's inference rule replaces each
  mask by its mean. Wan et al. instead approximate the distribution of each
  unit's pre-activation by a Gaussian and average the activation over samples
  from it; for a layer without a non-linearity the two agree in expectation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dropout._checks import check_bool, check_float_array, check_keep_prob, check_mask, check_rng
from dropout.reference.fast_mask import fast_bernoulli_mask
from dropout.reference.layers import affine_backward, affine_forward

__all__ = ["DropConnectCache", "dropconnect_forward", "dropconnect_backward"]


class DropConnectCache(NamedTuple):
    """What ``dropconnect_backward`` needs: the input and the weights the forward pass used.

    Attributes:
        x: the input of the forward pass, shape ``(N, D)``.
        W_eff: the weights actually used, shape ``(D, M)``: ``M * W / p``
            (inverted) or ``M * W`` (standard) in training, ``W`` or ``p * W``
            at inference.
        mask: boolean array M of the shape of ``W`` (True = kept), or ``None``
            when no mask was drawn (inference, or ``keep_prob == 1``).
        keep_prob: p, the probability of keeping a weight.
        training: whether the forward pass ran in training mode.
        inverted: whether kept weights were scaled by 1/p during training.
    """

    x: np.ndarray
    W_eff: np.ndarray
    mask: np.ndarray | None
    keep_prob: float
    training: bool
    inverted: bool


def _check_shapes(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> None:
    if x.ndim != 2 or W.ndim != 2 or W.shape[0] != x.shape[1] or b.shape != (W.shape[1],):
        raise ValueError(
            f"shapes do not fit: x {x.shape} @ W {W.shape} + b {b.shape}; "
            f"need x (N, D), W (D, M), b (M,)"
        )


def dropconnect_forward(
    x: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
    keep_prob: float,
    rng: np.random.Generator | None,
    *,
    training: bool = True,
    inverted: bool = True,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, DropConnectCache]:
    """Forward pass of a fully connected layer with DropConnect (chapter 10, eq. ``eq-ch10-dropconnect``).

    Training: ``out = x @ (M * W) / p + b`` (inverted) or ``x @ (M * W) + b``
    (standard), with M_ij ~ Bernoulli(p) drawn anew at every call, **one
    mask for the whole mini-batch** (every row of ``x`` sees the same thinned
    weights; Wan et al. draw one per example, see the module notes).
    Inference: ``out = x @ W + b`` (inverted) or ``x @ (p W) + b`` (standard).
    ``keep_prob = 1`` is the plain affine layer in training (no mask is drawn).
    The affine map itself is :func:`dropout.reference.affine_forward`;
    the mask comes from :func:`dropout.reference.fast_bernoulli_mask`,
    as in :func:`dropout.reference.dropout_forward`.

    Args:
        x: inputs, shape ``(N, D)``, floating.
        W: weights, shape ``(D, M)``, floating; column j holds the incoming
            weights of unit j.
        b: biases, shape ``(M,)``, floating; never masked.
        keep_prob: p in (0, 1], the probability of **keeping** a weight.
        rng: ``numpy.random.Generator`` that draws M; may be ``None`` when
            nothing is drawn (inference, ``keep_prob == 1``, or ``mask`` given).
        training: draw a mask (True) or run the inference rule (False); a bool.
        inverted: scale kept weights by 1/p during training (True) or scale W
            by p at inference (False).
        mask: optional boolean array M of the shape of ``W`` (True = kept),
            used instead of drawing one; training mode only.

    Returns:
        ``(out, cache)``: ``out`` of shape ``(N, M)``; ``cache`` is a
        :class:`DropConnectCache` for :func:`dropconnect_backward`.

    Raises:
        TypeError: ``x``, ``W`` or ``b`` not a floating array, ``keep_prob`` not
            a number, ``rng`` not a Generator when a mask must be drawn,
            ``training`` or ``inverted`` not a bool, ``mask`` not a boolean array.
        ValueError: shapes that do not fit (x (N, D), W (D, M), b (M,));
            ``keep_prob`` NaN or outside (0, 1]; ``mask`` of another shape than
            ``W``, or given with ``training=False``.

    Example:
        >>> import numpy as np
        >>> x, W, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
        >>> gen = np.random.default_rng(0)
        >>> out, cache = dropconnect_forward(x, W, b, 0.5, gen)
        >>> out.shape, sorted(set(cache.W_eff.ravel().tolist()))
        ((2, 4), [0.0, 2.0])
        >>> bool(np.all(out[0] == out[1]))      # one mask for the whole batch
        True
        >>> dropconnect_forward(x, W, b, 0.5, None, training=False)[0].tolist()
        [[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]
    """
    check_float_array(x, "x")
    check_float_array(W, "W")
    check_float_array(b, "b")
    _check_shapes(x, W, b)
    p = check_keep_prob(keep_prob)  # p = 0 refused: W / p
    training = check_bool(training, "training")
    inverted = check_bool(inverted, "inverted")
    if mask is not None:
        check_mask(mask, W.shape, training, "W")
    if rng is not None or (training and p < 1.0 and mask is None):
        check_rng(rng)

    if not training:
        W_eff = W if inverted else (W * p).astype(W.dtype, copy=False)
    elif mask is None and p == 1.0:
        W_eff = W
    else:
        if mask is None:
            mask = fast_bernoulli_mask(W.shape, p, rng)
        W_eff = W * mask
        if inverted:
            W_eff /= W.dtype.type(p)
    out, _ = affine_forward(x, W_eff, b)
    return out, DropConnectCache(x, W_eff, mask, p, training, inverted)


def dropconnect_backward(dout: np.ndarray, cache: DropConnectCache):
    """Backward pass of DropConnect: gradients through the kept weights only.

    With ``out = x @ W_eff + b`` and ``W_eff = M * W / p`` (inverted training):
    ``dx = dout @ W_eff.T``, ``dW = M * (x.T @ dout) / p`` and
    ``db = dout.sum(axis=0)``; a dropped weight gets a zero gradient. The
    standard form drops the 1/p; at inference dW is ``x.T @ dout`` (inverted)
    or ``p * x.T @ dout`` (standard). The mask and the effective weights come
    from ``cache``; no new mask is ever drawn. The affine part is
    :func:`dropout.reference.affine_backward`.

    Args:
        dout: upstream gradient dL/dout, shape ``(N, M)``.
        cache: the :class:`DropConnectCache` returned by :func:`dropconnect_forward`.

    Returns:
        ``(dx, dW, db)`` with the shapes of ``x``, ``W`` and ``b``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout`` has another shape than the forward output.

    Example:
        >>> import numpy as np
        >>> x, W, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
        >>> mask = np.array([[True, False, True, True]] * 3)
        >>> out, cache = dropconnect_forward(x, W, b, 0.5, None, mask=mask)
        >>> dx, dW, db = dropconnect_backward(np.ones((2, 4)), cache)
        >>> dW[0].tolist(), db.tolist()
        ([4.0, 0.0, 4.0, 4.0], [2.0, 2.0, 2.0, 2.0])
    """
    dx, dW_eff, db = affine_backward(dout, (cache.x, cache.W_eff))
    p = cache.keep_prob
    if not cache.training:
        dW = dW_eff if cache.inverted else (dW_eff * p).astype(dW_eff.dtype, copy=False)
    elif cache.mask is None:  # keep_prob == 1, nothing dropped
        dW = dW_eff
    else:
        dW = dW_eff * cache.mask
        if cache.inverted:
            dW /= dW.dtype.type(p)
    return dx, dW, db
