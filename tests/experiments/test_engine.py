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


def _count_chunks(monkeypatch):
    """Record the (run, seed) pairs of every stacked model that train_runs trains."""
    from dropout.experiments import engine

    calls = []
    original = engine._train_chunk

    def counting(chunk, *args):
        calls.append([(spec.name, seed) for spec, seed in chunk])
        return original(chunk, *args)

    monkeypatch.setattr(engine, "_train_chunk", counting)
    return calls


def test_a_run_listed_twice_is_trained_once(tiny, monkeypatch):
    calls = _count_chunks(monkeypatch)
    specs = [RunSpec("a", (8,), rate_hidden=0.5, value=1.0), RunSpec("b", (8,), rate_hidden=0.5, value=2.0),
             RunSpec("c", (8,), rate_hidden=0.0)]
    out = train_runs(specs, *tiny, seeds=[0, 1], epochs=1, measure=lambda spec, *args: {"measured": spec.name})
    assert calls == [[("a", 0), ("a", 1), ("c", 0), ("c", 1)]]  # one stacked model; b is a's twin
    for a, b in zip(out["a"], out["b"], strict=True):
        assert b["test_error"] == a["test_error"] and b["fit_loss"] == a["fit_loss"]
        assert (b["run"], b["spec"]["name"], b["spec"]["value"], b["measured"]) == ("b", "b", 2.0, "b")


def test_train_together_shares_runs_between_experiments(tiny, monkeypatch):
    from dropout.experiments import train_together

    calls = _count_chunks(monkeypatch)
    plan = {"x": [RunSpec("p", (8,), rate_hidden=0.5)],
            "y": [RunSpec("p", (8,), rate_hidden=0.5), RunSpec("q", (8,), rate_hidden=0.0)]}
    results = train_together(plan, *tiny, seeds=[0, 1], epochs=1, measures={"y": lambda spec, *args: {"m": 1}})
    assert len(calls) == 1 and len(calls[0]) == 4  # x.p and y.p train once, beside y.q
    assert {e: set(runs) for e, runs in results.items()} == {"x": {"p"}, "y": {"p", "q"}}
    x, y = results["x"]["p"][1], results["y"]["p"][1]
    assert x["test_error"] == y["test_error"]
    assert (x["experiment"], x["run"], y["experiment"], y["run"], y["spec"]["name"]) == ("x", "p", "y", "p", "p")
    assert "m" not in x and y["m"] == 1 and results["y"]["q"][0]["m"] == 1
    with pytest.raises(ValueError, match="not in `plan`"):
        train_together(plan, *tiny, seeds=[0], epochs=1, measures={"z": lambda *args: {}})


def test_a_resumed_twin_keeps_its_own_measures(tiny, tmp_path, monkeypatch):
    specs = [RunSpec("a", (8,), rate_hidden=0.5), RunSpec("b", (8,), rate_hidden=0.5)]
    store = ResultStore(tmp_path, "twins")
    first = train_runs(specs, *tiny, seeds=[0], epochs=1, store=store,
                       measure=lambda spec, *args: {"measured": spec.name})
    calls = _count_chunks(monkeypatch)
    again = train_runs(specs, *tiny, seeds=[0], epochs=1, store=store,
                       measure=lambda spec, *args: {"measured": spec.name})
    assert calls == []  # nothing trained: both names were stored
    assert [again[n][0]["measured"] for n in "ab"] == ["a", "b"]
    assert again["b"][0]["test_error"] == first["b"][0]["test_error"]
    store.path("b", 0).unlink()  # interrupted between the run and its twin
    train_runs(specs, *tiny, seeds=[0], epochs=1, store=store, measure=lambda spec, *args: {"measured": spec.name})
    assert calls == [[("a", 0)]] and store.has("b", 0)
