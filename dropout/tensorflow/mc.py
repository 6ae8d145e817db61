"""Monte-Carlo dropout prediction: average the network over sampled masks.

Chapter 4 compares weight scaling (one pass with dropout off) with the
Monte-Carlo average over k thinned networks,

    p(y | x) ~ (1/k) sum_{i=1}^{k} softmax(f(x; r_i)),    r_i ~ Bernoulli(p),

(Srivastava et al. 2014, section 7.5; Gal and Ghahramani 2016), whose spread
over passes is a rough measure of the model's uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from dropout._checks import check_positive_int

__all__ = ["MCPrediction", "mc_predict"]


@dataclass
class MCPrediction:
    """What :func:`mc_predict` returns.

    Attributes:
        mean: ``(N, C)`` mean of the class probabilities over the k passes (float64).
        std: ``(N, C)`` standard deviation over the passes, with 1/k (float64;
            exactly 0 when nothing is random). Its entry for the predicted
            class is the spread s(x) of chapter 8, eq. ``eq-ch08-spread``
            (see :func:`dropout.uncertainty.predictive_spread`).
        samples: ``(k, N, C)`` every pass, or ``None`` unless asked for.
    """

    mean: np.ndarray
    std: np.ndarray
    samples: np.ndarray | None = None

    @property
    def labels(self) -> np.ndarray:
        """``(N,)`` predicted classes, the argmax of :attr:`mean`."""
        return self.mean.argmax(axis=-1)


def _seed_states(model):
    return [v for v in model.variables if v.name == "seed_generator_state"]


def mc_predict(model, x, k, *, seed=None, batch_size=None, from_logits=False, keep_samples=False):
    """Monte-Carlo dropout: k forward passes with ``training=True``, averaged (chapter 8, eq. ``eq-ch08-mc-average``).

    Each pass draws fresh masks r_i in every dropout layer and the mean of
    the k probability vectors approximates the ensemble average of the
    thinned networks (chapter 4).

    With ``seed`` the masks are reproducible: the state of every
    ``keras.random.SeedGenerator`` in ``model`` (every dropout layer has one)
    is set from ``seed`` for the passes and restored afterwards, so the call
    leaves the model as it found it. Without ``seed`` the generators simply
    advance.

    Args:
        model: a ``keras.Model`` with dropout layers, returning probabilities
            (or logits with ``from_logits=True``).
        x: inputs ``(N, D)``.
        k: number of passes, >= 1.
        seed: optional int making the passes reproducible.
        batch_size: rows per forward pass; ``None`` does all N at once.
        from_logits: apply a softmax to the model's outputs first.
        keep_samples: also return the ``(k, N, C)`` passes.

    Returns:
        An :class:`MCPrediction` with ``mean`` and ``std`` of shape ``(N, C)``.
        Note: batch-norm or other layers that change with ``training=True``
        also run in training mode.

    Raises:
        TypeError / ValueError: ``k`` or ``batch_size`` not a positive integer.

    Example:
        >>> import numpy as np
        >>> from dropout.tensorflow import build_mlp
        >>> model = build_mlp((16,), input_dim=4, num_classes=3)
        >>> x = np.ones((2, 4), dtype="float32")
        >>> pred = mc_predict(model, x, k=10, seed=0)
        >>> pred.mean.shape, bool(np.allclose(pred.mean.sum(axis=1), 1.0))
        ((2, 3), True)
        >>> bool((mc_predict(model, x, k=10, seed=0).mean == pred.mean).all())
        True
    """
    k = check_positive_int(k, "k")
    x = np.asarray(x)
    n = len(x)
    batch_size = n if batch_size is None else check_positive_int(batch_size, "batch_size")
    states = _seed_states(model)
    saved = [np.asarray(v.numpy()) for v in states]
    if seed is not None:
        draws = np.random.SeedSequence(int(seed)).generate_state(len(states))
        for v, s, old in zip(states, draws, saved):
            v.assign(np.array([s, 0]).astype(old.dtype))
    try:
        passes = []
        for _ in range(k):
            out = [
                np.asarray(model(x[i : i + batch_size], training=True))
                for i in range(0, max(n, 1), batch_size)
            ]
            probs = np.concatenate(out, axis=0)
            if from_logits:
                probs = np.asarray(keras.ops.softmax(probs, axis=-1))
            passes.append(probs)
    finally:
        if seed is not None:
            for v, old in zip(states, saved):
                v.assign(old)
    samples = np.stack(passes).astype(np.float64)  # float64: identical passes give std == 0 exactly
    return MCPrediction(
        mean=samples.mean(axis=0),
        std=samples.std(axis=0),
        samples=samples if keep_samples else None,
    )
