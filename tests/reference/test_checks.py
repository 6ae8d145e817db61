"""The shared argument checks of dropout._checks, which every public function relies on."""

import math

import numpy as np
import pytest

from dropout._checks import (
    check_bool,
    check_float_array,
    check_keep_prob,
    check_noise_shape,
    check_nonnegative_real,
    check_positive_int,
    check_rate,
    check_rng,
    check_seed,
    check_seeds,
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


def test_rate_refuses_one_unless_allowed():
    with pytest.raises(ValueError, match=r"`rate` .* must be in \[0, 1\), got rate=1\.0"):
        check_rate(1.0)
    assert check_rate(1.0, allow_one=True) == 1.0
    assert check_rate(1, allow_one=True) == 1.0


@pytest.mark.parametrize("allow_one", [False, True])
def test_rate_refuses(bad_keep_prob, allow_one):  # the shared table of tests/conftest.py
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match("rate")):
        check_rate(bad_keep_prob.value, allow_one=allow_one)


@pytest.mark.parametrize("value", [1e-9, 0.5, 1.0, np.float32(0.25), 1])
def test_keep_prob_accepts_the_paper_range(value):
    assert check_keep_prob(value) == float(value)
    assert type(check_keep_prob(value)) is float


def test_keep_prob_refuses_zero_unless_allowed():
    with pytest.raises(ValueError, match=r"`keep_prob` .* must be in \(0, 1\], got keep_prob=0\.0"):
        check_keep_prob(0.0)
    assert check_keep_prob(0.0, allow_zero=True) == 0.0
    assert check_keep_prob(0, allow_zero=True) == 0.0


@pytest.mark.parametrize("allow_zero", [False, True])
def test_keep_prob_refuses(bad_keep_prob, allow_zero):  # the shared table of tests/conftest.py
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match()):
        check_keep_prob(bad_keep_prob.value, allow_zero=allow_zero)
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match("keep_prob_hidden")):
        check_keep_prob(bad_keep_prob.value, "keep_prob_hidden", allow_zero=allow_zero)


@pytest.mark.parametrize(
    "noise_shape, shape, expected",
    [
        (None, None, None),
        (None, (2, 3), None),
        ([None, 1], None, (None, 1)),
        ((20, np.int64(1), 10), None, (20, 1, 10)),
        ((None, 1, 5), (4, 7, 5), (None, 1, 5)),
        ((4, 1), (4, None), (4, 1)),  # an unknown size (a symbolic batch) is not compared
    ],
)
def test_noise_shape_accepts(noise_shape, shape, expected):
    result = check_noise_shape(noise_shape, shape)
    assert result == expected
    assert result is None or all(d is None or type(d) is int for d in result)


@pytest.mark.parametrize(
    "noise_shape, shape, error, message",
    [
        ("Invalid", None, TypeError, r"`noise_shape` must be a tuple .*got noise_shape='Invalid'"),
        (3, None, TypeError, r"`noise_shape` must be a tuple .*got noise_shape=3"),
        ((20, 1.5, 10), None, TypeError, r"got noise_shape=\(20, 1\.5, 10\): entry 1 is 1\.5 of type float"),
        ((20, True, 10), None, TypeError, r"entry 1 is True of type bool"),
        ((20, -1, 10), None, ValueError, r"positive.*got noise_shape=\(20, -1, 10\): entry 1 is -1"),
        ((20, 0, 10), None, ValueError, r"got noise_shape=\(20, 0, 10\): entry 1 is 0"),
        ((1, 1), (2, 3, 4), ValueError, r"`noise_shape` must have the rank of the input, 3.*\(2, 3, 4\).*\(1, 1\)"),
        ((2, 2, 4), (2, 3, 4), ValueError, r"entry 1 is 2; .*1 or 3"),
    ],
)
def test_noise_shape_refuses(noise_shape, shape, error, message):
    with pytest.raises(error, match=message):
        check_noise_shape(noise_shape, shape)


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


@pytest.mark.parametrize("value", [0, 7, np.int64(3)])
def test_seed_accepts_non_negative_integers(value):
    assert check_seed(value) == int(value) and type(check_seed(value)) is int
    assert check_seed(value, allow_none=True) == int(value)


def test_seed_none_only_when_allowed():
    assert check_seed(None, allow_none=True) is None
    with pytest.raises(TypeError, match=r"`seed` must be a non-negative int, got None of type NoneType"):
        check_seed(None)


@pytest.mark.parametrize("allow_none, expected", [(False, "a non-negative int"), (True, "None or a non-negative int")])
@pytest.mark.parametrize(
    "value, error, got",
    [
        (-1, ValueError, r"got seed=-1"),
        (1.5, TypeError, r"got 1\.5 of type float"),
        (True, TypeError, r"got True of type bool"),
        ("1", TypeError, r"got '1' of type str"),
    ],
)
def test_seed_refuses(value, error, got, allow_none, expected):
    with pytest.raises(error, match=rf"`seed` must be {expected}, {got}"):
        check_seed(value, allow_none=allow_none)


def test_seeds_are_a_non_empty_list_of_ints():
    assert check_seeds([0, np.int64(3)]) == [0, 3] and check_seeds(range(2)) == [0, 1]
    assert check_seeds(5) == [5] and check_seeds(np.array([1, 2])) == [1, 2]
    assert check_seeds(s for s in (4, 2)) == [4, 2]
    with pytest.raises(ValueError, match=r"`seeds` must hold at least one seed, got an empty sequence"):
        check_seeds([])
    with pytest.raises(ValueError, match=r"`seed` must be a non-negative int, got seed=-1"):
        check_seeds([0, -1])
    with pytest.raises(TypeError, match=r"`seed` must be a non-negative int, got 1\.5 of type float"):
        check_seeds(1.5)


def test_bool_accepts_only_bools():
    assert check_bool(np.bool_(True), "training") is True
    assert check_bool(False, "training") is False
    for value in ("False", 0, None):
        with pytest.raises(TypeError, match=rf"`training` must be True or False, got {value!r}"):
            check_bool(value, "training")


def test_check_mask_accepts_a_boolean_mask_of_the_shape_and_names_what_it_must_match():
    from dropout._checks import check_mask

    mask = np.ones((2, 3), dtype=bool)
    assert check_mask(mask, (2, 3), True, "W") is mask
    with pytest.raises(ValueError, match="only used in training"):
        check_mask(mask, (2, 3), False, "x")
    with pytest.raises(TypeError, match="boolean NumPy array"):
        check_mask(mask.astype(float), (2, 3), True, "x")
    with pytest.raises(ValueError, match=r"shape of `W`, \(3, 2\), got mask.shape=\(2, 3\)"):
        check_mask(mask, (3, 2), True, "W")
