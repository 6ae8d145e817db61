"""Private argument checks of the Keras side that :mod:`dropout._checks` lacks."""

from __future__ import annotations

import numbers

__all__ = ["check_positive_int"]


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer >= 1.

    Raises:
        TypeError: not an integer (bools are refused).
        ValueError: smaller than 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"`{name}` must be a positive integer, got {value!r} of type {type(value).__name__}"
        )
    if value < 1:
        raise ValueError(f"`{name}` must be a positive integer (>= 1), got {name}={value!r}")
    return int(value)
