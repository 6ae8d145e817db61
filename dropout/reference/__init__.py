"""The NumPy reference: dropout and a small network written from the book's equations.

Import every public name from here, e.g. ``from dropout.reference import MLP, dropout_forward, fit``:
this is the one documented path (the modules below are where the code lives).
Importing it never imports TensorFlow.

* :mod:`~dropout.reference.perceptron` and :mod:`~dropout.reference.toy_data`: the single neuron of chapter 1;
* :mod:`~dropout.reference.mask` and :mod:`~dropout.reference.dropout_layer`: the mask and the dropout layer;
* :mod:`~dropout.reference.fast_mask`: the same mask drawn from integer bits, used by ``dropout_forward``;
* :mod:`~dropout.reference.gaussian_dropout`: multiplicative Gaussian noise with dropout's mean and variance;
* :mod:`~dropout.reference.dropconnect`: DropConnect, dropout on the weights of an affine layer;
* :mod:`~dropout.reference.layers`: affine, ReLU, sigmoid, softmax and cross-entropy, forward and backward;
* :mod:`~dropout.reference.gradcheck`: centred-difference gradient checks;
* :mod:`~dropout.reference.mlp`: the multilayer perceptron with dropout;
* :mod:`~dropout.reference.optim`: SGD with momentum and the max-norm constraint;
* :mod:`~dropout.reference.train`: mini-batch training, returning a :class:`dropout.history.History`;
* ``dropout.reference.regression`` and ``dropout.reference.toy_regression``: MC dropout regression (chapter 8).
"""

from dropout.reference.drop_path import drop_path_backward, drop_path_forward  # chapter 10
from dropout.reference.dropconnect import DropConnectCache, dropconnect_backward, dropconnect_forward
from dropout.reference.dropout_layer import DropoutCache, dropout_backward, dropout_forward
from dropout.reference.fast_mask import RESOLUTION_BITS, effective_keep_prob, fast_bernoulli_mask
from dropout.reference.gaussian_dropout import (
    GaussianDropoutCache,
    gaussian_dropout_backward,
    gaussian_dropout_forward,
)
from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.reference.layers import (
    affine_backward,
    affine_forward,
    log_softmax,
    relu_backward,
    relu_forward,
    sigmoid,
    sigmoid_backward,
    sigmoid_forward,
    softmax,
    softmax_cross_entropy,
)
from dropout.reference.mask import bernoulli_mask
from dropout.reference.mlp import MLP
from dropout.reference.optim import SGDMomentum, max_norm
from dropout.reference.perceptron import (
    PerceptronResult,
    SigmoidNeuronResult,
    perceptron_predict,
    sigmoid_neuron_forward,
    sigmoid_neuron_loss_and_grads,
    step,
    train_perceptron,
    train_sigmoid_neuron,
)
from dropout.reference.recurrent import RNNCache, recurrent_masks, rnn_backward, rnn_forward  # chapter 10
from dropout.reference.regression import (
    RegressionPrediction,
    fit_regression,
    mc_regression,
    model_precision,
    squared_error,
)
from dropout.reference.spatial import neighbour_correlation, neighbour_r2, spatial_dropout_forward  # chapter 10
from dropout.reference.toy_data import make_blobs, make_xor
from dropout.reference.toy_regression import make_toy_regression, toy_target
from dropout.reference.train import fit

__all__ = [
    "drop_path_forward", "drop_path_backward", "recurrent_masks", "rnn_forward", "rnn_backward", "RNNCache",
    "spatial_dropout_forward", "neighbour_correlation", "neighbour_r2",
    "step",
    "perceptron_predict",
    "PerceptronResult",
    "train_perceptron",
    "sigmoid_neuron_forward",
    "sigmoid_neuron_loss_and_grads",
    "SigmoidNeuronResult",
    "train_sigmoid_neuron",
    "make_blobs",
    "make_xor",
    "bernoulli_mask",
    "fast_bernoulli_mask",
    "effective_keep_prob",
    "RESOLUTION_BITS",
    "GaussianDropoutCache",
    "gaussian_dropout_forward",
    "gaussian_dropout_backward",
    "DropConnectCache",
    "dropconnect_forward",
    "dropconnect_backward",
    "DropoutCache",
    "dropout_forward",
    "dropout_backward",
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "sigmoid",
    "sigmoid_forward",
    "sigmoid_backward",
    "softmax",
    "log_softmax",
    "softmax_cross_entropy",
    "numerical_gradient",
    "relative_error",
    "MLP",
    "SGDMomentum",
    "max_norm",
    "fit",
    "squared_error", "model_precision", "fit_regression", "RegressionPrediction", "mc_regression",
    "make_toy_regression", "toy_target",
]
