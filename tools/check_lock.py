"""Check that the environment holds exactly what requirements.lock pins.

``make`` runs this after installing, so that every package in ``.venv`` is the
locked version for this platform and Python, and nothing unpinned slipped in
(the ``dropout`` package itself, installed in editable mode, and the
installers pip, setuptools and wheel when the lock does not name them, excepted).

Usage: ``python tools/check_lock.py requirements.lock``; exits 1 and lists the
differences when there are any.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

__all__ = ["PLATFORMS", "read_lock", "installed", "differences"]

_PIN_RE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)\s*(?:;(?P<marker>[^#]*))?")
EXEMPT = {"dropout", "pip", "setuptools", "wheel"}

# Marker environments of the platforms the lock is resolved for (Python 3.11; `--for` below).
PLATFORMS = {
    "linux-x86_64": {"sys_platform": "linux", "platform_machine": "x86_64", "platform_system": "Linux"},
    "linux-aarch64": {"sys_platform": "linux", "platform_machine": "aarch64", "platform_system": "Linux"},
    "macos-arm64": {"sys_platform": "darwin", "platform_machine": "arm64", "platform_system": "Darwin"},
    "windows-amd64": {"sys_platform": "win32", "platform_machine": "AMD64", "platform_system": "Windows"},
}
_PY311 = {"python_version": "3.11", "python_full_version": "3.11.9", "implementation_name": "cpython",
          "platform_python_implementation": "CPython", "os_name": "posix"}


def read_lock(text: str, environment: dict | None = None) -> dict[str, str]:
    """The pins of a lock file that apply to ``environment`` (default: this interpreter).

    Example:
        >>> read_lock("numpy==2.4.6\\nappnope==1.0 ; sys_platform == 'darwin'\\n", {"sys_platform": "linux"})
        {'numpy': '2.4.6'}
    """
    pins = {}
    for line in text.splitlines():
        m = _PIN_RE.match(line.strip())
        if not m:
            continue
        marker = (m.group("marker") or "").strip()
        if marker and not Marker(marker).evaluate(environment):
            continue
        name = canonicalize_name(m.group("name"))
        if name in pins and pins[name] != m.group("version"):
            raise ValueError(f"lock pins {name} twice for this environment: {pins[name]} and {m.group('version')}")
        pins[name] = m.group("version")
    return pins


def installed() -> dict[str, str]:
    """Name -> version of every distribution installed in this environment."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def differences(pins: dict[str, str], have: dict[str, str]) -> list[str]:
    """Human-readable differences between the lock's pins and what is installed.

    Example:
        >>> differences({"numpy": "2.4.6"}, {"numpy": "2.4.5", "six": "1.0", "pip": "23.2"})
        ['numpy: locked 2.4.6, installed 2.4.5', 'six: installed 1.0, not in the lock']
    """
    problems = []
    for name, version in sorted(pins.items()):
        if name not in have:
            problems.append(f"{name}: locked {version}, not installed")
        elif have[name] != version:
            problems.append(f"{name}: locked {version}, installed {have[name]}")
    for name in sorted(set(have) - set(pins) - EXEMPT):
        problems.append(f"{name}: installed {have[name]}, not in the lock")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lock", type=Path)
    parser.add_argument("--for", dest="platform", choices=sorted(PLATFORMS),
                        help="print the pins that apply on this platform with Python 3.11 (for pip --dry-run)")
    args = parser.parse_args(argv)
    if args.platform:
        env = {**_PY311, **PLATFORMS[args.platform]}
        if args.platform == "windows-amd64":
            env["os_name"] = "nt"
        for name, version in sorted(read_lock(args.lock.read_text(encoding="utf-8"), env).items()):
            print(f"{name}=={version}")
        return 0
    problems = differences(read_lock(args.lock.read_text(encoding="utf-8")), installed())
    if problems:
        print(f"The environment differs from {args.lock} (remove .venv and run make again):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"Environment matches {args.lock}: {len(installed())} distributions.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
