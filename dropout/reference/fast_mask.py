"""A fast sampler for the dropout mask r, with r_j ~ Bernoulli(p).

:func:`dropout.reference.bernoulli_mask` is the readable reference of
chapter 3, equation ``eq-ch03-mask``: one uniform float64 u_j per unit, kept when
u_j < p. It spends 8 random bytes on each unit and a float conversion, and on a
large array drawing those numbers costs far more than the multiply ``x * r``
that applies the mask.

:func:`fast_bernoulli_mask` draws the same distribution from integer bits,
about one random byte per unit:

1. p is rounded to the nearest multiple of 2^-32, p_eff = T / 2^32 with the
   integer T = round(p 2^32); write T = 2^24 h + l with 0 <= h <= 255 and
   0 <= l < 2^24 (h is T's high byte).
2. **Stage 1**: one random byte b_j in {0, ..., 255} per unit. The unit is kept
   when b_j < h and dropped when b_j > h.
3. **Stage 2**: only for the ties b_j = h (one unit in 256 on average), draw
   24 more random bits c_j in {0, ..., 2^24 - 1} and keep the unit when c_j < l.

So P(r_j = 1) = h / 2^8 + (1 / 2^8) (l / 2^24) = (2^24 h + l) / 2^32 = T / 2^32 = p_eff
exactly, and the units stay independent, because each unit uses its own bits.
The resolution is 2^-32 (about 2.3e-10): |p_eff - p| <= 2^-33 (about 1.2e-10)
for every p in (0, 1]. :func:`effective_keep_prob` returns p_eff.
"""

from __future__ import annotations

import math

import numpy as np

from dropout._checks import check_keep_prob, check_rng, check_shape

__all__ = ["fast_bernoulli_mask", "effective_keep_prob", "RESOLUTION_BITS"]

#: p is rounded to a multiple of 2**-RESOLUTION_BITS.
RESOLUTION_BITS = 32
_ONE = 1 << RESOLUTION_BITS  # 2**32: the threshold for p = 1
_LOW_BITS = RESOLUTION_BITS - 8  # bits drawn in stage 2 (ties only)
_BLOCK = 1 << 19  # units per block (a multiple of 8)


def _threshold(p: float) -> int:
    """T = round(p 2^32), the integer threshold; p_eff = T / 2^32."""
    # p * 2**32 is exact in binary floating point (a power-of-two scaling);
    # round() rounds half to even.
    return round(p * _ONE)


def effective_keep_prob(keep_prob: float) -> float:
    """The keep probability that :func:`fast_bernoulli_mask` actually uses.

    p_eff = round(p 2^32) / 2^32, the multiple of 2^-32 nearest to p, so
    ``abs(effective_keep_prob(p) - p) <= 2**-33`` (about 1.2e-10). It is exactly
    p when p is a multiple of 2^-32 (0.5, 0.25, 0.8125, ...). A p below 2^-33
    rounds to 0 (no unit is kept); a p above 1 - 2^-33 rounds to 1.

    Args:
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        p_eff as a float, exactly (a multiple of 2^-32 is a float64).

    Raises:
        TypeError: if ``keep_prob`` is not a real number.
        ValueError: if ``keep_prob`` is NaN or outside (0, 1].

    Example:
        >>> effective_keep_prob(0.5)
        0.5
        >>> abs(effective_keep_prob(0.8) - 0.8) <= 2**-33
        True
    """
    p = check_keep_prob(keep_prob)
    return _threshold(p) / _ONE


def fast_bernoulli_mask(shape, keep_prob: float, rng: np.random.Generator) -> np.ndarray:
    """Draw a dropout mask r with r_j ~ Bernoulli(p), fast (chapter 3, eq. ``eq-ch03-mask``).

    Same contract as :func:`dropout.reference.bernoulli_mask` (same
    arguments, checks and errors; a boolean array, ``True`` where the unit is
    kept; every entry independent, so every row and every call gets a new
    mask), but drawn from integer bits: one random byte per unit, plus 24 more
    bits for the one unit in 256 whose byte ties with the threshold (see the
    module docstring). On a large array it is several times faster than the
    float64 draw of the reference.

    Resolution: p is rounded to the nearest multiple of 2^-32,
    p_eff = round(p 2^32) / 2^32, so the maximum rounding error is
    2^-33 (about 1.2e-10); :func:`effective_keep_prob` returns p_eff. The
    masks are exactly Bernoulli(p_eff).

    The random bits come from ``rng.integers`` over the full 64-bit range, so
    every ``numpy.random`` bit generator (PCG64, MT19937, Philox, SFC64) gives
    64 random bits per draw. The stream differs from ``bernoulli_mask``'s: the
    same seed gives a different (equally distributed) mask.

    Args:
        shape: int or tuple of ints, the shape of the mask (e.g. ``(batch, units)``).
        keep_prob: p in (0, 1], the probability of **keeping** a unit
            (Keras' ``rate`` is 1 - p).
        rng: a ``numpy.random.Generator``; the only source of randomness.

    Returns:
        A boolean array of the given shape, ``True`` where the unit is kept.

    Raises:
        TypeError: if ``keep_prob`` is not a number or ``rng`` is not a Generator,
            or ``shape`` is not an int or tuple of ints.
        ValueError: if ``keep_prob`` is NaN or outside (0, 1], or ``shape`` has
            a negative dimension.

    Example:
        >>> import numpy as np
        >>> gen = np.random.default_rng(0)
        >>> r = fast_bernoulli_mask((2, 5), keep_prob=0.5, rng=gen)
        >>> r.shape, r.dtype
        ((2, 5), dtype('bool'))
        >>> gen = np.random.default_rng(0)
        >>> bool(fast_bernoulli_mask(1000, 1.0, gen).all())
        True
    """
    shape = check_shape(shape)
    p = check_keep_prob(keep_prob)
    check_rng(rng)
    threshold = _threshold(p)
    if threshold == _ONE:  # p_eff = 1: every unit is kept
        return np.ones(shape, dtype=bool)
    high, low = divmod(threshold, 1 << _LOW_BITS)  # T = 2^24 high + low

    n = math.prod(shape)
    mask = np.empty(n, dtype=bool)
    # Blocks of _BLOCK units keep the random bytes in the CPU cache; the mask
    # is the same distribution whatever the block size.
    for start in range(0, n, _BLOCK):
        size = min(_BLOCK, n - start)
        _fill_block(mask[start : start + size], high, low, rng)
    return mask.reshape(shape)


def _fill_block(mask: np.ndarray, high: int, low: int, rng: np.random.Generator) -> None:
    """Fill the 1-D bool array ``mask`` in place: True with probability (2^24 high + low) / 2^32."""
    size = mask.size
    # Stage 1: one random byte per unit, cut from full-range 64-bit draws.
    words = rng.integers(0, 1 << 64, size=-(-size // 8), dtype=np.uint64)
    byte = words.view(np.uint8)[:size]
    np.less(byte, high, out=mask)
    # Stage 2: the ties byte == high are kept with probability low / 2^24.
    if low:
        ties = np.flatnonzero(byte == high)
        extra = rng.integers(0, 1 << _LOW_BITS, size=ties.size, dtype=np.uint32)
        mask[ties] = extra < low
