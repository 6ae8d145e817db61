"""Figures shared by the chapters: a thinned network, and a reliability diagram.

Chapters 1 and 3 draw the same picture (the paper's figure 1): a small fully
connected network, and the thinned network left by a dropout mask, with the
dropped units crossed out and their connections greyed. :func:`draw_network`
draws it on a given matplotlib axes.

:func:`reliability_diagram` draws the accuracy against the confidence of a
classifier in confidence bins (Guo et al. 2017, figure 1), from
:func:`dropout.uncertainty.reliability_bins`.

This is the only module of the package that imports matplotlib; importing
:mod:`dropout` does not import it.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.patches as mpatches
import numpy as np

from dropout._checks import check_positive_int
from dropout.uncertainty import reliability_bins

__all__ = ["draw_network", "reliability_diagram", "KEPT_COLOR", "DROPPED_COLOR"]

KEPT_COLOR = "tab:orange"
"""Face colour of a kept unit."""
DROPPED_COLOR = "0.85"
"""Colour of a dropped unit's face and of the connections it loses."""

_RADIUS = 0.2


def _default_layer_names(n_layers: int) -> list[str]:
    hidden = [f"hidden {l}" for l in range(1, n_layers - 1)]
    return ["input", *hidden, "output"]


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(
            f"`sizes` must be a sequence of layer sizes (e.g. [4, 5, 2]), got {sizes!r} "
            f"of type {type(sizes).__name__}"
        )
    if len(sizes) < 2:
        raise ValueError(f"`sizes` must be a sequence of at least 2 layer sizes, got sizes={sizes!r}")
    return [check_positive_int(n, f"sizes[{l}]") for l, n in enumerate(sizes)]


def _check_masks(masks, sizes: list[int]) -> list[np.ndarray]:
    if masks is None:
        return [np.ones(n, dtype=bool) for n in sizes]
    if len(masks) != len(sizes):
        raise ValueError(f"`masks` must have one mask per layer ({len(sizes)}), got {len(masks)}")
    out = []
    for l, (m, n) in enumerate(zip(masks, sizes)):
        m = np.asarray(m)
        if m.shape != (n,):
            raise ValueError(f"`masks[{l}]` must have shape ({n},), got {m.shape}")
        if m.dtype != bool:
            raise TypeError(f"`masks[{l}]` must be boolean (True = kept), got dtype {m.dtype}")
        out.append(m)
    return out


def draw_network(ax, sizes, masks=None, *, title=None, layer_names=None):
    """Draw a fully connected network, thinned by dropout masks r^(l)
    (chapter 1, eq. ``eq-ch01-dropout-layer``; chapter 3, eq. ``eq-ch03-dropout-forward``).

    Layer l is a column of ``sizes[l]`` circles. A kept unit (r_j = 1) is
    filled with :data:`KEPT_COLOR`; a dropped unit (r_j = 0) is drawn pale and
    crossed out. A connection is black when both of its units are kept and
    pale when either is dropped, so the black part of the figure is the
    thinned network y~^(l) = r^(l) * y^(l).

    Args:
        ax: a matplotlib ``Axes`` to draw on.
        sizes: units per layer, input first, e.g. ``[4, 5, 5, 2]``; at least two positive ints.
        masks: ``None`` (the full network: every unit kept), or one boolean
            vector per layer, ``masks[l]`` of shape ``(sizes[l],)``, True = kept.
        title: optional axes title.
        layer_names: optional labels under the columns, one per layer;
            default ``"input"``, ``"hidden 1"``, ..., ``"output"``.

    Returns:
        ``ax``, for chaining.

    Raises:
        TypeError: ``sizes`` is not a sequence or holds a non-integer; a mask
            is not boolean.
        ValueError: ``sizes`` has fewer than 2 entries or a size below 1;
            ``masks`` or ``layer_names`` of the wrong length or a mask of the
            wrong shape.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> import numpy as np
        >>> fig, ax = plt.subplots()
        >>> masks = [np.array([True, False]), np.array([True, True, False]),
        ...          np.array([True])]
        >>> ax = draw_network(ax, [2, 3, 1], masks, title="thinned")
        >>> len(ax.patches)  # one circle per unit
        6
        >>> plt.close(fig)
    """
    sizes = _check_sizes(sizes)
    masks = _check_masks(masks, sizes)
    if layer_names is None:
        layer_names = _default_layer_names(len(sizes))
    elif len(layer_names) != len(sizes):
        raise ValueError(f"`layer_names` must have one name per layer ({len(sizes)}), got {len(layer_names)}")

    pos = [[(l, (n - 1) / 2 - j) for j in range(n)] for l, n in enumerate(sizes)]  # unit centres
    for l in range(len(sizes) - 1):
        for j, (x0, y0) in enumerate(pos[l]):
            for k, (x1, y1) in enumerate(pos[l + 1]):
                alive = bool(masks[l][j] and masks[l + 1][k])
                ax.plot([x0, x1], [y0, y1], color="black" if alive else DROPPED_COLOR,
                        lw=0.8, zorder=2 if alive else 1)
    d = 0.6 * _RADIUS
    for l, layer in enumerate(pos):
        for j, (x, y) in enumerate(layer):
            kept = bool(masks[l][j])
            ax.add_patch(mpatches.Circle((x, y), _RADIUS, zorder=3,
                                         facecolor=KEPT_COLOR if kept else "white",
                                         edgecolor="black" if kept else "0.6"))
            if not kept:
                ax.plot([x - d, x + d], [y - d, y + d], color="0.5", lw=1, zorder=4)
                ax.plot([x - d, x + d], [y + d, y - d], color="0.5", lw=1, zorder=4)

    half = (max(sizes) - 1) / 2 + 0.5
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-half, half)
    ax.set_aspect("equal")
    ax.set_xticks(range(len(sizes)), layer_names, fontsize=8)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if title is not None:
        ax.set_title(title, fontsize=10)
    return ax


def reliability_diagram(ax, probs, labels, n_bins=15, *, label=None) -> float:
    """Draw a reliability diagram, acc(B_b) against the bins of confidence (Guo et al. 2017, figure 1).

    One bar per non-empty bin B_b = {i : (b - 1)/M < q_i <= b/M} of the
    confidence q_i = max_c p_i,c, spanning the bin and as high as acc(B_b),
    the fraction of correct predictions in it; and the dashed diagonal
    accuracy = confidence of a perfectly calibrated model. Bars below the
    diagonal show over-confidence. The bins are those of
    :func:`dropout.uncertainty.reliability_bins`, and the value returned is
    ``ECE = sum_b (|B_b| / N) |acc(B_b) - conf(B_b)|``. Call it twice on the
    same axes (with ``label``) to compare two models, e.g. before and after
    :func:`dropout.calibration.apply_temperature`.

    Args:
        ax: a matplotlib ``Axes`` to draw on.
        probs: ``(N, C)`` predicted class probabilities; each row sums to 1.
        labels: ``(N,)`` integer class labels in ``0 .. C - 1``.
        n_bins: M, the number of equal-width bins, a positive int.
        label: optional legend label of the bars.

    Returns:
        The expected calibration error, a Python float in [0, 1].

    Raises:
        TypeError, ValueError: bad ``probs``, ``labels`` or ``n_bins``, as in
            :func:`dropout.uncertainty.expected_calibration_error`.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> import numpy as np
        >>> fig, ax = plt.subplots()
        >>> probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6]])
        >>> labels = np.array([0, 1, 1])
        >>> ece = reliability_diagram(ax, probs, labels, n_bins=5)
        >>> # one bar per non-empty bin: (0.4, 0.6], (0.6, 0.8], (0.8, 1]
        >>> len(ax.patches)
        3
        >>> round(ece, 4)  # (|1 - 0.6| + |0 - 0.8| + |1 - 0.9|) / 3
        0.4333
        >>> plt.close(fig)
    """
    bins = reliability_bins(probs, labels, n_bins)
    full = bins.count > 0
    width = 1.0 / bins.count.size
    ax.bar(bins.edges[:-1][full], bins.accuracy[full], width=width, align="edge",
           alpha=0.6, edgecolor="black", linewidth=0.5, label=label)
    ax.plot([0, 1], [0, 1], linestyle="--", color="0.5", lw=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    return bins.ece
