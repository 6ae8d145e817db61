"""Counting dropped units and thinned networks (chapter 3).

During training every unit j of a layer with n units is kept independently,
r_j ~ Bernoulli(p), where p is the *keep probability* (Keras' ``rate`` is
1 - p). Chapter 3 counts what this does to a layer:

* the number of dropped units D = n - sum_j r_j is Binomial(n, 1 - p)
  (eq. ``eq-ch03-dropped-pmf``), so it is n (1 - p) only *on average*
  (eq. ``eq-ch03-expected-dropped``), with variance n p (1 - p);
* the thinned layer keeps n p units on average (eq. ``eq-ch03-expected-kept``),
  so a layer that should keep n units on average needs n / p of them
  (chapter 6, eq. ``eq-ch06-width``);
* a layer of n units has 2^n distinct masks, so a network with n droppable units
  is an ensemble of 2^n thinned networks sharing weights (eq. ``eq-ch03-thinned-count``);
* two independent masks coincide with probability (p^2 + (1 - p)^2)^n
  (eq. ``eq-ch03-masks-equal``), which is why every row of a batch of masks differs.

All functions take ``keep_prob`` = p, the probability of **keeping** a unit.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy import stats

from dropout._checks import check_keep_prob

__all__ = [
    "prob_dropped",
    "dropped_pmf",
    "expected_dropped",
    "variance_dropped",
    "expected_kept",
    "n_thinned_networks",
    "prob_masks_equal",
    "width_for_keep_prob",
]


def _check_count(value, name: str) -> int:
    """Return ``value`` as an int after checking it is a non-negative integer."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"`{name}` must be a non-negative integer, got {value!r} "
            f"of type {type(value).__name__}"
        )
    if value < 0:
        raise ValueError(f"`{name}` must be a non-negative integer, got {name}={value!r}")
    return int(value)


def _check_int(value, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer (any sign)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"`{name}` must be an integer, got {value!r} of type {type(value).__name__}"
        )
    return int(value)


def prob_dropped(k: int, n: int, keep_prob: float) -> float:
    """Probability that exactly k of n units are dropped (chapter 3, eq. ``eq-ch03-dropped-pmf``).

    With r_j ~ Bernoulli(p) independent, the number of dropped units
    D = n - sum_j r_j is Binomial(n, 1 - p):

        P(D = k) = C(n, k) (1 - p)^k p^(n - k),   k = 0, 1, ..., n.

    The value is 0 for a k outside 0..n. It is computed by
    ``scipy.stats.binom.pmf(k, n, 1 - p)``, which stays accurate for a large n
    (where C(n, k) alone would overflow a float).

    Args:
        k: the number of dropped units, an int.
        n: the number of units in the layer, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        P(D = k) as a float in [0, 1].

    Raises:
        TypeError: ``k`` or ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> # exactly one of ten dropped
        >>> round(prob_dropped(1, 10, keep_prob=0.9), 4)
        0.3874
        >>> round(prob_dropped(0, 10, keep_prob=0.9), 4)  # none dropped
        0.3487
    """
    k = _check_int(k, "k")
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return float(stats.binom.pmf(k, n, 1.0 - p))


def dropped_pmf(n: int, keep_prob: float) -> np.ndarray:
    """The whole distribution of the number of dropped units (chapter 3, eq. ``eq-ch03-dropped-pmf``).

    Entry k is P(D = k) = C(n, k) (1 - p)^k p^(n - k), the Binomial(n, 1 - p)
    probability that exactly k of n units are dropped (``scipy.stats.binom.pmf``,
    as :func:`prob_dropped`); the entries sum to 1.

    Args:
        n: the number of units in the layer, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        A float64 array of shape ``(n + 1,)``, indexed by k = 0..n.

    Raises:
        TypeError: ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> dropped_pmf(2, keep_prob=0.5).round(12).tolist()
        [0.25, 0.5, 0.25]
    """
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return stats.binom.pmf(np.arange(n + 1), n, 1.0 - p).astype(np.float64, copy=False)


def expected_dropped(n: int, keep_prob: float) -> float:
    """Expected number of dropped units, E[D] = n (1 - p) (chapter 3, eq. ``eq-ch03-expected-dropped``).

    The mean of Binomial(n, 1 - p). It need not be an integer, and D equals
    it only on average: see :func:`prob_dropped`.

    Args:
        n: the number of units in the layer, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        n (1 - p) as a float.

    Raises:
        TypeError: ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> expected_dropped(10, keep_prob=0.5)
        5.0
    """
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return n * (1.0 - p)


def variance_dropped(n: int, keep_prob: float) -> float:
    """Variance of the number of dropped units, Var[D] = n p (1 - p) (chapter 3, eq. ``eq-ch03-expected-dropped``).

    The variance of Binomial(n, 1 - p); the number of *kept* units n - D has
    the same variance.

    Args:
        n: the number of units in the layer, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        n p (1 - p) as a float.

    Raises:
        TypeError: ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> variance_dropped(10, keep_prob=0.5)
        2.5
    """
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return n * p * (1.0 - p)


def expected_kept(n: int, keep_prob: float) -> float:
    """Expected size of a thinned layer, E[sum_j r_j] = n p (chapter 3, eq. ``eq-ch03-expected-kept``).

    Args:
        n: the number of units in the layer, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        n p as a float.

    Raises:
        TypeError: ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> expected_kept(800, keep_prob=0.5)
        400.0
    """
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return n * p


def n_thinned_networks(n: int) -> int:
    """Number of thinned networks, 2^n (chapter 3, eq. ``eq-ch03-thinned-count``).

    Each of n droppable units is either kept or dropped, so there are 2^n
    distinct masks r in {0, 1}^n, and the network is an ensemble of 2^n thinned
    networks that share its weights. The count does not depend on p (for
    0 < p < 1 every mask has positive probability).

    Args:
        n: the number of droppable units, a non-negative int.

    Returns:
        2^n as an exact Python int.

    Raises:
        TypeError: ``n`` not an int.
        ValueError: ``n`` negative.

    Example:
        >>> n_thinned_networks(4)
        16
        >>> # the number of digits, for the paper's MNIST network
        >>> len(str(n_thinned_networks(784 + 800 + 800)))
        718
    """
    n = _check_count(n, "n")
    return 2**n


def prob_masks_equal(n: int, keep_prob: float) -> float:
    """Probability that two independent masks over n units are equal (chapter 3, eq. ``eq-ch03-masks-equal``).

    Two independent draws agree on unit j when both keep it or both drop it,
    with probability p^2 + (1 - p)^2, so

        P(r = r') = (p^2 + (1 - p)^2)^n,

    which is (1/2)^n at p = 1/2, the smallest value for a given n.

    Args:
        n: the number of units, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        P(r = r') as a float in [0, 1].

    Raises:
        TypeError: ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> prob_masks_equal(3, keep_prob=0.5)
        0.125
    """
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return (p * p + (1.0 - p) ** 2) ** n


def width_for_keep_prob(n: int, keep_prob: float) -> int:
    """Width of a dropout layer that keeps n units on average, n / p (chapter 6, eq. ``eq-ch06-width``).

    A layer of m units keeps m p of them on average (eq. ``eq-ch03-expected-kept``),
    so m = n / p units keep n; the paper's rule of thumb for sizing a layer
    that gets dropout. A layer has a whole number of units: the result is
    n / p rounded to the nearest integer.

    Args:
        n: the number of units a layer without dropout would have, a non-negative int.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        round(n / p) as an int.

    Raises:
        TypeError: ``n`` not an int, ``keep_prob`` not a real number.
        ValueError: ``n`` negative, ``keep_prob`` NaN or outside (0, 1].

    Example:
        >>> width_for_keep_prob(64, keep_prob=0.8)
        80
        >>> width_for_keep_prob(256, keep_prob=1.0)
        256
    """
    n = _check_count(n, "n")
    p = check_keep_prob(keep_prob)
    return int(round(n / p))
