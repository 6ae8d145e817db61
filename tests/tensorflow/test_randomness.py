"""Randomness comes in as arguments: no package function touches a global generator or setting.

Checked in this process for NumPy's global generator and Python's ``random``
(the state must be exactly as before each call), and in a fresh process for
TensorFlow's global seed and op determinism, which only ``enable_determinism``,
called by the user, may switch on.
"""

import random
import subprocess
import sys
import textwrap
from contextlib import contextmanager

import numpy as np
import pytest

from dropout.tensorflow import (
    TF1TutorialMLP,
    build_mlp,
    derive_seeds,
    mc_predict,
    rate_sweep,
    reseeded,
    run_hyperband,
    train,
    train_tf1_tutorial,
)


@contextmanager
def global_generators_unchanged():
    python_state, numpy_state = random.getstate(), np.random.get_state()
    yield
    assert random.getstate() == python_state, "Python's random state changed"
    after = np.random.get_state()
    assert after[0] == numpy_state[0] and after[2:] == numpy_state[2:], "NumPy's global state changed"
    np.testing.assert_array_equal(after[1], numpy_state[1], err_msg="NumPy's global state changed")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 8)).astype(np.float32)
    y = (x @ rng.standard_normal((8, 3)).astype(np.float32)).argmax(axis=1)
    return x, y


def test_build_train_and_mc_predict_leave_the_global_generators_alone(data):
    x, y = data
    with global_generators_unchanged():
        model = build_mlp((8,), input_dim=8, num_classes=3, seed=0, dropout_layer="bernoulli")
        train(model, (x, y), (x, y), epochs=2, batch_size=16, seed=0)
        train(build_mlp((8,), input_dim=8, num_classes=3, seed=1), (x, y), epochs=1, batch_size=16, curves=True)
        mc_predict(model, x, 3, seed=0)
        mc_predict(model, x, 3)
        reseeded(model, 1)


def test_tuning_leaves_the_global_generators_alone(data):
    x, y = data
    with global_generators_unchanged():
        rate_sweep((x, y), (x, y), rates=(0.0, 0.5), hidden=(4,), epochs=1, batch_size=32)
    with global_generators_unchanged():  # keras-tuner draws trial ids from Python's random: restored
        run_hyperband((x, y), (x, y), rates=(0.0, 0.5), widths=(4,), max_epochs=2, batch_size=32)


def test_tf1_port_leaves_the_global_generators_alone():
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 784), dtype=np.float32), rng.integers(0, 10, 64)
    with global_generators_unchanged():
        train_tf1_tutorial(x, y, fixed=True, iterations=3, batch_size=32, seed=0)
        TF1TutorialMLP(fixed=False, seed=1)(x[:2], training=True)


def test_no_package_function_seeds_tensorflow_or_switches_on_op_determinism():
    # A fresh process: op determinism and TensorFlow's global seed are process-wide.
    code = textwrap.dedent(
        """
        import numpy as np
        from tensorflow.python.eager import context
        from tensorflow.python.framework import config

        from dropout.tensorflow import (
            build_mlp, enable_determinism, mc_predict, rate_sweep, run_hyperband, train, train_tf1_tutorial,
        )

        rng = np.random.default_rng(0)
        x, y = rng.random((64, 784), dtype=np.float32), rng.integers(0, 3, 64)
        model = build_mlp((8,), input_dim=784, num_classes=3, seed=0)
        train(model, (x, y), (x, y), epochs=1, batch_size=32, seed=0, curves=True)
        mc_predict(model, x, 2, seed=0)
        rate_sweep((x, y), (x, y), rates=(0.0,), hidden=(4,), epochs=1)
        run_hyperband((x, y), (x, y), rates=(0.0, 0.5), widths=(4,), max_epochs=1, factor=2)
        train_tf1_tutorial(x, y, fixed=True, iterations=2, batch_size=32)
        assert context.global_seed() is None, context.global_seed()
        assert not config.is_op_determinism_enabled()
        enable_determinism()  # the one explicit switch
        assert config.is_op_determinism_enabled() and context.global_seed() is None
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]


def test_derive_seeds_gives_independent_reproducible_keras_seeds():
    seeds = derive_seeds(7, 5)
    assert seeds == derive_seeds(7, 5) and len(set(seeds)) == 5
    assert all(isinstance(s, int) and 0 <= s < 2**31 for s in seeds)
    assert not set(seeds) & set(derive_seeds(8, 5))  # neighbouring seeds share nothing, unlike seed + i
    with pytest.raises(ValueError, match="`seed`"):
        derive_seeds(-1, 2)
    with pytest.raises(TypeError, match="`n`"):
        derive_seeds(0, 2.0)
