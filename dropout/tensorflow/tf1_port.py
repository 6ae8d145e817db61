"""The TensorFlow 1 dropout example that many tutorials copy, ported as written, and fixed.

The example is a 784-200-100-10 ReLU network for MNIST, trained with Adam
(learning rate 1e-3) on batches of 128 for 1,000 iterations, with dropout
after both hidden layers. It uses TensorFlow 1's ``keep_prob``, the paper's p
(the probability of **keeping** a unit), fed as 0.5 in training and 1.0 at
test time. Its forward pass reads, in TensorFlow 1::

    y1 = tf.nn.relu(tf.matmul(x, W1) + b1)
    y1_dropout = tf.nn.dropout(y1, keep_prob)
    y2 = tf.nn.relu(tf.matmul(y1, W2) + b2)          # bug: y1, not y1_dropout
    y2_dropout = tf.nn.dropout(y2, keep_prob)
    logits = tf.matmul(y2, W3) + b3                   # bug: y2, not y2_dropout

``y1_dropout`` and ``y2_dropout`` are computed and never used: the network
that is trained has no dropout at all, whatever ``keep_prob`` is fed. Nothing
fails and the accuracy is fine, which is why the bug survives copying.

:class:`TF1TutorialMLP` is the port to TensorFlow 2 (a ``keras.Model``):
``fixed=False`` keeps the bug, ``fixed=True`` feeds ``y1_dropout`` and
``y2_dropout`` forward. In TensorFlow 2, ``tf.nn.dropout`` takes
``rate = 1 - keep_prob``; here ``training=False`` plays the part of feeding
``keep_prob = 1.0``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import numpy as np
import tensorflow as tf

from dropout._checks import check_bool, check_keep_prob, check_positive_int, check_seed

__all__ = ["TF1TutorialMLP", "TF1TutorialResult", "train_tf1_tutorial"]


class TF1TutorialMLP(keras.Model):
    """The tutorials' 784-200-100-10 dropout MLP, as written (``fixed=False``) or fixed.

    As written, ``call`` computes ``y1_dropout`` and ``y2_dropout`` but feeds
    ``y1`` and ``y2`` to the next layer, so dropout never acts: the training
    output equals the inference output. Fixed, the next layer gets the thinned
    output, y~^(l) = r^(l) * y^(l) / p (inverted dropout, as ``tf.nn.dropout``;
    chapter 4, eq. ``eq-ch04-inverted``).

    Weights and biases start as in the tutorial: weights truncated normal with
    standard deviation 0.1, biases ``tf.ones`` (1.0).

    Args:
        fixed: feed the dropout outputs forward (True) or keep the bug (False).
        keep_prob: p in (0, 1], the probability of **keeping** a unit in
            training (TensorFlow 1's convention; the tutorials use 0.5).
        sizes: layer widths, ``(784, 200, 100, 10)``.
        seed: non-negative int seeding the weights (``seed + 1`` .. ``seed + 3``)
            and the dropout masks (a ``keras.random.SeedGenerator(seed + 1000)``).
        **kwargs: ``keras.Model`` arguments, e.g. ``name``.

    Call arguments:
        inputs: ``(batch, 784)`` floats.
        training: bool; False is TensorFlow 1's ``keep_prob = 1.0``.

    Returns (of ``call``):
        ``(batch, 10)`` logits. :meth:`forward` returns the intermediates
        ``y1``, ``y1_dropout``, ``y2``, ``y2_dropout`` too.

    Raises:
        TypeError, ValueError: bad ``keep_prob``, ``fixed``, ``sizes`` or
            ``seed`` (named in the message).

    Example:
        >>> import numpy as np
        >>> x = np.random.default_rng(0).random((4, 784), dtype=np.float32)
        >>> buggy = TF1TutorialMLP(fixed=False, seed=0)
        >>> a, b = buggy(x, training=True), buggy(x, training=False)
        >>> bool(np.array_equal(a, b))
        True
        >>> fixed = TF1TutorialMLP(fixed=True, seed=0)
        >>> a, b = fixed(x, training=True), fixed(x, training=False)
        >>> bool(np.array_equal(a, b))
        False
    """

    def __init__(self, fixed=False, keep_prob=0.5, *, sizes=(784, 200, 100, 10), seed=0, **kwargs):
        super().__init__(**kwargs)
        self.fixed = check_bool(fixed, "fixed")
        self.keep_prob = check_keep_prob(keep_prob)
        self.sizes = tuple(check_positive_int(s, "sizes") for s in sizes)
        if len(self.sizes) != 4:
            raise ValueError(f"`sizes` must have 4 entries (input, hidden 1, hidden 2, output), got sizes={sizes!r}")
        seed = check_seed(seed)
        self.params = {}
        for i in range(1, 4):
            fan_in, fan_out = self.sizes[i - 1], self.sizes[i]
            self.params[f"W{i}"] = self.add_weight(
                shape=(fan_in, fan_out),
                initializer=keras.initializers.TruncatedNormal(stddev=0.1, seed=seed + i),
                name=f"W{i}",
            )
            self.params[f"b{i}"] = self.add_weight(
                shape=(fan_out,), initializer=keras.initializers.Constant(1.0), name=f"b{i}"
            )
        self.seed_generator = keras.random.SeedGenerator(seed + 1000)

    def _dropout(self, y, training):
        # tf.nn.dropout(y, keep_prob) in TF1 is tf.nn.dropout(y, rate=1 - keep_prob) in TF2;
        # keras.random.dropout runs its stateless form with a seeded generator.
        if not training or self.keep_prob == 1.0:
            return y
        return keras.random.dropout(y, rate=1.0 - self.keep_prob, seed=self.seed_generator)

    def forward(self, inputs, training=False):
        """The forward pass with its intermediates: a dict with ``"y1"``,
        ``"y1_dropout"``, ``"y2"``, ``"y2_dropout"`` and ``"logits"``."""
        W1, b1, W2, b2, W3, b3 = (self.params[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        y1 = tf.nn.relu(tf.matmul(inputs, W1) + b1)
        y1_dropout = self._dropout(y1, training)
        y2 = tf.nn.relu(tf.matmul(y1_dropout if self.fixed else y1, W2) + b2)
        y2_dropout = self._dropout(y2, training)
        logits = tf.matmul(y2_dropout if self.fixed else y2, W3) + b3
        return {"y1": y1, "y1_dropout": y1_dropout, "y2": y2, "y2_dropout": y2_dropout, "logits": logits}

    def call(self, inputs, training=False):
        return self.forward(inputs, training=training)["logits"]


@dataclass
class TF1TutorialResult:
    """What :func:`train_tf1_tutorial` returns.

    Attributes:
        model: the trained :class:`TF1TutorialMLP`.
        loss: ``(iterations,)`` training loss of each mini-batch (as computed
            in training mode).
    """

    model: TF1TutorialMLP = field(repr=False)
    loss: np.ndarray


def train_tf1_tutorial(
    x, y, *, fixed, keep_prob=0.5, iterations=1000, batch_size=128, learning_rate=1e-3, seed=0
):
    """Train :class:`TF1TutorialMLP` the way the TensorFlow 1 tutorial does.

    ``iterations`` steps of Adam on the mean softmax cross-entropy of mini-batches
    of ``batch_size`` rows, taken from shuffled passes over ``(x, y)`` (like
    ``mnist.train.next_batch``), with ``keep_prob`` fed in training. As
    written (``fixed=False``) the run is the same, bit for bit, whatever
    ``keep_prob`` is: dropout never reaches the loss.

    Args:
        x: ``(N, 784)`` float inputs.
        y: ``(N,)`` integer labels.
        fixed: train the fixed network (True) or the one as written (False).
        keep_prob: p, the probability of keeping a unit in training.
        iterations: number of mini-batch steps (1,000 in the tutorial).
        batch_size: rows per step (128).
        learning_rate: Adam's learning rate (1e-3).
        seed: non-negative int for the weights and the masks (of
            :class:`TF1TutorialMLP`) and the batch order
            (``numpy.random.default_rng(seed)``); nothing global is seeded.

    Returns:
        A :class:`TF1TutorialResult`.

    Raises:
        TypeError, ValueError: bad ``keep_prob``, ``iterations`` or ``batch_size``.
    """
    iterations = check_positive_int(iterations, "iterations")
    batch_size = check_positive_int(batch_size, "batch_size")
    seed = check_seed(seed)
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    model = TF1TutorialMLP(fixed=fixed, keep_prob=keep_prob, sizes=(x.shape[1], 200, 100, 10), seed=seed)
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            logits = model(xb, training=True)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits=logits)
            )
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    rng = np.random.default_rng(seed)
    order, pos, losses = rng.permutation(len(x)), 0, []
    for _ in range(iterations):
        if pos + batch_size > len(x):
            order, pos = rng.permutation(len(x)), 0
        idx = order[pos : pos + batch_size]
        pos += batch_size
        losses.append(float(step(x[idx], y[idx])))
    return TF1TutorialResult(model=model, loss=np.asarray(losses))
