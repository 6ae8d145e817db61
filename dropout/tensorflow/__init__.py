"""dropout.tensorflow: the Keras side of the book (importing it imports TensorFlow).

Import every public name from here, e.g. ``from dropout.tensorflow import build_mlp, train``:
this is the one documented path (the modules below are where the code lives).

The root package :mod:`dropout` never imports TensorFlow; this subpackage does.
Set ``TF_ENABLE_ONEDNN_OPTS=0`` and ``TF_CPP_MIN_LOG_LEVEL=2`` in the
environment before importing it if TensorFlow's start-up lines must stay off
stderr (the Makefile, the tests and the chapters do; this package changes no
settings on import, and none when its functions run: randomness comes in as
``seed`` arguments, and op determinism is switched on only by calling
:func:`enable_determinism`).

Conventions: the Keras layer takes ``rate``, the probability of **dropping** a
unit, as ``keras.layers.Dropout`` does (p = 1 - rate); the TensorFlow 1 port
takes ``keep_prob`` = p, as the old tutorials do.

Modules:

* :mod:`~dropout.tensorflow.layer` — :class:`BernoulliDropout`, :func:`dropout_with_mask`;
* :mod:`~dropout.tensorflow.gaussian_dropout` — :class:`GaussianDropout` (multiplicative Gaussian noise);
* :mod:`~dropout.tensorflow.dropconnect` — :class:`DropConnectDense` (dropout on the weights);
* :mod:`~dropout.tensorflow.models` — :func:`build_mlp`;
* :mod:`~dropout.tensorflow.randomness` — :func:`derive_seeds`, :func:`enable_determinism`;
* :mod:`~dropout.tensorflow.training` — :func:`train`, :class:`TrainResult`, :class:`FullNetworkMetrics`;
* :mod:`~dropout.tensorflow.replicas` — :func:`train_replicas`, :class:`ReplicaResult` (several seeds in one model);
* :mod:`~dropout.tensorflow.fused_updates` — ``FusedAdam``, ``FusedMomentum``: Keras's updates in one
  kernel per weight tensor, for :func:`train_replicas`;
* :mod:`~dropout.tensorflow.mc` — :func:`mc_predict` (Monte-Carlo dropout), :func:`reseeded`;
* :mod:`~dropout.tensorflow.tuning` — choosing the rate: :func:`run_hyperband`, :func:`rate_sweep`;
* :mod:`~dropout.tensorflow.tf1_port` — the TensorFlow 1 tutorial, as written and fixed.

The result types shared with the NumPy side live in NumPy-only modules:
:class:`dropout.history.History` and :class:`dropout.mc_prediction.MCPrediction`.
"""

from dropout.tensorflow.drop_path import DropPath  # chapter 10
from dropout.tensorflow.dropconnect import DropConnectDense
from dropout.tensorflow.gaussian_dropout import GaussianDropout
from dropout.tensorflow.layer import BernoulliDropout, dropout_with_mask
from dropout.tensorflow.mc import mc_predict, reseeded
from dropout.tensorflow.models import build_mlp
from dropout.tensorflow.randomness import derive_seeds, enable_determinism
from dropout.tensorflow.replicas import ReplicaResult, train_replicas
from dropout.tensorflow.seed_runs import SeedRuns, train_seeds  # chapter 10
from dropout.tensorflow.tf1_port import TF1TutorialMLP, TF1TutorialResult, train_tf1_tutorial
from dropout.tensorflow.training import FullNetworkMetrics, TrainResult, train
from dropout.tensorflow.tuning import (
    DEFAULT_RATES,
    DEFAULT_WIDTHS,
    HyperbandResult,
    SweepResult,
    build_tunable_mlp,
    hyperband_schedule,
    rate_sweep,
    run_hyperband,
)

__all__ = [
    "DropPath", "SeedRuns", "train_seeds",
    "BernoulliDropout",
    "dropout_with_mask",
    "GaussianDropout",
    "DropConnectDense",
    "build_mlp",
    "derive_seeds",
    "enable_determinism",
    "train",
    "TrainResult",
    "FullNetworkMetrics",
    "train_replicas",
    "ReplicaResult",
    "mc_predict",
    "reseeded",
    "TF1TutorialMLP",
    "TF1TutorialResult",
    "train_tf1_tutorial",
    "DEFAULT_RATES",
    "DEFAULT_WIDTHS",
    "build_tunable_mlp",
    "hyperband_schedule",
    "HyperbandResult",
    "run_hyperband",
    "SweepResult",
    "rate_sweep",
]
