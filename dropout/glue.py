"""Gluing a chapter's numbers into its prose: myst-nb's ``glue``, without its import cost.

A chapter computes a number in a cell and the text cites it with
``{glue:}`key```: the cell displays the value under a MIME type that starts
with ``application/papermill.record/`` and carries ``{"scrapbook": {"name":
key, ...}}`` in its metadata, and myst-nb, building the book, pastes what was
displayed where the key is cited. :func:`glue` writes exactly that output, as
``myst_nb.glue`` does (a test compares the two, so a new myst-nb cannot drift
from it unnoticed). It exists because ``myst_nb.glue`` imports nbformat, whose
JSON-schema validators take about 3 s to import (the URI grammar of
``rfc3987_syntax`` is compiled on import): 3 s in every chapter for a
function that needs none of it.

Needs IPython (a notebook kernel has it); importing this module imports nothing.
"""

from __future__ import annotations

__all__ = ["GLUE_PREFIX", "glue"]

#: the MIME-type prefix that hides a glued value from the cell's own output
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value, display: bool = True) -> None:
    """Display ``value`` so that the book can cite it as ``{glue:}`name```.

    The output is the one ``myst_nb.glue(name, value, display)`` writes: the
    value's display formats (IPython's ``format_display_data``), each MIME type
    prefixed with :data:`GLUE_PREFIX` when ``display`` is false (so the cell
    shows nothing), and ``{"scrapbook": {"name": name, "mime_prefix": ...}}``
    added to the metadata.

    Args:
        name: the key the prose cites, a non-empty str without spaces.
        value: any object; what is stored is how it displays (``repr`` for a number).
        display: also show the value in the cell's output.

    Raises:
        TypeError: ``name`` not a str, ``display`` not a bool.
        ValueError: ``name`` empty or with whitespace.
    """
    if not isinstance(name, str):
        raise TypeError(f"`name` must be a str, got {type(name).__name__}")
    if not name or any(c.isspace() for c in name):
        raise ValueError(f"`name` must be non-empty and without whitespace, got name={name!r}")
    if not isinstance(display, bool):
        raise TypeError(f"`display` must be a bool, got {type(display).__name__}")
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    mimebundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipy_display({prefix + key: data for key, data in mimebundle.items()}, raw=True, metadata=metadata)
