"""The result types shared by the NumPy and the Keras sides: History and MCPrediction."""

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from dropout.history import History
from dropout.mc_prediction import MCPrediction
from dropout.uncertainty import predictive_spread


def test_the_numpy_side_and_the_result_types_never_import_tensorflow():
    code = (
        "import sys, dropout.history, dropout.mc_prediction, dropout.reference, dropout.theory, dropout.curves\n"
        "sys.exit('tensorflow' in sys.modules or 'keras' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_history_fields_are_the_same_for_both_loops():
    names = [f.name for f in dataclasses.fields(History)]
    assert names == ["train_loss", "train_acc", "val_loss", "val_acc", "fit_loss", "fit_acc", "batch_loss"]
    h = History()
    assert h.epochs == 0 and all(getattr(h, name) == [] for name in names)
    assert History(fit_loss=[1.0, 0.5]).epochs == 2
    assert History().train_loss is not History().train_loss  # no shared default list


def test_mc_prediction_from_samples_mean_spread_and_labels():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((7, 5, 3))
    samples = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)  # (k, N, C)
    pred = MCPrediction.from_samples(samples.astype(np.float32), keep_samples=True)
    assert pred.mean.dtype == pred.spread.dtype == pred.samples.dtype == np.float64
    np.testing.assert_allclose(pred.mean, samples.mean(axis=0), rtol=1e-6)
    np.testing.assert_array_equal(pred.spread, predictive_spread(pred.samples))
    np.testing.assert_array_equal(pred.labels, pred.mean.argmax(axis=1))
    assert MCPrediction.from_samples(samples).samples is None


def test_identical_float32_passes_have_a_spread_of_exactly_zero():
    one = np.array([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], dtype=np.float32)
    pred = MCPrediction.from_samples(np.stack([one] * 9))
    assert np.all(pred.spread == 0.0)
    np.testing.assert_array_equal(pred.mean, one.astype(np.float64))


@pytest.mark.parametrize(
    "samples, error",
    [(np.ones((2, 3)), ValueError), (np.full((2, 1, 2), 1.5), ValueError), ([[[0.5, 0.5]]], TypeError)],
)
def test_mc_prediction_refuses_what_is_not_k_passes_of_probabilities(samples, error):
    with pytest.raises(error, match="samples"):
        MCPrediction.from_samples(samples)
