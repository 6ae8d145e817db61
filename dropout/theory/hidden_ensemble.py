"""The ensemble of thinned networks with one hidden ReLU layer: weight scaling is only an approximation.

Chapter 4 (eq. ``eq-ch04-hidden-net``) takes the network

.. math::

    h = \\max(0, W_1 (r^{(0)} * x) + b_1), \\qquad
    \\hat y = \\mathrm{softmax}(W_2 (r^{(1)} * h) + b_2),

with r^(0)_j ~ Bernoulli(p_0) on the inputs and r^(1)_j ~ Bernoulli(p_1) on
the hidden units, enumerates all 2^(n + H) masks, and compares the
weight-scaled network (W_1 -> p_0 W_1, W_2 -> p_1 W_2) with the normalised
geometric mean (eq. ``eq-ch04-geometric-mean``) and the arithmetic mean
(eq. ``eq-ch04-arithmetic-mean``) of the thinned networks. The ReLU breaks
the exact identity of a single softmax layer.

Keep probabilities are the paper's p (probability of **keeping** a unit).
Arrays: ``x @ W1 + b1`` with ``W1`` of shape ``(n, H)``, ``W2`` of shape ``(H, C)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dropout._checks import check_float_array, check_keep_prob
from dropout.reference.layers import log_softmax, softmax
from dropout.theory.ensemble import (
    MAX_ENUMERATED_UNITS,
    enumerate_masks,
    mask_probabilities,
    normalised_geometric_mean,
)

__all__ = ["EnsembleComparison", "hidden_layer_ensemble"]


class EnsembleComparison(NamedTuple):
    """Three predictions of the same dropout network, each of shape ``(C,)`` or ``(N, C)``.

    Attributes:
        weight_scaled: the deterministic weight-scaled network.
        geometric: normalised geometric mean of all thinned networks, weighted by P(r).
        arithmetic: arithmetic mean of all thinned networks, weighted by P(r).
    """

    weight_scaled: np.ndarray
    geometric: np.ndarray
    arithmetic: np.ndarray


def _check_params(x, W1, b1, W2, b2):
    for a, name in ((x, "x"), (W1, "W1"), (b1, "b1"), (W2, "W2"), (b2, "b2")):
        check_float_array(a, name)
    if W1.ndim != 2 or W2.ndim != 2 or W2.shape[0] != W1.shape[1]:
        raise ValueError(
            f"`W1` must be (n, H) and `W2` (H, C), got W1.shape={W1.shape}, W2.shape={W2.shape}"
        )
    if b1.shape != (W1.shape[1],) or b2.shape != (W2.shape[1],):
        raise ValueError(
            f"`b1` must have shape ({W1.shape[1]},) and `b2` ({W2.shape[1]},), "
            f"got b1.shape={b1.shape}, b2.shape={b2.shape}"
        )
    if x.ndim not in (1, 2) or x.shape[-1] != W1.shape[0]:
        raise ValueError(
            f"`x` must have shape (n,) or (N, n) with n = W1.shape[0] = {W1.shape[0]}, got x.shape={x.shape}"
        )
    if W1.shape[0] + W1.shape[1] > MAX_ENUMERATED_UNITS:
        raise ValueError(
            f"inputs + hidden units must be at most {MAX_ENUMERATED_UNITS} to enumerate all masks, "
            f"got {W1.shape[0]} + {W1.shape[1]}"
        )


def hidden_layer_ensemble(
    x: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
    keep_prob_input: float,
    keep_prob_hidden: float,
) -> EnsembleComparison:
    """Weight scaling vs the exact ensemble of a one-hidden-layer ReLU net (chapter 4, eq. ``eq-ch04-hidden-net``).

    Enumerates all 2^n input masks and 2^H hidden masks (P(r) factorises,
    eq. ``eq-ch04-mask-prob`` for each layer), runs every thinned network and
    combines the predictions by the normalised geometric mean and the
    arithmetic mean, and runs the weight-scaled network
    softmax(p_1 W_2 max(0, p_0 W_1 x + b_1) + b_2).

    Args:
        x: inputs, shape ``(n,)`` or ``(N, n)``, floating.
        W1: hidden weights, shape ``(n, H)``; b1: shape ``(H,)``.
        W2: output weights, shape ``(H, C)``; b2: shape ``(C,)``.
        keep_prob_input: p_0 in (0, 1], probability of **keeping** an input unit.
        keep_prob_hidden: p_1 in (0, 1], probability of **keeping** a hidden unit.

    Returns:
        An :class:`EnsembleComparison` of three probability arrays of shape
        ``(C,)`` or ``(N, C)``.

    Raises:
        TypeError: an array argument is not floating, a keep probability not a number.
        ValueError: shapes that do not fit, n + H > 20, a keep probability outside (0, 1].

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> W1, W2 = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
        >>> b1, b2 = np.zeros(4), np.zeros(2)
        >>> res = hidden_layer_ensemble(np.ones(3), W1, b1, W2, b2, 0.8, 0.5)
        >>> [a.shape for a in res]
        [(2,), (2,), (2,)]
    """
    _check_params(x, W1, b1, W2, b2)
    p0 = check_keep_prob(keep_prob_input, "keep_prob_input")
    p1 = check_keep_prob(keep_prob_hidden, "keep_prob_hidden")
    n, H = W1.shape
    masks_in, masks_hid = enumerate_masks(n), enumerate_masks(H)
    batch = (1,) * (x.ndim - 1)

    r0 = masks_in.astype(x.dtype).reshape((-1,) + batch + (n,))
    hidden = np.maximum((r0 * x) @ W1 + b1, 0.0)  # (2^n, ..., H)
    r1 = masks_hid.astype(x.dtype).reshape((-1, 1) + batch + (H,))
    logits = (r1 * hidden) @ W2 + b2  # (2^H, 2^n, ..., C)
    log_probs = log_softmax(logits).reshape((-1,) + logits.shape[2:])
    weights = np.outer(mask_probabilities(masks_hid, p1), mask_probabilities(masks_in, p0)).ravel()

    scaled = softmax(np.maximum(x @ (p0 * W1) + b1, 0.0) @ (p1 * W2) + b2)
    return EnsembleComparison(
        weight_scaled=scaled,
        geometric=normalised_geometric_mean(log_probs, weights),
        arithmetic=np.tensordot(weights, np.exp(log_probs), axes=1),
    )
