"""Several independent training runs of one MLP, trained together as one stacked model.

An experimental verdict needs several seeds, and every call of
:func:`dropout.tensorflow.train` pays for building, compiling and tracing a
Keras model before the first step. :func:`train_replicas` trains R runs at
once: every weight of the network of :func:`dropout.tensorflow.build_mlp` gets
a leading replica axis, ``W[r]`` of shape ``(n_in, n_out)`` for replica r, and
one traced step updates all of them.

The replicas do not interact. Replica r has its own seed, from which come its
initial weights (the very weights ``build_mlp(seed=seeds[r])`` starts from),
its dropout masks and its batch order, and its own rates. The step minimises
the sum of the replicas' losses,

    L = sum_r L_r(theta_r),   so   dL/d theta_r = dL_r/d theta_r,

and Adam works element by element, so each replica follows exactly the
updates it would follow alone: the result of replica r does not depend on
which other replicas are trained beside it (a test checks this). What the
stacking saves is the fixed cost per run: one model, one trace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import keras
import numpy as np
import tensorflow as tf

from dropout._checks import check_bool, check_positive_int, check_rate, check_seeds
from dropout.history import History
from dropout.reference.layers import sigmoid, softmax
from dropout.tensorflow.fused_updates import FusedAdam, FusedMomentum
from dropout.tensorflow.randomness import derive_seeds

__all__ = ["ReplicaResult", "train_replicas"]


@dataclass
class ReplicaResult:
    """What :func:`train_replicas` returns: one entry per replica, in the order of ``seeds``.

    Attributes:
        seeds: the replicas' seeds, ``(R,)``.
        rate_input: the replicas' input dropout rates (drop probabilities, 1 - p), ``(R,)``.
        rate_hidden: the replicas' hidden dropout rates, ``(R,)``.
        hidden: the hidden widths, shared by all replicas.
        train_acc: final accuracy of each full network (dropout off) on the training set, ``(R,)``.
        test_acc: the same on the test set, ``(R,)`` (NaN without test data).
        train_loss: final cross-entropy of each full network on the training set, ``(R,)``.
        test_loss: the same on the test set, ``(R,)``.
        histories: one :class:`dropout.history.History` per replica;
            ``fit_loss`` and ``fit_acc`` (dropout on, averaged over each
            epoch's batches) always, the dropout-off curves with ``curves=True``.
        weights: per replica, the list ``[(W1, b1), (W2, b2), ...]`` of NumPy arrays.
    """

    seeds: np.ndarray
    rate_input: np.ndarray
    rate_hidden: np.ndarray
    hidden: tuple
    train_acc: np.ndarray
    test_acc: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    histories: list = field(repr=False)
    weights: list = field(repr=False)
    activation: str = "relu"

    def curve(self, name) -> np.ndarray:
        """One curve of every replica as an array ``(R, epochs)``, e.g. ``curve("val_acc")``."""
        return np.array([getattr(h, name) for h in self.histories], dtype=float)

    def predict_proba(self, x) -> np.ndarray:
        """Class probabilities of every replica's full network (dropout off): ``(R, N, C)``.

        Computed in NumPy from :attr:`weights`: hidden layers with :attr:`activation`
        (ReLU unless trained otherwise), softmax output.
        """
        x = np.asarray(x, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != self.weights[0][0][0].shape[0]:
            raise ValueError(f"`x` must have shape (N, {self.weights[0][0][0].shape[0]}), got {x.shape}")
        hidden_activation = (lambda z: np.maximum(z, 0)) if self.activation == "relu" else sigmoid
        out = []
        for layers in self.weights:
            h = x
            for l, (W, b) in enumerate(layers):
                h = h @ W + b
                if l < len(layers) - 1:
                    h = hidden_activation(h)
            out.append(softmax(h))
        return np.stack(out)

    def accuracy(self, x, y) -> np.ndarray:
        """Accuracy of every replica's full network on ``(x, y)``: ``(R,)``."""
        return np.mean(self.predict_proba(x).argmax(axis=2) == np.asarray(y)[None], axis=1)

    def model(self, r, *, name="mlp"):
        """Replica ``r`` as a Keras model of :func:`dropout.tensorflow.build_mlp`, trained weights loaded.

        Its dropout layers are seeded from ``seeds[r]`` as ``build_mlp`` seeds
        them (not with the masks the replica was trained with).
        """
        from dropout.tensorflow.models import build_mlp

        if self.activation != "relu":
            raise ValueError(f"build_mlp has ReLU hidden layers; these replicas use {self.activation!r}")
        model = build_mlp(
            self.hidden,
            rate_input=float(self.rate_input[r]),
            rate_hidden=float(self.rate_hidden[r]),
            input_dim=self.weights[r][0][0].shape[0],
            num_classes=self.weights[r][-1][0].shape[1],
            seed=int(self.seeds[r]),
            name=name,
        )
        dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        for layer, (W, b) in zip(dense, self.weights[r], strict=True):
            layer.set_weights([W, b])
        return model


def _rates(value, name, n):
    values = np.atleast_1d(np.asarray(value, dtype=object))
    if values.ndim != 1 or len(values) not in (1, n):
        raise ValueError(f"`{name}` must be one rate or one per seed ({n}), got {name}={value!r}")
    rates = np.array([check_rate(v, name) for v in values], dtype=np.float64)
    return np.broadcast_to(rates, (n,)).copy()


def _check_data(data, name):
    if not (isinstance(data, tuple | list) and len(data) == 2):
        raise TypeError(f"`{name}` must be a pair (x, y), got {type(data).__name__}")
    x = np.asarray(data[0], dtype=np.float32)
    y = np.asarray(data[1])
    if x.ndim != 2 or y.shape != (x.shape[0],):
        raise ValueError(f"`{name}` must hold x of shape (N, D) and labels of shape (N,), "
                         f"got {x.shape} and {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"`{name}` labels must be integers, got dtype {y.dtype}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"`{name}` inputs contain NaN or infinity")
    return x, y.astype(np.int32)


class _StackedMLP:
    """The variables and the traced computations of R stacked networks."""

    def __init__(self, sizes, seeds, rate_input, rate_hidden, learning_rate, max_norm, *,
                 l2=0.0, noise="bernoulli", optimizer="adam", momentum=0.0, activation="relu"):
        self.sizes, self.n_layers = sizes, len(sizes) - 1
        self.max_norm = max_norm
        self.l2, self.noise, self.activation = float(l2), noise, activation
        n_sites = self.n_layers  # the input and every hidden layer
        kernels = [[] for _ in range(self.n_layers)]
        mask_seeds = []
        for seed in seeds:
            # build_mlp's seeds: dense_1 .. output first, then the dropout layers
            layer_seeds = derive_seeds(int(seed), 2 * self.n_layers)
            for l in range(self.n_layers):
                init = keras.initializers.GlorotUniform(seed=layer_seeds[l])
                kernels[l].append(np.asarray(init((sizes[l], sizes[l + 1]), dtype="float32")))
            # the masks' own stream, apart from build_mlp's layer seeds
            mask_seeds.append(derive_seeds(int(seed) + 2**31, 1)[0])
        self.mask_seeds = tf.constant(mask_seeds, tf.int64)  # (R,)
        self.W = [tf.Variable(np.stack(k), name=f"W{l + 1}") for l, k in enumerate(kernels)]
        self.b = [tf.Variable(np.zeros((len(seeds), sizes[l + 1]), "float32"), name=f"b{l + 1}")
                  for l in range(self.n_layers)]
        self.variables = [v for pair in zip(self.W, self.b) for v in pair]
        rates = np.stack([rate_input] + [rate_hidden] * (n_sites - 1)).astype(np.float32)  # (sites, R)
        self.rates = tf.constant(rates)
        self.dropped = [bool(np.any(r > 0)) for r in rates]  # per site: does any replica drop units?
        self.n_sites = n_sites
        # Keras's Adam and SGD updates, one fused kernel per weight tensor (fused_updates)
        if optimizer == "sgd":
            self.optimizer = FusedMomentum(self.variables, learning_rate, momentum)
        else:
            self.optimizer = FusedAdam(self.variables, learning_rate)
        R = len(seeds)
        # a new function object per model: tf.function's retracing warning counts traces per function
        # autograph=False: the traced code has no Python control flow on tensors (its loops run over
        # layers, its branches on settings; tf.cond and tf.map_fn are explicit), so autograph would
        # only rewrite it to the same graph, at about 2 s a model
        self.step = tf.function(
            lambda x, y, counter: self._step(x, y, counter),
            input_signature=[tf.TensorSpec([R, None, sizes[0]], tf.float32),
                             tf.TensorSpec([R, None], tf.int32), tf.TensorSpec([], tf.int64)],
            autograph=False,
        )
        self.evaluate = tf.function(
            lambda x, y: self._evaluate(x, y),
            input_signature=[tf.TensorSpec([None, sizes[0]], tf.float32), tf.TensorSpec([None], tf.int32)],
            autograph=False,
        )

    def _masks(self, site, shape, counter):
        """Inverted-dropout masks r_j / p for one site, one stream per replica: (R, B, n).

        With ``noise="gaussian"`` the multiplier is e ~ N(1, rate / (1 - rate))
        instead, the Gaussian noise with the Bernoulli mask's mean and variance
        (chapter 4, eq. ``eq-ch04-gaussian``).
        """
        # one traced body for all replicas (tf.map_fn), so tracing does not grow with R;
        # replica r draws from its own stream (mask_seeds[r], counter), as if alone
        seeds = tf.stack([self.mask_seeds, tf.fill(tf.shape(self.mask_seeds), counter)], axis=1)
        gaussian = self.noise == "gaussian"

        def draw(seed, rate):
            if gaussian:
                sigma = tf.sqrt(rate / (1.0 - rate))
                return 1.0 + sigma * tf.random.stateless_normal(shape, seed=seed)
            u = tf.random.stateless_uniform(shape, seed=seed)
            return tf.cast(u >= rate, tf.float32) / (1.0 - rate)

        def one(args):
            # a replica with rate 0 keeps every unit: its mask is exactly 1 (u >= 0, and
            # 1 + 0 * e), so it is not drawn; the other replicas' streams are unchanged
            seed, rate = args
            return tf.cond(rate > 0, lambda: draw(seed, rate), lambda: tf.ones(shape))

        return tf.map_fn(one, (seeds, self.rates[site]), fn_output_signature=tf.float32)

    def _logits(self, h, counter=None):
        """Forward pass; with ``counter`` the dropout masks are drawn (training), else the full network."""
        batch = tf.shape(h)[1]
        for l in range(self.n_layers):
            if counter is not None and self.dropped[l]:  # a site where every rate is 0 has masks of ones
                h = h * self._masks(l, tf.stack([batch, self.sizes[l]]), counter * self.n_sites + l)
            h = tf.matmul(h, self.W[l]) + self.b[l][:, None, :]
            if l < self.n_layers - 1:
                h = tf.nn.relu(h) if self.activation == "relu" else tf.sigmoid(h)
        return h

    def _step(self, x, y, counter):
        with tf.GradientTape() as tape:
            logits = self._logits(x, counter)
            losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)  # (R, B)
            per_replica = tf.reduce_mean(losses, axis=1)
            total = tf.reduce_sum(per_replica)
            if self.l2 > 0:  # L2 on the weight matrices of every replica, not on the biases
                total += self.l2 * tf.add_n([tf.reduce_sum(tf.square(W)) for W in self.W])
        grads = tape.gradient(total, self.variables)
        self.optimizer.apply(grads)
        if self.max_norm is not None:
            for W in self.W:  # each unit's incoming weight vector: the norm over n_in
                norms = tf.sqrt(tf.reduce_sum(tf.square(W), axis=1, keepdims=True))
                W.assign(W * tf.minimum(1.0, self.max_norm / tf.maximum(norms, 1e-12)))
        correct = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), y), tf.float32), 1)
        return per_replica, correct

    def _evaluate(self, x, y):
        R = tf.shape(self.W[0])[0]
        logits = self._logits(tf.broadcast_to(x[None], tf.stack([R, tf.shape(x)[0], tf.shape(x)[1]])))
        labels = tf.broadcast_to(y[None], tf.shape(logits)[:2])
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        correct = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), labels), tf.float32)
        return tf.reduce_sum(losses, axis=1), tf.reduce_sum(correct, axis=1)

    def scores(self, x, y, batch_size):
        """Mean loss and accuracy of every replica's full network on ``(x, y)``: two arrays ``(R,)``."""
        loss = acc = 0.0
        for start in range(0, len(x), batch_size):
            l, c = self.evaluate(x[start : start + batch_size], y[start : start + batch_size])
            loss, acc = loss + l.numpy().astype(np.float64), acc + c.numpy().astype(np.float64)
        return loss / len(x), acc / len(x)


def train_replicas(
    train_data,
    test_data=None,
    *,
    hidden,
    seeds,
    rate_input=0.0,
    rate_hidden=0.0,
    epochs,
    batch_size=128,
    learning_rate=1e-3,
    max_norm=None,
    curves=False,
    eval_batch_size=1000,
    l2=0.0,
    noise="bernoulli",
    optimizer="adam",
    momentum=0.0,
    activation="relu",
):
    """Train R independent copies of the dropout MLP of :func:`build_mlp` at once, one per seed.

    Each replica is the network of chapter 3 (eq. ``eq-ch03-dropout-forward``):
    inverted dropout with ``rate_input`` on the input and ``rate_hidden``
    after every ReLU hidden layer, a softmax output, trained as
    :func:`dropout.tensorflow.train` trains it: Adam (``learning_rate``,
    Keras's defaults otherwise), mini-batches of ``batch_size`` in a new
    random order every epoch, softmax cross-entropy, and the full network
    (dropout off) evaluated at the end, or after every epoch with ``curves=True``.

    Seed ``seeds[r]`` gives replica r the initial weights of
    ``build_mlp(hidden, seed=seeds[r])`` (Glorot uniform, zero biases), its
    own dropout masks and its own batch order; the data are shared. Rates
    are Keras rates, probabilities of **dropping** a unit (p = 1 - rate): one
    value for all replicas or one per seed, so one call can also sweep a rate.

    Args:
        train_data: ``(x, y)``: inputs ``(N, D)`` (cast to float32), integer labels ``(N,)``.
        test_data: optional ``(x, y)`` evaluated with dropout off.
        hidden: hidden widths, e.g. ``(256, 256)``.
        seeds: a sequence of R non-negative ints, one per replica; a seed may
            repeat with other rates (a paired comparison in one call).
        rate_input: the input's dropout rate in [0, 1), or a sequence of R rates.
        rate_hidden: the hidden layers' dropout rate, the same way.
        epochs: passes over the training data.
        batch_size: mini-batch size (the last batch of an epoch may be smaller).
        learning_rate: Adam's step size.
        max_norm: optional c > 0: after every update each unit's incoming
            weight vector is scaled back to norm c if longer (as
            ``keras.constraints.MaxNorm(c)`` in ``build_mlp(max_norm=c)``).
        curves: record the dropout-off loss and accuracy on both sets after every epoch.
        eval_batch_size: examples per evaluation batch.
        l2: coefficient lambda >= 0 of an L2 penalty lambda * sum ||W||^2 on
            every weight matrix (not the biases), added to each replica's loss.
        noise: ``"bernoulli"`` (dropout) or ``"gaussian"``: multiply by
            e ~ N(1, rate / (1 - rate)) instead of r / p, the Gaussian noise with
            the same mean and variance (eq. ``eq-ch04-gaussian``); a rate of 0
            is no noise either way.
        optimizer: ``"adam"`` (default) or ``"sgd"``: SGD with classical
            momentum ``momentum`` (the update of ``keras.optimizers.SGD``), as in the paper.
            Both update as Keras does, in one fused kernel per weight tensor
            (:mod:`dropout.tensorflow.fused_updates`).
        momentum: the momentum of ``optimizer="sgd"``, in [0, 1).
        activation: the hidden units, ``"relu"`` (default) or ``"sigmoid"``
            (the paper's logistic units).

    Returns:
        A :class:`ReplicaResult`.

    Raises:
        TypeError, ValueError: a malformed data pair, labels not integers,
            inputs not finite, a rate outside [0, 1), a seed not a
            non-negative int, two replicas with the same seed and rates, a size or count not a positive
            int, ``max_norm`` not positive, ``curves`` not a bool.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> x = rng.random((64, 8), dtype=np.float32)
        >>> y = rng.integers(0, 2, 64)
        >>> result = train_replicas((x, y), hidden=(16,), seeds=[0, 1, 2],
        ...                         rate_hidden=[0.0, 0.5, 0.5], epochs=2,
        ...                         batch_size=32)
        >>> result.train_acc.shape, len(result.histories[0].fit_loss)
        ((3,), 2)
        >>> result.model(1).output_shape
        (None, 2)
    """
    x_train, y_train = _check_data(train_data, "train_data")
    test = None if test_data is None else _check_data(test_data, "test_data")
    hidden = tuple(check_positive_int(h, "hidden") for h in hidden)
    seeds = check_seeds(seeds)
    R = len(seeds)
    rate_input, rate_hidden = _rates(rate_input, "rate_input", R), _rates(rate_hidden, "rate_hidden", R)
    runs = list(zip(seeds, rate_input.tolist(), rate_hidden.tolist()))
    if len(set(runs)) != R:
        raise ValueError(f"two replicas with the same seed and rates would be the same run, got seeds={seeds!r}")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    eval_batch_size = check_positive_int(eval_batch_size, "eval_batch_size")
    curves = check_bool(curves, "curves")
    if max_norm is not None and not max_norm > 0:
        raise ValueError(f"`max_norm` must be a positive number or None, got max_norm={max_norm!r}")
    if not learning_rate > 0:
        raise ValueError(f"`learning_rate` must be positive, got learning_rate={learning_rate!r}")
    if not (isinstance(l2, int | float) and math.isfinite(l2) and l2 >= 0):
        raise ValueError(f"`l2` must be a finite number >= 0, got l2={l2!r}")
    for name, value, allowed in (("noise", noise, ("bernoulli", "gaussian")),
                                 ("optimizer", optimizer, ("adam", "sgd")),
                                 ("activation", activation, ("relu", "sigmoid"))):
        if value not in allowed:
            raise ValueError(f"`{name}` must be one of {allowed}, got {name}={value!r}")
    if not (isinstance(momentum, int | float) and 0 <= momentum < 1):
        raise ValueError(f"`momentum` must be in [0, 1), got momentum={momentum!r}")
    if momentum and optimizer != "sgd":
        raise ValueError(f'`momentum` needs optimizer="sgd", got optimizer={optimizer!r}')

    num_classes = int(y_train.max()) + 1
    if test is not None:
        num_classes = max(num_classes, int(test[1].max()) + 1)
    sizes = [x_train.shape[1], *hidden, num_classes]
    net = _StackedMLP(sizes, seeds, rate_input, rate_hidden, learning_rate, max_norm, l2=l2,
                     noise=noise, optimizer=optimizer, momentum=momentum, activation=activation)
    orders = [np.random.default_rng(derive_seeds(s + 2**31, 2)[1]) for s in seeds]  # batch orders

    n = len(x_train)
    keys = ("fit_loss", "fit_acc", "train_loss", "train_acc", "val_loss", "val_acc")
    logs = {key: [[] for _ in range(R)] for key in keys}
    counter = 0
    for _ in range(epochs):
        perm = np.stack([rng.permutation(n) for rng in orders])  # (R, N)
        loss_sum, acc_sum = np.zeros(R), np.zeros(R)
        for start in range(0, n, batch_size):
            idx = perm[:, start : start + batch_size]
            loss, acc = net.step(x_train[idx], y_train[idx], tf.constant(counter, tf.int64))
            counter += 1
            loss_sum += loss.numpy() * idx.shape[1]
            acc_sum += acc.numpy() * idx.shape[1]
        epoch_logs = {"fit_loss": loss_sum / n, "fit_acc": acc_sum / n}
        if curves:
            epoch_logs["train_loss"], epoch_logs["train_acc"] = net.scores(x_train, y_train, eval_batch_size)
            if test is not None:
                epoch_logs["val_loss"], epoch_logs["val_acc"] = net.scores(*test, eval_batch_size)
        for key, values in epoch_logs.items():
            for r in range(R):
                logs[key][r].append(float(values[r]))

    if curves:
        train_loss, train_acc = np.array(logs["train_loss"])[:, -1], np.array(logs["train_acc"])[:, -1]
    else:
        train_loss, train_acc = net.scores(x_train, y_train, eval_batch_size)
    if test is None:
        test_loss = test_acc = np.full(R, math.nan)
    elif curves:
        test_loss, test_acc = np.array(logs["val_loss"])[:, -1], np.array(logs["val_acc"])[:, -1]
    else:
        test_loss, test_acc = net.scores(*test, eval_batch_size)
    histories = [History(**{key: logs[key][r] for key in keys}) for r in range(R)]
    weights = [[(W.numpy()[r], b.numpy()[r]) for W, b in zip(net.W, net.b)] for r in range(R)]
    return ReplicaResult(
        seeds=np.array(seeds),
        rate_input=rate_input,
        rate_hidden=rate_hidden,
        hidden=hidden,
        train_acc=np.asarray(train_acc, dtype=float),
        test_acc=np.asarray(test_acc, dtype=float),
        train_loss=np.asarray(train_loss, dtype=float),
        test_loss=np.asarray(test_loss, dtype=float),
        histories=histories,
        weights=weights,
        activation=activation,
    )
