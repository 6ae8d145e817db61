"""DropConnect as a Keras 3 layer: a Dense layer whose kernel is masked in training.

DropConnect (Wan et al. 2013) drops connections instead of units. In training
the layer computes (chapter 10, eq. ``eq-ch10-dropconnect``, with p = 1 - rate)

.. math::

    M_{ij} \\sim \\mathrm{Bernoulli}(1 - \\mathrm{rate}), \\qquad
    \\mathrm{out} = a\\!\\left(x \\, (M * W) / (1 - \\mathrm{rate}) + b\\right),

with one mask M of the kernel's shape per call, shared by the whole batch,
and at inference ``a(x W + b)``: a ``keras.layers.Dense`` with the same
weights. ``rate`` is the probability of **dropping** a weight, as in
``keras.layers.Dropout``; the NumPy reference
:func:`dropout.reference.dropconnect.dropconnect_forward` takes
``keep_prob`` = p = 1 - rate and documents how this differs from Wan et al.
(their per-example masks, masked bias and Gaussian inference).

The masked kernel is :func:`dropout.tensorflow.dropout_with_mask`
applied to the kernel: M * W / p is inverted dropout on the weights.
"""

from __future__ import annotations

import keras
from keras import ops

from dropout._checks import check_positive_int, check_rate, check_seed
from dropout.tensorflow.layer import dropout_with_mask

__all__ = ["DropConnectDense"]


@keras.saving.register_keras_serializable(package="dropout")
class DropConnectDense(keras.layers.Layer):
    """A fully connected layer with DropConnect on its kernel (Wan et al. 2013).

    In training (``training=True``, as ``fit`` calls it) every weight of the
    kernel is kept with probability p = 1 - ``rate`` and zeroed otherwise, and
    kept weights are scaled by 1/p (inverted, so the expected kernel is W):
    ``out = activation(x @ (M * W) / p + bias)``. A new mask M, of the
    kernel's shape ``(input_dim, units)``, is drawn at every call from the
    layer's ``keras.random.SeedGenerator`` and shared by the whole batch. At
    inference the full kernel is used: ``out = activation(x @ W + bias)``,
    exactly ``keras.layers.Dense`` with the same weights. The bias is never
    masked.

    Args:
        units: positive int, the number of output units.
        rate: float in [0, 1), the probability of **dropping** a weight;
            p = 1 - rate.
        activation: activation function or its name; ``None`` is linear.
        use_bias: bool, whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel (name or object).
        bias_initializer: initializer of the bias (name or object).
        seed: optional non-negative int seeding the mask's
            ``keras.random.SeedGenerator`` (created only when rate > 0); the
            same seed gives the same masks.
        **kwargs: base layer arguments, e.g. ``name``, ``dtype``.

    Call arguments:
        inputs: tensor of shape ``(..., input_dim)``, e.g. ``(batch, input_dim)``.
        training: bool, training mode (mask the kernel) or inference mode.
        kernel_mask: optional mask M of the kernel's shape (True or 1 = kept)
            to use instead of a random one in training mode; for tests and for
            figures that follow a given mask. Ignored when ``training`` is false.

    Raises:
        TypeError: ``units`` is not an int; ``rate`` is not a real number;
            ``seed`` is not None or an int.
        ValueError: ``units`` < 1; ``rate`` is NaN or outside [0, 1);
            ``seed`` is negative; ``kernel_mask`` has another shape than the
            kernel.

    Example:
        >>> import numpy as np
        >>> layer = DropConnectDense(3, 0.5, kernel_initializer="ones", seed=0)
        >>> x = np.ones((2, 4), dtype="float32")
        >>> # inference: the full kernel
        >>> np.asarray(layer(x)).tolist()
        [[4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]
        >>> mask = np.array([[True, False, True]] * 4)
        >>> np.asarray(layer(x, training=True, kernel_mask=mask)).tolist()
        [[8.0, 0.0, 8.0], [8.0, 0.0, 8.0]]
    """

    def __init__(
        self,
        units,
        rate,
        *,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = check_positive_int(units, "units")
        self.rate = check_rate(rate)  # rate = 1 refused: W / (1 - rate)
        self.activation = keras.activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.seed = check_seed(seed, allow_none=True)
        if self.rate > 0:
            self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.input_spec = keras.InputSpec(min_ndim=2)
        self.supports_masking = True

    @property
    def keep_prob(self) -> float:
        """p = 1 - rate, the probability of keeping a weight."""
        return 1.0 - self.rate

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(
            name="kernel", shape=(input_dim, self.units), initializer=self.kernel_initializer
        )
        self.bias = (
            self.add_weight(name="bias", shape=(self.units,), initializer=self.bias_initializer)
            if self.use_bias
            else None
        )
        self.input_spec = keras.InputSpec(min_ndim=2, axes={-1: input_dim})

    def sample_kernel_mask(self):
        """Draw a kernel mask M with M_ij ~ Bernoulli(1 - rate), as a training call does.

        Advances the layer's seed generator, so the next training call draws
        the mask after this one. The layer must be built.

        Returns:
            A boolean tensor of the kernel's shape ``(input_dim, units)``,
            True = kept; all True when rate = 0.
        """
        shape = tuple(self.kernel.shape)
        if self.rate == 0.0:
            return ops.ones(shape, dtype="bool")
        u = keras.random.uniform(shape, seed=self.seed_generator, dtype="float32")
        return ops.less(u, ops.cast(self.keep_prob, "float32"))

    def _check_kernel_mask(self, kernel_mask) -> None:
        got = tuple(kernel_mask.shape)
        if got != tuple(self.kernel.shape):
            raise ValueError(
                f"`kernel_mask` must have the kernel's shape (input_dim, units), "
                f"{tuple(self.kernel.shape)}, got kernel_mask.shape={got}"
            )

    def call(self, inputs, training=False, kernel_mask=None):
        kernel = self.kernel
        if training:
            if kernel_mask is not None:
                kernel_mask = ops.convert_to_tensor(kernel_mask)
                self._check_kernel_mask(kernel_mask)
            elif self.rate > 0:
                kernel_mask = self.sample_kernel_mask()
            if kernel_mask is not None:
                kernel = dropout_with_mask(kernel, kernel_mask, self.rate)
        out = ops.matmul(inputs, kernel)
        if self.bias is not None:
            out = ops.add(out, self.bias)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "rate": self.rate,
                "activation": keras.activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer),
                "seed": self.seed,
            }
        )
        return config
