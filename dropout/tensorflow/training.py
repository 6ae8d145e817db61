"""Training a Keras dropout network, with seeded randomness and honest accuracy curves.

``fit`` reports a running training loss and accuracy taken **with dropout on**
(each batch sees a thinned network, and the weights change during the epoch).
The book also needs the accuracy of the full network, dropout off, on the
training set: :func:`train` measures it with ``evaluate`` at the end, and after
every epoch when asked for curves, and keeps both under different names in a
:class:`dropout.history.History`, the type the NumPy loop returns too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import keras
import tensorflow as tf

from dropout._checks import check_bool, check_positive_int, check_seed
from dropout.history import History

__all__ = ["TrainResult", "FullNetworkMetrics", "train"]


@dataclass
class TrainResult:
    """What :func:`train` returns.

    Attributes:
        history: the :class:`dropout.history.History` of the run.
        train_acc: final accuracy on the training set, dropout off.
        test_acc: final accuracy on the held-out set, dropout off (NaN if none given).
        train_loss: final loss on the training set, dropout off.
        test_loss: final loss on the held-out set, dropout off (NaN if none given).
        model: the trained model (the same object that was passed in).
    """

    history: History
    train_acc: float
    test_acc: float
    train_loss: float
    test_loss: float
    model: keras.Model = field(repr=False)


def _batches(x, y, batch_size):
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)


def _evaluate(model, dataset):
    scores = model.evaluate(dataset, verbose=0, return_dict=True)
    return float(scores["loss"]), float(scores["accuracy"])


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
    curves=False,
    eval_batch_size=1024,
    callbacks=(),
):
    """Train ``model`` on MNIST-like data and report clean (dropout-off) accuracies.

    Steps: compile ``model`` with ``optimizer``,
    ``SparseCategoricalCrossentropy()`` (the model outputs probabilities, as
    :func:`dropout.tensorflow.build_mlp` builds it) and accuracy; ``fit`` with
    ``verbose=0`` on batches reshuffled every epoch (a ``tf.data`` shuffle
    seeded with ``seed``); then ``evaluate`` the full network, dropout off, on
    the training set and on ``test_data``. ``fit`` calls the dropout layers
    with ``training=True``; ``evaluate`` with ``training=False``.

    With ``curves=True`` the dropout-off figures are also measured after every
    epoch (:class:`FullNetworkMetrics` on the training set, ``fit``'s
    validation on ``test_data``), which costs an evaluation of both sets per
    epoch; the final figures are then the last epoch's.

    Randomness comes only from arguments: the model's own seeds (its
    initialisers and dropout layers, e.g. ``build_mlp(seed=...)``) and
    ``seed`` for the batch order. Nothing global is seeded; for bit-identical
    reruns on one machine, call :func:`dropout.tensorflow.enable_determinism`
    once beforehand (process-wide).

    Args:
        model: a ``keras.Model`` from inputs ``(N, D)`` to class
            probabilities, freshly built; it is (re)compiled here.
        train_data: ``(x_train, y_train)``, floats ``(N, D)`` and integer labels ``(N,)``.
        test_data: optional ``(x_test, y_test)``, evaluated with dropout off.
        epochs: number of passes over ``x_train``.
        batch_size: mini-batch size.
        optimizer: a ``keras.optimizers.Optimizer`` (a fresh one per model) or
            a name; ``None`` gives ``keras.optimizers.Adam(1e-3)``.
        seed: non-negative int seeding the order of the batches (the
            ``tf.data`` shuffle's own seed).
        curves: also record the dropout-off curves ``history.train_loss``,
            ``train_acc``, ``val_loss``, ``val_acc`` after every epoch (slower);
            ``history.fit_loss`` and ``fit_acc`` (dropout on) are always recorded.
        eval_batch_size: batch size of the dropout-off evaluations.
        callbacks: extra Keras callbacks.

    Returns:
        A :class:`TrainResult`.

    Raises:
        TypeError, ValueError: ``epochs``, ``batch_size`` or ``eval_batch_size``
            not a positive int; ``seed`` not a non-negative int; ``curves`` not a bool.

    Example:
        >>> import numpy as np
        >>> from dropout.tensorflow import build_mlp
        >>> rng = np.random.default_rng(0)
        >>> x = rng.random((64, 8), dtype=np.float32)
        >>> y = rng.integers(0, 2, 64)
        >>> model = build_mlp((16,), input_dim=8, num_classes=2, seed=0)
        >>> result = train(model, (x, y), epochs=2, batch_size=32, seed=0,
        ...                curves=True)
        >>> len(result.history.train_acc), len(result.history.fit_acc)
        (2, 2)
        >>> result.train_acc == result.history.train_acc[-1]
        True
        >>> # no test data given:
        >>> result.history.val_acc, np.isnan(result.test_acc)
        ([], np.True_)
        >>> model = build_mlp((16,), input_dim=8, num_classes=2, seed=0)
        >>> fast = train(model, (x, y), epochs=2, batch_size=32)  # no curves
        >>> h = fast.history
        >>> h.train_acc, len(h.fit_loss), 0.0 <= fast.train_acc <= 1.0
        ([], 2, True)
    """
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    eval_batch_size = check_positive_int(eval_batch_size, "eval_batch_size")
    seed = check_seed(seed)
    curves = check_bool(curves, "curves")
    x_train, y_train = train_data
    if optimizer is None:
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    # Our own tf.data pipelines, not fit's: the shuffle takes `seed` as its own
    # seed, and with op determinism on, the pipeline Keras builds from arrays
    # makes TensorFlow 2.21 log a C++ error line ("NodeDef mentions attribute
    # use_unbounded_threadpool") on stderr.
    train_ds = (
        tf.data.Dataset.from_tensor_slices((x_train, y_train))
        .shuffle(len(x_train), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
    )
    clean_train_ds = _batches(x_train, y_train, eval_batch_size)
    test_ds = None if test_data is None else _batches(*test_data, eval_batch_size)
    fit_history = model.fit(
        train_ds,
        epochs=epochs,
        shuffle=False,  # train_ds reshuffles itself every epoch
        validation_data=test_ds if curves else None,
        callbacks=[FullNetworkMetrics(clean_train_ds), *callbacks] if curves else list(callbacks),
        verbose=0,
    ).history

    def curve(key):
        return [float(v) for v in fit_history.get(key, [])]

    history = History(
        train_loss=curve("train_loss"),
        train_acc=curve("train_accuracy"),
        val_loss=curve("val_loss"),
        val_acc=curve("val_accuracy"),
        fit_loss=curve("loss"),
        fit_acc=curve("accuracy"),
    )
    if curves:
        train_loss, train_acc = history.train_loss[-1], history.train_acc[-1]
        test_loss, test_acc = (history.val_loss[-1], history.val_acc[-1]) if test_ds is not None else (math.nan,) * 2
    else:
        train_loss, train_acc = _evaluate(model, clean_train_ds)
        test_loss, test_acc = _evaluate(model, test_ds) if test_ds is not None else (math.nan,) * 2
    return TrainResult(
        history=history,
        train_acc=train_acc,
        test_acc=test_acc,
        train_loss=train_loss,
        test_loss=test_loss,
        model=model,
    )
