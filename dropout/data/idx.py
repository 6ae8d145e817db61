"""Read the official MNIST IDX files (LeCun's format) with NumPy.

An IDX file starts with a big-endian header: a 4-byte magic number (2051 for
images, 2049 for labels: two zero bytes, 0x08 for unsigned bytes, the number
of dimensions), one 4-byte size per dimension, then the data as uint8. Files
may be plain or gzip-compressed (``.gz``).
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import numpy as np

from dropout.data._arrays import IMAGE_SHAPE, NUM_CLASSES
from dropout.data.errors import MNISTFormatError, MNISTNotAvailableError

__all__ = ["IDX_FILES", "read_idx_images", "read_idx_labels", "load_idx_folder"]

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

#: The four official file names, per split (each may also end in ``.gz``).
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise MNISTNotAvailableError(f"IDX file not found: {path}")
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as err:
        raise MNISTFormatError(f"{path}: cannot be read as a gzip-compressed IDX file ({err})") from err


def _parse(path, magic: int, kind: str) -> np.ndarray:
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4:
        raise MNISTFormatError(f"{path}: only {len(data)} bytes, too short for an IDX header (truncated?)")
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        hint = {IMAGES_MAGIC: " (an images file)", LABELS_MAGIC: " (a labels file)"}.get(found, "")
        raise MNISTFormatError(
            f"{path}: wrong magic number {found}{hint}; an IDX {kind} file starts with {magic}"
        )
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MNISTFormatError(f"{path}: truncated header ({len(data)} of {header} bytes)")
    dims = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(dims, dtype=np.int64))
    if len(data) != expected:
        raise MNISTFormatError(
            f"{path}: the header announces {kind} of shape {dims} ({expected} bytes) but the file "
            f"holds {len(data)} bytes (truncated or corrupt)"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def read_idx_images(path) -> np.ndarray:
    """Read an IDX images file (magic number 2051), plain or ``.gz``.

    Args:
        path: the file, e.g. ``.../train-images-idx3-ubyte.gz``.

    Returns:
        uint8 array of shape (n, 28, 28), pixels 0..255.

    Raises:
        MNISTNotAvailableError: (a FileNotFoundError) if the file does not exist.
        MNISTFormatError: (a ValueError) naming the file, if the gzip stream is
            corrupt, the magic number is not 2051, the images are not 28 x 28,
            or the size of the file does not match its header.

    Example:
        >>> import tempfile
        >>> header = np.array([2051, 2, 28, 28], dtype=">u4").tobytes()
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     f = Path(folder) / "images-idx3-ubyte"
        ...     _ = f.write_bytes(header + bytes(2 * 28 * 28))
        ...     read_idx_images(f).shape
        (2, 28, 28)
    """
    x = _parse(path, IMAGES_MAGIC, "images")
    if x.shape[1:] != IMAGE_SHAPE:
        raise MNISTFormatError(f"{path}: images must be 28 x 28 pixels, got {x.shape[1:]}")
    return x


def read_idx_labels(path) -> np.ndarray:
    """Read an IDX labels file (magic number 2049), plain or ``.gz``.

    Args:
        path: the file, e.g. ``.../train-labels-idx1-ubyte.gz``.

    Returns:
        uint8 array of shape (n,), digits 0..9.

    Raises:
        MNISTNotAvailableError: (a FileNotFoundError) if the file does not exist.
        MNISTFormatError: (a ValueError) naming the file, if the gzip stream is
            corrupt, the magic number is not 2049, the size of the file does not
            match its header, or a label is not a digit 0..9.

    Example:
        >>> import tempfile
        >>> header = np.array([2049, 3], dtype=">u4").tobytes()
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     f = Path(folder) / "labels-idx1-ubyte"
        ...     _ = f.write_bytes(header + bytes([7, 2, 1]))
        ...     read_idx_labels(f).tolist()
        [7, 2, 1]
    """
    y = _parse(path, LABELS_MAGIC, "labels")
    if y.size and y.max() >= NUM_CLASSES:
        raise MNISTFormatError(f"{path}: labels must be digits 0..9, found {int(y.max())}")
    return y


def _find(folder: Path, name: str) -> Path:
    """The plain file if present, else its ``.gz``; a clear error if neither exists."""
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    raise MNISTNotAvailableError(
        f"MNIST IDX file not found: neither {folder / name} nor {folder / name}.gz exists. "
        f"The folder must hold the four official files "
        f"{', '.join(n for pair in IDX_FILES.values() for n in pair)} (each plain or .gz); "
        f'load_mnist(source="subset") gives 5,000 real MNIST digits offline.'
    )


def load_idx_folder(path):
    """Read the four official MNIST IDX files from a folder, keeping the official split.

    Args:
        path: a folder (str or os.PathLike) holding ``train-images-idx3-ubyte``,
            ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte`` and
            ``t10k-labels-idx1-ubyte``, each plain or ``.gz`` (plain wins if both exist).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images (n, 28, 28) and
        uint8 labels (n,), as stored (60,000 and 10,000 for the real files).

    Raises:
        TypeError: if ``path`` is not a str or os.PathLike.
        MNISTNotAvailableError: (a FileNotFoundError) if the folder or a file is missing.
        MNISTFormatError: (a ValueError) naming the file, if a file is malformed
            or a split has different numbers of images and labels.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     load_idx_folder(folder)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dropout.data.errors.MNISTNotAvailableError: MNIST IDX file not found: ...
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"`path` must be a folder (str or os.PathLike), got {path!r}")
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise MNISTNotAvailableError(
            f"`path` must be a folder holding the four MNIST IDX files, got path={str(path)!r} "
            f"(not a folder)"
        )
    splits = []
    for images_name, labels_name in IDX_FILES.values():  # train, then test
        images_file, labels_file = _find(folder, images_name), _find(folder, labels_name)
        x, y = read_idx_images(images_file), read_idx_labels(labels_file)
        if x.shape[0] != y.shape[0]:
            raise MNISTFormatError(
                f"{images_file} holds {x.shape[0]} images but {labels_file} holds "
                f"{y.shape[0]} labels; the counts must be equal"
            )
        splits.append((x, y))
    return tuple(splits)
