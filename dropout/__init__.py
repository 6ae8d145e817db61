"""dropout: the package behind the book *Dropout, from the perceptron to Monte-Carlo dropout*.

The package root exposes the NumPy reference of dropout; it never imports
TensorFlow. The rest lives in submodules:

* :mod:`dropout.reference` — NumPy layers, a small MLP, its training loop, gradient checks;
* :mod:`dropout.theory` — closed forms derived in the book (expectations, variances, ensembles);
* :mod:`dropout.data` — MNIST, offline by default;
* :mod:`dropout.tensorflow` — the Keras side (imports TensorFlow).

Conventions: NumPy functions take ``keep_prob`` (the paper's p, the probability
of *keeping* a unit); the Keras layer takes ``rate`` = 1 - p, as
``keras.layers.Dropout`` does.
"""

from dropout.reference.dropout_layer import dropout_backward, dropout_forward
from dropout.reference.fast_mask import fast_bernoulli_mask
from dropout.reference.mask import bernoulli_mask

__version__ = "0.1.0"

__all__ = ["bernoulli_mask", "fast_bernoulli_mask", "dropout_forward", "dropout_backward", "__version__"]
