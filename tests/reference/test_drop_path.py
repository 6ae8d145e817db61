"""drop_path_forward / drop_path_backward: stochastic depth, one Bernoulli per example (chapter 10)."""

import numpy as np
import pytest

from dropout.reference.drop_path import drop_path_backward, drop_path_forward
from dropout.reference.gradcheck import numerical_gradient, relative_error


def test_one_draw_per_example_shared_by_its_features_and_inverted_scaling():
    f = np.random.default_rng(0).standard_normal((200, 3, 4))
    out, cache = drop_path_forward(f, 0.7, np.random.default_rng(1))
    kept = cache.mask[:, 0, 0]
    assert np.all(cache.mask == kept[:, None, None])
    np.testing.assert_array_equal(out[kept], f[kept] / 0.7)
    assert np.all(out[~kept] == 0) and 0 < kept.sum() < 200


def test_expectation_over_masks_is_the_branch():
    f = np.random.default_rng(2).standard_normal((4, 5))
    rng = np.random.default_rng(3)
    K, p = 20_000, 0.6
    mean = sum(drop_path_forward(f, p, rng)[0] for _ in range(K)) / K
    sd = np.abs(f) * np.sqrt((1 - p) / p) / np.sqrt(K)
    np.testing.assert_array_less(np.abs(mean - f), 5 * sd + 1e-12)


def test_inference_is_the_identity_and_draws_nothing():
    f = np.ones((3, 2))
    out, cache = drop_path_forward(f, 0.5, None, training=False)
    np.testing.assert_array_equal(out, f)
    assert cache.mask is None


def test_backward_matches_centred_differences():
    rng = np.random.default_rng(4)
    f, dout = rng.standard_normal((6, 3)), rng.standard_normal((6, 3))
    mask = np.array([True, False, True, True, False, True])
    _, cache = drop_path_forward(f, 0.8, None, mask=mask)
    grad = drop_path_backward(dout, cache)

    def loss():
        return np.sum(drop_path_forward(f, 0.8, None, mask=mask)[0] * dout)

    assert relative_error(grad, numerical_gradient(loss, f)) < 1e-8
    assert np.all(grad[~mask] == 0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="`branch` must have a batch axis"):
        drop_path_forward(np.ones(3), 0.5, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"`mask` must have shape \(batch,\)"):
        drop_path_forward(np.ones((3, 2)), 0.5, None, mask=np.ones(2, bool))
    with pytest.raises(TypeError, match="`mask` must be a boolean"):
        drop_path_forward(np.ones((3, 2)), 0.5, None, mask=np.ones(3))
    with pytest.raises(ValueError, match="`keep_prob`"):
        drop_path_forward(np.ones((3, 2)), 1.5, np.random.default_rng(0))
    with pytest.raises(TypeError, match="`training` must be True or False"):
        drop_path_forward(np.ones((3, 2)), 0.5, None, training="yes")
