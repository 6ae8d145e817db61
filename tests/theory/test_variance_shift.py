"""train_variance, variance_shift, linear_layer_variances (chapter 10): closed forms against simulation."""

import numpy as np
import pytest

from dropout.reference.dropout_layer import dropout_forward
from dropout.reference.gaussian_dropout import gaussian_dropout_forward
from dropout.theory.variance_shift import linear_layer_variances, train_variance, variance_shift


@pytest.mark.parametrize("p", [0.5, 0.8])
def test_training_variance_matches_simulation_for_bernoulli_and_gaussian_dropout(p):
    rng = np.random.default_rng(0)
    x = 1.5 + 0.7 * rng.standard_normal(400_000)  # c = 1.5, v = 0.49
    expected = train_variance(1.5, 0.49, p)
    for out in (dropout_forward(x, p, rng)[0], gaussian_dropout_forward(x, p, rng)[0]):
        assert out.var() == pytest.approx(expected, rel=0.02)
    assert x.var() == pytest.approx(0.49, rel=0.02)


def test_shift_is_one_without_dropout_and_falls_with_the_drop_rate():
    assert variance_shift(2.0, 1.0, 1.0) == 1.0
    shifts = np.array([variance_shift(1.0, 1.0, p) for p in (0.9, 0.7, 0.5, 0.3)])
    assert np.all(np.diff(shifts) < 0) and np.all(shifts < 1)
    assert variance_shift(0.0, 1.0, 0.5) == pytest.approx(0.5)  # zero mean: Delta = p


def test_linear_layer_variances_match_sampled_masks():
    rng = np.random.default_rng(1)
    x = np.maximum(rng.standard_normal((300, 8)), 0.0)  # ReLU-like inputs
    W = rng.standard_normal((8, 3))
    var_test, var_train = linear_layer_variances(x, W, 0.6)
    reps = np.concatenate([dropout_forward(x, 0.6, rng)[0] @ W for _ in range(400)])
    np.testing.assert_allclose(reps.var(axis=0), var_train, rtol=0.03)
    np.testing.assert_allclose((x @ W).var(axis=0), var_test, rtol=1e-12)
    assert np.all(var_train > var_test)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="`keep_prob`"):
        train_variance(0.0, 1.0, 0.0)
    with pytest.raises(TypeError, match="`keep_prob`"):
        variance_shift(0.0, 1.0, "0.5")
    with pytest.raises(ValueError, match="`var` must be finite and non-negative"):
        train_variance(0.0, -1.0, 0.5)
    with pytest.raises(ValueError, match="`mean` must be finite"):
        variance_shift(np.inf, 1.0, 0.5)
    with pytest.raises(ValueError, match="both 0"):
        variance_shift(0.0, 0.0, 0.5)
    with pytest.raises(ValueError, match="shapes do not fit"):
        linear_layer_variances(np.ones((3, 2)), np.ones((3, 2)), 0.5)
