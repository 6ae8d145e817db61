"""Small MNIST files in the real formats, written by the tests themselves (no network)."""

import gzip
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

IDX_NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def tiny_mnist(n_train=12, n_test=5):
    """uint8 images (n, 28, 28) with distinct contents, uint8 labels cycling through 0..9."""
    rng = np.random.default_rng(123)
    x_train = rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8)
    x_test = rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8)
    x_train[:, 0, 0], x_test[:, 0, 0] = 255, 0  # so that 1.0 and 0.0 both occur
    y_train = (np.arange(n_train) % 10).astype(np.uint8)
    y_test = (np.arange(n_test)[::-1] % 10).astype(np.uint8)
    return (x_train, y_train), (x_test, y_test)


def idx_bytes(arr, magic=None):
    """The IDX encoding of a uint8 array: big-endian magic, dimensions, then the bytes."""
    if magic is None:
        magic = 0x0800 + arr.ndim
    header = np.array([magic, *arr.shape], dtype=">u4").tobytes()
    return header + arr.astype(np.uint8).tobytes()


def write_file(path: Path, data: bytes, gz: bool) -> Path:
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def write_idx_folder(folder: Path, data=None, gz=False):
    """Write the four IDX files for ``data`` into ``folder``; return their paths by role."""
    (x_train, y_train), (x_test, y_test) = data if data is not None else tiny_mnist()
    arrays = {"train_images": x_train, "train_labels": y_train,
              "test_images": x_test, "test_labels": y_test}
    return {role: write_file(folder / IDX_NAMES[role], idx_bytes(arrays[role]), gz)
            for role in IDX_NAMES}


def write_npz(path: Path, data=None, **overrides) -> Path:
    """Write a Keras-style mnist.npz; ``overrides`` replace (or, with None, drop) arrays."""
    (x_train, y_train), (x_test, y_test) = data if data is not None else tiny_mnist()
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    arrays.update(overrides)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.savez(f, **{k: v for k, v in arrays.items() if v is not None})
    return path


@pytest.fixture
def files():
    """The file writers above, for tests (conftest modules are not importable by name)."""
    return SimpleNamespace(tiny_mnist=tiny_mnist, idx_bytes=idx_bytes, write_file=write_file,
                           write_idx_folder=write_idx_folder, write_npz=write_npz,
                           names=IDX_NAMES)


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """An empty KERAS_HOME (and HOME) in tmp_path; returns the expected mnist.npz path."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return home / "datasets" / "mnist.npz"


@pytest.fixture
def no_download(monkeypatch):
    """Simulate being offline: the Keras downloader raises as Keras does without network."""
    calls = []

    def offline():
        calls.append(1)
        raise Exception("URL fetch failure on https://storage.googleapis.com/...: "
                        "[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr("dropout.data.keras_npz.download_keras_mnist", offline)
    return calls
