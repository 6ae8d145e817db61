"""A multilayer perceptron with dropout, the network of the paper in NumPy.

Chapter 5 assembles it from :mod:`dropout.reference.layers` and
:func:`~dropout.reference.dropout_forward`. With L layers,
y^(0) = x and, for l = 0 .. L - 1 (eq. ``eq-ch05-dropout-network``):

.. math::

    r^{(l)} \\sim \\mathrm{Bernoulli}(p_l), \\quad
    \\tilde y^{(l)} = r^{(l)} * y^{(l)}, \\quad
    z^{(l+1)} = W^{(l+1)} \\tilde y^{(l)} + b^{(l+1)}, \\quad
    y^{(l+1)} = \\mathrm{ReLU}(z^{(l+1)}),

except that the last layer has no ReLU: its z^(L) are the logits of a softmax.
p_0 is ``keep_prob_input`` and p_l = ``keep_prob_hidden`` for every hidden
layer. With ``inverted=True`` the survivors are scaled by 1/p in training and
inference is the plain network; with ``inverted=False`` (the paper) training
uses r * y and inference scales every dropped layer's input by p, which is
the same as using the weights p W (eq. ``eq-ch04-test-scaling``).
"""

from __future__ import annotations

import math

import numpy as np

from dropout._checks import (
    check_bool,
    check_float_array,
    check_keep_prob,
    check_nonnegative_real,
    check_positive_int,
    check_rng,
)
from dropout.mc_prediction import MCPrediction
from dropout.reference.dropout_layer import dropout_backward, dropout_forward
from dropout.reference.layers import (
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
    softmax,
    softmax_cross_entropy,
)

__all__ = ["MLP"]


class MLP:
    """A ReLU network with a softmax output and dropout on its input and hidden layers.

    Weights follow He initialisation for ReLU layers, W ~ N(0, 2 / fan_in)
    (chapter 1, eq. ``eq-ch01-he-init``), on
    every layer (the output layer included), drawn in float64 from ``rng`` and
    then cast to ``dtype``, so float32 and float64 networks built with the same
    seed start from the same weights up to rounding. Biases start at 0.
    Parameters live in ``self.params``: ``"W1", "b1", ..., "WL", "bL"`` with
    ``W_l`` of shape ``(sizes[l-1], sizes[l])`` (column j = incoming weights of unit j).

    A *dropout site* is the input of a weight layer: site 0 is ``x`` (kept with
    ``keep_prob_input``), site l is the output of hidden layer l (kept with
    ``keep_prob_hidden``). There are ``len(sizes) - 1`` sites.

    Args:
        sizes: layer widths ``[inputs, hidden..., classes]``, e.g. ``[784, 800, 800, 10]``.
        keep_prob_input: p for the input units, in (0, 1] (the paper uses 0.8).
        keep_prob_hidden: p for every hidden unit, in (0, 1] (the paper uses 0.5).
        inverted: scale survivors by 1/p in training (True, as Keras does), or
            scale by p at inference (False, the paper's weight scaling).
        rng: ``numpy.random.Generator`` used for the initial weights only.
        weight_scale: if given, W ~ N(0, weight_scale^2) instead of He initialisation.
        dtype: floating dtype of parameters and computations (float64 default;
            float32 is about twice as fast).

    Raises:
        TypeError: ``sizes`` not a sequence of ints, a keep probability not a
            number, ``inverted`` not a bool, ``rng`` not a Generator, ``dtype`` not floating.
        ValueError: fewer than two sizes, a size < 1, a keep probability
            outside (0, 1], ``weight_scale`` not positive.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> net = MLP([4, 8, 3], keep_prob_input=0.8, keep_prob_hidden=0.5,
        ...           rng=rng)
        >>> sorted(net.params)
        ['W1', 'W2', 'b1', 'b2']
        >>> net.predict_proba(np.ones((2, 4))).sum(axis=1).round(12).tolist()
        [1.0, 1.0]
    """

    def __init__(
        self,
        sizes,
        *,
        keep_prob_input: float = 1.0,
        keep_prob_hidden: float = 1.0,
        inverted: bool = True,
        rng: np.random.Generator,
        weight_scale: float | None = None,
        dtype=np.float64,
    ):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"`sizes` must be a sequence of ints like [784, 800, 10], got {sizes!r}")
        self.sizes = tuple(check_positive_int(s, "sizes") for s in sizes)
        if len(self.sizes) < 2:
            raise ValueError(f"`sizes` needs at least an input and an output width, got sizes={sizes!r}")
        self.keep_prob_input = check_keep_prob(keep_prob_input, "keep_prob_input")
        self.keep_prob_hidden = check_keep_prob(keep_prob_hidden, "keep_prob_hidden")
        self.inverted = check_bool(inverted, "inverted")
        check_rng(rng)
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"`dtype` must be a floating dtype such as numpy.float32, got {dtype!r}") from None
        if not np.issubdtype(self.dtype, np.floating):
            raise TypeError(f"`dtype` must be a floating dtype such as numpy.float32, got {dtype!r}")
        if weight_scale is not None:
            weight_scale = check_nonnegative_real(weight_scale, "weight_scale")
            if weight_scale == 0:
                raise ValueError("`weight_scale` must be positive, got weight_scale=0")

        self.params: dict[str, np.ndarray] = {}
        for l, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            std = math.sqrt(2.0 / fan_in) if weight_scale is None else weight_scale
            self.params[f"W{l}"] = (std * rng.standard_normal((fan_in, fan_out))).astype(self.dtype)
            self.params[f"b{l}"] = np.zeros(fan_out, dtype=self.dtype)

    def __repr__(self) -> str:
        return (
            f"MLP(sizes={list(self.sizes)}, keep_prob_input={self.keep_prob_input}, "
            f"keep_prob_hidden={self.keep_prob_hidden}, inverted={self.inverted}, dtype={self.dtype.name})"
        )

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers (``len(sizes) - 1``), also the number of dropout sites."""
        return len(self.sizes) - 1

    @property
    def keep_probs(self) -> tuple[float, ...]:
        """p at each dropout site, ``(keep_prob_input, keep_prob_hidden, ..., keep_prob_hidden)``."""
        return (self.keep_prob_input,) + (self.keep_prob_hidden,) * (self.n_layers - 1)

    # ------------------------------------------------------------------ checks
    def check_x(self, x, name: str = "x") -> np.ndarray:
        """Validate a batch of inputs and return it in the network's dtype (no copy if it already is).

        Raises:
            TypeError: ``x`` is not a floating NumPy array.
            ValueError: ``x`` is not 2-D with ``sizes[0]`` columns and at least one row, or holds NaN or inf.
        """
        check_float_array(x, name)
        if x.ndim != 2 or x.shape[1] != self.sizes[0] or x.shape[0] == 0:
            raise ValueError(
                f"`{name}` must have shape (N, {self.sizes[0]}) with N >= 1, one example per row, "
                f"got {name}.shape={x.shape}"
            )
        if not np.isfinite(x).all():
            raise ValueError(f"`{name}` contains NaN or inf; clean the data first")
        return x.astype(self.dtype, copy=False)

    def _check_masks(self, masks, n: int, training: bool) -> list:
        if masks is None:
            return [None] * self.n_layers
        if not training:
            raise ValueError("`masks` are only used in training mode; pass training=True or masks=None")
        if not isinstance(masks, (list, tuple)) or len(masks) != self.n_layers:
            raise ValueError(
                f"`masks` must be a list of {self.n_layers} boolean arrays (or None), one per dropout site, "
                f"got {type(masks).__name__} of length {len(masks) if hasattr(masks, '__len__') else '?'}"
            )
        for i, (m, width) in enumerate(zip(masks, self.sizes[:-1])):
            if m is None:
                continue
            if not isinstance(m, np.ndarray) or m.dtype != bool:
                raise TypeError(f"`masks[{i}]` must be a boolean NumPy array (True = kept), got {m!r:.60}")
            if m.shape != (n, width):
                raise ValueError(f"`masks[{i}]` must have shape {(n, width)}, got masks[{i}].shape={m.shape}")
        return list(masks)

    def sample_masks(self, n: int, rng: np.random.Generator) -> list[np.ndarray]:
        """Draw one mask per dropout site for a batch of ``n`` examples (chapter 3, eq. ``eq-ch03-mask``).

        Passing them to :meth:`forward` gives the same network as letting it
        draw its own; fixing them makes a training step deterministic, which
        gradient checks and comparisons with TensorFlow need.

        The masks are drawn by
        :func:`~dropout.reference.dropout_forward` itself (on a
        batch of zeros), site after site, so they equal those that
        ``forward(x, rng, training=True)`` would draw from a generator in the
        same state; a site with p = 1 gets an all-True mask and draws nothing.

        Args:
            n: batch size, a positive int.
            rng: ``numpy.random.Generator``.

        Returns:
            A list of ``n_layers`` boolean arrays, ``masks[l]`` of shape ``(n, sizes[l])``.

        Raises:
            TypeError: ``n`` not an int, ``rng`` not a Generator.
            ValueError: ``n < 1``.
        """
        n = check_positive_int(n, "n")
        check_rng(rng)
        masks = []
        for width, p in zip(self.sizes[:-1], self.keep_probs):
            _, cache = dropout_forward(np.zeros((n, width), self.dtype), p, rng, training=True)
            masks.append(cache.mask if cache.mask is not None else np.ones((n, width), dtype=bool))
        return masks

    # ------------------------------------------------------- forward / backward
    def _dropout(self, h, p, rng, training, mask):
        return dropout_forward(h, p, rng, training=training, inverted=self.inverted, mask=mask)

    def _forward(self, x, rng, training, masks):
        caches = []
        h = x
        L = self.n_layers
        for l, p, mask in zip(range(1, L + 1), self.keep_probs, masks):
            h, d_cache = self._dropout(h, p, rng, training, mask)
            h, a_cache = affine_forward(h, self.params[f"W{l}"], self.params[f"b{l}"])
            r_cache = None
            if l < L:
                h, r_cache = relu_forward(h)
            caches.append((d_cache, a_cache, r_cache))
        return h, caches

    def forward(self, x, rng=None, *, training: bool, masks=None):
        """Logits z^(L) of a batch (chapter 5, eq. ``eq-ch05-dropout-network``).

        Each layer computes z^(l+1) = W^(l+1) y~^(l) + b^(l+1), y^(l+1) = f(z^(l+1))
        (chapter 1, eqs. ``eq-ch01-layer`` and ``eq-ch01-dropout-layer``;
        chapter 3, eq. ``eq-ch03-layer``), where y~^(l) = r^(l) * y^(l) is the
        thinned output of layer l (with ``keep_prob`` p = 1 it is y^(l)).

        Args:
            x: inputs, shape ``(N, sizes[0])``, floating, finite; cast to ``dtype``.
            rng: ``numpy.random.Generator`` drawing the masks in training mode;
                may be ``None`` when nothing is drawn (inference, fixed masks,
                or every keep probability 1).
            training: apply dropout (True) or the inference rule (False); a
                bool (a string such as ``"False"`` is refused, not read as true).
            masks: ``None``, or a list of ``n_layers`` fixed boolean masks
                (``masks[l]`` of shape ``(N, sizes[l])``, True = kept; an entry
                may be ``None`` to draw that site's mask). Training mode only.

        Returns:
            ``(logits, cache)``: logits of shape ``(N, sizes[-1])``, and the
            per-layer caches for :meth:`backward`.

        Raises:
            TypeError: bad ``x``, ``rng`` or masks dtype; ``rng`` missing when a mask
                must be drawn; ``training`` not a bool.
            ValueError: bad shapes, NaN in ``x``, masks given with ``training=False``.

        Example:
            >>> import numpy as np
            >>> gen = np.random.default_rng(0)
            >>> net = MLP([3, 5, 2], keep_prob_hidden=0.5, rng=gen)
            >>> rng = np.random.default_rng(1)
            >>> logits, cache = net.forward(np.ones((4, 3)), rng, training=True)
            >>> logits.shape, len(cache)
            ((4, 2), 2)
        """
        x = self.check_x(x)
        training = check_bool(training, "training")
        masks = self._check_masks(masks, x.shape[0], training)
        if rng is None:
            if training and any(m is None and p < 1 for m, p in zip(masks, self.keep_probs)):
                raise TypeError(
                    "`rng` must be a numpy.random.Generator to draw dropout masks in training mode, got None"
                )
        else:
            check_rng(rng)
        return self._forward(x, rng, training, masks)

    def backward(self, dlogits: np.ndarray, cache) -> dict[str, np.ndarray]:
        """Back-propagate dL/dz^(L) through the network.

        Chapter 1, eq. ``eq-ch01-backprop``; chapter 5, eq. ``eq-ch05-backprop``.

        Each dropout site's gradient goes through
        :func:`~dropout.reference.dropout_backward` with the
        mask kept in ``cache``: no mask is drawn here.

        Args:
            dlogits: dL/dz^(L), shape ``(N, sizes[-1])``.
            cache: the cache returned by :meth:`forward`.

        Returns:
            A dict with the keys of ``params`` and the gradients of L, same shapes.

        Raises:
            TypeError: ``dlogits`` is not a floating array.
            ValueError: ``dlogits`` has the wrong shape.
        """
        grads: dict[str, np.ndarray] = {}
        d = dlogits
        for l in range(self.n_layers, 0, -1):
            d_cache, a_cache, r_cache = cache[l - 1]
            if r_cache is not None:
                d = relu_backward(d, r_cache)
            d, grads[f"W{l}"], grads[f"b{l}"] = affine_backward(d, a_cache, input_grad=l > 1)
            if l > 1:
                d = dropout_backward(d, d_cache)
        return grads

    def l2_penalty(self, l2: float) -> float:
        """The L2 penalty on the weights, Omega = (l2 / 2) sum_l ||W^(l)||^2 (chapter 2, eq. ``eq-ch02-l2``).

        Weights only, not the biases. :meth:`loss_and_grads` adds it to the
        cross-entropy, and its gradient :meth:`l2_grads` to the gradients.

        Args:
            l2: the coefficient lambda, finite and >= 0.

        Returns:
            Omega as a Python float.

        Raises:
            TypeError, ValueError: ``l2`` negative or not a number.

        Example:
            >>> import numpy as np
            >>> net = MLP([2, 2], rng=np.random.default_rng(0))
            >>> net.params["W1"][:] = 1.0
            >>> net.l2_penalty(0.5)
            1.0
        """
        l2 = check_nonnegative_real(l2, "l2")
        return 0.5 * l2 * sum(float(np.sum(self.params[f"W{l}"] ** 2)) for l in range(1, self.n_layers + 1))

    def l2_grads(self, l2: float) -> dict[str, np.ndarray]:
        """Gradient of :meth:`l2_penalty`: dOmega/dW^(l) = l2 W^(l) (chapter 2, eq. ``eq-ch02-l2``).

        :func:`dropout.reference.fit` adds these to each step's gradients,
        which makes the step the weight decay of chapter 2, eq. ``eq-ch02-weight-decay``.

        Args:
            l2: the coefficient lambda, finite and >= 0.

        Returns:
            A dict with one array per weight matrix, keyed ``"W1" .. "WL"`` (no biases).

        Raises:
            TypeError, ValueError: ``l2`` negative or not a number.

        Example:
            >>> import numpy as np
            >>> net = MLP([2, 2], rng=np.random.default_rng(0))
            >>> net.params["W1"][:] = 1.0
            >>> {key: g.tolist() for key, g in net.l2_grads(0.5).items()}
            {'W1': [[0.5, 0.5], [0.5, 0.5]]}
        """
        l2 = check_nonnegative_real(l2, "l2")
        return {f"W{l}": l2 * self.params[f"W{l}"] for l in range(1, self.n_layers + 1)}

    def loss_and_grads(self, x, y, rng=None, *, training: bool = True, masks=None, l2: float = 0.0):
        """Loss and gradients of one mini-batch (chapter 5, eq. ``eq-ch05-cross-entropy``).

        The objective is the mean softmax cross-entropy plus an optional L2
        penalty on the weights (not the biases): J = L + (l2 / 2) sum_l ||W^(l)||^2,
        so dJ/dW^(l) = dL/dW^(l) + l2 W^(l) (chapter 2, eq. ``eq-ch02-l2``,
        with lambda = ``l2``). Weight decay lives here, not in the optimizer:
        a plain gradient step with these gradients is
        W <- (1 - eta lambda) W - eta dL/dW (chapter 2, eq. ``eq-ch02-weight-decay``).

        This is the one training step's computation: :func:`dropout.reference.fit`
        calls it on every mini-batch (with ``training=True``, drawing fresh
        masks from ``rng``), gradient checks call it with fixed ``masks``.

        Args:
            x: inputs, shape ``(N, sizes[0])``.
            y: integer labels, shape ``(N,)``, in ``0 .. sizes[-1] - 1``.
            rng, training, masks: as in :meth:`forward`.
            l2: L2 coefficient, finite and >= 0 (see :meth:`l2_penalty` and :meth:`l2_grads`).

        Returns:
            ``(loss, grads)``: J as a Python float; a dict of gradients keyed like ``params``.

        Raises:
            TypeError, ValueError: as in :meth:`forward`; ``y`` not integer or out
                of range; ``l2`` negative or not a number.

        Example:
            >>> import numpy as np
            >>> net = MLP([2, 4, 3], rng=np.random.default_rng(0))
            >>> t = np.array([0, 1, 2, 0, 1])
            >>> loss, grads = net.loss_and_grads(np.ones((5, 2)), t)
            >>> loss > 0, grads["W1"].shape
            (True, (2, 4))
        """
        l2 = check_nonnegative_real(l2, "l2")
        logits, cache = self.forward(x, rng, training=training, masks=masks)
        loss, dlogits = softmax_cross_entropy(logits, y)
        grads = self.backward(dlogits, cache)
        if l2:
            loss += self.l2_penalty(l2)
            for key, g in self.l2_grads(l2).items():
                grads[key] += g
        return loss, grads

    # -------------------------------------------------------------- inference
    def predict_proba(self, x) -> np.ndarray:
        """Class probabilities of the deterministic test-time network (chapter 4, eq. ``eq-ch04-test-scaling``).

        Dropout is off: the plain network for inverted dropout, activations
        scaled by p (weight scaling) for standard dropout.

        Args:
            x: inputs, shape ``(N, sizes[0])``.

        Returns:
            Probabilities, shape ``(N, sizes[-1])``, rows summing to 1.

        Raises:
            TypeError, ValueError: bad ``x`` (see :meth:`check_x`).
        """
        x = self.check_x(x)
        logits, _ = self._forward(x, None, False, [None] * self.n_layers)
        return softmax(logits)

    def mc_predict(self, x, k: int, rng: np.random.Generator, *, keep_samples: bool = False) -> MCPrediction:
        """Monte-Carlo dropout: k passes with fresh masks, averaged (chapter 8, eq. ``eq-ch08-mc-average``).

        p(y | x) ~ (1/k) sum_{t=1..k} softmax(z^(L)(x; r_t)), each r_t a fresh set of
        masks drawn from ``rng`` with dropout in training mode; the spread of
        the passes is that of eq. ``eq-ch08-spread``. The same result type as
        :func:`dropout.tensorflow.mc_predict`. Because the masks come from
        ``rng`` in sequence, k calls with k = 1 draw the same masks as one
        call with that k.

        Args:
            x: inputs, shape ``(N, sizes[0])``.
            k: number of sampled networks, a positive int.
            rng: ``numpy.random.Generator`` drawing the masks.
            keep_samples: also return the ``(k, N, C)`` passes.

        Returns:
            A :class:`dropout.mc_prediction.MCPrediction`: ``mean`` ``(N, C)``
            (float64, rows summing to 1), ``spread`` ``(N,)``, ``samples``.

        Raises:
            TypeError: bad ``x``, ``k`` not an int, ``rng`` not a Generator.
            ValueError: bad ``x`` shape or values, ``k < 1``.

        Example:
            >>> import numpy as np
            >>> gen = np.random.default_rng(0)
            >>> net = MLP([3, 6, 2], keep_prob_hidden=0.5, rng=gen)
            >>> gen = np.random.default_rng(1)
            >>> pred = net.mc_predict(np.ones((2, 3)), k=10, rng=gen)
            >>> pred.mean.shape, pred.spread.shape
            ((2, 2), (2,))
            >>> bool(np.allclose(pred.mean.sum(1), 1))
            True
        """
        x = self.check_x(x)
        k = check_positive_int(k, "k")
        check_rng(rng)
        masks = [None] * self.n_layers
        samples = np.empty((k, x.shape[0], self.sizes[-1]), dtype=np.float64)
        for t in range(k):
            logits, _ = self._forward(x, rng, True, masks)
            samples[t] = softmax(logits)
        return MCPrediction.from_samples(samples, keep_samples=keep_samples)

    def predict(self, x) -> np.ndarray:
        """Predicted labels, the argmax of :meth:`predict_proba`, shape ``(N,)``."""
        return np.argmax(self.predict_proba(x), axis=1)

    def evaluate(self, x, y) -> tuple[float, float]:
        """Mean cross-entropy and accuracy of the test-time network (dropout off), in one pass.

        The accuracy is the fraction of examples whose predicted label
        (:meth:`predict`) equals ``y``; ``evaluate(x, y)[1]`` is the accuracy alone.

        The loss is the empirical risk (1/n) sum_i l(f(x_i), y_i) of the
        cross-entropy l on the given examples (chapter 2, eq.
        ``eq-ch02-empirical-risk``). The expected risk R(f) over the data
        distribution (chapter 2, eq. ``eq-ch02-expected-risk``) cannot be
        computed; evaluated on held-out examples, this loss is its unbiased
        estimate.

        Args:
            x: inputs, shape ``(N, sizes[0])``, N >= 1.
            y: integer labels, shape ``(N,)``.

        Returns:
            ``(loss, accuracy)`` as Python floats.

        Raises:
            TypeError, ValueError: bad ``x`` or ``y`` (labels must be integers in range).

        Example:
            >>> import numpy as np
            >>> net = MLP([2, 3], rng=np.random.default_rng(0))
            >>> loss, acc = net.evaluate(np.eye(2), np.array([0, 1]))
            >>> loss > 0, acc in (0.0, 0.5, 1.0)
            (True, True)
        """
        x = self.check_x(x)
        logits, _ = self._forward(x, None, False, [None] * self.n_layers)
        loss, _ = softmax_cross_entropy(logits, y)
        return loss, float(np.mean(np.argmax(logits, axis=1) == y))
