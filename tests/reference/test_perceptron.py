"""Tests of chapter 1's single neuron (dropout.reference.perceptron) and its toy data."""

import numpy as np
import pytest

from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.reference.perceptron import (
    perceptron_predict,
    sigmoid_neuron_forward,
    sigmoid_neuron_loss_and_grads,
    step,
    train_perceptron,
    train_sigmoid_neuron,
)
from dropout.reference.toy_data import make_blobs, make_xor


@pytest.fixture
def blobs():
    return make_blobs(50, np.random.default_rng(1))


# ----------------------------------------------------------------------------- data

def test_blobs_are_separated_with_the_margin():
    x, t = make_blobs(200, np.random.default_rng(0), midpoint=1.5, margin=0.2)
    distance = (2 * t - 1) * (x.sum(axis=1) - 3.0) / np.sqrt(2)
    assert x.shape == (400, 2) and t.shape == (400,)
    assert distance.min() >= 0.2
    assert np.array_equal(np.unique(t), [0.0, 1.0])


def test_data_are_reproducible_from_the_seed():
    a = make_blobs(10, np.random.default_rng(3))
    b = make_blobs(10, np.random.default_rng(3))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_xor_labels_follow_the_corners():
    x, t = make_xor(30, np.random.default_rng(0), spread=0.1)
    corner = np.round(x).astype(int)  # noise 0.1 never moves a point half-way
    assert np.array_equal(t, (corner[:, 0] ^ corner[:, 1]).astype(float))


# ----------------------------------------------------------------------------- perceptron

def test_step_is_one_at_and_above_zero():
    assert step(np.array([-1e-12, 0.0, 1e-12])).tolist() == [0.0, 1.0, 1.0]


def test_perceptron_converges_on_separable_data(blobs):
    x, t = blobs
    w, b, errors = train_perceptron(x, t, np.random.default_rng(0), epochs=100)
    assert errors[-1] == 0 and all(e > 0 for e in errors[:-1])
    assert len(errors) < 100
    assert np.array_equal(perceptron_predict(x, w, b), t)


def test_perceptron_mistakes_respect_novikoff_bound(blobs):
    x, t = blobs
    _, _, errors = train_perceptron(x, t, np.random.default_rng(0))
    x1 = np.hstack([x, np.ones((len(x), 1))])  # (x, 1): the bias as a weight
    u = np.array([1.0, 1.0, -3.0]) / np.sqrt(11.0)  # unit separator x_1 + x_2 = 3
    gamma = np.min((2 * t - 1) * (x1 @ u))
    radius = np.max(np.linalg.norm(x1, axis=1))
    assert gamma > 0
    assert sum(errors) <= (radius / gamma) ** 2


def test_learning_rate_only_scales_the_weights(blobs):
    # from w = 0 every update is a multiple of eta: the mistakes are the same
    x, t = blobs
    w1, b1, e1 = train_perceptron(x, t, np.random.default_rng(5), eta=1.0)
    w2, b2, e2 = train_perceptron(x, t, np.random.default_rng(5), eta=0.125)
    assert e1 == e2
    assert np.allclose(w2, 0.125 * w1) and np.isclose(b2, 0.125 * b1)


def test_perceptron_cannot_learn_xor():
    x, t = make_xor(10, np.random.default_rng(0))
    w, b, errors = train_perceptron(x, t, np.random.default_rng(0), epochs=200)
    assert len(errors) == 200 and min(errors) > 0
    assert np.sum(perceptron_predict(x, w, b) != t) > 0


def test_perceptron_accepts_integer_targets():
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    w, b, errors = train_perceptron(x, np.array([0, 1, 1, 1]), np.random.default_rng(0))  # OR
    assert errors[-1] == 0
    assert perceptron_predict(x, w, b).tolist() == [0.0, 1.0, 1.0, 1.0]


# ----------------------------------------------------------------------------- sigmoid neuron

def test_sigmoid_neuron_gradient_matches_centred_differences(blobs):
    x, t = blobs
    rng = np.random.default_rng(0)
    w = rng.standard_normal(2)
    b = np.array([0.3])  # an array so numerical_gradient can move it in place
    loss, dw, db = sigmoid_neuron_loss_and_grads(x, t, w, float(b[0]))

    def f():
        return sigmoid_neuron_loss_and_grads(x, t, w, float(b[0]))[0]

    assert relative_error(dw, numerical_gradient(f, w)) < 1e-7
    assert relative_error(db, numerical_gradient(f, b)[0]) < 1e-7


def test_cross_entropy_matches_its_definition(blobs):
    x, t = blobs
    w, b = np.array([0.4, -0.2]), 0.1
    y_hat = sigmoid_neuron_forward(x, w, b)
    expected = -np.mean(t * np.log(y_hat) + (1 - t) * np.log(1 - y_hat))
    assert np.isclose(sigmoid_neuron_loss_and_grads(x, t, w, b)[0], expected, rtol=1e-12)


def test_cross_entropy_is_finite_for_saturated_outputs():
    x = np.array([[1000.0]])
    loss, dw, db = sigmoid_neuron_loss_and_grads(x, np.array([0.0]), np.array([1.0]), 0.0)
    assert np.isclose(loss, 1000.0) and np.isclose(db, 1.0)


def test_gradient_descent_decreases_the_loss(blobs):
    x, t = blobs
    w, b, losses = train_sigmoid_neuron(x, t, eta=0.5, epochs=100)
    assert np.isclose(losses[0], np.log(2))  # w = 0, b = 0: y_hat = 1/2
    assert np.all(np.diff(losses) < 0)
    assert np.mean((sigmoid_neuron_forward(x, w, b) > 0.5) == t) == 1.0


# ----------------------------------------------------------------------------- bad input

@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(t=np.array([0.0, 2.0, 1.0, 0.0])), ValueError, "`t` must hold labels 0 or 1"),
        (dict(t=np.array([0.0, 1.0])), ValueError, r"`t` must have shape \(4,\)"),
        (dict(t=[0, 1, 1, 0]), TypeError, "`t` must be a NumPy array"),
        (dict(x=np.zeros((4, 2), dtype=int)), TypeError, "`x` must be a floating array"),
        (dict(x=np.zeros(4)), ValueError, "`x` must be 2-D"),
        (dict(eta=0.0), ValueError, "`eta` is a learning rate and must be positive"),
        (dict(eta="1"), TypeError, "`eta` must be a real number"),
        (dict(epochs=0), ValueError, "`epochs` must be a positive int, got epochs=0"),
        (dict(epochs=2.5), TypeError, "`epochs` must be a positive int"),
        (dict(rng=0), TypeError, "`rng` must be a numpy.random.Generator"),
    ],
)
def test_train_perceptron_rejects_bad_arguments(kwargs, error, match):
    args = dict(x=np.zeros((4, 2)), t=np.array([0.0, 1.0, 1.0, 0.0]), rng=np.random.default_rng(0))
    args.update(kwargs)
    x, t, rng = args.pop("x"), args.pop("t"), args.pop("rng")
    with pytest.raises(error, match=match):
        train_perceptron(x, t, rng, **args)


def test_weights_must_match_the_inputs():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"`w` must have shape \(2,\)"):
        perceptron_predict(x, np.zeros(3), 0.0)
    with pytest.raises(TypeError, match="`b` must be a real number"):
        sigmoid_neuron_forward(x, np.zeros(2), np.zeros(1))
    with pytest.raises(ValueError, match="`eta` is a learning rate"):
        train_sigmoid_neuron(x, np.zeros(3), eta=-1.0)


def test_data_generators_reject_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="`n_per_class` must be a positive int"):
        make_blobs(0, rng)
    with pytest.raises(ValueError, match="`margin` must be smaller"):
        make_blobs(5, rng, centre=0.1, margin=1.0)
    with pytest.raises(ValueError, match="`spread` must be finite and non-negative"):
        make_xor(5, rng, spread=-0.1)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        make_xor(5, None)
