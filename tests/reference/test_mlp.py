"""The NumPy MLP: gradients, the two dropout conventions, Monte-Carlo inference, bad inputs."""

import math

import numpy as np
import pytest

from dropout.mc_prediction import MCPrediction
from dropout.reference import MLP, numerical_gradient, relative_error
from dropout.uncertainty import predictive_spread

SIZES = [5, 7, 6, 3]


def small_net(inverted=True, keep_in=0.8, keep_hidden=0.5, seed=0, dtype=np.float64):
    net = MLP(SIZES, keep_prob_input=keep_in, keep_prob_hidden=keep_hidden, inverted=inverted,
              rng=np.random.default_rng(seed), dtype=dtype)
    # Non-zero biases: with zero biases a row whose inputs were all dropped has z = 0
    # exactly, on the kink of the ReLU, where centred differences are wrong.
    bias_rng = np.random.default_rng(seed + 1000)
    for l in (1, 2, 3):
        net.params[f"b{l}"] = (0.1 * bias_rng.standard_normal(SIZES[l])).astype(dtype)
    return net


def batch(n=8, seed=1, width=SIZES[0], classes=SIZES[-1]):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, width)), rng.integers(0, classes, n)


# ------------------------------------------------------------ construction
def test_params_shapes_he_init_and_reproducibility():
    net = MLP([400, 300, 10], rng=np.random.default_rng(0))
    assert [(k, v.shape) for k, v in net.params.items()] == [
        ("W1", (400, 300)), ("b1", (300,)), ("W2", (300, 10)), ("b2", (10,))]
    assert net.n_layers == 2 and net.keep_probs == (1.0, 1.0)
    # He: W ~ N(0, 2 / fan_in); 120,000 draws give the std to about 0.2 %
    assert net.params["W1"].std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    assert np.all(net.params["b1"] == 0)
    again = MLP([400, 300, 10], rng=np.random.default_rng(0))
    np.testing.assert_array_equal(again.params["W1"], net.params["W1"])
    f32 = MLP([400, 300, 10], rng=np.random.default_rng(0), dtype=np.float32)
    assert all(v.dtype == np.float32 for v in f32.params.values())
    np.testing.assert_array_equal(f32.params["W2"], net.params["W2"].astype(np.float32))
    scaled = MLP([400, 300, 10], rng=np.random.default_rng(0), weight_scale=0.01)
    assert scaled.params["W1"].std() == pytest.approx(0.01, rel=0.02)
    assert "keep_prob_hidden=1.0" in repr(net)


def test_keep_probs_per_site():
    net = small_net(keep_in=0.8, keep_hidden=0.5)
    assert net.keep_probs == (0.8, 0.5, 0.5)


# --------------------------------------------------------------- gradients
@pytest.mark.parametrize("inverted", [True, False])
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_whole_network_gradient_with_fixed_dropout_masks(inverted, l2):
    net = small_net(inverted=inverted)
    x, y = batch()
    masks = net.sample_masks(len(x), np.random.default_rng(3))
    assert any(not m.all() for m in masks)  # dropout really is on

    def loss():
        return net.loss_and_grads(x, y, masks=masks, l2=l2)[0]

    _, grads = net.loss_and_grads(x, y, masks=masks, l2=l2)
    assert sorted(grads) == sorted(net.params)
    for key, w in net.params.items():
        assert grads[key].shape == w.shape
        assert relative_error(grads[key], numerical_gradient(loss, w)) < 1e-7, key


def test_l2_adds_half_l2_norm_to_loss_and_l2_W_to_grads():
    net = small_net()
    x, y = batch()
    masks = net.sample_masks(len(x), np.random.default_rng(4))
    loss0, g0 = net.loss_and_grads(x, y, masks=masks)
    loss1, g1 = net.loss_and_grads(x, y, masks=masks, l2=0.3)
    penalty = 0.15 * sum(np.sum(net.params[f"W{l}"] ** 2) for l in (1, 2, 3))
    assert loss1 == pytest.approx(loss0 + penalty, rel=1e-12)
    np.testing.assert_allclose(g1["W2"], g0["W2"] + 0.3 * net.params["W2"], rtol=1e-12)
    np.testing.assert_array_equal(g1["b2"], g0["b2"])  # biases are not decayed
    # the public pieces of the penalty: Omega and its gradient, weights only
    assert net.l2_penalty(0.3) == pytest.approx(penalty, rel=1e-12)
    decay = net.l2_grads(0.3)
    assert sorted(decay) == ["W1", "W2", "W3"]
    np.testing.assert_array_equal(decay["W2"], 0.3 * net.params["W2"])
    np.testing.assert_array_equal(g1["W2"], g0["W2"] + decay["W2"])


def test_fixed_masks_give_the_same_network_as_drawn_masks():
    # forward(rng) draws through dropout_forward; sample_masks + masks= must be the same computation
    for keep_in in (0.8, 1.0):
        net = small_net(keep_in=keep_in)
        x, _ = batch()
        drawn, _ = net.forward(x, np.random.default_rng(9), training=True)
        fixed, _ = net.forward(x, masks=net.sample_masks(len(x), np.random.default_rng(9)), training=True)
        np.testing.assert_array_equal(drawn, fixed)


def test_backward_draws_nothing_and_fixed_masks_draw_nothing():
    net = small_net()
    x, y = batch()
    rng = np.random.default_rng(5)
    masks = net.sample_masks(len(x), rng)
    state = rng.bit_generator.state
    loss_a, ga = net.loss_and_grads(x, y, rng, masks=masks)
    loss_b, gb = net.loss_and_grads(x, y, rng, masks=masks)
    assert rng.bit_generator.state == state
    assert loss_a == loss_b and all(np.array_equal(ga[k], gb[k]) for k in ga)
    net.predict_proba(x)  # inference draws nothing: no Generator is needed at all
    net.evaluate(x, y)


def test_training_forward_is_random_and_inference_is_deterministic():
    net = small_net()
    x, _ = batch()
    rng = np.random.default_rng(6)
    a, _ = net.forward(x, rng, training=True)
    b, _ = net.forward(x, rng, training=True)
    assert not np.array_equal(a, b)
    c, _ = net.forward(x, training=False)
    d, _ = net.forward(x, np.random.default_rng(1), training=False)
    np.testing.assert_array_equal(c, d)


# ------------------------------------------ standard versus inverted dropout
def paired_nets(seed=0):
    """A standard-dropout net and the inverted-dropout net with W_inv^(l) = p_(l-1) W_std^(l)."""
    std = small_net(inverted=False, seed=seed)
    inv = small_net(inverted=True, seed=seed + 100)
    for l, p in zip((1, 2, 3), std.keep_probs):
        inv.params[f"W{l}"] = p * std.params[f"W{l}"]
        inv.params[f"b{l}"] = std.params[f"b{l}"].copy()
    return std, inv


def test_weight_scaling_and_inverted_dropout_give_the_same_test_network():
    std, inv = paired_nets()
    x, _ = batch(n=20)
    np.testing.assert_allclose(std.predict_proba(x), inv.predict_proba(x), rtol=1e-12, atol=1e-15)
    # and the standard test network is the plain network with weights p W (the paper's rule)
    plain = MLP(SIZES, rng=np.random.default_rng(0))
    for l, p in zip((1, 2, 3), std.keep_probs):
        plain.params[f"W{l}"] = p * std.params[f"W{l}"]
        plain.params[f"b{l}"] = std.params[f"b{l}"]
    np.testing.assert_allclose(std.predict_proba(x), plain.predict_proba(x), rtol=1e-12, atol=1e-15)


def test_paired_nets_agree_in_training_too_with_gradients_scaled_by_1_over_p():
    std, inv = paired_nets()
    x, y = batch()
    masks = std.sample_masks(len(x), np.random.default_rng(7))
    loss_s, g_s = std.loss_and_grads(x, y, masks=masks)
    loss_i, g_i = inv.loss_and_grads(x, y, masks=masks)
    assert loss_s == pytest.approx(loss_i, rel=1e-12)
    for l, p in zip((1, 2, 3), std.keep_probs):
        np.testing.assert_allclose(g_i[f"W{l}"], g_s[f"W{l}"] / p, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(g_i[f"b{l}"], g_s[f"b{l}"], rtol=1e-10, atol=1e-14)


# ------------------------------------------------------ Monte-Carlo dropout
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("inverted", [True, False])
def test_mc_with_keep_prob_one_equals_deterministic_prediction(dtype, inverted):
    net = small_net(inverted=inverted, keep_in=1.0, keep_hidden=1.0, dtype=dtype)
    x, _ = batch()
    pred = net.mc_predict(x, 7, np.random.default_rng(0))
    assert isinstance(pred, MCPrediction) and pred.mean.dtype == np.float64  # one result type, float64
    np.testing.assert_allclose(pred.mean, net.predict_proba(x), rtol=1e-6 if dtype == np.float32 else 1e-14, atol=0)
    np.testing.assert_allclose(pred.spread, 0.0, rtol=0, atol=1e-15)  # nothing is random


def test_mc_is_a_distribution_reproducible_and_converges():
    net = small_net()
    x, _ = batch(n=10)
    pred = net.mc_predict(x, 50, np.random.default_rng(1), keep_samples=True)
    mc = pred.mean
    assert mc.shape == (10, 3) and np.all(mc >= 0) and np.all(mc <= 1)
    np.testing.assert_allclose(mc.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(mc, net.mc_predict(x, 50, np.random.default_rng(1)).mean)
    assert not np.allclose(mc, net.predict_proba(x))  # dropout really is on
    # the passes, their mean, and the spread of chapter 8 from dropout.uncertainty
    assert pred.samples.shape == (50, 10, 3)
    np.testing.assert_allclose(pred.samples.mean(axis=0), mc, rtol=1e-12)
    np.testing.assert_array_equal(pred.spread, predictive_spread(pred.samples))
    np.testing.assert_array_equal(pred.labels, mc.argmax(axis=1))
    assert np.all(pred.spread > 0) and net.mc_predict(x, 2, np.random.default_rng(1)).samples is None
    # k = 1 is the softmax of one training-mode pass with the same generator
    one = net.mc_predict(x, 1, np.random.default_rng(2)).mean
    logits, _ = net.forward(x, np.random.default_rng(2), training=True)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(one, e / e.sum(axis=1, keepdims=True), rtol=1e-12)
    # the average converges: two independent estimates agree within 5 sigma of their difference,
    # using the worst case sd(softmax entry) <= 1/2, so sd(a - b) <= 0.5 sqrt(2 / k)
    k = 400
    a = net.mc_predict(x, k, np.random.default_rng(3)).mean
    b = net.mc_predict(x, k, np.random.default_rng(4)).mean
    assert np.max(np.abs(a - b)) < 5 * 0.5 * np.sqrt(2 / k)


def test_predict_accuracy_and_float32():
    net = small_net(dtype=np.float32)
    x, y = batch(n=30)
    proba = net.predict_proba(x)
    assert proba.dtype == np.float32
    np.testing.assert_array_equal(net.predict(x), proba.argmax(axis=1))
    assert net.evaluate(x, y)[1] == pytest.approx(np.mean(net.predict(x) == y))
    logits, cache = net.forward(x, np.random.default_rng(0), training=True)
    assert logits.dtype == np.float32
    grads = net.backward(np.ones_like(logits), cache)
    assert all(g.dtype == np.float32 for g in grads.values())
    loss, acc = net.evaluate(x, y)
    assert acc == np.mean(net.predict(x) == y) and loss > 0


# -------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(sizes=[784]), ValueError, r"sizes.*at least"),
        (dict(sizes=[784, 0, 10]), ValueError, r"sizes.*positive.*0"),
        (dict(sizes="784"), TypeError, r"sizes.*sequence"),
        (dict(sizes=[784, 2.5, 10]), TypeError, r"sizes.*2\.5"),
        (dict(sizes=[784, True, 10]), TypeError, r"sizes.*True"),
        (dict(keep_prob_input=0.0), ValueError, r"keep_prob_input=0\.0"),
        (dict(keep_prob_hidden=float("nan")), ValueError, r"keep_prob_hidden=nan"),
        (dict(keep_prob_hidden="0.5"), TypeError, r"keep_prob_hidden.*'0\.5'"),
        (dict(keep_prob_input=None), TypeError, r"keep_prob_input.*None"),
        (dict(keep_prob_hidden=True), TypeError, r"keep_prob_hidden.*bool"),
        (dict(rng=np.random.RandomState(0)), TypeError, r"rng.*Generator.*RandomState"),
        (dict(rng=0), TypeError, r"rng.*Generator.*int"),
        (dict(dtype=np.int32), TypeError, r"dtype.*floating"),
        (dict(dtype="banana"), TypeError, r"dtype.*floating"),
        (dict(weight_scale=-0.1), ValueError, r"weight_scale"),
        (dict(weight_scale=0), ValueError, r"weight_scale.*positive"),
        (dict(inverted="yes"), TypeError, r"inverted.*True or False"),
    ],
)
def test_constructor_bad_arguments(kwargs, error, match):
    args = dict(sizes=[4, 3, 2], rng=np.random.default_rng(0)) | kwargs
    sizes = args.pop("sizes")
    with pytest.raises(error, match=match):
        MLP(sizes, **args)


def test_missing_rng_is_an_error():
    with pytest.raises(TypeError, match="rng"):
        MLP([4, 3, 2])  # rng is required: there is no hidden global seed


X_BAD = [
    (np.ones((2, 5), dtype=int), TypeError, r"`x`.*floating.*int64"),
    ([[0.0] * 5] * 2, TypeError, r"`x`.*NumPy array.*list"),
    (np.ones((2, 4)), ValueError, r"`x`.*\(N, 5\).*x\.shape=\(2, 4\)"),
    (np.ones(5), ValueError, r"`x`.*\(N, 5\)"),
    (np.ones((0, 5)), ValueError, r"`x`.*N >= 1"),
    (np.array([[0.0, np.nan, 0, 0, 0]]), ValueError, r"`x` contains NaN"),
    (np.array([[0.0, np.inf, 0, 0, 0]]), ValueError, r"`x` contains NaN or inf"),
]


@pytest.mark.parametrize("x, error, match", X_BAD)
def test_bad_x_everywhere(x, error, match):
    net = small_net()
    rng = np.random.default_rng(0)
    for call in (
        lambda: net.forward(x, rng, training=True),
        lambda: net.predict_proba(x),
        lambda: net.mc_predict(x, 3, rng),
        lambda: net.predict(x),
        lambda: net.loss_and_grads(x, np.zeros(2, dtype=int), rng),
    ):
        with pytest.raises(error, match=match):
            call()


@pytest.mark.parametrize(
    "y, error, match",
    [
        (np.array([0.0, 1.0]), TypeError, r"`y`.*integer"),
        (np.array([0, 3]), ValueError, r"`y`.*0\.\.2"),
        (np.array([0, 1, 2]), ValueError, r"`y`.*\(2,\)"),
        ([0, 1], TypeError, r"`y`.*list"),
    ],
)
def test_bad_labels(y, error, match):
    net = small_net()
    x = np.zeros((2, 5))
    with pytest.raises(error, match=match):
        net.loss_and_grads(x, y, np.random.default_rng(0))
    with pytest.raises(error, match=match):
        net.evaluate(x, y)


@pytest.mark.parametrize(
    "k, error, match",
    [(0, ValueError, r"`k`.*k=0"), (-3, ValueError, r"`k`"), (2.5, TypeError, r"`k`.*float"),
     (True, TypeError, r"`k`.*bool"), ("10", TypeError, r"`k`.*str")],
)
def test_mc_bad_k(k, error, match):
    with pytest.raises(error, match=match):
        small_net().mc_predict(np.zeros((2, 5)), k, np.random.default_rng(0))


def test_mc_and_forward_bad_rng():
    net = small_net()
    x = np.zeros((2, 5))
    with pytest.raises(TypeError, match=r"rng.*RandomState"):
        net.mc_predict(x, 3, np.random.RandomState(0))
    with pytest.raises(TypeError, match=r"rng.*int"):
        net.forward(x, 0, training=True)
    with pytest.raises(TypeError, match=r"rng.*None"):
        net.forward(x, None, training=True)  # a mask must be drawn, but no generator was given
    net_no_dropout = small_net(keep_in=1.0, keep_hidden=1.0)
    logits, _ = net_no_dropout.forward(x, training=True)  # nothing to draw: fine
    assert logits.shape == (2, 3)


@pytest.mark.parametrize("training", ["False", "True", 0, 1, None, np.array(True)])
def test_training_must_be_a_bool(training):
    # "False" is truthy: before the check it silently trained
    net = small_net()
    x, y = batch()
    with pytest.raises(TypeError, match=r"`training` must be True or False, got"):
        net.forward(x, np.random.default_rng(0), training=training)
    with pytest.raises(TypeError, match=r"`training`"):
        net.loss_and_grads(x, y, np.random.default_rng(0), training=training)
    logits, _ = net.forward(x, training=np.bool_(False))  # NumPy bools are bools
    assert logits.shape == (8, 3)


def test_bad_masks():
    net = small_net()
    x = np.zeros((2, 5))
    good = net.sample_masks(2, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"masks.*3 boolean arrays"):
        net.forward(x, training=True, masks=good[:2])
    with pytest.raises(ValueError, match=r"masks\[1\].*\(2, 7\).*\(3, 7\)"):
        net.forward(x, training=True, masks=[good[0], np.ones((3, 7), bool), good[2]])
    with pytest.raises(TypeError, match=r"masks\[0\].*boolean"):
        net.forward(x, training=True, masks=[good[0].astype(float), good[1], good[2]])
    with pytest.raises(ValueError, match=r"masks.*training mode"):
        net.forward(x, training=False, masks=good)
    with pytest.raises(ValueError, match=r"`n`"):
        net.sample_masks(0, np.random.default_rng(0))
    # a None entry means "draw this site's mask"
    logits, _ = net.forward(x, np.random.default_rng(0), training=True, masks=[None, good[1], good[2]])
    assert logits.shape == (2, 3)


def test_bad_l2_and_dlogits():
    net = small_net()
    x, y = batch()
    with pytest.raises(ValueError, match=r"`l2`.*l2=-0\.1"):
        net.loss_and_grads(x, y, np.random.default_rng(0), l2=-0.1)
    with pytest.raises(ValueError, match=r"`l2`.*nan"):
        net.loss_and_grads(x, y, np.random.default_rng(0), l2=float("nan"))
    with pytest.raises(TypeError, match=r"`l2`"):
        net.loss_and_grads(x, y, np.random.default_rng(0), l2="0.1")
    logits, cache = net.forward(x, np.random.default_rng(0), training=True)
    with pytest.raises(ValueError, match=r"dout.*\(8, 3\)"):
        net.backward(np.ones((8, 4)), cache)
