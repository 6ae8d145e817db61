"""SGD with momentum and the max-norm constraint."""

import numpy as np
import pytest

from dropout.reference import SGDMomentum, max_norm


def test_momentum_follows_v_mu_v_minus_lr_g():
    rng = np.random.default_rng(0)
    w0 = rng.standard_normal((3, 2))
    params = {"W": w0.copy()}
    opt = SGDMomentum(lr=0.1, momentum=0.9)
    g1, g2 = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    opt.step(params, {"W": g1})
    v1 = -0.1 * g1
    np.testing.assert_allclose(params["W"], w0 + v1, rtol=1e-15)
    opt.step(params, {"W": g2})
    v2 = 0.9 * v1 - 0.1 * g2
    np.testing.assert_allclose(params["W"], w0 + v1 + v2, rtol=1e-14)
    np.testing.assert_allclose(opt.velocity["W"], v2, rtol=1e-14)


def test_zero_momentum_is_plain_sgd_and_dtype_is_kept():
    params = {"W": np.ones(3, np.float32)}
    opt = SGDMomentum(lr=0.5, momentum=0.0)
    for _ in range(3):
        opt.step(params, {"W": np.ones(3, np.float32)})
    np.testing.assert_array_equal(params["W"], np.full(3, -0.5, np.float32))
    assert params["W"].dtype == np.float32 and opt.velocity["W"].dtype == np.float32


def test_step_updates_in_place():
    w = np.zeros(2)
    params = {"w": w}
    SGDMomentum(lr=1.0).step(params, {"w": np.ones(2)})
    assert params["w"] is w and np.all(w == -1.0)


@pytest.mark.parametrize(
    "lr, momentum, error, match",
    [
        (0.0, 0.9, ValueError, r"`lr`.*positive.*lr=0\.0"),
        (-0.1, 0.9, ValueError, r"`lr`"),
        (float("nan"), 0.9, ValueError, r"`lr`.*finite"),
        ("0.1", 0.9, TypeError, r"`lr`.*'0\.1'"),
        (True, 0.9, TypeError, r"`lr`.*bool"),
        (0.1, 1.0, ValueError, r"`momentum`.*\[0, 1\).*momentum=1\.0"),
        (0.1, -0.5, ValueError, r"`momentum`"),
        (0.1, None, TypeError, r"`momentum`.*None"),
    ],
)
def test_sgd_bad_hyperparameters(lr, momentum, error, match):
    with pytest.raises(error, match=match):
        SGDMomentum(lr, momentum)


def test_sgd_bad_grads():
    opt = SGDMomentum(0.1)
    with pytest.raises(ValueError, match=r"`grads`.*keys.*\['b'\].*\['a'\]"):
        opt.step({"a": np.zeros(2)}, {"b": np.zeros(2)})
    with pytest.raises(ValueError, match=r"grads\['a'\].*\(3,\).*\(2,\)"):
        opt.step({"a": np.zeros(2)}, {"a": np.zeros(3)})
    with pytest.raises(TypeError, match=r"dicts"):
        opt.step([np.zeros(2)], [np.zeros(2)])


# ------------------------------------------------------------------ max-norm
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_max_norm_rescales_long_columns_to_c_and_leaves_others_untouched(dtype):
    rng = np.random.default_rng(1)
    W = (rng.standard_normal((50, 40)) * rng.uniform(0.05, 0.5, 40)).astype(dtype)  # column norms ~0.35 .. 3.5
    b = rng.standard_normal(40).astype(dtype)
    params = {"W1": W.copy(), "b1": b.copy()}
    c = 1.5
    before = np.linalg.norm(W, axis=0)
    long_ = before > c
    assert 0 < long_.sum() < 40  # the test covers both cases
    max_norm(params, c)
    after = np.linalg.norm(params["W1"].astype(np.float64), axis=0)
    np.testing.assert_allclose(after[long_], c, rtol=1e-6 if dtype == np.float32 else 1e-14)
    np.testing.assert_array_equal(params["W1"][:, ~long_], W[:, ~long_])  # untouched, bit for bit
    # the direction of a rescaled column is kept
    cos = np.sum(params["W1"][:, long_] * W[:, long_], axis=0) / (after[long_] * before[long_])
    np.testing.assert_allclose(cos, 1.0, rtol=1e-5)
    np.testing.assert_array_equal(params["b1"], b)  # biases are not constrained
    assert params["W1"].dtype == dtype


def test_max_norm_keys_and_bad_arguments():
    params = {"W1": np.full((4, 2), 10.0), "W2": np.full((2, 2), 10.0)}
    max_norm(params, 1.0, keys=["W2"])
    assert np.all(params["W1"] == 10.0)
    np.testing.assert_allclose(np.linalg.norm(params["W2"], axis=0), 1.0)
    with pytest.raises(ValueError, match=r"`c`.*positive.*c=0\.0"):
        max_norm(params, 0.0)
    with pytest.raises(ValueError, match=r"`c`.*finite"):
        max_norm(params, float("inf"))
    with pytest.raises(TypeError, match=r"`c`.*'3'"):
        max_norm(params, "3")
    with pytest.raises(ValueError, match=r"'W9'.*not in params"):
        max_norm(params, 1.0, keys=["W9"])
    with pytest.raises(ValueError, match=r"2-D"):
        max_norm({"b": np.ones(3)}, 1.0, keys=["b"])
    with pytest.raises(TypeError, match=r"`params`.*dict"):
        max_norm([np.ones((2, 2))], 1.0)
