"""Closed forms derived in the book, each checked against simulation in its chapter and tests.

Chapter 3 (*Dropout*):

* :mod:`dropout.theory.counting` — how many units a mask drops, and how many thinned networks there are.

Chapter 4 (*Deriving dropout*):

* :mod:`dropout.theory.moments` — mean and variance of dropped activations and pre-activations;
* :mod:`dropout.theory.weight_scaling` — test-time weights W_test = p W and the inverted parameterisation;
* :mod:`dropout.theory.ensemble` — all 2^n thinned softmax layers, their geometric and arithmetic means;
* :mod:`dropout.theory.hidden_ensemble` — the same for one hidden ReLU layer, where weight scaling is approximate;
* :mod:`dropout.theory.linear_regression` — dropout on the inputs of linear regression as a ridge penalty.

Import every public name from here, e.g. ``from dropout.theory import dropped_pmf``: this is
the one documented path (the modules above are where the code lives).

Functions take ``keep_prob``, the paper's p, the probability of **keeping** a unit, and
``inverted`` where the form matters (default True, inverted dropout, as everywhere in the package).
Importing this package never imports TensorFlow.
"""

from dropout.theory.counting import (
    dropped_pmf,
    expected_dropped,
    expected_kept,
    n_thinned_networks,
    prob_dropped,
    prob_masks_equal,
    variance_dropped,
    width_for_keep_prob,
)
from dropout.theory.ensemble import (
    arithmetic_mean_ensemble,
    enumerate_masks,
    geometric_mean_ensemble,
    mask_probabilities,
    normalised_geometric_mean,
    weight_scaled_prediction,
)
from dropout.theory.hidden_ensemble import EnsembleComparison, hidden_layer_ensemble
from dropout.theory.linear_regression import (
    dropout_regression_weights,
    equivalent_ridge_weights,
    expected_dropout_loss,
    monte_carlo_regression_weights,
    sampled_dropout_losses,
)
from dropout.theory.moments import (
    activation_variance,
    expected_activation,
    expected_preactivation,
    preactivation_variance,
)
from dropout.theory.variance_shift import linear_layer_variances, train_variance, variance_shift  # chapter 10
from dropout.theory.weight_scaling import (
    inverted_to_standard_weights,
    standard_to_inverted_weights,
    test_time_weights,
)

__all__ = [
    "train_variance", "variance_shift", "linear_layer_variances",
    "prob_dropped",
    "dropped_pmf",
    "expected_dropped",
    "variance_dropped",
    "expected_kept",
    "n_thinned_networks",
    "prob_masks_equal",
    "width_for_keep_prob",
    "expected_activation",
    "activation_variance",
    "expected_preactivation",
    "preactivation_variance",
    "test_time_weights",
    "standard_to_inverted_weights",
    "inverted_to_standard_weights",
    "enumerate_masks",
    "mask_probabilities",
    "normalised_geometric_mean",
    "geometric_mean_ensemble",
    "arithmetic_mean_ensemble",
    "weight_scaled_prediction",
    "EnsembleComparison",
    "hidden_layer_ensemble",
    "expected_dropout_loss",
    "sampled_dropout_losses",
    "dropout_regression_weights",
    "equivalent_ridge_weights",
    "monte_carlo_regression_weights",
]
