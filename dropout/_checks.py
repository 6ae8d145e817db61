"""Argument checks shared by the package.

Every public function validates its arguments here, so that bad input fails
early with an error that names the argument and the value received, in the
style of ``keras.layers.Dropout``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_keep_prob",
    "check_rate",
    "check_rng",
    "check_float_array",
    "check_shape",
    "check_positive_int",
    "check_nonnegative_real",
]


def _check_real(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"`{name}` must be a real number, got {value!r} "
            f"of type {type(value).__name__}"
        )
    return float(value)


def check_keep_prob(keep_prob, name: str = "keep_prob") -> float:
    """Return ``keep_prob`` as a float after checking it lies in (0, 1].

    ``keep_prob`` is the paper's p, the probability of *keeping* a unit.

    Raises:
        TypeError: if it is not a real number (a string, ``None``, a bool, an array).
        ValueError: if it is NaN or outside (0, 1].
    """
    p = _check_real(keep_prob, name)
    if math.isnan(p) or not 0.0 < p <= 1.0:
        raise ValueError(
            f"`{name}` is the probability of keeping a unit and must be in (0, 1], "
            f"got {name}={keep_prob!r}"
        )
    return p


def check_rate(rate, name: str = "rate") -> float:
    """Return ``rate`` as a float after checking it lies in [0, 1).

    ``rate`` is Keras' convention: the probability of *dropping* a unit, 1 - p.

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it is NaN or outside [0, 1).
    """
    r = _check_real(rate, name)
    if math.isnan(r) or not 0.0 <= r < 1.0:
        raise ValueError(
            f"`{name}` is the probability of dropping a unit and must be in [0, 1), "
            f"got {name}={rate!r}"
        )
    return r


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """Check that ``rng`` is a ``numpy.random.Generator``.

    The package never uses NumPy's global random state: randomness comes in
    as an argument, e.g. ``rng = np.random.default_rng(0)``.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"`{name}` must be a numpy.random.Generator "
            f"(e.g. numpy.random.default_rng(0)), got {rng!r} of type {type(rng).__name__}"
        )
    return rng


def check_float_array(x, name: str = "x") -> np.ndarray:
    """Check that ``x`` is a NumPy array of a floating dtype.

    Integer or boolean arrays are refused rather than silently converted:
    ``x / p`` would change their dtype.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"`{name}` must be a NumPy array of floats, got {type(x).__name__}; "
            f"convert it with numpy.asarray({name}, dtype=float)"
        )
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"`{name}` must be a floating array, got dtype {x.dtype}; "
            f"convert it with {name}.astype(float)"
        )
    return x


def check_shape(shape, name: str = "shape") -> tuple[int, ...]:
    """Return ``shape`` as a tuple of non-negative ints (an int is a 1-D shape)."""
    if isinstance(shape, (numbers.Integral, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(f"`{name}` must be an int or a tuple of ints, got {shape!r}") from None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, (numbers.Integral, np.integer)):
            raise TypeError(f"`{name}` must be an int or a tuple of ints, got {shape!r}")
        if d < 0:
            raise ValueError(f"`{name}` must have non-negative dimensions, got {shape!r}")
    return tuple(int(d) for d in dims)


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer >= 1 (bools are refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(
            f"`{name}` must be a positive int, got {value!r} of type {type(value).__name__}"
        )
    if value < 1:
        raise ValueError(f"`{name}` must be a positive int, got {name}={value!r}")
    return int(value)


def check_nonnegative_real(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number >= 0."""
    x = _check_real(value, name)
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(f"`{name}` must be finite and non-negative (>= 0), got {name}={value!r}")
    return x
