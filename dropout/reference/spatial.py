"""Dropout on feature maps: spatial (channel-wise) dropout, and why element-wise dropout does little there.

Chapter 10. The activations a[n, i, j, c] of a convolutional layer (batch,
height, width, channels; Keras' ``channels_last``) are strongly correlated
between neighbouring positions i, j of the same channel c. Element-wise
dropout zeroes single positions, whose information the neighbours still
carry; spatial dropout (Tompson et al. 2015, "Efficient object localization
using convolutional networks") drops **whole channels** (eq. ``eq-ch10-spatial``):

.. math::

    r_{nc} \\sim \\mathrm{Bernoulli}(p), \\qquad
    \\tilde a_{nijc} = \\frac{r_{nc}}{p}\\, a_{nijc},

one mask entry per example and channel, shared by every position: the NumPy
:func:`dropout.reference.dropout_forward` with ``noise_shape=(N, 1, 1, C)``,
and Keras' ``SpatialDropout2D`` with ``rate`` = 1 - p.

Two measurements of the redundancy, per channel c (eq. ``eq-ch10-neighbour-r2``):
:func:`neighbour_correlation`, the correlation of horizontally adjacent
activations, and :func:`neighbour_r2`, the fraction of an activation's variance
that a least-squares fit on its four neighbours explains, i.e. how much of a
dropped activation the neighbours still carry.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_float_array
from dropout.reference.dropout_layer import DropoutCache, dropout_forward

__all__ = ["spatial_dropout_forward", "neighbour_correlation", "neighbour_r2"]


def _check_maps(maps, name="maps") -> np.ndarray:
    check_float_array(maps, name)
    if maps.ndim != 4 or maps.shape[1] < 3 or maps.shape[2] < 3:
        raise ValueError(
            f"`{name}` must be feature maps of shape (batch, height, width, channels) with height and "
            f"width >= 3, got {name}.shape={maps.shape}"
        )
    return maps


def spatial_dropout_forward(
    maps: np.ndarray, keep_prob: float, rng: np.random.Generator | None, *, training: bool = True
) -> tuple[np.ndarray, DropoutCache]:
    """Spatial dropout: keep or drop whole channels (chapter 10, eq. ``eq-ch10-spatial``).

    ``out[n, :, :, c] = r_nc * maps[n, :, :, c] / p`` in training, with one
    r_nc ~ Bernoulli(p) per example and channel; the identity at inference.
    It is :func:`dropout.reference.dropout_forward` with
    ``noise_shape=(None, 1, 1, None)``; its backward pass is
    :func:`dropout.reference.dropout_backward`.

    Args:
        maps: feature maps ``(batch, height, width, channels)``, floating.
        keep_prob: p in [0, 1], the probability of **keeping** a channel
            (Keras' ``SpatialDropout2D`` takes ``rate`` = 1 - p).
        rng: ``numpy.random.Generator``; may be ``None`` when nothing is drawn.
        training: drop channels (True) or return ``maps`` unchanged (False).

    Returns:
        ``(out, cache)`` as from :func:`dropout.reference.dropout_forward`.

    Raises:
        TypeError: ``maps`` not a floating array; the errors of ``dropout_forward``.
        ValueError: ``maps`` not 4-D with height and width >= 3; ``keep_prob`` outside [0, 1].

    Example:
        >>> import numpy as np
        >>> gen = np.random.default_rng(0)
        >>> maps = np.ones((2, 3, 3, 4))
        >>> out, cache = spatial_dropout_forward(maps, 0.5, gen)
        >>> # one entry per (example, channel)
        >>> bool(np.all(cache.mask == cache.mask[:, :1, :1, :]))
        True
    """
    _check_maps(maps)
    return dropout_forward(maps, keep_prob, rng, training=training, noise_shape=(None, 1, 1, None))


def neighbour_correlation(maps: np.ndarray) -> np.ndarray:
    """Correlation of horizontally adjacent activations, per channel (chapter 10, eq. ``eq-ch10-neighbour-r2``).

    For channel c, the Pearson correlation of the pairs (a[n, i, j, c],
    a[n, i, j + 1, c]) over all examples and positions. A channel that is
    constant has no correlation and gives NaN.

    Args:
        maps: feature maps ``(batch, height, width, channels)``, floating.

    Returns:
        Array of shape ``(channels,)``.

    Raises:
        TypeError: ``maps`` not a floating array.
        ValueError: ``maps`` not 4-D with height and width >= 3.

    Example:
        >>> import numpy as np
        >>> gen = np.random.default_rng(0)
        >>> smooth = np.cumsum(gen.standard_normal((8, 6, 30, 1)), axis=2)
        >>> bool(neighbour_correlation(smooth)[0] > 0.9)
        True
    """
    _check_maps(maps)
    left = maps[:, :, :-1, :].reshape(-1, maps.shape[3]).astype(np.float64)
    right = maps[:, :, 1:, :].reshape(-1, maps.shape[3]).astype(np.float64)
    left = left - left.mean(axis=0)
    right = right - right.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (left * right).sum(axis=0) / np.sqrt((left**2).sum(axis=0) * (right**2).sum(axis=0))


def neighbour_r2(maps: np.ndarray) -> np.ndarray:
    """How much of an activation its four neighbours predict, per channel (chapter 10, eq. ``eq-ch10-neighbour-r2``).

    For every interior position (i, j) of channel c, a least-squares fit
    â = β_0 + β_1 a[i-1, j] + β_2 a[i+1, j] + β_3 a[i, j-1] + β_4 a[i, j+1]
    over all examples and positions, and R²_c = 1 - mean((a - â)²) / var(a).
    R² near 1: a dropped activation can be recovered from its neighbours, so
    element-wise dropout removes little information. A constant channel gives NaN.

    Args:
        maps: feature maps ``(batch, height, width, channels)``, floating.

    Returns:
        Array of shape ``(channels,)`` with values in [0, 1] (or NaN).

    Raises:
        TypeError: ``maps`` not a floating array.
        ValueError: ``maps`` not 4-D with height and width >= 3.

    Example:
        >>> import numpy as np
        >>> noise = np.random.default_rng(0).standard_normal((50, 8, 8, 1))
        >>> # independent activations: nothing to recover
        >>> bool(neighbour_r2(noise)[0] < 0.05)
        True
    """
    _check_maps(maps)
    a = maps.astype(np.float64)
    centre = a[:, 1:-1, 1:-1, :]
    neighbours = [a[:, :-2, 1:-1, :], a[:, 2:, 1:-1, :], a[:, 1:-1, :-2, :], a[:, 1:-1, 2:, :]]
    out = np.full(a.shape[3], np.nan)
    for c in range(a.shape[3]):
        target = centre[..., c].ravel()
        if target.var() == 0:
            continue
        design = np.column_stack([np.ones_like(target)] + [nb[..., c].ravel() for nb in neighbours])
        coef, *_ = np.linalg.lstsq(design, target, rcond=None)
        residual = target - design @ coef
        out[c] = 1.0 - residual.var() / target.var()
    return out
