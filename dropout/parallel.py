"""Independent training runs side by side, one per core, on threads.

A chapter's evidence is several runs that share nothing but their data: one
network per seed, one per ensemble member, one stacked model per width. NumPy
releases Python's global lock inside its matrix products and array loops, and
TensorFlow while a traced function runs, so such runs proceed in parallel on
threads, with no copies of the data and no pickling (which processes would
need). Each run keeps its own generator or seeds, so what it computes does not
depend on which thread ran it: with one BLAS thread per NumPy run (the chapters
set ``OPENBLAS_NUM_THREADS=1``) the results are the serial results bit for bit,
and a TensorFlow run gives what it gives alone (``tests/test_parallel.py``
checks both).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from dropout._checks import check_positive_int

__all__ = ["map_runs"]

T = TypeVar("T")
R = TypeVar("R")


def map_runs(fn: Callable[[T], R], items: Iterable[T], *, workers: int | None = None) -> list[R]:
    """Return ``[fn(item) for item in items]``, computed on up to ``workers`` threads.

    The calls must be independent (each draws from its own generator and
    changes no shared state); the results come back in the order of
    ``items`` whatever order the calls finish in. An exception raised by a
    call is raised here, after the calls already running have finished.

    Args:
        fn: a function of one argument, e.g. ``lambda seed: train(seed, 0.8, 0.5)``.
        items: the arguments, one run each (e.g. the seeds).
        workers: threads to use, a positive int; ``None`` means one per core
            (``os.cpu_count()``), never more than there are items. With 1 the
            calls run one after another in the calling thread.

    Returns:
        A list with one result per item, in the order of ``items``.

    Raises:
        TypeError: ``fn`` not callable, ``workers`` not an int.
        ValueError: ``workers`` < 1.

    Example:
        >>> map_runs(lambda seed: seed * seed, range(5), workers=2)
        [0, 1, 4, 9, 16]
    """
    if not callable(fn):
        raise TypeError(f"`fn` must be callable, got {type(fn).__name__}")
    if workers is not None:
        workers = check_positive_int(workers, "workers")
    items = list(items)
    if workers is None:
        workers = os.cpu_count() or 1
    workers = min(workers, len(items))
    if workers <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dropout-run") as pool:
        return list(pool.map(fn, items))
