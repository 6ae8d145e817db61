"""The TensorFlow 1 tutorial port: as written dropout never acts; fixed it does."""

import numpy as np
import pytest

from dropout.tensorflow import TF1TutorialMLP, train_tf1_tutorial


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    return rng.random((256, 784), dtype=np.float32), rng.integers(0, 10, 256)


def test_as_written_training_output_equals_inference_output(digits):
    x = digits[0][:32]
    model = TF1TutorialMLP(fixed=False, keep_prob=0.5, seed=0)
    parts = model.forward(x, training=True)
    # the dropout outputs are computed ...
    assert not np.array_equal(parts["y1_dropout"].numpy(), parts["y1"].numpy())
    # ... and never used
    np.testing.assert_array_equal(parts["logits"].numpy(), model(x, training=False).numpy())
    np.testing.assert_array_equal(model(x, training=True).numpy(), model(x).numpy())


def test_fixed_training_output_differs_from_inference_output(digits):
    x = digits[0][:32]
    model = TF1TutorialMLP(fixed=True, keep_prob=0.5, seed=0)
    assert not np.allclose(model(x, training=True).numpy(), model(x).numpy())
    # inference is keep_prob = 1: the same network as the buggy one
    buggy = TF1TutorialMLP(fixed=False, keep_prob=0.5, seed=0)
    np.testing.assert_array_equal(model(x).numpy(), buggy(x).numpy())


def test_as_written_training_is_identical_with_and_without_dropout(digits):
    x, y = digits
    runs = {
        (fixed, keep): train_tf1_tutorial(x, y, fixed=fixed, keep_prob=keep, iterations=20, batch_size=64, seed=0)
        for fixed, keep in [(False, 0.5), (False, 1.0), (True, 0.5)]
    }
    buggy_half, buggy_one = runs[(False, 0.5)], runs[(False, 1.0)]
    assert buggy_half.loss.shape == (20,)
    np.testing.assert_array_equal(buggy_half.loss, buggy_one.loss)
    for a, b in zip(buggy_half.model.get_weights(), buggy_one.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    # fixed, dropout changes the run (with keep_prob = 1 both versions are the
    # same network, so the buggy run at keep_prob = 1 is the no-dropout run)
    assert not np.array_equal(runs[(True, 0.5)].loss, buggy_one.loss)


def test_bad_keep_prob_is_refused(bad_keep_prob_or_zero):  # the shared table of tests/conftest.py
    bad = bad_keep_prob_or_zero
    with pytest.raises(bad.error, match=bad.match()):
        TF1TutorialMLP(keep_prob=bad.value)


def test_bad_iterations_are_refused(digits):
    with pytest.raises(ValueError, match="`iterations`"):
        train_tf1_tutorial(*digits, fixed=True, iterations=0)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [({"fixed": "False"}, TypeError, "`fixed` must be True or False"), ({"seed": -1}, ValueError, "`seed`")],
)
def test_bad_fixed_and_seed_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        TF1TutorialMLP(**kwargs)


def test_initial_biases_are_the_tutorials_ones():
    model = TF1TutorialMLP(fixed=True, seed=0)
    model(np.zeros((1, 784), dtype="float32"))
    biases = [v for v in model.weights if v.name.startswith("b")]
    assert len(biases) == 3
    for b in biases:
        np.testing.assert_array_equal(np.asarray(b), 1.0)
