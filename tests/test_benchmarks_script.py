"""The benchmark script runs and writes the table it promises (a smoke test: no timing is asserted)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_script_writes_ratios_to_the_floor(tmp_path):
    out = tmp_path / "results.json"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "128", "--repeats", "1",
           "--warmup", "1", "--keep-probs", "0.5", "--skip-mlp", "--skip-seeds", "--skip-notebooks",
           "--json", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert "tf.nn.dropout" in done.stdout
    result = json.loads(out.read_text())
    rows = result["dropout"]["rows"]
    methods = {row["method"] for row in rows}
    assert {"floor: x * c (NumPy)", "dropout_forward (package, fast mask)", "tf.nn.dropout",
            "keras.layers.Dropout"} <= methods
    floor = [row for row in rows if row["method"] == "floor: x * c (NumPy)"]
    assert all(row["ratio_to_floor"] == 1.0 for row in floor)
    assert all(row["ratio_to_floor"] > 0 for row in rows)
    assert result["dropout"]["mask_resolution"].startswith("p rounded to a multiple of 2^-32")
