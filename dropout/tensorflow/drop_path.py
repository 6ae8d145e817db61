"""DropPath (stochastic depth) as a Keras 3 layer: drop a residual branch per example.

Placed at the end of a residual branch, before the addition
``h + DropPath(rate)(f(h))``, it keeps the whole branch of an example with
probability p = 1 - ``rate`` and scales it by 1/p, or zeroes it (chapter 10,
eq. ``eq-ch10-drop-path``; Huang et al. 2016):

.. math::

    r_n \\sim \\mathrm{Bernoulli}(1 - \\mathrm{rate}), \\qquad
    y_n = h_n + \\frac{r_n}{1 - \\mathrm{rate}} f(h_n).

At inference it is the identity, so the block is the plain residual block.
It is ``keras.layers.Dropout`` with ``noise_shape=(batch, 1, ..., 1)``: one
mask entry per example. ``rate`` is the probability of **dropping** a branch,
as in Keras; the NumPy reference
:func:`dropout.reference.drop_path_forward` takes ``keep_prob`` = 1 - rate.
"""

from __future__ import annotations

import keras
from keras import ops

from dropout._checks import check_rate, check_seed

__all__ = ["DropPath"]


@keras.saving.register_keras_serializable(package="dropout")
class DropPath(keras.layers.Layer):
    """Stochastic depth: drop the whole input of each example with probability ``rate``.

    In training (``training=True``, as ``fit`` calls it) every example's input
    is multiplied by r_n / (1 - rate), r_n ~ Bernoulli(1 - rate), one draw per
    example shared by all its features; at inference the input is returned
    unchanged. Apply it to a residual branch, never to the skip path.

    Args:
        rate: float in [0, 1), the probability of **dropping** a branch; p = 1 - rate.
        seed: optional non-negative int seeding the layer's
            ``keras.random.SeedGenerator`` (created only when rate > 0).
        **kwargs: base layer arguments, e.g. ``name``.

    Call arguments:
        inputs: tensor of shape ``(batch, ...)``.
        training: bool, training mode (drop) or inference mode (identity).

    Raises:
        TypeError: ``rate`` not a real number; ``seed`` not None or an int.
        ValueError: ``rate`` NaN or outside [0, 1); ``seed`` negative.

    Example:
        >>> import numpy as np
        >>> layer = DropPath(0.5, seed=0)
        >>> x = np.ones((6, 3), dtype="float32")
        >>> # inference: identity
        >>> np.asarray(layer(x)).tolist() == x.tolist()
        True
        >>> out = np.asarray(layer(x, training=True))
        >>> # whole rows kept, x 2
        >>> sorted({tuple(row) for row in out.tolist()} - {(0.0, 0.0, 0.0)})
        [(2.0, 2.0, 2.0)]
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate)  # rate = 1 refused: x / (1 - rate)
        self.seed = check_seed(seed, allow_none=True)
        if self.rate > 0:
            self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.supports_masking = True
        if type(self).build is keras.layers.Layer.build:  # Keras' rule: built at construction
            self.built = True

    @property
    def keep_prob(self) -> float:
        """p = 1 - rate, the probability of keeping a branch."""
        return 1.0 - self.rate

    def call(self, inputs, training=False):
        if not training or self.rate == 0.0:
            return inputs
        shape = (ops.shape(inputs)[0],) + (1,) * (len(inputs.shape) - 1)
        u = keras.random.uniform(shape, seed=self.seed_generator, dtype=inputs.dtype)
        keep = ops.less(u, ops.cast(self.keep_prob, inputs.dtype))
        kept = inputs / ops.cast(self.keep_prob, inputs.dtype)
        return ops.where(keep, kept, ops.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
