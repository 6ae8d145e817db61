"""The NumPy reference: dropout and a small network written from the book's equations.

Importing it never imports TensorFlow.

* :mod:`~dropout.reference.mask` and :mod:`~dropout.reference.dropout_layer`: the mask and the dropout layer;
* :mod:`~dropout.reference.layers`: affine, ReLU, sigmoid, softmax and cross-entropy, forward and backward;
* :mod:`~dropout.reference.gradcheck`: centred-difference gradient checks;
* :mod:`~dropout.reference.mlp`: the multilayer perceptron with dropout;
* :mod:`~dropout.reference.optim`: SGD with momentum and the max-norm constraint;
* :mod:`~dropout.reference.train`: mini-batch training with a per-epoch history.
"""

from dropout.reference.dropout_layer import DropoutCache, dropout_backward, dropout_forward
from dropout.reference.gradcheck import numerical_gradient, relative_error
from dropout.reference.layers import (
    affine_backward,
    affine_forward,
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
from dropout.reference.train import History, fit

__all__ = [
    "bernoulli_mask",
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
    "softmax_cross_entropy",
    "numerical_gradient",
    "relative_error",
    "MLP",
    "SGDMomentum",
    "max_norm",
    "History",
    "fit",
]
