"""The ensemble of thinned networks, made exact for one softmax layer.

A network with n droppable units defines 2^n *thinned* networks, one per mask
r in {0, 1}^n, and dropout samples mask r with probability
(chapter 4, eq. ``eq-ch04-mask-prob``)

.. math::

    P(r) = p^{|r|} (1-p)^{n - |r|}, \\qquad |r| = \\textstyle\\sum_j r_j .

For one softmax layer on dropped inputs, z_r = W (r * x) + b, the normalised
geometric mean of the 2^n predictions weighted by P(r)
(eq. ``eq-ch04-geometric-mean``) equals the prediction of the weight-scaled
network softmax(p W x + b) exactly (eq. ``eq-ch04-geometric-identity``); the
arithmetic mean (eq. ``eq-ch04-arithmetic-mean``) is close but not equal
(Srivastava et al. 2014; Baldi and Sadowski 2013).

Functions take ``keep_prob``, the paper's p, the probability of **keeping**
a unit. Arrays follow the package's batch convention: ``x @ W + b`` with
``x`` of shape ``(N, n)`` (or ``(n,)``) and ``W`` of shape ``(n, C)``.
"""

from __future__ import annotations

import numbers

import numpy as np

from dropout._checks import check_float_array, check_keep_prob
from dropout.reference.layers import log_softmax, softmax

__all__ = [
    "MAX_ENUMERATED_UNITS",
    "enumerate_masks",
    "mask_probabilities",
    "normalised_geometric_mean",
    "geometric_mean_ensemble",
    "arithmetic_mean_ensemble",
    "weight_scaled_prediction",
]

#: Largest n for which :func:`enumerate_masks` lists all 2^n masks (about a million).
MAX_ENUMERATED_UNITS = 20


def enumerate_masks(n: int) -> np.ndarray:
    """All 2^n dropout masks of n units, one per row (chapter 4, eq. ``eq-ch04-mask-prob``).

    Row i is the binary expansion of i, least significant unit first, so row 0
    drops every unit and the last row keeps them all.

    Args:
        n: number of droppable units, an int in 0 .. ``MAX_ENUMERATED_UNITS`` (20).

    Returns:
        A boolean array of shape ``(2**n, n)``, ``True`` where the unit is kept.

    Raises:
        TypeError: ``n`` is not an int.
        ValueError: ``n`` is negative or larger than 20 (2^n rows would not fit).

    Example:
        >>> enumerate_masks(2).astype(int).tolist()
        [[0, 0], [1, 0], [0, 1], [1, 1]]
    """
    if isinstance(n, bool) or not isinstance(n, (numbers.Integral, np.integer)):
        raise TypeError(f"`n` must be an int, got {n!r} of type {type(n).__name__}")
    if not 0 <= n <= MAX_ENUMERATED_UNITS:
        raise ValueError(
            f"`n` must be in 0..{MAX_ENUMERATED_UNITS} (2**n masks are listed), got n={n!r}"
        )
    codes = np.arange(2**n)[:, None]
    return ((codes >> np.arange(n)) & 1).astype(bool)


def mask_probabilities(masks: np.ndarray, keep_prob: float) -> np.ndarray:
    """Probability of each mask, ``P(r) = p^{|r|} (1 - p)^{n - |r|}`` (chapter 4, eq. ``eq-ch04-mask-prob``).

    Args:
        masks: boolean array of shape ``(M, n)``, one mask per row (True = kept).
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        A float64 array of shape ``(M,)``; over all 2^n masks it sums to 1.

    Raises:
        TypeError: ``masks`` not a boolean NumPy array, ``keep_prob`` not a number.
        ValueError: ``masks`` not 2-D, ``keep_prob`` outside (0, 1].

    Example:
        >>> mask_probabilities(enumerate_masks(2), 0.75).tolist()
        [0.0625, 0.1875, 0.1875, 0.5625]
    """
    if not isinstance(masks, np.ndarray) or masks.dtype != np.bool_:
        got = f"dtype {masks.dtype}" if isinstance(masks, np.ndarray) else type(masks).__name__
        raise TypeError(f"`masks` must be a boolean NumPy array (True = kept), got {got}")
    if masks.ndim != 2:
        raise ValueError(f"`masks` must be 2-D (masks, units), got masks.shape={masks.shape}")
    p = check_keep_prob(keep_prob)
    kept = masks.sum(axis=1)
    return p**kept * (1.0 - p) ** (masks.shape[1] - kept)


def normalised_geometric_mean(log_probs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Normalised weighted geometric mean of distributions (chapter 4, eq. ``eq-ch04-geometric-mean``).

    G_k = prod_r P_r(k)^{w_r} / sum_c prod_r P_r(c)^{w_r}, computed in the log
    domain as softmax(sum_r w_r log P_r).

    Args:
        log_probs: log-probabilities, shape ``(M, ..., C)``: M distributions
            over C classes (for each example in ``...``).
        weights: w_r, shape ``(M,)``, e.g. :func:`mask_probabilities`.

    Returns:
        The normalised geometric mean, shape ``log_probs.shape[1:]``, summing
        to 1 over the last axis.

    Raises:
        TypeError: an argument is not a floating array.
        ValueError: ``weights`` does not have shape ``(M,)``.

    Example:
        >>> import numpy as np
        >>> logp = np.log(np.array([[0.9, 0.1], [0.1, 0.9]]))
        >>> g = normalised_geometric_mean(logp, np.array([0.5, 0.5]))
        >>> g.round(12).tolist()
        [0.5, 0.5]
    """
    check_float_array(log_probs, "log_probs")
    check_float_array(weights, "weights")
    if log_probs.ndim < 2 or weights.shape != (log_probs.shape[0],):
        raise ValueError(
            f"`weights` must have shape (M,) with M = log_probs.shape[0], got "
            f"weights.shape={weights.shape} and log_probs.shape={log_probs.shape}"
        )
    return softmax(np.tensordot(weights, log_probs, axes=1))


def _check_softmax_layer(x, W, b):
    check_float_array(x, "x")
    check_float_array(W, "W")
    check_float_array(b, "b")
    if W.ndim != 2:
        raise ValueError(f"`W` must be 2-D (inputs, classes), got W.shape={W.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != W.shape[0]:
        raise ValueError(
            f"`x` must have shape (n,) or (N, n) with n = W.shape[0] = {W.shape[0]}, got x.shape={x.shape}"
        )
    if b.shape != (W.shape[1],):
        raise ValueError(f"`b` must have shape ({W.shape[1]},), got b.shape={b.shape}")


def _thinned_log_probs(x, W, b, keep_prob):
    """Log-probabilities of all 2^n thinned softmax layers, shape (2^n, ..., C), and P(r)."""
    masks = enumerate_masks(W.shape[0])
    weights = mask_probabilities(masks, keep_prob)
    r = masks.astype(x.dtype).reshape((masks.shape[0],) + (1,) * (x.ndim - 1) + (W.shape[0],))
    return log_softmax((r * x) @ W + b), weights


def geometric_mean_ensemble(x: np.ndarray, W: np.ndarray, b: np.ndarray, keep_prob: float) -> np.ndarray:
    """Normalised geometric mean of all 2^n thinned softmax layers (chapter 4, eq. ``eq-ch04-geometric-mean``).

    Every mask r gives the prediction softmax(W (r * x) + b); the predictions
    are combined with weights P(r) (eq. ``eq-ch04-mask-prob``) by
    :func:`normalised_geometric_mean`. Exact enumeration: n <= 20.

    Args:
        x: inputs, shape ``(n,)`` or ``(N, n)``, floating.
        W: weights, shape ``(n, C)``.
        b: biases, shape ``(C,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input unit.

    Returns:
        Probabilities, shape ``(C,)`` or ``(N, C)``.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number.
        ValueError: shapes that do not fit, n > 20, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> x, W, b = np.array([1.0, 2.0]), np.eye(2), np.zeros(2)
        >>> geometric = geometric_mean_ensemble(x, W, b, 0.5)
        >>> scaled = weight_scaled_prediction(x, W, b, 0.5)
        >>> bool(np.allclose(geometric, scaled))
        True
    """
    _check_softmax_layer(x, W, b)
    log_probs, weights = _thinned_log_probs(x, W, b, check_keep_prob(keep_prob))
    return normalised_geometric_mean(log_probs, weights)


def arithmetic_mean_ensemble(x: np.ndarray, W: np.ndarray, b: np.ndarray, keep_prob: float) -> np.ndarray:
    """Arithmetic mean of all 2^n thinned softmax layers (chapter 4, eq. ``eq-ch04-arithmetic-mean``).

    A(x) = sum_r P(r) softmax(W (r * x) + b): the expected prediction under
    dropout, which Monte-Carlo averaging estimates. Exact enumeration: n <= 20.

    Args:
        x: inputs, shape ``(n,)`` or ``(N, n)``, floating.
        W: weights, shape ``(n, C)``.
        b: biases, shape ``(C,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input unit.

    Returns:
        Probabilities, shape ``(C,)`` or ``(N, C)``.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number.
        ValueError: shapes that do not fit, n > 20, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> x, W, b = np.array([1.0, 2.0]), np.eye(2), np.zeros(2)
        >>> float(arithmetic_mean_ensemble(x, W, b, 0.5).sum().round(12))
        1.0
    """
    _check_softmax_layer(x, W, b)
    log_probs, weights = _thinned_log_probs(x, W, b, check_keep_prob(keep_prob))
    return np.tensordot(weights, np.exp(log_probs), axes=1)


def weight_scaled_prediction(x: np.ndarray, W: np.ndarray, b: np.ndarray, keep_prob: float) -> np.ndarray:
    """Prediction of the weight-scaled network softmax(p W x + b) (chapter 4, eq. ``eq-ch04-weight-scaled``).

    One deterministic pass with W_test = p W (eq. ``eq-ch04-test-scaling``);
    for a single softmax layer it equals :func:`geometric_mean_ensemble`
    exactly (eq. ``eq-ch04-geometric-identity``).

    Args:
        x: inputs, shape ``(n,)`` or ``(N, n)``, floating.
        W: weights, shape ``(n, C)``.
        b: biases, shape ``(C,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input unit.

    Returns:
        Probabilities, shape ``(C,)`` or ``(N, C)``.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> x, W, b = np.array([2.0, 0.0]), np.eye(2), np.zeros(2)
        >>> weight_scaled_prediction(x, W, b, 0.5).round(4).tolist()
        [0.7311, 0.2689]
    """
    _check_softmax_layer(x, W, b)
    p = check_keep_prob(keep_prob)
    return softmax(x @ (p * W) + b)
