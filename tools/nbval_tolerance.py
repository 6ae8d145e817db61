"""nbval, exact where the mathematics is exact and tolerant where the arithmetic is not.

A pytest plugin for the book's notebooks (``pytest --nbval -p nbval_tolerance``).
nbval compares every stored output of a cell with a fresh run, character by
character. That is right for pure mathematics (closed forms, counting, masks
drawn from a seeded Generator), but a number that comes out of training, or out
of BLAS-heavy arithmetic, depends on the order in which the CPU adds things up:
another CPU, another OpenBLAS kernel or another thread count changes its last
digits, and sometimes the third decimal.

A cell opts into a numeric tolerance with a visible marker line::

    # NBVAL_TOLERANCE abs=0.01 -- trained accuracy; measured spread 0.004 over 5 configurations

``abs=`` and/or ``rel=`` give the tolerance; ``int=`` optionally gives a separate
absolute tolerance for integers (numbers written without a decimal point, such as
a count of errors or of epochs), which otherwise get ``abs``/``rel`` like any number.
The text after ``--`` is the reason and is required. For such a cell, every output (streams, ``text/plain``,
``text/html``, glued values) is split into numbers and the text between them.
The text must match exactly and there must be as many numbers; each fresh number
``a`` must satisfy ``|a - b| <= abs + rel * |b|`` for the stored number ``b``.
Cells without the marker are compared exactly, as nbval always does.

Implementation: before nbval's own comparison, each fresh number that lies within
the tolerance of its stored counterpart is replaced by the stored text. nbval
then compares as usual, so a number beyond the tolerance (or any change in the
text) fails with nbval's own report, which shows exactly the offending value.
"""

from __future__ import annotations

import copy
import math
import re
from typing import NamedTuple

__all__ = [
    "MARKER",
    "Tolerance",
    "parse_tolerance",
    "split_numbers",
    "within",
    "snap_text",
    "snap_outputs",
    "number_differences",
]

MARKER = "NBVAL_TOLERANCE"
_MARKER_RE = re.compile(r"^\s*#\s*NBVAL_TOLERANCE\b(?P<spec>.*)$", re.MULTILINE)
_OPTION_RE = re.compile(r"^(abs|rel|int)=(\S+)$")
_INTEGER_RE = re.compile(r"^[-+]?\d+$")
# A decimal number, optionally signed, with optional fraction and exponent.
# The sign is taken only where it cannot be a hyphen inside a word or a range ("784-800").
NUMBER_RE = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|(?<=[\w.])(?:\d+\.\d*|\.\d+|\d+)")


class Tolerance(NamedTuple):
    """A cell's declared tolerance: ``|fresh - stored| <= abs + rel * |stored|``.

    ``int``, when not None, replaces that bound for integers: ``|fresh - stored| <= int``.
    """

    abs: float
    rel: float
    reason: str
    int: float | None = None


def parse_tolerance(source: str) -> Tolerance | None:
    """Read the ``# NBVAL_TOLERANCE abs=... rel=... -- reason`` marker of a cell.

    Args:
        source: the cell's source code.

    Returns:
        The :class:`Tolerance`, or None when the cell has no marker.

    Raises:
        ValueError: the marker appears twice, names an unknown option, gives a
            value that is not a finite non-negative number, gives neither ``abs``
            nor ``rel``, or has no reason after ``--``.

    Example:
        >>> parse_tolerance("# NBVAL_TOLERANCE abs=0.01 -- training noise\\nprint(1)")
        Tolerance(abs=0.01, rel=0.0, reason='training noise', int=None)
        >>> parse_tolerance("print(1)") is None
        True
    """
    found = _MARKER_RE.findall(source)
    if not found:
        return None
    if len(found) > 1:
        raise ValueError(f"{MARKER} must appear once in a cell, found {len(found)} markers")
    spec = found[0]
    options, sep, reason = spec.partition("--")
    reason = reason.strip()
    if not sep or not reason:
        raise ValueError(
            f"{MARKER} needs a reason after '--' (what varies and the measured spread), got {spec.strip()!r}"
        )
    values = {"abs": 0.0, "rel": 0.0, "int": None}
    seen = set()
    for word in options.split():
        m = _OPTION_RE.match(word)
        if not m:
            raise ValueError(f"{MARKER}: expected abs=<number>, rel=<number> or int=<number>, got {word!r}")
        key, text = m.groups()
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{MARKER}: {key} must be a number, got {text!r}") from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{MARKER}: {key} must be finite and >= 0, got {text!r}")
        values[key] = value
        seen.add(key)
    if not seen & {"abs", "rel"}:
        raise ValueError(f"{MARKER} needs abs=<number> and/or rel=<number>, got {spec.strip()!r}")
    return Tolerance(values["abs"], values["rel"], reason, values["int"])


def split_numbers(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into the pieces between numbers and the numbers themselves.

    Returns ``(pieces, numbers)`` with ``len(pieces) == len(numbers) + 1`` and
    ``text == pieces[0] + numbers[0] + pieces[1] + ... + pieces[-1]``.

    Example:
        >>> split_numbers("accuracy 0.944, 54 of 1000")
        (['accuracy ', ', ', ' of ', ''], ['0.944', '54', '1000'])
    """
    pieces, numbers, start = [], [], 0
    for m in NUMBER_RE.finditer(text):
        pieces.append(text[start : m.start()])
        numbers.append(m.group())
        start = m.end()
    pieces.append(text[start:])
    return pieces, numbers


def within(fresh: str, stored: str, tol: Tolerance) -> bool:
    """True if the number ``fresh`` lies within ``tol`` of the number ``stored``.

    Example:
        >>> within("0.943", "0.944", Tolerance(0.005, 0.0, "r"))
        True
        >>> within("0.644", "0.944", Tolerance(0.005, 0.0, "r"))
        False
        >>> within("55", "54", Tolerance(0.005, 0.0, "r", int=2))
        True
        >>> within("0.73", "0.72", Tolerance(0.01, 0.0, "r"))  # exactly abs apart
        True

    The bound is met with a margin of float rounding (1e-9 relative), so a
    printed number one unit of its last digit away from the stored one is
    within ``abs`` equal to that unit, although 0.73 - 0.72 > 0.01 in binary.
    """
    a, b = float(fresh), float(stored)
    if math.isnan(a) or math.isnan(b):
        return False
    if tol.int is not None and _INTEGER_RE.match(fresh) and _INTEGER_RE.match(stored):
        return abs(a - b) <= tol.int
    bound = tol.abs + tol.rel * abs(b)
    return abs(a - b) <= bound + 1e-9 * max(bound, abs(a), abs(b))


def snap_text(fresh: str, stored: str, tol: Tolerance) -> str:
    """Return ``fresh`` with each number within ``tol`` of its stored counterpart replaced by the stored text.

    When the text between the numbers differs, or the count of numbers does,
    ``fresh`` is returned unchanged, so the exact comparison that follows fails.

    Example:
        >>> tol = Tolerance(0.005, 0.0, "r")
        >>> snap_text("test accuracy: 0.943", "test accuracy: 0.944", tol)
        'test accuracy: 0.944'
        >>> snap_text("test accuracy: 0.644", "test accuracy: 0.944", tol)
        'test accuracy: 0.644'
    """
    f_pieces, f_numbers = split_numbers(fresh)
    s_pieces, s_numbers = split_numbers(stored)
    if f_pieces != s_pieces:
        return fresh
    out = [f_pieces[0]]
    for f_num, s_num, piece in zip(f_numbers, s_numbers, f_pieces[1:]):
        out.append(s_num if within(f_num, s_num, tol) else f_num)
        out.append(piece)
    return "".join(out)


def _snap_value(fresh, stored, tol):
    if isinstance(fresh, str) and isinstance(stored, str):
        return snap_text(fresh, stored, tol)
    if isinstance(fresh, list) and isinstance(stored, list) and all(isinstance(s, str) for s in fresh + stored):
        return snap_text("".join(fresh), "".join(stored), tol)
    return fresh


def snap_outputs(fresh: list, stored: list, tol: Tolerance) -> list:
    """Snap the numbers of a cell's fresh outputs onto its stored ones, output by output.

    Outputs are paired in order; a pair is snapped only when both are of the same
    type (the same stream, or both rich outputs), key by key for rich outputs.
    Returns new outputs; the arguments are not modified.
    """
    fresh = copy.deepcopy(fresh)
    for f_out, s_out in zip(fresh, stored):
        if f_out.get("output_type") == "stream" and s_out.get("output_type") == "stream":
            if f_out.get("name") == s_out.get("name"):
                f_out["text"] = _snap_value(f_out.get("text"), s_out.get("text"), tol)
        elif "data" in f_out and "data" in s_out:
            for key, value in f_out["data"].items():
                if key in s_out["data"]:
                    f_out["data"][key] = _snap_value(value, s_out["data"][key], tol)
    return fresh


def number_differences(fresh: str, stored: str) -> list[float] | None:
    """Absolute differences between paired numbers of two texts, or None if the texts differ otherwise.

    Used by ``tools/numeric_variation.py`` to measure how far each cell moves
    between numeric configurations.

    Example:
        >>> number_differences("acc 0.943 after 6", "acc 0.944 after 6")
        [0.0010000000000000009, 0.0]
        >>> number_differences("holds", "fails") is None
        True
    """
    f_pieces, f_numbers = split_numbers(fresh)
    s_pieces, s_numbers = split_numbers(stored)
    if f_pieces != s_pieces:
        return None
    return [abs(float(a) - float(b)) for a, b in zip(f_numbers, s_numbers)]


# --------------------------------------------------------------------------- pytest plugin


def _wrap_compare(original):
    def compare_outputs(self, test, ref, skip_compare=None):
        tol = parse_tolerance(self.cell.source)
        if tol is not None:
            test = snap_outputs(test, ref, tol)
        return original(self, test, ref, skip_compare)

    compare_outputs.__wrapped__ = original
    compare_outputs.__doc__ = original.__doc__
    return compare_outputs


def pytest_configure(config):
    """Extend nbval's comparison with the cells' declared tolerances."""
    from nbval.plugin import IPyNbCell

    if not hasattr(IPyNbCell.compare_outputs, "__wrapped__"):
        IPyNbCell.compare_outputs = _wrap_compare(IPyNbCell.compare_outputs)
