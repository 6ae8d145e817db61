"""dropout_forward / dropout_backward: the claims of chapters 3 and 4, checked."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dropout.reference import DropoutCache, dropout_backward, dropout_forward, fast_bernoulli_mask
from dropout.reference.gradcheck import numerical_gradient, relative_error

DTYPES = [np.float32, np.float64]


def five_sigma_of_mean(sd: float, n: int) -> float:
    return 5 * sd / np.sqrt(n)


# ------------------------------------------------------ the mask it draws
@pytest.mark.parametrize("p", [0.05, 0.2, 0.5, 0.8, 0.95])
def test_forward_keeps_a_fraction_p_within_binomial_bound(p):
    _, cache = dropout_forward(np.ones((400, 500)), p, np.random.default_rng(20))
    assert cache.mask.dtype == bool and cache.mask.shape == (400, 500)
    assert abs(cache.mask.mean() - p) < 5 * np.sqrt(p * (1 - p) / cache.mask.size)


def test_forward_masks_differ_across_rows_and_calls_and_a_seed_repeats_them():
    x = np.ones((64, 100))
    rng = np.random.default_rng(21)
    a = dropout_forward(x, 0.5, rng)[1].mask
    b = dropout_forward(x, 0.5, rng)[1].mask
    assert len({row.tobytes() for row in a}) == 64 and not np.array_equal(a, b)
    c = dropout_forward(x, 0.5, np.random.default_rng(21))[1].mask
    np.testing.assert_array_equal(a, c)


# ---------------------------------------------------------------- inverted
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_inverted_survivors_equal_x_over_p_exactly_and_others_are_zero(dtype, p):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 300)).astype(dtype)
    out, cache = dropout_forward(x, p, rng)
    assert out.dtype == x.dtype and out.shape == x.shape
    kept = cache.mask
    np.testing.assert_array_equal(out[kept], (x / x.dtype.type(p))[kept])
    assert np.all(out[~kept] == 0)
    assert 0 < kept.sum() < kept.size


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_inverted_dropout_keeps_the_mean(dtype, p):
    x = np.full((1000, 500), 3.0, dtype=dtype)
    out, _ = dropout_forward(x, p, np.random.default_rng(2))
    # each entry is 3/p with probability p, else 0: mean 3, sd 3 sqrt((1-p)/p)
    sd = 3 * np.sqrt((1 - p) / p)
    assert abs(out.mean(dtype=np.float64) - 3.0) < five_sigma_of_mean(sd, x.size)


# ---------------------------------------------------------------- standard
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_standard_training_mean_is_p_x_and_survivors_are_x(dtype, p):
    x = np.full((1000, 500), 3.0, dtype=dtype)
    out, cache = dropout_forward(x, p, np.random.default_rng(3), inverted=False)
    np.testing.assert_array_equal(out[cache.mask], x[cache.mask])
    assert np.all(out[~cache.mask] == 0)
    sd = 3 * np.sqrt(p * (1 - p))
    assert abs(out.mean(dtype=np.float64) - 3.0 * p) < five_sigma_of_mean(sd, x.size)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [0.3, 0.5, 1.0])
def test_standard_inference_is_exactly_p_times_x(dtype, p):
    x = np.random.default_rng(4).standard_normal((20, 30)).astype(dtype)
    out, cache = dropout_forward(x, p, np.random.default_rng(0), training=False, inverted=False)
    assert out.dtype == x.dtype
    np.testing.assert_array_equal(out, x * x.dtype.type(p))
    assert cache.mask is None


# ------------------------------------------------------- identity cases
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [0.3, 1.0])
def test_inverted_inference_is_the_identity_and_a_copy(dtype, p):
    x = np.random.default_rng(5).standard_normal((8, 9)).astype(dtype)
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    out, cache = dropout_forward(x, p, rng, training=False)
    np.testing.assert_array_equal(out, x)
    assert out.dtype == x.dtype and not np.shares_memory(out, x)
    assert rng.bit_generator.state == state  # inference draws nothing
    np.testing.assert_array_equal(dropout_backward(np.ones_like(x), cache), np.ones_like(x))


@pytest.mark.parametrize("inverted", [True, False])
def test_keep_prob_one_in_training_is_the_identity(inverted):
    x = np.random.default_rng(6).standard_normal((8, 9))
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    out, cache = dropout_forward(x, 1.0, rng, training=True, inverted=inverted)
    np.testing.assert_array_equal(out, x)
    assert cache.mask is None and rng.bit_generator.state == state
    dout = np.random.default_rng(7).standard_normal(x.shape)
    np.testing.assert_array_equal(dropout_backward(dout, cache), dout)


# -------------------------------------------------------------- backward
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("inverted", [True, False])
def test_backward_uses_the_cached_mask(dtype, inverted):
    rng = np.random.default_rng(8)
    x = rng.standard_normal((50, 40)).astype(dtype)
    dout = rng.standard_normal((50, 40)).astype(dtype)
    out, cache = dropout_forward(x, 0.6, rng, inverted=inverted)
    dx = dropout_backward(dout, cache)
    expected = dout * cache.mask
    if inverted:
        expected = expected / dtype(0.6)
    np.testing.assert_array_equal(dx, expected)
    assert dx.dtype == dtype
    # called again it gives the same answer: nothing is drawn in backward
    np.testing.assert_array_equal(dropout_backward(dout, cache), dx)
    # and the gradient is zero exactly where the forward output was dropped
    assert np.all(dx[~cache.mask] == 0)


def test_forward_and_backward_leave_numpy_global_state_alone():
    before = np.random.get_state()[1].copy()
    x = np.ones((10, 10))
    _, cache = dropout_forward(x, 0.5, np.random.default_rng(0))
    dropout_backward(x, cache)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("inverted", [True, False])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("p", [0.3, 0.7])
def test_backward_matches_centred_differences(inverted, training, p):
    rng = np.random.default_rng(9)
    x = rng.standard_normal((6, 5))
    w = rng.standard_normal((6, 5))  # f(x) = sum(w * dropout(x)), so df/dout = w

    def f():  # a fresh generator with the same seed draws the same mask every time
        out, _ = dropout_forward(x, p, np.random.default_rng(42), training=training, inverted=inverted)
        return float(np.sum(w * out))

    _, cache = dropout_forward(x, p, np.random.default_rng(42), training=training, inverted=inverted)
    dx = dropout_backward(w, cache)
    assert relative_error(dx, numerical_gradient(f, x)) < 1e-7


# ------------------------------------------------------------ bad inputs
def test_forward_bad_keep_prob(bad_keep_prob):  # the shared table of tests/conftest.py
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match()):
        dropout_forward(np.ones((2, 2)), bad_keep_prob.value, np.random.default_rng(0))


@pytest.mark.parametrize(
    "rng, match",
    [(np.random.RandomState(0), r"rng.*RandomState"), (0, r"rng.*int"), (np.random, r"rng.*module")],
)
def test_forward_bad_rng(rng, match):
    with pytest.raises(TypeError, match=match):
        dropout_forward(np.ones((2, 2)), 0.5, rng)


@pytest.mark.parametrize(
    "x, match",
    [
        (np.ones((2, 2), dtype=int), r"`x`.*floating.*int64"),
        (np.ones((2, 2), dtype=bool), r"`x`.*floating.*bool"),
        ([[1.0, 2.0]], r"`x`.*NumPy array.*list"),
        (3.0, r"`x`.*NumPy array.*float"),
    ],
)
def test_forward_bad_x(x, match):
    with pytest.raises(TypeError, match=match):
        dropout_forward(x, 0.5, np.random.default_rng(0))


def test_backward_bad_dout():
    _, cache = dropout_forward(np.ones((3, 4)), 0.5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"dout.*\(3, 4\).*dout\.shape=\(4, 3\)"):
        dropout_backward(np.ones((4, 3)), cache)
    with pytest.raises(TypeError, match=r"dout.*floating"):
        dropout_backward(np.ones((3, 4), dtype=int), cache)
    with pytest.raises(TypeError, match=r"dout.*list"):
        dropout_backward([[1.0] * 4] * 3, cache)


# ------------------------------------------------------------ properties
float_arrays = st.sampled_from([np.float32, np.float64]).flatmap(
    lambda dt: hnp.arrays(
        dt,
        hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=12),
        elements=st.floats(-1e4, 1e4, width=32),
    )
)


@settings(max_examples=60, deadline=None)
@given(x=float_arrays, p=st.floats(0.05, 1.0), seed=st.integers(0, 2**32 - 1), inverted=st.booleans())
def test_property_out_is_zero_or_scaled_x_and_backward_follows_the_mask(x, p, seed, inverted):
    out, cache = dropout_forward(x, p, np.random.default_rng(seed), inverted=inverted)
    assert out.shape == x.shape and out.dtype == x.dtype
    assert isinstance(cache, DropoutCache) and cache.shape == x.shape
    mask = cache.mask if cache.mask is not None else np.ones(x.shape, dtype=bool)
    scale = x.dtype.type(p) if inverted and p < 1 else x.dtype.type(1)
    np.testing.assert_array_equal(out[mask], x[mask] / scale)
    assert np.all(out[~mask] == 0)
    # backward of ones is the pattern of the forward: 1/p (or 1) where kept, 0 where dropped
    dx = dropout_backward(np.ones_like(x), cache)
    assert dx.dtype == x.dtype
    np.testing.assert_array_equal(dx, np.where(mask, x.dtype.type(1) / scale, x.dtype.type(0)))


@settings(max_examples=40, deadline=None)
@given(x=float_arrays, p=st.floats(0.05, 1.0), inverted=st.booleans())
def test_property_inference_is_deterministic_and_scaled(x, p, inverted):
    out, cache = dropout_forward(x, p, np.random.default_rng(0), training=False, inverted=inverted)
    assert out.shape == x.shape and out.dtype == x.dtype and cache.mask is None
    expected = x if inverted else x * x.dtype.type(p)
    np.testing.assert_array_equal(out, expected)


# --- a given mask, and no Generator where nothing is drawn ------------------------------


@pytest.mark.parametrize("inverted", [True, False])
def test_given_mask_is_used_instead_of_a_draw(inverted):
    x = np.arange(1.0, 13.0).reshape(3, 4)
    mask = np.array([[True, False, True, False]] * 3)
    out, cache = dropout_forward(x, 0.5, None, training=True, inverted=inverted, mask=mask)
    expected = np.where(mask, x / 0.5 if inverted else x, 0.0)
    np.testing.assert_array_equal(out, expected)
    assert cache.mask is mask
    np.testing.assert_array_equal(dropout_backward(np.ones_like(x), cache), expected / x)


def test_given_mask_draws_nothing_from_the_rng():
    rng = np.random.default_rng(3)
    state = rng.bit_generator.state
    dropout_forward(np.ones((2, 3)), 0.5, rng, mask=np.ones((2, 3), dtype=bool))
    assert rng.bit_generator.state == state


def test_rng_may_be_none_when_nothing_is_drawn():
    x = np.ones((2, 3))
    np.testing.assert_array_equal(dropout_forward(x, 0.5, None, training=False)[0], x)
    np.testing.assert_array_equal(dropout_forward(x, 1.0, None, training=True)[0], x)
    with pytest.raises(TypeError, match=r"`rng` must be a numpy.random.Generator.*None"):
        dropout_forward(x, 0.5, None, training=True)


@pytest.mark.parametrize(
    "mask, error, message",
    [
        (np.ones((2, 4), dtype=bool), ValueError, r"`mask` must have the shape of `x`, \(2, 3\)"),
        (np.ones((2, 3)), TypeError, r"`mask` must be a boolean NumPy array.*float64"),
        ([[True] * 3] * 2, TypeError, r"`mask` must be a boolean NumPy array.*list"),
    ],
)
def test_bad_mask_is_refused(mask, error, message):
    with pytest.raises(error, match=message):
        dropout_forward(np.ones((2, 3)), 0.5, None, mask=mask)


def test_mask_in_inference_is_refused():
    with pytest.raises(ValueError, match=r"`mask` is only used in training"):
        dropout_forward(np.ones((2, 3)), 0.5, None, training=False, mask=np.ones((2, 3), dtype=bool))


@pytest.mark.parametrize("name", ["training", "inverted"])
@pytest.mark.parametrize("value", ["False", 0, None])
def test_training_and_inverted_must_be_bools(name, value):
    with pytest.raises(TypeError, match=rf"`{name}` must be a bool, got {value!r}"):
        dropout_forward(np.ones((2, 3)), 0.5, np.random.default_rng(0), **{name: value})


# --- inf and NaN: a dropped unit is exactly 0, a kept one is x / p (or x) --------------
NON_FINITE = np.array([[np.inf, -np.inf, np.nan, 2.0]] * 2)
HALF_MASK = np.array([[True, True, True, True], [False, False, False, False]])


@pytest.mark.parametrize("inverted", [True, False])
def test_dropped_inf_and_nan_units_are_exactly_zero(inverted):
    with np.errstate(all="raise"):  # no invalid operation (inf * 0) either
        out, cache = dropout_forward(NON_FINITE, 0.5, None, inverted=inverted, mask=HALF_MASK)
    np.testing.assert_array_equal(out[1], np.zeros(4))
    scale = 0.5 if inverted else 1.0
    np.testing.assert_array_equal(out[0], NON_FINITE[0] / scale)  # a kept NaN stays NaN
    # backward: an inf or NaN upstream gradient does not reach a dropped unit
    with np.errstate(all="raise"):
        dx = dropout_backward(NON_FINITE, cache)
    np.testing.assert_array_equal(dx, out)


def test_dropped_inf_and_nan_units_are_exactly_zero_with_a_drawn_mask():
    x = np.tile(NON_FINITE[0], (50, 25))
    out, cache = dropout_forward(x, 0.5, np.random.default_rng(0))
    assert np.all(out[~cache.mask] == 0)
    np.testing.assert_array_equal(out[cache.mask], x[cache.mask] / 0.5)
    assert np.all(dropout_backward(x, cache)[~cache.mask] == 0)


# --- keep_prob = 0 keeps no unit (as keras.layers.Dropout(rate=1)) -----------------------
@pytest.mark.parametrize("inverted", [True, False])
def test_keep_prob_zero_drops_every_unit_in_training(inverted):
    x = np.concatenate([np.random.default_rng(0).standard_normal((3, 4)), NON_FINITE]).astype(np.float32)
    with np.errstate(all="raise"):  # no division by zero
        out, cache = dropout_forward(x, 0.0, None, training=True, inverted=inverted)
        dx = dropout_backward(np.ones_like(x), cache)
    assert out.dtype == x.dtype and dx.dtype == x.dtype
    np.testing.assert_array_equal(out, np.zeros_like(x))
    np.testing.assert_array_equal(dx, np.zeros_like(x))
    assert cache.mask.shape == x.shape and not cache.mask.any()


@pytest.mark.parametrize("inverted", [True, False])
def test_keep_prob_zero_at_inference_is_identity_inverted_and_zero_standard(inverted):
    x = np.concatenate([np.random.default_rng(1).standard_normal((3, 4)), NON_FINITE])
    dout = np.random.default_rng(2).standard_normal(x.shape)
    with np.errstate(all="raise"):
        out, cache = dropout_forward(x, 0.0, None, training=False, inverted=inverted)
        dx = dropout_backward(dout, cache)
    np.testing.assert_array_equal(out, x if inverted else np.zeros_like(x))  # p * x = 0
    np.testing.assert_array_equal(dx, dout if inverted else np.zeros_like(x))


def test_keep_prob_zero_refuses_a_mask_that_keeps_a_unit():
    x = np.ones((2, 3))
    mask = np.zeros((2, 3), dtype=bool)
    mask[0, 1] = True
    with pytest.raises(ValueError, match=r"`mask` keeps 1 unit.*keep_prob=0"):
        dropout_forward(x, 0.0, None, mask=mask)
    out, _ = dropout_forward(x, 0.0, None, mask=np.zeros((2, 3), dtype=bool))
    np.testing.assert_array_equal(out, np.zeros((2, 3)))


# --- noise_shape: one mask entry shared along the axes of size 1 -------------------------
def test_noise_shape_shares_one_mask_per_feature_map():
    x = np.random.default_rng(3).standard_normal((4, 3, 5, 5))
    for noise_shape in [(4, 3, 1, 1), (None, None, 1, 1), (4, None, 1, 1)]:
        out, cache = dropout_forward(x, 0.5, np.random.default_rng(4), noise_shape=noise_shape)
        assert cache.mask.shape == x.shape and cache.mask.dtype == bool
        per_map = cache.mask.reshape(4, 3, 25)
        assert np.all(per_map.all(axis=2) | ~per_map.any(axis=2))  # each 5x5 map all kept or all dropped
        assert 0 < per_map[:, :, 0].sum() < 12
        np.testing.assert_array_equal(out, np.where(cache.mask, x / 0.5, 0.0))
        # the mask is one draw of the noise shape, broadcast
        drawn = fast_bernoulli_mask((4, 3, 1, 1), 0.5, np.random.default_rng(4))
        np.testing.assert_array_equal(cache.mask, np.broadcast_to(drawn, x.shape))


def test_noise_shape_equal_to_the_input_shape_is_the_default():
    x = np.ones((6, 7))
    a, _ = dropout_forward(x, 0.3, np.random.default_rng(5), noise_shape=(6, 7))
    b, _ = dropout_forward(x, 0.3, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("p", [0.2, 0.7])
def test_noise_shape_keeps_a_fraction_p_of_the_shared_entries(p):
    x = np.ones((2000, 40, 3))
    _, cache = dropout_forward(x, p, np.random.default_rng(6), noise_shape=(None, 40, 1))
    n = 2000 * 40  # independent draws
    assert abs(cache.mask.mean() - p) < 5 * np.sqrt(p * (1 - p) / n)
    assert np.all(cache.mask == cache.mask[:, :, :1])


@pytest.mark.parametrize("inverted", [True, False])
def test_noise_shape_backward_matches_centred_differences(inverted):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 4, 2))
    w = rng.standard_normal(x.shape)

    def forward():
        return dropout_forward(x, 0.6, np.random.default_rng(8), inverted=inverted, noise_shape=(3, 1, 2))

    def f():
        return float(np.sum(w * forward()[0]))

    out, cache = forward()
    dx = dropout_backward(w, cache)
    np.testing.assert_array_equal(dx, np.where(cache.mask, w / 0.6 if inverted else w, 0.0))
    assert relative_error(dx, numerical_gradient(f, x)) < 1e-7


@pytest.mark.parametrize(
    "noise_shape, error, message",
    [
        ("Invalid", TypeError, r"`noise_shape`.*'Invalid'"),
        (5, TypeError, r"`noise_shape`.*5"),
        ((4, 1.5, 1, 1), TypeError, r"`noise_shape`.*\(4, 1\.5, 1, 1\).*1\.5"),
        ((4, True, 1, 1), TypeError, r"`noise_shape`.*True"),
        ((4, -1, 1, 1), ValueError, r"`noise_shape`.*\(4, -1, 1, 1\)"),
        ((4, 0, 1, 1), ValueError, r"`noise_shape`.*\(4, 0, 1, 1\)"),
        ((4, 3, 1), ValueError, r"`noise_shape`.*rank.*\(4, 3, 5, 5\).*noise_shape=\(4, 3, 1\)"),
        ((4, 3, 2, 1), ValueError, r"`noise_shape`.*\(4, 3, 2, 1\).*1 or 5"),
    ],
)
def test_bad_noise_shape_is_refused(noise_shape, error, message):
    with pytest.raises(error, match=message):
        dropout_forward(np.ones((4, 3, 5, 5)), 0.5, np.random.default_rng(0), noise_shape=noise_shape)


def test_noise_shape_and_a_given_mask_are_not_both_allowed():
    with pytest.raises(ValueError, match=r"`mask` and `noise_shape`"):
        dropout_forward(np.ones((2, 3)), 0.5, None, mask=np.ones((2, 3), dtype=bool), noise_shape=(2, 1))
