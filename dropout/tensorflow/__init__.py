"""dropout.tensorflow: the Keras side of the book (importing it imports TensorFlow).

The root package :mod:`dropout` never imports TensorFlow; this subpackage does.
Set ``TF_ENABLE_ONEDNN_OPTS=0`` and ``TF_CPP_MIN_LOG_LEVEL=2`` in the
environment before importing it if TensorFlow's start-up lines must stay off
stderr (the Makefile, the tests and the chapters do; this package changes no
settings on import).

Conventions: the Keras layer takes ``rate``, the probability of **dropping** a
unit, as ``keras.layers.Dropout`` does (p = 1 - rate); the TensorFlow 1 port
takes ``keep_prob`` = p, as the old tutorials do.

Modules:

* :mod:`~dropout.tensorflow.layer` — :class:`BernoulliDropout`, :func:`dropout_with_mask`;
* :mod:`~dropout.tensorflow.models` — :func:`build_mlp`;
* :mod:`~dropout.tensorflow.training` — :func:`train`, :func:`set_determinism`;
* :mod:`~dropout.tensorflow.mc` — :func:`mc_predict` (Monte-Carlo dropout);
* :mod:`~dropout.tensorflow.tf1_port` — the TensorFlow 1 tutorial, as written and fixed.
"""

from dropout.tensorflow.layer import BernoulliDropout, dropout_with_mask
from dropout.tensorflow.mc import MCPrediction, mc_predict
from dropout.tensorflow.models import build_mlp
from dropout.tensorflow.tf1_port import TF1TutorialMLP, TF1TutorialResult, train_tf1_tutorial
from dropout.tensorflow.training import (
    FullNetworkMetrics,
    TrainHistory,
    TrainResult,
    set_determinism,
    train,
)

__all__ = [
    "BernoulliDropout",
    "dropout_with_mask",
    "build_mlp",
    "train",
    "set_determinism",
    "TrainHistory",
    "TrainResult",
    "FullNetworkMetrics",
    "mc_predict",
    "MCPrediction",
    "TF1TutorialMLP",
    "TF1TutorialResult",
    "train_tf1_tutorial",
]
