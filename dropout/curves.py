"""Measures of learning curves: gap, late mean, epochs to a target, roughness, error bars.

A learning curve is a sequence a_1, ..., a_E of per-epoch values (accuracy or
loss), or of per-mini-batch losses. Chapters 2, 7 and 9 summarise curves with
these measures:

* :func:`generalisation_gap` — how much better the training value is than the test value (chapter 2, eq.
  ``eq-ch02-gap``; chapter 9, eq. ``eq-ch09-gap``);
* :func:`late_mean` — the mean of the last k values (chapter 9, eq. ``eq-ch09-late-mean``);
* :func:`epochs_to_reach` — the first epoch at which a target is reached
  (chapter 9, eq. ``eq-ch09-epochs-to-reach``);
* :func:`roughness` — the standard deviation of step-to-step changes
  (chapter 9, eq. ``eq-ch09-roughness``);
* :func:`binomial_standard_error` — the standard error of a proportion (an
  accuracy, a kept fraction) measured on n independent trials (chapter 7, eq. ``eq-ch07-standard-error``).

NumPy only: importing this module never imports TensorFlow or matplotlib.
"""

from __future__ import annotations

import math

import numpy as np

from dropout._checks import check_finite_real, check_positive_int

__all__ = [
    "generalisation_gap",
    "late_mean",
    "epochs_to_reach",
    "roughness",
    "binomial_standard_error",
]


def _check_curve(curve, name: str = "curve", min_len: int = 1) -> np.ndarray:
    """Return ``curve`` as a finite 1-D float64 array with at least ``min_len`` values."""
    if isinstance(curve, (str, bytes)) or np.ndim(curve) != 1:
        raise TypeError(f"`{name}` must be a 1-D sequence of numbers, got {name}={curve!r}")
    try:
        a = np.asarray(curve, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"`{name}` must be a 1-D sequence of numbers, got {name}={curve!r}") from err
    if a.size < min_len:
        raise ValueError(f"`{name}` must have at least {min_len} value(s), got {a.size}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"`{name}` must be finite (no NaN or inf), got {name}={curve!r}")
    return a


def generalisation_gap(train, test, *, higher_is_better: bool = True):
    """Generalisation gap, how much better a model looks on its training data
    (chapter 2, eq. ``eq-ch02-gap``; chapter 9, eq. ``eq-ch09-gap``).

    For an accuracy (``higher_is_better=True``, chapter 9) the gap is
    g = a_train - a_test; for a loss or risk (``higher_is_better=False``,
    chapter 2) it is gap(f) = R(f) - R_n(f), the held-out loss minus the
    training loss. Either way a positive gap means the model does better on
    the data it was trained on.

    Args:
        train: value on the training set, a real number or an array.
        test: value on the held-out set, same shape as ``train``.
        higher_is_better: True for accuracies, False for losses.

    Returns:
        ``train - test`` (or ``test - train`` for losses): a Python float for
        scalars, a float64 array for arrays.

    Raises:
        TypeError: an argument is not numeric.
        ValueError: shapes differ, or a value is NaN or infinite.

    Example:
        >>> generalisation_gap(1.0, 0.875)  # accuracies
        0.125
        >>> # losses: R - R_n
        >>> generalisation_gap(0.25, 0.75, higher_is_better=False)
        0.5
        >>> generalisation_gap([1.0, 0.9375], [0.875, 0.875])
        array([0.125 , 0.0625])
    """
    try:
        a = np.asarray(train, dtype=np.float64)
        b = np.asarray(test, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"`train` and `test` must be numbers or numeric arrays, got train={train!r}, test={test!r}"
        ) from err
    if a.shape != b.shape:
        raise ValueError(f"`train` and `test` must have the same shape, got {a.shape} and {b.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError(f"`train` and `test` must be finite, got train={train!r}, test={test!r}")
    gap = a - b if higher_is_better else b - a
    return float(gap) if gap.ndim == 0 else gap


def late_mean(curve, k: int) -> float:
    """Mean of the last k values of a curve (chapter 9, eq. ``eq-ch09-late-mean``).

        a_bar = (1/k) sum_{t = E - k + 1}^{E} a_t

    Averaging the last few epochs instead of reading off the last one smooths
    out the epoch-to-epoch noise of a curve that has levelled off.

    Args:
        curve: the per-epoch values a_1, ..., a_E, a 1-D sequence of finite numbers.
        k: how many final values to average, 1 <= k <= E.

    Returns:
        a_bar as a Python float.

    Raises:
        TypeError: ``curve`` not a 1-D numeric sequence; ``k`` not an int.
        ValueError: ``curve`` empty or not finite; ``k`` < 1 or larger than the curve.

    Example:
        >>> late_mean([0.5, 0.75, 0.75, 1.0], k=2)
        0.875
    """
    a = _check_curve(curve)
    k = check_positive_int(k, "k")
    if k > a.size:
        raise ValueError(f"`k` must be at most the length of the curve, {a.size}, got k={k}")
    return float(np.mean(a[-k:]))


def epochs_to_reach(curve, target: float) -> int | None:
    """First epoch at which a curve reaches a target, T = min{t : a_t >= a*}
    (chapter 9, eq. ``eq-ch09-epochs-to-reach``).

    Epochs are counted from 1, so ``curve[0]`` is epoch 1. Meant for curves
    that should rise (accuracy); for a loss, pass its negative.

    Args:
        curve: the per-epoch values a_1, ..., a_E, a 1-D sequence of finite numbers.
        target: a*, a finite real number.

    Returns:
        T as an int in 1 .. E, or ``None`` if the curve never reaches ``target``.

    Raises:
        TypeError: ``curve`` not a 1-D numeric sequence; ``target`` not a real number.
        ValueError: ``curve`` empty or not finite; ``target`` NaN or infinite.

    Example:
        >>> epochs_to_reach([0.5, 0.7, 0.9, 0.95], 0.9)
        3
        >>> epochs_to_reach([0.5, 0.7], 0.9) is None
        True
    """
    a = _check_curve(curve)
    target = check_finite_real(target, "target")
    hits = np.flatnonzero(a >= target)
    return int(hits[0]) + 1 if hits.size else None


def roughness(curve) -> float:
    """Roughness of a curve, R = std_t(L_{t+1} - L_t) (chapter 9, eq. ``eq-ch09-roughness``).

    The standard deviation (population form: dividing by the number of
    differences, E - 1) of the change from one value to the next: a smooth curve, even a steep one, has
    small roughness; the mini-batch loss of a network trained with dropout,
    which sees a different thinned network at every step, is rough.

    Args:
        curve: the values L_1, ..., L_E, a 1-D sequence of at least 2 finite numbers.

    Returns:
        R >= 0 as a Python float (0 for a straight line).

    Raises:
        TypeError: ``curve`` not a 1-D numeric sequence.
        ValueError: fewer than 2 values, or a value NaN or infinite.

    Example:
        >>> roughness([3.0, 2.0, 1.0, 0.0])  # a straight line
        0.0
        >>> round(roughness([0.0, 1.0, 0.0, 1.0]), 4)  # steps +1, -1, +1
        0.9428
    """
    a = _check_curve(curve, min_len=2)
    return float(np.std(np.diff(a)))


def binomial_standard_error(a: float, n: int) -> float:
    """Standard error of a proportion a of n independent trials, SE(a) = sqrt(a (1 - a) / n)
    (chapter 7, eq. ``eq-ch07-standard-error``).

    Each of n independent trials succeeds with probability a (an example is
    classified correctly; a unit is kept, a = p), so the fraction of
    successes has standard deviation sqrt(a (1 - a) / n). For a measured
    accuracy, the measured value is plugged in for a. Two accuracies on the
    same n examples that differ by less than about two standard errors
    cannot be told apart.

    Args:
        a: the proportion (or its probability) in [0, 1], a real number.
        n: the number of trials (examples), a positive int.

    Returns:
        SE(a) as a Python float (0 when a is 0 or 1).

    Raises:
        TypeError: ``a`` not a real number; ``n`` not an int.
        ValueError: ``a`` NaN or outside [0, 1]; ``n`` < 1.

    Example:
        >>> round(binomial_standard_error(0.9, 100), 6)
        0.03
    """
    value = a
    a = check_finite_real(value, "a")
    if not 0.0 <= a <= 1.0:
        raise ValueError(f"`a` must be in [0, 1], got a={value!r}")
    n = check_positive_int(n, "n")
    return math.sqrt(a * (1.0 - a) / n)
