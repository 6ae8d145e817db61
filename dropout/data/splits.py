"""Stratified, seeded splits: train/test, train/validation, and smaller training subsets.

Stratified means every class keeps its share on each side of the split. The
counts per class are fixed by the largest-remainder rule (exact integer
arithmetic), so a balanced set of 500 digits per class split with
``test_size=1000`` gives exactly 100 test and 400 training digits per class.
Which examples go where is drawn from ``seed``; both sides come back shuffled
(never sorted by label, which matters for mini-batch training).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["stratified_split_indices", "train_validation_split", "stratified_subset"]


def _as_rng(seed, name: str = "seed") -> np.random.Generator:
    """Return a Generator from a non-negative int seed (or pass a Generator through)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(
            f"`{name}` must be a non-negative int or a numpy.random.Generator, "
            f"got {seed!r} of type {type(seed).__name__}"
        )
    if seed < 0:
        raise ValueError(f"`{name}` must be a non-negative int, got {name}={seed!r}")
    return np.random.default_rng(int(seed))


def _check_labels(y, name: str = "y") -> np.ndarray:
    if not isinstance(y, np.ndarray):
        raise TypeError(f"`{name}` must be a NumPy array of integer labels, got {type(y).__name__}")
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"`{name}` must be a 1-D array of integer labels, got dtype {y.dtype} and shape {y.shape}"
        )
    if y.size == 0:
        raise ValueError(f"`{name}` is empty")
    return y


def _check_xy(x, y) -> None:
    if not isinstance(x, np.ndarray):
        raise TypeError(f"`x` must be a NumPy array, got {type(x).__name__}")
    _check_labels(y)
    if x.ndim == 0 or x.shape[0] != y.shape[0]:
        raise ValueError(
            f"`x` and `y` must hold the same number of examples, got x.shape={x.shape} "
            f"and y.shape={y.shape}"
        )


def _resolve_size(size, n: int, name: str) -> int:
    """Turn an int count or a float fraction in (0, 1) into a count in [1, n - 1]."""
    if isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Real):
        raise TypeError(
            f"`{name}` must be an int (a count) or a float in (0, 1) (a fraction), "
            f"got {size!r} of type {type(size).__name__}"
        )
    if isinstance(size, (numbers.Integral, np.integer)):
        count = int(size)
    else:
        frac = float(size)
        if not 0.0 < frac < 1.0:  # also refuses NaN
            raise ValueError(f"`{name}` as a fraction must be in (0, 1), got {name}={size!r}")
        count = int(round(frac * n))
    if not 1 <= count <= n - 1:
        raise ValueError(
            f"`{name}` must leave at least one example on each side: got {name}={size!r} "
            f"({count} of {n} examples)"
        )
    return count


def _allocate(counts: np.ndarray, k: int) -> np.ndarray:
    """Split ``k`` among classes in proportion to ``counts`` (largest remainder, exact)."""
    total = int(counts.sum())
    num = k * counts
    base = num // total
    rest = k - int(base.sum())
    # The `rest` classes with the largest remainders get one more; ties go to the smaller label.
    order = np.argsort(-(num % total), kind="stable")
    base[order[:rest]] += 1
    return base


def _stratified_pick(y: np.ndarray, k: int, rng: np.random.Generator, *, name: str, size,
                     need_rest: bool) -> tuple[np.ndarray, np.ndarray]:
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    per_class = _allocate(counts, k)
    empty = classes[per_class == 0]
    if empty.size:
        raise ValueError(
            f"`{name}`={size!r} ({k} of {y.size} examples) leaves class(es) {empty.tolist()} "
            f"with no example in the split; with {classes.size} classes it must give each class "
            f"at least one (class sizes: {dict(zip(classes.tolist(), counts.tolist()))})"
        )
    if need_rest:
        full = classes[per_class == counts]
        if full.size:
            raise ValueError(
                f"`{name}`={size!r} ({k} of {y.size} examples) leaves class(es) {full.tolist()} "
                f"with no example on the other side of the split"
            )
    picked, rest = [], []
    for c in range(classes.size):
        idx = rng.permutation(np.flatnonzero(inverse == c))
        picked.append(idx[: per_class[c]])
        rest.append(idx[per_class[c]:])
    return rng.permutation(np.concatenate(picked)), rng.permutation(np.concatenate(rest))


def stratified_split_indices(y, test_size, *, seed) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a stratified, seeded train/test split of the labels ``y``.

    Each class ``c`` with ``n_c`` of the ``n`` examples puts about
    ``test_size * n_c / n`` of them in the test part (largest-remainder
    rounding, so the parts have exactly the requested sizes); every class
    keeps at least one example on each side. Both index arrays are shuffled.

    Args:
        y: integer labels, shape (n,).
        test_size: the size of the test part: an int count in [1, n - 1], or a
            float fraction in (0, 1) (rounded to the nearest count).
        seed: a non-negative int, or a ``numpy.random.Generator``.

    Returns:
        ``(train_index, test_index)``: int64 arrays, disjoint, together a
        permutation of ``range(n)``.

    Raises:
        TypeError: if ``y`` is not a 1-D integer array, or ``test_size`` / ``seed``
            has the wrong type.
        ValueError: if ``test_size`` is out of range or leaves a class empty on
            one side, or ``seed`` is negative.

    Example:
        >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
        >>> train, test = stratified_split_indices(y, 4, seed=0)
        >>> np.bincount(y[test]).tolist(), np.bincount(y[train]).tolist()
        ([2, 2], [2, 2])
    """
    y = _check_labels(y)
    rng = _as_rng(seed)
    k = _resolve_size(test_size, y.size, "test_size")
    test, train = _stratified_pick(y, k, rng, name="test_size", size=test_size, need_rest=True)
    return train, test


def train_validation_split(x, y, *, validation_size, seed):
    """Hold out a stratified, seeded validation set from a training set.

    The validation set is for choosing hyperparameters (keep probability,
    max-norm constant, epochs); the test set stays untouched until the end.

    Args:
        x: examples, shape (n, ...) (e.g. (n, 784) images).
        y: integer labels, shape (n,).
        validation_size: an int count in [1, n - 1], or a float fraction in (0, 1).
        seed: a non-negative int, or a ``numpy.random.Generator``.

    Returns:
        ``(x_train, y_train), (x_val, y_val)``: new arrays (shuffled), each class
        in the same proportion on both sides.

    Raises:
        TypeError: if ``x``/``y`` are not arrays (``y`` 1-D integer), or an
            argument has the wrong type.
        ValueError: if ``x`` and ``y`` differ in length, or ``validation_size``
            is out of range or leaves a class empty on one side.

    Example:
        >>> x = np.arange(20, dtype=np.float32).reshape(10, 2)
        >>> y = np.array([0] * 5 + [1] * 5)
        >>> split = train_validation_split(x, y, validation_size=0.4, seed=0)
        >>> (x_tr, y_tr), (x_val, y_val) = split
        >>> x_tr.shape, np.bincount(y_val).tolist()
        ((6, 2), [2, 2])
    """
    _check_xy(x, y)
    rng = _as_rng(seed)
    k = _resolve_size(validation_size, y.size, "validation_size")
    val, train = _stratified_pick(y, k, rng, name="validation_size", size=validation_size,
                                  need_rest=True)
    return (x[train], y[train]), (x[val], y[val])


def stratified_subset(x, y, n, *, seed):
    """A smaller training set of ``n`` examples with the class proportions of ``y``.

    For experiments on the size of the data set (dropout helps most when data
    are scarce): each class gets its share of ``n`` by largest-remainder
    rounding, at least one example each.

    Args:
        x: examples, shape (N, ...).
        y: integer labels, shape (N,).
        n: the number of examples to keep, an int with
            ``number of classes <= n <= N``.
        seed: a non-negative int, or a ``numpy.random.Generator``.

    Returns:
        ``(x_subset, y_subset)``: new arrays of n examples, shuffled.

    Raises:
        TypeError: if ``n`` is not an int, or ``x``/``y``/``seed`` have the wrong type.
        ValueError: if ``n`` is out of range or too small to give every class an example.

    Example:
        >>> x = np.zeros((12, 3), dtype=np.float32)
        >>> y = np.array([0] * 6 + [1] * 3 + [2] * 3)
        >>> x_s, y_s = stratified_subset(x, y, 4, seed=0)
        >>> x_s.shape, np.bincount(y_s).tolist()
        ((4, 3), [2, 1, 1])
    """
    _check_xy(x, y)
    rng = _as_rng(seed)
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (numbers.Integral, np.integer)):
        raise TypeError(f"`n` must be an int, got {n!r} of type {type(n).__name__}")
    if not 1 <= n <= y.size:
        raise ValueError(f"`n` must be between 1 and the number of examples {y.size}, got n={n!r}")
    keep, _ = _stratified_pick(y, int(n), rng, name="n", size=n, need_rest=False)
    return x[keep], y[keep]
