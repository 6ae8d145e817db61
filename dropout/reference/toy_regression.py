"""A 1-D toy regression problem for chapter 8: noisy samples of a smooth curve on part of the axis.

The target is f(x) = sin(2x) + 0.3 x. :func:`make_toy_regression` draws
inputs uniformly on an interval and adds Gaussian noise to f, so that a
model fitted to them can be asked about inputs *outside* the interval,
where it has seen no data and should be unsure.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_finite_real, check_float_array, check_nonnegative_real, check_positive_int, check_rng

__all__ = ["toy_target", "make_toy_regression"]


def toy_target(x: np.ndarray) -> np.ndarray:
    """The noise-free target f(x) = sin(2x) + 0.3 x, elementwise.

    Args:
        x: floating array of any shape.

    Returns:
        f(x), same shape and dtype.

    Raises:
        TypeError: ``x`` is not a floating NumPy array.

    Example:
        >>> import numpy as np
        >>> toy_target(np.array([0.0, np.pi / 4])).round(4)
        array([0.    , 1.2356])
    """
    check_float_array(x, "x")
    return np.sin(2 * x) + x.dtype.type(0.3) * x


def make_toy_regression(n: int, rng: np.random.Generator, *, low: float = -2.0, high: float = 2.0,
                        noise: float = 0.1):
    """Draw n noisy samples y = f(x) + e of :func:`toy_target`, with x uniform on [low, high).

    The noise e ~ N(0, noise^2) is independent of x (homoscedastic), so the
    true model precision is tau = 1 / noise^2 (chapter 8, eq. ``eq-ch08-tau``).

    Args:
        n: number of samples, a positive int.
        rng: ``numpy.random.Generator``, the only source of randomness.
        low, high: the interval of the inputs, finite, low < high.
        noise: the standard deviation of the noise, finite and >= 0.

    Returns:
        ``(x, y)``, both float64 of shape ``(n, 1)`` (one example per row,
        the shape :class:`dropout.reference.MLP` takes), sorted by x.

    Raises:
        TypeError: ``n`` not an int, ``rng`` not a Generator, a bound or
            ``noise`` not a real number.
        ValueError: ``n`` < 1, a bound not finite or ``low >= high``, ``noise``
            negative or not finite.

    Example:
        >>> import numpy as np
        >>> x, y = make_toy_regression(5, np.random.default_rng(0), noise=0.0)
        >>> x.shape, bool(np.all(y == toy_target(x)))
        ((5, 1), True)
        >>> bool(np.all(np.diff(x[:, 0]) >= 0))
        True
    """
    n = check_positive_int(n, "n")
    check_rng(rng)
    low = check_finite_real(low, "low")
    high = check_finite_real(high, "high")
    if not low < high:
        raise ValueError(f"`low` must be smaller than `high`, got low={low!r}, high={high!r}")
    noise = check_nonnegative_real(noise, "noise")
    x = np.sort(rng.uniform(low, high, n))[:, None]
    y = toy_target(x) + noise * rng.standard_normal((n, 1))
    return x, y
