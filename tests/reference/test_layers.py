"""Forward values and centred-difference gradient checks of every layer."""

import numpy as np
import pytest

from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.reference.layers import (
    affine_backward,
    affine_forward,
    log_softmax,
    relu_backward,
    relu_forward,
    sigmoid,
    sigmoid_backward,
    sigmoid_forward,
    softmax,
    softmax_cross_entropy,
)

TOL = 1e-7


@pytest.fixture
def rng():
    return np.random.default_rng(2014)


# ------------------------------------------------------------------ affine
def test_affine_forward_is_x_W_plus_b(rng):
    x, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 5)), rng.standard_normal(5)
    out, _ = affine_forward(x, W, b)
    np.testing.assert_allclose(out, x @ W + b, rtol=1e-15)
    # one example at a time, z_j = sum_i W_ij x_i + b_j, the book's column-vector form
    np.testing.assert_allclose(out[1], W.T @ x[1] + b, rtol=1e-12)


def test_affine_backward_matches_centred_differences(rng):
    x, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 5)), rng.standard_normal(5)
    dout = rng.standard_normal((4, 5))
    _, cache = affine_forward(x, W, b)
    dx, dW, db = affine_backward(dout, cache)

    def f():
        return float(np.sum(affine_forward(x, W, b)[0] * dout))

    assert relative_error(dx, numerical_gradient(f, x)) < TOL
    assert relative_error(dW, numerical_gradient(f, W)) < TOL
    assert relative_error(db, numerical_gradient(f, b)) < TOL
    dx_none, dW2, db2 = affine_backward(dout, cache, input_grad=False)
    assert dx_none is None
    np.testing.assert_array_equal(dW2, dW)
    np.testing.assert_array_equal(db2, db)


def test_affine_keeps_float32(rng):
    x, W, b = (a.astype(np.float32) for a in (rng.standard_normal((4, 3)), rng.standard_normal((3, 5)), np.zeros(5)))
    out, cache = affine_forward(x, W, b)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in affine_backward(np.ones((4, 5), np.float32), cache))


def test_affine_bad_inputs():
    with pytest.raises(ValueError, match=r"shapes do not fit.*\(4, 3\).*\(2, 5\)"):
        affine_forward(np.ones((4, 3)), np.ones((2, 5)), np.ones(5))
    with pytest.raises(ValueError, match=r"shapes do not fit"):
        affine_forward(np.ones((4, 3)), np.ones((3, 5)), np.ones(4))
    with pytest.raises(ValueError, match=r"`x` must be 2-D"):
        affine_forward(np.ones(3), np.ones((3, 5)), np.ones(5))
    with pytest.raises(TypeError, match=r"`W`.*floating"):
        affine_forward(np.ones((4, 3)), np.ones((3, 5), dtype=int), np.ones(5))
    _, cache = affine_forward(np.ones((4, 3)), np.ones((3, 5)), np.ones(5))
    with pytest.raises(ValueError, match=r"dout.*\(4, 5\).*\(5, 4\)"):
        affine_backward(np.ones((5, 4)), cache)


# -------------------------------------------------------------------- relu
def test_relu_forward_and_backward(rng):
    x = rng.standard_normal((5, 6))
    x[np.abs(x) < 1e-3] = 0.5  # stay away from the kink for the numerical check
    out, cache = relu_forward(x)
    np.testing.assert_array_equal(out, np.maximum(x, 0))
    dout = rng.standard_normal(x.shape)
    dx = relu_backward(dout, cache)
    np.testing.assert_array_equal(dx, dout * (x > 0))
    assert relative_error(dx, numerical_gradient(lambda: float(np.sum(relu_forward(x)[0] * dout)), x)) < TOL


def test_relu_at_zero_has_zero_gradient_and_no_negative_zero():
    out, cache = relu_forward(np.array([-2.0, 0.0, 3.0]))
    assert not np.signbit(out).any()
    np.testing.assert_array_equal(relu_backward(np.ones(3), cache), [0.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="dout"):
        relu_backward(np.ones(2), cache)
    with pytest.raises(TypeError, match="`x`"):
        relu_forward(np.array([1, 2]))


# ----------------------------------------------------------------- sigmoid
def test_sigmoid_values_and_stability():
    z = np.array([-800.0, -30.0, -1.0, 0.0, 1.0, 30.0, 800.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow warnings even at +-800
        s = sigmoid(z)
    np.testing.assert_allclose(s[1:-1], 1 / (1 + np.exp(-z[1:-1])), rtol=1e-15)
    assert s[0] == 0.0 and s[-1] == 1.0
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-15)  # symmetry sigma(-z) = 1 - sigma(z)
    assert sigmoid(np.zeros(3, np.float32)).dtype == np.float32


def test_sigmoid_backward_matches_centred_differences(rng):
    x = rng.standard_normal((4, 5)) * 3
    dout = rng.standard_normal(x.shape)
    out, cache = sigmoid_forward(x)
    np.testing.assert_array_equal(out, sigmoid(x))
    dx = sigmoid_backward(dout, cache)
    assert relative_error(dx, numerical_gradient(lambda: float(np.sum(sigmoid(x) * dout)), x)) < TOL


# ----------------------------------------------------------------- softmax
def test_softmax_rows_sum_to_one_and_are_shift_invariant(rng):
    z = rng.standard_normal((6, 4)) * 10
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    assert np.all(p > 0)
    np.testing.assert_allclose(softmax(z + 1000.0), p, rtol=1e-12)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        big = softmax(np.array([[1e4, 0.0, -1e4]]))
    np.testing.assert_array_equal(big, [[1.0, 0.0, 0.0]])
    assert softmax(z.astype(np.float32)).dtype == np.float32


def test_log_softmax_is_the_log_of_softmax_and_stays_finite(rng):
    z = rng.standard_normal((6, 4)) * 10
    np.testing.assert_allclose(log_softmax(z), np.log(softmax(z)), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.exp(log_softmax(z)).sum(axis=-1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(log_softmax(z + 1000.0), log_softmax(z), rtol=1e-12, atol=1e-12)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        big = log_softmax(np.array([[1e4, 0.0, -1e4]]))
    np.testing.assert_allclose(big, [[0.0, -1e4, -2e4]])  # log softmax would give -inf
    three_d = rng.standard_normal((2, 3, 5))  # the last axis holds the classes
    np.testing.assert_allclose(log_softmax(three_d)[1], log_softmax(three_d[1]), rtol=1e-15)
    assert log_softmax(z.astype(np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match=r"`logits`.*floating"):
        log_softmax(np.zeros((2, 3), dtype=int))


def test_cross_entropy_is_mean_negative_log_softmax_of_the_labels(rng):
    z = rng.standard_normal((7, 4))
    y = rng.integers(0, 4, 7)
    assert softmax_cross_entropy(z, y)[0] == -float(log_softmax(z)[np.arange(7), y].mean())


def test_cross_entropy_value_and_gradient(rng):
    z = rng.standard_normal((7, 4))
    y = rng.integers(0, 4, 7)
    loss, dz = softmax_cross_entropy(z, y)
    expected = -np.mean(np.log(softmax(z)[np.arange(7), y]))
    assert isinstance(loss, float)
    assert loss == pytest.approx(expected, rel=1e-13)
    num = numerical_gradient(lambda: softmax_cross_entropy(z, y)[0], z)
    assert relative_error(dz, num) < TOL
    np.testing.assert_allclose(dz.sum(axis=1), 0.0, atol=1e-16)  # each row of p - onehot sums to 0


def test_cross_entropy_is_finite_for_confident_mistakes():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, dz = softmax_cross_entropy(np.array([[0.0, 1e4]]), np.array([0]))
    assert loss == pytest.approx(1e4)
    np.testing.assert_allclose(dz, [[-1.0, 1.0]])


def test_cross_entropy_keeps_float32():
    loss, dz = softmax_cross_entropy(np.zeros((3, 2), np.float32), np.array([0, 1, 1]))
    assert dz.dtype == np.float32 and loss == pytest.approx(np.log(2))


@pytest.mark.parametrize(
    "y, error, match",
    [
        (np.array([0.0, 1.0]), TypeError, r"`y`.*integer.*float64"),
        ([0, 1], TypeError, r"`y`.*integer.*list"),
        (np.array([True, False]), TypeError, r"`y`.*integer.*bool"),
        (np.array([0, 3]), ValueError, r"`y`.*0\.\.2.*3"),
        (np.array([-1, 0]), ValueError, r"`y`.*0\.\.2.*-1"),
        (np.array([0, 1, 2]), ValueError, r"`y`.*shape \(2,\)"),
    ],
)
def test_cross_entropy_bad_labels(y, error, match):
    with pytest.raises(error, match=match):
        softmax_cross_entropy(np.zeros((2, 3)), y)


def test_cross_entropy_bad_logits():
    with pytest.raises(ValueError, match=r"`logits` must be 2-D"):
        softmax_cross_entropy(np.zeros(3), np.array([0]))
    with pytest.raises(TypeError, match=r"`logits`"):
        softmax_cross_entropy(np.zeros((1, 3), dtype=int), np.array([0]))
    with pytest.raises(ValueError, match=r"at least one example"):
        softmax_cross_entropy(np.zeros((0, 3)), np.array([], dtype=int))
