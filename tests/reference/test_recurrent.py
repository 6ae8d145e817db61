"""rnn_forward / rnn_backward and recurrent_masks: naive and variational RNN dropout (chapter 10)."""

import numpy as np
import pytest

from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.reference.recurrent import recurrent_masks, rnn_backward, rnn_forward


def params(n=3, steps=5, d=4, units=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, steps, d))
    Wx, Wh = 0.5 * rng.standard_normal((d, units)), 0.5 * rng.standard_normal((units, units))
    return x, Wx, Wh, rng.standard_normal(units)


def test_variational_masks_are_shared_across_time_and_naive_ones_are_not():
    rng = np.random.default_rng(0)
    var = recurrent_masks(28, (50, 20), 0.5, rng, variational=True)
    naive = recurrent_masks(28, (50, 20), 0.5, rng, variational=False)
    assert var.shape == naive.shape == (28, 50, 20)
    assert all(np.array_equal(var[t], var[0]) for t in range(28))
    assert not np.array_equal(naive[1], naive[0])
    assert not np.array_equal(var[0][0], var[0][1])  # but a different mask for every sequence
    for m in (var, naive):
        assert abs(m.mean() - 0.5) < 5 * np.sqrt(0.25 / m[0].size)


def test_inference_and_keep_prob_one_need_no_generator_and_agree():
    x, Wx, Wh, b = params()
    h_inf, cache = rnn_forward(x, Wx, Wh, b, training=False, keep_prob_x=0.5, keep_prob_h=0.5)
    h_one, _ = rnn_forward(x, Wx, Wh, b)
    np.testing.assert_array_equal(h_inf, h_one)
    assert cache.mask_h is None
    h = np.zeros(6)  # the recursion written out for the first example
    for t in range(5):
        h = np.tanh(x[0, t] @ Wx + h @ Wh + b)
    np.testing.assert_allclose(h_inf[0], h, rtol=1e-12)


def test_the_masks_enter_as_in_the_equation():
    x, Wx, Wh, b = params(steps=3)
    rng = np.random.default_rng(1)
    mx = recurrent_masks(3, (3, 4), 0.5, rng, variational=False)
    mh = recurrent_masks(3, (3, 6), 0.8, rng, variational=False)
    h_T, _ = rnn_forward(x, Wx, Wh, b, keep_prob_x=0.5, keep_prob_h=0.8, masks=(mx, mh))
    h = np.zeros((3, 6))
    for t in range(3):
        h = np.tanh((mx[t] * x[:, t] / 0.5) @ Wx + (mh[t] * h / 0.8) @ Wh + b)
    np.testing.assert_allclose(h_T, h, rtol=1e-12)


@pytest.mark.parametrize("variational", [True, False])
def test_backward_matches_centred_differences(variational):
    x, Wx, Wh, b = params()
    rng = np.random.default_rng(2)
    mx = recurrent_masks(5, (3, 4), 0.7, rng, variational=variational)
    mh = recurrent_masks(5, (3, 6), 0.7, rng, variational=variational)
    dh = rng.standard_normal((3, 6))

    def loss():
        return np.sum(rnn_forward(x, Wx, Wh, b, keep_prob_x=0.7, keep_prob_h=0.7, masks=(mx, mh))[0] * dh)

    _, cache = rnn_forward(x, Wx, Wh, b, keep_prob_x=0.7, keep_prob_h=0.7, masks=(mx, mh))
    dWx, dWh, db = rnn_backward(dh, cache)
    for grad, param in ((dWx, Wx), (dWh, Wh), (db, b)):
        assert relative_error(grad, numerical_gradient(loss, param)) < 1e-7


def test_bad_input_is_refused():
    x, Wx, Wh, b = params()
    with pytest.raises(ValueError, match="shapes do not fit"):
        rnn_forward(x, Wx.T, Wh, b)
    with pytest.raises(ValueError, match="`keep_prob_h`"):
        rnn_forward(x, Wx, Wh, b, np.random.default_rng(0), keep_prob_h=0.0)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        rnn_forward(x, Wx, Wh, b, None, keep_prob_x=0.5)
    with pytest.raises(ValueError, match="`masks` are only used in training"):
        rnn_forward(x, Wx, Wh, b, training=False, masks=(None, None))
    with pytest.raises(ValueError, match="`mask_h` must be a boolean array"):
        rnn_forward(x, Wx, Wh, b, masks=(None, np.ones((5, 3, 6))))
    with pytest.raises(TypeError, match="`variational` must be True or False"):
        recurrent_masks(3, (2, 2), 0.5, np.random.default_rng(0), variational=1)
    with pytest.raises(ValueError, match="`steps` must be a positive int"):
        recurrent_masks(0, (2, 2), 0.5, np.random.default_rng(0), variational=True)
    _, cache = rnn_forward(x, Wx, Wh, b)
    with pytest.raises(ValueError, match="`dh_last` must have the shape of a state"):
        rnn_backward(np.ones((3, 5)), cache)
