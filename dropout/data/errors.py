"""Errors raised by :mod:`dropout.data` when MNIST is missing or malformed."""

from __future__ import annotations

__all__ = ["MNISTNotAvailableError", "MNISTFormatError"]


class MNISTNotAvailableError(FileNotFoundError):
    """Full MNIST is not on this machine and could not be downloaded.

    A :class:`FileNotFoundError`, so ``except FileNotFoundError`` catches it.
    The message says where to put the file and that ``source="subset"``
    gives 5,000 real digits offline.
    """


class MNISTFormatError(ValueError):
    """A data file exists but is not valid MNIST (truncated, corrupt, wrong header).

    A :class:`ValueError`; the message names the file and what is wrong with it.
    """
