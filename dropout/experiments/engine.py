"""Train the runs of an experiment over seeds, resuming from finished result files.

:func:`train_runs` is the one loop behind every experiment of
:mod:`dropout.experiments`, whether the command or a chapter calls it. Runs
that differ only in their dropout rates are trained together as replicas of
one stacked model (:func:`dropout.tensorflow.train_replicas`), in chunks that
keep the replicas' weights within a memory budget, and a run listed twice under
two names (the same network, recipe and rates) is trained once. With a
``tf.distribute`` strategy, each (run, seed) is a Keras model trained under it
instead (:mod:`dropout.experiments.keras_engine`).

:func:`train_together` trains the runs of several experiments in one call, so
that they share stacked models and identical runs (chapter 7, "Reproducing the paper").
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from dropout.data import stratified_subset

__all__ = ["train_runs", "train_together", "PARAM_BUDGET"]

#: The most weights (summed over replicas) trained in one stacked model.
PARAM_BUDGET = 60_000_000


def _n_params(spec, input_dim, num_classes):
    sizes = [input_dim, *spec.hidden, num_classes]
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))


def _train_data(spec, train_data):
    if spec.train_size is None or spec.train_size >= len(train_data[0]):
        return train_data
    return stratified_subset(*train_data, spec.train_size, seed=0)  # the same digits for every seed


def _chunks(pairs, per_chunk):
    """Split (spec, seed) pairs into chunks of at most ``per_chunk`` without a repeated (seed, rates)."""
    chunks, current, seen = [], [], set()
    for spec, seed in pairs:
        key = (seed, spec.rate_input, spec.rate_hidden)
        if len(current) >= per_chunk or key in seen:
            chunks.append(current)
            current, seen = [], set()
        current.append((spec, seed))
        seen.add(key)
    if current:
        chunks.append(current)
    return chunks


def _same_run(spec):
    """What makes two runs the same training run: everything but their name and value."""
    return spec.group_key(), spec.rate_input, spec.rate_hidden


def _train_chunk(chunk, train_data, test_data, epochs):
    from dropout.tensorflow import train_replicas

    spec = chunk[0][0]
    result = train_replicas(
        _train_data(spec, train_data), test_data,
        hidden=spec.hidden, seeds=[seed for _, seed in chunk],
        rate_input=[s.rate_input for s, _ in chunk], rate_hidden=[s.rate_hidden for s, _ in chunk],
        epochs=spec.epochs(epochs), batch_size=spec.batch_size, learning_rate=spec.learning_rate,
        max_norm=spec.max_norm, l2=spec.l2, noise=spec.noise, optimizer=spec.optimizer,
        momentum=spec.momentum, activation=spec.activation,
    )
    return [
        {
            "train_acc": result.train_acc[r], "test_acc": result.test_acc[r],
            "train_loss": result.train_loss[r], "test_loss": result.test_loss[r],
            "fit_loss": result.histories[r].fit_loss, "weights": result.weights[r],
        }
        for r in range(len(chunk))
    ]


def train_runs(specs, train_data, test_data, *, seeds, epochs, experiment="experiment", measure=None,
               store=None, progress=None, strategy=None, param_budget=PARAM_BUDGET, extra=None):
    """Train every run of ``specs`` with every seed and return one record per (run, seed).

    Args:
        specs: a list of :class:`~dropout.experiments.spec.RunSpec` with distinct names;
            runs that differ only in name and ``value`` are trained once, and
            each gets its own copy of the records.
        train_data: ``(x, y)``, inputs ``(N, 784)`` float32 and integer labels.
        test_data: ``(x, y)``, evaluated with dropout off.
        seeds: the seeds, e.g. ``range(5)``; each sets a run's initial
            weights, masks and batch order (the data are fixed).
        epochs: the epochs of a run with ``epoch_factor`` 1.
        experiment: the experiment's name, written into every record.
        measure: optional ``measure(spec, weights, train_data, test_data) -> dict``
            of further results (sparsity, co-adaptation ...) for one trained network.
        store: optional :class:`~dropout.experiments.store.ResultStore`;
            pairs with a result file are loaded, not trained, and new results are saved.
        progress: optional :class:`~dropout.experiments.progress.Progress`.
        strategy: optional ``tf.distribute`` strategy (then one Keras model per pair).
        param_budget: the most weights summed over the replicas of one stacked model.
        extra: a dict written into every new record (e.g. the data source).

    Returns:
        ``{run name: [record, ...]}``, records in the order of ``seeds``. A record
        is a dict with ``experiment``, ``run``, ``seed``, ``spec``, ``epochs``,
        ``n_train``, ``train_error``, ``test_error``, ``train_loss``,
        ``test_loss``, ``fit_loss`` (per epoch, dropout on), ``seconds``, and
        whatever ``measure`` adds.
    """
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"`specs` must have distinct names, got {names!r}")
    seeds = [int(s) for s in seeds]
    records = {s.name: {} for s in specs}
    first, twins = {}, {}  # a run listed again under another name (its twin) is trained once
    for spec in specs:
        same = first.setdefault(_same_run(spec), spec)
        twins.setdefault(same.name, [])
        if same is not spec:
            twins[same.name].append(spec)
    pending = []
    for spec in specs:
        if spec.name not in twins:
            continue  # a twin: trained with its first run
        for seed in seeds:
            members = (spec, *twins[spec.name])
            if store is not None and all(store.has(s.name, seed) for s in members):
                for s in members:  # each name's own file: its own measures
                    records[s.name][seed] = store.load(s.name, seed)
                    if progress is not None:
                        progress.update(1, f"{s.name} seed {seed} (done before)")
            else:
                pending.append((spec, seed))
    input_dim, num_classes = train_data[0].shape[1], int(max(train_data[1].max(), test_data[1].max())) + 1
    groups = {}
    for spec, seed in pending:
        groups.setdefault(spec.group_key(), []).append((spec, seed))
    for pairs in groups.values():
        per_chunk = max(1, param_budget // _n_params(pairs[0][0], input_dim, num_classes))
        for chunk in _chunks(pairs, 1 if strategy is not None else per_chunk):
            start = time.perf_counter()
            if strategy is None:
                outcomes = _train_chunk(chunk, train_data, test_data, epochs)
            else:
                from dropout.experiments.keras_engine import train_keras

                outcomes = [train_keras(spec, _train_data(spec, train_data), test_data, seed=seed,
                                        epochs=spec.epochs(epochs), strategy=strategy)
                            for spec, seed in chunk]
            seconds = (time.perf_counter() - start) / len(chunk)
            n_train = len(_train_data(chunk[0][0], train_data)[0])  # one training set per chunk
            for (spec, seed), out in zip(chunk, outcomes, strict=True):
                weights = [(np.asarray(W), np.asarray(b)) for W, b in out["weights"]]
                trained = {  # the same for the run and its twins
                    "epochs": spec.epochs(epochs), "n_train": n_train,
                    "train_error": 1.0 - float(out["train_acc"]), "test_error": 1.0 - float(out["test_acc"]),
                    "train_loss": float(out["train_loss"]), "test_loss": float(out["test_loss"]),
                    "fit_loss": [float(v) for v in out["fit_loss"]], "seconds": seconds,
                    **(extra or {}),
                }
                for s in (spec, *twins[spec.name]):
                    record = {"experiment": experiment, "run": s.name, "seed": seed, "spec": s.to_dict(), **trained}
                    if measure is not None:
                        record.update(measure(s, weights, train_data, test_data))
                    if store is not None:
                        store.save(record)
                    records[s.name][seed] = record
                    if progress is not None:
                        progress.update(1, f"{s.name} seed {seed}")
    return {name: [records[name][seed] for seed in seeds] for name in names}


def train_together(plan, train_data, test_data, *, seeds, epochs, measures=None, **kwargs):
    """Train the runs of several experiments in one call of :func:`train_runs`.

    The runs of all experiments then share stacked models (runs that differ
    only in their rates) and identical runs (the same network, recipe and
    rates under two names) are trained once. Chapter 7 trains its eight
    experiments this way.

    Args:
        plan: ``{experiment: [RunSpec, ...]}``; names need to be distinct within
            an experiment only.
        train_data, test_data, seeds, epochs: as for :func:`train_runs`.
        measures: optional ``{experiment: measure}``, each measure as for
            :func:`train_runs`, applied to that experiment's runs only.
        **kwargs: further arguments of :func:`train_runs` (``progress``, ``param_budget``, ...).

    Returns:
        ``{experiment: {run name: [record per seed]}}``; every record's
        ``experiment`` and ``run`` are its experiment and its own run name.

    Example (a tiny plan; the chapter's is larger)::

        plan = {"table10": table10_specs(hidden=(32,)), "fig9a": rate_sweep_specs((0.5, 1.0), hidden=(32,))}
        results = train_together(plan, train, test, seeds=[0, 1], epochs=2)
        results["table10"]["bernoulli"][0]["test_error"]  # the same run as fig9a's p0.50
    """
    measures = dict(measures or {})
    unknown = sorted(set(measures) - set(plan))
    if unknown:
        raise ValueError(f"`measures` names experiments that are not in `plan`: {unknown!r}")
    specs, origin = [], {}
    for experiment, runs in plan.items():
        for spec in runs:
            name = f"{experiment}.{spec.name}"
            origin[name] = (experiment, spec.name)
            specs.append(dataclasses.replace(spec, name=name))

    def measure(spec, weights, train, test):
        experiment, _ = origin[spec.name]
        if experiment not in measures:
            return {}
        return measures[experiment](spec, weights, train, test)

    records = train_runs(specs, train_data, test_data, seeds=seeds, epochs=epochs,
                         measure=measure if measures else None, **kwargs)
    results = {experiment: {} for experiment in plan}
    for name, recs in records.items():
        experiment, run = origin[name]
        results[experiment][run] = [{**r, "experiment": experiment, "run": run,
                                     "spec": {**r["spec"], "name": run}} for r in recs]
    return results
