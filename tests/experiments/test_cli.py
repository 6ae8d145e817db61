"""The command: help, one-line errors with exit status 2, JSON and figures, MirroredStrategy."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from dropout.experiments.cli import main

ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def _error_line(capsys):
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["table2", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--data", "--path", "--epochs", "--seeds", "--out", "--strategy", "Table 2"):
        assert option in out


@pytest.mark.parametrize("argv, match", [
    (["nope"], "invalid choice: 'nope'"),
    ([], "choose an experiment"),
    (["table2", "--data", "idx"], "--data idx needs --path"),
    (["table2", "--data", "subset", "--path", "x"], "--path is used only"),
    (["table2", "--seeds", "0"], "--seeds must be at least 1"),
])
def test_usage_errors_are_one_line(argv, match, capsys, tmp_path):
    assert main([*argv, "--out", str(tmp_path)] if argv else argv) == 2
    assert match in _error_line(capsys)


def test_idx_folder_without_the_files(tmp_path, capsys):
    assert main(["sparsity", "--data", "idx", "--path", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    line = _error_line(capsys)
    assert "MNIST not found" in line and "IDX" in line


def test_missing_keras_file(tmp_path, capsys):
    missing = tmp_path / "none.npz"
    assert main(["sparsity", "--data", "keras", "--path", str(missing), "--out", str(tmp_path / "o")]) == 2
    line = _error_line(capsys)
    assert "MNIST not found" in line and "--data subset" in line


def test_out_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["sparsity", "--out", str(blocker / "sub")]) == 2
    assert "cannot write results to --out" in _error_line(capsys)


def test_a_run_writes_json_and_a_figure_and_resumes(idx_folder, tmp_path, capsys):
    argv = ["sparsity", "--data", "idx", "--path", str(idx_folder), "--epochs", "1", "--seeds", "2",
            "--scale", "0.05", "--out", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "dropout lowers the mean activation" in out and "[1/4]" not in out  # no progress off a terminal
    folder = tmp_path / "sparsity"
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["dropout__seed0.json", "dropout__seed1.json", "nodrop__seed0.json",
                     "nodrop__seed1.json", "sparsity.png", "summary.json"]
    before = json.loads((folder / "nodrop__seed1.json").read_text())
    assert main(argv) == 0
    assert json.loads((folder / "nodrop__seed1.json").read_text()) == before


def test_table2_reduced(idx_folder, tmp_path, capsys):
    """A reduced table2 (narrow nets, tiny data): the paper's errors beside ours, one JSON per run."""
    argv = ["table2", "--data", "idx", "--path", str(idx_folder), "--epochs", "1", "--seeds", "1",
            "--scale", "0.005", "--out", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    for paper in ("1.60", "1.35", "1.25", "1.06", "1.04", "1.01", "0.95"):
        assert paper in out
    assert len(list((tmp_path / "table2").glob("*__seed0.json"))) == 7


def test_python_m_exits_2_on_an_unknown_experiment():
    proc = subprocess.run([sys.executable, "-m", "dropout.experiments", "nope"],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


MIRRORED = textwrap.dedent("""
    import sys
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    from dropout.experiments.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def test_mirrored_strategy_on_two_logical_cpus(idx_folder, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", MIRRORED, "table10", "--data", "idx", "--path", str(idx_folder),
         "--epochs", "1", "--seeds", "1", "--scale", "0.01", "--strategy", "mirrored", "--out", str(tmp_path)],
        capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "MirroredStrategy over 2 device(s)" in proc.stdout
    record = json.loads((tmp_path / "table10" / "gaussian__seed0.json").read_text())
    assert 0 <= record["test_error"] <= 1
