"""Dropout as a layer: forward and backward pass with an explicit cache.

Chapter 3 writes the training forward pass of layer l as

.. math::

    r^{(l)}_j \\sim \\mathrm{Bernoulli}(p), \\qquad
    \\tilde y^{(l)} = r^{(l)} * y^{(l)},

and chapter 4 derives the two ways to keep the expected activation equal at
training and test time:

* **standard** dropout (the paper's form): ``out = r * x`` during training, and
  the weights are scaled by p at test time, W_test = p W, which for the
  activations means ``out = p * x`` at inference (chapter 3,
  eq. ``eq-ch03-test-scaling``; chapter 4, eq. ``eq-ch04-test-scaling``);
* **inverted** dropout (Keras, PyTorch): ``out = r * x / p`` during training,
  so that E[out] = x, and inference is the identity (chapter 3, eq. ``eq-ch03-inverted``;
  chapter 4, eq. ``eq-ch04-inverted``).

Both select rather than multiply: a dropped unit is exactly 0 even where x is
inf or NaN (``inf * 0`` would be NaN), as in ``keras.layers.Dropout``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dropout._checks import check_float_array, check_keep_prob, check_mask, check_noise_shape, check_rng
from dropout.reference.fast_mask import fast_bernoulli_mask

__all__ = ["DropoutCache", "dropout_forward", "dropout_backward"]


class DropoutCache(NamedTuple):
    """What ``dropout_backward`` needs: the mask drawn in the forward pass.

    Attributes:
        mask: boolean array r of the input's shape (True = kept), broadcast
            from ``noise_shape`` if one was given, all False when
            ``keep_prob == 0``; ``None`` when no mask was used (inference, or
            ``keep_prob == 1``).
        keep_prob: p, the probability of keeping a unit.
        training: whether the forward pass ran in training mode.
        inverted: whether survivors were scaled by 1/p during training.
        shape: the shape of the input, which ``dout`` must match.
    """

    mask: np.ndarray | None
    keep_prob: float
    training: bool
    inverted: bool
    shape: tuple[int, ...]


def dropout_forward(
    x: np.ndarray,
    keep_prob: float,
    rng: np.random.Generator | None,
    *,
    training: bool = True,
    inverted: bool = True,
    mask: np.ndarray | None = None,
    noise_shape: tuple[int | None, ...] | None = None,
) -> tuple[np.ndarray, DropoutCache]:
    """Forward pass of dropout (chapter 3, eqs. ``eq-ch03-mask`` and ``eq-ch03-dropout-forward``).

    ``keep_prob`` is p, the probability of keeping a unit. Standard dropout
    scales by p at test time (chapter 3, eq. ``eq-ch03-test-scaling``);
    inverted dropout divides by p in training and is the identity at test
    time (chapter 3, eq. ``eq-ch03-inverted``).

    =========  ==========================  ==========================
    mode       inverted (default)          standard (the paper's)
    =========  ==========================  ==========================
    training   ``out = r * x / p``         ``out = r * x``
    inference  ``out = x``                 ``out = p * x``
    =========  ==========================  ==========================

    with r ~ Bernoulli(p) drawn anew for every call and every entry of ``x``,
    by :func:`dropout.reference.fast_bernoulli_mask` (the same
    distribution as :func:`dropout.reference.bernoulli_mask`, with p
    rounded to a multiple of 2^-32).
    ``keep_prob = 1`` is the identity in training (no mask is drawn).
    A given ``mask`` replaces the draw, so that a test or a chapter can run the
    same mask through two implementations.

    Edge cases, as in ``keras.layers.Dropout``:

    ==================  ====================================================
    inf and NaN         The product r * x is computed as a selection: a dropped
                        unit is exactly 0 even where x is inf or NaN (not
                        ``inf * 0 = NaN``), and its gradient is exactly 0; a
                        kept unit is x / p (or x), so a kept NaN stays NaN.
    ``keep_prob = 0``   Every unit is dropped: training gives exact zeros (and
                        zero gradients), without dividing by p; inference is
                        the identity (inverted) or p * x = 0 (standard).
    ==================  ====================================================

    Args:
        x: floating array of any shape, e.g. ``(batch, units)``.
        keep_prob: p in [0, 1], the probability of **keeping** a unit.
        rng: ``numpy.random.Generator`` that draws the mask; may be ``None``
            when no mask is drawn (inference, ``keep_prob`` 0 or 1, or
            ``mask`` given).
        training: draw a mask (True) or run the inference rule (False); a bool.
        inverted: scale survivors by 1/p during training (True) or scale by p
            at inference (False, the paper's weight scaling).
        mask: optional boolean array r of the shape of ``x`` (True = kept),
            used instead of drawing one; training mode only.
        noise_shape: optional tuple of the rank of ``x``, the shape of the mask
            that is drawn and then broadcast to ``x.shape``, as in
            ``keras.layers.Dropout``: an entry of 1 shares one mask entry
            along that axis, ``None`` takes ``x``'s size. For ``x`` of shape
            ``(batch, channels, height, width)``, ``(None, None, 1, 1)`` keeps
            or drops whole feature maps. ``None`` (default) draws one entry per
            entry of ``x``.

    Returns:
        ``(out, cache)``: ``out`` has the shape and dtype of ``x``; ``cache`` is a
        :class:`DropoutCache` for :func:`dropout_backward`, holding the mask
        broadcast to ``x.shape``.

    Raises:
        TypeError: ``x`` not a floating array, ``keep_prob`` not a number,
            ``rng`` not a Generator when a mask must be drawn, ``training`` or
            ``inverted`` not a bool, ``mask`` not a boolean array,
            ``noise_shape`` not a tuple of ints and ``None``.
        ValueError: ``keep_prob`` NaN or outside [0, 1]; ``mask`` of another
            shape than ``x``, given with ``training=False``, with
            ``noise_shape``, or keeping a unit when ``keep_prob`` is 0;
            ``noise_shape`` of another rank than ``x``, or with an entry
            neither ``None``, 1 nor ``x``'s size.

    Example:
        >>> import numpy as np
        >>> x = np.ones((1, 6))
        >>> out, cache = dropout_forward(x, 0.5, np.random.default_rng(1))
        >>> sorted(set(out.ravel().tolist()))
        [0.0, 2.0]
        >>> gen = np.random.default_rng(1)
        >>> out, _ = dropout_forward(x, 0.5, gen, training=False)
        >>> out.tolist()
        [[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]
        >>> x = np.ones((2, 3))
        >>> gen = np.random.default_rng(0)
        >>> out, _ = dropout_forward(x, 0.5, gen, noise_shape=(2, 1))
        >>> out.tolist()  # one draw per row
        [[2.0, 2.0, 2.0], [0.0, 0.0, 0.0]]
    """
    check_float_array(x, "x")
    p = check_keep_prob(keep_prob, allow_zero=True)
    training = _check_bool(training, "training")
    inverted = _check_bool(inverted, "inverted")
    noise_shape = check_noise_shape(noise_shape, x.shape)
    if mask is not None:
        _check_mask(mask, x.shape, training, p, noise_shape)
    if rng is not None or (training and 0.0 < p < 1.0 and mask is None):
        check_rng(rng)

    if not training:
        out = x.copy() if inverted else _times_p(x, p)
        return out, DropoutCache(None, p, training, inverted, x.shape)
    if mask is None:
        if p == 1.0:
            return x.copy(), DropoutCache(None, p, training, inverted, x.shape)
        mask = _draw_mask(x.shape, p, rng, noise_shape)
    out = np.where(mask, x, x.dtype.type(0))  # select, not multiply: 0 even where x is inf or NaN
    if inverted and p > 0.0:  # with p = 0 there is no survivor to scale
        out /= x.dtype.type(p)
    return out, DropoutCache(mask, p, training, inverted, x.shape)


def _draw_mask(shape, p: float, rng, noise_shape) -> np.ndarray:
    """r ~ Bernoulli(p) of ``shape``: one draw per entry of ``noise_shape``, broadcast.

    p = 0 keeps nothing and draws nothing. Otherwise the mask has the same
    distribution as ``bernoulli_mask`` (chapter 3), drawn from integer bits:
    several times faster on large arrays; p is resolved to 2^-32.
    """
    if p == 0.0:
        return np.zeros(shape, dtype=bool)
    if noise_shape is None:
        return fast_bernoulli_mask(shape, p, rng)
    drawn = fast_bernoulli_mask(tuple(n if d is None else d for d, n in zip(noise_shape, shape)), p, rng)
    return np.broadcast_to(drawn, shape).copy()


def _times_p(a: np.ndarray, p: float) -> np.ndarray:
    """p * a in the dtype of ``a``; exactly 0 for p = 0 (every unit dropped), even where a is inf or NaN."""
    if p == 0.0:
        return np.zeros_like(a)
    return (a * p).astype(a.dtype, copy=False)


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a bool, got {value!r} of type {type(value).__name__}")
    return bool(value)


def _check_mask(mask, shape: tuple[int, ...], training: bool, p: float, noise_shape) -> None:
    if not training:
        raise ValueError("`mask` is only used in training: got a mask with training=False")
    if noise_shape is not None:
        raise ValueError(
            f"`mask` and `noise_shape` cannot both be given: `noise_shape` shapes the mask "
            f"that is drawn, got noise_shape={noise_shape!r} with a mask"
        )
    check_mask(mask, shape, training, "x")
    if p == 0.0 and mask.any():
        raise ValueError(
            f"`mask` keeps {int(mask.sum())} unit(s), but keep_prob=0 keeps none: "
            f"pass an all-False mask, or no mask"
        )


def dropout_backward(dout: np.ndarray, cache: DropoutCache) -> np.ndarray:
    """Backward pass of dropout
    (chapter 4, eq. ``eq-ch04-dropout-backward``; chapter 5, eq. ``eq-ch05-dropout-backward``).

    The gradient flows only through the kept units, with the same scale as the
    forward pass: ``dx = r * dout / p`` (inverted) or ``dx = r * dout``
    (standard) in training; ``dx = dout`` or ``dx = p * dout`` at inference.
    The mask comes from ``cache``; no new mask is ever drawn. As in the
    forward pass, r * dout is a selection: a dropped unit's gradient is
    exactly 0 even where ``dout`` is inf or NaN, and with ``keep_prob = 0``
    the training gradient is all zeros (p * dout = 0 at inference, standard).

    Args:
        dout: upstream gradient, same shape as the forward input.
        cache: the :class:`DropoutCache` returned by :func:`dropout_forward`.

    Returns:
        ``dx``, the gradient with respect to the forward input ``x``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout.shape`` differs from the shape of the cached mask.
    """
    check_float_array(dout, "dout")
    if dout.shape != cache.shape:
        raise ValueError(
            f"`dout` must have the shape of the forward input (the cached mask), "
            f"{cache.shape}, got dout.shape={dout.shape}"
        )
    p = cache.keep_prob
    if not cache.training:
        return dout.copy() if cache.inverted else _times_p(dout, p)
    if cache.mask is None:  # keep_prob == 1
        return dout.copy()
    dx = np.where(cache.mask, dout, dout.dtype.type(0))  # 0 even where dout is inf or NaN
    if cache.inverted and p > 0.0:
        dx /= dx.dtype.type(p)
    return dx
