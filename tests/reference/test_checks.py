"""The shared argument checks of dropout._checks, which every public function relies on."""

import math

import numpy as np
import pytest

from dropout._checks import (
    check_float_array,
    check_keep_prob,
    check_nonnegative_real,
    check_positive_int,
    check_rate,
    check_rng,
    check_shape,
)


@pytest.mark.parametrize("value", [1, 7, np.int64(3)])
def test_positive_int_accepts_integers(value):
    assert check_positive_int(value, "n") == int(value)
    assert type(check_positive_int(value, "n")) is int


@pytest.mark.parametrize(
    "value, error, message",
    [
        (0, ValueError, r"`n` must be a positive int, got n=0"),
        (-2, ValueError, r"n=-2"),
        (1.5, TypeError, r"`n` must be a positive int, got 1\.5 of type float"),
        (True, TypeError, r"got True of type bool"),
        ("3", TypeError, r"got '3' of type str"),
    ],
)
def test_positive_int_refuses(value, error, message):
    with pytest.raises(error, match=message):
        check_positive_int(value, "n")


@pytest.mark.parametrize("value", [0, 0.0, 2.5, np.float32(1e-3)])
def test_nonnegative_real_accepts(value):
    assert check_nonnegative_real(value, "l2") == pytest.approx(float(value))


@pytest.mark.parametrize(
    "value, error, message",
    [
        (-0.1, ValueError, r"`l2` must be finite and non-negative \(>= 0\), got l2=-0\.1"),
        (math.nan, ValueError, r"l2=nan"),
        (math.inf, ValueError, r"l2=inf"),
        (None, TypeError, r"`l2` must be a real number, got None"),
    ],
)
def test_nonnegative_real_refuses(value, error, message):
    with pytest.raises(error, match=message):
        check_nonnegative_real(value, "l2")


@pytest.mark.parametrize("value", [0.0, 0.5, 0.999])
def test_rate_accepts_the_keras_range(value):
    assert check_rate(value) == value


@pytest.mark.parametrize(
    "value, error", [(1.0, ValueError), (-0.1, ValueError), (math.nan, ValueError), ("0.5", TypeError)]
)
def test_rate_refuses(value, error):
    with pytest.raises(error, match=r"`rate`"):
        check_rate(value)


def test_keep_prob_and_rate_name_the_argument_given():
    with pytest.raises(ValueError, match=r"`keep_prob_hidden` .* got keep_prob_hidden=0"):
        check_keep_prob(0, "keep_prob_hidden")
    with pytest.raises(ValueError, match=r"`rate_input` .* got rate_input=1"):
        check_rate(1, "rate_input")


def test_shape_rng_and_float_array():
    assert check_shape(3) == (3,)
    assert check_shape((2, np.int64(4))) == (2, 4)
    with pytest.raises(ValueError, match=r"non-negative"):
        check_shape((2, -1))
    with pytest.raises(TypeError, match=r"`shape` must be an int or a tuple of ints"):
        check_shape((2.0, 3))
    with pytest.raises(TypeError, match=r"`rng` must be a numpy.random.Generator"):
        check_rng(np.random.RandomState(0))
    with pytest.raises(TypeError, match=r"`x` must be a floating array, got dtype int64"):
        check_float_array(np.arange(3), "x")
