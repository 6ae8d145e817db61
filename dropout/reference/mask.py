"""The dropout mask r, with r_j ~ Bernoulli(p).

Chapter 3, equation ``eq-ch03-mask``: each unit j of a layer is kept
independently with probability p, the *keep probability*:

.. math::

    r_j \\sim \\mathrm{Bernoulli}(p).
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_keep_prob, check_rng, check_shape

__all__ = ["bernoulli_mask"]


def bernoulli_mask(shape, keep_prob: float, rng: np.random.Generator) -> np.ndarray:
    """Draw a dropout mask r with r_j ~ Bernoulli(p) (chapter 3, eq. ``eq-ch03-mask``).

    Every entry is drawn independently, so every row of a batch and every
    call gets a new mask. This is the readable reference: one uniform number
    u_j per unit, and the unit is kept when u_j < p, which happens with
    probability exactly p.

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
        >>> r = bernoulli_mask((2, 5), keep_prob=0.5, rng=gen)
        >>> r.shape, r.dtype
        ((2, 5), dtype('bool'))
    """
    shape = check_shape(shape)
    p = check_keep_prob(keep_prob)
    check_rng(rng)
    return rng.random(shape) < p
