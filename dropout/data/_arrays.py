"""Checks of raw MNIST arrays, shared by the Keras and IDX readers (private)."""

from __future__ import annotations

import numpy as np

from dropout.data.errors import MNISTFormatError

IMAGE_SHAPE = (28, 28)
NUM_CLASSES = 10


def check_raw_split(x, y, *, where: str) -> None:
    """Check one split as stored by MNIST: ``x`` uint8 (n, 28, 28), ``y`` uint8 (n,), labels 0..9.

    Raises:
        MNISTFormatError: naming ``where`` (a file, or a description of the arrays).
    """
    for name, arr in (("images", x), ("labels", y)):
        if not isinstance(arr, np.ndarray):
            raise MNISTFormatError(f"{where}: {name} must be a NumPy array, got {type(arr).__name__}")
        if arr.dtype != np.uint8:
            raise MNISTFormatError(f"{where}: {name} must have dtype uint8, got {arr.dtype}")
    if x.ndim != 3 or x.shape[1:] != IMAGE_SHAPE:
        raise MNISTFormatError(f"{where}: images must have shape (n, 28, 28), got {x.shape}")
    if y.ndim != 1:
        raise MNISTFormatError(f"{where}: labels must have shape (n,), got {y.shape}")
    if x.shape[0] != y.shape[0]:
        raise MNISTFormatError(
            f"{where}: {x.shape[0]} images but {y.shape[0]} labels; the counts must be equal"
        )
    if x.shape[0] == 0:
        raise MNISTFormatError(f"{where}: holds no images")
    if y.max() >= NUM_CLASSES:
        raise MNISTFormatError(f"{where}: labels must be digits 0..9, found {int(y.max())}")
