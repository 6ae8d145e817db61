"""Bernoulli dropout as a Keras 3 layer, and the masked product behind it.

The layer takes ``rate`` exactly as ``keras.layers.Dropout`` does: ``rate`` is
the probability of **dropping** a unit, so the paper's keep probability is
p = 1 - rate. The NumPy reference (:mod:`dropout.reference.dropout_layer`)
takes ``keep_prob`` = p instead.

Both the layer's random path and its given-mask path go through
:func:`dropout_with_mask`, so there is one implementation of the equations:

=========  ==========================  ==========================
mode       inverted (default)          standard (the paper's)
=========  ==========================  ==========================
training   ``out = r * x / p``         ``out = r * x``
inference  ``out = x``                 ``out = p * x``
=========  ==========================  ==========================

with r_j ~ Bernoulli(p) (chapter 3, eq. ``eq-ch03-dropout-forward``; chapter 4,
eq. ``eq-ch04-inverted``). The product r * x is a selection, as in
``keras.layers.Dropout``: a dropped unit is exactly 0 even where x is inf or NaN.
"""

from __future__ import annotations

import keras
from keras import ops

from dropout._checks import check_noise_shape, check_rate

__all__ = ["BernoulliDropout", "dropout_with_mask"]


def _check_same_shape(x, mask) -> None:
    """Raise ValueError if the static shapes of ``x`` and ``mask`` are known and differ."""
    x_shape, m_shape = tuple(x.shape), tuple(mask.shape)
    same = len(x_shape) == len(m_shape) and all(
        a is None or b is None or a == b for a, b in zip(x_shape, m_shape)
    )
    if not same:
        raise ValueError(
            f"`dropout_mask` must have the shape of the inputs, {x_shape}, "
            f"got dropout_mask.shape={m_shape}"
        )


def _all_dropped(inputs):
    """Zeros of the shape and dtype of ``inputs`` whose gradient is zero (not ``None``), even at inf or NaN."""
    return ops.where(ops.zeros_like(inputs, dtype="bool"), inputs, ops.zeros_like(inputs))


def dropout_with_mask(inputs, mask, rate, *, inverted=True):
    """Training-mode dropout with a given mask (chapter 3, eq. ``eq-ch03-dropout-forward``).

    Computes ``out = r * x / p`` (inverted) or ``out = r * x`` (standard), with
    ``r = mask`` and p = 1 - ``rate`` (chapter 6, eqs. ``eq-ch06-rate`` and
    ``eq-ch06-keras-dropout``). The product is a selection, as in
    ``keras.layers.Dropout``: a dropped unit is exactly 0, and gets a zero
    gradient, even where x (or the upstream gradient) is inf or NaN; a kept
    unit is x / p (or x), so a kept NaN stays NaN. With ``rate = 1`` (p = 0)
    every unit is dropped whatever ``mask`` holds: the output and its gradient
    are zeros. Its gradient, taken by automatic
    differentiation, is dL/dx = r / (1 - rate) * dL/dy in the inverted form
    (chapter 6, eq. ``eq-ch06-keras-gradient``), the same rule as
    :func:`dropout.reference.dropout_backward`. :class:`BernoulliDropout` calls this with
    a mask it draws; tests call it (through the layer's ``dropout_mask=``
    argument) with the mask of the NumPy reference, so both run the same
    formula and agree to float32 precision, gradients included.

    Args:
        inputs: float tensor or array ``x`` of any shape, e.g. ``(batch, units)``.
        mask: the mask r, same shape as ``inputs``; booleans (True = kept) or 0/1 numbers.
        rate: the probability of **dropping** a unit, in [0, 1] (Keras
            convention); p = 1 - rate.
        inverted: scale survivors by 1/p (True) or not (False, the paper's form).

    Returns:
        A tensor of the shape and dtype of ``inputs``.

    Raises:
        TypeError: ``rate`` is not a real number.
        ValueError: ``rate`` is NaN or outside [0, 1]; the shape of ``mask``
            differs from that of ``inputs``.

    Example:
        >>> import numpy as np
        >>> x = np.ones((1, 4), dtype="float32")
        >>> r = np.array([[True, False, True, False]])
        >>> np.asarray(dropout_with_mask(x, r, 0.5)).tolist()
        [[2.0, 0.0, 2.0, 0.0]]
        >>> np.asarray(dropout_with_mask(x, r, 0.5, inverted=False)).tolist()
        [[1.0, 0.0, 1.0, 0.0]]
    """
    rate = check_rate(rate, allow_one=True)
    inputs = ops.convert_to_tensor(inputs)
    mask = ops.convert_to_tensor(mask)
    _check_same_shape(inputs, mask)
    if rate == 1.0:  # p = 0 keeps no unit; and no division by p
        return _all_dropped(inputs)
    kept = inputs / ops.cast(1.0 - rate, inputs.dtype) if inverted else inputs
    # select, not multiply: a dropped unit is exactly 0 even where x is inf or NaN
    return ops.where(ops.cast(mask, "bool"), kept, ops.zeros_like(inputs))


@keras.saving.register_keras_serializable(package="dropout")
class BernoulliDropout(keras.layers.Layer):
    """Dropout with a Bernoulli mask, inverted or standard (the paper's form).

    During training each unit is kept with probability p = 1 - ``rate`` and set
    to zero otherwise, with a fresh mask r_j ~ Bernoulli(p) at every call
    (chapter 3, eq. ``eq-ch03-dropout-forward``). ``rate`` is the probability of
    **dropping** a unit, exactly as in ``keras.layers.Dropout``.

    * ``inverted=True`` (default, as Keras and PyTorch; chapter 4,
      eq. ``eq-ch04-inverted``; in Keras' symbols chapter 6,
      eq. ``eq-ch06-keras-dropout``, with p = 1 - rate, eq. ``eq-ch06-rate``):
      training ``out = r * x / p``, inference
      ``out = x``. With ``rate`` the same, this layer and
      ``keras.layers.Dropout`` have the same distribution.
    * ``inverted=False`` (the paper's form): training ``out = r * x``,
      inference ``out = p * x``, the weight scaling W_test = p W applied to
      the activations.

    Like every Keras layer it is active only when called with
    ``training=True``: ``fit`` does so, ``predict``, ``evaluate`` and a bare
    ``model(x)`` do not.

    Edge cases, as in ``keras.layers.Dropout``:

    ==============  ========================================================
    inf and NaN     The product r * x is computed as a selection: a dropped
                    unit is exactly 0 even where x is inf or NaN (not
                    ``inf * 0 = NaN``), and its gradient is exactly 0; a kept
                    unit is x / p (or x), so a kept NaN stays NaN.
    ``rate = 1``    Every unit is dropped (p = 0): training gives exact zeros
                    and zero gradients, without dividing by p; inference is
                    the identity (inverted) or p * x = 0 (standard).
    ``build``       The layer is built at construction, as Keras' own layers
                    are, only when its class keeps Keras' ``build``; a
                    subclass whose ``build()`` creates weights is built at its
                    first call, like a subclass of ``keras.layers.Dropout``.
    ==============  ========================================================

    Args:
        rate: float in [0, 1], the probability of dropping a unit; p = 1 - rate.
        inverted: bool, scale survivors by 1/p in training (True) or scale by p
            at inference (False).
        seed: optional int seeding the layer's ``keras.random.SeedGenerator``;
            the same seed gives the same sequence of masks.
        noise_shape: optional tuple of positive ints and ``None`` entries, the shape
            of the mask, broadcast against the inputs; ``None`` entries take
            the input's size, e.g. ``(None, 1, features)`` shares a mask over
            time steps. Checked at construction, and against the input's rank
            and sizes whenever a mask is drawn. ``None`` (default) draws one
            mask entry per input entry.
        **kwargs: base layer arguments, e.g. ``name``.

    Call arguments:
        inputs: input tensor of any rank.
        training: bool, training mode (drop) or inference mode.
        dropout_mask: optional mask r of the shape of ``inputs`` (True or 1 =
            kept) to use instead of a random one in training mode; for tests
            and for figures that follow a given mask. Ignored when
            ``training`` is false.

    Raises:
        TypeError: ``rate`` is not a real number; ``noise_shape`` is not a
            sequence (a string, a number) or has an entry neither an int nor
            ``None``.
        ValueError: ``rate`` is NaN or outside [0, 1]; ``noise_shape`` has an
            entry below 1, or (when a mask is drawn) another rank than
            ``inputs`` or an entry neither ``None``, 1 nor the input's size;
            ``dropout_mask`` has another shape than ``inputs``.

    Example:
        >>> import numpy as np
        >>> layer = BernoulliDropout(0.5, seed=0)
        >>> x = np.ones((2, 5), dtype="float32")
        >>> out = np.asarray(layer(x, training=True))
        >>> sorted(set(out.ravel().tolist()) - {0.0})
        [2.0]
        >>> # inference: identity
        >>> np.asarray(layer(x)).tolist() == x.tolist()
        True
        >>> np.asarray(BernoulliDropout(0.5, inverted=False)(x))[0].tolist()
        [0.5, 0.5, 0.5, 0.5, 0.5]
    """

    def __init__(self, rate, *, inverted=True, seed=None, noise_shape=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate, allow_one=True)
        self.inverted = bool(inverted)
        self.seed = seed
        self.noise_shape = check_noise_shape(noise_shape)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.supports_masking = True
        # Keras' rule (Layer._build_at_init, called by keras.layers.Dropout): built at
        # construction only if build() is Keras' own, so that a subclass's build() runs.
        if type(self).build is keras.layers.Layer.build:
            self.built = True

    @property
    def keep_prob(self) -> float:
        """p = 1 - rate, the paper's probability of keeping a unit."""
        return 1.0 - self.rate

    def _concrete_noise_shape(self, inputs):
        shape = ops.shape(inputs)
        if self.noise_shape is None:
            return shape
        check_noise_shape(self.noise_shape, tuple(inputs.shape))  # static sizes; None if unknown
        return tuple(shape[i] if d is None else d for i, d in enumerate(self.noise_shape))

    def call(self, inputs, training=False, dropout_mask=None):
        if not training:
            if self.inverted or self.rate == 0.0:
                return inputs
            if self.rate == 1.0:  # p * x = 0, also where x is inf or NaN
                return _all_dropped(inputs)
            return inputs * ops.cast(self.keep_prob, inputs.dtype)
        if dropout_mask is None:
            if self.rate == 0.0:
                return inputs
            if self.rate == 1.0:  # nothing to draw: every unit is dropped
                return _all_dropped(inputs)
            u = keras.random.uniform(
                self._concrete_noise_shape(inputs), seed=self.seed_generator, dtype=inputs.dtype
            )
            dropout_mask = ops.less(u, ops.cast(self.keep_prob, inputs.dtype))
            if self.noise_shape is not None:
                dropout_mask = ops.broadcast_to(dropout_mask, ops.shape(inputs))
        return dropout_with_mask(inputs, dropout_mask, self.rate, inverted=self.inverted)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rate": self.rate,
                "inverted": self.inverted,
                "seed": self.seed,
                "noise_shape": self.noise_shape,
            }
        )
        return config
