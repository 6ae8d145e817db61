"""dropconnect_forward / dropconnect_backward: DropConnect (Wan et al. 2013), checked."""

import numpy as np
import pytest

from dropout.reference.dropconnect import (
    DropConnectCache,
    dropconnect_backward,
    dropconnect_forward,
)
from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.reference.layers import affine_forward


def layer(n=4, d=6, m=3, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(dtype)
    W = rng.standard_normal((d, m)).astype(dtype)
    b = rng.standard_normal(m).astype(dtype)
    return x, W, b


# ------------------------------------------------------------------ shapes
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("training", [True, False])
def test_shapes_and_dtypes(dtype, training):
    x, W, b = layer(5, 7, 2, dtype)
    out, cache = dropconnect_forward(x, W, b, 0.7, np.random.default_rng(1), training=training)
    assert out.shape == (5, 2) and out.dtype == dtype
    assert isinstance(cache, DropConnectCache) and cache.W_eff.shape == W.shape
    dx, dW, db = dropconnect_backward(np.ones_like(out), cache)
    assert (dx.shape, dW.shape, db.shape) == (x.shape, W.shape, b.shape)
    assert dx.dtype == dW.dtype == db.dtype == dtype


# --------------------------------------------------------------- inference
def test_inverted_inference_is_the_full_affine_layer_and_draws_nothing():
    x, W, b = layer()
    out, cache = dropconnect_forward(x, W, b, 0.5, None, training=False)
    np.testing.assert_array_equal(out, affine_forward(x, W, b)[0])
    assert cache.mask is None


def test_standard_inference_scales_the_weights_by_p_not_the_bias():
    x, W, b = layer()
    out, _ = dropconnect_forward(x, W, b, 0.3, None, training=False, inverted=False)
    np.testing.assert_array_equal(out, x @ (W * 0.3) + b)


def test_keep_prob_one_is_the_affine_layer_in_training_without_a_generator():
    x, W, b = layer()
    out, cache = dropconnect_forward(x, W, b, 1.0, None)
    np.testing.assert_array_equal(out, x @ W + b)
    assert cache.mask is None


# ----------------------------------------------------------------- the mask
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_survivors_are_exactly_w_over_p_and_the_rest_zero(dtype, p):
    x, W, b = layer(3, 40, 30, dtype)
    out, cache = dropconnect_forward(x, W, b, p, np.random.default_rng(2))
    kept = cache.mask
    assert kept.dtype == bool and kept.shape == W.shape and 0 < kept.sum() < kept.size
    np.testing.assert_array_equal(cache.W_eff[kept], (W / W.dtype.type(p))[kept])
    assert np.all(cache.W_eff[~kept] == 0)
    np.testing.assert_array_equal(out, x @ cache.W_eff + b)


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_kept_fraction_is_p_within_a_binomial_bound(p):
    x, W, b = layer(2, 300, 200)
    mask = dropconnect_forward(x, W, b, p, np.random.default_rng(3))[1].mask
    assert abs(mask.mean() - p) < 5 * np.sqrt(p * (1 - p) / mask.size)


def test_same_seed_same_mask_and_successive_calls_differ():
    x, W, b = layer(2, 20, 10)
    rng = np.random.default_rng(4)
    a = dropconnect_forward(x, W, b, 0.5, rng)[1].mask
    again = dropconnect_forward(x, W, b, 0.5, rng)[1].mask
    assert not np.array_equal(a, again)
    np.testing.assert_array_equal(dropconnect_forward(x, W, b, 0.5, np.random.default_rng(4))[1].mask, a)


def test_one_mask_for_the_whole_batch():
    # identical rows of x give identical rows of out: every row sees the same M
    x = np.ones((8, 20))
    _, W, b = layer(1, 20, 5)
    out, _ = dropconnect_forward(x, W, b, 0.5, np.random.default_rng(5))
    np.testing.assert_array_equal(out, np.broadcast_to(out[0], out.shape))


def test_a_given_mask_replaces_the_draw():
    x, W, b = layer()
    mask = np.random.default_rng(6).random(W.shape) < 0.5
    out, cache = dropconnect_forward(x, W, b, 0.5, None, mask=mask)
    np.testing.assert_array_equal(out, x @ (W * mask / 0.5) + b)
    assert cache.mask is mask


# ---------------------------------------------------------------- the mean
@pytest.mark.parametrize("p", [0.3, 0.7])
def test_average_over_masks_is_the_full_layer(p):
    # Each entry out_nm = sum_d x_nd W_dm M_dm / p + b_m with independent M_dm,
    # so Var(out_nm) = (1 - p) / p * sum_d x_nd^2 W_dm^2 and the mean of K draws
    # has standard deviation sqrt(Var / K); allow 5 of them per entry.
    x, W, b = layer(4, 6, 3)
    rng = np.random.default_rng(7)
    K = 4000
    mean = sum(dropconnect_forward(x, W, b, p, rng)[0] for _ in range(K)) / K
    sd = np.sqrt((1 - p) / p * (x**2) @ (W**2))
    np.testing.assert_array_less(np.abs(mean - (x @ W + b)), 5 * sd / np.sqrt(K))


# ---------------------------------------------------------------- gradients
@pytest.mark.parametrize("inverted", [True, False])
@pytest.mark.parametrize("training", [True, False])
def test_backward_matches_centred_differences(training, inverted):
    x, W, b = layer(3, 5, 4)
    dout = np.random.default_rng(8).standard_normal((3, 4))
    mask = (np.random.default_rng(9).random(W.shape) < 0.6) if training else None

    def loss():
        out, _ = dropconnect_forward(x, W, b, 0.6, None, training=training, inverted=inverted, mask=mask)
        return np.sum(out * dout)

    _, cache = dropconnect_forward(x, W, b, 0.6, None, training=training, inverted=inverted, mask=mask)
    dx, dW, db = dropconnect_backward(dout, cache)
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-7
    assert relative_error(dW, numerical_gradient(loss, W)) < 1e-7
    assert relative_error(db, numerical_gradient(loss, b)) < 1e-7
    if training:
        assert np.all(dW[~mask] == 0)


def test_backward_draws_no_new_mask():
    x, W, b = layer()
    rng = np.random.default_rng(10)
    _, cache = dropconnect_forward(x, W, b, 0.5, rng)
    state = rng.bit_generator.state
    first = dropconnect_backward(np.ones((4, 3)), cache)
    second = dropconnect_backward(np.ones((4, 3)), cache)
    assert rng.bit_generator.state == state
    for a, c in zip(first, second):
        np.testing.assert_array_equal(a, c)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "shapes",
    [((4, 6), (5, 3), (3,)), ((4, 6), (6, 3), (4,)), ((6,), (6, 3), (3,)), ((4, 6), (6, 3), (1, 3))],
)
def test_shapes_that_do_not_fit_are_refused(shapes):
    x, W, b = (np.zeros(s) for s in shapes)
    with pytest.raises(ValueError, match=r"shapes do not fit: x .* @ W .* \+ b"):
        dropconnect_forward(x, W, b, 0.5, np.random.default_rng(0))


@pytest.mark.parametrize("keep_prob", [0.0, -0.1, 1.5, float("nan")])
def test_keep_prob_outside_range_is_refused(keep_prob):
    x, W, b = layer()
    with pytest.raises(ValueError, match="`keep_prob`"):
        dropconnect_forward(x, W, b, keep_prob, np.random.default_rng(0))


@pytest.mark.parametrize("keep_prob", ["0.5", None, True])
def test_keep_prob_not_a_number_is_refused(keep_prob):
    x, W, b = layer()
    with pytest.raises(TypeError, match="`keep_prob`"):
        dropconnect_forward(x, W, b, keep_prob, np.random.default_rng(0))


@pytest.mark.parametrize("rng", [None, 0, np.random.RandomState(0)])
def test_rng_must_be_a_generator_when_a_mask_is_drawn(rng):
    x, W, b = layer()
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        dropconnect_forward(x, W, b, 0.5, rng)


@pytest.mark.parametrize("name", ["x", "W", "b"])
def test_non_float_arrays_are_refused(name):
    args = dict(zip("xWb", layer()))
    args[name] = args[name].astype(int)
    with pytest.raises(TypeError, match=f"`{name}` must be a floating array"):
        dropconnect_forward(args["x"], args["W"], args["b"], 0.5, np.random.default_rng(0))
    args[name] = args[name].tolist()
    with pytest.raises(TypeError, match=f"`{name}` must be a NumPy array of floats"):
        dropconnect_forward(args["x"], args["W"], args["b"], 0.5, np.random.default_rng(0))


def test_bad_flags_and_masks_are_refused():
    x, W, b = layer()
    with pytest.raises(TypeError, match="`training` must be True or False, got 'no'"):
        dropconnect_forward(x, W, b, 0.5, None, training="no")
    with pytest.raises(TypeError, match="`inverted` must be True or False, got 1"):
        dropconnect_forward(x, W, b, 0.5, None, inverted=1)
    with pytest.raises(ValueError, match=r"`mask` must have the shape of `W`, \(6, 3\)"):
        dropconnect_forward(x, W, b, 0.5, None, mask=np.ones((3, 6), bool))
    with pytest.raises(TypeError, match="`mask` must be a boolean"):
        dropconnect_forward(x, W, b, 0.5, None, mask=np.ones(W.shape))
    with pytest.raises(ValueError, match="`mask` is only used in training"):
        dropconnect_forward(x, W, b, 0.5, None, training=False, mask=np.ones(W.shape, bool))


def test_dout_of_the_wrong_shape_is_refused():
    x, W, b = layer()
    _, cache = dropconnect_forward(x, W, b, 0.5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"`dout` must have the shape of the forward output, \(4, 3\)"):
        dropconnect_backward(np.ones((3, 4)), cache)
