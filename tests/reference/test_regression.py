"""Tests of dropout.reference.regression and toy_regression: MC dropout regression (chapter 8)."""

import copy

import numpy as np
import pytest

from dropout.reference import (
    MLP,
    RegressionPrediction,
    SGDMomentum,
    fit_regression,
    make_toy_regression,
    mc_regression,
    model_precision,
    numerical_gradient,
    relative_error,
    squared_error,
    toy_target,
)


def _net(p=0.8, sizes=(2, 6, 5, 1), seed=0, inverted=False):
    return MLP(list(sizes), keep_prob_hidden=p, inverted=inverted, rng=np.random.default_rng(seed))


# ------------------------------------------------------------------ squared_error
def test_squared_error_value_and_gradient_against_centred_differences():
    rng = np.random.default_rng(0)
    y_hat, y = rng.standard_normal((7, 2)), rng.standard_normal((7, 2))
    loss, grad = squared_error(y_hat, y)
    assert loss == pytest.approx(0.5 * np.sum((y - y_hat) ** 2) / 7, rel=1e-12)
    numeric = numerical_gradient(lambda: squared_error(y_hat, y)[0], y_hat)
    assert relative_error(grad, numeric) < 1e-8


def test_squared_error_rejects_bad_input():
    with pytest.raises(ValueError, match=r"`y` must have shape \(2, 1\)"):
        squared_error(np.zeros((2, 1)), np.zeros((2,)))
    with pytest.raises(ValueError, match="`y_hat` must have shape"):
        squared_error(np.zeros(2), np.zeros(2))
    with pytest.raises(TypeError, match="`y` must be a floating array"):
        squared_error(np.zeros((2, 1)), np.zeros((2, 1), dtype=int))
    with pytest.raises(ValueError, match="`y` must be finite"):
        squared_error(np.zeros((1, 1)), np.full((1, 1), np.nan))


# ------------------------------------------------------------------ the objective's gradient
def test_dropout_objective_gradient_with_fixed_masks_matches_centred_differences():
    # eq-ch08-dropout-objective: (1/2N) sum ||y - y_hat||^2 + lambda sum ||W||^2
    rng = np.random.default_rng(1)
    net = _net(p=0.7)
    x, y = rng.standard_normal((5, 2)), rng.standard_normal((5, 1))
    masks = net.sample_masks(5, rng)
    lam = 0.03

    def objective():
        out, _ = net.forward(x, training=True, masks=masks)
        return squared_error(out, y)[0] + lam * sum(np.sum(net.params[f"W{l}"] ** 2) for l in (1, 2, 3))

    out, cache = net.forward(x, training=True, masks=masks)
    grads = net.backward(squared_error(out, y)[1], cache)
    for key, g in net.l2_grads(2 * lam).items():
        grads[key] += g
    for key, w in net.params.items():
        assert relative_error(grads[key], numerical_gradient(objective, w)) < 1e-6, key


def test_one_full_batch_step_of_fit_regression_is_minus_lr_times_that_gradient():
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((6, 2)), rng.standard_normal((6, 1))
    net, lr, lam = _net(p=0.6), 0.1, 0.01
    expected = copy.deepcopy(net)
    replay = np.random.default_rng(7)
    order = replay.permutation(6)  # fit_regression's shuffle, then the masks of the one batch
    masks = expected.sample_masks(6, replay)
    out, cache = expected.forward(x[order], training=True, masks=masks)
    grads = expected.backward(squared_error(out, y[order])[1], cache)
    history = fit_regression(net, x, y, epochs=1, batch_size=6, optimizer=SGDMomentum(lr, momentum=0.0),
                             rng=np.random.default_rng(7), weight_decay=lam)
    for key, w in expected.params.items():
        g = grads[key] + (2 * lam * w if key.startswith("W") else 0.0)
        np.testing.assert_allclose(net.params[key], w - lr * g, rtol=1e-12, atol=1e-15)
    assert history.batch_loss == [pytest.approx(squared_error(out, y[order])[0])]
    assert history.fit_loss == history.batch_loss and history.train_loss == []


def test_fit_regression_rejects_bad_arguments():
    net, x, y = _net(), np.zeros((4, 2)), np.zeros((4, 1))
    opt, rng = SGDMomentum(0.1), np.random.default_rng(0)
    with pytest.raises(TypeError, match="`model` must be a dropout.reference.MLP"):
        fit_regression("net", x, y, epochs=1, batch_size=2, optimizer=opt, rng=rng)
    with pytest.raises(ValueError, match=r"`y` must have shape \(4, 1\)"):
        fit_regression(net, x, y[:3], epochs=1, batch_size=2, optimizer=opt, rng=rng)
    with pytest.raises(ValueError, match="`weight_decay` must be finite and non-negative"):
        fit_regression(net, x, y, epochs=1, batch_size=2, optimizer=opt, rng=rng, weight_decay=-1.0)
    with pytest.raises(TypeError, match="`optimizer` must have a step"):
        fit_regression(net, x, y, epochs=1, batch_size=2, optimizer=None, rng=rng)
    with pytest.raises(ValueError, match="`epochs` must be a positive int"):
        fit_regression(net, x, y, epochs=0, batch_size=2, optimizer=opt, rng=rng)


# ------------------------------------------------------------------ model_precision
def test_model_precision_is_p_l2_over_2_n_lambda_and_its_inverted_form():
    assert model_precision(0.9, 1.0, 40, 1e-4) == pytest.approx(112.5)  # eq-ch08-tau
    assert model_precision(0.5, 2.0, 10, 0.1) == pytest.approx(0.5 * 4 / (2 * 10 * 0.1))
    for p in (0.3, 0.9, 1.0):  # inverted dropout: the weights are p M, tau grows by 1/p^2
        ratio = model_precision(p, 1.5, 7, 0.2, inverted=True) / model_precision(p, 1.5, 7, 0.2)
        assert ratio == pytest.approx(1 / p**2)


def test_model_precision_rejects_bad_arguments():
    with pytest.raises(ValueError, match="`keep_prob`.*got keep_prob=0"):
        model_precision(0, 1.0, 10, 0.1)
    with pytest.raises(ValueError, match="`lengthscale` must be > 0"):
        model_precision(0.5, 0.0, 10, 0.1)
    with pytest.raises(ValueError, match="`weight_decay` must be > 0"):
        model_precision(0.5, 1.0, 10, 0)
    with pytest.raises(ValueError, match="`n` must be a positive int"):
        model_precision(0.5, 1.0, 0, 0.1)
    with pytest.raises(TypeError, match="`inverted` must be True or False"):
        model_precision(0.5, 1.0, 10, 0.1, inverted="yes")


# ------------------------------------------------------------------ mc_regression
def test_mc_regression_mean_and_variance_are_those_of_the_passes_plus_one_over_tau():
    net, x = _net(p=0.5), np.random.default_rng(3).standard_normal((9, 2))
    pred = mc_regression(net, x, 50, np.random.default_rng(4), tau=20.0, keep_samples=True)
    assert isinstance(pred, RegressionPrediction) and pred.samples.shape == (50, 9, 1)
    np.testing.assert_allclose(pred.mean, pred.samples.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(pred.model_variance, pred.samples.var(axis=0), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(pred.variance, 1 / 20 + pred.samples.var(axis=0), rtol=1e-12)  # eq-ch08-reg-var
    assert np.all(pred.model_variance > 0)
    again = mc_regression(net, x, 50, np.random.default_rng(4), tau=20.0)
    assert np.array_equal(again.mean, pred.mean) and again.samples is None


def test_without_dropout_every_pass_is_the_deterministic_network():
    net, x = _net(p=1.0), np.random.default_rng(5).standard_normal((4, 2))
    pred = mc_regression(net, x, 5, np.random.default_rng(0), tau=4.0)
    np.testing.assert_array_equal(pred.mean, net.forward(x, training=False)[0])
    assert np.array_equal(pred.model_variance, np.zeros((4, 1)))
    np.testing.assert_array_equal(pred.std, np.full((4, 1), 0.5))


def test_for_a_linear_network_the_mc_mean_converges_to_weight_scaling():
    # no hidden layer: E over masks of (r * x) W = p x W, the paper's weight-scaled network
    net = MLP([3, 1], keep_prob_input=0.6, inverted=False, rng=np.random.default_rng(6))
    x = np.array([[1.0, -2.0, 0.5]])
    pred = mc_regression(net, x, 20_000, np.random.default_rng(7), tau=1.0)
    exact = net.forward(x, training=False)[0]
    sd = np.sqrt(pred.model_variance / 20_000)
    assert abs(pred.mean - exact).item() < 4 * sd.item()


def test_mc_regression_rejects_bad_arguments():
    net, x, rng = _net(), np.zeros((2, 2)), np.random.default_rng(0)
    with pytest.raises(ValueError, match="`tau` must be > 0"):
        mc_regression(net, x, 3, rng, tau=0.0)
    with pytest.raises(ValueError, match="`k` must be a positive int"):
        mc_regression(net, x, 0, rng, tau=1.0)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        mc_regression(net, x, 3, 0, tau=1.0)
    with pytest.raises(ValueError, match=r"`x` must have shape \(N, 2\)"):
        mc_regression(net, np.zeros((2, 3)), 3, rng, tau=1.0)


# ------------------------------------------------------------------ toy data
def test_toy_regression_is_seeded_sorted_and_in_its_interval():
    x, y = make_toy_regression(50, np.random.default_rng(0), low=-1.0, high=3.0, noise=0.2)
    x2, y2 = make_toy_regression(50, np.random.default_rng(0), low=-1.0, high=3.0, noise=0.2)
    assert x.shape == y.shape == (50, 1) and np.array_equal(x, x2) and np.array_equal(y, y2)
    assert x.min() >= -1.0 and x.max() < 3.0 and np.all(np.diff(x[:, 0]) >= 0)
    residual = y - toy_target(x)
    assert 0.1 < residual.std() < 0.3
    x0, y0 = make_toy_regression(5, np.random.default_rng(1), noise=0.0)
    assert np.array_equal(y0, toy_target(x0))
    np.testing.assert_allclose(toy_target(np.array([0.5])), np.sin(1.0) + 0.15)


def test_toy_regression_rejects_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="`low` must be smaller than `high`"):
        make_toy_regression(5, rng, low=2.0, high=2.0)
    with pytest.raises(ValueError, match="`noise` must be finite and non-negative"):
        make_toy_regression(5, rng, noise=-0.1)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        make_toy_regression(5, 0)
    with pytest.raises(TypeError, match="`x` must be a floating array"):
        toy_target(np.array([1, 2]))
