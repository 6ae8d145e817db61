"""Tests of dropout.uncertainty: spread, entropy, mutual information, AUROC, NLL, ECE."""

import math

import numpy as np
import pytest

from dropout.reference.layers import softmax_cross_entropy
from dropout.uncertainty import (
    PROB_FLOOR,
    ReliabilityBins,
    auroc,
    expected_calibration_error,
    mutual_information,
    negative_log_likelihood,
    predictive_entropy,
    predictive_spread,
    reliability_bins,
)


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ------------------------------------------------------------------ predictive_spread
def test_spread_is_std_of_the_predicted_class():
    rng = np.random.default_rng(0)
    samples = _softmax(rng.standard_normal((30, 8, 4)))  # (k, N, C)
    s = predictive_spread(samples)
    c_hat = samples.mean(axis=0).argmax(axis=1)
    for n in range(8):
        column = samples[:, n, c_hat[n]]
        assert s[n] == pytest.approx(math.sqrt(np.mean((column - column.mean()) ** 2)))  # 1/k, eq-ch08-spread


def test_spread_is_zero_when_passes_agree_and_below_its_ceiling():
    p = _softmax(np.random.default_rng(1).standard_normal((5, 3)))
    assert np.array_equal(predictive_spread(np.stack([p] * 4)), np.zeros(5))
    samples = _softmax(np.random.default_rng(2).standard_normal((50, 20, 3)) * 3)
    p_bar = samples.mean(axis=0).max(axis=1)
    assert np.all(predictive_spread(samples) <= np.sqrt(p_bar * (1 - p_bar)) + 1e-12)


def test_spread_rejects_bad_input():
    with pytest.raises(TypeError, match="floating NumPy array"):
        predictive_spread([[[0.5, 0.5]]])
    with pytest.raises(ValueError, match="3 dimensions"):
        predictive_spread(np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        predictive_spread(np.full((1, 1, 2), 1.5))
    with pytest.raises(ValueError, match="must not be empty"):
        predictive_spread(np.zeros((0, 1, 2)))


# ------------------------------------------------------------------ predictive_entropy
def test_entropy_known_values():
    h = predictive_entropy(np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]]))
    np.testing.assert_allclose(h, [0.0, math.log(3), math.log(2)])
    assert not np.signbit(h[0])  # exactly +0.0, not -0.0


def test_entropy_bounds_on_random_distributions():
    p = _softmax(np.random.default_rng(3).standard_normal((100, 10)))
    h = predictive_entropy(p)
    assert h.shape == (100,) and np.all(h > 0) and np.all(h <= math.log(10) + 1e-12)


def test_entropy_rejects_bad_input():
    with pytest.raises(TypeError, match="floating NumPy array"):
        predictive_entropy(np.array([[1, 0]]))
    with pytest.raises(ValueError, match="2 dimensions"):
        predictive_entropy(np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        predictive_entropy(np.array([[np.nan, 0.5]]))


# ------------------------------------------------------------------ auroc
def _auroc_pairs(score, positive):
    pos, neg = score[positive][:, None], score[~positive][None, :]
    return float(np.mean(pos > neg) + 0.5 * np.mean(pos == neg))


def test_auroc_extremes_and_ties():
    positive = np.array([True, True, False, False])
    assert auroc(np.array([3.0, 4.0, 1.0, 2.0]), positive) == 1.0
    assert auroc(np.array([1.0, 2.0, 3.0, 4.0]), positive) == 0.0
    assert auroc(np.ones(4), positive) == 0.5  # all tied: no information


def test_auroc_equals_the_pairwise_mann_whitney_statistic():
    rng = np.random.default_rng(4)
    score = np.round(rng.standard_normal(300), 1)  # many ties
    positive = rng.random(300) < 0.2
    assert auroc(score, positive) == pytest.approx(_auroc_pairs(score, positive), abs=1e-12)
    assert auroc(-score, positive) == pytest.approx(1 - auroc(score, positive), abs=1e-12)


def test_auroc_rejects_bad_input():
    with pytest.raises(TypeError, match="boolean array"):
        auroc(np.array([0.1, 0.2]), np.array([1, 0]))
    with pytest.raises(ValueError, match="both classes"):
        auroc(np.array([0.1, 0.2]), np.array([True, True]))
    with pytest.raises(ValueError, match="same length"):
        auroc(np.array([0.1, 0.2, 0.3]), np.array([True, False]))
    with pytest.raises(ValueError, match="finite"):
        auroc(np.array([np.nan, 0.2]), np.array([True, False]))
    with pytest.raises(TypeError, match="numeric"):
        auroc(np.array(["a", "b"], dtype=object), np.array([True, False]))


# ------------------------------------------------------------------ brute-force references (plain loops)
def _h(row):
    return -sum(q * math.log(q) for q in row if q > 0)


def _mi_loop(samples):
    k, n, c = samples.shape
    out = []
    for i in range(n):
        mean = [sum(samples[t, i, j] for t in range(k)) / k for j in range(c)]
        out.append(_h(mean) - sum(_h(samples[t, i]) for t in range(k)) / k)
    return np.array(out)


def _nll_loop(probs, labels):
    return -sum(math.log(probs[i, labels[i]]) for i in range(len(labels))) / len(labels)


def _bins_loop(probs, labels, n_bins):
    """Bin b (1-based) holds the confidences q with (b - 1)/M < q <= b/M."""
    members = [[] for _ in range(n_bins)]
    for row, y in zip(probs.tolist(), labels.tolist()):
        q = max(row)
        pred = row.index(q)  # first maximum, as argmax
        for b in range(1, n_bins + 1):
            if (b - 1) / n_bins < q <= b / n_bins:
                members[b - 1].append((q, pred == y))
                break
    count = [len(m) for m in members]
    acc = [sum(c for _, c in m) / len(m) if m else math.nan for m in members]
    conf = [sum(q for q, _ in m) / len(m) if m else math.nan for m in members]
    ece = sum(len(m) / len(labels) * abs(a - q) for m, a, q in zip(members, acc, conf) if m)
    return count, acc, conf, ece


def _random_probs_labels(seed, n=500, c=4, scale=2.0):
    rng = np.random.default_rng(seed)
    probs = _softmax(scale * rng.standard_normal((n, c)))
    return probs, rng.integers(0, c, size=n)


# ------------------------------------------------------------------ mutual_information
def test_mutual_information_known_values():
    samples = np.array([[[0.9, 0.1], [1.0, 0.0]], [[0.5, 0.5], [0.0, 1.0]]])  # k = 2, N = 2, C = 2
    first = _h([0.7, 0.3]) - (_h([0.9, 0.1]) + _h([0.5, 0.5])) / 2
    np.testing.assert_allclose(mutual_information(samples), [first, math.log(2)], rtol=1e-12)


def test_mutual_information_matches_a_loop():
    samples = _softmax(2 * np.random.default_rng(5).standard_normal((7, 20, 3)))
    np.testing.assert_allclose(mutual_information(samples), _mi_loop(samples), rtol=1e-10, atol=1e-14)


def test_mutual_information_is_zero_for_identical_passes():
    p = _softmax(np.random.default_rng(6).standard_normal((200, 5)))
    mi = mutual_information(np.stack([p] * 7))  # mean of 7 equal rows is p up to rounding
    assert mi.shape == (200,) and np.all(mi >= 0) and not np.any(np.signbit(mi))
    np.testing.assert_allclose(mi, 0.0, atol=1e-14)
    assert np.array_equal(mutual_information(p[None]), np.zeros(200))  # one pass: exactly 0


def test_mutual_information_bounds():
    samples = _softmax(4 * np.random.default_rng(7).standard_normal((10, 300, 6)))
    mi = mutual_information(samples)
    assert np.all(mi >= 0)
    assert np.all(mi <= predictive_entropy(samples.mean(axis=0)) + 1e-12)
    assert np.all(mi <= math.log(6) + 1e-12)
    one_hot_each_class = np.eye(6)[:, None, :]  # k = C passes, each sure of a different class
    assert mutual_information(one_hot_each_class)[0] == pytest.approx(math.log(6), rel=1e-12)


def test_mutual_information_rejects_bad_input():
    with pytest.raises(TypeError, match="`samples` must be a floating NumPy array, got dtype int64"):
        mutual_information(np.ones((1, 1, 1), dtype=np.int64))
    with pytest.raises(ValueError, match=r"`samples` must have 3 dimensions, got shape \(2, 2\)"):
        mutual_information(np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match=r"`samples` must hold probabilities in \[0, 1\]"):
        mutual_information(np.array([[[np.inf, 0.0]]]))
    with pytest.raises(ValueError, match=r"`samples` must sum to 1 .* got a sum of 0\.8 at index \(1, 0\)"):
        mutual_information(np.array([[[0.5, 0.5]], [[0.4, 0.4]]]))


# ------------------------------------------------------------------ negative_log_likelihood
def test_nll_known_values():
    probs = np.array([[0.5, 0.5], [0.25, 0.75], [0.1, 0.9]])
    expected = (math.log(2) + math.log(4 / 3) + math.log(10)) / 3
    assert negative_log_likelihood(probs, np.array([0, 1, 0])) == pytest.approx(expected, rel=1e-12)


def test_nll_matches_a_loop_and_the_cross_entropy_of_the_logits():
    rng = np.random.default_rng(8)
    z = rng.standard_normal((300, 5))
    y = rng.integers(0, 5, size=300)
    probs = _softmax(z)
    nll = negative_log_likelihood(probs, y)
    assert nll == pytest.approx(_nll_loop(probs, y), rel=1e-12)
    assert nll == pytest.approx(softmax_cross_entropy(z, y)[0], rel=1e-12)


def test_nll_is_zero_for_correct_one_hot_and_finite_for_a_zero_probability():
    y = np.array([2, 0, 1])
    nll = negative_log_likelihood(np.eye(3)[y], y)
    assert nll == 0.0 and not math.copysign(1.0, nll) < 0  # +0.0
    worst = negative_log_likelihood(np.array([[1.0, 0.0]]), np.array([1]))
    assert worst == pytest.approx(-math.log(PROB_FLOOR)) and 700 < worst < 710
    half = negative_log_likelihood(np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([1, 0]))
    assert half == pytest.approx(worst / 2)


def test_nll_rejects_bad_input():
    probs = np.array([[0.5, 0.5], [0.2, 0.8]])
    with pytest.raises(TypeError, match="`probs` must be a floating NumPy array, got list"):
        negative_log_likelihood([[0.5, 0.5]], np.array([0]))
    with pytest.raises(ValueError, match=r"`probs` must have 2 dimensions, got shape \(2,\)"):
        negative_log_likelihood(np.array([0.5, 0.5]), np.array([0]))
    with pytest.raises(ValueError, match="`probs` must not be empty"):
        negative_log_likelihood(np.zeros((0, 2)), np.array([], dtype=int))
    with pytest.raises(ValueError, match=r"`probs` must hold probabilities in \[0, 1\], got values in \[-0\.1"):
        negative_log_likelihood(np.array([[-0.1, 1.1]]), np.array([0]))
    with pytest.raises(ValueError, match=r"`probs` must sum to 1 .* got a sum of 0\.9 at index \(1,\)"):
        negative_log_likelihood(np.array([[0.5, 0.5], [0.3, 0.6]]), np.array([0, 1]))
    with pytest.raises(TypeError, match="`labels` must be a NumPy array of integer class labels, got dtype float64"):
        negative_log_likelihood(probs, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"`labels` must have shape \(2,\).*got labels.shape=\(3,\)"):
        negative_log_likelihood(probs, np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="`labels` must hold labels in 0..1, got values from 0 to 2"):
        negative_log_likelihood(probs, np.array([0, 2]))
    with pytest.raises(ValueError, match="`labels` must hold labels in 0..1, got values from -1 to 1"):
        negative_log_likelihood(probs, np.array([-1, 1]))


# ------------------------------------------------------------------ reliability_bins and expected_calibration_error
def test_ece_known_values():
    probs = np.array([[0.9, 0.1, 0.0], [0.8, 0.2, 0.0], [0.4, 0.6, 0.0], [0.5, 0.3, 0.2]])
    labels = np.array([0, 1, 1, 2])
    bins = reliability_bins(probs, labels, n_bins=2)  # bins (0, 0.5] and (0.5, 1]
    assert isinstance(bins, ReliabilityBins)
    np.testing.assert_array_equal(bins.edges, [0.0, 0.5, 1.0])
    assert bins.count.tolist() == [1, 3]  # 0.5 is on the edge: lower bin
    np.testing.assert_allclose(bins.accuracy, [0.0, 2 / 3])
    np.testing.assert_allclose(bins.confidence, [0.5, (0.9 + 0.8 + 0.6) / 3])
    # (1/4) |0 - 0.5| + (3/4) |2/3 - 2.3/3| = 0.125 + 0.075
    assert expected_calibration_error(probs, labels, n_bins=2) == pytest.approx(0.2, abs=1e-12)
    assert bins.ece == expected_calibration_error(probs, labels, n_bins=2)


def test_one_bin_ece_is_the_gap_between_accuracy_and_mean_confidence():
    probs, labels = _random_probs_labels(9)
    gap = abs(np.mean(probs.argmax(axis=1) == labels) - probs.max(axis=1).mean())
    assert expected_calibration_error(probs, labels, n_bins=1) == pytest.approx(gap, abs=1e-12)


@pytest.mark.parametrize("n_bins", [1, 2, 3, 7, 10, 15, 40])
def test_bins_and_ece_match_a_loop(n_bins):
    probs, labels = _random_probs_labels(10 + n_bins)
    probs = np.round(probs, 2)  # many confidences on or near edges: 0.3, 0.35, 0.5, ...
    probs[:, -1] = 1.0 - probs[:, :-1].sum(axis=1)
    probs = np.clip(probs, 0.0, 1.0)
    probs /= probs.sum(axis=1, keepdims=True)
    count, acc, conf, ece = _bins_loop(probs, labels, n_bins)
    bins = reliability_bins(probs, labels, n_bins)
    assert bins.count.tolist() == count and bins.count.sum() == len(labels)
    np.testing.assert_allclose(bins.accuracy, acc, rtol=1e-12)  # NaN where empty, on both sides
    np.testing.assert_allclose(bins.confidence, conf, rtol=1e-12)
    assert expected_calibration_error(probs, labels, n_bins) == pytest.approx(ece, abs=1e-12)


@pytest.mark.parametrize("n_bins", [2, 3, 4, 5, 10, 15, 20])
def test_a_confidence_on_a_bin_edge_goes_to_the_lower_bin(n_bins):
    for b in range(1, n_bins + 1):
        q = b / n_bins  # the edge b/M, the right end of bin b
        if q < 0.5:
            continue  # max of [q, 1 - q] would be 1 - q
        bins = reliability_bins(np.array([[q, 1.0 - q]]), np.array([0]), n_bins)
        assert bins.count[b - 1] == 1, (n_bins, b)
        assert bins.confidence[b - 1] == q and bins.accuracy[b - 1] == 1.0
    uniform = np.full((1, 5), 0.2)  # confidence 0.2 = 1/5: first bin of 5, argmax is class 0
    assert reliability_bins(uniform, np.array([0]), 5).count.tolist() == [1, 0, 0, 0, 0]


def test_correct_one_hot_predictions_are_calibrated():
    y = np.random.default_rng(11).integers(0, 4, size=50)
    probs = np.eye(4)[y]
    assert expected_calibration_error(probs, y) == 0.0
    assert negative_log_likelihood(probs, y) == 0.0
    assert reliability_bins(probs, y).count.tolist() == [0] * 14 + [50]  # confidence 1: last bin


def test_calibrated_synthetic_data_has_small_ece_and_sharpened_data_large():
    rng = np.random.default_rng(12)
    n = 100_000
    u = rng.random(n)  # P(y = 1) = u exactly: a perfectly calibrated forecaster
    probs = np.stack([1 - u, u], axis=1)
    labels = (rng.random(n) < u).astype(np.int64)
    # only sampling noise is left: ~8 non-empty bins of ~12,500 examples, |acc - conf| ~ 0.003 each
    assert expected_calibration_error(probs, labels) < 0.01
    sharp = _softmax(3 * np.log(probs))  # same predictions, over-confident
    assert expected_calibration_error(sharp, labels) > 0.1


def test_empty_bins_are_nan_and_have_zero_count():
    bins = reliability_bins(np.array([[0.95, 0.05]]), np.array([1]), n_bins=4)
    assert bins.count.tolist() == [0, 0, 0, 1]
    assert np.isnan(bins.accuracy[:3]).all() and np.isnan(bins.confidence[:3]).all()
    assert bins.accuracy[3] == 0.0 and bins.ece == pytest.approx(0.95)


def test_row_sum_tolerance_depends_on_the_dtype():
    y = np.array([0])
    rng = np.random.default_rng(13)
    z32 = rng.standard_normal((100, 2000)).astype(np.float32)
    p32 = _softmax(z32)  # float32 rounding over 2000 classes
    assert p32.dtype == np.float32
    expected_calibration_error(p32, rng.integers(0, 2000, size=100))  # accepted
    expected_calibration_error(np.array([[0.5, 0.5 + 1e-5]], dtype=np.float32), y)  # within 3.5e-4
    with pytest.raises(ValueError, match=r"`probs` must sum to 1 .*within 3\.5e-04 for float32"):
        expected_calibration_error(np.array([[0.5, 0.501]], dtype=np.float32), y)
    expected_calibration_error(np.array([[0.5, 0.5 + 5e-7]]), y)  # within 1e-6
    with pytest.raises(ValueError, match=r"`probs` must sum to 1 .*within 1\.0e-06 for float64"):
        expected_calibration_error(np.array([[0.5, 0.5 + 1e-5]]), y)


def test_ece_rejects_bad_input():
    probs = np.array([[0.5, 0.5], [0.2, 0.8]])
    labels = np.array([0, 1])
    with pytest.raises(TypeError, match="`probs` must be a floating NumPy array, got dtype int64"):
        expected_calibration_error(np.array([[1, 0]]), np.array([0]))
    with pytest.raises(ValueError, match=r"`probs` must have 2 dimensions, got shape \(1, 1, 2\)"):
        reliability_bins(np.full((1, 1, 2), 0.5), labels)
    with pytest.raises(ValueError, match=r"`probs` must hold probabilities in \[0, 1\], got values in \[nan"):
        expected_calibration_error(np.array([[np.nan, 0.5]]), np.array([0]))
    with pytest.raises(ValueError, match=r"`probs` must sum to 1 .* got a sum of 0 at index \(0,\)"):
        expected_calibration_error(np.zeros((1, 3)), np.array([0]))
    with pytest.raises(TypeError, match="`labels` must be a NumPy array of integer class labels, got list"):
        expected_calibration_error(probs, [0, 1])
    with pytest.raises(TypeError, match="`labels` must be a NumPy array of integer class labels, got dtype bool"):
        expected_calibration_error(probs, np.array([True, False]))
    with pytest.raises(ValueError, match=r"`labels` must have shape \(2,\).*got labels.shape=\(2, 1\)"):
        reliability_bins(probs, labels[:, None])
    with pytest.raises(ValueError, match="`labels` must hold labels in 0..1, got values from 0 to 5"):
        expected_calibration_error(probs, np.array([0, 5]))
    with pytest.raises(ValueError, match="`n_bins` must be a positive int, got n_bins=0"):
        expected_calibration_error(probs, labels, n_bins=0)
    with pytest.raises(TypeError, match="`n_bins` must be a positive int, got 2.5 of type float"):
        reliability_bins(probs, labels, n_bins=2.5)
    with pytest.raises(TypeError, match="`n_bins` must be a positive int, got True of type bool"):
        expected_calibration_error(probs, labels, n_bins=True)


def test_entropy_refuses_rows_that_are_not_distributions():
    with pytest.raises(ValueError, match=r"`probs` must sum to 1 .* got a sum of 0\.8 at index \(1,\)"):
        predictive_entropy(np.array([[0.5, 0.5], [0.4, 0.4]]))
    p32 = _softmax(np.random.default_rng(14).standard_normal((50, 10)).astype(np.float32))
    assert predictive_entropy(p32).shape == (50,)  # float32 rounding is accepted


def test_mutual_information_is_entropy_of_mean_minus_mean_entropy_on_random_passes():
    samples = _softmax(3 * np.random.default_rng(15).standard_normal((9, 40, 4)))
    direct = predictive_entropy(samples.mean(axis=0)) - np.mean([predictive_entropy(s) for s in samples], axis=0)
    np.testing.assert_allclose(mutual_information(samples), np.maximum(direct, 0.0), rtol=1e-12, atol=1e-15)
