"""Uncertainty from Monte-Carlo dropout: spread, predictive entropy, and AUROC (chapter 8).

Monte-Carlo dropout (chapter 8, eq. ``eq-ch08-mc-average``) gives k softmax
outputs y_hat_t (t = 1 .. k) per example and their mean p_bar(x). Chapter 8
turns them into two scores of how unsure the model is, and measures how well
a score detects errors:

* :func:`predictive_spread` — the standard deviation over the passes of the
  probability of the predicted class (eq. ``eq-ch08-spread``);
* :func:`predictive_entropy` — the entropy of the mean prediction (eq. ``eq-ch08-entropy``);
* :func:`auroc` — the area under the ROC curve of a score as a detector of a
  binary outcome, by the Mann-Whitney statistic.

NumPy only: importing this module never imports TensorFlow or matplotlib.
"""

from __future__ import annotations

import numpy as np

__all__ = ["predictive_spread", "predictive_entropy", "auroc"]


def _check_probabilities(p, name: str, ndim: int) -> np.ndarray:
    if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
        raise TypeError(f"`{name}` must be a floating NumPy array, got {type(p).__name__}")
    if p.ndim != ndim:
        raise ValueError(f"`{name}` must have {ndim} dimensions, got shape {p.shape}")
    if p.size == 0:
        raise ValueError(f"`{name}` must not be empty, got shape {p.shape}")
    if not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1:
        raise ValueError(f"`{name}` must hold probabilities in [0, 1], got values in [{p.min()}, {p.max()}]")
    return p.astype(np.float64, copy=False)


def predictive_spread(samples: np.ndarray) -> np.ndarray:
    """Spread of the predicted class over the MC passes (chapter 8, eq. ``eq-ch08-spread``).

        s(x) = sqrt( (1/k) sum_{t=1}^{k} (y_hat_{t, c} - p_bar_c(x))^2 ),   c = argmax_c p_bar_c(x)

    the standard deviation (with 1/k) over the k passes of the probability
    that each pass gives to the class predicted by the MC mean p_bar. It is
    the entry for the predicted class of
    :attr:`dropout.tensorflow.MCPrediction.std`, and is at most
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
        >>> samples = np.array([[[0.9, 0.1]], [[0.5, 0.5]]])  # k = 2 passes, N = 1, C = 2
        >>> predictive_spread(samples)  # p_bar = (0.7, 0.3), class 0: |0.9 - 0.7| = |0.5 - 0.7| = 0.2
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
        probs: ``(N, C)`` class probabilities, one distribution per row.

    Returns:
        H, shape ``(N,)``, float64, in [0, log C].

    Raises:
        TypeError: ``probs`` is not a floating array.
        ValueError: ``probs`` is not 2-D, empty, or holds values outside [0, 1].

    Example:
        >>> import numpy as np
        >>> h = predictive_entropy(np.array([[1.0, 0.0], [0.5, 0.5]]))
        >>> h.round(4)  # log 2 = 0.6931
        array([0.    , 0.6931])
    """
    p = _check_probabilities(probs, "probs", 2)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return -plogp.sum(axis=1) + 0.0  # + 0.0 turns -0.0 into 0.0


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
        >>> auroc(np.array([0.9, 0.8, 0.3, 0.1]), np.array([True, False, True, False]))
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
