"""Monte-Carlo dropout prediction with a Keras model: average the network over sampled masks.

Chapter 4 compares weight scaling (one pass with dropout off) with the
Monte-Carlo average over k thinned networks,

    p(y | x) ~ (1/k) sum_{i=1}^{k} softmax(f(x; r_i)),    r_i ~ Bernoulli(p),

(Srivastava et al. 2014, section 7.5; Gal and Ghahramani 2016), whose spread
over passes is a rough measure of the model's uncertainty. The result is a
:class:`dropout.mc_prediction.MCPrediction`, the type the NumPy network's
:meth:`dropout.reference.MLP.mc_predict` returns too.
"""

from __future__ import annotations

import keras
import numpy as np

from dropout._checks import check_positive_int, check_seed
from dropout.mc_prediction import MCPrediction

__all__ = ["mc_predict", "reseeded"]


def _is_stochastic(layer) -> bool:
    """A layer that draws random numbers from its own seed and holds no weights (a dropout or noise layer)."""
    return "seed" in layer.get_config() and not layer.weights


def reseeded(model, seed):
    """A copy of ``model`` whose dropout layers draw from new, seeded generators; the weights are shared.

    Built with the public ``keras.models.clone_model``: every layer that has a
    ``seed`` in its config and no weights of its own (``keras.layers.Dropout``,
    :class:`dropout.tensorflow.BernoulliDropout`, Gaussian noise and dropout)
    is rebuilt from its config with a seed derived from ``seed``
    (``numpy.random.SeedSequence([seed, i])`` for the i-th such layer);
    every other layer is the model's own object, so the copy shares its
    weights. ``model`` itself, its layers and their generators are not changed.

    Args:
        model: a functional or ``keras.Sequential`` model.
        seed: non-negative int.

    Returns:
        A ``keras.Model`` computing the same function as ``model`` except for the masks.

    Raises:
        TypeError, ValueError: ``seed`` not a non-negative int.
        ValueError: ``model`` is a subclassed model, which Keras cannot clone.

    Example:
        >>> import numpy as np
        >>> from dropout.tensorflow import build_mlp
        >>> model = build_mlp((8,), input_dim=4, num_classes=3)
        >>> copy = reseeded(model, 0)
        >>> names = ("dense_1", "dropout_1")
        >>> [copy.get_layer(n) is model.get_layer(n) for n in names]
        [True, False]
        >>> x = np.ones((2, 4), dtype="float32")
        >>> a = reseeded(model, 0)(x, training=True)
        >>> bool(np.array_equal(a, reseeded(model, 0)(x, training=True)))
        True
    """
    seed = check_seed(seed)
    count = 0

    def clone_layer(layer):
        nonlocal count
        if not _is_stochastic(layer):
            return layer
        config = layer.get_config()
        config["seed"] = int(np.random.SeedSequence([seed, count]).generate_state(1)[0] >> 1)
        count += 1
        return layer.__class__.from_config(config)

    try:
        return keras.models.clone_model(model, clone_function=clone_layer)
    except ValueError as err:
        raise ValueError(
            f"`model` must be a functional or Sequential Keras model to be reseeded, got "
            f"{type(model).__name__}; call mc_predict with seed=None to use its own generators ({err})"
        ) from None


def mc_predict(model, x, k, *, seed=None, batch_size=None, from_logits=False, keep_samples=False):
    """Monte-Carlo dropout: k forward passes with ``training=True``, averaged (chapter 8, eq. ``eq-ch08-mc-average``).

    Each pass draws fresh masks r_i in every dropout layer and the mean of
    the k probability vectors approximates the ensemble average of the
    thinned networks (chapter 4); the spread of the passes is that of
    eq. ``eq-ch08-spread``, computed by :func:`dropout.uncertainty.predictive_spread`.

    With ``seed`` the masks are reproducible: the passes run through
    :func:`reseeded`, a copy of the model that shares its weights and gives
    every dropout layer a new generator seeded from ``seed``, so the same seed
    gives the same passes and ``model`` is left exactly as it was (functional
    and Sequential models). Without ``seed`` the passes run through ``model``
    itself and its dropout layers' generators advance, as after any call
    with ``training=True``.

    Args:
        model: a ``keras.Model`` with dropout layers, returning probabilities
            (or logits with ``from_logits=True``).
        x: inputs ``(N, D)``.
        k: number of passes, >= 1.
        seed: optional non-negative int making the passes reproducible.
        batch_size: rows per forward pass; ``None`` does all N at once.
        from_logits: apply a softmax to the model's outputs first.
        keep_samples: also return the ``(k, N, C)`` passes.

    Returns:
        A :class:`dropout.mc_prediction.MCPrediction`: ``mean`` ``(N, C)``,
        ``spread`` ``(N,)`` (float64), ``labels``, and ``samples`` if asked for.
        Note: batch-norm or other layers that change with ``training=True``
        also run in training mode.

    Raises:
        TypeError, ValueError: ``k`` or ``batch_size`` not a positive integer;
            ``seed`` not a non-negative int; a subclassed ``model`` with a ``seed``.

    Example:
        >>> import numpy as np
        >>> from dropout.tensorflow import build_mlp
        >>> model = build_mlp((16,), input_dim=4, num_classes=3)
        >>> x = np.ones((2, 4), dtype="float32")
        >>> pred = mc_predict(model, x, k=10, seed=0)
        >>> pred.mean.shape, pred.spread.shape
        ((2, 3), (2,))
        >>> bool(np.allclose(pred.mean.sum(1), 1))
        True
        >>> again = mc_predict(model, x, k=10, seed=0)
        >>> bool((again.mean == pred.mean).all())
        True
    """
    k = check_positive_int(k, "k")
    x = np.asarray(x)
    n = len(x)
    batch_size = max(n, 1) if batch_size is None else check_positive_int(batch_size, "batch_size")
    net = model if seed is None else reseeded(model, seed)
    passes = []
    for _ in range(k):
        out = [
            np.asarray(net(x[i : i + batch_size], training=True))
            for i in range(0, max(n, 1), batch_size)
        ]
        probs = np.concatenate(out, axis=0)
        if from_logits:
            probs = np.asarray(keras.ops.softmax(probs, axis=-1))
        passes.append(probs)
    # float64: identical passes give a spread of exactly 0
    return MCPrediction.from_samples(np.stack(passes).astype(np.float64), keep_samples=keep_samples)
