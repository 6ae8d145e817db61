"""Gradient checks by centred differences.

Chapter 5 checks every backward pass against

.. math::

    \\frac{\\partial f}{\\partial x_i} \\approx \\frac{f(x + h e_i) - f(x - h e_i)}{2h},

whose error is O(h^2) (eq. ``eq-ch05-centred-difference``). In float64 with
h = 1e-5 the two gradients of a smooth function agree to about 1e-9 relative
error; float32 cannot resolve the difference, so the check insists on float64.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["numerical_gradient", "relative_error"]


def numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Centred-difference gradient of a scalar function.

    Chapter 1, eq. ``eq-ch01-centred-difference``; chapter 5, eq. ``eq-ch05-centred-difference``.

    Each entry x_i is moved to x_i + h and x_i - h **in place**, ``f()`` is
    evaluated, and x_i is restored exactly, so ``f`` should read ``x`` through
    a closure (e.g. ``x`` is a model's weight matrix).

    Args:
        f: function of no arguments returning a real number that depends on ``x``.
        x: float64 array, any shape; changed during the call and restored.
        h: step, a positive finite number.

    Returns:
        A float64 array of the shape of ``x``: the estimate of df/dx.

    Raises:
        TypeError: ``f`` is not callable, ``x`` is not a float64 array, or
            ``h`` is not a number.
        ValueError: ``h`` is not positive and finite.

    Example:
        >>> import numpy as np
        >>> x = np.array([1.0, 2.0])
        >>> g = numerical_gradient(lambda: float(np.sum(x ** 2)), x)
        >>> np.allclose(g, 2 * x), x.tolist()
        (True, [1.0, 2.0])
    """
    if not callable(f):
        raise TypeError(f"`f` must be callable with no arguments, got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(f"`x` must be a float64 NumPy array (centred differences need float64), got {got}")
    if isinstance(h, bool) or not isinstance(h, numbers.Real):
        raise TypeError(f"`h` must be a real number, got {h!r}")
    if not (math.isfinite(h) and h > 0):
        raise ValueError(f"`h` must be positive and finite, got h={h!r}")

    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = float(f())
        x[i] = old - h
        f_minus = float(f())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b) -> float:
    """Relative error ``max|a - b| / max(|a| + |b|)`` of two gradients.

    The denominator is the largest entry of ``|a| + |b|`` (at least the smallest
    positive float64), so entries near zero do not blow the ratio up. Below
    about 1e-7 in float64 the two agree.

    Args:
        a, b: arrays (or numbers) of the same shape.

    Returns:
        The relative error as a Python float, 0.0 when both are zero.

    Raises:
        ValueError: the shapes differ.

    Example:
        >>> relative_error([1.0, 2.0], [1.0, 2.0])
        0.0
        >>> relative_error([1.0], [3.0])
        0.5
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"`a` and `b` must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    num = np.max(np.abs(a - b))
    den = max(float(np.max(np.abs(a) + np.abs(b))), np.finfo(np.float64).tiny)
    return float(num / den)
