"""The tolerance-aware comparison of the book's notebooks (tools/nbval_tolerance.py).

Unit tests of the marker and the number-by-number comparison, then nbval itself
run on a small notebook whose stored outputs are a fresh run's with numbers
changed: within the declared tolerance it passes, beyond it (a stored accuracy
changed by 0.3) it fails, and cells without a marker are still compared exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from nbval_tolerance import (
    Tolerance,
    number_differences,
    parse_tolerance,
    snap_outputs,
    snap_text,
    split_numbers,
)

TOOLS = Path(__file__).resolve().parents[1] / "tools"
TOL = Tolerance(abs=0.01, rel=0.0, reason="test")


# ----------------------------------------------------------------------------- the marker


def test_marker_is_read_with_abs_rel_and_reason():
    source = "x = 1\n# NBVAL_TOLERANCE abs=0.005 rel=0.02 -- trained accuracy, measured 0.002\nprint(x)"
    assert parse_tolerance(source) == Tolerance(0.005, 0.02, "trained accuracy, measured 0.002")
    assert parse_tolerance("# NBVAL_TOLERANCE abs=0.01 int=2 -- counts").int == 2


def test_cell_without_marker_has_no_tolerance():
    assert parse_tolerance("print(0.944)  # NBVAL is mentioned but no marker") is None


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# NBVAL_TOLERANCE abs=0.01", "needs a reason"),
        ("# NBVAL_TOLERANCE abs=0.01 --   ", "needs a reason"),
        ("# NBVAL_TOLERANCE -- why", "needs abs=<number> and/or rel=<number>"),
        ("# NBVAL_TOLERANCE int=2 -- why", "needs abs=<number> and/or rel=<number>"),
        ("# NBVAL_TOLERANCE tol=0.01 -- why", "expected abs=<number>, rel=<number> or int=<number>, got 'tol=0.01'"),
        ("# NBVAL_TOLERANCE abs=x -- why", "abs must be a number, got 'x'"),
        ("# NBVAL_TOLERANCE abs=-0.1 -- why", "abs must be finite and >= 0, got '-0.1'"),
        ("# NBVAL_TOLERANCE rel=nan -- why", "rel must be finite and >= 0, got 'nan'"),
        ("# NBVAL_TOLERANCE abs=0.1 -- a\n# NBVAL_TOLERANCE abs=0.2 -- b", "must appear once"),
    ],
)
def test_bad_marker_is_refused_with_a_clear_message(source, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_tolerance(source)


# ----------------------------------------------------------------------------- numbers and text


def test_split_numbers_round_trips_and_keeps_ranges_unsigned():
    text = "784-800-800-10 net: loss -0.25, acc 9.4e-01 (x1)"
    pieces, numbers = split_numbers(text)
    assert numbers == ["784", "800", "800", "10", "-0.25", "9.4e-01", "1"]
    rebuilt = pieces[0] + "".join(n + p for n, p in zip(numbers, pieces[1:]))
    assert rebuilt == text


@pytest.mark.parametrize(
    ("fresh", "stored", "expected"),
    [
        ("acc 0.943", "acc 0.944", "acc 0.944"),  # within: snapped onto the stored text
        ("acc 0.644", "acc 0.944", "acc 0.644"),  # beyond: left as it is, so nbval fails
        ("acc 0.954", "acc 0.944", "acc 0.944"),  # 0.01 apart in decimal: within, despite binary rounding
        ("acc 0.955", "acc 0.944", "acc 0.955"),  # 0.011 apart: beyond
        ("holds: 0.943", "fails: 0.944", "holds: 0.943"),  # other text differs: nothing snapped
        ("0.943 0.5", "0.944 0.7", "0.944 0.5"),  # each number on its own
        ("0.943", "0.944 0.7", "0.943"),  # different counts: nothing snapped
        ("acc nan", "acc nan", "acc nan"),
    ],
)
def test_snap_text(fresh, stored, expected):
    assert snap_text(fresh, stored, TOL) == expected


def test_relative_tolerance_scales_with_the_stored_value():
    tol = Tolerance(0.0, 0.01, "r")
    assert snap_text("1005", "1000", tol) == "1000"
    assert snap_text("1011", "1000", tol) == "1011"


def test_integers_get_their_own_tolerance_when_declared():
    counts = Tolerance(0.005, 0.0, "r", int=2)
    assert snap_text("errors: 56 of 1000, acc 0.944", "errors: 54 of 1000, acc 0.946", counts) == (
        "errors: 54 of 1000, acc 0.946"
    )
    assert snap_text("errors: 57", "errors: 54", counts) == "errors: 57"
    assert snap_text("errors: 55", "errors: 54", TOL) == "errors: 55"  # no int=: abs applies, 1 > 0.01
    assert snap_text("1.0", "2", counts) == "1.0"  # a decimal against an integer: abs applies


def test_nan_is_never_within_a_tolerance():
    assert snap_text("nan", "0.5", Tolerance(1e9, 0.0, "r")) == "nan"


def test_snap_outputs_pairs_streams_and_rich_outputs_without_modifying_the_arguments():
    fresh = [
        {"output_type": "stream", "name": "stdout", "text": "acc 0.943\n"},
        {"output_type": "display_data", "data": {"text/plain": "0.943", "text/html": "<b>0.943</b>"}},
    ]
    stored = [
        {"output_type": "stream", "name": "stdout", "text": "acc 0.944\n"},
        {"output_type": "display_data", "data": {"text/plain": "0.944", "text/html": "<b>0.5</b>"}},
    ]
    snapped = snap_outputs(fresh, stored, TOL)
    assert snapped[0]["text"] == "acc 0.944\n"
    assert snapped[1]["data"] == {"text/plain": "0.944", "text/html": "<b>0.943</b>"}
    assert fresh[0]["text"] == "acc 0.943\n"


def test_number_differences_measures_each_pair():
    assert number_differences("a 1.5 b 2", "a 1.25 b 2") == [0.25, 0.0]
    assert number_differences("a 1.5", "b 1.5") is None


# ----------------------------------------------------------------------------- nbval, end to end

CELLS = {
    # name: (source, stored value replacing the fresh 0.9443 or None to keep it, expected outcome)
    "within": ('# NBVAL_TOLERANCE abs=0.01 -- test\nprint("test accuracy: 0.9443")', "0.9403", "PASSED"),
    "beyond": ('# NBVAL_TOLERANCE abs=0.01 -- test\nprint("test accuracy: 0.9443")', "0.6443", "FAILED"),
    "exact": ('print("test accuracy: 0.9443")', "0.9403", "FAILED"),
    "text": ('# NBVAL_TOLERANCE abs=0.01 -- test\nprint("verdict: holds, 0.9443")', None, "FAILED"),
    "glue_within": ('# NBVAL_TOLERANCE abs=0.01 -- test\nglue("acc_a", 0.9443)', "0.9403", "PASSED"),
    "glue_beyond": ('# NBVAL_TOLERANCE abs=0.01 -- test\nglue("acc_b", 0.9443)', "0.6443", "FAILED"),
    "unchanged": ('print("exact mathematics: 0.25")', None, "PASSED"),
}


@pytest.fixture(scope="module")
def notebook_outcomes(tmp_path_factory):
    """Execute a small notebook, tamper with its stored numbers, run nbval with the plugin; outcome per cell."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("nbval")
    pytest.importorskip("myst_nb")
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("nbval_tolerance")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from myst_nb import glue")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source, _, _ in CELLS.values()]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    for cell, (_, stored, _) in zip(nb.cells[1:], CELLS.values()):
        for out in cell.outputs:
            if stored is not None:
                if "text" in out:
                    out["text"] = out["text"].replace("0.9443", stored)
                for key in out.get("data", {}):
                    if isinstance(out["data"][key], str):
                        out["data"][key] = out["data"][key].replace("0.9443", stored)
            elif "text" in out and "verdict" in out["text"]:
                out["text"] = out["text"].replace("holds", "fails")
    path = folder / "tolerance.ipynb"
    nbformat.write(nb, path)

    env = {**__import__("os").environ, "PYTHONPATH": str(TOOLS)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-p", "nbval_tolerance",
         "--nbval", "--nbval-current-env", "--rootdir", str(folder), str(path)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )
    outcomes = dict(re.findall(r"::Cell (\d+) (PASSED|FAILED)", result.stdout))
    return {name: outcomes.get(str(i + 1)) for i, name in enumerate(CELLS)}, result.stdout


@pytest.mark.parametrize("name", list(CELLS))
def test_nbval_with_tolerance(notebook_outcomes, name):
    outcomes, log = notebook_outcomes
    assert outcomes[name] == CELLS[name][2], log


def test_a_stored_accuracy_changed_by_03_fails_and_the_report_shows_it(notebook_outcomes):
    _, log = notebook_outcomes
    assert "0.6443" in log and "0.9443" in log
