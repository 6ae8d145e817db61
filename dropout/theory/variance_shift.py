"""The variance shift of dropout between training and inference (Li et al. 2019).

Chapter 10. A unit x with mean c = E[x] and variance v = Var(x) is dropped
in training as x r / p, r ~ Bernoulli(p) independent of x (inverted dropout),
and passed unchanged at inference. The mean is the same in both modes, the
variance is not (eq. ``eq-ch10-var-train``):

.. math::

    \\mathrm{Var}_{\\text{train}} = \\frac{c^2 + v}{p} - c^2,
    \\qquad \\mathrm{Var}_{\\text{test}} = v,

and Li et al. ("Understanding the disharmony between dropout and batch
normalization by variance shift", 2019) call the ratio the variance shift
(eq. ``eq-ch10-variance-shift``):

.. math::

    \\Delta(p) = \\frac{\\mathrm{Var}_{\\text{test}}}{\\mathrm{Var}_{\\text{train}}}
    = \\frac{v}{(c^2 + v)/p - c^2} \\le 1.

A batch-normalisation layer after the dropout records the training variance
in its moving statistics and divides by it at inference, when the variance is
smaller. For a linear layer z = x W after dropout, with masks independent of
each other and of x, the law of total variance gives, exactly
(eq. ``eq-ch10-linear-variance``):

.. math::

    \\mathrm{Var}_{\\text{train}}(z_j) = \\mathrm{Var}_{\\text{test}}(z_j)
    + \\frac{1 - p}{p} \\sum_i W_{ij}^2 \\, \\mathbb E[x_i^2].

Gaussian dropout with noise N(1, (1 - p)/p) has the same second moment as
x r / p, so the same formulas hold for it: only a smaller noise variance
(a larger p) reduces the shift. ``keep_prob`` is p, the probability of
**keeping** a unit. Importing this module never imports TensorFlow.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_float_array, check_keep_prob

__all__ = ["train_variance", "variance_shift", "linear_layer_variances"]


def _moments(mean, var):
    c = np.asarray(mean, dtype=float)
    v = np.asarray(var, dtype=float)
    if np.any(~np.isfinite(c)):
        raise ValueError(f"`mean` must be finite, got mean={mean!r}")
    if np.any(~np.isfinite(v)) or np.any(v < 0):
        raise ValueError(f"`var` must be finite and non-negative, got var={var!r}")
    return c, v


def train_variance(mean, var, keep_prob):
    """Variance of an inverted-dropout unit in training (chapter 10, eq. ``eq-ch10-var-train``).

    Var(x r / p) = (c^2 + v) / p - c^2 for x with mean c and variance v and
    r ~ Bernoulli(p) independent of x. At inference the variance is v.

    Args:
        mean: c = E[x], a number or array.
        var: v = Var(x) >= 0, a number or array (broadcast with ``mean``).
        keep_prob: p in (0, 1], the probability of **keeping** the unit.

    Returns:
        The training variance, a float or an array of the broadcast shape.

    Raises:
        TypeError: ``keep_prob`` not a number.
        ValueError: ``keep_prob`` outside (0, 1]; ``mean`` not finite; ``var`` negative or not finite.

    Example:
        >>> train_variance(1.0, 1.0, 0.5)      # (1 + 1) / 0.5 - 1
        3.0
        >>> train_variance(0.0, 2.0, 0.8)      # zero mean: v / p
        2.5
    """
    p = check_keep_prob(keep_prob)
    c, v = _moments(mean, var)
    out = (c**2 + v) / p - c**2
    return float(out) if out.ndim == 0 else out


def variance_shift(mean, var, keep_prob):
    """The variance shift Var_test / Var_train of dropout (chapter 10, eq. ``eq-ch10-variance-shift``).

    Delta(p) = v / ((c^2 + v) / p - c^2), at most 1, equal to 1 only for
    p = 1; a unit with v = 0 gives 0 (its variance exists only in training).

    Args:
        mean: c = E[x], a number or array.
        var: v = Var(x) >= 0, a number or array.
        keep_prob: p in (0, 1], the probability of **keeping** the unit.

    Returns:
        Delta, a float or array in [0, 1].

    Raises:
        TypeError: ``keep_prob`` not a number.
        ValueError: ``keep_prob`` outside (0, 1]; ``mean`` not finite; ``var`` negative or not finite;
            both ``mean`` and ``var`` zero somewhere (0 / 0).

    Example:
        >>> round(variance_shift(1.0, 1.0, 0.5), 4)
        0.3333
        >>> variance_shift(3.0, 1.0, 1.0)
        1.0
    """
    p = check_keep_prob(keep_prob)
    c, v = _moments(mean, var)
    if np.any((c == 0) & (v == 0)):
        raise ValueError("`mean` and `var` are both 0 somewhere: the unit is constant 0 and has no shift (0 / 0)")
    out = v / ((c**2 + v) / p - c**2)
    return float(out) if out.ndim == 0 else out


def linear_layer_variances(x: np.ndarray, W: np.ndarray, keep_prob: float):
    """Inference and training variances of z = x W after dropout on x (chapter 10, eq. ``eq-ch10-linear-variance``).

    Var_test(z_j) is the variance of (x W)_j over the rows of ``x``;
    Var_train(z_j) = Var_test(z_j) + (1 - p) / p * sum_i W_ij^2 mean(x_i^2),
    the exact variance over rows and masks when each row is dropped with an
    independent mask. The bias does not matter.

    Args:
        x: the layer's inputs at inference (dropout off), ``(N, D)``, floating.
        W: weights ``(D, M)``, floating.
        keep_prob: p in (0, 1], the probability of **keeping** an input unit.

    Returns:
        ``(var_test, var_train)``, two arrays of shape ``(M,)``.

    Raises:
        TypeError: ``x`` or ``W`` not floating arrays; ``keep_prob`` not a number.
        ValueError: shapes that do not fit; ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
        >>> var_test, var_train = linear_layer_variances(x, np.eye(2), 0.5)
        >>> var_test.tolist(), var_train.tolist()    # 0.25 + 1 * 0.5
        ([0.25, 0.25], [0.75, 0.75])
    """
    check_float_array(x, "x")
    check_float_array(W, "W")
    if x.ndim != 2 or W.ndim != 2 or x.shape[1] != W.shape[0]:
        raise ValueError(f"shapes do not fit: x {x.shape} @ W {W.shape}; need x (N, D), W (D, M)")
    p = check_keep_prob(keep_prob)
    x64, W64 = x.astype(np.float64), W.astype(np.float64)
    var_test = (x64 @ W64).var(axis=0)
    added = (1.0 - p) / p * ((x64**2).mean(axis=0) @ (W64**2))
    return var_test, var_test + added
