"""Train the runs of an experiment over seeds, resuming from finished result files.

:func:`train_runs` is the one loop behind every experiment of
:mod:`dropout.experiments`, whether the command or a chapter calls it. Runs
that differ only in their dropout rates are trained together as replicas of
one stacked model (:func:`dropout.tensorflow.train_replicas`), in chunks that
keep the replicas' weights within a memory budget. With a ``tf.distribute``
strategy, each (run, seed) is a Keras model trained under it instead
(:mod:`dropout.experiments.keras_engine`).
"""

from __future__ import annotations

import time

import numpy as np

from dropout.data import stratified_subset

__all__ = ["train_runs", "PARAM_BUDGET"]

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
        specs: a list of :class:`~dropout.experiments.spec.RunSpec` with distinct names.
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
    pending = []
    for spec in specs:
        for seed in seeds:
            if store is not None and store.has(spec.name, seed):
                records[spec.name][seed] = store.load(spec.name, seed)
                if progress is not None:
                    progress.update(1, f"{spec.name} seed {seed} (done before)")
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
            for (spec, seed), out in zip(chunk, outcomes, strict=True):
                record = {
                    "experiment": experiment, "run": spec.name, "seed": seed, "spec": spec.to_dict(),
                    "epochs": spec.epochs(epochs), "n_train": len(_train_data(spec, train_data)[0]),
                    "train_error": 1.0 - float(out["train_acc"]), "test_error": 1.0 - float(out["test_acc"]),
                    "train_loss": float(out["train_loss"]), "test_loss": float(out["test_loss"]),
                    "fit_loss": [float(v) for v in out["fit_loss"]], "seconds": seconds,
                    **(extra or {}),
                }
                if measure is not None:
                    weights = [(np.asarray(W), np.asarray(b)) for W, b in out["weights"]]
                    record.update(measure(spec, weights, train_data, test_data))
                if store is not None:
                    store.save(record)
                records[spec.name][seed] = record
                if progress is not None:
                    progress.update(1, f"{spec.name} seed {seed}")
    return {name: [records[name][seed] for seed in seeds] for name in names}
