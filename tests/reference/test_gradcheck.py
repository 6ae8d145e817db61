"""The gradient checker itself: it must be right before it can judge anything."""

import numpy as np
import pytest

from dropout.reference.gradcheck import numerical_gradient, relative_error


def test_numerical_gradient_of_known_functions():
    x = np.array([[0.3, -1.2], [2.0, 0.7]])
    g = numerical_gradient(lambda: float(np.sum(np.sin(x)) + np.sum(x**3)), x)
    assert relative_error(g, np.cos(x) + 3 * x**2) < 1e-9


def test_numerical_gradient_restores_x_bit_for_bit():
    x = np.random.default_rng(0).standard_normal((3, 4))
    before = x.copy()
    numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_on_a_view_and_a_scalar_array():
    big = np.arange(12.0).reshape(3, 4)
    view = big[:, 1]  # a strided view: changes must reach the array f reads
    g = numerical_gradient(lambda: float(np.sum(big**2)), view)
    np.testing.assert_allclose(g, 2 * view, rtol=1e-9)
    x0 = np.array(2.0)
    assert numerical_gradient(lambda: float(x0**2), x0) == pytest.approx(4.0)


@pytest.mark.parametrize(
    "f, x, h, error, match",
    [
        (lambda: 0.0, np.ones(2, np.float32), 1e-5, TypeError, r"`x`.*float64.*float32"),
        (lambda: 0.0, [1.0, 2.0], 1e-5, TypeError, r"`x`.*float64.*list"),
        (lambda: 0.0, np.ones(2), 0.0, ValueError, r"`h`.*positive.*h=0\.0"),
        (lambda: 0.0, np.ones(2), float("nan"), ValueError, r"`h`.*h=nan"),
        (lambda: 0.0, np.ones(2), "1e-5", TypeError, r"`h`"),
        (3.0, np.ones(2), 1e-5, TypeError, r"`f`.*callable"),
    ],
)
def test_numerical_gradient_bad_inputs(f, x, h, error, match):
    with pytest.raises(error, match=match):
        numerical_gradient(f, x, h)


def test_relative_error_properties():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, 2 * a) == relative_error(2 * a, a)
    assert relative_error(a, -a) == 1.0  # the largest it can be
    assert relative_error(np.array([1.0, 1e-12]), np.array([1.0, 2e-12])) < 1e-11  # tiny entries do not blow up
    with pytest.raises(ValueError, match=r"same shape.*\(3,\).*\(2,\)"):
        relative_error(a, a[:2])
