"""dropout.evidence: summaries and paired comparisons over seeds, checked by hand."""

import math

import numpy as np
import pytest
from scipy import stats

from dropout.evidence import PairedComparison, paired_difference, summarize, verdict


def test_summary_is_the_mean_and_the_sample_sd():
    s = summarize([1.0, 2.0, 4.0])
    assert s.mean == pytest.approx(7 / 3)
    assert s.sd == pytest.approx(math.sqrt(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 2))
    assert s.n == 3 and str(s) == f"{7 / 3:.3f} ± {s.sd:.3f}"


def test_paired_difference_by_hand():
    a, b = [0.95, 0.91, 0.93, 0.96, 0.92], [0.93, 0.90, 0.90, 0.95, 0.91]
    d = np.subtract(a, b)  # 0.02 0.01 0.03 0.01 0.01
    c = paired_difference(a, b)
    assert c.mean == pytest.approx(0.016)
    assert c.sd == pytest.approx(np.std(d, ddof=1))
    assert c.se == pytest.approx(np.std(d, ddof=1) / math.sqrt(5))
    half = 2.7764451051977987 * c.se  # t_{0.975, 4}
    assert (c.ci_low, c.ci_high) == pytest.approx((0.016 - half, 0.016 + half))
    assert c.differences == pytest.approx(tuple(d))
    # the interval is the one of a one-sample t-test on the differences
    assert stats.ttest_1samp(d, 0.0).pvalue < 0.05 and c.ci_low > 0


def test_pairing_sees_what_separate_spreads_hide():
    # each seed shifts both conditions alike; the paired differences are all +0.01
    base = np.array([0.90, 0.93, 0.88, 0.95, 0.91])
    a, b = base + 0.01 + np.array([0, 1e-4, -1e-4, 2e-4, 0]), base
    assert summarize(a).sd > 0.02  # far larger than the effect
    assert verdict(paired_difference(a, b)) == "holds"


def test_verdicts():
    up = paired_difference([2.0, 2.1, 2.2], [1.0, 1.0, 1.1])
    assert verdict(up) == "holds" and verdict(up, direction=-1) == "fails"
    noise = paired_difference([1.0, 2.0, 1.5], [1.5, 1.0, 2.0])
    assert verdict(noise) == verdict(noise, direction=-1) == "not shown at this scale"
    assert isinstance(up, PairedComparison) and "95% CI" in str(up)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: summarize([1.0]), ValueError, r"`values` needs at least 2 seeds, got 1"),
        (lambda: summarize([[1.0, 2.0]]), ValueError, r"`values` must be one value per seed"),
        (lambda: summarize([1.0, float("nan")]), ValueError, r"`values` must be finite"),
        (lambda: paired_difference([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError, r"`a` and `b`.*2 and 3"),
        (lambda: paired_difference([1.0, 2.0], [1.0, math.inf]), ValueError, r"`b` must be finite"),
        (lambda: verdict((0.1, 0.2)), TypeError, r"`comparison` must be a PairedComparison"),
        (lambda: verdict(paired_difference([1, 2], [0, 1]), direction=2), ValueError, r"`direction`.*2"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("n", [2, 3, 5, 10, 30, 1000])
def test_t_critical_is_scipy_stats_quantile(n):
    from dropout.evidence import t_critical

    assert t_critical(n) == float(stats.t.ppf(0.975, n - 1))


def test_t_critical_table_values():
    from dropout.evidence import t_critical

    assert t_critical(2) == pytest.approx(12.706, abs=1e-3)
    assert t_critical(5) == pytest.approx(2.776, abs=1e-3)
    assert t_critical(31) == pytest.approx(2.042, abs=1e-3)


@pytest.mark.parametrize("n, error", [(1, ValueError), (0, ValueError), (2.0, TypeError), (True, TypeError)])
def test_t_critical_bad_n(n, error):
    from dropout.evidence import t_critical

    with pytest.raises(error, match="`n` must be an int >= 2"):
        t_critical(n)


def test_importing_evidence_does_not_import_scipy_stats():
    import subprocess
    import sys

    code = "import sys, dropout.evidence; print('scipy.stats' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
