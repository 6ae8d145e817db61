"""train_runs and run_experiment: records per (run, seed), resume from files, every experiment runs."""

import json

import pytest

from dropout.experiments import EXPERIMENTS, report_lines, run_experiment, train_runs
from dropout.experiments.spec import RunSpec
from dropout.experiments.store import ResultStore


def test_records_resume_and_are_json(tmp_path, tiny):
    train, test = tiny
    specs = [RunSpec("a", (16,), rate_hidden=0.5), RunSpec("b", (16,), rate_hidden=0.0)]
    store = ResultStore(tmp_path, "demo")
    first = train_runs(specs, train, test, seeds=[0, 1], epochs=1, store=store)
    assert sorted(p.name for p in store.folder.glob("*.json")) == [
        "a__seed0.json", "a__seed1.json", "b__seed0.json", "b__seed1.json"]
    rec = json.loads(store.path("a", 1).read_text())
    assert rec["run"] == "a" and rec["seed"] == 1 and 0 <= rec["test_error"] <= 1
    store.path("b", 0).unlink()  # an interrupted command: one file missing
    again = train_runs(specs, train, test, seeds=[0, 1], epochs=1, store=store)
    for name in ("a", "b"):
        for r1, r2 in zip(first[name], again[name]):
            assert r1["test_error"] == pytest.approx(r2["test_error"], abs=1e-6)
    assert again["a"][0]["seconds"] == first["a"][0]["seconds"]  # loaded, not trained


def test_duplicate_names_are_refused(tiny):
    with pytest.raises(ValueError, match="distinct names"):
        train_runs([RunSpec("a", (4,)), RunSpec("a", (4,))], *tiny, seeds=[0], epochs=1)


# one of each kind: a measure and its figure data, Gaussian noise, data-set sizes (the command test
# runs table2); the others share this code path, and a test of each would cost a trace each
@pytest.mark.parametrize("name", ["coadaptation", "table10", "fig10"])
def test_every_experiment_runs_at_a_tiny_scale(name, tiny):
    experiment = EXPERIMENTS[name]
    results = run_experiment(experiment, *tiny, seeds=[0, 1], epochs=1, scale=0.004, param_budget=10**9)
    assert set(results) == {s.name for s in experiment.specs(0.004, len(tiny[0][0]))}
    for records in results.values():
        assert [r["seed"] for r in records] == [0, 1]
    lines = report_lines(experiment, results)
    assert all(name in "\n".join(lines) for name in results)
    if experiment.paper_errors:
        assert all(f"{v:.2f}" in "\n".join(lines) for v in experiment.paper_errors.values())
