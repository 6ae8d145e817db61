"""Tests of dropout.plotting: draw_network and reliability_diagram (Agg backend, no window)."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dropout.plotting import DROPPED_COLOR, KEPT_COLOR, draw_network, reliability_diagram  # noqa: E402
from dropout.uncertainty import expected_calibration_error, reliability_bins  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _black_lines(ax):
    return [l for l in ax.lines if mcolors.same_color(l.get_color(), "black")]


def test_full_network_draws_every_unit_and_connection(ax):
    sizes = [2, 3, 1]
    assert draw_network(ax, sizes, title="full") is ax
    assert len(ax.patches) == 6  # one circle per unit
    assert all(mcolors.same_color(p.get_facecolor(), KEPT_COLOR) for p in ax.patches)
    assert len(_black_lines(ax)) == 2 * 3 + 3 * 1  # every connection alive
    assert ax.get_title() == "full"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["input", "hidden 1", "output"]


def test_dropped_units_lose_their_connections_and_are_crossed(ax):
    sizes = [2, 3, 1]
    masks = [np.array([True, False]), np.array([True, True, False]), np.array([True])]
    draw_network(ax, sizes, masks, layer_names=["x", "h", "y"])
    kept_faces = [p for p in ax.patches if mcolors.same_color(p.get_facecolor(), KEPT_COLOR)]
    assert len(kept_faces) == 4
    assert len(_black_lines(ax)) == 1 * 2 + 2 * 1  # only kept-to-kept connections are black
    pale = [l for l in ax.lines if mcolors.same_color(l.get_color(), DROPPED_COLOR)]
    assert len(pale) == 9 - 4
    crosses = [l for l in ax.lines if mcolors.same_color(l.get_color(), "0.5")]
    assert len(crosses) == 2 * 2  # two strokes per dropped unit
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "h", "y"]


def test_bad_arguments_raise(ax):
    with pytest.raises(ValueError, match="at least 2 layer sizes"):
        draw_network(ax, [3])
    with pytest.raises(ValueError, match=r"`sizes\[1\]` must be a positive int, got sizes\[1\]=0"):
        draw_network(ax, [3, 0])
    with pytest.raises(ValueError, match="one mask per layer"):
        draw_network(ax, [2, 2], [np.ones(2, dtype=bool)])
    with pytest.raises(ValueError, match=r"`masks\[1\]` must have shape \(2,\)"):
        draw_network(ax, [2, 2], [np.ones(2, dtype=bool), np.ones(3, dtype=bool)])
    with pytest.raises(TypeError, match="must be boolean"):
        draw_network(ax, [2, 2], [np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match="one name per layer"):
        draw_network(ax, [2, 2], layer_names=["a"])


@pytest.mark.parametrize(
    ("sizes", "match"),
    [
        (3, r"`sizes` must be a sequence of layer sizes \(e.g. \[4, 5, 2\]\), got 3 of type int"),
        ("32", r"`sizes` must be a sequence of layer sizes.*got '32' of type str"),
        ({2, 3}, r"`sizes` must be a sequence of layer sizes.*of type set"),
        ([3, 2.0], r"`sizes\[1\]` must be a positive int, got 2.0 of type float"),
        ([True, 2], r"`sizes\[0\]` must be a positive int, got True of type bool"),
    ],
)
def test_sizes_of_the_wrong_type_raise_type_error(ax, sizes, match):
    with pytest.raises(TypeError, match=match):
        draw_network(ax, sizes)


def test_importing_dropout_does_not_import_matplotlib_or_tensorflow():
    code = (
        "import sys, dropout, dropout.curves, dropout.uncertainty, dropout.calibration, dropout.theory, "
        "dropout.reference; "
        "print('matplotlib' in sys.modules, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# ------------------------------------------------------------------ reliability_diagram
def _probs_labels(seed=0, n=400, c=3):
    rng = np.random.default_rng(seed)
    z = 2.0 * rng.standard_normal((n, c))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), rng.integers(0, c, size=n)


def _diagonals(ax):
    return [l for l in ax.lines if list(l.get_xdata()) == [0, 1] and list(l.get_ydata()) == [0, 1]]


def test_reliability_diagram_draws_one_bar_per_non_empty_bin_and_the_diagonal(ax):
    probs, labels = _probs_labels()
    bins = reliability_bins(probs, labels, n_bins=10)
    full = bins.count > 0
    assert 0 < full.sum() < 10  # some bins empty (confidence >= 1/3), so the count is a real check
    ece = reliability_diagram(ax, probs, labels, n_bins=10, label="MC dropout")
    assert ece == expected_calibration_error(probs, labels, n_bins=10)
    bars = ax.patches
    assert len(bars) == full.sum()
    np.testing.assert_allclose([b.get_x() for b in bars], bins.edges[:-1][full])
    np.testing.assert_allclose([b.get_height() for b in bars], bins.accuracy[full])
    np.testing.assert_allclose([b.get_width() for b in bars], 0.1)
    assert len(_diagonals(ax)) == 1
    assert ax.get_xlim() == (0.0, 1.0) and ax.get_ylim() == (0.0, 1.0)
    assert ax.get_xlabel() == "confidence" and ax.get_ylabel() == "accuracy"
    assert ax.get_legend_handles_labels()[1] == ["MC dropout"]


def test_reliability_diagram_of_correct_one_hot_predictions_is_one_full_bar(ax):
    labels = np.array([0, 1, 1, 2])
    assert reliability_diagram(ax, np.eye(3)[labels], labels, n_bins=5) == 0.0
    (bar,) = ax.patches
    assert bar.get_x() == pytest.approx(0.8) and bar.get_height() == 1.0  # bin (0.8, 1]
    assert ax.get_legend_handles_labels()[1] == []  # no label, no legend entry


def test_reliability_diagram_rejects_bad_input(ax):
    probs, labels = _probs_labels(n=4)
    with pytest.raises(ValueError, match="`probs` must sum to 1"):
        reliability_diagram(ax, probs * 0.5, labels)
    with pytest.raises(TypeError, match="`probs` must be a floating NumPy array, got list"):
        reliability_diagram(ax, probs.tolist(), labels)
    with pytest.raises(ValueError, match=r"`labels` must have shape \(4,\)"):
        reliability_diagram(ax, probs, labels[:3])
    with pytest.raises(ValueError, match="`n_bins` must be a positive int, got n_bins=0"):
        reliability_diagram(ax, probs, labels, n_bins=0)
    assert len(ax.patches) == 0 and len(ax.lines) == 0  # nothing drawn before the checks
