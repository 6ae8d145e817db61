"""Small seeded 2-D data sets for chapter 1 (the perceptron).

Two problems, each returning inputs ``x`` of shape ``(N, 2)`` and targets
``t`` of shape ``(N,)`` holding 0 or 1:

* :func:`make_blobs`: two clouds that a straight line separates with a
  guaranteed margin, so the perceptron rule converges (Novikoff's theorem,
  eq. ``eq-ch01-novikoff``);
* :func:`make_xor`: the four corners of the unit square labelled by XOR,
  which no single neuron separates.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from dropout._checks import check_nonnegative_real, check_positive_int, check_rng

__all__ = ["make_blobs", "make_xor"]


def make_blobs(n_per_class: int, rng: np.random.Generator, *, midpoint: float = 1.5,
               centre: float = 1.0, spread: float = 0.6, margin: float = 0.2):
    """Two linearly separable Gaussian blobs (chapter 1).

    With m = ``midpoint`` and c = ``centre``, class 1 is drawn around
    ``(m + c, m + c)`` and class 0 around ``(m - c, m - c)``, each coordinate
    with standard deviation ``spread``. A point is redrawn until it lies on
    its own side of the line x_1 + x_2 = 2 m at distance at least ``margin``,
    so the line separates the data with a margin of at least ``margin`` (the
    gamma of eq. ``eq-ch01-novikoff`` is measured with w and b together).
    Since the line misses the origin, the perceptron has to learn its bias.

    Args:
        n_per_class: number of points in each class, a positive int.
        rng: a ``numpy.random.Generator``, the only source of randomness.
        midpoint: m, the point (m, m) halfway between the two centres.
        centre: c, how far each centre lies from (m, m) along each axis, >= 0.
        spread: standard deviation of each coordinate, >= 0.
        margin: smallest distance of a point from the line x_1 + x_2 = 2 m, >= 0.

    Returns:
        ``(x, t)``: ``x`` float64 of shape ``(2 * n_per_class, 2)``, class 0
        first; ``t`` float64 of shape ``(2 * n_per_class,)`` holding 0.0 and 1.0.

    Raises:
        TypeError: ``n_per_class`` is not an int, ``rng`` is not a Generator, or
            a size argument is not a number.
        ValueError: ``n_per_class`` < 1, ``midpoint`` is not finite, a size
            argument is negative or not finite, or ``margin`` >=
            ``centre * sqrt(2)`` (no point could qualify).

    Example:
        >>> import numpy as np
        >>> x, t = make_blobs(5, np.random.default_rng(0))
        >>> x.shape, t.tolist()
        ((10, 2), [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0])
        >>> distance = (2 * t - 1) * (x.sum(axis=1) - 2 * 1.5) / np.sqrt(2)
        >>> bool(distance.min() >= 0.2)
        True
    """
    n = check_positive_int(n_per_class, "n_per_class")
    check_rng(rng)
    if isinstance(midpoint, bool) or not isinstance(midpoint, numbers.Real):
        raise TypeError(f"`midpoint` must be a real number, got {midpoint!r} of type {type(midpoint).__name__}")
    if not math.isfinite(midpoint):
        raise ValueError(f"`midpoint` must be finite, got midpoint={midpoint!r}")
    centre = check_nonnegative_real(centre, "centre")
    spread = check_nonnegative_real(spread, "spread")
    margin = check_nonnegative_real(margin, "margin")
    if margin >= centre * math.sqrt(2):
        raise ValueError(
            f"`margin` must be smaller than the centres' distance from the line, "
            f"centre * sqrt(2) = {centre * math.sqrt(2):.3g}, got margin={margin!r}"
        )
    xs, ts = [], []
    for label, sign in ((0.0, -1.0), (1.0, 1.0)):
        kept = np.empty((0, 2))
        while len(kept) < n:
            draw = midpoint + sign * centre + spread * rng.standard_normal((n, 2))
            ok = sign * (draw.sum(axis=1) - 2 * midpoint) / math.sqrt(2) >= margin
            kept = np.concatenate([kept, draw[ok]])
        xs.append(kept[:n])
        ts.append(np.full(n, label))
    return np.concatenate(xs), np.concatenate(ts)


def make_xor(n_per_corner: int, rng: np.random.Generator, *, spread: float = 0.1):
    """Points around the corners of the unit square, labelled by XOR (chapter 1).

    The corners (0, 0) and (1, 1) have target 0, the corners (0, 1) and
    (1, 0) target 1: t = x_1 XOR x_2. No line separates the two classes
    (Minsky and Papert, 1969). Each point is its corner plus Gaussian
    noise of standard deviation ``spread`` per coordinate; with
    ``spread=0`` and ``n_per_corner=1`` this is XOR's truth table.

    Args:
        n_per_corner: number of points around each corner, a positive int.
        rng: a ``numpy.random.Generator``, the only source of randomness.
        spread: standard deviation of the noise, >= 0.

    Returns:
        ``(x, t)``: ``x`` float64 of shape ``(4 * n_per_corner, 2)``, corners in
        the order (0, 0), (0, 1), (1, 0), (1, 1); ``t`` float64 of shape
        ``(4 * n_per_corner,)`` holding 0.0 and 1.0.

    Raises:
        TypeError: ``n_per_corner`` is not an int, ``rng`` is not a Generator, or
            ``spread`` is not a number.
        ValueError: ``n_per_corner`` < 1, or ``spread`` negative or not finite.

    Example:
        >>> import numpy as np
        >>> x, t = make_xor(1, np.random.default_rng(0), spread=0.0)
        >>> x.tolist(), t.tolist()
        ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])
    """
    n = check_positive_int(n_per_corner, "n_per_corner")
    check_rng(rng)
    spread = check_nonnegative_real(spread, "spread")
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    x = np.repeat(corners, n, axis=0) + spread * rng.standard_normal((4 * n, 2))
    t = np.repeat(np.array([0.0, 1.0, 1.0, 0.0]), n)
    return x, t
