"""requirements.lock: exact pins for every supported platform, and what make installs from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

packaging = pytest.importorskip("packaging")
from check_lock import _PY311, PLATFORMS, differences, read_lock  # noqa: E402
from packaging.requirements import Requirement  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOCK = (ROOT / "requirements.lock").read_text(encoding="utf-8")


def _environment(platform):
    return {**_PY311, **PLATFORMS[platform]}


def _inputs():
    reqs = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            reqs.append(Requirement(line))
    return reqs


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_requirement_is_pinned_within_its_bounds_on_every_platform(platform):
    env = _environment(platform)
    pins = read_lock(LOCK, env)
    for req in _inputs():
        if req.marker is not None and not req.marker.evaluate(env):
            assert canonicalize_name(req.name) not in pins or req.name == "tensorflow", req
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not pinned for {platform}"
        assert pins[name] in req.specifier, f"{req.name}=={pins[name]} is outside {req.specifier}"


@pytest.mark.parametrize(
    ("platform", "tensorflow"),
    [("linux-x86_64", "tensorflow-cpu"), ("windows-amd64", "tensorflow-cpu"),
     ("linux-aarch64", "tensorflow"), ("macos-arm64", "tensorflow")],
)
def test_each_platform_gets_a_tensorflow_that_has_wheels_for_it(platform, tensorflow):
    pins = read_lock(LOCK, _environment(platform))
    other = {"tensorflow", "tensorflow-cpu"} - {tensorflow}
    assert tensorflow in pins and not other & set(pins)


def test_every_line_of_the_lock_is_an_exact_pin_or_a_comment():
    for line in LOCK.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==\S+", line), line


def test_the_makefile_installs_from_the_lock_and_checks_the_result():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements.lock" in makefile
    assert "tools/check_lock.py requirements.lock" in makefile
    assert "-r requirements.txt\n" not in makefile.replace("-o requirements.lock requirements.txt", "")


def test_differences_name_wrong_missing_and_unpinned_packages():
    assert differences({"numpy": "2.4.6", "scipy": "1.17.1"}, {"numpy": "2.4.5", "six": "1.0", "dropout": "0"}) == [
        "numpy: locked 2.4.6, installed 2.4.5",
        "scipy: locked 1.17.1, not installed",
        "six: installed 1.0, not in the lock",
    ]


def test_a_package_pinned_twice_for_one_platform_is_an_error():
    with pytest.raises(ValueError, match="pins numpy twice"):
        read_lock("numpy==1\nnumpy==2\n", _environment("linux-x86_64"))
