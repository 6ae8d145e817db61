"""Temperature scaling: one scalar T that recalibrates a trained classifier (Guo et al. 2017, section 4.2).

A network that is accurate but over-confident gives logits z whose softmax is
too sharp. Temperature scaling divides every logit by the same T > 0,

    q = softmax(z / T),

and chooses T to minimise the negative log-likelihood on a validation split
that the network was not trained on. T > 1 softens the probabilities, T < 1
sharpens them, and the predicted class argmax_c z_c never changes, so the
accuracy is kept while the calibration (measured by
:func:`dropout.uncertainty.expected_calibration_error`) improves.

* :func:`fit_temperature` — the T of least validation NLL;
* :func:`apply_temperature` — the probabilities softmax(z / T).

NumPy only; :func:`fit_temperature` imports SciPy when called. Importing this
module never imports TensorFlow or matplotlib.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_float_array, check_nonnegative_real
from dropout.reference.layers import check_labels, softmax, softmax_cross_entropy

__all__ = ["fit_temperature", "apply_temperature"]


def _check_logits(logits) -> np.ndarray:
    check_float_array(logits, "logits")
    if logits.ndim != 2:
        raise ValueError(f"`logits` must be 2-D (N examples, C classes), got logits.shape={logits.shape}")
    if logits.size == 0:
        raise ValueError(f"`logits` must not be empty, got logits.shape={logits.shape}")
    bad = int(np.count_nonzero(~np.isfinite(logits)))
    if bad:
        raise ValueError(f"`logits` must be finite (no NaN or inf), got {bad} non-finite entries")
    return logits


def _check_temperature(value, name: str) -> float:
    t = check_nonnegative_real(value, name)  # TypeError for a non-real, ValueError for NaN, inf, < 0
    if t == 0:
        raise ValueError(f"`{name}` must be > 0, got {name}={value!r}")
    return t


def _check_bounds(bounds) -> tuple[float, float]:
    if isinstance(bounds, (str, bytes)) or not hasattr(bounds, "__len__") or len(bounds) != 2:
        raise ValueError(f"`bounds` must be a pair (low, high) of temperatures, got bounds={bounds!r}")
    low = _check_temperature(bounds[0], "bounds[0]")
    high = _check_temperature(bounds[1], "bounds[1]")
    if not low < high:
        raise ValueError(f"`bounds` must have low < high, got bounds={bounds!r}")
    return low, high


def apply_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature-scaled probabilities, q = softmax(z / T) (chapter 8, eq. ``eq-ch08-temperature``).

    Guo et al. 2017, section 4.2.

    T = 1 gives the plain softmax; T -> infinity the uniform distribution;
    T -> 0 the one-hot of argmax_c z_c. The order of the classes, and so the
    prediction, is the same for every T.

    Args:
        logits: z, shape ``(N, C)``, floating, finite.
        temperature: T, a finite real number > 0, e.g. from :func:`fit_temperature`.

    Returns:
        q, shape ``(N, C)``, the dtype of ``logits``; each row sums to 1.

    Raises:
        TypeError: ``logits`` is not a floating array, or ``temperature`` not a real number.
        ValueError: ``logits`` is not 2-D, empty or not finite; ``temperature``
            is not finite or not > 0.

    Example:
        >>> import numpy as np
        >>> z = np.array([[2.0, 0.0]])
        >>> apply_temperature(z, 2.0).round(4)  # softmax([1, 0])
        array([[0.7311, 0.2689]])
    """
    _check_logits(logits)
    t = _check_temperature(temperature, "temperature")
    return softmax(logits / t)


def fit_temperature(logits: np.ndarray, labels: np.ndarray, *, bounds=(0.05, 20.0)) -> float:
    """Temperature of least NLL, T* = argmin_T -(1/N) sum_i log softmax(z_i / T)_{y_i} (eq. ``eq-ch08-temperature``).

    Chapter 8; Guo et al. 2017, section 4.2.

    Fit it on a validation split, not on the training data, where an
    over-fitted network is right and confident and T* would be too small.
    The NLL is convex in 1/T (a log-sum-exp of linear functions of 1/T minus
    a linear one), so it has a single minimum in T, found by SciPy's bounded
    Brent search (``scipy.optimize.minimize_scalar(method="bounded")``, to
    about 1e-5 in T) on logits cast to float64. The loss is
    :func:`dropout.reference.softmax_cross_entropy` of z / T, computed
    through z - logsumexp(z), so extreme logits give no ``inf``.

    Args:
        logits: z, shape ``(N, C)``, floating, finite: the network's outputs
            before the softmax, on the validation split.
        labels: ``(N,)`` integer class labels in ``0 .. C - 1``.
        bounds: ``(low, high)``, 0 < low < high, the interval searched. A
            result at a bound means the minimum lies outside it (T* -> 0 when
            every validation example is right and the logits separate them).

    Returns:
        T* as a Python float in ``bounds``.

    Raises:
        TypeError: ``logits`` is not a floating array, ``labels`` not an
            integer array, or a bound not a real number.
        ValueError: ``logits`` is not 2-D, empty or not finite; ``labels`` has
            the wrong shape or a label out of range; ``bounds`` is not a pair
            of finite numbers with 0 < low < high.
        RuntimeError: the search did not converge.

    Example:
        >>> import numpy as np
        >>> z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
        >>> # right 3 times in 4: softmax(z / T*) should give 0.75
        >>> y = np.array([0, 0, 1, 1])
        >>> t = fit_temperature(z, y)
        >>> # 4 / log(3) = 3.641
        >>> round(t, 3), apply_temperature(z, t)[0].round(3)
        (3.641, array([0.75, 0.25]))
    """
    _check_logits(logits)
    check_labels(labels, logits.shape[0], logits.shape[1], "labels")
    low, high = _check_bounds(bounds)
    from scipy.optimize import minimize_scalar  # SciPy only when a temperature is fitted

    z = logits.astype(np.float64, copy=False)
    result = minimize_scalar(
        lambda t: softmax_cross_entropy(z / t, labels)[0], bounds=(low, high), method="bounded"
    )
    if not result.success:
        raise RuntimeError(f"the search for the temperature did not converge: {result.message}")
    return float(result.x)
