"""Evidence over seeds: a mean with its spread, a paired comparison, and the verdict it supports.

An experiment of the book is run with several seeds s = 1..n (each seed sets
the initial weights, the dropout masks and the batch order; the data split is
fixed). Two conditions A and B run with the same seeds are compared **per
seed** (chapter 5, eq. ``eq-ch05-paired-difference``):

    d_s = a_s - b_s,   d_bar = (1/n) sum_s d_s,   SE = sd(d) / sqrt(n),

and the 95% confidence interval d_bar +- t_{0.975, n-1} SE. Pairing removes the
part of the seed-to-seed variation that both conditions share (a lucky
initialisation helps both), so it sees effects that two separate means and
their spreads would hide.

The verdict of a claim that A beats B (in the direction ``direction``) is
"holds" when the whole interval lies on the claimed side of zero, "fails"
when it lies on the other side, and "not shown at this scale" otherwise.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy import special  # its t quantile, without scipy.stats's 1.5 s import

__all__ = ["SeedSummary", "summarize", "PairedComparison", "t_critical", "paired_difference", "verdict"]

VERDICTS = ("holds", "fails", "not shown at this scale")


def _values(values, name: str, min_n: int) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"`{name}` must be one value per seed (1-D), got shape {array.shape}")
    if len(array) < min_n:
        raise ValueError(f"`{name}` needs at least {min_n} seeds, got {len(array)}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` must be finite, got {array.tolist()!r}")
    return array


class SeedSummary(NamedTuple):
    """Mean and sample standard deviation (ddof = 1) of one quantity over n seeds."""

    mean: float
    sd: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.3f} ± {self.sd:.3f}"


def summarize(values) -> SeedSummary:
    """Mean and sample standard deviation of per-seed results.

    Args:
        values: one number per seed, at least 2.

    Returns:
        A :class:`SeedSummary`; ``str()`` of it reads ``"0.918 ± 0.007"``.

    Raises:
        ValueError: not 1-D, fewer than 2 values, or a value not finite.

    Example:
        >>> s = summarize([0.90, 0.92, 0.91])
        >>> round(s.mean, 3), round(s.sd, 3), s.n, str(s)
        (0.91, 0.01, 3, '0.910 ± 0.010')
    """
    array = _values(values, "values", 2)
    return SeedSummary(float(array.mean()), float(array.std(ddof=1)), len(array))


class PairedComparison(NamedTuple):
    """The per-seed differences a - b and what they say (eq. ``eq-ch05-paired-difference``).

    Attributes:
        mean: d_bar, the mean difference.
        sd: the sample standard deviation of the differences.
        se: the standard error of the mean, sd / sqrt(n).
        n: the number of seeds.
        ci_low: the lower end of the 95% Student-t confidence interval of the mean.
        ci_high: its upper end.
        differences: the per-seed differences, a tuple.
    """

    mean: float
    sd: float
    se: float
    n: int
    ci_low: float
    ci_high: float
    differences: tuple

    def __str__(self) -> str:
        return f"{self.mean:+.3f} ± {self.sd:.3f} (95% CI {self.ci_low:+.3f} to {self.ci_high:+.3f})"


def t_critical(n: int) -> float:
    """t_{0.975, n-1}: the multiplier of the standard error in a 95% interval over n seeds.

    The 0.975 quantile of Student's t distribution with n - 1 degrees of
    freedom (``scipy.stats.t.ppf(0.975, n - 1)``, computed by
    ``scipy.special.stdtrit``), as in eq. ``eq-ch05-paired-difference``.

    Args:
        n: the number of seeds, an int >= 2.

    Raises:
        TypeError, ValueError: ``n`` not an int >= 2.

    Example:
        >>> round(t_critical(5), 3), round(t_critical(1000), 3)
        (2.776, 1.962)
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise TypeError(f"`n` must be an int >= 2, got {n!r} of type {type(n).__name__}")
    if n < 2:
        raise ValueError(f"`n` must be an int >= 2 (an interval needs two seeds), got n={n!r}")
    return float(special.stdtrit(int(n) - 1, 0.975))


def paired_difference(a, b) -> PairedComparison:
    """Compare two conditions run with the same seeds, seed by seed.

    Implements eq. ``eq-ch05-paired-difference`` of chapter 5: d_s = a_s - b_s,
    d_bar, SE = sd(d) / sqrt(n), and the interval d_bar +- t_{0.975, n-1} SE.

    Args:
        a: per-seed results of the first condition, at least 2.
        b: per-seed results of the second, in the same seed order.

    Returns:
        A :class:`PairedComparison`.

    Raises:
        ValueError: different lengths, fewer than 2 seeds, not 1-D, or a value not finite.

    Example:
        >>> a = [0.92, 0.93, 0.91, 0.94]
        >>> b = [0.90, 0.92, 0.90, 0.91]
        >>> c = paired_difference(a, b)
        >>> round(c.mean, 4), round(c.se, 4), c.n, c.ci_low > 0
        (0.0175, 0.0048, 4, True)
    """
    a, b = _values(a, "a", 2), _values(b, "b", 2)
    if a.shape != b.shape:
        raise ValueError(f"`a` and `b` must hold one value per seed each, got {len(a)} and {len(b)}")
    d = a - b
    n = len(d)
    sd = float(d.std(ddof=1))
    se = sd / math.sqrt(n)
    half = t_critical(n) * se
    mean = float(d.mean())
    return PairedComparison(mean, sd, se, n, mean - half, mean + half, tuple(float(v) for v in d))


def verdict(comparison: PairedComparison, direction: int = 1) -> str:
    """The verdict a paired comparison supports for the claim "a - b has the sign of ``direction``".

    Args:
        comparison: a :class:`PairedComparison` of a - b.
        direction: +1 for the claim a > b, -1 for a < b.

    Returns:
        ``"holds"`` if the 95% interval lies entirely on the claimed side of
        zero, ``"fails"`` if it lies entirely on the other side, else
        ``"not shown at this scale"``.

    Raises:
        TypeError: ``comparison`` is not a :class:`PairedComparison`.
        ValueError: ``direction`` is not +1 or -1.

    Example:
        >>> a = [0.92, 0.93, 0.91, 0.94]
        >>> c = paired_difference(a, [0.90, 0.92, 0.90, 0.91])
        >>> verdict(c), verdict(c, direction=-1)
        ('holds', 'fails')
    """
    if not isinstance(comparison, PairedComparison):
        raise TypeError(f"`comparison` must be a PairedComparison, got {type(comparison).__name__}")
    if direction not in (1, -1):
        raise ValueError(f"`direction` must be +1 or -1, got direction={direction!r}")
    low, high = sorted((direction * comparison.ci_low, direction * comparison.ci_high))
    if low > 0:
        return "holds"
    if high < 0:
        return "fails"
    return "not shown at this scale"
