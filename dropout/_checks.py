"""Argument checks shared by the package.

Every public function validates its arguments here, so that bad input fails
early with an error that names the argument and the value received, in the
style of ``keras.layers.Dropout``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_keep_prob",
    "check_rate",
    "check_noise_shape",
    "check_rng",
    "check_float_array",
    "check_shape",
    "check_positive_int",
    "check_nonnegative_real",
]


def _check_real(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"`{name}` must be a real number, got {value!r} "
            f"of type {type(value).__name__}"
        )
    return float(value)


def check_keep_prob(keep_prob, name: str = "keep_prob", *, allow_zero: bool = False) -> float:
    """Return ``keep_prob`` as a float after checking it lies in (0, 1], or [0, 1] with ``allow_zero``.

    ``keep_prob`` is the paper's p, the probability of *keeping* a unit. Only
    the dropout layers pass ``allow_zero=True``: p = 0 drops every unit, as
    ``keras.layers.Dropout(rate=1)`` does. Everywhere else (masks, networks,
    the theory) p = 0 is refused: it divides by p or trains a network that
    never sees its input.

    Raises:
        TypeError: if it is not a real number (a string, ``None``, a bool, an array).
        ValueError: if it is NaN or outside (0, 1] (outside [0, 1] with ``allow_zero``).
    """
    p = _check_real(keep_prob, name)
    low_ok = 0.0 <= p if allow_zero else 0.0 < p
    if math.isnan(p) or not (low_ok and p <= 1.0):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise ValueError(
            f"`{name}` is the probability of keeping a unit and must be in {interval}, "
            f"got {name}={keep_prob!r}"
        )
    return p


def check_rate(rate, name: str = "rate", *, allow_one: bool = False) -> float:
    """Return ``rate`` as a float after checking it lies in [0, 1), or [0, 1] with ``allow_one``.

    ``rate`` is Keras' convention: the probability of *dropping* a unit, 1 - p.
    Only the dropout layer passes ``allow_one=True`` (rate = 1 drops every
    unit, as in ``keras.layers.Dropout``); a network's rates stay below 1.

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it is NaN or outside [0, 1) (outside [0, 1] with ``allow_one``).
    """
    r = _check_real(rate, name)
    high_ok = r <= 1.0 if allow_one else r < 1.0
    if math.isnan(r) or not (0.0 <= r and high_ok):
        interval = "[0, 1]" if allow_one else "[0, 1)"
        raise ValueError(
            f"`{name}` is the probability of dropping a unit and must be in {interval}, "
            f"got {name}={rate!r}"
        )
    return r


def check_noise_shape(noise_shape, shape=None, name: str = "noise_shape"):
    """Return ``noise_shape`` as a tuple of positive ints and ``None`` entries, or ``None``.

    ``noise_shape`` is the shape of a dropout mask that is broadcast against
    the input, as in ``keras.layers.Dropout``: an entry of 1 shares one mask
    entry along that axis, ``None`` takes the input's size. With ``shape``
    (the input's shape, whose unknown sizes may be ``None``) it must also have
    the input's rank, and each entry must be ``None``, 1 or the input's size.

    Raises:
        TypeError: it is not a sequence (a string, a number), or an entry is
            neither an int nor ``None`` (a float, a bool).
        ValueError: an entry is not positive; with ``shape``, another rank, or
            an entry neither 1 nor the input's size.
    """
    if noise_shape is None:
        return None
    expected = f"`{name}` must be a tuple of positive ints or None (e.g. (None, 1, 64))"
    if isinstance(noise_shape, (str, bytes)):
        raise TypeError(f"{expected}, got {name}={noise_shape!r}")
    try:
        dims = tuple(noise_shape)
    except TypeError:
        raise TypeError(f"{expected}, got {name}={noise_shape!r}") from None
    for i, d in enumerate(dims):
        if d is None:
            continue
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (numbers.Integral, np.integer)):
            raise TypeError(
                f"{expected}, got {name}={noise_shape!r}: entry {i} is {d!r} of type {type(d).__name__}"
            )
        if d < 1:
            raise ValueError(f"{expected}, got {name}={noise_shape!r}: entry {i} is {d!r}")
    dims = tuple(None if d is None else int(d) for d in dims)
    if shape is not None:
        shape = tuple(shape)
        if len(dims) != len(shape):
            raise ValueError(
                f"`{name}` must have the rank of the input, {len(shape)} (input shape {shape}), "
                f"got {name}={noise_shape!r}"
            )
        for i, (d, n) in enumerate(zip(dims, shape)):
            if d is not None and n is not None and d not in (1, n):
                raise ValueError(
                    f"`{name}` must broadcast against the input shape {shape}, got "
                    f"{name}={noise_shape!r}: entry {i} is {d}; it must be None, 1 or {n}"
                )
    return dims


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """Check that ``rng`` is a ``numpy.random.Generator``.

    The package never uses NumPy's global random state: randomness comes in
    as an argument, e.g. ``rng = np.random.default_rng(0)``.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"`{name}` must be a numpy.random.Generator "
            f"(e.g. numpy.random.default_rng(0)), got {rng!r} of type {type(rng).__name__}"
        )
    return rng


def check_float_array(x, name: str = "x") -> np.ndarray:
    """Check that ``x`` is a NumPy array of a floating dtype.

    Integer or boolean arrays are refused rather than silently converted:
    ``x / p`` would change their dtype.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"`{name}` must be a NumPy array of floats, got {type(x).__name__}; "
            f"convert it with numpy.asarray({name}, dtype=float)"
        )
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"`{name}` must be a floating array, got dtype {x.dtype}; "
            f"convert it with {name}.astype(float)"
        )
    return x


def check_shape(shape, name: str = "shape") -> tuple[int, ...]:
    """Return ``shape`` as a tuple of non-negative ints (an int is a 1-D shape)."""
    if isinstance(shape, (numbers.Integral, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(f"`{name}` must be an int or a tuple of ints, got {shape!r}") from None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, (numbers.Integral, np.integer)):
            raise TypeError(f"`{name}` must be an int or a tuple of ints, got {shape!r}")
        if d < 0:
            raise ValueError(f"`{name}` must have non-negative dimensions, got {shape!r}")
    return tuple(int(d) for d in dims)


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer >= 1 (bools are refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(
            f"`{name}` must be a positive int, got {value!r} of type {type(value).__name__}"
        )
    if value < 1:
        raise ValueError(f"`{name}` must be a positive int, got {name}={value!r}")
    return int(value)


def check_nonnegative_real(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number >= 0."""
    x = _check_real(value, name)
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(f"`{name}` must be finite and non-negative (>= 0), got {name}={value!r}")
    return x


def check_bool(value, name: str) -> bool:
    """Return ``value`` as a bool after checking it is ``True`` or ``False`` (NumPy bools too).

    Strings, ints and ``None`` are refused: ``training="False"`` is truthy and
    would otherwise silently switch dropout on.

    Raises:
        TypeError: if ``value`` is not a bool.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"`{name}` must be True or False, got {value!r} of type {type(value).__name__}"
        )
    return bool(value)


def check_finite_real(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number.

    Any ``numbers.Real`` is accepted (``int``, ``float``, NumPy scalars,
    ``fractions.Fraction``); bools are refused.

    Raises:
        TypeError: if it is not a real number.
        ValueError: if it is NaN or infinite.
    """
    x = _check_real(value, name)
    if not math.isfinite(x):
        raise ValueError(f"`{name}` must be finite, got {name}={value!r}")
    return x


def check_seed(seed, name: str = "seed", *, allow_none: bool = False) -> int | None:
    """Return ``seed`` as an int after checking it is a non-negative integer (bools are refused).

    Seeds are how randomness comes into the package's Keras side
    (``keras.random.SeedGenerator(seed)``, initialisers, ``tf.data`` shuffles):
    never a process-wide seed. With ``allow_none``, ``None`` (an unseeded
    layer, as in Keras) is accepted and returned as is.

    Raises:
        TypeError: if it is not an integer (nor ``None`` with ``allow_none``).
        ValueError: if it is negative.
    """
    if seed is None and allow_none:
        return None
    expected = "None or a non-negative int" if allow_none else "a non-negative int"
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(f"`{name}` must be {expected}, got {seed!r} of type {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"`{name}` must be {expected}, got {name}={seed!r}")
    return int(seed)


def check_seeds(seeds, name: str = "seeds") -> list[int]:
    """Return ``seeds`` (one seed, or a sequence of them) as a non-empty list of ints.

    Each is checked by :func:`check_seed`. Used where several runs differ
    only by their seed (e.g. ``dropout.tensorflow.train_replicas``).

    Raises:
        TypeError: a seed is not an integer.
        ValueError: a seed is negative, or there is none.

    Example:
        >>> check_seeds(range(3)), check_seeds(7)
        ([0, 1, 2], [7])
    """
    try:
        values = [seeds] if isinstance(seeds, (numbers.Integral, np.integer)) else list(seeds)
    except TypeError:  # not a sequence: check_seed names what it is
        values = [seeds]
    checked = [check_seed(s) for s in values]
    if not checked:
        raise ValueError(f"`{name}` must hold at least one seed, got an empty sequence")
    return checked


__all__ += ["check_bool", "check_finite_real", "check_seed", "check_seeds"]


def check_mask(mask, shape: tuple[int, ...], training: bool, like: str) -> np.ndarray:
    """Check a given dropout mask: only in training, a boolean array (True = kept) of ``shape``.

    ``like`` names the array whose shape the mask must have (``"x"`` for unit
    dropout, ``"W"`` for DropConnect); it appears in the error message.

    Raises:
        ValueError: ``training`` is False, or the shape differs.
        TypeError: ``mask`` is not a boolean NumPy array.
    """
    if not training:
        raise ValueError("`mask` is only used in training: got a mask with training=False")
    if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_:
        raise TypeError(
            f"`mask` must be a boolean NumPy array (True = kept), got "
            f"{getattr(mask, 'dtype', type(mask).__name__)}"
        )
    if mask.shape != shape:
        raise ValueError(f"`mask` must have the shape of `{like}`, {shape}, got mask.shape={mask.shape}")
    return mask
