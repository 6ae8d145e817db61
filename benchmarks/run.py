"""Benchmarks of the book's package, in one run: ``python benchmarks/run.py``.

Three parts, each reported as **ratios** measured in the same run, because the
machine is shared and absolute times move with its load:

1. **Dropout forward** on a large float32 array (default 4096 x 4096) for
   several keep probabilities p: the package's ``dropout_forward`` (fast mask),
   its mask ``fast_bernoulli_mask`` alone, the readable reference
   ``x * bernoulli_mask(...) / p`` (one float64 draw per unit, as chapter 3
   shows it), ``tf.nn.dropout`` and ``keras.layers.Dropout``; each as a ratio to
   the memory-bandwidth floor ``x * c`` (reading and writing the array once,
   which no dropout can beat).
2. **MLP training step** (forward + backward + SGD-momentum update) of the
   784-800-800-10 dropout network, batch 128, float32: the package's NumPy
   ``MLP`` against the same network built by ``dropout.tensorflow.build_mlp``
   and trained by Keras ``fit``; samples per second and their ratio.
2b. **Several seeds**: five runs of 784-256-256-10 on 1,000 digits, trained one
   seed at a time with ``dropout.tensorflow.train`` and as one stacked model with
   ``dropout.tensorflow.train_replicas``, once each, in the same process; seconds,
   samples per second and the speed-up (``--skip-seeds``, ``--seeds-epochs``).
3. **Notebooks**: the time to execute each ``chapters/*.ipynb`` (in a temporary
   copy, never in place) with nbclient, and the whole book (their sum).

Every timing is the median of ``--repeats`` runs after ``--warmup`` runs; the
methods of part 1 are interleaved (one of each per round, the floor first), and
each ratio to the floor is taken within a round, then its median over the
rounds, so that load from elsewhere hits both sides of a ratio alike. The table is printed and written to
``--json`` (default ``benchmarks/results.json``, ignored by git).

Options: ``--repeats``, ``--warmup``, ``--size``, ``--keep-probs``, ``--json``,
``--skip-dropout``, ``--skip-mlp``, ``--skip-seeds``, ``--seeds-epochs``, ``--skip-notebooks``, ``--mlp-batches``,
``--notebook-timeout``. Run ``python benchmarks/run.py --help``.
"""

from __future__ import annotations

import os

# Before any TensorFlow import: no start-up lines on stderr (see TOOLING.md).
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO_TO_FLOOR = 3.0  # issue 8: the package's dropout within 3x of the floor
FLOOR = "floor: x * c (NumPy)"
PACKAGE = "dropout_forward (package, fast mask)"


# --------------------------------------------------------------------- timing
def time_once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved_times(fns: dict, repeats: int, warmup: int) -> dict:
    """Seconds of each callable in each round; one call of each per round, in order."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            times[name].append(time_once(fn))
    return times


def interleaved_medians(fns: dict, repeats: int, warmup: int) -> dict:
    """Median seconds of each callable (see :func:`interleaved_times`)."""
    return {name: statistics.median(ts) for name, ts in interleaved_times(fns, repeats, warmup).items()}


# ------------------------------------------------------------ 1. dropout forward
def bench_dropout(size: int, keep_probs, repeats: int, warmup: int) -> dict:
    import keras
    import tensorflow as tf

    from dropout.reference import bernoulli_mask, dropout_forward, fast_bernoulli_mask
    from dropout.reference.fast_mask import RESOLUTION_BITS

    rng = np.random.default_rng(0)
    x = rng.standard_normal((size, size), dtype=np.float32)
    x_tf = tf.constant(x)
    c = np.float32(2.0)
    times_by_p = {}
    for p in keep_probs:
        p32 = np.float32(p)
        keras_dropout = keras.layers.Dropout(1.0 - p, seed=1)
        fns = {
            FLOOR: lambda: x * c,
            PACKAGE: lambda: dropout_forward(x, p, rng),
            "fast_bernoulli_mask alone": lambda: fast_bernoulli_mask(x.shape, p, rng),
            "x * bernoulli_mask / p (readable, float64 draw)": lambda: x * bernoulli_mask(x.shape, p, rng) / p32,
            "tf.nn.dropout": lambda: tf.nn.dropout(x_tf, rate=1.0 - p, seed=1),
            "keras.layers.Dropout": lambda: keras_dropout(x_tf, training=True),
        }
        times_by_p[p] = interleaved_times(fns, repeats, warmup)
    # Ratio to the floor within each round (the floor ran just before, in the
    # same round), then the median over rounds: on a shared machine whose load
    # drifts during the run, this is steadier than a ratio of two medians,
    # which the JSON also keeps.
    rows = []
    for p, times in times_by_p.items():
        floor = statistics.median(times[FLOOR])
        for name, ts in times.items():
            rows.append(
                {
                    "keep_prob": p,
                    "method": name,
                    "median_ms": 1e3 * statistics.median(ts),
                    "ratio_to_floor": statistics.median(t / f for t, f in zip(ts, times[FLOOR])),
                    "ratio_of_medians": statistics.median(ts) / floor,
                }
            )
    goal_check = {}
    for p in keep_probs:
        ratio = {r["method"]: r["ratio_to_floor"] for r in rows if r["keep_prob"] == p}
        fast, tf_ratio = ratio[PACKAGE], ratio["tf.nn.dropout"]
        goal_check[str(p)] = {
            "package_ratio_to_floor": fast,
            "tf_nn_dropout_ratio_to_floor": tf_ratio,
            "within_goal": fast <= GOAL_RATIO_TO_FLOOR,
            "faster_than_tf_nn_dropout": fast < tf_ratio,
        }
    return {
        "shape": [size, size],
        "dtype": "float32",
        "floor": "x * c, NumPy, float32",
        "floor_median_ms": 1e3 * statistics.median(t for times in times_by_p.values() for t in times[FLOOR]),
        "mask_resolution": f"p rounded to a multiple of 2^-{RESOLUTION_BITS} (max error 2^-{RESOLUTION_BITS + 1})",
        "goal_ratio_to_floor": GOAL_RATIO_TO_FLOOR,
        "rows": rows,
        "goal_check": goal_check,
    }


# ------------------------------------------------------------------- 2. MLP
def bench_mlp(batch_size: int, n_batches: int, repeats: int, warmup: int) -> dict:
    import keras
    import tensorflow as tf

    from dropout.reference.mlp import MLP
    from dropout.reference.optim import SGDMomentum
    from dropout.tensorflow import build_mlp

    sizes = [784, 800, 800, 10]
    keep_input, keep_hidden = 0.8, 0.5
    lr, momentum = 0.01, 0.9
    n = batch_size * n_batches
    data_rng = np.random.default_rng(0)
    # Synthetic MNIST-shaped data: the step's cost does not depend on the values.
    x = data_rng.random((n, sizes[0]), dtype=np.float32)
    y = data_rng.integers(0, sizes[-1], n)

    net = MLP(sizes, keep_prob_input=keep_input, keep_prob_hidden=keep_hidden,
              rng=np.random.default_rng(1), dtype=np.float32)
    opt = SGDMomentum(lr, momentum)
    step_rng = np.random.default_rng(2)

    def numpy_epoch():
        for start in range(0, n, batch_size):
            xb, yb = x[start : start + batch_size], y[start : start + batch_size]
            _, grads = net.loss_and_grads(xb, yb, step_rng, training=True)
            opt.step(net.params, grads)

    keras.utils.set_random_seed(0)
    model = build_mlp(tuple(sizes[1:-1]), rate_input=1 - keep_input, rate_hidden=1 - keep_hidden,
                      input_dim=sizes[0], num_classes=sizes[-1], seed=0)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=momentum),
                  loss=keras.losses.SparseCategoricalCrossentropy())
    x_tf, y_tf = tf.constant(x), tf.constant(y)

    def keras_epoch():
        model.fit(x_tf, y_tf, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)

    medians = interleaved_medians({"numpy": numpy_epoch, "keras": keras_epoch}, repeats, warmup)
    numpy_sps, keras_sps = n / medians["numpy"], n / medians["keras"]
    return {
        "network": "-".join(map(str, sizes)),
        "keep_prob_input": keep_input,
        "keep_prob_hidden": keep_hidden,
        "batch_size": batch_size,
        "batches_per_timing": n_batches,
        "dtype": "float32",
        "step": "forward + backward + SGD momentum update, dropout on",
        "numpy_samples_per_s": numpy_sps,
        "keras_samples_per_s": keras_sps,
        "numpy_over_keras": numpy_sps / keras_sps,
    }


# --------------------------------------------------- 2b. several seeds at once
def bench_seeds(n_seeds: int, epochs: int, n_train: int) -> dict:
    """One comparison's worth of runs: `train` once per seed against one `train_replicas` call.

    The chapters' setting: 784-256-256-10 with the paper's rates on n_train
    synthetic MNIST-shaped digits, batch 64, Adam, final full-network
    evaluation only. Both sides run once, in the same process, one after
    the other (the set-up cost of a Keras model is part of what is measured).
    """
    from dropout.tensorflow import build_mlp, train, train_replicas

    data_rng = np.random.default_rng(0)
    x = data_rng.random((n_train, 784), dtype=np.float32)
    y = data_rng.integers(0, 10, n_train)
    seeds = list(range(n_seeds))

    start = time.perf_counter()
    for seed in seeds:
        model = build_mlp((256, 256), rate_input=0.2, rate_hidden=0.5, seed=seed)
        train(model, (x, y), (x, y), epochs=epochs, batch_size=64, seed=seed)
    one_by_one = time.perf_counter() - start

    start = time.perf_counter()
    train_replicas((x, y), (x, y), hidden=(256, 256), seeds=seeds, rate_input=0.2, rate_hidden=0.5,
                   epochs=epochs, batch_size=64)
    stacked = time.perf_counter() - start
    samples = n_seeds * epochs * n_train
    return {
        "network": "784-256-256-10",
        "seeds": n_seeds,
        "epochs": epochs,
        "train_digits": n_train,
        "train_one_by_one_s": one_by_one,
        "train_replicas_s": stacked,
        "one_by_one_samples_per_s": samples / one_by_one,
        "replicas_samples_per_s": samples / stacked,
        "speed_up": one_by_one / stacked,
    }


# -------------------------------------------------------------- 3. notebooks
def describe_error(exc: Exception) -> str:
    """One plain line: the exception raised in the notebook, without colour codes."""
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None)
    if value is None:
        lines = str(exc).strip().splitlines()
        value = lines[-1] if lines else ""
    return re.sub(r"\x1b\[[0-9;]*m", "", f"{name}: {value}")[:300]


def bench_notebooks(timeout: int) -> dict:
    import nbformat
    from nbclient import NotebookClient

    notebooks = sorted((ROOT / "chapters").glob("*.ipynb"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="dropout-bench-") as tmp:
        # Copy the chapters (and anything beside them they may read) out of the repo.
        copy = Path(tmp) / "chapters"
        shutil.copytree(ROOT / "chapters", copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in notebooks:
            nb = nbformat.read(copy / path.name, as_version=4)
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                    resources={"metadata": {"path": str(copy)}})
            error = None
            start = time.perf_counter()
            try:
                # the kernel's own stderr (start-up notices) is not the notebook's output
                client.execute(stderr=subprocess.DEVNULL)
            except Exception as exc:  # a failing chapter is reported, not fatal
                error = describe_error(exc)
            seconds = time.perf_counter() - start
            rows.append({"notebook": f"chapters/{path.name}", "seconds": seconds, "error": error})
    total = sum(r["seconds"] for r in rows)
    for r in rows:
        r["fraction_of_book"] = r["seconds"] / total if total else 0.0
    return {"rows": rows, "total_seconds": total, "count": len(rows)}


# --------------------------------------------------------------- reporting
def machine_info() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "numpy": np.__version__,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    try:
        import keras
        import tensorflow as tf

        info["tensorflow"] = tf.__version__
        info["keras"] = keras.__version__
    except ImportError:  # pragma: no cover - TF is in requirements.txt
        info["tensorflow"] = None
    return info


def format_table(results: dict) -> str:
    lines = []
    d = results.get("dropout")
    if d:
        lines.append(f"Dropout forward, {d['shape'][0]} x {d['shape'][1]} {d['dtype']}: "
                     f"time / time of x * c in the same round, median over rounds")
        methods = list(dict.fromkeys(r["method"] for r in d["rows"]))
        probs = list(dict.fromkeys(r["keep_prob"] for r in d["rows"]))
        width = max(map(len, methods))
        lines.append(f"  {'method':<{width}}  " + "  ".join(f"p={p:<7g}" for p in probs))
        for m in methods:
            cells = []
            for p in probs:
                r = next(r for r in d["rows"] if r["method"] == m and r["keep_prob"] == p)
                cells.append(f"{r['ratio_to_floor']:8.2f}x")
            lines.append(f"  {m:<{width}}  " + "  ".join(cells))
        lines.append(f"  (floor x * c: median {d['floor_median_ms']:.1f} ms over all rounds of this run)")
        lines.append(f"  mask resolution: {d['mask_resolution']}")
        for p, g in d["goal_check"].items():
            lines.append(f"  p={p}: package {g['package_ratio_to_floor']:.2f}x floor "
                         f"({'within' if g['within_goal'] else 'NOT within'} {d['goal_ratio_to_floor']:g}x), "
                         f"tf.nn.dropout {g['tf_nn_dropout_ratio_to_floor']:.2f}x "
                         f"({'package faster' if g['faster_than_tf_nn_dropout'] else 'package NOT faster'})")
        lines.append("")
    m = results.get("mlp")
    if m:
        lines.append(f"MLP {m['network']} training step ({m['step']}), batch {m['batch_size']}, {m['dtype']}")
        lines.append(f"  NumPy MLP   {m['numpy_samples_per_s']:10.0f} samples/s")
        lines.append(f"  Keras fit   {m['keras_samples_per_s']:10.0f} samples/s")
        lines.append(f"  NumPy / Keras = {m['numpy_over_keras']:.2f}")
        lines.append("")
    sd = results.get("seeds")
    if sd:
        lines.append(f"{sd['seeds']} seeds of {sd['network']}, {sd['epochs']} epochs on {sd['train_digits']} digits, "
                     f"one run")
        lines.append(f"  train, one seed at a time  {sd['train_one_by_one_s']:7.1f} s  "
                     f"{sd['one_by_one_samples_per_s']:8.0f} samples/s")
        lines.append(f"  train_replicas, stacked    {sd['train_replicas_s']:7.1f} s  "
                     f"{sd['replicas_samples_per_s']:8.0f} samples/s")
        lines.append(f"  speed-up {sd['speed_up']:.2f}x")
        lines.append("")
    nb = results.get("notebooks")
    if nb:
        lines.append(f"Notebooks executed (nbclient, fresh kernel each): {nb['count']}")
        width = max([len(r["notebook"]) for r in nb["rows"]] + [10])
        for r in nb["rows"]:
            status = "" if r["error"] is None else f"  FAILED: {r['error']}"
            share = 100 * r["fraction_of_book"]
            lines.append(f"  {r['notebook']:<{width}}  {r['seconds']:7.1f} s  {share:5.1f} %{status}")
        lines.append(f"  {'whole book':<{width}}  {nb['total_seconds']:7.1f} s")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="timed repetitions; the median is reported")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before timing")
    parser.add_argument("--size", type=int, default=4096, help="the dropout array is size x size float32")
    parser.add_argument("--keep-probs", default="0.1,0.5,0.8,0.999",
                        help="comma-separated keep probabilities p for the dropout benchmark")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json",
                        help="where to write the results")
    parser.add_argument("--mlp-batches", type=int, default=16, help="mini-batches of 128 per MLP timing")
    parser.add_argument("--notebook-timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--skip-dropout", action="store_true", help="skip the dropout forward benchmark")
    parser.add_argument("--skip-mlp", action="store_true", help="skip the MLP benchmark")
    parser.add_argument("--skip-seeds", action="store_true",
                        help="skip the several-seeds benchmark (train per seed vs train_replicas)")
    parser.add_argument("--seeds-epochs", type=int, default=10, help="epochs per run in the several-seeds benchmark")
    parser.add_argument("--skip-notebooks", action="store_true", help="skip executing the chapters")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.warmup < 0 or args.size < 1 or args.mlp_batches < 1:
        parser.error("--repeats, --size and --mlp-batches must be >= 1, --warmup >= 0")
    try:
        args.keep_probs = [float(p) for p in args.keep_probs.split(",")]
    except ValueError:
        parser.error(f"--keep-probs must be comma-separated numbers, got {args.keep_probs!r}")
    if not all(0.0 < p < 1.0 for p in args.keep_probs):
        parser.error(f"--keep-probs must lie in (0, 1), got {args.keep_probs}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    results = {
        "date_utc": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "config": {"repeats": args.repeats, "warmup": args.warmup, "size": args.size,
                   "keep_probs": args.keep_probs, "statistic": "median after warm-up"},
    }
    if not args.skip_dropout:
        print("dropout forward ...", file=sys.stderr, flush=True)
        results["dropout"] = bench_dropout(args.size, args.keep_probs, args.repeats, args.warmup)
    if not args.skip_mlp:
        print("MLP training step ...", file=sys.stderr, flush=True)
        results["mlp"] = bench_mlp(128, args.mlp_batches, args.repeats, args.warmup)
    if not args.skip_seeds:
        print("several seeds ...", file=sys.stderr, flush=True)
        results["seeds"] = bench_seeds(5, args.seeds_epochs, 1000)
    if not args.skip_notebooks:
        print("notebooks ...", file=sys.stderr, flush=True)
        results["notebooks"] = bench_notebooks(args.notebook_timeout)
    table = format_table(results)
    results["table"] = table
    print(table)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
