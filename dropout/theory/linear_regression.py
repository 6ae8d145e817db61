"""Dropout on the inputs of linear regression: a data-dependent ridge penalty.

Chapter 4 (Srivastava et al. 2014, section 9.1; Wager et al. 2013): with
standard dropout on the inputs, R_ij ~ Bernoulli(p) independently, the loss
averaged over masks is (eq. ``eq-ch04-linreg-objective``)

.. math::

    \\mathbb E_R \\lVert y - (R * X) w \\rVert^2
      = \\lVert y - p X w \\rVert^2 + p(1-p) \\lVert \\Gamma w \\rVert^2,
    \\qquad \\Gamma = \\operatorname{diag}(X^\\top X)^{1/2},

minimised by the solution of (eq. ``eq-ch04-linreg-solution``)

.. math::

    \\left(p^2 X^\\top X + p(1-p)\\Gamma^2\\right) w = p X^\\top y ,

and w~ = p w solves the ridge problem with penalty matrix (1-p)/p Γ^2
(eq. ``eq-ch04-ridge``).

Functions take ``keep_prob``, the paper's p, the probability of **keeping** an
input. Shapes: ``X`` is ``(N, D)`` (one example per row), ``y`` is ``(N,)``,
``w`` is ``(D,)``.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_float_array, check_keep_prob, check_positive_int, check_rng
from dropout.reference.mask import bernoulli_mask

__all__ = [
    "expected_dropout_loss",
    "sampled_dropout_losses",
    "dropout_regression_weights",
    "equivalent_ridge_weights",
    "monte_carlo_regression_weights",
]

_CHUNK = 256  # masks drawn at a time, to bound memory


def _check_data(X, y, w=None):
    check_float_array(X, "X")
    check_float_array(y, "y")
    if X.ndim != 2:
        raise ValueError(f"`X` must be 2-D (examples, features), got X.shape={X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"`y` must have shape ({X.shape[0]},), one target per row of X, got y.shape={y.shape}")
    if w is not None:
        check_float_array(w, "w")
        if w.shape != (X.shape[1],):
            raise ValueError(f"`w` must have shape ({X.shape[1]},), one weight per column of X, got w.shape={w.shape}")


def _gamma_squared(X):
    """Diagonal of Γ^2 = diag(XᵀX): the squared norm of every column of X."""
    return np.einsum("ij,ij->j", X, X)


def _masked_batches(X, keep_prob, n_masks, rng):
    """Yield masked copies R * X, shape (k, N, D), k <= _CHUNK, n_masks in all."""
    done = 0
    while done < n_masks:
        k = min(_CHUNK, n_masks - done)
        yield bernoulli_mask((k,) + X.shape, keep_prob, rng) * X
        done += k


def expected_dropout_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, keep_prob: float) -> float:
    """Closed form of E_R ||y - (R * X) w||^2 (chapter 4, eq. ``eq-ch04-linreg-objective``).

    Equals ||y - p X w||^2 + p (1 - p) ||Γ w||^2 with Γ = diag(XᵀX)^{1/2}.

    Args:
        X: inputs, shape ``(N, D)``, floating.
        y: targets, shape ``(N,)``.
        w: weights, shape ``(D,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input entry.

    Returns:
        The expected squared error (a sum over the N examples), a Python float.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> X, y = np.array([[1.0, 2.0]]), np.array([1.0])
        >>> w = np.array([1.0, 1.0])
        >>> # (1 - 1.5)^2 + 0.25 * (1 + 4)
        >>> expected_dropout_loss(X, y, w, 0.5)
        1.5
    """
    _check_data(X, y, w)
    p = check_keep_prob(keep_prob)
    resid = y - p * (X @ w)
    return float(resid @ resid + p * (1.0 - p) * (_gamma_squared(X) @ w**2))


def sampled_dropout_losses(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, keep_prob: float, n_masks: int, rng: np.random.Generator
) -> np.ndarray:
    """The loss ||y - (R * X) w||^2 for ``n_masks`` sampled masks R (chapter 4, eq. ``eq-ch04-linreg-objective``).

    Each R has the shape of ``X`` with entries R_ij ~ Bernoulli(p) drawn by
    :func:`dropout.reference.bernoulli_mask`; the mean of the returned
    losses is a Monte-Carlo estimate of :func:`expected_dropout_loss`.

    Args:
        X: inputs, shape ``(N, D)``, floating.
        y: targets, shape ``(N,)``.
        w: weights, shape ``(D,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input entry.
        n_masks: number K of masks, an int >= 1.
        rng: ``numpy.random.Generator`` that draws the masks.

    Returns:
        A float64 array of shape ``(K,)``, one loss per mask.

    Raises:
        TypeError: an array argument not floating, ``keep_prob`` not a number,
            ``n_masks`` not an int, ``rng`` not a Generator.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1], ``n_masks`` < 1.

    Example:
        >>> import numpy as np
        >>> X, y = np.array([[1.0, 2.0]]), np.array([1.0])
        >>> w = np.array([1.0, 1.0])
        >>> rng = np.random.default_rng(0)
        >>> losses = sampled_dropout_losses(X, y, w, 0.5, 50, rng)
        >>> sorted(set(losses.tolist()))
        [0.0, 1.0, 4.0]
    """
    _check_data(X, y, w)
    p = check_keep_prob(keep_prob)
    n_masks = check_positive_int(n_masks, "n_masks")
    check_rng(rng)
    losses = [((y - RX @ w) ** 2).sum(axis=1) for RX in _masked_batches(X, p, n_masks, rng)]
    return np.concatenate(losses)


def dropout_regression_weights(X: np.ndarray, y: np.ndarray, keep_prob: float) -> np.ndarray:
    """Minimiser of the expected dropout loss (chapter 4, eq. ``eq-ch04-linreg-solution``).

    Solves (p^2 XᵀX + p (1 - p) Γ^2) w = p Xᵀ y with Γ^2 = diag(XᵀX).

    Args:
        X: inputs, shape ``(N, D)``, floating; no column may be all zeros when p < 1
            (for p = 1, XᵀX must be invertible).
        y: targets, shape ``(N,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input entry.

    Returns:
        w, shape ``(D,)``, the weights trained with dropout, used at test time as p w.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1].
        numpy.linalg.LinAlgError: the system is singular.

    Example:
        >>> import numpy as np
        >>> X, y = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1.0, 2.0])
        >>> # p w = ridge with penalty (1-p)/p Γ^2
        >>> dropout_regression_weights(X, y, 0.5).tolist()
        [1.0, 1.0]
    """
    _check_data(X, y)
    p = check_keep_prob(keep_prob)
    A = p**2 * (X.T @ X)
    A[np.diag_indices_from(A)] += p * (1.0 - p) * _gamma_squared(X)
    return np.linalg.solve(A, p * (X.T @ y))


def equivalent_ridge_weights(X: np.ndarray, y: np.ndarray, keep_prob: float) -> np.ndarray:
    """The ridge solution w~ = p w of dropout regression (chapter 4, eq. ``eq-ch04-ridge``).

    Solves (XᵀX + (1 - p)/p Γ^2) w~ = Xᵀ y, i.e. minimises
    ||y - X w~||^2 + (1 - p)/p ||Γ w~||^2: ridge regression whose penalty on
    weight j grows with the squared norm of feature j.

    Args:
        X: inputs, shape ``(N, D)``, floating.
        y: targets, shape ``(N,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input entry.

    Returns:
        w~, shape ``(D,)``, equal to p times :func:`dropout_regression_weights`.

    Raises:
        TypeError: an array argument is not floating, ``keep_prob`` not a number.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1].
        numpy.linalg.LinAlgError: the system is singular.

    Example:
        >>> import numpy as np
        >>> X, y = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1.0, 2.0])
        >>> equivalent_ridge_weights(X, y, 0.5).tolist()
        [0.5, 0.5]
    """
    _check_data(X, y)
    p = check_keep_prob(keep_prob)
    A = X.T @ X
    A[np.diag_indices_from(A)] += (1.0 - p) / p * _gamma_squared(X)
    return np.linalg.solve(A, X.T @ y)


def monte_carlo_regression_weights(
    X: np.ndarray, y: np.ndarray, keep_prob: float, n_masks: int, rng: np.random.Generator
) -> np.ndarray:
    """Minimiser of the loss averaged over ``n_masks`` sampled masks (chapter 4, eq. ``eq-ch04-linreg-objective``).

    Minimises (1/K) sum_k ||y - (R_k * X) w||^2, a least-squares problem on
    the K masked copies R_k * X stacked on top of each other (targets y
    repeated K times), through its normal equations
    (sum_k (R_k * X)ᵀ(R_k * X)) w = sum_k (R_k * X)ᵀ y. As K grows it tends
    to :func:`dropout_regression_weights`.

    Args:
        X: inputs, shape ``(N, D)``, floating.
        y: targets, shape ``(N,)``.
        keep_prob: p in (0, 1], the probability of **keeping** an input entry.
        n_masks: number K of masks, an int >= 1.
        rng: ``numpy.random.Generator`` that draws the masks.

    Returns:
        w, shape ``(D,)``.

    Raises:
        TypeError: an array argument not floating, ``keep_prob`` not a number,
            ``n_masks`` not an int, ``rng`` not a Generator.
        ValueError: shapes that do not fit, ``keep_prob`` outside (0, 1], ``n_masks`` < 1.
        numpy.linalg.LinAlgError: the stacked problem is singular (too few masks).

    Example:
        >>> import numpy as np
        >>> X, y = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1.0, 2.0])
        >>> rng = np.random.default_rng(0)
        >>> w = monte_carlo_regression_weights(X, y, 0.5, 4000, rng)
        >>> exact = dropout_regression_weights(X, y, 0.5)
        >>> bool(np.allclose(w, exact, atol=0.05))
        True
    """
    _check_data(X, y)
    p = check_keep_prob(keep_prob)
    n_masks = check_positive_int(n_masks, "n_masks")
    check_rng(rng)
    A = np.zeros((X.shape[1], X.shape[1]))
    c = np.zeros(X.shape[1])
    for RX in _masked_batches(X, p, n_masks, rng):
        A += np.einsum("kni,knj->ij", RX, RX)
        c += np.einsum("kni,n->i", RX, y)
    return np.linalg.solve(A, c)
