"""Randomness on the Keras side: seeds passed as arguments, and the one process-wide switch.

Every function of :mod:`dropout.tensorflow` takes its randomness as a ``seed``
argument and passes it on to Keras explicitly: to the initialisers
(``keras.initializers.GlorotUniform(seed=...)``), to each dropout layer's own
``keras.random.SeedGenerator``, to ``tf.data`` shuffles. One ``seed`` is spread
over many layers by :func:`derive_seeds`. No function of the package seeds
NumPy, Python's ``random`` or TensorFlow globally.

Bit-identical reruns also need TensorFlow's ops to be deterministic, which is
a setting of the whole process: :func:`enable_determinism` switches it on, and
only the caller (a chapter, a script, a test) decides to call it.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from dropout._checks import check_positive_int, check_seed

__all__ = ["derive_seeds", "enable_determinism"]


def derive_seeds(seed, n) -> list[int]:
    """n independent Keras seeds derived from one ``seed``.

    Uses ``numpy.random.SeedSequence(seed).generate_state(n)``, so the seeds
    of different layers (and of neighbouring values of ``seed``) give
    unrelated random streams, unlike ``seed + i``. Each is reduced to 31 bits,
    a non-negative int that every Keras backend accepts.

    Args:
        seed: non-negative int.
        n: how many seeds, a positive int.

    Returns:
        A list of n ints in [0, 2^31).

    Raises:
        TypeError, ValueError: ``seed`` not a non-negative int, ``n`` not a positive int.

    Example:
        >>> a = derive_seeds(0, 3)
        >>> len(a), len(set(a))
        (3, 3)
        >>> a == derive_seeds(0, 3), a[:2] == derive_seeds(0, 2)
        (True, True)
    """
    seed = check_seed(seed)
    n = check_positive_int(n, "n")
    return [int(s) >> 1 for s in np.random.SeedSequence(seed).generate_state(n, dtype=np.uint32)]


def enable_determinism() -> None:
    """Make TensorFlow's ops deterministic, for the **whole process**.

    Calls ``tf.config.experimental.enable_op_determinism()``. With it, the
    package's functions, whose randomness comes only from their ``seed``
    arguments, give bit-identical results when rerun with the same seeds on
    the same machine and versions (not across CPUs, GPUs or TensorFlow versions).

    What it costs, and why no function of the package calls it:

    * it is process-wide and TensorFlow offers no public way to switch it off
      again: it changes every TensorFlow computation of the process, the
      caller's own code included;
    * ops with a deterministic kernel may run slower (on GPUs markedly so, e.g.
      sums into scattered indices), and ``tf.data`` keeps its elements in
      order, giving up some parallelism;
    * ops without a deterministic implementation raise an error instead of running.

    Seeds are not touched: it makes no run reproducible by itself. Call it
    once, at the top of a chapter or a script, before any TensorFlow work.

    Example:
        >>> from dropout.tensorflow import enable_determinism
        >>> enable_determinism()  # doctest: +SKIP
    """
    tf.config.experimental.enable_op_determinism()
