"""Mean and variance of a dropped activation and of the pre-activation it feeds.

Chapter 4 derives, for a unit y_j kept with probability p (r_j ~ Bernoulli(p)),

.. math::

    \\mathbb E[r_j y_j] = p\\, y_j, \\qquad
    \\mathrm{Var}[r_j y_j] = p(1-p)\\, y_j^2
    \\quad\\text{(standard dropout)},

    \\mathbb E[r_j y_j / p] = y_j, \\qquad
    \\mathrm{Var}[r_j y_j / p] = \\frac{1-p}{p}\\, y_j^2
    \\quad\\text{(inverted dropout)},

and, for the pre-activation z = W (r * y) + b with independent r_j, the sums of
these over the inputs (equations ``eq-ch04-mean-standard``,
``eq-ch04-inverted``, ``eq-ch04-var-standard``, ``eq-ch04-var-inverted``,
``eq-ch04-mean-preactivation`` and ``eq-ch04-var-preactivation``).

All functions take ``keep_prob``, the paper's p, the probability of
**keeping** a unit, and ``inverted`` (default True, inverted dropout, as
everywhere in the package; pass ``inverted=False`` for the paper's standard
form, which chapter 4 derives first). Arrays follow the package's batch convention: one example
per row, ``z = y @ W + b`` with ``W`` of shape ``(D, M)``, which is the book's
z = W y + b written for a row vector y.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_bool, check_float_array, check_keep_prob

__all__ = [
    "expected_activation",
    "activation_variance",
    "expected_preactivation",
    "preactivation_variance",
]


def _check_layer(y, W, b=None):
    check_float_array(y, "y")
    check_float_array(W, "W")
    if W.ndim != 2:
        raise ValueError(f"`W` must be 2-D (inputs, units), got W.shape={W.shape}")
    if y.ndim == 0 or y.shape[-1] != W.shape[0]:
        raise ValueError(
            f"`y` must have W.shape[0]={W.shape[0]} entries on its last axis, got y.shape={y.shape}"
        )
    if b is not None:
        check_float_array(b, "b")
        if b.shape != (W.shape[1],):
            raise ValueError(f"`b` must have shape ({W.shape[1]},), got b.shape={b.shape}")


def expected_activation(y: np.ndarray, keep_prob: float, *, inverted: bool = True) -> np.ndarray:
    """Mean of a dropped activation over the mask (chapter 4, eqs. ``eq-ch04-mean-standard``, ``eq-ch04-inverted``).

    Standard dropout: E[r y] = p y. Inverted dropout: E[r y / p] = y.

    Args:
        y: activations, any shape, floating.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.
        inverted: the survivors are divided by p (True, the default) or not (False, the paper).

    Returns:
        The expectation, an array of the shape of ``y``.

    Raises:
        TypeError: ``y`` not a floating array, ``keep_prob`` not a number, ``inverted`` not a bool.
        ValueError: ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> y = np.array([2.0, -1.0])
        >>> expected_activation(y, 0.5, inverted=False).tolist()
        [1.0, -0.5]
        >>> expected_activation(y, 0.5, inverted=True).tolist()
        [2.0, -1.0]
    """
    check_float_array(y, "y")
    p = check_keep_prob(keep_prob)
    return y.copy() if check_bool(inverted, "inverted") else p * y


def activation_variance(y: np.ndarray, keep_prob: float, *, inverted: bool = True) -> np.ndarray:
    """Variance that the mask adds to one activation
    (chapter 4, eqs. ``eq-ch04-var-standard``, ``eq-ch04-var-inverted``).

    Standard dropout: Var[r y] = p (1 - p) y^2.
    Inverted dropout: Var[r y / p] = (1 - p) / p y^2.

    Args:
        y: activations, any shape, floating.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.
        inverted: the survivors are divided by p (True, the default) or not (False, the paper).

    Returns:
        The variance, an array of the shape of ``y``.

    Raises:
        TypeError: ``y`` not a floating array, ``keep_prob`` not a number, ``inverted`` not a bool.
        ValueError: ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> y = np.array([2.0])
        >>> activation_variance(y, 0.5, inverted=False).tolist()
        [1.0]
        >>> activation_variance(y, 0.5, inverted=True).tolist()
        [4.0]
    """
    check_float_array(y, "y")
    p = check_keep_prob(keep_prob)
    factor = (1.0 - p) / p if check_bool(inverted, "inverted") else p * (1.0 - p)
    return factor * y**2


def expected_preactivation(
    y: np.ndarray, W: np.ndarray, b: np.ndarray, keep_prob: float, *, inverted: bool = True
) -> np.ndarray:
    """Mean pre-activation of a layer fed by dropped inputs (chapter 4, eq. ``eq-ch04-mean-preactivation``).

    With z = W (r * y) + b: E[z] = p W y + b (standard) and E[z] = W y + b
    (inverted, where the survivors are divided by p). In code, ``y @ W + b``.

    Args:
        y: the layer's input, shape ``(D,)`` or ``(N, D)``, floating.
        W: weights, shape ``(D, M)`` (column k = incoming weights of unit k).
        b: biases, shape ``(M,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input unit.
        inverted: the survivors are divided by p (True, the default) or not (False, the paper).

    Returns:
        E[z], shape ``(M,)`` or ``(N, M)``.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number, ``inverted`` not a bool.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> y, W, b = np.ones(3), np.ones((3, 1)), np.zeros(1)
        >>> expected_preactivation(y, W, b, 0.5, inverted=False).tolist()
        [1.5]
    """
    _check_layer(y, W, b)
    p = check_keep_prob(keep_prob)
    return expected_activation(y, p, inverted=inverted) @ W + b


def preactivation_variance(
    y: np.ndarray, W: np.ndarray, keep_prob: float, *, inverted: bool = True
) -> np.ndarray:
    """Variance of a pre-activation z_k = sum_j W_jk r_j y_j (chapter 4, eq. ``eq-ch04-var-preactivation``).

    The r_j are independent, so the variances add:
    Var[z_k] = p (1 - p) sum_j W_jk^2 y_j^2 (standard) and
    Var[z_k] = (1 - p) / p sum_j W_jk^2 y_j^2 (inverted). The bias adds none.

    Args:
        y: the layer's input, shape ``(D,)`` or ``(N, D)``, floating.
        W: weights, shape ``(D, M)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input unit.
        inverted: the survivors are divided by p (True, the default) or not (False, the paper).

    Returns:
        Var[z], shape ``(M,)`` or ``(N, M)``.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number, ``inverted`` not a bool.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> y, W = np.ones(4), np.ones((4, 1))
        >>> preactivation_variance(y, W, 0.5, inverted=True).tolist()
        [4.0]
    """
    _check_layer(y, W)
    p = check_keep_prob(keep_prob)
    return activation_variance(y, p, inverted=inverted) @ (W**2)
