"""The dropout networks of the paper's MNIST experiments, built with Keras.

:func:`build_mlp` builds the fully connected ReLU network of chapter 3
(784-800-800-10 by default) with dropout on the input and after every hidden
layer, as in the paper (Srivastava et al. 2014, section 6.1.1), and an
optional max-norm constraint on the incoming weights of each unit.
"""

from __future__ import annotations

import keras

from dropout._checks import check_bool, check_positive_int, check_rate, check_seed
from dropout.tensorflow.layer import BernoulliDropout
from dropout.tensorflow.randomness import derive_seeds

__all__ = ["build_mlp"]

_DROPOUT_LAYERS = ("keras", "bernoulli")


def _dropout(kind, rate, *, seed, inverted, name):
    if kind == "keras":
        if not inverted:
            raise ValueError(
                "`inverted=False` needs `dropout_layer='bernoulli'`: "
                "keras.layers.Dropout is always inverted"
            )
        return keras.layers.Dropout(rate, seed=seed, name=name)
    return BernoulliDropout(rate, inverted=inverted, seed=seed, name=name)


def build_mlp(
    hidden=(800, 800),
    *,
    rate_input=0.2,
    rate_hidden=0.5,
    max_norm=None,
    input_dim=784,
    num_classes=10,
    dropout_layer="keras",
    inverted=True,
    seed=0,
    name="mlp",
):
    """Build the dropout MLP of chapter 3: ReLU hidden layers, softmax output.

    Each hidden layer computes z^(l+1) = W^(l+1) y~^(l) + b^(l+1) and
    y^(l+1) = ReLU(z^(l+1)), where y~^(l) is the thinned output of the layer
    below (chapter 3, eq. ``eq-ch03-dropout-forward``). Dropout with
    ``rate_input`` acts on the input and dropout with ``rate_hidden`` after
    every hidden layer; the output layer is a softmax, so the model returns
    **probabilities** (pair it with ``SparseCategoricalCrossentropy()``, which
    :func:`dropout.tensorflow.train` does; Keras then computes the loss from
    the logits internally, so it stays stable).

    Rates follow Keras: the probability of **dropping** a unit (p = 1 - rate);
    the paper's MNIST nets keep inputs with p = 0.8 and hidden units with
    p = 0.5, i.e. the defaults ``rate_input=0.2, rate_hidden=0.5``. A rate of 0
    leaves the dropout layer in place but makes it the identity, so the model
    has the same layer names with and without dropout.

    Layers are named ``"input"``, ``"dropout_input"``, ``"dense_1"``,
    ``"dropout_1"``, ``"dense_2"``, ``"dropout_2"``, ..., ``"output"``. The
    model is returned **uncompiled**.

    Args:
        hidden: tuple of hidden layer widths, e.g. ``(800, 800)``.
        rate_input: dropout rate on the input, in [0, 1).
        rate_hidden: dropout rate after each hidden layer, in [0, 1).
        max_norm: optional c > 0: constrain each unit's incoming weight vector
            to ||w||_2 <= c after every update (``keras.constraints.MaxNorm(c)``,
            on the hidden and output layers); ``None`` for no constraint.
        input_dim: number of inputs (784 for MNIST).
        num_classes: number of classes (10 for MNIST).
        dropout_layer: ``"keras"`` (``keras.layers.Dropout``) or ``"bernoulli"``
            (:class:`dropout.tensorflow.BernoulliDropout`).
        inverted: inverted dropout (True) or the paper's standard form
            (False, only with ``dropout_layer="bernoulli"``).
        seed: non-negative int seeding the weight initialisers (Glorot
            uniform, zero biases) and the dropout layers' generators, each
            layer with its own seed from :func:`dropout.tensorflow.derive_seeds`,
            so the same seed builds the same network and draws the same masks.
            Nothing global is seeded.
        name: the model's name.

    Returns:
        An uncompiled ``keras.Model`` mapping ``(batch, input_dim)`` floats to
        ``(batch, num_classes)`` probabilities.

    Raises:
        TypeError: a rate is not a number; a size or ``seed`` is not an
            integer; ``inverted`` is not a bool.
        ValueError: a rate outside [0, 1); a size < 1; a negative ``seed``; an unknown
            ``dropout_layer``; ``max_norm`` not positive; ``inverted=False``
            with Keras' layer.

    Example:
        >>> model = build_mlp((16, 8), input_dim=20, num_classes=3)
        >>> names = [layer.name for layer in model.layers]
        >>> names  # doctest: +NORMALIZE_WHITESPACE
        ['input', 'dropout_input', 'dense_1', 'dropout_1', 'dense_2',
         'dropout_2', 'output']
        >>> model.output_shape
        (None, 3)
    """
    rate_input = check_rate(rate_input, "rate_input")
    rate_hidden = check_rate(rate_hidden, "rate_hidden")
    hidden = tuple(check_positive_int(h, "hidden") for h in hidden)
    input_dim = check_positive_int(input_dim, "input_dim")
    num_classes = check_positive_int(num_classes, "num_classes")
    seed = check_seed(seed)
    inverted = check_bool(inverted, "inverted")
    if dropout_layer not in _DROPOUT_LAYERS:
        raise ValueError(
            f"`dropout_layer` must be one of {_DROPOUT_LAYERS}, got dropout_layer={dropout_layer!r}"
        )
    if max_norm is not None and not max_norm > 0:
        raise ValueError(f"`max_norm` must be a positive number or None, got max_norm={max_norm!r}")

    # one seed per layer: dense_1 .. output, then dropout_input, dropout_1 ..
    seeds = derive_seeds(seed, 2 * (len(hidden) + 1))
    dense_seeds, dropout_seeds = seeds[: len(hidden) + 1], seeds[len(hidden) + 1 :]

    def dense(units, index, layer_name, activation):
        return keras.layers.Dense(
            units,
            activation=activation,
            kernel_initializer=keras.initializers.GlorotUniform(seed=dense_seeds[index - 1]),
            kernel_constraint=None if max_norm is None else keras.constraints.MaxNorm(max_norm),
            name=layer_name,
        )

    inputs = keras.Input(shape=(input_dim,), name="input")
    y = _dropout(dropout_layer, rate_input, seed=dropout_seeds[0], inverted=inverted, name="dropout_input")(
        inputs
    )
    for i, units in enumerate(hidden, start=1):
        y = dense(units, i, f"dense_{i}", "relu")(y)
        y = _dropout(dropout_layer, rate_hidden, seed=dropout_seeds[i], inverted=inverted, name=f"dropout_{i}")(y)
    outputs = dense(num_classes, len(hidden) + 1, "output", "softmax")(y)
    return keras.Model(inputs, outputs, name=name)
