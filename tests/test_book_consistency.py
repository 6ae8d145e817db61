"""The book and the package agree: every equation has one implementation, every chapter its parts.

The rule (STYLE.md, "one source of truth"): every labelled equation of the book
has a counterpart in ``dropout/`` whose docstring names the label, and every
label a docstring names is defined in a chapter. These tests read the
notebooks as JSON (nothing is executed) and the package as text.
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
NUMBERED = sorted((ROOT / "chapters").glob("0*.ipynb"))

# ```{math} blocks with ":label: eq-..." and dollar-math "$$ ... $$ (eq-...)"
LABEL_RE = re.compile(r":label:\s*(eq-[\w-]+)|\$\$\s*\((eq-[\w-]+)\)")
NAMED_RE = re.compile(r"eq-[a-z0-9][\w-]*[a-z0-9]")


def _cells(path: Path, kind: str):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == kind]


def _source(cell) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _markdown(path: Path) -> str:
    return "\n".join(_source(c) for c in _cells(path, "markdown"))


def _defined_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for path in CHAPTERS:
        for m in LABEL_RE.finditer(_markdown(path)):
            label = m.group(1) or m.group(2)
            assert label not in labels, f"{label} is defined in both {labels[label]} and {path.name}"
            labels[label] = path.name
    return labels


def _named_labels() -> dict[str, set[str]]:
    named: dict[str, set[str]] = collections.defaultdict(set)
    for path in sorted((ROOT / "dropout").rglob("*.py")):
        for label in NAMED_RE.findall(path.read_text(encoding="utf-8")):
            named[label].add(str(path.relative_to(ROOT)))
    return named


def test_the_book_has_chapters():
    assert len(NUMBERED) >= 9


def test_every_equation_of_the_book_is_named_by_the_package():
    missing = sorted(set(_defined_labels()) - set(_named_labels()))
    assert not missing, f"labelled equations that no docstring in dropout/ names: {missing}"


def test_every_equation_the_package_names_is_defined_in_a_chapter():
    defined = _defined_labels()
    unknown = {label: sorted(files) for label, files in _named_labels().items() if label not in defined}
    assert not unknown, f"labels named in dropout/ that no chapter defines: {unknown}"


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        if "file" in node:
            files.append(node["file"])
        if "root" in node:
            files.append(node["root"])
        for value in node.values():
            files += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            files += _toc_files(item)
    return files


def test_table_of_contents_lists_every_chapter_and_only_existing_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = _toc_files(toc)
    assert len(files) == len(set(files)), f"duplicate entries in _toc.yml: {files}"
    for entry in files:
        assert any((ROOT / (entry + ext)).exists() for ext in (".ipynb", ".md")), f"_toc.yml lists missing {entry}"
    for path in CHAPTERS:
        assert f"chapters/{path.stem}" in files, f"{path.name} is not in _toc.yml"


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.stem)
def test_chapter_has_its_parts(path):
    md = _markdown(path)
    code = [_source(c) for c in _cells(path, "code")]
    assert LABEL_RE.search(md), "no labelled equation"
    assert re.search(r"\{cite(:\w+)?\}`", md), "no {cite}"
    assert "{exercise}" in md, "no {exercise}"
    assert re.search(r"\{solution(-start)?\}", md), "no {solution}"
    assert any(re.search(r"^\s*assert\b", src, re.M) for src in code), "no assert in a code cell"
    outputs = [o for c in _cells(path, "code") for o in c.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs), "no figure (image/png output)"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_executed_without_errors_or_stderr(path):
    for i, cell in enumerate(_cells(path, "code")):
        assert cell.get("execution_count") is not None, f"code cell {i} has not been executed"
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"code cell {i} stores an error: {out.get('ename')}"
            assert not (out["output_type"] == "stream" and out.get("name") == "stderr"), (
                f"code cell {i} stores stderr: {''.join(out.get('text', ''))[:200]!r}"
            )


def test_glue_keys_are_unique_across_the_book():
    where = collections.defaultdict(list)
    for path in CHAPTERS:
        for cell in _cells(path, "code"):
            for out in cell.get("outputs", []):
                scrap = out.get("metadata", {}).get("scrapbook")
                if scrap:
                    where[scrap["name"]].append(path.name)
    assert where, "no glued values found"
    repeated = {key: files for key, files in where.items() if len(files) > 1}
    assert not repeated, f"glue keys used more than once: {repeated}"
