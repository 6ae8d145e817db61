"""Train one architecture under several seeds with one compiled Keras model.

A verdict needs several seeds per condition, and on a CPU most of the cost of
training a tiny Keras model is setting it up (compiling and tracing its
training step), not the arithmetic. :func:`train_seeds` builds the model once
per seed but compiles only the first one: for every seed it copies the freshly
built model's variables (weights, batch-normalisation statistics and the
dropout layers' seed-generator states) into the compiled one, resets the
optimizer, and trains on batches shuffled with that seed. The result is the
same as compiling and training each seed's model separately (the tests check
it), several times faster.
"""

from __future__ import annotations

from typing import NamedTuple

import keras
import numpy as np
import tensorflow as tf

from dropout._checks import check_nonnegative_real, check_positive_int, check_seeds

__all__ = ["SeedRuns", "train_seeds"]


class SeedRuns(NamedTuple):
    """The final figures of one architecture trained under several seeds (arrays, one entry per seed).

    Attributes:
        seeds: the seeds, ``(S,)`` ints.
        train_acc: accuracy on the training set, dropout off, ``(S,)``.
        test_acc: accuracy on the test set, dropout off, ``(S,)``.
        test_loss: cross-entropy on the test set, dropout off, ``(S,)``.
        model: the compiled model, holding the weights of the last seed.
        extras: what ``after_each(model)`` returned after each seed (``None``
            for every seed when it is not given).
    """

    seeds: np.ndarray
    train_acc: np.ndarray
    test_acc: np.ndarray
    test_loss: np.ndarray
    model: object
    extras: list


def _dataset(x, y, batch_size, seed=None):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if seed is not None:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(batch_size)


def train_seeds(build, seeds, train_data, test_data, *, epochs, batch_size=128, learning_rate=1e-3, after_each=None):
    """Train ``build(seed)`` for every seed; return the dropout-off accuracies per seed.

    Each run: Adam with ``learning_rate``, sparse categorical cross-entropy on
    the model's probabilities, ``epochs`` passes over ``train_data`` in batches
    of ``batch_size`` reshuffled every epoch by a ``tf.data`` shuffle seeded
    with the run's seed; then ``evaluate`` (dropout off) on both sets. The
    seed thus fixes the initial weights, the dropout masks (through the
    seeds ``build`` gives the layers) and the batch order.

    Args:
        build: function ``seed -> keras.Model`` (uncompiled, outputs class
            probabilities) that builds the same architecture for every seed.
        seeds: sequence of non-negative ints.
        train_data: ``(x_train, y_train)``.
        test_data: ``(x_test, y_test)``.
        epochs: passes over the training set, a positive int.
        batch_size: mini-batch size, a positive int.
        learning_rate: Adam's learning rate, > 0.
        after_each: optional function ``model -> object`` called after each
            seed's training, e.g. to measure the trained model; its results
            are ``SeedRuns.extras``.

    Returns:
        A :class:`SeedRuns`.

    Raises:
        TypeError, ValueError: a seed not a non-negative int; ``epochs`` or
            ``batch_size`` not a positive int; ``learning_rate`` not positive;
            no seeds.
        ValueError: ``build`` returns models whose variables differ in number
            or shape from one seed to the next.

    Example:
        >>> import keras, numpy as np
        >>> rng = np.random.default_rng(0)
        >>> x = rng.random((64, 4), dtype=np.float32)
        >>> y = rng.integers(0, 2, 64)
        >>> def build(seed):
        ...     init = keras.initializers.GlorotUniform(seed)
        ...     dense = keras.layers.Dense(2, activation="softmax",
        ...                                kernel_initializer=init)
        ...     return keras.Sequential([keras.Input((4,)), dense])
        >>> runs = train_seeds(build, [0, 1], (x, y), (x, y), epochs=1,
        ...                    batch_size=32)
        >>> runs.seeds.tolist(), runs.test_acc.shape
        ([0, 1], (2,))
    """
    seeds = check_seeds(seeds)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    learning_rate = check_nonnegative_real(learning_rate, "learning_rate")
    if learning_rate == 0:
        raise ValueError("`learning_rate` must be positive, got learning_rate=0")
    (x_train, y_train), (x_test, y_test) = train_data, test_data
    clean_train = _dataset(x_train, y_train, 1024)
    clean_test = _dataset(x_test, y_test, 1024)
    model = None
    rows, extras = [], []
    for seed in seeds:
        fresh = build(seed)
        if model is None:
            model = fresh
            model.compile(
                optimizer=keras.optimizers.Adam(learning_rate),
                loss=keras.losses.SparseCategoricalCrossentropy(),
                metrics=["accuracy"],
            )
        else:
            _copy_variables(fresh, model)
            for v in model.optimizer.variables:  # Adam's step count and moments; not its learning rate
                if v.name != "learning_rate":
                    v.assign(tf.zeros_like(v))
        model.fit(_dataset(x_train, y_train, batch_size, seed), epochs=epochs, shuffle=False, verbose=0)
        _, train_acc = model.evaluate(clean_train, verbose=0)
        test_loss, test_acc = model.evaluate(clean_test, verbose=0)
        rows.append((train_acc, test_acc, test_loss))
        extras.append(None if after_each is None else after_each(model))
    train_acc, test_acc, test_loss = (np.array(col, dtype=float) for col in zip(*rows))
    return SeedRuns(np.array(seeds), train_acc, test_acc, test_loss, model, extras)


def _copy_variables(source, target) -> None:
    src, dst = source.variables, target.variables
    shapes_src = [tuple(v.shape) for v in src]
    shapes_dst = [tuple(v.shape) for v in dst]
    if shapes_src != shapes_dst:
        raise ValueError(
            "`build` must return the same architecture for every seed: the variables' shapes differ, "
            f"{shapes_src} vs {shapes_dst}"
        )
    for s, d in zip(src, dst):
        d.assign(s)
