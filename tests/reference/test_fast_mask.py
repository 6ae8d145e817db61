"""fast_bernoulli_mask: the contract of bernoulli_mask, and masks that really are Bernoulli(p).

The statistical tests are seeded, so they pass or fail deterministically; their
thresholds (p-values above 1e-4, or |z| < 5) would rarely fail for a correct
sampler with any seed, and a sampler that is off by more than the stated
resolution in the tested regime fails them by a wide margin.
"""

import math

import numpy as np
import pytest
from scipy import stats

from dropout.reference import RESOLUTION_BITS, dropout_forward, effective_keep_prob, fast_bernoulli_mask

RESOLUTION = 2.0**-RESOLUTION_BITS  # p_eff is a multiple of this
MAX_ROUNDING_ERROR = RESOLUTION / 2  # |p_eff - p| <= 2^-33
ALPHA = 1e-4  # smallest p-value accepted


def kept_count(shape, p, seed, repeats=1):
    """Number of kept units in `repeats` masks of `shape`, one generator."""
    rng = np.random.default_rng(seed)
    return sum(int(np.count_nonzero(fast_bernoulli_mask(shape, p, rng))) for _ in range(repeats))


# ------------------------------------------------------------ the contract
def test_exported_from_its_one_documented_path():
    # one import path per public name: dropout.reference; the root exports only __version__
    import dropout
    import dropout.reference

    assert dropout.reference.fast_bernoulli_mask is dropout.reference.fast_mask.fast_bernoulli_mask
    assert "fast_bernoulli_mask" in dropout.reference.__all__
    assert dropout.__all__ == ["__version__"] and not hasattr(dropout, "fast_bernoulli_mask")


@pytest.mark.parametrize("shape", [7, (7,), (0,), (3, 0, 2), (3, 5, 9), (2, 1_000_003)])
def test_shape_and_dtype(shape):
    r = fast_bernoulli_mask(shape, 0.3, np.random.default_rng(0))
    expected = (shape,) if isinstance(shape, int) else shape
    assert r.shape == expected and r.dtype == np.bool_
    assert r.flags.c_contiguous


@pytest.mark.parametrize("p", [np.float32(0.25), np.float64(0.7), 1, np.int64(1)])
def test_accepts_numpy_and_integer_keep_prob(p):
    r = fast_bernoulli_mask((50, 40), p, np.random.default_rng(0))
    assert r.dtype == np.bool_ and r.shape == (50, 40)


def test_bad_keep_prob(bad_keep_prob_or_zero):  # the shared table of tests/conftest.py
    bad = bad_keep_prob_or_zero
    with pytest.raises(bad.error, match=bad.match()):
        fast_bernoulli_mask((2, 3), bad.value, np.random.default_rng(0))


@pytest.mark.parametrize("rng", [0, None, np.random.RandomState(0), np.random.PCG64(0)])
def test_bad_rng(rng):
    with pytest.raises(TypeError, match=r"`rng` must be a numpy.random.Generator"):
        fast_bernoulli_mask((2, 3), 0.5, rng)


@pytest.mark.parametrize(
    ("shape", "error", "match"),
    [
        ((2, -1), ValueError, r"`shape` must have non-negative dimensions, got \(2, -1\)"),
        (-3, ValueError, r"`shape` must have non-negative dimensions"),
        ((2.0, 3), TypeError, r"`shape` must be an int or a tuple of ints"),
        ("ab", TypeError, r"`shape` must be an int or a tuple of ints"),
        (None, TypeError, r"`shape` must be an int or a tuple of ints"),
    ],
)
def test_bad_shape(shape, error, match):
    with pytest.raises(error, match=match):
        fast_bernoulli_mask(shape, 0.5, np.random.default_rng(0))


def test_effective_keep_prob_checks_its_argument():
    with pytest.raises(ValueError, match=r"got keep_prob=2"):
        effective_keep_prob(2)
    with pytest.raises(TypeError, match=r"`keep_prob` must be a real number"):
        effective_keep_prob("p")


# ------------------------------------------------------- reproducibility
def test_same_seed_same_mask_and_different_seeds_differ():
    a = fast_bernoulli_mask((64, 100), 0.5, np.random.default_rng(7))
    b = fast_bernoulli_mask((64, 100), 0.5, np.random.default_rng(7))
    c = fast_bernoulli_mask((64, 100), 0.5, np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_masks_differ_across_calls_and_across_rows():
    rng = np.random.default_rng(3)
    first = fast_bernoulli_mask((256, 50), 0.5, rng)
    second = fast_bernoulli_mask((256, 50), 0.5, rng)
    assert not np.array_equal(first, second)
    # all 256 rows distinct (a mask shared by the batch would give one row)
    assert len({row.tobytes() for row in first}) == 256


def test_large_mask_is_reproducible_and_random_to_the_last_unit():
    # Large enough to be drawn in several pieces (the sampler works in cache-sized blocks, an
    # implementation detail), and not a multiple of 8 long: the last 64-bit word is cut.
    n = (1 << 21) + 5
    a = fast_bernoulli_mask(n, 0.5, np.random.default_rng(11))
    b = fast_bernoulli_mask(n, 0.5, np.random.default_rng(11))
    np.testing.assert_array_equal(a, b)
    z = (a.sum() - n * 0.5) / math.sqrt(n * 0.25)
    assert abs(z) < 5
    # the last few units (a partial 64-bit word) are random too
    tails = np.array([fast_bernoulli_mask(13, 0.5, np.random.default_rng(s)) for s in range(400)])
    assert np.all((tails.mean(axis=0) > 0.35) & (tails.mean(axis=0) < 0.65))


# ------------------------------------------------------ p = 1 and rounding
def test_keep_prob_one_keeps_every_unit():
    assert fast_bernoulli_mask((300, 300), 1.0, np.random.default_rng(0)).all()
    assert effective_keep_prob(1.0) == 1.0


def test_p_within_half_a_resolution_of_one_keeps_every_unit():
    p = 1 - 2.0**-34
    assert effective_keep_prob(p) == 1.0
    assert fast_bernoulli_mask((300, 300), p, np.random.default_rng(0)).all()


def test_effective_keep_prob_is_the_nearest_multiple_of_the_resolution():
    rng = np.random.default_rng(2024)
    ps = np.concatenate([rng.random(2000), 10.0 ** rng.uniform(-9, 0, 2000), 1 - 10.0 ** rng.uniform(-9, -1, 500)])
    ps = ps[(ps > 0) & (ps <= 1)]
    for p in ps:
        q = effective_keep_prob(float(p))
        assert abs(q - p) <= MAX_ROUNDING_ERROR
        assert (q / RESOLUTION).is_integer()
    assert MAX_ROUNDING_ERROR < 1e-6  # the goal of issue 8: p resolved to at least 1e-6


@pytest.mark.parametrize("p", [0.5, 0.25, 0.8125, 3 * 2.0**-32, 1 - 2.0**-32])
def test_multiples_of_the_resolution_are_used_exactly(p):
    assert effective_keep_prob(p) == p


# ------------------------------------------------------ goodness of fit
@pytest.mark.parametrize(
    "p",
    [
        0.1,
        0.5,
        0.8,
        0.999,
        (100 + 0.5) / 256,  # half the units whose byte ties the threshold are kept
        (7 + 0.01) / 256,  # a tie stage that keeps 1 % of the ties
        1 - 1e-6,
    ],
)
def test_kept_count_is_binomial(p):
    n = 1 << 24
    k = kept_count(n, p, seed=int(p * 1e9))
    result = stats.binomtest(k, n, effective_keep_prob(p))
    assert result.pvalue > ALPHA, (k, n * p)


def test_tie_stage_matters_at_this_sample_size():
    # guard for the test above: had the ties all been kept (or all dropped),
    # the kept count would miss n p by about 16 standard deviations.
    n, p = 1 << 24, (100 + 0.5) / 256
    k = kept_count(n, p, seed=5)
    assert stats.binomtest(k, n, 101 / 256).pvalue < 1e-12
    assert stats.binomtest(k, n, 100 / 256).pvalue < 1e-12


@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_tiny_keep_probabilities_one_in_a_million(k):
    # p = k * 1e-6: 2^26 units give about 67 k kept units
    p, shape, repeats = k * 1e-6, 1 << 24, 4
    kept = kept_count(shape, p, seed=100 + k, repeats=repeats)
    n = shape * repeats
    assert stats.binomtest(kept, n, effective_keep_prob(p)).pvalue > ALPHA


def test_one_in_a_million_is_resolved():
    # p = 1e-6 and p = 2e-6 are told apart by their kept counts
    n_shape, repeats = 1 << 24, 4
    n = n_shape * repeats
    k1 = kept_count(n_shape, 1e-6, seed=1, repeats=repeats)
    k2 = kept_count(n_shape, 2e-6, seed=2, repeats=repeats)
    assert stats.binomtest(k1, n, 1e-6).pvalue > ALPHA and stats.binomtest(k1, n, 2e-6).pvalue < ALPHA
    assert stats.binomtest(k2, n, 2e-6).pvalue > ALPHA and stats.binomtest(k2, n, 1e-6).pvalue < ALPHA


@pytest.mark.parametrize("p", [0.37, (77 + 0.3) / 256])
def test_kept_counts_per_row_follow_the_binomial_distribution(p):
    # chi-square goodness of fit of the per-row kept counts to Binomial(m, p)
    rows, m = 20_000, 100
    mask = fast_bernoulli_mask((rows, m), p, np.random.default_rng(42))
    counts = np.bincount(mask.sum(axis=1), minlength=m + 1)
    expected = rows * stats.binom.pmf(np.arange(m + 1), m, effective_keep_prob(p))
    # merge the tails so that every bin expects at least 5 rows
    lo = np.argmax(np.cumsum(expected) >= 5)
    hi = m - np.argmax(np.cumsum(expected[::-1]) >= 5)
    obs = np.concatenate([[counts[: lo + 1].sum()], counts[lo + 1 : hi], [counts[hi:].sum()]])
    exp = np.concatenate([[expected[: lo + 1].sum()], expected[lo + 1 : hi], [expected[hi:].sum()]])
    exp *= obs.sum() / exp.sum()
    assert stats.chisquare(obs, exp).pvalue > ALPHA


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_mean_kept_fraction(p):
    mask = fast_bernoulli_mask((2000, 1000), p, np.random.default_rng(9))
    z = (mask.mean() - p) / math.sqrt(p * (1 - p) / mask.size)
    assert abs(z) < 5


@pytest.mark.parametrize(("p", "cols"), [(0.3, 64), (0.3, 63), ((200 + 0.7) / 256, 64)])
def test_per_position_rates_are_all_p(p, cols):
    # every position (and every byte lane of the 64-bit draws) is kept at rate p
    rows = 40_000
    mask = fast_bernoulli_mask((rows, cols), p, np.random.default_rng(17))
    q = effective_keep_prob(p)
    counts = mask.sum(axis=0)
    chi2 = np.sum((counts - rows * q) ** 2 / (rows * q * (1 - q)))
    assert stats.chi2.sf(chi2, df=cols) > ALPHA
    assert np.all(np.abs(counts - rows * q) < 5 * math.sqrt(rows * q * (1 - q)))


@pytest.mark.parametrize("p", [0.3, (100 + 0.5) / 256])
def test_neighbouring_units_are_independent(p):
    # P(r_j = 1 and r_{j+1} = 1) = p^2 for neighbours cut from the same 64-bit word
    mask = fast_bernoulli_mask(1 << 22, p, np.random.default_rng(23))
    both = np.count_nonzero(mask[:-1] & mask[1:])
    n = mask.size - 1
    q = effective_keep_prob(p) ** 2
    assert abs(both - n * q) < 6 * math.sqrt(n * q * (1 - q))


@pytest.mark.parametrize("bit_generator", [np.random.MT19937, np.random.Philox, np.random.SFC64, np.random.PCG64DXSM])
def test_every_bit_generator_gives_bernoulli_p(bit_generator):
    # MT19937 makes 32 bits per raw draw: the sampler must not assume 64
    rng = np.random.Generator(bit_generator(5))
    n, p = 1 << 22, 0.6
    mask = fast_bernoulli_mask(n, p, rng)
    assert stats.binomtest(int(mask.sum()), n, p).pvalue > ALPHA
    lanes = mask.reshape(-1, 8).mean(axis=0)  # each byte of a 64-bit draw
    assert np.all(np.abs(lanes - p) < 5 * math.sqrt(p * (1 - p) / (n // 8)))


# ------------------------------------------------ dropout_forward uses it
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8, 0.999])
def test_dropout_forward_uses_the_fast_mask_and_keeps_survivors_exact(p):
    x = np.random.default_rng(0).standard_normal((300, 200)).astype(np.float32)
    out, cache = dropout_forward(x, p, np.random.default_rng(31))
    expected_mask = fast_bernoulli_mask(x.shape, p, np.random.default_rng(31))
    np.testing.assert_array_equal(cache.mask, expected_mask)
    np.testing.assert_array_equal(out[cache.mask], x[cache.mask] / np.float32(p))
    assert np.all(out[~cache.mask] == 0)
    assert out.dtype == np.float32
