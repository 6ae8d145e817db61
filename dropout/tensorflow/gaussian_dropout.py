"""Gaussian dropout as a Keras 3 layer, with ``keras.layers.GaussianDropout``'s semantics.

In training each input is multiplied by its own noise

.. math::

    e_j \\sim \\mathcal N\\!\\left(1, \\tfrac{\\mathrm{rate}}{1 - \\mathrm{rate}}\\right),

the mean (1) and variance of inverted Bernoulli dropout's factor r_j / p
(chapter 4, eq. ``eq-ch04-gaussian``; in Keras' ``rate``, chapter 10, eq. ``eq-ch10-gaussian-rate``)
(Srivastava et al. 2014, section 10; Wang and Manning 2013). Inference is the
identity. ``rate`` is the probability of **dropping** a unit in the Bernoulli
dropout being matched, as in ``keras.layers.Dropout``.

The NumPy reference is :func:`dropout.reference.gaussian_dropout_forward`,
which takes ``keep_prob`` = p instead. The two correspond through p = 1 - rate:

================  ==============================  ==============================
                  NumPy reference                 this layer (Keras)
================  ==============================  ==============================
argument          ``keep_prob`` = p               ``rate`` = 1 - p
noise variance    (1 - p) / p                     rate / (1 - rate)
no noise at       p = 1                           rate = 0
refused           p = 0                           rate = 1 (infinite variance)
================  ==============================  ==============================
"""

from __future__ import annotations

import math

import keras
from keras import ops

from dropout._checks import check_rate, check_seed

__all__ = ["GaussianDropout"]

_INFINITE_VARIANCE = (
    "`rate` must be in [0, 1): at rate=1 the noise variance rate / (1 - rate) "
    "is infinite, got rate={rate!r}"
)


def _check_noise_rate(rate) -> float:
    """``check_rate``, with a message of its own for rate = 1 (the variance is infinite)."""
    try:
        return check_rate(rate)
    except ValueError:
        if rate != 1:
            raise
        raise ValueError(_INFINITE_VARIANCE.format(rate=rate)) from None


@keras.saving.register_keras_serializable(package="dropout")
class GaussianDropout(keras.layers.Layer):
    """Multiplicative Gaussian noise N(1, rate / (1 - rate)), active only in training.

    During training the output is ``inputs * e`` with e ~ N(1, rate / (1 - rate))
    drawn anew for every entry and every call (standard deviation
    sqrt(rate / (1 - rate))); at inference it is ``inputs``. This is
    ``keras.layers.GaussianDropout``, written out for the book: same arguments,
    same noise, same config; in addition ``rate`` and ``seed`` are checked with
    errors that name them, and rate = 1 is refused.

    With p = 1 - rate it is the Keras form of
    :func:`dropout.reference.gaussian_dropout_forward` with
    ``keep_prob=p``: the noise variance (1 - p) / p equals rate / (1 - rate).

    Like Keras' layer it is built at construction unless a subclass defines
    its own ``build()``, which Keras then calls on the first input.

    Args:
        rate: float in [0, 1), the drop probability of the Bernoulli dropout
            whose variance the noise matches; rate = 0 adds no noise.
        seed: optional non-negative int seeding the layer's
            ``keras.random.SeedGenerator`` (created only when rate > 0); the
            same seed gives the same noise.
        **kwargs: base layer arguments, e.g. ``name``.

    Call arguments:
        inputs: input tensor of any rank.
        training: bool, training mode (add noise) or inference mode (identity).

    Raises:
        TypeError: ``rate`` is not a real number; ``seed`` is not None or an int.
        ValueError: ``rate`` is NaN or outside [0, 1); rate = 1 (infinite
            variance); ``seed`` is negative.

    Example:
        >>> import numpy as np
        >>> layer = GaussianDropout(0.5, seed=0)
        >>> x = np.ones((2, 3), dtype="float32")
        >>> # inference: identity
        >>> np.asarray(layer(x)).tolist()
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
        >>> bool(np.all(np.asarray(layer(x, training=True)) != 1.0))
        True
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = _check_noise_rate(rate)
        self.seed = check_seed(seed, allow_none=True)
        if self.rate > 0:
            self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.supports_masking = True
        self._build_if_nothing_to_build()

    def _build_if_nothing_to_build(self):
        # Keras' rule (Layer._build_at_init): a layer is built at construction
        # only when build() is not overridden, so a subclass's build() still runs.
        build_at_init = getattr(self, "_build_at_init", None)
        if build_at_init is not None:
            build_at_init()
        elif type(self).build is keras.layers.Layer.build:
            self.built = True

    @property
    def stddev(self) -> float:
        """sqrt(rate / (1 - rate)), the standard deviation of the noise."""
        return math.sqrt(self.rate / (1.0 - self.rate))

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            noise = keras.random.normal(
                ops.shape(inputs),
                mean=1.0,
                stddev=self.stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs * noise
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
