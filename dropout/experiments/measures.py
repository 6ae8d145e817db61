"""Measurements on trained networks, in NumPy: sparsity, co-adaptation, features.

All functions take the weights of one network as ``[(W1, b1), ..., (WL, bL)]``
(``W_l`` of shape ``(n_in, n_out)``, as :class:`dropout.tensorflow.ReplicaResult`
stores them), hidden units ``"relu"`` or ``"sigmoid"``, and a softmax output.
Nothing here imports TensorFlow.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "hidden_activations",
    "logits",
    "error_rate",
    "measure_sparsity",
    "coadaptation",
    "feature_smoothness",
]


def _act(z, activation):
    return np.maximum(z, 0.0) if activation == "relu" else 1.0 / (1.0 + np.exp(-z))


def hidden_activations(weights, x, activation="relu"):
    """The activations y^(l) of every hidden layer of the full network (dropout off).

    Args:
        weights: ``[(W1, b1), ..., (WL, bL)]``.
        x: inputs ``(N, D)``.
        activation: ``"relu"`` or ``"sigmoid"``.

    Returns:
        A list of L - 1 arrays, ``(N, n_l)`` each.
    """
    h = np.asarray(x, dtype=np.float32)
    out = []
    for W, b in weights[:-1]:
        h = _act(h @ W + b, activation)
        out.append(h)
    return out


def logits(weights, x, activation="relu"):
    """The output layer's logits z^(L) of the full network: ``(N, classes)``."""
    hs = hidden_activations(weights, x, activation)
    h = hs[-1] if hs else np.asarray(x, dtype=np.float32)
    W, b = weights[-1]
    return h @ W + b


def error_rate(weights, x, y, activation="relu"):
    """Fraction of ``(x, y)`` the full network misclassifies."""
    return float(np.mean(logits(weights, x, activation).argmax(axis=1) != np.asarray(y)))


def measure_sparsity(weights, x, activation="relu", *, layer=-1, bins=40):
    """Sparsity of a hidden layer's activations, the paper's Figure 8 measure.

    The paper's histograms: of every activation y_j(x) of the layer over the
    examples, and of each example's mean activation (1/n) sum_j y_j(x). It
    reports a mean activation of about 2.0 without dropout and 0.7 with
    (an autoencoder of 256 ReLU units; here any hidden layer of the network).

    Args:
        weights: ``[(W1, b1), ..., (WL, bL)]``.
        x: inputs ``(N, D)``.
        activation: ``"relu"`` or ``"sigmoid"``.
        layer: which hidden layer (index into the hidden layers; -1 the last).
        bins: histogram bins.

    Returns:
        A dict: ``mean_activation`` (over examples and units),
        ``fraction_active`` (share of activations > 0), ``per_example_mean``
        (``(N,)`` array), ``hist_activation`` and ``hist_mean`` (each a pair
        of counts and bin edges, lists).

    Example:
        >>> W = [(np.eye(2, dtype=np.float32), np.zeros(2, np.float32)),
        ...      (np.eye(2, dtype=np.float32), np.zeros(2, np.float32))]
        >>> s = measure_sparsity(W, np.array([[1.0, -1.0], [3.0, 1.0]]))
        >>> s["mean_activation"], s["fraction_active"]
        (1.25, 0.75)
    """
    h = hidden_activations(weights, x, activation)[layer].astype(np.float64)
    per_example = h.mean(axis=1)
    counts, edges = np.histogram(h.ravel(), bins=bins)
    m_counts, m_edges = np.histogram(per_example, bins=bins)
    return {
        "mean_activation": float(h.mean()),
        "fraction_active": float(np.mean(h > 0)),
        "per_example_mean": per_example,
        "hist_activation": (counts.tolist(), edges.tolist()),
        "hist_mean": (m_counts.tolist(), m_edges.tolist()),
    }


def coadaptation(weights, x, y, activation="relu"):
    """How much the network relies on particular hidden units of its last hidden layer.

    Two measures, with and without dropout to be compared (chapter 7, "Reproducing the paper",
    eq. ``eq-ch06b-coadaptation``):

    * the **ablation loss**: for each unit j of the last hidden layer, the
      increase of the test cross-entropy when y_j is set to 0 at test time,
      Delta_j = L(without j) - L; its mean over units and its largest value;
    * the **correlation**: the mean absolute Pearson correlation between the
      activations of two different units of that layer, over ``x``,
      (1 / (n (n - 1))) sum_{j != k} |corr(y_j, y_k)|, over the units that are
      not constant.

    Co-adapted units (the paper's Section 7.1) fix each other's mistakes, so
    removing one costs more; dropout trains each unit to be useful with a
    random set of others.

    Args:
        weights: ``[(W1, b1), ..., (WL, bL)]`` with at least one hidden layer.
        x: inputs ``(N, D)``.
        y: integer labels ``(N,)``.
        activation: ``"relu"`` or ``"sigmoid"``.

    Returns:
        A dict: ``loss`` (the full network's mean cross-entropy),
        ``ablation_mean``, ``ablation_max`` and ``ablation`` (``(n,)``, per unit),
        ``mean_abs_correlation``.
    """
    y = np.asarray(y)
    h = hidden_activations(weights, x, activation)[-1].astype(np.float64)  # (N, n)
    W, b = (np.asarray(a, dtype=np.float64) for a in weights[-1])
    z = h @ W + b  # (N, C)

    def xent(z):  # mean cross-entropy over the examples, for logits (..., N, C)
        z = z - z.max(axis=-1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
        return -np.take_along_axis(logp, np.broadcast_to(y[:, None], z.shape[:-1] + (1,)), -1)[..., 0].mean(-1)

    base = float(xent(z))
    ablation = np.empty(h.shape[1])
    for start in range(0, h.shape[1], 64):  # z without unit j: z - h_j W_j, 64 units at a time
        j = np.arange(start, min(start + 64, h.shape[1]))
        z_minus = z[None] - h.T[j][:, :, None] * W[j][:, None, :]  # (k, N, C)
        ablation[j] = xent(z_minus) - base
    live = h.std(axis=0) > 0
    c = np.corrcoef(h[:, live].T) if live.sum() > 1 else np.zeros((1, 1))
    off = ~np.eye(len(c), dtype=bool)
    return {
        "loss": base,
        "ablation": ablation,
        "ablation_mean": float(ablation.mean()),
        "ablation_max": float(ablation.max()),
        "mean_abs_correlation": float(np.abs(c[off]).mean()) if off.any() else 0.0,
    }


def feature_smoothness(W1, image_shape=(28, 28)):
    """Mean correlation of horizontally adjacent pixels' weights in first-layer features.

    Each column of ``W1`` (``(784, n)``) is one unit's feature, a 28 x 28 image;
    the Pearson correlation of the pairs (w[i, j], w[i, j + 1]) over each
    image, averaged over units. The paper's Figure 7: features learned with
    dropout look like strokes and spots (high), without like noise (low).

    Example:
        >>> ramp = np.tile(np.arange(28.0), 28)[:, None]  # one smooth feature
        >>> round(feature_smoothness(ramp), 3)
        1.0
    """
    W1 = np.asarray(W1, dtype=np.float64)
    imgs = W1.T.reshape(-1, *image_shape)
    a, b = imgs[:, :, :-1].reshape(len(imgs), -1), imgs[:, :, 1:].reshape(len(imgs), -1)
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    den = np.sqrt((a**2).sum(1) * (b**2).sum(1))
    r = np.where(den > 0, (a * b).sum(1) / np.where(den > 0, den, 1.0), 0.0)
    return float(r.mean())
