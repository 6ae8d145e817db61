"""One neuron: Rosenblatt's perceptron and the sigmoid neuron (chapter 1).

A neuron with weights w and bias b forms the weighted sum of its inputs
x (eq. ``eq-ch01-weighted-sum``) and passes it through an activation f:

.. math::

    z = w \\cdot x + b, \\qquad y = f(z).

The perceptron uses the step function (eq. ``eq-ch01-step``) and learns with
Rosenblatt's rule (eq. ``eq-ch01-perceptron-rule``); the sigmoid neuron uses
the logistic function (eq. ``eq-ch01-sigmoid``) and learns by gradient
descent on the cross-entropy (eqs. ``eq-ch01-cross-entropy`` and
``eq-ch01-cross-entropy-gradient``). Inputs come one example per row:
``x`` has shape ``(N, D)``, ``w`` shape ``(D,)``, ``b`` is a number and the
targets ``t`` of shape ``(N,)`` hold 0 or 1.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from dropout._checks import check_float_array, check_positive_int, check_rng
from dropout.reference.layers import sigmoid

__all__ = [
    "step",
    "perceptron_predict",
    "PerceptronResult",
    "train_perceptron",
    "sigmoid_neuron_forward",
    "sigmoid_neuron_loss_and_grads",
    "SigmoidNeuronResult",
    "train_sigmoid_neuron",
]


# --------------------------------------------------------------------------- checks

def _check_inputs(x, name: str = "x") -> np.ndarray:
    check_float_array(x, name)
    if x.ndim != 2:
        raise ValueError(f"`{name}` must be 2-D (examples, features), got {name}.shape={x.shape}")
    return x


def _check_weights(x: np.ndarray, w, b) -> None:
    check_float_array(w, "w")
    if w.shape != (x.shape[1],):
        raise ValueError(
            f"`w` must have shape ({x.shape[1]},), one weight per input feature of `x`, "
            f"got w.shape={w.shape}"
        )
    if isinstance(b, (bool, np.bool_)) or not isinstance(b, numbers.Real):
        raise TypeError(f"`b` must be a real number, got {b!r} of type {type(b).__name__}")


def _check_targets(t, n: int) -> None:
    if not isinstance(t, np.ndarray):
        raise TypeError(f"`t` must be a NumPy array of 0/1 targets, got {type(t).__name__}")
    if t.shape != (n,):
        raise ValueError(f"`t` must have shape ({n},), one target per row of `x`, got t.shape={t.shape}")
    if not np.all((t == 0) | (t == 1)):
        bad = t[(t != 0) & (t != 1)]
        raise ValueError(f"`t` must hold labels 0 or 1 only, got {bad[0]!r} among its values")


def _check_eta(eta) -> float:
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real):
        raise TypeError(f"`eta` must be a real number, got {eta!r} of type {type(eta).__name__}")
    if not (math.isfinite(eta) and eta > 0):
        raise ValueError(f"`eta` is a learning rate and must be positive and finite, got eta={eta!r}")
    return float(eta)


# --------------------------------------------------------------------------- perceptron

def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step activation, 1 if z >= 0 else 0 (chapter 1, eq. ``eq-ch01-step``).

    Args:
        z: weighted sums, any shape, floating.

    Returns:
        An array of the shape and dtype of ``z`` holding 0.0 and 1.0.

    Raises:
        TypeError: ``z`` is not a floating array.

    Example:
        >>> import numpy as np
        >>> step(np.array([-2.0, 0.0, 3.0])).tolist()
        [0.0, 1.0, 1.0]
    """
    check_float_array(z, "z")
    return (z >= 0).astype(z.dtype)


def perceptron_predict(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Perceptron output y = step(w . x + b) for each row of ``x``
    (chapter 1, eqs. ``eq-ch01-weighted-sum``, ``eq-ch01-step``).

    Args:
        x: inputs, shape ``(N, D)``, floating.
        w: weights, shape ``(D,)``, floating.
        b: bias, a real number.

    Returns:
        Outputs y of shape ``(N,)``, 0.0 or 1.0, in the dtype of ``x @ w``.

    Raises:
        TypeError: ``x`` or ``w`` is not a floating array, or ``b`` not a number.
        ValueError: ``x`` is not 2-D or ``w`` does not have shape ``(D,)``.

    Example:
        >>> import numpy as np
        >>> x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        >>> perceptron_predict(x, np.array([1.0, 1.0]), -1.5).tolist()  # AND
        [0.0, 0.0, 0.0, 1.0]
    """
    _check_inputs(x)
    _check_weights(x, w, b)
    return step(x @ w + b)


class PerceptronResult(NamedTuple):
    """What :func:`train_perceptron` returns.

    Attributes:
        w: learned weights, shape ``(D,)``.
        b: learned bias, a float.
        errors: mistakes (updates) made in each epoch; it ends with 0 when the
            rule converged, i.e. an epoch went through every example without a
            mistake.
    """

    w: np.ndarray
    b: float
    errors: list[int]


def train_perceptron(x: np.ndarray, t: np.ndarray, rng: np.random.Generator, *,
                     eta: float = 1.0, epochs: int = 100) -> PerceptronResult:
    """Train a perceptron with Rosenblatt's rule (chapter 1, eq. ``eq-ch01-perceptron-rule``).

    Starting from w = 0, b = 0, each epoch visits the examples in an order
    shuffled by ``rng`` and, for each example (x, t) with output
    y = step(w . x + b), applies

    .. math::

        w \\leftarrow w + \\eta (t - y) x, \\qquad b \\leftarrow b + \\eta (t - y),

    which changes w and b only when y != t (a mistake). Training stops after
    the first epoch without a mistake, or after ``epochs`` epochs. On data that
    a line separates with margin gamma, the number of mistakes is at most
    (R / gamma)^2 (Novikoff, eq. ``eq-ch01-novikoff``).

    Args:
        x: inputs, shape ``(N, D)``, floating.
        t: targets, shape ``(N,)``, values 0 or 1 (any numeric dtype).
        rng: a ``numpy.random.Generator`` that shuffles the order of the examples.
        eta: learning rate eta > 0.
        epochs: the largest number of passes over the data, a positive int.

    Returns:
        A :class:`PerceptronResult` ``(w, b, errors)``; ``errors[-1] == 0``
        exactly when training converged.

    Raises:
        TypeError: ``x`` is not a floating array, ``t`` not an array, ``rng`` not
            a Generator, ``eta`` not a number or ``epochs`` not an int.
        ValueError: ``x`` is not 2-D, ``t`` has the wrong shape or a value other
            than 0 and 1, ``eta`` <= 0, or ``epochs`` < 1.

    Example:
        >>> import numpy as np
        >>> x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        >>> t = np.array([0, 0, 0, 1])  # AND is linearly separable
        >>> w, b, errors = train_perceptron(x, t, np.random.default_rng(0))
        >>> errors[-1], perceptron_predict(x, w, b).tolist()
        (0, [0.0, 0.0, 0.0, 1.0])
    """
    _check_inputs(x)
    _check_targets(t, x.shape[0])
    check_rng(rng)
    eta = _check_eta(eta)
    epochs = check_positive_int(epochs, "epochs")

    t = t.astype(x.dtype)
    w = np.zeros(x.shape[1], dtype=x.dtype)
    b = 0.0
    errors: list[int] = []
    for _ in range(epochs):
        mistakes = 0
        for i in rng.permutation(x.shape[0]):
            y = 1.0 if x[i] @ w + b >= 0 else 0.0  # step(w . x_i + b)
            if y != t[i]:
                w += eta * (t[i] - y) * x[i]
                b += eta * (t[i] - y)
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return PerceptronResult(w, float(b), errors)


# --------------------------------------------------------------------------- sigmoid neuron

def sigmoid_neuron_forward(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Sigmoid neuron y_hat = sigma(w . x + b) for each row of ``x`` (chapter 1, eq. ``eq-ch01-sigmoid``).

    The output is read as the probability that the target is 1 (logistic
    regression).

    Args:
        x: inputs, shape ``(N, D)``, floating.
        w: weights, shape ``(D,)``, floating.
        b: bias, a real number.

    Returns:
        y_hat of shape ``(N,)``, values in [0, 1].

    Raises:
        TypeError: ``x`` or ``w`` is not a floating array, or ``b`` not a number.
        ValueError: ``x`` is not 2-D or ``w`` does not have shape ``(D,)``.

    Example:
        >>> import numpy as np
        >>> x, w = np.array([[1.0, 2.0]]), np.array([0.5, -0.25])
        >>> sigmoid_neuron_forward(x, w, 0.0).tolist()
        [0.5]
    """
    _check_inputs(x)
    _check_weights(x, w, b)
    return sigmoid(x @ w + b)


def sigmoid_neuron_loss_and_grads(x: np.ndarray, t: np.ndarray, w: np.ndarray, b: float):
    """Mean cross-entropy of a sigmoid neuron and its gradient
    (chapter 1, eqs. ``eq-ch01-cross-entropy``, ``eq-ch01-cross-entropy-gradient``).

    With z_n = w . x_n + b and y_hat_n = sigma(z_n),

    .. math::

        \\begin{gathered}
        L = -\\frac{1}{N} \\sum_n \\left[t_n \\log \\hat y_n + (1 - t_n) \\log(1 - \\hat y_n)\\right],
        \\\\
        \\frac{\\partial L}{\\partial w} = \\frac{1}{N} \\sum_n (\\hat y_n - t_n)\\, x_n,
        \\qquad
        \\frac{\\partial L}{\\partial b} = \\frac{1}{N} \\sum_n (\\hat y_n - t_n).
        \\end{gathered}

    The loss is computed from z as log(1 + e^z) - t z, which never takes the
    log of 0.

    Args:
        x: inputs, shape ``(N, D)``, floating.
        t: targets, shape ``(N,)``, values 0 or 1 (any numeric dtype).
        w: weights, shape ``(D,)``, floating.
        b: bias, a real number.

    Returns:
        ``(loss, dw, db)``: the loss L (float), dL/dw of shape ``(D,)`` and
        dL/db (float).

    Raises:
        TypeError: ``x`` or ``w`` is not a floating array, ``t`` not an array,
            or ``b`` not a number.
        ValueError: wrong shapes, or ``t`` holds a value other than 0 and 1.

    Example:
        >>> import numpy as np
        >>> loss, dw, db = sigmoid_neuron_loss_and_grads(
        ...     np.array([[2.0, 0.0]]), np.array([1.0]), np.zeros(2), 0.0)
        >>> round(loss, 4), dw.tolist(), db  # log 2; (0.5 - 1) * x
        (0.6931, [-1.0, 0.0], -0.5)
    """
    _check_inputs(x)
    _check_targets(t, x.shape[0])
    _check_weights(x, w, b)
    t = t.astype(x.dtype)
    z = x @ w + b
    loss = float(np.mean(np.logaddexp(0.0, z) - t * z))
    dz = (sigmoid(z) - t) / x.shape[0]  # dL/dz_n = (y_hat_n - t_n) / N
    return loss, x.T @ dz, float(dz.sum())


class SigmoidNeuronResult(NamedTuple):
    """What :func:`train_sigmoid_neuron` returns.

    Attributes:
        w: learned weights, shape ``(D,)``.
        b: learned bias, a float.
        losses: the mean cross-entropy before each gradient step, one per epoch.
    """

    w: np.ndarray
    b: float
    losses: list[float]


def train_sigmoid_neuron(x: np.ndarray, t: np.ndarray, *, eta: float = 0.5,
                         epochs: int = 100) -> SigmoidNeuronResult:
    """Train a sigmoid neuron by full-batch gradient descent (chapter 1, eq. ``eq-ch01-gradient-descent``).

    Starting from w = 0, b = 0, each epoch takes one step
    w <- w - eta dL/dw, b <- b - eta dL/db on the mean cross-entropy of
    :func:`sigmoid_neuron_loss_and_grads`. The procedure is deterministic.

    Args:
        x: inputs, shape ``(N, D)``, floating.
        t: targets, shape ``(N,)``, values 0 or 1 (any numeric dtype).
        eta: learning rate eta > 0.
        epochs: number of gradient steps, a positive int.

    Returns:
        A :class:`SigmoidNeuronResult` ``(w, b, losses)``.

    Raises:
        TypeError: ``x`` is not a floating array, ``t`` not an array, ``eta``
            not a number or ``epochs`` not an int.
        ValueError: wrong shapes, ``t`` not 0/1, ``eta`` <= 0 or ``epochs`` < 1.

    Example:
        >>> import numpy as np
        >>> x = np.array([[-1.0], [1.0]])
        >>> w, b, losses = train_sigmoid_neuron(x, np.array([0, 1]), epochs=50)
        >>> round(losses[0], 4), losses[-1] < losses[0], bool(w[0] > 0)
        (0.6931, True, True)
    """
    _check_inputs(x)
    _check_targets(t, x.shape[0])
    eta = _check_eta(eta)
    epochs = check_positive_int(epochs, "epochs")

    w = np.zeros(x.shape[1], dtype=x.dtype)
    b = 0.0
    losses: list[float] = []
    for _ in range(epochs):
        loss, dw, db = sigmoid_neuron_loss_and_grads(x, t, w, b)
        losses.append(loss)
        w = w - eta * dw
        b = b - eta * db
    return SigmoidNeuronResult(w, float(b), losses)
