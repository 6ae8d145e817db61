"""Measure how far each chapter's outputs move between numeric configurations.

Executes notebooks once per configuration (another OpenBLAS kernel, another
TensorFlow thread count: see ``CONFIGURATIONS``), then compares every code
cell's outputs across the runs and with the stored outputs, number by number
(the same splitting as the ``nbval_tolerance`` plugin). For each cell it
reports whether the outputs are identical everywhere, the largest absolute and
relative difference of any number, and whether any text other than numbers
changed. This is how the tolerances declared with ``# NBVAL_TOLERANCE`` are
chosen: from measured variation, not by guess.

Usage (``make variation NB=chapters/06_dropout_tensorflow.ipynb``)::

    python tools/numeric_variation.py chapters/06_dropout_tensorflow.ipynb \\
        --configs native SandyBridge tf1 --out variation.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbval_tolerance import number_differences, parse_tolerance, split_numbers  # noqa: E402

# Each configuration is a set of environment variables for the kernel.
CONFIGURATIONS = {
    "native": {},
    "Haswell": {"OPENBLAS_CORETYPE": "Haswell"},
    "SandyBridge": {"OPENBLAS_CORETYPE": "SandyBridge"},
    "Prescott": {"OPENBLAS_CORETYPE": "Prescott"},
    "tf1": {"TF_NUM_INTRAOP_THREADS": "1"},
    "alt": {"OPENBLAS_CORETYPE": "SandyBridge", "TF_NUM_INTRAOP_THREADS": "1"},
}


def _texts(outputs) -> list[tuple[str, str]]:
    """Flatten a cell's outputs into (key, text) pairs, as nbval compares them."""
    flat = []
    for out in outputs:
        if out.get("output_type") == "stream":
            flat.append((f"stream:{out.get('name')}", out.get("text", "")))
        for key, value in out.get("data", {}).items():
            if key.startswith("image/"):
                continue
            flat.append((key, value if isinstance(value, str) else "".join(value)))
    # nbval merges streams of one name; do the same.
    merged: dict[str, str] = {}
    order: list[str] = []
    rich = []
    for key, text in flat:
        if key.startswith("stream:"):
            if key not in merged:
                order.append(key)
                merged[key] = ""
            merged[key] += text
        else:
            rich.append((key, text))
    return [(k, merged[k]) for k in order] + rich


def execute(path: Path, env_extra: dict[str, str], out: Path) -> float:
    """Execute ``path`` with ``env_extra`` added to the environment; write it to ``out``; return seconds."""
    env = dict(os.environ, **env_extra)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.record_timing=False",
            "--output", str(out), str(path),
        ],
        check=True, env=env, capture_output=True,
    )
    return time.perf_counter() - start


def compare(notebooks: dict[str, nbformat.NotebookNode]) -> list[dict]:
    """Per code cell: identical?, max |diff|, max relative diff, text changed?, declared tolerance."""
    names = list(notebooks)
    base = notebooks[names[0]]
    rows = []
    for index, cell in enumerate(base.cells):
        if cell.cell_type != "code" or not cell.get("outputs"):
            continue
        versions = [_texts(notebooks[n].cells[index].get("outputs", [])) for n in names]
        identical = all(v == versions[0] for v in versions)
        max_abs = max_rel = 0.0
        text_changed = False
        for v in versions[1:]:
            if [k for k, _ in v] != [k for k, _ in versions[0]]:
                text_changed = True
                continue
            for (_, a), (_, b) in zip(v, versions[0]):
                diffs = number_differences(a, b)
                if diffs is None:
                    text_changed = True
                    continue
                for d, ref in zip(diffs, split_numbers(b)[1]):
                    max_abs = max(max_abs, d)
                    if float(ref) != 0:
                        max_rel = max(max_rel, d / abs(float(ref)))
        try:
            tol = parse_tolerance(cell.source)
        except ValueError as exc:
            tol = str(exc)
        rows.append(
            {
                "cell": index,
                "identical": identical,
                "max_abs": max_abs,
                "max_rel": max_rel,
                "text_changed": text_changed,
                "tolerance": tol._asdict() if hasattr(tol, "_asdict") else tol,
                "first_line": cell.source.splitlines()[0][:60] if cell.source else "",
            }
        )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--configs", nargs="+", default=["native", "SandyBridge", "tf1"],
                        choices=sorted(CONFIGURATIONS))
    parser.add_argument("--out", type=Path, help="write the per-cell results as JSON")
    parser.add_argument("--keep", type=Path, help="keep the executed notebooks in this folder")
    args = parser.parse_args(argv)

    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for path in args.notebooks:
            runs = {"stored": nbformat.read(path, as_version=4)}
            times = {}
            for name in args.configs:
                out = folder / f"{path.stem}.{name}.ipynb"
                times[name] = execute(path, CONFIGURATIONS[name], out)
                runs[name] = nbformat.read(out, as_version=4)
            rows = compare(runs)
            report[str(path)] = {"seconds": times, "cells": rows}
            moved = [r for r in rows if not r["identical"]]
            print(f"{path}: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()))
            for r in moved:
                tol = r["tolerance"]
                declared = f"abs={tol['abs']} rel={tol['rel']}" if isinstance(tol, dict) else (tol or "exact")
                flag = " TEXT CHANGED" if r["text_changed"] else ""
                print(f"  cell {r['cell']:3d}: max |diff| {r['max_abs']:.3g}, rel {r['max_rel']:.3g}"
                      f" (declared: {declared}){flag}  {r['first_line']}")
            if not moved:
                print("  every cell identical across configurations")
    if args.out:
        args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
