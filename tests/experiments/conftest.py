"""Tiny MNIST-like data for the experiments' tests: IDX files written in a temporary folder."""

import gzip
import struct

import numpy as np
import pytest


def write_idx(folder, n_train=200, n_test=100, seed=0):
    """Write the four IDX files of a small learnable 10-class problem into ``folder``."""
    rng = np.random.default_rng(seed)
    protos = rng.integers(0, 256, (10, 28, 28))
    for split, n in (("train", n_train), ("t10k", n_test)):
        y = np.arange(n) % 10
        x = np.clip(protos[y] + rng.normal(0, 60, (n, 28, 28)), 0, 255).astype(np.uint8)
        with gzip.open(folder / f"{split}-images-idx3-ubyte.gz", "wb") as f:
            f.write(struct.pack(">IIII", 2051, n, 28, 28) + x.tobytes())
        with gzip.open(folder / f"{split}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(struct.pack(">II", 2049, n) + y.astype(np.uint8).tobytes())
    return folder


@pytest.fixture(scope="session")
def idx_folder(tmp_path_factory):
    return write_idx(tmp_path_factory.mktemp("idx"))


@pytest.fixture(scope="session")
def tiny(idx_folder):
    from dropout.data import load_mnist

    return load_mnist("idx", path=idx_folder)
