"""Helpers for the chapters: validation split, stratified subsets, one-hot labels."""

import numpy as np
import pytest

from dropout.data import (
    load_mnist,
    one_hot,
    stratified_split_indices,
    stratified_subset,
    train_validation_split,
)


@pytest.fixture(scope="module")
def train():
    (x_train, y_train), _ = load_mnist()
    return x_train, y_train


def test_validation_split_is_stratified_and_disjoint(train):
    x, y = train
    (x_tr, y_tr), (x_val, y_val) = train_validation_split(x, y, validation_size=0.25, seed=0)
    assert x_tr.shape == (3000, 784) and x_val.shape == (1000, 784)
    assert np.bincount(y_tr).tolist() == [300] * 10
    assert np.bincount(y_val).tolist() == [100] * 10
    # disjoint, and together the whole training set: compare rows as bytes
    rows = lambda a: {r.tobytes() for r in a}  # noqa: E731
    assert not rows(x_tr) & rows(x_val)
    assert rows(x_tr) | rows(x_val) == rows(x)
    # labels travel with their images
    lookup = {r.tobytes(): label for r, label in zip(x, y)}
    assert all(lookup[r.tobytes()] == label for r, label in zip(x_val, y_val))


def test_validation_split_seeded(train):
    x, y = train
    a = train_validation_split(x, y, validation_size=500, seed=1)
    b = train_validation_split(x, y, validation_size=500, seed=1)
    c = train_validation_split(x, y, validation_size=500, seed=2)
    assert np.array_equal(a[1][0], b[1][0]) and not np.array_equal(a[1][0], c[1][0])


def test_unbalanced_classes_keep_their_proportions():
    y = np.array([0] * 60 + [1] * 30 + [2] * 10)
    train, test = stratified_split_indices(y, 0.3, seed=0)
    assert np.bincount(y[test]).tolist() == [18, 9, 3]
    assert np.bincount(y[train]).tolist() == [42, 21, 7]


def test_largest_remainder_gives_exact_total():
    y = np.repeat(np.arange(3), [7, 7, 7])
    _, test = stratified_split_indices(y, 5, seed=0)
    assert test.size == 5 and sorted(np.bincount(y[test]).tolist()) == [1, 2, 2]


@pytest.mark.parametrize("n, per_class", [(100, 10), (1000, 100), (4000, 400), (10, 1)])
def test_stratified_subset_class_counts(train, n, per_class):
    x, y = train
    x_s, y_s = stratified_subset(x, y, n, seed=0)
    assert x_s.shape == (n, 784) and x_s.dtype == np.float32
    assert np.bincount(y_s, minlength=10).tolist() == [per_class] * 10


def test_stratified_subset_rows_come_from_the_set(train):
    x, y = train
    x_s, y_s = stratified_subset(x, y, 50, seed=3)
    lookup = {r.tobytes(): label for r, label in zip(x, y)}
    assert len({r.tobytes() for r in x_s}) == 50
    assert all(lookup[r.tobytes()] == label for r, label in zip(x_s, y_s))


def test_stratified_subset_seeded(train):
    x, y = train
    assert np.array_equal(stratified_subset(x, y, 100, seed=0)[0], stratified_subset(x, y, 100, seed=0)[0])
    assert not np.array_equal(stratified_subset(x, y, 100, seed=0)[0],
                              stratified_subset(x, y, 100, seed=1)[0])


@pytest.mark.parametrize("n, error, match", [
    (9, ValueError, r"leaves class\(es\) \[.*\] with no example"),
    (0, ValueError, "`n` must be between 1 and the number of examples 4000"),
    (4001, ValueError, "`n` must be between"),
    (10.0, TypeError, "`n` must be an int"),
    (True, TypeError, "`n` must be an int"),
])
def test_stratified_subset_bad_n(train, n, error, match):
    x, y = train
    with pytest.raises(error, match=match):
        stratified_subset(x, y, n, seed=0)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"validation_size": 0}, ValueError, "validation_size"),
    ({"validation_size": 1.0}, ValueError, "validation_size"),
    ({"validation_size": "0.1"}, TypeError, "validation_size"),
    ({"validation_size": 5}, ValueError, r"validation_size.*leaves class\(es\)"),
    ({"validation_size": 100, "seed": -2}, ValueError, "seed"),
    ({"validation_size": 100, "seed": None}, TypeError, "seed"),
])
def test_validation_split_bad_arguments(train, kwargs, error, match):
    x, y = train
    kwargs.setdefault("seed", 0)
    with pytest.raises(error, match=match):
        train_validation_split(x, y, **kwargs)


def test_mismatched_or_bad_inputs():
    x = np.zeros((10, 2))
    with pytest.raises(ValueError, match="same number of examples"):
        train_validation_split(x, np.zeros(9, int), validation_size=2, seed=0)
    with pytest.raises(TypeError, match="`y` must be a 1-D array of integer labels"):
        stratified_subset(x, np.zeros(10), 2, seed=0)
    with pytest.raises(TypeError, match="`y` must be a NumPy array"):
        stratified_split_indices([0, 1, 0, 1], 2, seed=0)
    with pytest.raises(TypeError, match="`x` must be a NumPy array"):
        stratified_subset([[0]] * 10, np.zeros(10, int), 2, seed=0)
    with pytest.raises(ValueError, match="`y` is empty"):
        stratified_split_indices(np.zeros(0, int), 1, seed=0)


def test_one_hot():
    y = np.array([3, 0, 9, 3])
    out = one_hot(y)
    assert out.shape == (4, 10) and out.dtype == np.float32
    assert np.array_equal(out.argmax(axis=1), y)
    assert np.array_equal(out.sum(axis=1), np.ones(4))
    assert one_hot(np.zeros(0, np.int64)).shape == (0, 10)
    assert np.array_equal(one_hot(np.array([1], np.uint8), num_classes=2), [[0.0, 1.0]])


@pytest.mark.parametrize("y, num_classes, error, match", [
    (np.array([0, 10]), 10, ValueError, r"labels in \[0, 10\), got values from 0 to 10"),
    (np.array([-1, 2]), 10, ValueError, "got values from -1"),
    (np.array([0.0, 1.0]), 10, TypeError, "integer labels"),
    ([0, 1], 10, TypeError, "integer labels"),
    (np.zeros((2, 2), int), 10, TypeError, "1-D"),
    (np.array([0]), 0, ValueError, "num_classes"),
    (np.array([0]), 2.0, TypeError, "num_classes"),
])
def test_one_hot_bad_arguments(y, num_classes, error, match):
    with pytest.raises(error, match=match):
        one_hot(y, num_classes=num_classes)


def test_unknown_source():
    with pytest.raises(ValueError, match=r"`source` must be one of \('subset', 'keras', 'idx'\), "
                                         r"got source='mnist'"):
        load_mnist("mnist")
