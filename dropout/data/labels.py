"""One-hot encoding of integer class labels."""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["one_hot"]


def one_hot(y, num_classes: int = 10) -> np.ndarray:
    """One-hot encode integer labels: row i is the unit vector e_{y_i}.

    Args:
        y: integer labels in [0, num_classes), shape (n,).
        num_classes: the number of classes C, a positive int (10 digits by default).

    Returns:
        float32 array of shape (n, C) with ``out[i, y[i]] = 1`` and zeros elsewhere.

    Raises:
        TypeError: if ``y`` is not a 1-D integer array or ``num_classes`` is not an int.
        ValueError: if ``num_classes < 1`` or a label lies outside [0, num_classes).

    Example:
        >>> one_hot(np.array([2, 0]), num_classes=3)
        array([[0., 0., 1.],
               [1., 0., 0.]], dtype=float32)
    """
    if isinstance(num_classes, (bool, np.bool_)) or not isinstance(
        num_classes, (numbers.Integral, np.integer)
    ):
        raise TypeError(f"`num_classes` must be an int, got {num_classes!r}")
    if num_classes < 1:
        raise ValueError(f"`num_classes` must be at least 1, got num_classes={num_classes!r}")
    if not isinstance(y, np.ndarray) or y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"`y` must be a 1-D NumPy array of integer labels, got "
            f"{type(y).__name__} {getattr(y, 'dtype', '')} {getattr(y, 'shape', '')}".rstrip()
        )
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"`y` must hold labels in [0, {num_classes}), got values from {int(y.min())} "
            f"to {int(y.max())}"
        )
    out = np.zeros((y.size, int(num_classes)), dtype=np.float32)
    out[np.arange(y.size), y] = 1.0
    return out
