"""Choosing the dropout rate on a validation set: keras-tuner's Hyperband, and a plain sweep.

Chapter 7 picks the hidden-layer dropout rate (and the width) that minimises
the validation error (eq. ``eq-ch07-select``), first with keras-tuner's
``Hyperband`` (Li et al. 2018), then with a sweep that trains one network per
rate and seed. Rates follow Keras: the probability of **dropping** a unit, p = 1 - rate.

* :func:`build_tunable_mlp` — the hypermodel: ``hp.Choice`` over rates and widths;
* :func:`hyperband_schedule` — Hyperband's brackets (eq. ``eq-ch07-hyperband``);
* :func:`run_hyperband` — a seeded, quiet search in a temporary folder;
* :func:`rate_sweep` — one network per rate and seed, validation and test accuracy.
"""

from __future__ import annotations

import math
import random
import tempfile
import warnings
from dataclasses import dataclass, field

import keras
import numpy as np
import tensorflow as tf

from dropout._checks import check_positive_int, check_rate, check_seed, check_seeds
from dropout.tensorflow.models import build_mlp

__all__ = [
    "DEFAULT_RATES",
    "DEFAULT_WIDTHS",
    "build_tunable_mlp",
    "hyperband_schedule",
    "HyperbandResult",
    "run_hyperband",
    "SweepResult",
    "rate_sweep",
]

#: The hidden-layer dropout rates searched by default: 0.0, 0.1, ..., 0.7.
DEFAULT_RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
#: The hidden-layer widths searched by default.
DEFAULT_WIDTHS = (64, 128, 256)


def _check_values(values, name, check):
    values = tuple(check(v, name) for v in values)
    if not values:
        raise ValueError(f"`{name}` must hold at least one value, got {name}={values!r}")
    if len(set(values)) != len(values):
        raise ValueError(f"`{name}` must not repeat a value, got {name}={values!r}")
    return values


def build_tunable_mlp(
    hp,
    *,
    rates=DEFAULT_RATES,
    widths=DEFAULT_WIDTHS,
    depth=1,
    rate_input=0.0,
    learning_rate=1e-3,
    input_dim=784,
    num_classes=10,
    seed=0,
):
    """The hypermodel of chapter 7: a dropout MLP whose rate and width are hyperparameters.

    Declares ``hp.Choice("rate", rates)`` (the dropout rate after every hidden
    layer, p = 1 - rate) and ``hp.Choice("width", widths)``, builds
    :func:`dropout.tensorflow.build_mlp` with ``depth`` hidden layers of that
    width, and compiles it with Adam, ``SparseCategoricalCrossentropy()`` and
    accuracy, as keras-tuner expects of a model-building function. Bind the
    keyword arguments with ``functools.partial`` to change the search space.
    The weights are seeded with ``seed``, so every trial starts from the same
    draw of the initialiser for a given width.

    Args:
        hp: a ``keras_tuner.HyperParameters``.
        rates: the candidate dropout rates, each in [0, 1) (Keras convention).
        widths: the candidate hidden widths, positive ints.
        depth: the number of hidden layers, all of the same width.
        rate_input: the fixed dropout rate on the input, in [0, 1).
        learning_rate: Adam's learning rate.
        input_dim, num_classes: the shapes of the problem (784 and 10 for MNIST).
        seed: non-negative int seeding the weights and the dropout layers
            (through :func:`dropout.tensorflow.build_mlp`).

    Returns:
        A compiled ``keras.Model`` from ``(batch, input_dim)`` to class probabilities.

    Raises:
        TypeError, ValueError: a rate outside [0, 1), a width or ``depth`` not a
            positive int, an empty or repeated list of candidates.

    Example:
        >>> import keras_tuner
        >>> hp = keras_tuner.HyperParameters()
        >>> model = build_tunable_mlp(
        ...     hp, rates=(0.0, 0.5), widths=(8,), input_dim=4, num_classes=3
        ... )
        >>> hp.values, model.get_layer("dense_1").units
        ({'rate': 0.0, 'width': 8}, 8)
    """
    rates = _check_values(rates, "rates", check_rate)
    widths = _check_values(widths, "widths", check_positive_int)
    depth = check_positive_int(depth, "depth")
    rate = hp.Choice("rate", list(rates))
    width = hp.Choice("width", list(widths))
    model = build_mlp(
        hidden=(width,) * depth,
        rate_input=rate_input,
        rate_hidden=rate,
        input_dim=input_dim,
        num_classes=num_classes,
        seed=seed,
        name="tunable_mlp",
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model


def hyperband_schedule(max_epochs, factor=3):
    """The brackets of keras-tuner's Hyperband: how many models, trained for how long.

    With R = ``max_epochs``, eta = ``factor`` and s_max + 1 brackets (the number
    of times R can be divided by eta before it drops below one epoch), round i
    of bracket s (s = s_max, ..., 0; i = 0, ..., s) trains

        n_{s,i} = ceil( ceil(1 + log_eta R) / (s + 1) * eta^(s - i) )  models
        to       r_{s,i} = ceil( R * eta^-(s - i) )                    epochs

    (chapter 7, eq. ``eq-ch07-hyperband``; keras-tuner's form of Li et al.
    2018). Round 0 draws fresh random configurations; each later round
    continues the best n_{s,i} of the round before from their checkpoints.
    Bracket 0 is plain random search with the full budget.

    Args:
        max_epochs: R, the most epochs one model is trained for, int >= 1.
        factor: eta, the reduction factor, int >= 2.

    Returns:
        A list of brackets, from s_max down to 0; each is a list of rounds
        ``(n_models, epochs)``.

    Raises:
        TypeError, ValueError: ``max_epochs`` not a positive int, ``factor`` < 2.

    Example:
        >>> hyperband_schedule(9, 3)
        [[(9, 1), (3, 3), (1, 9)], [(5, 3), (2, 9)], [(3, 9)]]
        >>> schedule = hyperband_schedule(9, 3)
        >>> sum(n for bracket in schedule for n, _ in bracket)
        23
    """
    max_epochs = check_positive_int(max_epochs, "max_epochs")
    factor = check_positive_int(factor, "factor")
    if factor < 2:
        raise ValueError(f"`factor` must be an int >= 2, got factor={factor!r}")
    num_brackets, epochs = 0, max_epochs
    while epochs >= 1:
        epochs /= factor
        num_brackets += 1
    end_size = math.ceil(1 + math.log(max_epochs, factor))
    return [
        [
            (
                math.ceil(end_size / (s + 1) * factor ** (s - i)),
                math.ceil(max_epochs / factor ** (s - i)),
            )
            for i in range(s + 1)
        ]
        for s in range(num_brackets - 1, -1, -1)
    ]


@dataclass
class HyperbandResult:
    """What :func:`run_hyperband` returns.

    Attributes:
        best_hyperparameters: ``{"rate": ..., "width": ...}`` of the best trial.
        best_score: its validation accuracy (the best epoch's, as keras-tuner scores a trial).
        num_trials: the number of trials run (a continued model counts again).
        total_epochs: the epochs trained over all trials.
        trials: one dict per trial, in the order run, with ``"rate"``,
            ``"width"``, ``"bracket"``, ``"round"``, ``"epochs"`` (cumulative)
            and ``"score"``.
    """

    best_hyperparameters: dict
    best_score: float
    num_trials: int
    total_epochs: int
    trials: list = field(default_factory=list, repr=False)


def _dataset(x, y, batch_size, *, shuffle_seed=None):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle_seed is not None:
        ds = ds.shuffle(len(x), seed=int(shuffle_seed), reshuffle_each_iteration=True)
    return ds.batch(batch_size)


def run_hyperband(
    train_data,
    val_data,
    *,
    rates=DEFAULT_RATES,
    widths=DEFAULT_WIDTHS,
    depth=1,
    rate_input=0.0,
    max_epochs=9,
    factor=3,
    hyperband_iterations=1,
    batch_size=128,
    seed=0,
):
    """Search the dropout rate and width with keras-tuner's Hyperband, reproducibly.

    Each trial builds :func:`build_tunable_mlp`, trains it on ``train_data``
    and scores it by its accuracy on ``val_data`` (never the test set): the
    search approximates the rate that minimises the validation error
    (chapter 7, eq. ``eq-ch07-select``) under Hyperband's budget
    (eq. ``eq-ch07-hyperband``, :func:`hyperband_schedule`).

    Reproducible and tidy: every random choice comes from ``seed`` (the
    models' weights and dropout layers through :func:`build_tunable_mlp`, the
    batch order through a ``tf.data`` shuffle seeded with ``seed``, and the
    oracle, seeded with ``seed + 1`` since keras-tuner treats a seed of 0 as
    "no seed"); nothing global is seeded, and the state of Python's
    ``random``, which keras-tuner draws its trial ids from, is restored on
    return. The trial folder is a ``tempfile.TemporaryDirectory`` removed
    on return (so nothing is written where the caller runs), the search uses
    ``overwrite=True`` and ``verbose=0``, and the optimizer-loading warning
    that Hyperband triggers when it continues a model is silenced. For
    bit-identical reruns call :func:`dropout.tensorflow.enable_determinism`
    once beforehand.

    Args:
        train_data: ``(x_train, y_train)``, floats ``(N, D)`` and integer labels ``(N,)``.
        val_data: ``(x_val, y_val)``, the validation set that scores the trials.
        rates, widths, depth, rate_input: the search space, as in :func:`build_tunable_mlp`.
        max_epochs: R, the most epochs any model is trained for.
        factor: eta, Hyperband's reduction factor (>= 2).
        hyperband_iterations: how many times the whole set of brackets is run.
        batch_size: mini-batch size.
        seed: non-negative int.

    Returns:
        A :class:`HyperbandResult`.

    Raises:
        TypeError, ValueError: bad sizes, rates or widths (named in the message).

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> x = rng.random((40, 6), dtype=np.float32)
        >>> y = rng.integers(0, 2, 40)
        >>> result = run_hyperband(
        ...     (x, y), (x, y), rates=(0.0, 0.5), widths=(4, 8), max_epochs=2
        ... )
        >>> schedule = hyperband_schedule(2)
        >>> result.num_trials == sum(n for b in schedule for n, _ in b)
        True
        >>> result.best_hyperparameters["rate"] in (0.0, 0.5)
        True
    """
    import keras_tuner  # optional dependency, only needed here

    rates = _check_values(rates, "rates", check_rate)
    widths = _check_values(widths, "widths", check_positive_int)
    depth = check_positive_int(depth, "depth")
    rate_input = check_rate(rate_input, "rate_input")
    hyperband_schedule(max_epochs, factor)  # checks max_epochs and factor
    hyperband_iterations = check_positive_int(hyperband_iterations, "hyperband_iterations")
    batch_size = check_positive_int(batch_size, "batch_size")
    seed = check_seed(seed)
    (x_train, y_train), (x_val, y_val) = train_data, val_data
    input_dim = int(np.shape(x_train)[1])
    num_classes = int(max(np.max(y_train), np.max(y_val))) + 1

    def hypermodel(hp):
        return build_tunable_mlp(
            hp, rates=rates, widths=widths, depth=depth, rate_input=rate_input,
            input_dim=input_dim, num_classes=num_classes, seed=seed,
        )

    train_ds = _dataset(x_train, y_train, batch_size, shuffle_seed=seed)
    val_ds = _dataset(x_val, y_val, 1024)
    python_random_state = random.getstate()  # keras-tuner names trials with random.randint
    try:
        with tempfile.TemporaryDirectory(prefix="dropout_hyperband_") as folder, warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
            tuner = keras_tuner.Hyperband(
                hypermodel,
                objective="val_accuracy",
                max_epochs=max_epochs,
                factor=factor,
                hyperband_iterations=hyperband_iterations,
                seed=seed + 1,
                directory=folder,
                project_name="search",
                overwrite=True,
            )
            tuner.search(train_ds, validation_data=val_ds, shuffle=False, verbose=0)
            trials = []
            for trial in tuner.oracle.trials.values():
                values = trial.hyperparameters.values
                trials.append({
                    "rate": float(values["rate"]),
                    "width": int(values["width"]),
                    "bracket": int(values.get("tuner/bracket", 0)),
                    "round": int(values.get("tuner/round", 0)),
                    "epochs": int(values.get("tuner/epochs", max_epochs)),
                    "initial_epoch": int(values.get("tuner/initial_epoch", 0)),
                    "score": float(trial.score),
                })
            best = tuner.oracle.get_best_trials(1)[0]
    finally:
        random.setstate(python_random_state)
    keras.backend.clear_session()
    return HyperbandResult(
        best_hyperparameters={
            "rate": float(best.hyperparameters.values["rate"]),
            "width": int(best.hyperparameters.values["width"]),
        },
        best_score=float(best.score),
        num_trials=len(trials),
        total_epochs=sum(t["epochs"] - t["initial_epoch"] for t in trials),
        trials=trials,
    )


@dataclass
class SweepResult:
    """What :func:`rate_sweep` returns; the accuracies have one row per rate, one column per seed.

    Attributes:
        rates: the dropout rates tried (p = 1 - rate), ``(n_rates,)``.
        seeds: the seeds, ``(n_seeds,)``.
        train_acc: final accuracy of each network on the training set, dropout off, ``(n_rates, n_seeds)``.
        val_acc: the same on the validation set.
        test_acc: the same on the test set (NaN where no test set was given).
        hidden: the hidden widths of every network.
        epochs: the epochs each network was trained for.
    """

    rates: np.ndarray
    seeds: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    test_acc: np.ndarray
    hidden: tuple
    epochs: int

    @property
    def best_rate(self) -> float:
        """The rate of highest mean validation accuracy (eq. ``eq-ch07-select``; the smallest such rate on a tie)."""
        return float(self.rates[int(np.argmax(self.val_acc.mean(axis=1)))])

    def near_optimal(self) -> np.ndarray:
        """The rates that the seeds cannot tell from the best one.

        Rate r is near-optimal when the 95% interval of the paired
        difference ``val_acc[r] - val_acc[best]`` over the seeds (chapter 5,
        eq. ``eq-ch05-paired-difference``) reaches zero. Needs at least two seeds.
        """
        from dropout.evidence import paired_difference

        if self.val_acc.shape[1] < 2:
            raise ValueError("near_optimal needs at least two seeds per rate")
        best = int(np.argmax(self.val_acc.mean(axis=1)))
        near = [i == best or paired_difference(self.val_acc[i], self.val_acc[best]).ci_high >= 0
                for i in range(len(self.rates))]
        return self.rates[np.array(near)]


def rate_sweep(
    train_data,
    val_data,
    test_data=None,
    *,
    rates,
    hidden=(128,),
    epochs=10,
    rate_input=0.0,
    learning_rate=1e-3,
    batch_size=128,
    seeds=(0,),
):
    """Train one network per dropout rate and seed, and measure it on validation (and test) data.

    For each rate and each seed, the network of
    :func:`dropout.tensorflow.build_mlp` with ``hidden`` and
    ``rate_hidden=rate`` is trained with Adam for ``epochs`` epochs on
    ``train_data``; all of them in one stacked model by
    :func:`dropout.tensorflow.train_replicas` (a seed gives the same initial
    weights for every rate, its own masks and batch order; nothing global is
    seeded), then evaluated once, with dropout off, on the three sets. The
    validation accuracy is what chooses a rate (eq. ``eq-ch07-select``); the
    test accuracy is only reported.

    Args:
        train_data: ``(x_train, y_train)``.
        val_data: ``(x_val, y_val)``.
        test_data: optional ``(x_test, y_test)``.
        rates: the dropout rates to try, each in [0, 1).
        hidden: tuple of hidden widths.
        epochs: epochs per network.
        rate_input: the fixed dropout rate on the input.
        learning_rate: Adam's learning rate.
        batch_size: mini-batch size.
        seeds: the seeds, non-negative ints; every rate is trained with each.

    Returns:
        A :class:`SweepResult`.

    Raises:
        TypeError, ValueError: bad rates, seeds, widths or sizes (named in the message).

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> x = rng.random((40, 6), dtype=np.float32)
        >>> y = rng.integers(0, 2, 40)
        >>> sweep = rate_sweep((x, y), (x, y), rates=(0.0, 0.5), hidden=(8,),
        ...                    epochs=1, seeds=(0, 1, 2))
        >>> sweep.rates.tolist(), sweep.val_acc.shape
        ([0.0, 0.5], (2, 3))
        >>> bool(np.isnan(sweep.test_acc).all())
        True
    """
    from dropout.tensorflow.replicas import train_replicas

    rates = _check_values(rates, "rates", check_rate)
    seeds = check_seeds(seeds)
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"`seeds` must be distinct non-negative ints, got seeds={seeds!r}")
    hidden = tuple(check_positive_int(h, "hidden") for h in hidden)
    epochs = check_positive_int(epochs, "epochs")
    result = train_replicas(
        train_data, val_data, hidden=hidden,
        seeds=[s for _ in rates for s in seeds],
        rate_input=rate_input, rate_hidden=[r for r in rates for _ in seeds],
        epochs=epochs, batch_size=batch_size, learning_rate=learning_rate,
    )
    shape = (len(rates), len(seeds))
    test_acc = (np.full(shape, np.nan) if test_data is None
                else result.accuracy(*test_data).reshape(shape))
    return SweepResult(
        rates=np.asarray(rates, dtype=float),
        seeds=np.asarray(seeds),
        train_acc=result.train_acc.reshape(shape),
        val_acc=result.test_acc.reshape(shape),
        test_acc=test_acc,
        hidden=hidden,
        epochs=epochs,
    )
