"""Full MNIST from the four official IDX files, tested on small files in the real format."""

import gzip

import numpy as np
import pytest

from dropout.data import (
    MNISTFormatError,
    MNISTNotAvailableError,
    load_idx_folder,
    load_mnist,
    read_idx_images,
    read_idx_labels,
)


@pytest.mark.parametrize("gz", [False, True])
def test_load_idx_folder_plain_and_gzip(tmp_path, files, gz):
    (x_tr, y_tr), (x_te, y_te) = files.tiny_mnist()
    paths = files.write_idx_folder(tmp_path, gz=gz)
    assert all(p.name.endswith(".gz") == gz for p in paths.values())
    (x_train, y_train), (x_test, y_test) = load_mnist("idx", path=tmp_path)
    assert x_train.shape == (12, 784) and x_test.shape == (5, 784)
    assert x_train.dtype == np.float32 and y_test.dtype == np.int64
    np.testing.assert_array_equal(x_train, x_tr.reshape(12, 784) / np.float32(255))
    np.testing.assert_array_equal(x_test, x_te.reshape(5, 784) / np.float32(255))
    np.testing.assert_array_equal(y_train, y_tr)
    np.testing.assert_array_equal(y_test, y_te)


def test_mixed_plain_and_gzip_and_str_path(tmp_path, files):
    paths = files.write_idx_folder(tmp_path, gz=True)
    labels = paths["test_labels"]
    labels.with_suffix("").write_bytes(gzip.decompress(labels.read_bytes()))
    labels.unlink()
    (_, y_train), (_, y_test) = load_idx_folder(str(tmp_path))
    assert y_test.tolist() == files.tiny_mnist()[1][1].tolist()


def test_readers_return_uint8_as_stored(tmp_path, files):
    paths = files.write_idx_folder(tmp_path)
    x = read_idx_images(paths["train_images"])
    y = read_idx_labels(paths["train_labels"])
    assert x.dtype == np.uint8 and x.shape == (12, 28, 28) and x.flags.writeable
    assert y.dtype == np.uint8 and y.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]


def test_path_is_required(files):
    with pytest.raises(ValueError, match='`path` is required with source="idx"'):
        load_mnist("idx")


@pytest.mark.parametrize("name, value", [("test_size", 100), ("seed", 1)])
def test_split_arguments_are_refused_for_idx(tmp_path, files, name, value):
    files.write_idx_folder(tmp_path)
    with pytest.raises(ValueError, match=f"`{name}` applies only to source=\"subset\""):
        load_mnist("idx", path=tmp_path, **{name: value})


def test_folder_missing(tmp_path):
    with pytest.raises(MNISTNotAvailableError, match="not a folder"):
        load_mnist("idx", path=tmp_path / "nowhere")


def test_path_wrong_type():
    with pytest.raises(TypeError, match="`path`"):
        load_mnist("idx", path=3)


def test_missing_file_names_it_and_the_offline_subset(tmp_path, files):
    paths = files.write_idx_folder(tmp_path)
    paths["test_images"].unlink()
    with pytest.raises(MNISTNotAvailableError) as info:
        load_mnist("idx", path=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "t10k-images-idx3-ubyte") in message
    assert 'source="subset"' in message
    assert isinstance(info.value, FileNotFoundError)


def test_reader_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="IDX file not found"):
        read_idx_labels(tmp_path / "labels")


# ---- bad files: each error names the file -------------------------------------------------

@pytest.mark.parametrize("gz", [False, True])
def test_labels_file_in_place_of_images(tmp_path, files, gz):
    paths = files.write_idx_folder(tmp_path, gz=gz)
    labels = paths["train_labels"].read_bytes()
    paths["train_images"].write_bytes(labels)
    with pytest.raises(MNISTFormatError,
                       match=r"wrong magic number 2049 \(a labels file\); an IDX images file "
                             r"starts with 2051") as info:
        load_mnist("idx", path=tmp_path)
    assert str(paths["train_images"]) in str(info.value)


def test_wrong_magic_labels(tmp_path, files):
    f = files.write_file(tmp_path / "labels", files.idx_bytes(np.zeros(3, np.uint8), magic=1234),
                         gz=False)
    with pytest.raises(MNISTFormatError, match=f"{f}: wrong magic number 1234;"):
        read_idx_labels(f)


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("cut", [2, 10, 100])
def test_truncated_images(tmp_path, files, gz, cut):
    data = files.idx_bytes(np.zeros((3, 28, 28), np.uint8))
    f = files.write_file(tmp_path / "images", data[:cut], gz=gz)
    with pytest.raises(MNISTFormatError, match=str(f)):
        read_idx_images(f)


def test_size_does_not_match_header(tmp_path, files):
    data = files.idx_bytes(np.zeros((3, 28, 28), np.uint8))
    f = files.write_file(tmp_path / "images", data[:-1], gz=False)
    with pytest.raises(MNISTFormatError,
                       match=r"announces images of shape \(3, 28, 28\) \(2368 bytes\) but the file "
                             r"holds 2367 bytes"):
        read_idx_images(f)
    f.write_bytes(data + b"\x00")
    with pytest.raises(MNISTFormatError, match="holds 2369 bytes"):
        read_idx_images(f)


def test_truncated_gzip_stream(tmp_path, files):
    packed = gzip.compress(files.idx_bytes(np.arange(50, dtype=np.uint8) % 10))
    f = tmp_path / "labels.gz"
    f.write_bytes(packed[:-12])
    with pytest.raises(MNISTFormatError, match=f"{f}: cannot be read as a gzip"):
        read_idx_labels(f)


def test_not_gzip_although_named_gz(tmp_path, files):
    f = tmp_path / "labels.gz"
    f.write_bytes(files.idx_bytes(np.zeros(3, np.uint8)))
    with pytest.raises(MNISTFormatError, match="gzip"):
        read_idx_labels(f)


def test_images_not_28_by_28(tmp_path, files):
    f = files.write_file(tmp_path / "images", files.idx_bytes(np.zeros((2, 14, 14), np.uint8)),
                         gz=False)
    with pytest.raises(MNISTFormatError, match=r"28 x 28 pixels, got \(14, 14\)"):
        read_idx_images(f)


def test_labels_out_of_range(tmp_path, files):
    f = files.write_file(tmp_path / "labels", files.idx_bytes(np.array([1, 12], np.uint8)), gz=True)
    with pytest.raises(MNISTFormatError, match=f"{f}: labels must be digits 0..9, found 12"):
        read_idx_labels(f)


def test_count_mismatch_names_both_files(tmp_path, files):
    (x_tr, y_tr), test = files.tiny_mnist()
    paths = files.write_idx_folder(tmp_path, data=((x_tr, y_tr[:-2]), test))
    with pytest.raises(MNISTFormatError, match="holds 12 images but .* holds 10 labels") as info:
        load_mnist("idx", path=tmp_path)
    assert str(paths["train_images"]) in str(info.value)
    assert str(paths["train_labels"]) in str(info.value)
