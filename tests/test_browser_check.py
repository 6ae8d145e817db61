"""The pure helpers of tools/browser_check.py: page discovery, URL filter, verdict, table (no browser)."""

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "tools" / "browser_check.py"
_spec = importlib.util.spec_from_file_location("browser_check_under_test", _PATH)
bc = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bc  # dataclasses look their module up by name
_spec.loader.exec_module(bc)

PAGE = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>text</p></body></html>\n"
STUB = '<meta http-equiv="Refresh" content="0; url=intro.html" />\n'


def _write(root: Path, rel: str, text: str = PAGE) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def built(tmp_path):
    """A miniature Jupyter Book build: pages with sources, generated pages, a redirect, assets."""
    for rel in ("intro.html", "chapters/01_a.html", "chapters/notes.html", "bibliography.html"):
        _write(tmp_path, rel)
    for rel in ("genindex.html", "search.html", "prf-prf.html", "py-modindex.html", "_static/x.html"):
        _write(tmp_path, rel)
    _write(tmp_path, "index.html", STUB)
    for rel in ("intro.md", "chapters/01_a.ipynb", "chapters/notes.rst.txt", "bibliography.md"):
        _write(tmp_path, "_sources/" + rel, "source")
    return tmp_path


def test_discover_pages_keeps_the_pages_with_a_source(built):
    assert bc.discover_pages(built) == ["bibliography.html", "chapters/01_a.html", "chapters/notes.html", "intro.html"]


def test_discover_pages_without_sources_drops_generated_pages_and_redirects(built):
    for src in sorted((built / "_sources").rglob("*"), reverse=True):
        src.unlink() if src.is_file() else src.rmdir()
    (built / "_sources").rmdir()
    pages = bc.discover_pages(built)
    assert "index.html" not in pages and "genindex.html" not in pages and "search.html" not in pages
    assert "py-modindex.html" not in pages and "_static/x.html" not in pages
    assert {"intro.html", "chapters/01_a.html", "bibliography.html"} <= set(pages)


def test_discover_pages_refuses_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="html_dir"):
        bc.discover_pages(tmp_path / "nope")


def test_redirect_stub_is_recognised():
    assert bc.is_redirect_stub(STUB)
    assert not bc.is_redirect_stub(PAGE)
    assert not bc.is_redirect_stub('<!DOCTYPE html><meta http-equiv="refresh" content="5"><body>x</body>')


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8123/chapters/01_a.html", True),
        ("http://127.0.0.1/_static/mathjax/tex-chtml.js", True),
        ("data:image/png;base64,AAAA", True),
        ("blob:http://127.0.0.1:8123/abc", True),
        ("https://unpkg.com/thebe@0.8.2/lib/index.js", False),
        ("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js", False),
        ("http://localhost:8123/x.html", False),
        ("http://127.0.0.2/x.html", False),
    ],
)
def test_is_local_url(url, local):
    assert bc.is_local_url(url) is local


def _good(page="p.html", **changes):
    result = bc.PageResult(page=page, sidebar_opens=True, equations=3, code_cells=5)
    for key, value in changes.items():
        setattr(result, key, value)
    return result


def test_verdict_passes_a_clean_book():
    assert bc.verdict([_good("a.html"), _good("b.html")]) == []


def test_verdict_fails_when_the_phone_sidebar_stays_shut_on_one_page():
    reasons = bc.verdict([_good("a.html"), _good("b.html", sidebar_opens=False)])
    assert len(reasons) == 1 and "b.html" in reasons[0] and "a.html" not in reasons[0]


def test_verdict_fails_on_any_clipped_equation():
    bad = _good("a.html", clipped_equations=["(1.7): 664 px in 617 px, scrolls inside its box: L = ..."])
    (reason,) = bc.verdict([bad, _good("b.html")])
    assert "1 display equation" in reason and "a.html (1)" in reason and "0 not even by scrolling" in reason


def test_verdict_counts_sideways_code_on_average_over_pages():
    # 2 per page on average is allowed, more is not.
    at_limit = [_good("a.html", scrolling_code=["c"] * 4), _good("b.html")]
    assert bc.verdict(at_limit) == []
    over = [_good("a.html", scrolling_code=["c"] * 5), _good("b.html")]
    (reason,) = bc.verdict(over)
    assert "2.50" in reason
    assert bc.verdict(over, max_avg_scrolling_code=3) == []


def test_verdict_fails_on_any_request_that_leaves_the_machine():
    bad = _good("a.html", external_requests=["https://unpkg.com/x.js"])
    (reason,) = bc.verdict([bad])
    assert "https://unpkg.com/x.js" in reason


def test_verdict_fails_on_pages_that_could_not_be_measured_and_on_an_empty_run():
    broken = bc.PageResult(page="a.html", error="Timeout 30000ms exceeded")
    reasons = bc.verdict([broken, _good("b.html")])
    assert any("could not be measured" in r and "a.html" in r for r in reasons)
    assert not any("does not open" in r for r in reasons)  # not counted twice
    assert bc.verdict([]) == ["no pages were checked"]


def test_information_only_measurements_do_not_fail():
    info = _good(
        "a.html",
        page_toc_opens=False,
        scrolling_outputs=["output 1"],
        local_errors=["404 http://127.0.0.1/x"],
        js_errors=["SyntaxError"],
    )
    assert bc.verdict([info]) == []


def test_average_ignores_pages_that_failed():
    results = [_good("a.html", scrolling_code=["c"] * 3), bc.PageResult(page="b.html", error="boom")]
    assert bc.average_scrolling_code(results) == 3.0
    assert bc.average_scrolling_code([]) == 0.0


def test_table_has_one_row_per_page_and_totals():
    results = [_good("a.html", scrolling_code=["c"] * 3), _good("b.html", sidebar_opens=False)]
    table = bc.format_table(results)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["page", "toc", "opens"]
    assert any(line.startswith("a.html") and " yes " in line for line in lines)
    assert any(line.startswith("b.html") and " NO " in line for line in lines)
    total = next(line for line in lines if line.startswith("TOTAL (2 pages)"))
    assert "1/2" in total
    assert table.endswith("average sideways-scrolling code cells per page: 1.50")


def test_details_name_what_to_fix():
    wide = _good("a.html", clipped_equations=["(4.20): wide"], scrolling_code=["code cell 2 of 5"])
    results = [wide, _good("b.html")]
    details = bc.format_details(results)
    assert "a.html" in details and "(4.20): wide" in details and "code cell 2 of 5" in details
    assert "b.html" not in details


def test_importing_the_module_does_not_need_a_browser():
    assert "sync_playwright" not in vars(bc)
