"""Full MNIST from the Keras cache file, tested on small files in the real format."""

import subprocess
import sys

import numpy as np
import pytest

from dropout.data import (
    MNISTFormatError,
    MNISTNotAvailableError,
    keras_mnist_path,
    load_keras_mnist,
    load_mnist,
    read_keras_npz,
)


def test_cache_path_honours_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert keras_mnist_path() == tmp_path / "kh" / "datasets" / "mnist.npz"


def test_cache_path_defaults_to_home_dot_keras(tmp_path, monkeypatch):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert keras_mnist_path() == tmp_path / ".keras" / "datasets" / "mnist.npz"


def test_load_from_cache_without_download(keras_home, no_download, files):
    (x_tr, y_tr), (x_te, y_te) = files.tiny_mnist()
    files.write_npz(keras_home)
    (x_train, y_train), (x_test, y_test) = load_mnist("keras")
    assert no_download == []  # the file was there: no download attempted
    assert x_train.shape == (12, 784) and x_test.shape == (5, 784)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    np.testing.assert_array_equal(x_train, x_tr.reshape(12, 784) / np.float32(255))
    np.testing.assert_array_equal(y_train, y_tr)
    np.testing.assert_array_equal(y_test, y_te)


def test_explicit_path_file_or_folder(tmp_path, keras_home, no_download, files):
    npz = files.write_npz(tmp_path / "elsewhere" / "mnist.npz")
    (x1, _), _ = load_mnist("keras", path=npz)
    (x2, _), _ = load_mnist("keras", path=npz.parent)
    assert np.array_equal(x1, x2) and x1.shape == (12, 784)


def test_explicit_missing_path_is_never_downloaded(tmp_path, keras_home, no_download):
    with pytest.raises(MNISTNotAvailableError, match="never downloaded"):
        load_keras_mnist(tmp_path / "nothing.npz")
    assert no_download == []


def test_missing_and_offline_gives_one_clear_error(keras_home, no_download):
    with pytest.raises(MNISTNotAvailableError) as info:
        load_mnist("keras")
    message = str(info.value)
    assert str(keras_home) in message  # where to put the file
    assert "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz" in message
    assert 'source="subset"' in message and "5,000 real MNIST digits" in message
    assert "URL fetch failure" in message  # why the download failed
    assert isinstance(info.value, FileNotFoundError)
    assert no_download == [1]


def test_successful_download_is_validated_and_used(keras_home, monkeypatch, files):
    data = files.tiny_mnist()
    monkeypatch.setattr("dropout.data.keras_npz.download_keras_mnist", lambda: data)
    (x_train, y_train), _ = load_mnist("keras")
    assert x_train.shape == (12, 784) and np.array_equal(y_train, data[0][1])


def test_download_returning_bad_arrays_is_refused(keras_home, monkeypatch, files):
    (x_train, y_train), test = files.tiny_mnist()
    monkeypatch.setattr("dropout.data.keras_npz.download_keras_mnist",
                        lambda: ((x_train, y_train[:-1]), test))
    with pytest.raises(MNISTFormatError, match=r"load_data\(\) \(train\): 12 images but 11 labels"):
        load_mnist("keras")
    monkeypatch.setattr("dropout.data.keras_npz.download_keras_mnist", lambda: None)
    with pytest.raises(MNISTFormatError, match="returned NoneType"):
        load_mnist("keras")


def test_importing_dropout_data_does_not_import_tensorflow():
    code = ("import sys, dropout.data; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name, value", [("test_size", 100), ("test_size", 0.1), ("seed", 0)])
def test_split_arguments_are_refused_for_keras(name, value, keras_home, no_download):
    with pytest.raises(ValueError, match=f"`{name}` applies only to source=\"subset\""):
        load_mnist("keras", **{name: value})


# ---- bad files: each error names the file -------------------------------------------------

def test_not_a_zip(tmp_path):
    bad = tmp_path / "mnist.npz"
    bad.write_bytes(b"this is not a zip archive at all")
    with pytest.raises(MNISTFormatError, match=f"{bad}: not a valid MNIST .npz file"):
        read_keras_npz(bad)


def test_truncated_zip(tmp_path, files):
    npz = files.write_npz(tmp_path / "mnist.npz")
    data = npz.read_bytes()
    npz.write_bytes(data[: len(data) // 2])
    with pytest.raises(MNISTFormatError, match="not a valid MNIST .npz file"):
        read_keras_npz(npz)


def test_corrupt_member_inside_zip(tmp_path, files):
    npz = files.write_npz(tmp_path / "mnist.npz")
    data = bytearray(npz.read_bytes())
    start = data.index(b"x_train.npy") + 200  # into the stored array bytes
    data[start:start + 50] = b"\xff" * 50
    npz.write_bytes(bytes(data))
    with pytest.raises(MNISTFormatError, match=str(npz)):
        read_keras_npz(npz)


def test_cache_file_corrupt_is_reported_not_downloaded_over(keras_home, no_download):
    keras_home.parent.mkdir(parents=True)
    keras_home.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(MNISTFormatError, match="Delete it so that it is downloaded again"):
        load_mnist("keras")
    assert no_download == []


def test_missing_key(tmp_path, files):
    npz = files.write_npz(tmp_path / "mnist.npz", y_test=None)
    with pytest.raises(MNISTFormatError, match=r"missing key\(s\) \['y_test'\]"):
        read_keras_npz(npz)


def test_object_arrays_are_never_unpickled(tmp_path, files):
    objects = np.array([{"not": "pixels"}] * 12, dtype=object)
    npz = files.write_npz(tmp_path / "mnist.npz", x_train=objects)
    with pytest.raises(MNISTFormatError, match="not a valid MNIST .npz file.*allow_pickle"):
        read_keras_npz(npz)


def test_single_npy_is_refused(tmp_path):
    npy = tmp_path / "mnist.npz"
    with open(npy, "wb") as f:
        np.save(f, np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(MNISTFormatError, match="single array"):
        read_keras_npz(npy)


@pytest.mark.parametrize("override, match", [
    ({"x_train": np.zeros((12, 28, 28), np.float32)}, "images must have dtype uint8, got float32"),
    ({"y_test": np.zeros(5, np.int64)}, "labels must have dtype uint8, got int64"),
    ({"x_train": np.zeros((12, 784), np.uint8)}, r"shape \(n, 28, 28\), got \(12, 784\)"),
    ({"y_train": np.zeros((12, 1), np.uint8)}, r"labels must have shape \(n,\)"),
    ({"y_train": np.zeros(11, np.uint8)}, r"\(train\): 12 images but 11 labels"),
    ({"y_test": np.full(5, 10, np.uint8)}, r"\(test\): labels must be digits 0..9, found 10"),
    ({"x_test": np.zeros((0, 28, 28), np.uint8), "y_test": np.zeros(0, np.uint8)}, "no images"),
])
def test_wrong_arrays(tmp_path, files, override, match):
    npz = files.write_npz(tmp_path / "mnist.npz", **override)
    with pytest.raises(MNISTFormatError, match=match) as info:
        read_keras_npz(npz)
    assert str(npz) in str(info.value)


def test_read_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.npz"):
        read_keras_npz(tmp_path / "nope.npz")


def test_bad_path_type():
    with pytest.raises(TypeError, match="`path`"):
        load_mnist("keras", path=42)


def test_compressed_npz_is_read(tmp_path, files):
    (x_tr, y_tr), (x_te, y_te) = files.tiny_mnist()
    npz = tmp_path / "mnist.npz"
    np.savez_compressed(npz, x_train=x_tr, y_train=y_tr, x_test=x_te, y_test=y_te)
    (x_train, _), (_, y_test) = read_keras_npz(npz)
    assert np.array_equal(x_train, x_tr) and np.array_equal(y_test, y_te)
