"""Tests of dropout.curves: gap, late mean, epochs to reach, roughness, standard error."""

import math
from fractions import Fraction

import numpy as np
import pytest

from dropout.curves import (
    binomial_standard_error,
    epochs_to_reach,
    generalisation_gap,
    late_mean,
    roughness,
)


# ------------------------------------------------------------------ generalisation_gap
def test_gap_of_accuracies_is_train_minus_test():
    assert generalisation_gap(0.99, 0.875) == pytest.approx(0.115)
    assert isinstance(generalisation_gap(1.0, 0.5), float)


def test_gap_of_losses_is_test_minus_train():
    # eq-ch02-gap: R(f) - R_n(f), held-out loss minus training loss
    assert generalisation_gap(0.25, 1.5, higher_is_better=False) == 1.25


def test_gap_of_arrays_is_elementwise():
    g = generalisation_gap(np.array([1.0, 0.75]), [0.5, 0.75])
    assert isinstance(g, np.ndarray) and g.dtype == np.float64
    np.testing.assert_array_equal(g, [0.5, 0.0])


def test_gap_rejects_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        generalisation_gap([1.0, 0.9], [0.8])
    with pytest.raises(ValueError, match="finite"):
        generalisation_gap(float("nan"), 0.5)
    with pytest.raises(TypeError, match="numbers or numeric arrays"):
        generalisation_gap("a", 0.5)


# ------------------------------------------------------------------ late_mean
def test_late_mean_averages_the_last_k_values():
    curve = [0.1, 0.2, 0.5, 0.75, 1.0]
    assert late_mean(curve, 2) == 0.875
    assert late_mean(curve, 1) == 1.0
    assert late_mean(curve, 5) == pytest.approx(np.mean(curve))
    assert isinstance(late_mean(np.array(curve, dtype=np.float32), 3), float)


def test_late_mean_rejects_bad_input():
    with pytest.raises(ValueError, match="at most the length of the curve, 2, got k=3"):
        late_mean([0.5, 0.6], 3)
    with pytest.raises(ValueError, match="positive int"):
        late_mean([0.5, 0.6], 0)
    with pytest.raises(TypeError, match="`k` must be a positive int"):
        late_mean([0.5, 0.6], 1.5)
    with pytest.raises(ValueError, match="at least 1 value"):
        late_mean([], 1)
    with pytest.raises(TypeError, match="1-D sequence"):
        late_mean([[0.5, 0.6]], 1)
    with pytest.raises(ValueError, match="finite"):
        late_mean([0.5, float("inf")], 1)


# ------------------------------------------------------------------ epochs_to_reach
def test_epochs_to_reach_counts_from_one():
    curve = [0.5, 0.8, 0.95, 0.9, 0.97]
    assert epochs_to_reach(curve, 0.5) == 1
    assert epochs_to_reach(curve, 0.9) == 3  # >= target, the first time
    assert epochs_to_reach(curve, 0.96) == 5
    assert isinstance(epochs_to_reach(curve, 0.9), int)


def test_epochs_to_reach_returns_none_when_never_reached():
    assert epochs_to_reach([0.5, 0.6], 0.99) is None


def test_epochs_to_reach_rejects_bad_input():
    with pytest.raises(TypeError, match="`target` must be a real number"):
        epochs_to_reach([0.5], "0.9")
    with pytest.raises(ValueError, match="`target` must be finite"):
        epochs_to_reach([0.5], float("nan"))
    with pytest.raises(ValueError, match="at least 1 value"):
        epochs_to_reach([], 0.5)


# ------------------------------------------------------------------ roughness
def test_roughness_of_a_straight_line_is_zero():
    assert roughness(np.linspace(3.0, 0.0, 10)) == pytest.approx(0.0, abs=1e-15)
    assert roughness([1.0, 2.0]) == 0.0  # a single step has no spread


def test_roughness_known_value_and_invariances():
    # steps +1, -1, +1: mean 1/3, population std sqrt(8/9)
    assert roughness([0.0, 1.0, 0.0, 1.0]) == pytest.approx(math.sqrt(8.0 / 9.0))
    rng = np.random.default_rng(0)
    curve = rng.standard_normal(50)
    assert roughness(curve + 7.0) == pytest.approx(roughness(curve))  # shift invariant
    assert roughness(curve + np.arange(50)) == pytest.approx(roughness(curve))  # a linear trend adds nothing
    assert roughness(3.0 * curve) == pytest.approx(3.0 * roughness(curve))


def test_roughness_rejects_short_curves():
    with pytest.raises(ValueError, match="at least 2 value"):
        roughness([1.0])


# ------------------------------------------------------------------ binomial_standard_error
def test_standard_error_known_values():
    assert binomial_standard_error(0.9, 100) == pytest.approx(0.03)
    assert binomial_standard_error(0.5, 10_000) == pytest.approx(0.005)
    assert binomial_standard_error(1.0, 7) == 0.0
    assert binomial_standard_error(0, 7) == 0.0


def test_standard_error_matches_simulation():
    rng = np.random.default_rng(1)
    a, n = 0.8, 400
    fractions = rng.binomial(n, a, size=20_000) / n
    assert np.std(fractions) == pytest.approx(binomial_standard_error(a, n), rel=0.03)


def test_standard_error_rejects_bad_input():
    with pytest.raises(ValueError, match=r"`a` must be in \[0, 1\], got a=1.5"):
        binomial_standard_error(1.5, 10)
    with pytest.raises(TypeError, match="`a` must be a real number"):
        binomial_standard_error(None, 10)
    with pytest.raises(ValueError, match="positive int"):
        binomial_standard_error(0.5, 0)
    with pytest.raises(TypeError, match="`n` must be a positive int"):
        binomial_standard_error(0.5, 10.0)


def test_scalar_arguments_use_the_shared_checks_so_a_fraction_is_a_number():
    # dropout._checks accepts any numbers.Real (as check_keep_prob does); curves did not
    assert binomial_standard_error(Fraction(9, 10), 100) == pytest.approx(0.03)
    assert epochs_to_reach([0.25, 0.5, 0.75], Fraction(1, 2)) == 2
    with pytest.raises(TypeError, match=r"`target` must be a real number, got True"):
        epochs_to_reach([0.5], True)
    with pytest.raises(ValueError, match="`a` must be finite"):
        binomial_standard_error(float("inf"), 10)
