"""Tests of dropout.plotting.draw_network (Agg backend, no window)."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dropout.plotting import DROPPED_COLOR, KEPT_COLOR, draw_network  # noqa: E402


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
    with pytest.raises(ValueError, match="positive integers"):
        draw_network(ax, [3, 0])
    with pytest.raises(ValueError, match="one mask per layer"):
        draw_network(ax, [2, 2], [np.ones(2, dtype=bool)])
    with pytest.raises(ValueError, match=r"`masks\[1\]` must have shape \(2,\)"):
        draw_network(ax, [2, 2], [np.ones(2, dtype=bool), np.ones(3, dtype=bool)])
    with pytest.raises(TypeError, match="must be boolean"):
        draw_network(ax, [2, 2], [np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match="one name per layer"):
        draw_network(ax, [2, 2], layer_names=["a"])


def test_importing_dropout_does_not_import_matplotlib_or_tensorflow():
    code = (
        "import sys, dropout, dropout.curves, dropout.uncertainty, dropout.theory, dropout.reference; "
        "print('matplotlib' in sys.modules, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
