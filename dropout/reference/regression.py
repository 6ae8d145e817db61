"""Regression with Monte-Carlo dropout, read as approximate Bayesian inference (chapter 8).

Gal and Ghahramani (2016) read a network trained with dropout as a Bayesian
network whose weights follow the approximating distribution
(eq. ``eq-ch08-q``)

    W_l = diag(r_l) M_l,    r_l,j ~ Bernoulli(p_l),

(the rows of M_l, the weights leaving unit j of layer l - 1, are switched
off together), fitted by maximising the evidence lower bound
(eq. ``eq-ch08-elbo``). For a Gaussian likelihood with precision tau the
bound, divided by -tau N, is the dropout objective with L2 weight decay
(eq. ``eq-ch08-dropout-objective``), and tau follows from the decay
(eq. ``eq-ch08-tau``). The predictive mean and variance are estimated
from k passes with dropout on (eqs. ``eq-ch08-reg-mean`` and ``eq-ch08-reg-var``).

The network is :class:`dropout.reference.MLP` with one output unit per
target and ``inverted=False`` (the paper's dropout, whose weights *are* the
M_l above); its last layer has no ReLU, so its "logits" are the regression
outputs y_hat. This module adds the pieces a regression needs:

* :func:`squared_error` — the loss (1/2N) sum ||y - y_hat||^2 and its gradient;
* :func:`model_precision` — tau from p, the prior length-scale, N and the decay;
* :func:`fit_regression` — mini-batch training of the dropout objective;
* :func:`mc_regression` — the MC predictive mean and variance, a :class:`RegressionPrediction`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dropout._checks import (
    check_bool,
    check_float_array,
    check_keep_prob,
    check_nonnegative_real,
    check_positive_int,
    check_rng,
)
from dropout.history import History
from dropout.reference.mlp import MLP

__all__ = ["squared_error", "model_precision", "fit_regression", "RegressionPrediction", "mc_regression"]


def _check_targets(y, n: int, d: int, name: str = "y") -> np.ndarray:
    check_float_array(y, name)
    if y.shape != (n, d):
        raise ValueError(f"`{name}` must have shape ({n}, {d}), one target row per example, got {name}.shape={y.shape}")
    if not np.isfinite(y).all():
        raise ValueError(f"`{name}` must be finite (no NaN or inf)")
    return y


def _check_positive(value, name: str) -> float:
    v = check_nonnegative_real(value, name)
    if v == 0:
        raise ValueError(f"`{name}` must be > 0, got {name}={value!r}")
    return v


def squared_error(y_hat: np.ndarray, y: np.ndarray):
    """Half the mean squared error and its gradient (chapter 8, eq. ``eq-ch08-dropout-objective``).

        E = (1 / 2N) sum_i ||y_i - y_hat_i||^2,    dE/dy_hat_i = (y_hat_i - y_i) / N,

    the data term of the dropout objective: the negative Gaussian
    log-likelihood divided by tau N, up to a constant.

    Args:
        y_hat: predictions, shape ``(N, D)``, floating.
        y: targets, shape ``(N, D)``, floating, finite.

    Returns:
        ``(loss, dy_hat)``: E as a Python float, and the gradient, shape ``(N, D)``.

    Raises:
        TypeError: an argument is not a floating array.
        ValueError: ``y_hat`` is not 2-D or empty; ``y`` has another shape or holds NaN/inf.

    Example:
        >>> import numpy as np
        >>> pred, y = np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])
        >>> loss, grad = squared_error(pred, y)
        >>> loss, grad.tolist()  # (1 + 4) / 4
        (1.25, [[0.5], [1.0]])
    """
    check_float_array(y_hat, "y_hat")
    if y_hat.ndim != 2 or y_hat.size == 0:
        raise ValueError(f"`y_hat` must have shape (N, D) with N, D >= 1, got y_hat.shape={y_hat.shape}")
    _check_targets(y, *y_hat.shape)
    diff = y_hat - y
    n = y_hat.shape[0]
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def model_precision(keep_prob: float, lengthscale: float, n: int, weight_decay: float, *,
                    inverted: bool = False) -> float:
    """The model precision tau = p l^2 / (2 N lambda) (chapter 8, eq. ``eq-ch08-tau``).

    Matching the evidence lower bound with the dropout objective
    (1/2N) sum ||y - y_hat||^2 + lambda sum_l ||W_l||^2 term by term: the KL
    term of eq. ``eq-ch08-kl`` is (p l^2 / 2) ||M||^2 for a prior
    N(0, I / l^2) on the weights, and dividing the bound by tau N turns it into
    lambda ||M||^2 exactly when tau = p l^2 / (2 N lambda). Here p is the
    probability of *keeping* a unit and lambda the coefficient of
    sum ||W||^2 (not of (1/2) sum ||W||^2: :func:`dropout.reference.fit` and
    ``MLP.l2_grads`` take ``l2 = 2 lambda``).

    With inverted dropout (survivors scaled by 1/p, as in Keras) the trained
    weights are W = p M, so the same penalty on W gives tau = l^2 / (2 p N lambda).

    Args:
        keep_prob: p, in (0, 1].
        lengthscale: l, the prior length-scale, > 0 (prior weight variance 1 / l^2).
        n: N, the number of training examples, a positive int.
        weight_decay: lambda, > 0.
        inverted: the weights were trained with inverted dropout.

    Returns:
        tau as a Python float; 1 / tau is the variance of the observation noise the model assumes.

    Raises:
        TypeError: an argument of the wrong type.
        ValueError: ``keep_prob`` outside (0, 1], ``lengthscale`` or
            ``weight_decay`` not > 0 and finite, ``n`` < 1.

    Example:
        >>> model_precision(0.9, 1.0, 40, 1e-4)  # 0.9 / (2 * 40 * 1e-4)
        112.5
        >>> # 1 / (2 * 0.9 * 40 * 1e-4)
        >>> round(model_precision(0.9, 1.0, 40, 1e-4, inverted=True), 2)
        138.89
    """
    p = check_keep_prob(keep_prob, "keep_prob")
    l = _check_positive(lengthscale, "lengthscale")
    n = check_positive_int(n, "n")
    lam = _check_positive(weight_decay, "weight_decay")
    inverted = check_bool(inverted, "inverted")
    return (l * l / p if inverted else p * l * l) / (2 * n * lam)


def fit_regression(model: MLP, x: np.ndarray, y: np.ndarray, *, epochs: int, batch_size: int, optimizer,
                   rng: np.random.Generator, weight_decay: float = 0.0) -> History:
    """Train ``model`` in place on the dropout objective (chapter 8, eq. ``eq-ch08-dropout-objective``).

        L_dropout = (1 / 2N) sum_i ||y_i - y_hat(x_i; W_i)||^2 + lambda sum_l ||W_l||^2,

    where W_i are the weights thinned by masks drawn afresh for every example
    and step: one Monte-Carlo sample per example of the expected
    log-likelihood in the evidence lower bound (eq. ``eq-ch08-elbo``).
    Biases are not penalised. Each epoch shuffles the data with ``rng``, cuts
    it into batches and takes one optimizer step per batch.

    Args:
        model: a :class:`dropout.reference.MLP` whose output width is D
            (``sizes[-1]``); trained in place.
        x: inputs, shape ``(N, sizes[0])``, floating, finite.
        y: targets, shape ``(N, D)``, floating, finite.
        epochs: passes over the data, a positive int.
        batch_size: examples per step, a positive int (clipped to N).
        optimizer: an object with ``step(params, grads)``, e.g. :class:`dropout.reference.SGDMomentum`.
        rng: ``numpy.random.Generator`` for the shuffles and the masks.
        weight_decay: lambda >= 0, the coefficient of sum_l ||W_l||^2.

    Returns:
        A :class:`dropout.history.History` whose ``fit_loss`` (per epoch) and
        ``batch_loss`` (per step) hold the squared-error term with dropout on,
        without the penalty; the other curves stay empty.

    Raises:
        TypeError: ``model`` not an MLP, ``optimizer`` without ``step``,
            arrays not floating, ``rng`` not a Generator, ints not ints.
        ValueError: bad shapes or values, ``epochs``/``batch_size`` < 1,
            negative ``weight_decay``.

    Example:
        >>> import numpy as np
        >>> from dropout.reference import MLP, SGDMomentum
        >>> rng = np.random.default_rng(0)
        >>> x = np.linspace(-1, 1, 20)[:, None]; y = 2 * x
        >>> net = MLP([1, 16, 1], keep_prob_hidden=0.9, inverted=False,
        ...           rng=rng)
        >>> h = fit_regression(net, x, y, epochs=50, batch_size=10,
        ...                    optimizer=SGDMomentum(0.05), rng=rng,
        ...                    weight_decay=1e-4)
        >>> len(h.batch_loss), h.fit_loss[-1] < h.fit_loss[0]
        (100, True)
    """
    if not isinstance(model, MLP):
        raise TypeError(f"`model` must be a dropout.reference.MLP, got {type(model).__name__}")
    x = model.check_x(x)
    _check_targets(y, x.shape[0], model.sizes[-1])
    y = y.astype(model.dtype, copy=False)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"`optimizer` must have a step(params, grads) method, got {type(optimizer).__name__}")
    check_rng(rng)
    lam = check_nonnegative_real(weight_decay, "weight_decay")

    history = History()
    n = x.shape[0]
    for _ in range(epochs):
        order = rng.permutation(n)
        epoch_loss = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            y_hat, cache = model.forward(x[idx], rng, training=True)
            loss, dy_hat = squared_error(y_hat, y[idx])
            grads = model.backward(dy_hat, cache)
            if lam:
                for key, g in model.l2_grads(2 * lam).items():  # d(lambda ||W||^2)/dW = 2 lambda W
                    grads[key] += g
            optimizer.step(model.params, grads)
            history.batch_loss.append(loss)
            epoch_loss += loss * len(idx)
        history.fit_loss.append(epoch_loss / n)
    return history


@dataclass
class RegressionPrediction:
    """k Monte-Carlo dropout passes of a regression network, summarised (chapter 8).

    Attributes:
        mean: ``(N, D)`` float64, the predictive mean (1/k) sum_t y_hat_t
            (eq. ``eq-ch08-reg-mean``).
        model_variance: ``(N, D)`` float64, the variance of the passes (with 1/k),
            (1/k) sum_t y_hat_t^2 - mean^2: the part of the predictive variance
            that comes from the dropout masks.
        tau: the model precision; 1 / tau is the noise variance added to every prediction.
        samples: ``(k, N, D)`` float64, every pass, or ``None`` unless asked for.

    Example:
        >>> import numpy as np
        >>> var = np.full((1, 1), 0.03)
        >>> pred = RegressionPrediction(np.zeros((1, 1)), var, tau=100.0)
        >>> pred.variance.round(12).tolist(), pred.std.round(12).tolist()
        ([[0.04]], [[0.2]])
    """

    mean: np.ndarray
    model_variance: np.ndarray
    tau: float
    samples: np.ndarray | None = None

    @property
    def variance(self) -> np.ndarray:
        """``(N, D)`` predictive variance 1/tau + model_variance (eq. ``eq-ch08-reg-var``)."""
        return 1.0 / self.tau + self.model_variance

    @property
    def std(self) -> np.ndarray:
        """``(N, D)`` predictive standard deviation, sqrt(:attr:`variance`)."""
        return np.sqrt(self.variance)


def mc_regression(model: MLP, x: np.ndarray, k: int, rng: np.random.Generator, *, tau: float,
                  keep_samples: bool = False) -> RegressionPrediction:
    """MC dropout predictive mean and variance (chapter 8, eqs. ``eq-ch08-reg-mean``, ``eq-ch08-reg-var``).

    The predictive distribution p(y* | x*, X, Y) (eq. ``eq-ch08-predictive``)
    is approximated by integrating the Gaussian likelihood against the
    dropout distribution q(omega), estimated from k passes with fresh masks:

        E[y*]   ~ (1/k) sum_t y_hat_t(x*),
        Var[y*] ~ 1/tau + (1/k) sum_t y_hat_t(x*)^2 - E[y*]^2,

    per output (the diagonal of the covariance). The masks come from ``rng``
    in sequence.

    Args:
        model: a trained :class:`dropout.reference.MLP` (output width D).
        x: inputs, shape ``(N, sizes[0])``.
        k: number of passes, a positive int.
        rng: ``numpy.random.Generator`` drawing the masks.
        tau: the model precision, > 0 (e.g. from :func:`model_precision`).
        keep_samples: also keep the ``(k, N, D)`` passes.

    Returns:
        A :class:`RegressionPrediction`.

    Raises:
        TypeError: bad ``x``, ``k`` not an int, ``rng`` not a Generator, ``tau`` not a number.
        ValueError: bad ``x`` shape or values, ``k`` < 1, ``tau`` not > 0 and finite.

    Example:
        >>> import numpy as np
        >>> from dropout.reference import MLP
        >>> gen = np.random.default_rng(0)
        >>> net = MLP([1, 8, 1], keep_prob_hidden=0.5, inverted=False, rng=gen)
        >>> gen = np.random.default_rng(1)
        >>> pred = mc_regression(net, np.zeros((3, 1)) + 1, 50, gen, tau=100.0)
        >>> pred.mean.shape, bool(np.all(pred.variance >= 1 / 100))
        ((3, 1), True)
    """
    if not isinstance(model, MLP):
        raise TypeError(f"`model` must be a dropout.reference.MLP, got {type(model).__name__}")
    x = model.check_x(x)
    k = check_positive_int(k, "k")
    check_rng(rng)
    tau = _check_positive(tau, "tau")
    samples = np.empty((k, x.shape[0], model.sizes[-1]), dtype=np.float64)
    for t in range(k):
        samples[t], _ = model.forward(x, rng, training=True)
    mean = samples.mean(axis=0)
    model_variance = samples.var(axis=0)  # (1/k) sum_t (y_hat_t - mean)^2, the same value, computed stably
    return RegressionPrediction(mean, model_variance, tau, samples if keep_samples else None)
