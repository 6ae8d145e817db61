"""Results on disk: one JSON file per (run, seed), so that an interrupted command resumes.

Layout: ``OUT/<experiment>/<run>__seed<k>.json``. A file is written only
when its run has finished (to a temporary name, then renamed), so a file
that exists is a finished result and is never recomputed.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

__all__ = ["ResultStore", "to_json"]


def to_json(value):
    """``value`` with NumPy arrays and scalars as lists and numbers, NaN and infinity as None."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_json(value.tolist())
    if isinstance(value, np.generic):
        return to_json(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class ResultStore:
    """The result files of one experiment under ``out``.

    Args:
        out: the output folder (created if missing).
        experiment: the experiment's name, a sub-folder of ``out``.

    Raises:
        OSError: the folder cannot be created or written (checked at once,
            before any training).
    """

    def __init__(self, out, experiment):
        self.folder = Path(out) / experiment
        self.folder.mkdir(parents=True, exist_ok=True)
        probe = self.folder / ".write-test"
        probe.write_text("ok")
        probe.unlink()

    def path(self, run, seed) -> Path:
        return self.folder / f"{run}__seed{seed}.json"

    def has(self, run, seed) -> bool:
        return self.path(run, seed).is_file()

    def load(self, run, seed) -> dict:
        return json.loads(self.path(run, seed).read_text(encoding="utf-8"))

    def save(self, record) -> Path:
        path = self.path(record["run"], record["seed"])
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(to_json(record), indent=1), encoding="utf-8")
        os.replace(tmp, path)
        return path
