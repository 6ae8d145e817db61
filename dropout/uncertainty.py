"""Uncertainty from Monte-Carlo dropout, and calibration of predicted probabilities (chapter 8).

Monte-Carlo dropout (chapter 8, eq. ``eq-ch08-mc-average``) gives k softmax
outputs y_hat_t (t = 1 .. k) per example and their mean p_bar(x). Chapter 8
turns them into scores of how unsure the model is, and measures how well
a score detects errors:

* :func:`predictive_spread` — the standard deviation over the passes of the
  probability of the predicted class (eq. ``eq-ch08-spread``);
* :func:`predictive_entropy` — the entropy of the mean prediction (eq. ``eq-ch08-entropy``);
* :func:`mutual_information` — the entropy of the mean minus the mean entropy
  of the passes (eq. ``eq-ch08-mutual-information``; BALD, Houlsby et al. 2011, Gal et al. 2017);
* :func:`auroc` — the area under the ROC curve of a score as a detector of a
  binary outcome, by the Mann-Whitney statistic.

and how well the probabilities themselves are calibrated (Guo et al. 2017, section 2):

* :func:`negative_log_likelihood` — the mean of -log p(y_i | x_i) (eq. ``eq-ch08-nll``);
* :func:`reliability_bins` — accuracy and confidence in equal-width confidence
  bins (the data of a reliability diagram), as a :class:`ReliabilityBins`;
* :func:`expected_calibration_error` — ECE, the bin-weighted gap between accuracy and confidence
  (eq. ``eq-ch08-ece``).

NumPy only: importing this module never imports TensorFlow or matplotlib.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dropout._checks import check_positive_int
from dropout.reference.layers import check_labels

__all__ = [
    "predictive_spread",
    "predictive_entropy",
    "mutual_information",
    "auroc",
    "negative_log_likelihood",
    "ReliabilityBins",
    "reliability_bins",
    "expected_calibration_error",
    "PROB_FLOOR",
]

#: Smallest probability :func:`negative_log_likelihood` takes the log of: the smallest
#: normal float64, about 2.2e-308, so a zero probability costs -log(PROB_FLOOR), about 708.4.
PROB_FLOOR = float(np.finfo(np.float64).tiny)


def _sum_tolerance(dtype) -> float:
    """Largest |sum_c p_c - 1| accepted: max(1e-6, sqrt(eps)) of ``dtype``.

    1e-6 for float64, about 3.5e-4 for float32, 3.1e-2 for float16: half the
    significant digits of the dtype, enough for a softmax over thousands of
    classes rounded in that dtype, and never tighter than 1e-6.
    """
    return max(1e-6, float(np.sqrt(np.finfo(dtype).eps)))


def _check_probabilities(p, name: str, ndim: int, *, normalised: bool = False) -> np.ndarray:
    if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
        got = f"dtype {p.dtype}" if isinstance(p, np.ndarray) else type(p).__name__
        raise TypeError(f"`{name}` must be a floating NumPy array, got {got}")
    if p.ndim != ndim:
        raise ValueError(f"`{name}` must have {ndim} dimensions, got shape {p.shape}")
    if p.size == 0:
        raise ValueError(f"`{name}` must not be empty, got shape {p.shape}")
    if not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1:
        raise ValueError(f"`{name}` must hold probabilities in [0, 1], got values in [{p.min()}, {p.max()}]")
    if normalised:
        tol = _sum_tolerance(p.dtype)
        gap = np.abs(p.sum(axis=-1, dtype=np.float64) - 1.0)
        worst = np.unravel_index(int(gap.argmax()), gap.shape)
        if gap[worst] > tol:
            raise ValueError(
                f"`{name}` must sum to 1 over its last axis (classes), within {tol:.1e} for {p.dtype}; "
                f"got a sum of {float(p[worst].sum(dtype=np.float64)):.10g} at index {tuple(int(i) for i in worst)}"
            )
    return p.astype(np.float64, copy=False)


def _entropy(p: np.ndarray) -> np.ndarray:
    """-sum_c p_c log p_c over the last axis, in nats, with 0 log 0 = 0 (no checks)."""
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return -plogp.sum(axis=-1) + 0.0  # + 0.0 turns -0.0 into 0.0


def predictive_spread(samples: np.ndarray) -> np.ndarray:
    """Spread of the predicted class over the MC passes (chapter 8, eq. ``eq-ch08-spread``).

        s(x) = sqrt( (1/k) sum_{t=1}^{k} (y_hat_{t, c} - p_bar_c(x))^2 ),   c = argmax_c p_bar_c(x)

    the standard deviation (with 1/k) over the k passes of the probability
    that each pass gives to the class predicted by the MC mean p_bar. It is
    :attr:`dropout.mc_prediction.MCPrediction.spread`, and is at most
    sqrt(p_bar_c (1 - p_bar_c)).

    Args:
        samples: ``(k, N, C)`` softmax outputs of k passes for N examples and C classes.

    Returns:
        s, shape ``(N,)``, float64, >= 0 (exactly 0 when all passes agree).

    Raises:
        TypeError: ``samples`` is not a floating array.
        ValueError: ``samples`` is not 3-D, empty, or holds values outside [0, 1].

    Example:
        >>> import numpy as np
        >>> # k = 2 passes, N = 1 example, C = 2 classes
        >>> samples = np.array([[[0.9, 0.1]], [[0.5, 0.5]]])
        >>> # p_bar = (0.7, 0.3), class 0: |0.9 - 0.7| = |0.5 - 0.7| = 0.2
        >>> predictive_spread(samples)
        array([0.2])
    """
    s = _check_probabilities(samples, "samples", 3)
    p_bar = s.mean(axis=0)  # (N, C)
    c_hat = p_bar.argmax(axis=1)  # (N,)
    rows = np.arange(s.shape[1])
    return s[:, rows, c_hat].std(axis=0)


def predictive_entropy(probs: np.ndarray) -> np.ndarray:
    """Entropy of a predicted distribution, H = -sum_c p_c log p_c (chapter 8, eq. ``eq-ch08-entropy``).

    In nats (natural logarithm), with 0 log 0 = 0: 0 for a one-hot
    prediction, log C for the uniform one. Chapter 8 applies it to the MC
    mean p_bar(x).

    Args:
        probs: ``(N, C)`` class probabilities, one distribution per row; each
            row sums to 1 (see ``probs`` in :func:`expected_calibration_error`
            for the tolerance).

    Returns:
        H, shape ``(N,)``, float64, in [0, log C].

    Raises:
        TypeError: ``probs`` is not a floating array.
        ValueError: ``probs`` is not 2-D, empty, holds values outside [0, 1],
            or has a row that does not sum to 1.

    Example:
        >>> import numpy as np
        >>> h = predictive_entropy(np.array([[1.0, 0.0], [0.5, 0.5]]))
        >>> h.round(4)  # log 2 = 0.6931
        array([0.    , 0.6931])
    """
    return _entropy(_check_probabilities(probs, "probs", 2, normalised=True))


def mutual_information(samples: np.ndarray) -> np.ndarray:
    """Mutual information between the prediction and the dropout mask (chapter 8, eq. ``eq-ch08-mutual-information``).

        I(x) = H(p_bar(x)) - (1/k) sum_{t=1}^{k} H(y_hat_t(x)),   H(p) = -sum_c p_c log p_c

    the entropy of the mean prediction (the total uncertainty,
    :func:`predictive_entropy`) minus the mean entropy of the k passes (the
    part each pass already has): the Monte-Carlo estimate of the mutual
    information between the label and the model parameters that Houlsby et
    al. 2011 call BALD and Gal, Islam and Ghahramani 2017 use with MC dropout.
    It is 0 when all passes agree and large when confident passes disagree.

    In nats (natural logarithm), with 0 log 0 = 0. By concavity of the
    entropy I >= 0 and I <= H(p_bar) <= log C; the two terms are computed
    separately, so rounding can leave values of order -1e-16, which are
    clipped to 0.

    Args:
        samples: ``(k, N, C)`` softmax outputs of k passes for N examples and
            C classes; each ``samples[t, n]`` sums to 1 (see ``probs`` in
            :func:`expected_calibration_error` for the tolerance).

    Returns:
        I, shape ``(N,)``, float64, in [0, log C].

    Raises:
        TypeError: ``samples`` is not a floating array.
        ValueError: ``samples`` is not 3-D, empty, holds values outside
            [0, 1], or has a pass whose probabilities do not sum to 1.

    Example:
        >>> import numpy as np
        >>> # k = 2 passes, N = 2 examples, C = 2 classes
        >>> samples = np.array([[[1.0, 0.0], [0.5, 0.5]],
        ...                     [[0.0, 1.0], [0.5, 0.5]]])
        >>> # log 2 - 0 for the first example, log 2 - log 2 for the second
        >>> mutual_information(samples).round(4)
        array([0.6931, 0.    ])
    """
    s = _check_probabilities(samples, "samples", 3, normalised=True)
    mi = _entropy(s.mean(axis=0)) - _entropy(s).mean(axis=0)
    return np.maximum(mi, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


def auroc(score, positive) -> float:
    """Area under the ROC curve of ``score`` as a detector of ``positive`` (Mann-Whitney).

    The probability that a randomly chosen positive example has a larger
    score than a randomly chosen negative one, ties counted one half:

        AUROC = (1 / (n_pos n_neg)) sum_{i pos} sum_{j neg} ([s_i > s_j] + [s_i = s_j] / 2),

    computed from ranks (average ranks for ties) in O(N log N). 0.5 means the
    score carries no information, 1 that every positive scores above every
    negative. Chapter 8 uses it with the spread or the entropy as the score
    and the errors of the MC mean as the positives.

    Args:
        score: ``(N,)`` real scores, finite.
        positive: ``(N,)`` booleans, True for the positives; both classes must occur.

    Returns:
        The AUROC as a Python float in [0, 1].

    Raises:
        TypeError: ``positive`` is not boolean, or ``score`` is not numeric.
        ValueError: shapes differ or are not 1-D, a score is not finite, or
            one of the two classes is empty.

    Example:
        >>> import numpy as np
        >>> score = np.array([0.9, 0.8, 0.3, 0.1])
        >>> auroc(score, np.array([True, False, True, False]))
        0.75
    """
    positive = np.asarray(positive)
    if positive.dtype != bool:
        raise TypeError(f"`positive` must be a boolean array, got dtype {positive.dtype}")
    try:
        s = np.asarray(score, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"`score` must be numeric, got {score!r}") from err
    if s.ndim != 1 or s.shape != positive.shape:
        raise ValueError(
            f"`score` and `positive` must be 1-D of the same length, got shapes {s.shape} and {positive.shape}"
        )
    if not np.all(np.isfinite(s)):
        raise ValueError("`score` must be finite (no NaN or inf)")
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"`positive` must contain both classes, got {n_pos} positives and {n_neg} negatives")
    # average ranks (1-based) of the scores, ties sharing the mean of their ranks
    _, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    first_rank = np.cumsum(counts) - counts + 1
    avg_rank = first_rank + (counts - 1) / 2.0
    ranks = avg_rank[inverse]
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def _check_probs_and_labels(probs, labels) -> tuple[np.ndarray, np.ndarray]:
    p = _check_probabilities(probs, "probs", 2, normalised=True)
    check_labels(labels, p.shape[0], p.shape[1], "labels")
    return p, labels


def negative_log_likelihood(probs: np.ndarray, labels: np.ndarray) -> float:
    """Mean negative log-likelihood, NLL = -(1/N) sum_i log p_i,y_i (chapter 8, eq. ``eq-ch08-nll``).

    Guo et al. 2017, section 2, use it, with the ECE, to measure calibration.

    The cross-entropy of the predicted distributions with the one-hot labels,
    in nats. It is 0 only when every true class gets probability 1. The
    probability of the true class is floored at :data:`PROB_FLOOR` (the
    smallest normal float64, about 2.2e-308) before the log, so a true class
    given probability 0 adds -log(PROB_FLOOR) / N, about 708.4 / N, instead
    of ``inf``. From logits, prefer
    :func:`dropout.reference.softmax_cross_entropy`, which needs no floor.

    Args:
        probs: ``(N, C)`` predicted class probabilities; each row sums to 1
            (see :func:`expected_calibration_error` for the tolerance).
        labels: ``(N,)`` integer class labels in ``0 .. C - 1``.

    Returns:
        The NLL as a Python float, >= 0.

    Raises:
        TypeError: ``probs`` is not a floating array, or ``labels`` not an integer array.
        ValueError: ``probs`` is not 2-D, empty, outside [0, 1] or has a row
            that does not sum to 1; ``labels`` has the wrong shape or a label out of range.

    Example:
        >>> import numpy as np
        >>> probs = np.array([[0.5, 0.5], [0.25, 0.75]])
        >>> nll = negative_log_likelihood(probs, np.array([0, 1]))
        >>> round(nll, 4)  # (log 2 + log(4/3)) / 2
        0.4904
    """
    p, y = _check_probs_and_labels(probs, labels)
    p_true = p[np.arange(p.shape[0]), y]
    return float(-np.log(np.maximum(p_true, PROB_FLOOR)).mean()) + 0.0


class ReliabilityBins(NamedTuple):
    """Accuracy and confidence in equal-width confidence bins: the data of a reliability diagram.

    Bin b (b = 1 .. M) holds the examples whose confidence lies in
    ((b - 1)/M, b/M]. Arrays are indexed from 0, so ``accuracy[0]`` is bin 1.
    """

    edges: np.ndarray
    """``(M + 1,)`` bin edges 0, 1/M, ..., 1, each computed as b / M."""
    accuracy: np.ndarray
    """``(M,)`` acc(B_b), the fraction of correct predictions in each bin; NaN for an empty bin."""
    confidence: np.ndarray
    """``(M,)`` conf(B_b), the mean confidence in each bin; NaN for an empty bin."""
    count: np.ndarray
    """``(M,)`` ``|B_b|``, the number of examples in each bin (int64); sums to N."""

    @property
    def ece(self) -> float:
        """``ECE = sum_b (|B_b| / N) |acc(B_b) - conf(B_b)|`` over the non-empty bins, a Python float."""
        full = self.count > 0
        weights = self.count[full] / self.count.sum()
        return float(np.sum(weights * np.abs(self.accuracy[full] - self.confidence[full])))


def reliability_bins(probs: np.ndarray, labels: np.ndarray, n_bins: int = 15) -> ReliabilityBins:
    """Per-bin accuracy and confidence of the predicted class (chapter 8, eq. ``eq-ch08-ece``; Guo et al. 2017).

    With confidence q_i = max_c p_i,c, prediction y_hat_i = argmax_c p_i,c
    (the first class on ties) and M = ``n_bins`` equal-width bins::

        B_b = {i : (b - 1)/M < q_i <= b/M},                       b = 1 .. M,
        acc(B_b)  = (1 / |B_b|) sum_{i in B_b} [y_hat_i = y_i],
        conf(B_b) = (1 / |B_b|) sum_{i in B_b} q_i.

    The bins are right-inclusive: a confidence exactly on an edge b/M goes to
    the lower bin b, and confidence 1 to the last bin. A well calibrated
    model has acc(B_b) close to conf(B_b) in every bin. Used by
    :func:`expected_calibration_error` and
    :func:`dropout.plotting.reliability_diagram`.

    Args:
        probs: ``(N, C)`` predicted class probabilities; each row sums to 1
            (see :func:`expected_calibration_error` for the tolerance).
        labels: ``(N,)`` integer class labels in ``0 .. C - 1``.
        n_bins: M, the number of bins, a positive int.

    Returns:
        A :class:`ReliabilityBins` ``(edges, accuracy, confidence, count)``
        with shapes ``(M + 1,)``, ``(M,)``, ``(M,)``, ``(M,)``; empty bins
        have count 0 and NaN accuracy and confidence. Its ``ece`` property is
        the expected calibration error.

    Raises:
        TypeError: ``probs`` is not a floating array, ``labels`` not an
            integer array, or ``n_bins`` not an int.
        ValueError: as in :func:`expected_calibration_error`.

    Example:
        >>> import numpy as np
        >>> probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6]])
        >>> bins = reliability_bins(probs, np.array([0, 1, 1]), n_bins=2)
        >>> bins.count.tolist()
        [0, 3]
        >>> bins.accuracy.round(3).tolist()
        [nan, 0.667]
        >>> bins.confidence.round(3).tolist()
        [nan, 0.767]
    """
    p, y = _check_probs_and_labels(probs, labels)
    m = check_positive_int(n_bins, "n_bins")
    edges = np.arange(m + 1) / m  # b / M exactly rounded, so a confidence typed as b / M lies on an edge
    confidence = p.max(axis=1)
    correct = p.argmax(axis=1) == y
    # side="left" gives the b with edges[b - 1] < q <= edges[b]: right-inclusive bins
    b = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, m - 1)
    count = np.bincount(b, minlength=m)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.bincount(b, weights=correct, minlength=m) / count
        conf = np.bincount(b, weights=confidence, minlength=m) / count
    return ReliabilityBins(edges, acc, conf, count)


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, n_bins: int = 15) -> float:
    """Expected calibration error, ``ECE = sum_b (|B_b|/N) |acc(B_b) - conf(B_b)|`` (chapter 8, eq. ``eq-ch08-ece``).

    As defined by Guo et al. 2017, section 2.

    The gap between accuracy and mean confidence of the predicted class in
    M = ``n_bins`` equal-width, right-inclusive confidence bins
    ((b - 1)/M, b/M], weighted by the fraction of examples in each bin; the
    bins are those of :func:`reliability_bins`. 0 for a perfectly
    calibrated model (up to sampling noise, which grows with M / N), at most 1.

    ``probs`` rows must sum to 1 within max(1e-6, sqrt(eps)) of their dtype:
    1e-6 for float64, about 3.5e-4 for float32 (a float32 softmax over
    thousands of classes passes; a row that is not a distribution does not).

    Args:
        probs: ``(N, C)`` predicted class probabilities, one distribution per row.
        labels: ``(N,)`` integer class labels in ``0 .. C - 1``.
        n_bins: M, the number of bins, a positive int (15 as in Guo et al. 2017).

    Returns:
        The ECE as a Python float in [0, 1].

    Raises:
        TypeError: ``probs`` is not a floating array, ``labels`` not an
            integer array, or ``n_bins`` not an int.
        ValueError: ``probs`` is not 2-D, empty, holds non-finite values or
            values outside [0, 1], or has a row that does not sum to 1;
            ``labels`` has the wrong shape or a label out of range;
            ``n_bins`` < 1.

    Example:
        >>> import numpy as np
        >>> probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6]])
        >>> labels = np.array([0, 1, 1])
        >>> ece = expected_calibration_error(probs, labels, n_bins=2)
        >>> round(ece, 4)  # one full bin: |2/3 - (0.9 + 0.8 + 0.6)/3| = 0.1
        0.1
    """
    return reliability_bins(probs, labels, n_bins).ece
