"""Inputs unlike the training digits: rotated, inverted, and pure-noise images (chapter 8).

Chapter 8 asks whether a network's uncertainty rises on inputs that differ
from its training data (distribution shift). Three kinds of shifted input,
each in the book's image format (one flattened square image per row, pixels
in [0, 1]):

* :func:`rotate`: every digit turned by an angle, by bilinear interpolation;
* :func:`invert`: the negative, 1 - x (white digits on black become black on white);
* :func:`gaussian_noise_images`: images of independent Gaussian pixels,
  clipped to [0, 1], with no digit in them at all.

NumPy and SciPy only: importing this module never imports TensorFlow.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from dropout._checks import check_finite_real, check_float_array, check_nonnegative_real, check_positive_int, check_rng

__all__ = ["rotate", "invert", "gaussian_noise_images"]


def _check_images(images, name: str = "images") -> tuple[np.ndarray, int]:
    """Check ``(N, side * side)`` finite floating images; return them and ``side``."""
    check_float_array(images, name)
    if images.ndim != 2 or images.shape[0] == 0:
        raise ValueError(
            f"`{name}` must have shape (N, side * side) with N >= 1, one flattened image per row, "
            f"got {name}.shape={images.shape}"
        )
    side = math.isqrt(images.shape[1])
    if side * side != images.shape[1] or side < 2:
        raise ValueError(
            f"`{name}` must hold square images (a row length that is a square, e.g. 784 = 28 * 28), "
            f"got a row length of {images.shape[1]}"
        )
    if not np.isfinite(images).all():
        raise ValueError(f"`{name}` must be finite (no NaN or inf)")
    return images, side


def _check_degrees(degrees, n: int) -> np.ndarray:
    """One finite angle for every image: a real number, or an array of shape ``(n,)``."""
    if isinstance(degrees, np.ndarray):
        if not np.issubdtype(degrees.dtype, np.number) or np.issubdtype(degrees.dtype, np.complexfloating):
            raise TypeError(f"`degrees` must be a real number or an array of real numbers, got dtype {degrees.dtype}")
        if degrees.shape != (n,):
            raise ValueError(
                f"`degrees` must be a number or have shape ({n},), one angle per image, "
                f"got degrees.shape={degrees.shape}"
            )
        if not np.isfinite(degrees).all():
            raise ValueError("`degrees` must be finite (no NaN or inf)")
        return degrees.astype(np.float64)
    if isinstance(degrees, (bool, np.bool_)) or not isinstance(degrees, numbers.Real):
        raise TypeError(
            f"`degrees` must be a real number or an array of shape ({n},), "
            f"got {degrees!r} of type {type(degrees).__name__}"
        )
    return np.full(n, check_finite_real(degrees, "degrees"))


def rotate(images: np.ndarray, degrees) -> np.ndarray:
    """Rotate square images about their centre by ``degrees``, counter-clockwise as drawn by ``imshow``.

    Each output pixel takes the value at the rotated position in the input,
    interpolated bilinearly from its four neighbours
    (``scipy.ndimage.rotate`` with ``order=1``, ``reshape=False``); pixels that
    come from outside the image are 0 (background). A bilinear value is a
    convex combination of input pixels, so images in [0, 1] stay in [0, 1].
    An angle of 0 returns an exact copy, and multiples of 90 degrees move
    pixels exactly (``numpy.rot90``). Chapter 8 uses it for the rotated test
    digits and for the figure of one digit turned from 0 to 180 degrees.

    Args:
        images: ``(N, side * side)`` flattened square images, floating, finite
            (the book's MNIST format, ``(N, 784)``).
        degrees: the angle, a real number for all images, or an array of
            shape ``(N,)`` with one angle per image.

    Returns:
        The rotated images, shape and dtype of ``images``.

    Raises:
        TypeError: ``images`` is not a floating array; ``degrees`` is not a
            real number or a real array.
        ValueError: ``images`` is not 2-D with square rows or holds NaN/inf;
            ``degrees`` is not finite or has the wrong shape.

    Example:
        >>> import numpy as np
        >>> img = np.zeros((1, 9))
        >>> img[0, 1] = 1.0  # top middle pixel of a 3 x 3 image
        >>> # counter-clockwise: it moves to the left middle
        >>> rotate(img, 90).reshape(3, 3)
        array([[0., 0., 0.],
               [1., 0., 0.],
               [0., 0., 0.]])
    """
    images, side = _check_images(images)
    angles = _check_degrees(degrees, images.shape[0])
    from scipy import ndimage  # SciPy only when images are rotated

    square = images.reshape(-1, side, side)
    out = np.empty_like(square)
    for angle in np.unique(angles):  # one call per distinct angle, on all its images at once
        rows = angles == angle
        quarter = angle / 90.0
        if quarter == round(quarter):  # exact for multiples of 90 degrees (0 included)
            out[rows] = np.rot90(square[rows], k=int(round(quarter)) % 4, axes=(1, 2))
        else:  # axes=(2, 1) is the 2-D default axes=(1, 0) of each image
            out[rows] = ndimage.rotate(square[rows], float(angle), axes=(2, 1), reshape=False, order=1,
                                       mode="constant", cval=0.0)
    return out.reshape(images.shape)


def invert(images: np.ndarray) -> np.ndarray:
    """The negative of each image, 1 - x: the digit dark on a bright background.

    The strokes and their positions are kept, only the intensities are
    reversed, so the images are as "digit-like" as the originals while their
    pixel statistics are far from anything in the training set.

    Args:
        images: ``(N, D)`` floating array with values in [0, 1].

    Returns:
        ``1 - images``, same shape and dtype.

    Raises:
        TypeError: ``images`` is not a floating array.
        ValueError: ``images`` is not 2-D, is empty, or holds values outside [0, 1].

    Example:
        >>> import numpy as np
        >>> invert(np.array([[0.0, 0.25, 1.0]]))
        array([[1.  , 0.75, 0.  ]])
    """
    check_float_array(images, "images")
    if images.ndim != 2 or images.size == 0:
        raise ValueError(f"`images` must have shape (N, D) with N, D >= 1, got images.shape={images.shape}")
    if not np.isfinite(images).all() or images.min() < 0 or images.max() > 1:
        raise ValueError(
            f"`images` must hold pixel values in [0, 1], got values in [{images.min()}, {images.max()}]"
        )
    return images.dtype.type(1) - images


def gaussian_noise_images(n: int, rng: np.random.Generator, *, size: int = 784, mean: float = 0.13,
                          std: float = 0.31, dtype=np.float32) -> np.ndarray:
    """Images of independent Gaussian pixels, clip(N(mean, std^2), 0, 1), with no digit in them.

    The defaults are about the mean and standard deviation of an MNIST
    pixel, so the noise images have roughly the overall brightness of the
    digits (before the clip) and differ from them only in having no
    structure.

    Args:
        n: number of images, a positive int.
        rng: ``numpy.random.Generator``, the only source of randomness.
        size: pixels per image, a positive int (784 for 28 x 28).
        mean: the mean of the Gaussian before clipping, finite.
        std: its standard deviation, finite and >= 0.
        dtype: floating dtype of the result (float32, the book's MNIST dtype).

    Returns:
        ``(n, size)`` array of ``dtype`` with values in [0, 1].

    Raises:
        TypeError: ``n`` or ``size`` not an int, ``rng`` not a Generator,
            ``mean``/``std`` not real numbers, ``dtype`` not floating.
        ValueError: ``n`` or ``size`` < 1, ``mean`` not finite, ``std``
            negative or not finite.

    Example:
        >>> import numpy as np
        >>> x = gaussian_noise_images(3, np.random.default_rng(0), size=4)
        >>> x.shape, x.dtype.name, bool(x.min() >= 0 and x.max() <= 1)
        ((3, 4), 'float32', True)
    """
    n = check_positive_int(n, "n")
    check_rng(rng)
    size = check_positive_int(size, "size")
    mean = check_finite_real(mean, "mean")
    std = check_nonnegative_real(std, "std")
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"`dtype` must be a floating dtype such as numpy.float32, got {dtype!r}") from None
    if not np.issubdtype(dtype, np.floating):
        raise TypeError(f"`dtype` must be a floating dtype such as numpy.float32, got {dtype!r}")
    return np.clip(mean + std * rng.standard_normal((n, size)), 0.0, 1.0).astype(dtype)
