"""A progress bar over (run, seed) pairs: tqdm when installed, a plain counter otherwise.

Quiet when stdout is not a terminal (a log file, a pipe, a notebook), unless
asked otherwise.
"""

from __future__ import annotations

import sys

__all__ = ["Progress"]


class Progress:
    """Counts finished (run, seed) pairs out of ``total``.

    Args:
        total: the number of pairs.
        desc: a label.
        enabled: show progress; ``None`` means "when stdout is a terminal".
        stream: where to write (stdout by default).
    """

    def __init__(self, total, desc="", *, enabled=None, stream=None):
        self.stream = stream or sys.stdout
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.done, self.desc = total, 0, desc
        self._bar = None
        if self.enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm(total=total, desc=desc, unit="run", file=self.stream)

    def update(self, n=1, note=""):
        self.done += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.set_postfix_str(note)
            self._bar.update(n)
        else:
            print(f"[{self.done}/{self.total}] {self.desc} {note}".rstrip(), file=self.stream, flush=True)

    def close(self):
        if self._bar is not None:
            self._bar.close()
