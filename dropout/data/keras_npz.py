"""Full MNIST (60,000 training and 10,000 test digits) from the Keras cache file.

Keras keeps MNIST in ``$KERAS_HOME/datasets/mnist.npz`` (``KERAS_HOME``
defaults to ``~/.keras``; when that folder is not writable Keras uses
``/tmp/.keras``). This module reads that file with NumPy
(``allow_pickle=False``) and checks it; only :func:`download_keras_mnist`
imports Keras, so nothing here imports TensorFlow unless a download is needed.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

import numpy as np

from dropout.data._arrays import check_raw_split
from dropout.data.errors import MNISTFormatError, MNISTNotAvailableError

__all__ = ["KERAS_MNIST_URL", "keras_mnist_path", "read_keras_npz", "download_keras_mnist",
           "load_keras_mnist"]

#: Where ``keras.datasets.mnist.load_data()`` downloads the file from.
KERAS_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"

_KEYS = ("x_train", "y_train", "x_test", "y_test")


def keras_mnist_path() -> Path:
    """The path where Keras caches MNIST: ``$KERAS_HOME/datasets/mnist.npz``.

    ``KERAS_HOME`` is read when called (default ``~/.keras``).

    Returns:
        The path of the cache file (which may not exist).

    Example:
        >>> keras_mnist_path().name
        'mnist.npz'
    """
    home = os.environ.get("KERAS_HOME") or os.path.join("~", ".keras")
    return Path(home).expanduser() / "datasets" / "mnist.npz"


def _candidates() -> list[Path]:
    """The cache file, plus Keras' ``/tmp/.keras`` fall-back when the home folder is read-only."""
    primary = keras_mnist_path()
    paths = [primary]
    base = primary.parent.parent
    if base.exists() and not os.access(base, os.W_OK):
        paths.append(Path("/tmp/.keras/datasets/mnist.npz"))
    return paths


def read_keras_npz(path):
    """Read and check a Keras ``mnist.npz`` file, without ever unpickling.

    Args:
        path: the ``.npz`` file (str or os.PathLike).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images (n, 28, 28) and
        uint8 labels (n,), exactly as stored.

    Raises:
        MNISTNotAvailableError: (a FileNotFoundError) if the file does not exist.
        MNISTFormatError: (a ValueError) naming the file, if it is not a readable
            ``.npz`` archive (truncated, corrupt, a pickle), a key among
            x_train/y_train/x_test/y_test is missing, an array would need pickle
            (object dtype), or dtypes, shapes, counts or labels are wrong.

    Example:
        >>> import tempfile
        >>> x = np.zeros((2, 28, 28), np.uint8)
        >>> y = np.array([3, 1], np.uint8)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     f = Path(folder) / "mnist.npz"
        ...     np.savez(f, x_train=x, y_train=y, x_test=x[:1], y_test=y[:1])
        ...     (x_train, y_train), (x_test, y_test) = read_keras_npz(f)
        >>> x_train.shape, y_test.tolist()
        ((2, 28, 28), [3])
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise MNISTNotAvailableError(f"MNIST file not found: {path}")
    arrays = {}
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise MNISTFormatError(f"{path}: holds a single array, not an .npz archive of MNIST")
        with data:
            missing = [k for k in _KEYS if k not in data.files]
            if missing:
                raise MNISTFormatError(
                    f"{path}: missing key(s) {missing}; a Keras mnist.npz holds {list(_KEYS)}, "
                    f"found {sorted(data.files)}"
                )
            for key in _KEYS:
                arrays[key] = data[key]
    except MNISTFormatError:
        raise
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        raise MNISTFormatError(
            f"{path}: not a valid MNIST .npz file ({type(err).__name__}: {err}). Delete it so that "
            f"it is downloaded again, or replace it with a copy of {KERAS_MNIST_URL}"
        ) from err
    for split in ("train", "test"):
        check_raw_split(arrays[f"x_{split}"], arrays[f"y_{split}"], where=f"{path} ({split})")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def download_keras_mnist():
    """Download MNIST through ``keras.datasets.mnist.load_data()`` (imports Keras).

    Keras saves the file in its cache (``$KERAS_HOME/datasets/mnist.npz`` as
    Keras saw ``KERAS_HOME`` when it was imported) and checks its SHA-256.
    :func:`load_keras_mnist` calls this through the module attribute, so tests
    replace it with ``monkeypatch.setattr`` to simulate being offline.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as Keras returns them.

    Raises:
        ImportError: Keras is not installed.
        Exception: whatever Keras raises when offline (its message names the URL).
    """
    import keras  # only here: importing dropout.data must not import TensorFlow

    return keras.datasets.mnist.load_data()


def _not_available(path: Path, reason: str) -> MNISTNotAvailableError:
    return MNISTNotAvailableError(
        f"Full MNIST is not available: {path} does not exist and {reason}. To use it, download "
        f"{KERAS_MNIST_URL} and save it as {path} (or run keras.datasets.mnist.load_data() "
        f'once while online), or pass the four IDX files with load_mnist("idx", path=FOLDER). '
        f'Offline, load_mnist(source="subset") gives 5,000 real MNIST digits.'
    )


def load_keras_mnist(path=None):
    """Full MNIST from a Keras ``mnist.npz``, downloading it through Keras if missing.

    Args:
        path: ``None`` for the Keras cache file (see :func:`keras_mnist_path`;
            downloaded through Keras when missing), or an ``.npz`` file or a folder
            holding ``mnist.npz`` (then never downloaded).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images (60000, 28, 28) and
        (10000, 28, 28), uint8 labels; the official split.

    Raises:
        TypeError: if ``path`` is not None, a str or os.PathLike.
        MNISTNotAvailableError: (a FileNotFoundError) if the file is missing and
            cannot be downloaded; the message says where to put it and that
            ``source="subset"`` works offline.
        MNISTFormatError: (a ValueError) naming the file, if it is malformed.
    """
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"`path` must be None, a str or os.PathLike, got {path!r}")
        file = Path(path).expanduser()
        if file.is_dir():
            file = file / "mnist.npz"
        if not file.is_file():
            raise _not_available(file, "an explicit path is never downloaded")
        return read_keras_npz(file)
    for file in _candidates():
        if file.is_file():
            return read_keras_npz(file)
    file = keras_mnist_path()
    try:
        result = download_keras_mnist()
    except Exception as err:  # offline, no Keras, a failed hash check: all say the same to the reader
        raise _not_available(
            file, f"the download through Keras failed ({type(err).__name__}: {err})"
        ) from err
    try:
        (x_train, y_train), (x_test, y_test) = result
    except (TypeError, ValueError) as err:
        raise MNISTFormatError(
            f"keras.datasets.mnist.load_data() returned {type(result).__name__}, not "
            f"((x_train, y_train), (x_test, y_test))"
        ) from err
    check_raw_split(x_train, y_train, where="keras.datasets.mnist.load_data() (train)")
    check_raw_split(x_test, y_test, where="keras.datasets.mnist.load_data() (test)")
    return (x_train, y_train), (x_test, y_test)
