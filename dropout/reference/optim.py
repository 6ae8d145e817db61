"""Stochastic gradient descent with momentum, and the max-norm constraint.

The paper trains its dropout networks with momentum and a max-norm
constraint on each hidden unit's incoming weights (chapter 5):

.. math::

    v \\leftarrow \\mu v - \\eta \\nabla_w J, \\qquad w \\leftarrow w + v
    \\qquad \\text{(eq. ``eq-ch05-momentum``)},

    \\text{if } \\lVert w_j \\rVert_2 > c: \\quad w_j \\leftarrow c \\, w_j / \\lVert w_j \\rVert_2
    \\qquad \\text{(eq. ``eq-ch05-max-norm``)}.

L2 weight decay is *not* here: it is a term of the objective, see
:meth:`dropout.reference.MLP.loss_and_grads` (argument ``l2``).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["SGDMomentum", "max_norm"]


def _real(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number, got {value!r} of type {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"`{name}` must be finite, got {name}={value!r}")
    return value


class SGDMomentum:
    """SGD with classical momentum, v <- mu v - eta g; w <- w + v.

    Chapter 1, eq. ``eq-ch01-momentum`` (where g is the mean gradient of a
    mini-batch); chapter 5, eq. ``eq-ch05-momentum``.

    One velocity array per parameter, created (as zeros) on the first
    :meth:`step`. ``lr`` and ``momentum`` are plain attributes, so a schedule
    may change them between steps (the paper raises momentum from 0.5 to 0.99).

    Args:
        lr: learning rate eta > 0.
        momentum: mu in [0, 1); 0 gives plain SGD.

    Raises:
        TypeError: ``lr`` or ``momentum`` is not a real number.
        ValueError: ``lr <= 0`` or ``momentum`` outside [0, 1).

    Example:
        >>> import numpy as np
        >>> params = {"w": np.array([1.0])}
        >>> opt = SGDMomentum(lr=0.1, momentum=0.5)
        >>> opt.step(params, {"w": np.array([1.0])})
        >>> params["w"].tolist()
        [0.9]
        >>> opt.step(params, {"w": np.array([1.0])})
        >>> params["w"].round(12).tolist()
        [0.75]
    """

    def __init__(self, lr: float, momentum: float = 0.9):
        self.lr = _real(lr, "lr")
        if self.lr <= 0:
            raise ValueError(f"`lr` must be positive, got lr={lr!r}")
        self.momentum = _real(momentum, "momentum")
        if not 0.0 <= self.momentum < 1.0:
            raise ValueError(f"`momentum` must be in [0, 1), got momentum={momentum!r}")
        self.velocity: dict[str, np.ndarray] = {}

    def __repr__(self) -> str:
        return f"SGDMomentum(lr={self.lr}, momentum={self.momentum})"

    def step(self, params: dict, grads: dict) -> None:
        """Update every parameter in place from its gradient.

        Args:
            params: dict of arrays (e.g. ``MLP.params``), changed in place.
            grads: dict with the same keys and shapes.

        Raises:
            TypeError: ``params`` or ``grads`` is not a dict.
            ValueError: the keys or shapes of ``grads`` differ from ``params``.
        """
        if not isinstance(params, dict) or not isinstance(grads, dict):
            raise TypeError("`params` and `grads` must be dicts of arrays with the same keys")
        if params.keys() != grads.keys():
            raise ValueError(
                f"`grads` must have the keys of `params`, got {sorted(grads)} for params {sorted(params)}"
            )
        for key, w in params.items():
            g = grads[key]
            if g.shape != w.shape:
                raise ValueError(f"`grads[{key!r}]` has shape {g.shape}, but params[{key!r}] has {w.shape}")
            v = self.velocity.get(key)
            if v is None or v.shape != w.shape:
                v = self.velocity[key] = np.zeros_like(w)
            v *= self.momentum
            v -= self.lr * g
            w += v


def max_norm(params: dict, c: float, *, keys=None) -> None:
    """Max-norm constraint ||w_j||_2 <= c on each unit's incoming weights (chapter 5, eq. ``eq-ch05-max-norm``).

    For every weight matrix W of shape ``(inputs, units)``, each column W[:, j]
    (the incoming weights of unit j) whose Euclidean norm exceeds ``c`` is
    rescaled to norm ``c`` (up to rounding); the others are left untouched.
    This projection is what the paper applies after each update. Biases are
    not constrained.

    Args:
        params: dict of arrays, changed in place.
        c: the bound, positive and finite (the paper uses values of 3 to 4).
        keys: the weight matrices to constrain; default every 2-D array whose
            key starts with ``"W"`` (hidden and output layers alike, like
            ``kernel_constraint=MaxNorm(c)`` on every Keras ``Dense`` layer).

    Returns:
        None; ``params`` is changed in place.

    Raises:
        TypeError: ``c`` not a number, ``params`` not a dict.
        ValueError: ``c`` not positive; a key not in ``params`` or not 2-D.

    Example:
        >>> import numpy as np
        >>> params = {"W1": np.array([[3.0, 0.3], [4.0, 0.4]])}
        >>> max_norm(params, 1.0)
        >>> params["W1"].round(12).tolist()
        [[0.6, 0.3], [0.8, 0.4]]
    """
    c = _real(c, "c")
    if c <= 0:
        raise ValueError(f"`c` must be positive, got c={c!r}")
    if not isinstance(params, dict):
        raise TypeError(f"`params` must be a dict of arrays, got {type(params).__name__}")
    if keys is None:
        keys = [k for k, w in params.items() if str(k).startswith("W") and np.ndim(w) == 2]
    for key in keys:
        if key not in params:
            raise ValueError(f"`keys` names {key!r}, which is not in params {sorted(params)}")
        W = params[key]
        if W.ndim != 2:
            raise ValueError(f"params[{key!r}] must be a 2-D weight matrix, got shape {W.shape}")
        norms = np.sqrt(np.einsum("ij,ij->j", W, W))
        too_long = norms > c
        if np.any(too_long):
            W[:, too_long] *= (c / norms[too_long]).astype(W.dtype, copy=False)
