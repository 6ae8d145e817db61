"""Dropout in a recurrent network: naive per-step masks and variational (per-sequence) masks.

Chapter 10. A simple (Elman) RNN with dropout on its inputs and on its
recurrent state computes, for t = 1 .. T (eq. ``eq-ch10-rnn``),

.. math::

    h_t = \\tanh\\!\\Big(\\frac{m^x_t * x_t}{p_x} W_x
          + \\frac{m^h_t * h_{t-1}}{p_h} W_h + b\\Big),
    \\qquad h_0 = 0,

with Bernoulli masks m^x_t (keep probability p_x) and m^h_t (p_h). The two
schemes differ only in how the masks are drawn (eq. ``eq-ch10-variational``):

* **naive**: a new mask at every time step, m_t drawn independently for each t;
* **variational** (Gal and Ghahramani 2016, "A theoretically grounded
  application of dropout in recurrent neural networks"): **one mask per
  sequence**, m_t = m for every t, on the inputs and on the recurrent state.

Keras' recurrent layers (``SimpleRNN``, ``GRU``, ``LSTM``) implement the
variational form: ``dropout=`` and ``recurrent_dropout=`` draw one mask per
sequence (per example and unit) at the first step and reuse it at every step
(``keras/src/layers/rnn/dropout_rnn_cell.py``). Keep probabilities here are the
paper's p; Keras takes ``rate`` = 1 - p.

Shapes: ``x`` is ``(N, T, D)`` (batch, time, features), ``W_x`` ``(D, H)``,
``W_h`` ``(H, H)``, ``b`` ``(H,)``; the forward pass returns the last state
``h_T`` of shape ``(N, H)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dropout._checks import check_bool, check_float_array, check_keep_prob, check_positive_int, check_rng
from dropout.reference.fast_mask import fast_bernoulli_mask

__all__ = ["RNNCache", "recurrent_masks", "rnn_forward", "rnn_backward"]


def recurrent_masks(
    steps: int, shape: tuple[int, int], keep_prob: float, rng: np.random.Generator, *, variational: bool
) -> np.ndarray:
    """Dropout masks for every time step (chapter 10, eq. ``eq-ch10-variational``).

    Args:
        steps: T, the number of time steps, a positive int.
        shape: ``(N, units)``, the shape of one step's mask.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.
        rng: ``numpy.random.Generator``.
        variational: one mask per sequence, the same at every step (True), or
            a new mask at every step (False, naive).

    Returns:
        A boolean array of shape ``(T, N, units)``, True = kept; with
        ``variational=True`` every ``[t]`` is the same array.

    Raises:
        TypeError: ``steps`` not an int, ``keep_prob`` not a number, ``rng`` not
            a Generator, ``variational`` not a bool.
        ValueError: ``steps`` < 1, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> gen = np.random.default_rng(0)
        >>> m = recurrent_masks(3, (2, 4), 0.5, gen, variational=True)
        >>> m.shape, bool(np.all(m[0] == m[2]))
        ((3, 2, 4), True)
    """
    steps = check_positive_int(steps, "steps")
    p = check_keep_prob(keep_prob)
    check_rng(rng)
    variational = check_bool(variational, "variational")
    shape = tuple(shape)
    if variational:
        return np.broadcast_to(fast_bernoulli_mask(shape, p, rng), (steps, *shape)).copy()
    return fast_bernoulli_mask((steps, *shape), p, rng)


class RNNCache(NamedTuple):
    """What :func:`rnn_backward` needs.

    Attributes:
        x_in: the dropped and scaled inputs, ``(T, N, D)``.
        h_in: the dropped and scaled previous states, ``(T, N, H)``.
        h: the states h_1 .. h_T, ``(T, N, H)``.
        mask_h: the recurrent masks ``(T, N, H)``, or ``None`` (no recurrent dropout).
        keep_prob_h: p_h.
        Wh: the recurrent weights.
    """

    x_in: np.ndarray
    h_in: np.ndarray
    h: np.ndarray
    mask_h: np.ndarray | None
    keep_prob_h: float
    Wh: np.ndarray


def rnn_forward(
    x: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
    rng: np.random.Generator | None = None,
    *,
    keep_prob_x: float = 1.0,
    keep_prob_h: float = 1.0,
    variational: bool = True,
    training: bool = True,
    masks: tuple[np.ndarray | None, np.ndarray | None] | None = None,
) -> tuple[np.ndarray, RNNCache]:
    """Forward pass of a tanh RNN with input and recurrent dropout (chapter 10, eq. ``eq-ch10-rnn``).

    In training the masks are drawn by :func:`recurrent_masks` (one per
    sequence if ``variational``, else one per step) unless ``masks`` gives
    them; at inference no mask is used (inverted dropout).

    Args:
        x: inputs ``(N, T, D)``, floating.
        Wx: input weights ``(D, H)``; Wh: recurrent weights ``(H, H)``; b: bias ``(H,)``.
        rng: ``numpy.random.Generator`` for the masks; may be ``None`` when none is drawn.
        keep_prob_x: p_x in (0, 1], probability of **keeping** an input unit.
        keep_prob_h: p_h in (0, 1], probability of **keeping** a state unit.
        variational: one mask per sequence (True) or per step (False).
        training: apply dropout (True) or not (False).
        masks: optional ``(mask_x, mask_h)``, boolean ``(T, N, D)`` and
            ``(T, N, H)`` arrays or ``None``, used instead of drawing.

    Returns:
        ``(h_T, cache)``: the last state ``(N, H)`` and an :class:`RNNCache`.

    Raises:
        TypeError: arrays not floating, keep probabilities not numbers, ``rng``
            not a Generator when a mask must be drawn, flags not bools.
        ValueError: shapes that do not fit; keep probabilities outside (0, 1];
            masks of the wrong shape.

    Example:
        >>> import numpy as np
        >>> x = np.ones((2, 5, 3))
        >>> Wx = np.full((3, 4), 0.1)
        >>> Wh = np.eye(4) * 0.5
        >>> b = np.zeros(4)
        >>> h, cache = rnn_forward(x, Wx, Wh, b, training=False)
        >>> h.shape, cache.h.shape
        ((2, 4), (5, 2, 4))
    """
    for name, a in (("x", x), ("Wx", Wx), ("Wh", Wh), ("b", b)):
        check_float_array(a, name)
    if x.ndim != 3 or Wx.shape != (x.shape[2], Wh.shape[0]) or Wh.shape != (Wh.shape[0],) * 2 or b.shape != (
        Wh.shape[0],
    ):
        raise ValueError(
            f"shapes do not fit: x {x.shape}, Wx {Wx.shape}, Wh {Wh.shape}, b {b.shape}; "
            f"need x (N, T, D), Wx (D, H), Wh (H, H), b (H,)"
        )
    px = check_keep_prob(keep_prob_x, "keep_prob_x")
    ph = check_keep_prob(keep_prob_h, "keep_prob_h")
    variational = check_bool(variational, "variational")
    training = check_bool(training, "training")
    n, steps, d = x.shape
    units = Wh.shape[0]
    if masks is not None:
        if not training:
            raise ValueError("`masks` are only used in training: got masks with training=False")
        mask_x, mask_h = masks
        for name, m, shape in (("mask_x", mask_x, (steps, n, d)), ("mask_h", mask_h, (steps, n, units))):
            if m is not None and (not isinstance(m, np.ndarray) or m.dtype != np.bool_ or m.shape != shape):
                raise ValueError(f"`{name}` must be a boolean array of shape {shape} or None, got {m!r:.60}")
    elif training:
        mask_x = None if px == 1.0 else recurrent_masks(steps, (n, d), px, rng, variational=variational)
        mask_h = None if ph == 1.0 else recurrent_masks(steps, (n, units), ph, rng, variational=variational)
    else:
        mask_x = mask_h = None
    dtype = x.dtype.type
    xs = np.swapaxes(x, 0, 1)  # (T, N, D)
    x_in = xs * mask_x / dtype(px) if mask_x is not None else xs.copy()
    h_in = np.empty((steps, n, units), dtype=x.dtype)
    hs = np.empty((steps, n, units), dtype=x.dtype)
    h = np.zeros((n, units), dtype=x.dtype)
    pre_x = x_in @ Wx + b  # all steps at once, (T, N, H)
    for t in range(steps):
        h_in[t] = h * mask_h[t] / dtype(ph) if mask_h is not None else h
        h = np.tanh(pre_x[t] + h_in[t] @ Wh)
        hs[t] = h
    return h, RNNCache(x_in, h_in, hs, mask_h, ph, Wh)


def rnn_backward(dh_last: np.ndarray, cache: RNNCache):
    """Backward pass through time of :func:`rnn_forward` (chapter 10, eq. ``eq-ch10-rnn``).

    The gradient flows back through the same masks as the forward pass: into
    step t's state only through the units that mask m^h_t kept, scaled by
    1/p_h. Gradients with respect to the inputs ``x`` are not needed for
    training and not returned.

    Args:
        dh_last: dL/dh_T, shape ``(N, H)``.
        cache: the :class:`RNNCache` of the forward pass.

    Returns:
        ``(dWx, dWh, db)`` with the shapes of ``Wx``, ``Wh`` and ``b``.

    Raises:
        TypeError: ``dh_last`` not a floating array.
        ValueError: ``dh_last`` of another shape than a state.

    Example:
        >>> import numpy as np
        >>> x = np.ones((2, 4, 3))
        >>> Wx = np.full((3, 5), 0.1)
        >>> Wh = np.eye(5) * 0.5
        >>> b = np.zeros(5)
        >>> gen = np.random.default_rng(0)
        >>> h, cache = rnn_forward(x, Wx, Wh, b, gen, keep_prob_h=0.5)
        >>> [g.shape for g in rnn_backward(np.ones_like(h), cache)]
        [(3, 5), (5, 5), (5,)]
    """
    check_float_array(dh_last, "dh_last")
    steps, n, units = cache.h.shape
    if dh_last.shape != (n, units):
        raise ValueError(f"`dh_last` must have the shape of a state, {(n, units)}, got {dh_last.shape}")
    dtype = dh_last.dtype.type
    da_all = np.empty_like(cache.h)
    dh = dh_last
    dWh = np.zeros_like(cache.Wh)
    for t in range(steps - 1, -1, -1):
        da = dh * (1 - cache.h[t] ** 2)
        da_all[t] = da
        dWh += cache.h_in[t].T @ da
        dh = da @ cache.Wh.T
        if cache.mask_h is not None:
            dh = dh * cache.mask_h[t] / dtype(cache.keep_prob_h)
    flat_x = cache.x_in.reshape(-1, cache.x_in.shape[2])
    flat_a = da_all.reshape(-1, units)
    return flat_x.T @ flat_a, dWh, flat_a.sum(axis=0)
