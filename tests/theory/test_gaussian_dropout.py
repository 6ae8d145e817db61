"""Gaussian dropout (chapter 4, eq. eq-ch04-gaussian): same mean and variance as inverted dropout."""

import numpy as np
import pytest

from dropout.reference.dropout_layer import dropout_forward
from dropout.reference.gaussian_dropout import gaussian_dropout_backward, gaussian_dropout_forward
from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.theory.moments import activation_variance, expected_activation


@pytest.mark.parametrize("p", [0.5, 0.8])
def test_mean_and_variance_match_inverted_dropout(p):
    rng = np.random.default_rng(0)
    K = 200_000
    y = 2.0
    x = np.full(K, y)
    gauss, _ = gaussian_dropout_forward(x, p, rng)
    bern, _ = dropout_forward(x, p, rng, inverted=True)
    mean = expected_activation(np.array([y]), p, inverted=True)[0]
    var = activation_variance(np.array([y]), p, inverted=True)[0]
    for out in (gauss, bern):
        se_mean = out.std() / np.sqrt(K)
        dev2 = (out - mean) ** 2
        se_var = dev2.std() / np.sqrt(K)
        assert abs(out.mean() - mean) <= 5 * se_mean
        assert abs(dev2.mean() - var) <= 5 * se_var  # exact (0 <= 0) for p = 0.5 Bernoulli


def test_inference_and_keep_prob_one_are_identity():
    x = np.arange(6.0).reshape(2, 3)
    for kwargs in ({"keep_prob": 0.5, "training": False}, {"keep_prob": 1.0}):
        out, cache = gaussian_dropout_forward(x, rng=np.random.default_rng(0), **kwargs)
        np.testing.assert_array_equal(out, x)
        assert cache.noise is None
        np.testing.assert_array_equal(gaussian_dropout_backward(np.ones_like(x), cache), np.ones_like(x))


def test_noise_is_fresh_per_entry_and_call_and_keeps_dtype():
    rng = np.random.default_rng(0)
    x = np.ones((4, 5), dtype=np.float32)
    a, ca = gaussian_dropout_forward(x, 0.5, rng)
    b, _ = gaussian_dropout_forward(x, 0.5, rng)
    assert a.dtype == np.float32 and ca.noise.dtype == np.float32
    assert len(np.unique(a)) == a.size
    assert not np.array_equal(a, b)


def test_backward_matches_centred_differences():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 4))
    dout = rng.standard_normal((3, 4))
    _, cache = gaussian_dropout_forward(x, 0.7, np.random.default_rng(11))

    def f():  # same noise every call: re-seeded generator
        out, _ = gaussian_dropout_forward(x, 0.7, np.random.default_rng(11))
        return float(np.sum(out * dout))

    dx_num = numerical_gradient(f, x)
    dx = gaussian_dropout_backward(dout, cache)
    assert relative_error(dx, dx_num) < 1e-8


def test_bad_inputs():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="`x` must be a floating array"):
        gaussian_dropout_forward(np.ones(3, dtype=int), 0.5, rng)
    with pytest.raises(ValueError, match="keep_prob=0"):
        gaussian_dropout_forward(np.ones(3), 0, rng)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        gaussian_dropout_forward(np.ones(3), 0.5, 0)
    _, cache = gaussian_dropout_forward(np.ones(3), 0.5, rng)
    with pytest.raises(ValueError, match=r"dout.shape=\(4,\)"):
        gaussian_dropout_backward(np.ones(4), cache)
    with pytest.raises(TypeError, match="`dout` must be a NumPy array"):
        gaussian_dropout_backward([1.0, 1.0, 1.0], cache)


def test_rng_may_be_none_when_nothing_is_drawn():
    """As dropout_forward: no Generator is needed at inference or with keep_prob = 1."""
    x = np.arange(6.0).reshape(2, 3)
    for kwargs in ({"keep_prob": 0.5, "training": False}, {"keep_prob": 1.0, "training": True}):
        out, cache = gaussian_dropout_forward(x, rng=None, **kwargs)
        np.testing.assert_array_equal(out, x)
        assert cache.noise is None
        np.testing.assert_array_equal(dropout_forward(x, rng=None, **kwargs)[0], x)
    with pytest.raises(TypeError, match=r"`rng` must be a numpy.random.Generator.*None"):
        gaussian_dropout_forward(x, 0.5, None, training=True)


@pytest.mark.parametrize("training", [True, False])
def test_keep_prob_zero_is_refused_because_the_variance_is_infinite(training):
    with pytest.raises(ValueError, match=r"`keep_prob`.*infinite variance.*keep_prob=0\.0"):
        gaussian_dropout_forward(np.ones(3), 0.0, None, training=training)


def test_bad_keep_prob(bad_keep_prob):  # the shared table of tests/conftest.py
    with pytest.raises(bad_keep_prob.error, match=bad_keep_prob.match()):
        gaussian_dropout_forward(np.ones(3), bad_keep_prob.value, np.random.default_rng(0))
