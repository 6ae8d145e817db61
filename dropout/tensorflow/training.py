"""Deterministic training of a Keras dropout network, with honest accuracy curves.

``fit`` reports a running training loss and accuracy taken **with dropout on**
(each batch sees a thinned network, and the weights change during the epoch).
The book also needs the accuracy of the full network, dropout off, on the
training set: :func:`train` measures it after every epoch with ``evaluate``
and keeps both, under different names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import tensorflow as tf

from dropout._checks import check_positive_int

__all__ = ["set_determinism", "TrainHistory", "TrainResult", "FullNetworkMetrics", "train"]


def set_determinism(seed) -> None:
    """Seed Python, NumPy and TensorFlow and make TensorFlow's ops deterministic.

    Calls ``keras.utils.set_random_seed(seed)`` and
    ``tf.config.experimental.enable_op_determinism()``; on the same machine two
    runs then train bit-identically (across CPUs it is not promised).

    Args:
        seed: non-negative int.

    Example:
        >>> set_determinism(0)
    """
    keras.utils.set_random_seed(int(seed))
    tf.config.experimental.enable_op_determinism()


@dataclass
class TrainHistory:
    """Per-epoch curves; one entry per epoch in every list.

    Attributes:
        train_loss, train_acc: on the whole training set, full network,
            **dropout off** (measured with ``evaluate`` after each epoch).
        val_loss, val_acc: on the held-out set, dropout off (empty if none given).
        fit_loss, fit_acc: ``fit``'s running means over the epoch's batches,
            **dropout on** (thinned networks, weights changing).
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    fit_loss: list[float] = field(default_factory=list)
    fit_acc: list[float] = field(default_factory=list)


@dataclass
class TrainResult:
    """What :func:`train` returns.

    Attributes:
        history: the :class:`TrainHistory` per epoch.
        train_acc: final accuracy on the training set, dropout off.
        test_acc: final accuracy on the held-out set, dropout off (NaN if none given).
        train_loss, test_loss: the matching final losses.
        model: the trained model (the same object that was passed in).
    """

    history: TrainHistory
    train_acc: float
    test_acc: float
    train_loss: float
    test_loss: float
    model: keras.Model = field(repr=False)


def _batches(x, y, batch_size):
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)


class FullNetworkMetrics(keras.callbacks.Callback):
    """Callback: after each epoch, evaluate the full network (dropout off) on ``(x, y)``.

    Adds ``train_loss`` and ``train_accuracy`` to the epoch's logs (so they are
    in ``fit``'s ``History`` too), next to ``fit``'s ``loss`` and ``accuracy``,
    which are measured with dropout on.

    Args:
        data: what ``evaluate`` takes as its first argument: a batched
            ``tf.data.Dataset`` of ``(x, y)``, or ``(x, y)`` arrays as a tuple,
            inputs ``(N, D)`` and integer labels ``(N,)``.
        batch_size: batch size of the evaluation when ``data`` are arrays.
    """

    def __init__(self, data, batch_size=1024):
        super().__init__()
        self.data, self.batch_size = data, batch_size

    def on_epoch_end(self, epoch, logs=None):
        if isinstance(self.data, tuple):
            x, y = self.data
            scores = self.model.evaluate(
                x, y, batch_size=self.batch_size, verbose=0, return_dict=True
            )
        else:
            scores = self.model.evaluate(self.data, verbose=0, return_dict=True)
        if logs is not None:
            logs["train_loss"] = float(scores["loss"])
            logs["train_accuracy"] = float(scores["accuracy"])


def train(
    model,
    train_data,
    test_data=None,
    *,
    epochs,
    batch_size=128,
    optimizer=None,
    seed=0,
    eval_batch_size=1024,
    callbacks=(),
):
    """Train ``model`` on MNIST-like data, deterministically, and report clean accuracies.

    Steps: :func:`set_determinism` with ``seed``; compile ``model`` with
    ``optimizer``, ``SparseCategoricalCrossentropy()`` (the model outputs
    probabilities, as :func:`dropout.tensorflow.build_mlp` builds it) and
    accuracy; ``fit`` with ``verbose=0`` on batches reshuffled every epoch
    (a ``tf.data`` pipeline seeded with ``seed``), measuring after each
    epoch the full network with dropout off on the training set
    (:class:`FullNetworkMetrics`) and on ``test_data``. ``fit`` calls the
    dropout layers with ``training=True``; ``evaluate`` with ``training=False``.

    Args:
        model: a ``keras.Model`` from inputs ``(N, D)`` to class
            probabilities; it is (re)compiled here.
        train_data: ``(x_train, y_train)``, floats ``(N, D)`` and integer labels ``(N,)``.
        test_data: optional ``(x_test, y_test)``, evaluated after every epoch.
        epochs: number of passes over ``x_train``.
        batch_size: mini-batch size.
        optimizer: a ``keras.optimizers.Optimizer`` (a fresh one per model) or
            a name; ``None`` gives ``keras.optimizers.Adam(1e-3)``.
        seed: int for :func:`set_determinism` and the shuffling (and for the
            dropout layers built with ``seed=None``).
        eval_batch_size: batch size of the dropout-off evaluations.
        callbacks: extra Keras callbacks.

    Returns:
        A :class:`TrainResult`.

    Raises:
        TypeError / ValueError: ``epochs`` or ``batch_size`` not a positive integer.

    Example:
        >>> import numpy as np
        >>> from dropout.tensorflow import build_mlp
        >>> rng = np.random.default_rng(0)
        >>> x, y = rng.random((64, 8), dtype=np.float32), rng.integers(0, 2, 64)
        >>> model = build_mlp((16,), input_dim=8, num_classes=2, seed=0)
        >>> result = train(model, (x, y), epochs=2, batch_size=32, seed=0)
        >>> len(result.history.train_acc), len(result.history.fit_acc)
        (2, 2)
        >>> result.train_acc == result.history.train_acc[-1]
        True
        >>> result.history.val_acc, np.isnan(result.test_acc)  # no test data given
        ([], np.True_)
    """
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    x_train, y_train = train_data
    set_determinism(seed)
    if optimizer is None:
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    # Our own tf.data pipelines, not fit's: with op determinism on, the one
    # Keras builds from arrays makes TensorFlow 2.21 log a C++ error line
    # ("NodeDef mentions attribute use_unbounded_threadpool") on stderr.
    train_ds = (
        tf.data.Dataset.from_tensor_slices((x_train, y_train))
        .shuffle(len(x_train), seed=int(seed), reshuffle_each_iteration=True)
        .batch(batch_size)
    )
    clean_train_ds = _batches(x_train, y_train, eval_batch_size)
    test_ds = None if test_data is None else _batches(*test_data, eval_batch_size)
    fit_history = model.fit(
        train_ds,
        epochs=epochs,
        shuffle=False,  # train_ds reshuffles itself every epoch
        validation_data=test_ds,
        callbacks=[FullNetworkMetrics(clean_train_ds), *callbacks],
        verbose=0,
    ).history

    def curve(key):
        return [float(v) for v in fit_history.get(key, [])]

    history = TrainHistory(
        train_loss=curve("train_loss"),
        train_acc=curve("train_accuracy"),
        val_loss=curve("val_loss"),
        val_acc=curve("val_accuracy"),
        fit_loss=curve("loss"),
        fit_acc=curve("accuracy"),
    )
    nan = float("nan")
    return TrainResult(
        history=history,
        train_acc=history.train_acc[-1],
        test_acc=history.val_acc[-1] if history.val_acc else nan,
        train_loss=history.train_loss[-1],
        test_loss=history.val_loss[-1] if history.val_loss else nan,
        model=model,
    )
