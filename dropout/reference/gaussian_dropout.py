"""Gaussian dropout: multiplicative noise with the mean and variance of inverted dropout.

Chapter 4, eq. ``eq-ch04-gaussian``: instead of r_j / p with r_j ~ Bernoulli(p),
multiply each unit by

.. math::

    e_j \\sim \\mathcal N\\!\\left(1, \\tfrac{1-p}{p}\\right),

which has the same mean (1) and variance ((1-p)/p) as r_j / p
(Srivastava et al. 2014, section 10; Wang and Manning 2013). Inference is the
identity, as for inverted dropout. The backward pass reuses the cached noise
(eq. ``eq-ch04-gaussian-backward``): dx = e * dout.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from dropout._checks import check_float_array, check_keep_prob, check_rng

__all__ = ["GaussianDropoutCache", "gaussian_dropout_forward", "gaussian_dropout_backward"]


class GaussianDropoutCache(NamedTuple):
    """What ``gaussian_dropout_backward`` needs: the noise drawn in the forward pass.

    Attributes:
        noise: the multiplicative noise e (dtype of the input), or ``None`` when
            none was drawn (inference, or ``keep_prob == 1``).
        keep_prob: p, the keep probability whose variance the noise matches.
        training: whether the forward pass ran in training mode.
        shape: the shape of the input, which ``dout`` must match.
    """

    noise: np.ndarray | None
    keep_prob: float
    training: bool
    shape: tuple[int, ...]


def gaussian_dropout_forward(
    x: np.ndarray,
    keep_prob: float,
    rng: np.random.Generator | None,
    *,
    training: bool = True,
) -> tuple[np.ndarray, GaussianDropoutCache]:
    """Forward pass of Gaussian dropout (chapter 4, eq. ``eq-ch04-gaussian``).

    Training: ``out = e * x`` with e ~ N(1, (1 - p) / p) drawn anew for every
    entry and every call. Inference: ``out = x``. ``keep_prob = 1`` means no
    noise (variance 0): the identity, and no noise is drawn. Unlike
    :func:`dropout.reference.dropout_forward`, ``keep_prob = 0``
    is refused: the variance (1 - p) / p of the noise would be infinite.

    Args:
        x: floating array of any shape, e.g. ``(batch, units)``.
        keep_prob: p in (0, 1], the probability of **keeping** a unit in the
            Bernoulli dropout whose mean and variance the noise matches.
        rng: ``numpy.random.Generator`` that draws the noise; may be ``None``
            when nothing is drawn (inference, or ``keep_prob == 1``), as in
            :func:`~dropout.reference.dropout_forward`.
        training: draw noise (True) or return ``x`` unchanged (False).

    Returns:
        ``(out, cache)``: ``out`` has the shape and dtype of ``x``; ``cache`` is a
        :class:`GaussianDropoutCache` for :func:`gaussian_dropout_backward`.

    Raises:
        TypeError: ``x`` not a floating array, ``keep_prob`` not a number,
            ``rng`` not a Generator when noise must be drawn (or not ``None``).
        ValueError: ``keep_prob`` NaN or outside (0, 1]; 0 gives the noise an
            infinite variance.

    Example:
        >>> import numpy as np
        >>> x = np.ones((1, 3))
        >>> gen = np.random.default_rng(0)
        >>> out, cache = gaussian_dropout_forward(x, 0.5, gen)
        >>> out.shape, bool(np.all(out == cache.noise))
        ((1, 3), True)
        >>> out, _ = gaussian_dropout_forward(x, 0.5, None, training=False)
        >>> out.tolist()
        [[1.0, 1.0, 1.0]]
    """
    check_float_array(x, "x")
    p = check_keep_prob(keep_prob, allow_zero=True)
    if p == 0.0:
        raise ValueError(
            "`keep_prob` must be in (0, 1] for Gaussian dropout: keep_prob = 0 would give the "
            f"noise N(1, (1 - p) / p) an infinite variance, got keep_prob={keep_prob!r}"
        )
    training = bool(training)
    if rng is not None or (training and p < 1.0):
        check_rng(rng)
    if not training or p == 1.0:
        return x.copy(), GaussianDropoutCache(None, p, training, x.shape)
    std = math.sqrt((1.0 - p) / p)
    noise = (1.0 + std * rng.standard_normal(x.shape)).astype(x.dtype, copy=False)
    return x * noise, GaussianDropoutCache(noise, p, training, x.shape)


def gaussian_dropout_backward(dout: np.ndarray, cache: GaussianDropoutCache) -> np.ndarray:
    """Backward pass of Gaussian dropout (chapter 4, eq. ``eq-ch04-gaussian-backward``).

    ``out = e * x`` so ``dx = e * dout``, with the noise e taken from ``cache``;
    no new noise is drawn. At inference (or ``keep_prob == 1``), ``dx = dout``.

    Args:
        dout: upstream gradient, same shape as the forward input.
        cache: the :class:`GaussianDropoutCache` from :func:`gaussian_dropout_forward`.

    Returns:
        ``dx``, the gradient with respect to the forward input ``x``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout.shape`` differs from the shape of the forward input.

    Example:
        >>> import numpy as np
        >>> x = np.ones((2, 2))
        >>> gen = np.random.default_rng(0)
        >>> out, cache = gaussian_dropout_forward(x, 0.8, gen)
        >>> dx = gaussian_dropout_backward(np.ones((2, 2)), cache)
        >>> bool(np.all(dx == cache.noise))
        True
    """
    check_float_array(dout, "dout")
    if dout.shape != cache.shape:
        raise ValueError(
            f"`dout` must have the shape of the forward input (the cached noise), "
            f"{cache.shape}, got dout.shape={dout.shape}"
        )
    if cache.noise is None:
        return dout.copy()
    return dout * cache.noise
