"""dropout: the package behind the book *Dropout, from the perceptron to Monte-Carlo dropout*.

The root exports only ``__version__``; every public name has **one** documented
import path, its subpackage or its module:

=================================  ==========================================================
import path                        public names
=================================  ==========================================================
``dropout.reference``              the NumPy reference: ``bernoulli_mask``,
                                   ``fast_bernoulli_mask``, ``dropout_forward``,
                                   ``dropout_backward``, the layers (``affine_forward``,
                                   ``relu_forward``, ``softmax``, ``log_softmax``,
                                   ``softmax_cross_entropy``, ...), ``MLP``, ``fit``,
                                   ``SGDMomentum``, ``max_norm``, gradient checks, the
                                   perceptron and the toy data of chapter 1
``dropout.theory``                 closed forms of chapters 3 and 4 (counting, moments,
                                   weight scaling, ensembles, linear regression)
``dropout.data``                   MNIST, offline by default; splits and subsets
``dropout.history``                ``History``: the curves of both training loops
``dropout.mc_prediction``          ``MCPrediction``: the result of Monte-Carlo dropout,
                                   NumPy and Keras alike
``dropout.curves``                 measures of learning curves (gap, late mean, ...)
``dropout.uncertainty``            spread, entropy and AUROC of Monte-Carlo predictions
``dropout.plotting``               ``draw_network`` (imports matplotlib)
``dropout.parallel``               ``map_runs``: independent runs (seeds) side by side on
                                   the cores, on threads
``dropout.glue``                   ``glue``: a chapter's numbers into its prose (myst-nb's
                                   output, without importing nbformat)
``dropout.tensorflow``             the Keras side (imports TensorFlow): ``BernoulliDropout``,
                                   ``build_mlp``, ``train``, ``mc_predict``,
                                   ``enable_determinism``, the tuning and the TF1 port
=================================  ==========================================================

For example ``from dropout.reference import dropout_forward`` and
``from dropout.tensorflow import train``. The modules inside the subpackages
(``dropout.reference.mlp``, ...) are where the code lives, not import paths.
Importing :mod:`dropout` imports nothing else; only :mod:`dropout.tensorflow`
imports TensorFlow.

Conventions: NumPy functions take ``keep_prob`` (the paper's p, the probability
of *keeping* a unit); the Keras layer takes ``rate`` = 1 - p, as
``keras.layers.Dropout`` does. Dropout is inverted by default everywhere
(``inverted=True``). Randomness always comes in as an argument
(``rng: numpy.random.Generator`` on the NumPy side, ``seed`` on the Keras side);
nothing in the package seeds a global generator.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
