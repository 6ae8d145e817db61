"""The NumPy reference: dropout and a small network written from the book's equations.

Importing it never imports TensorFlow.
"""

from dropout.reference.dropout_layer import DropoutCache, dropout_backward, dropout_forward
from dropout.reference.mask import bernoulli_mask

__all__ = [
    "bernoulli_mask",
    "DropoutCache",
    "dropout_forward",
    "dropout_backward",
]
