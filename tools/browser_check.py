"""Check the built book in a real browser: navigation on a phone, equations, code width, offline.

Serves the built HTML from a local ``http.server`` on 127.0.0.1 (a free port, in a thread) and,
with Playwright driving Debian's Chromium (``/usr/bin/chromium``), measures on every page:

* phone, 390 x 844: after a click on the visible "site navigation" toggle, the table of contents
  is on screen (a link of the sidebar's TOC is inside the viewport and is the topmost element
  at its own position, so nothing covers it);
* desktop, 1280 x 800: display equations (MathJax ``mjx-container[display="true"]``) that are
  *clipped*: wider than their box, or overlapping their equation number. Of those, the ones
  that cannot be read even by scrolling (cut off by a box with ``overflow: hidden``, spilling out
  of the column, cut on the left, or under the number) are counted apart as *unreachable*. (The
  theme lets a wide equation scroll inside its box, with a scroll bar that macOS and phones hide
  until one scrolls: the reader sees an equation cut at the right edge. Such an equation counts as clipped; the
  chapter should break it over lines.)
* desktop: code cells (``div.cell_input pre`` and ``div.highlight pre`` outside outputs) whose
  content is wider than the box (``scrollWidth > clientWidth``: they scroll sideways);
  outputs that scroll are reported too, for information;
* every request whose URL is not on 127.0.0.1 is aborted and counted.

For information only (not in the verdict): whether the phone's "on this page" drawer opens,
code *outputs* that scroll sideways, failed local requests and JavaScript errors.

Exit status 1 when the phone sidebar does not open on some page, any display equation is
clipped, the book averages more than ``--max-avg-scrolling-code`` (2) sideways-scrolling code
cells per page, or any request tries to leave the machine. Exit status 2 for a usage error
(no built book, no browser).

    .venv/bin/python tools/browser_check.py --html _build/html [--json report.json]

Needs ``apt-get install chromium`` and ``pip install playwright`` (the Python package only:
``playwright install`` is not needed, the system Chromium is used).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
# Pages Sphinx generates without a source: indices and search, not chapters of the book.
GENERATED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
MAX_AVG_SCROLLING_CODE = 2.0


# --------------------------------------------------------------------------- pure logic


@dataclasses.dataclass
class PageResult:
    """Everything measured on one page (lists hold one short description per offending item)."""

    page: str
    sidebar_opens: bool | None = None  # None: not measured (the page failed to load)
    sidebar_shown_before_click: bool = False
    page_toc_opens: bool | None = None  # information only: the "on this page" drawer; None: no toggle
    equations: int = 0
    clipped_equations: list[str] = dataclasses.field(default_factory=list)  # every clipped equation
    unreachable_equations: list[str] = dataclasses.field(default_factory=list)  # those not even scrollable
    code_cells: int = 0
    scrolling_code: list[str] = dataclasses.field(default_factory=list)
    scrolling_outputs: list[str] = dataclasses.field(default_factory=list)
    external_requests: list[str] = dataclasses.field(default_factory=list)
    local_errors: list[str] = dataclasses.field(default_factory=list)
    js_errors: list[str] = dataclasses.field(default_factory=list)
    error: str | None = None


def is_redirect_stub(html: str) -> bool:
    """True for the one-line ``<meta http-equiv="Refresh">`` page that Jupyter Book writes as index.html."""
    head = html.lstrip()[:300].lower()
    return head.startswith("<meta") and 'http-equiv="refresh"' in head and "<body" not in html.lower()


def discover_pages(html_dir: Path) -> list[str]:
    """The book's pages in ``html_dir``, as sorted POSIX paths relative to it.

    A page is an ``.html`` file outside the underscore folders (``_static``, ``_sources``,
    ``_images``) that is not a redirect stub and not a page Sphinx generates on its own.
    When the build copied its sources (``_sources/``, the default), the pages are exactly those
    with a source; this leaves out generated indices such as ``genindex.html`` or a domain index
    (``prf-prf.html``). Without ``_sources/`` the known generated pages are left out by name.
    """
    html_dir = Path(html_dir)
    if not html_dir.is_dir():
        raise FileNotFoundError(f"html_dir is not a folder: {str(html_dir)!r}")
    sources = html_dir / "_sources"
    with_source = None
    if sources.is_dir():
        with_source = set()
        for src in sources.rglob("*"):
            if src.is_file():
                rel = src.relative_to(sources).as_posix()
                # Sphinx names the copy <docname><source suffix>, plus ".txt" when the suffix is not one.
                stem = rel[: -len(".txt")] if rel.endswith(".txt") and src.name.count(".") > 1 else rel
                with_source.add(stem.rsplit(".", 1)[0] + ".html")
    pages = []
    for path in html_dir.rglob("*.html"):
        rel = path.relative_to(html_dir)
        if any(part.startswith("_") for part in rel.parts[:-1]):
            continue
        rel_posix = rel.as_posix()
        if with_source is not None:
            if rel_posix not in with_source:
                continue
        elif rel_posix in GENERATED_PAGES:
            continue
        if is_redirect_stub(path.read_text(encoding="utf-8", errors="replace")):
            continue
        pages.append(rel_posix)
    return sorted(pages)


def is_local_url(url: str) -> bool:
    """True when fetching ``url`` stays on this machine (127.0.0.1, or a URL with no network)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript", "chrome", "chrome-extension", "devtools"):
        return True
    return parts.hostname == LOCAL_HOST


def average_scrolling_code(results: list[PageResult]) -> float:
    """Sideways-scrolling code cells per page, over the pages that were measured."""
    measured = [r for r in results if r.error is None]
    if not measured:
        return 0.0
    return sum(len(r.scrolling_code) for r in measured) / len(measured)


def verdict(results: list[PageResult], max_avg_scrolling_code: float = MAX_AVG_SCROLLING_CODE) -> list[str]:
    """Reasons to fail, one line each; an empty list means the book passes."""
    if not results:
        return ["no pages were checked"]
    reasons = []
    failed = [r.page for r in results if r.error is not None]
    if failed:
        reasons.append(f"{len(failed)} page(s) could not be measured: {', '.join(failed)}")
    closed = [r.page for r in results if r.error is None and not r.sidebar_opens]
    if closed:
        reasons.append(
            f"phone (390 px): the table of contents does not open on {len(closed)} page(s): {', '.join(closed)}"
        )
    clipped = sum(len(r.clipped_equations) for r in results)
    if clipped:
        pages = ", ".join(f"{r.page} ({len(r.clipped_equations)})" for r in results if r.clipped_equations)
        unreachable = sum(len(r.unreachable_equations) for r in results)
        reasons.append(
            f"{clipped} display equation(s) clipped ({unreachable} not even by scrolling), at 1280 px: {pages}"
        )
    avg = average_scrolling_code(results)
    if avg > max_avg_scrolling_code:
        reasons.append(
            f"{avg:.2f} sideways-scrolling code cells per page on average (more than {max_avg_scrolling_code:g})"
        )
    external = sum(len(r.external_requests) for r in results)
    if external:
        urls = sorted({u for r in results for u in r.external_requests})
        reasons.append(f"{external} request(s) tried to leave the machine: {', '.join(urls[:10])}")
    return reasons


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def format_table(results: list[PageResult]) -> str:
    """The per-page table and the totals, as plain text."""
    header = (
        "page", "toc opens", "contents", "eqs", "clipped", "unreachable",
        "code", "code scroll", "out scroll", "external",
    )  # fmt: skip
    rows = [
        (
            r.page + (f"  [error: {r.error}]" if r.error else ""),
            _yes_no(r.sidebar_opens),
            _yes_no(r.page_toc_opens),
            str(r.equations),
            str(len(r.clipped_equations)),
            str(len(r.unreachable_equations)),
            str(r.code_cells),
            str(len(r.scrolling_code)),
            str(len(r.scrolling_outputs)),
            str(len(r.external_requests)),
        )
        for r in results
    ]
    opens = sum(1 for r in results if r.sidebar_opens)
    contents_opens = sum(1 for r in results if r.page_toc_opens)
    contents_checked = sum(1 for r in results if r.page_toc_opens is not None)
    rows.append(
        (
            f"TOTAL ({len(results)} pages)",
            f"{opens}/{len(results)}",
            f"{contents_opens}/{contents_checked}",
            str(sum(r.equations for r in results)),
            str(sum(len(r.clipped_equations) for r in results)),
            str(sum(len(r.unreachable_equations) for r in results)),
            str(sum(r.code_cells for r in results)),
            str(sum(len(r.scrolling_code) for r in results)),
            str(sum(len(r.scrolling_outputs) for r in results)),
            str(sum(len(r.external_requests) for r in results)),
        )
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        return "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )

    rule = "-" * len(line(header))
    out = [line(header), rule, *map(line, rows[:-1]), rule, line(rows[-1])]
    out.append(f"average sideways-scrolling code cells per page: {average_scrolling_code(results):.2f}")
    return "\n".join(out)


def format_details(results: list[PageResult]) -> str:
    """What to fix, page by page: which equations and code cells."""
    out = []
    for r in results:
        items = [
            ("clipped equation", r.clipped_equations),
            ("code cell scrolls sideways", r.scrolling_code),
            ("output scrolls sideways", r.scrolling_outputs),
            ("external request (aborted)", r.external_requests),
            ("local request failed", r.local_errors),
            ("JavaScript error", r.js_errors),
        ]
        lines = [f"  {label}: {text}" for label, texts in items for text in texts]
        if not r.sidebar_opens and r.error is None:
            lines.insert(0, "  phone: the table of contents did not open")
        if r.page_toc_opens is False:
            lines.insert(0, '  phone: the page\'s contents ("on this page") did not open (information only)')
        if lines:
            out.append(r.page)
            out.extend(lines)
    return "\n".join(out)


# --------------------------------------------------------------------------- browser side

WAIT_FOR_MATHJAX = """
async () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
  if (document.fonts && document.fonts.ready) { await document.fonts.ready; }
  return true;
}
"""

# How many links of the sidebar's table of contents are on screen and not covered by anything.
TOC_LINKS_SHOWN = """
() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const links = document.querySelectorAll(
    '#pst-primary-sidebar nav.bd-docs-nav a, #pst-primary-sidebar-modal nav.bd-docs-nav a');
  let shown = 0;
  for (const a of links) {
    const r = a.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
    if (!a.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === a || a.contains(hit))) shown += 1;
  }
  return shown;
}
"""

# The same for the secondary sidebar ("on this page" contents).
PAGE_TOC_LINKS_SHOWN = TOC_LINKS_SHOWN.replace(
    "'#pst-primary-sidebar nav.bd-docs-nav a, #pst-primary-sidebar-modal nav.bd-docs-nav a'",
    "'#pst-secondary-sidebar a, .bd-sidebar-secondary a, #pst-secondary-sidebar-modal a'",
)
assert PAGE_TOC_LINKS_SHOWN != TOC_LINKS_SHOWN

# Display equations at the current viewport. state: "fits"; "scrolls" when it is wider than its
# box and the nearest scrollable box around it lets the reader scroll to the rest; "cut" when part
# of it cannot be reached (a box with overflow hidden, a spill out of its box, or a left edge
# before the scroll box's, where scrolling cannot go). overlap: its visible part meets its number.
MEASURE_EQUATIONS = """
() => {
  const tol = 1;
  const texOf = (c) => {
    try {
      const items = window.MathJax.startup.document.getMathItemsWithin(c);
      if (items.length) return String(items[0].math).replace(/\\s+/g, ' ').trim();
    } catch (e) {}
    return '';
  };
  const inter = (a, b) => ({left: Math.max(a.left, b.left), right: Math.min(a.right, b.right),
                            top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom)});
  const out = [];
  const article = document.querySelector('article.bd-article') || document.body;
  for (const c of document.querySelectorAll('mjx-container[display="true"]')) {
    if (c.closest('#pst-primary-sidebar, .bd-sidebar-secondary')) continue;
    const cr = c.getBoundingClientRect();
    if (cr.width < 1 && cr.height < 1) continue;  // inside a closed dropdown: not rendered
    const box = c.closest('div.math') || c.parentElement;
    const math = c.querySelector(':scope > mjx-math') || c;
    const mr = math.getBoundingClientRect();
    const eqno = box.querySelector(':scope > span.eqno');
    const label = eqno ? eqno.textContent.replace(/\\s+/g, ' ').replace(/#$/, '').trim() : '';
    // Walk outwards: the first box that clips (overflow other than visible) decides.
    let visible = {left: mr.left, right: mr.right, top: mr.top, bottom: mr.bottom};
    let state = 'fits', scroller = null;
    for (let el = math.parentElement; el && el !== document.documentElement; el = el.parentElement) {
      const ox = getComputedStyle(el).overflowX;
      if (ox === 'visible') {
        if (el === article) break;
        continue;
      }
      const r = el.getBoundingClientRect();
      const wider = mr.left < r.left - tol || mr.right > r.right + tol;
      if (wider) {
        const scrollable = (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + tol;
        if (scrollable && mr.left >= r.left - tol) {
          state = 'scrolls'; scroller = el;
        } else {
          state = 'cut';
        }
      }
      visible = inter(visible, r);
      break;
    }
    if (state === 'fits') {
      // Nothing clips it: it must stay inside its own box (else it runs over the margin or sidebar).
      const br = box.getBoundingClientRect();
      if (mr.left < br.left - tol || mr.right > br.right + tol) state = 'cut';
    }
    let overlap = false;
    if (eqno) {
      const er = eqno.getBoundingClientRect();
      const i = inter(visible, er);
      overlap = er.width > 0 && (i.right - i.left) > tol && (i.bottom - i.top) > tol;
    }
    const avail = scroller ? scroller.clientWidth : box.getBoundingClientRect().width;
    out.push({
      label: label, id: box.id || '', tex: texOf(c).slice(0, 70),
      state: state, overlap: overlap,
      width: Math.round(mr.width), available: Math.round(avail),
    });
  }
  return out;
}
"""

# Code inputs and outputs whose text is wider than their box.
MEASURE_CODE = """
() => {
  const tol = 1;
  const describe = (pre) => {
    const lines = pre.textContent.replace(/\\n$/, '').split('\\n');
    let longest = '';
    for (const l of lines) if (l.length > longest.length) longest = l;
    return {longest: longest.length, text: longest.trim().slice(0, 60)};
  };
  const seen = new Set();
  const inputs = [], outputs = [];
  for (const pre of document.querySelectorAll('div.cell_input pre, div.highlight pre')) {
    if (seen.has(pre)) continue;
    seen.add(pre);
    if (pre.closest('#pst-primary-sidebar, .bd-sidebar-secondary')) continue;
    if (pre.clientWidth < 1) continue;  // hidden (closed dropdown)
    const isOutput = !!pre.closest('div.cell_output, div.output');
    const item = Object.assign(describe(pre), {
      scrolls: pre.scrollWidth > pre.clientWidth + tol,
      overflow: pre.scrollWidth - pre.clientWidth,
    });
    (isOutput ? outputs : inputs).push(item);
  }
  return {inputs: inputs, outputs: outputs};
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def serve(html_dir: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``html_dir`` on 127.0.0.1 at a free port, in a daemon thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    threading.Thread(target=server.serve_forever, name="book-server", daemon=True).start()
    return server, f"http://{LOCAL_HOST}:{server.server_address[1]}/"


def _attach(page, result: PageResult) -> None:
    """Abort and record requests that leave 127.0.0.1; record failed local requests and JS errors."""

    def route(route_, request):
        if is_local_url(request.url):
            route_.continue_()
        else:
            if request.url not in result.external_requests:
                result.external_requests.append(request.url)
            route_.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("response", lambda r: r.status >= 400 and result.local_errors.append(f"{r.status} {r.url}"))

    def page_error(exc):
        text = str(exc).splitlines()[0][:200] if str(exc) else repr(exc)
        if text not in result.js_errors:
            result.js_errors.append(text)

    page.on("pageerror", page_error)


def _load(page, url: str, timeout_ms: int, mathjax: bool = True) -> None:
    page.goto(url, wait_until="load", timeout=timeout_ms)
    if mathjax:
        page.evaluate(WAIT_FOR_MATHJAX)


def _toggle_opens(page, toggle_selector: str, shown_js: str, result: PageResult) -> bool | None:
    """Click each visible toggle matching ``toggle_selector`` until ``shown_js`` counts a link on screen.

    None when the page has no visible toggle of that kind (e.g. no "on this page" contents).
    """
    toggles = page.locator(toggle_selector)
    tried = False
    for i in range(toggles.count()):
        toggle = toggles.nth(i)
        box = toggle.bounding_box()
        if not toggle.is_visible() or box is None or box["width"] < 1:
            continue
        if box["x"] + box["width"] <= 0 or box["x"] >= PHONE["width"] or box["y"] >= PHONE["height"]:
            continue
        tried = True
        try:
            toggle.click(timeout=3000)
        except Exception as exc:  # noqa: BLE001 (covered or detached: the toggle does not work)
            result.js_errors.append(f"click on {toggle_selector} #{i} failed: {str(exc).splitlines()[0]}")
            continue
        page.wait_for_timeout(600)  # the drawer slides in
        if page.evaluate(shown_js) > 0:
            return True
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    return False if tried else None


def check_phone(context, url: str, result: PageResult, timeout_ms: int) -> None:
    """The table of contents (and, for information, the page's contents) open from their toggles."""
    page = context.new_page()
    _attach(page, result)
    try:
        _load(page, url, timeout_ms, mathjax=False)  # the drawers do not wait for the equations
        result.sidebar_shown_before_click = page.evaluate(TOC_LINKS_SHOWN) > 0
        result.sidebar_opens = bool(_toggle_opens(page, "button.primary-toggle", TOC_LINKS_SHOWN, result))
        page.keyboard.press("Escape")  # close the drawer; reload if that did not do it
        page.wait_for_timeout(300)
        if page.evaluate(TOC_LINKS_SHOWN) > 0 and not result.sidebar_shown_before_click:
            _load(page, url, timeout_ms, mathjax=False)
        if page.evaluate(PAGE_TOC_LINKS_SHOWN) == 0:
            result.page_toc_opens = _toggle_opens(page, "button.secondary-toggle", PAGE_TOC_LINKS_SHOWN, result)
    finally:
        page.close()


def check_desktop(context, url: str, result: PageResult, timeout_ms: int) -> None:
    page = context.new_page()
    _attach(page, result)
    try:
        _load(page, url, timeout_ms)
        for eq in page.evaluate(MEASURE_EQUATIONS):
            result.equations += 1
            label = eq["id"].removeprefix("equation-")
            name = " ".join(part for part in (eq["label"], label) if part) or "unnumbered"
            if eq["state"] == "fits" and not eq["overlap"]:
                continue
            how = {"fits": "fits", "scrolls": "scrolls inside its box", "cut": "cut off"}[eq["state"]]
            if eq["overlap"]:
                how += ", overlaps its number"
            text = f"{name}: {eq['width']} px in {eq['available']} px, {how}: {eq['tex']}"
            result.clipped_equations.append(text)
            if eq["state"] == "cut" or eq["overlap"]:
                result.unreachable_equations.append(text)
        code = page.evaluate(MEASURE_CODE)
        result.code_cells = len(code["inputs"])
        for kind, items, sink in (
            ("code cell", code["inputs"], result.scrolling_code),
            ("output", code["outputs"], result.scrolling_outputs),
        ):
            for n, item in enumerate(items, start=1):
                if item["scrolls"]:
                    sink.append(
                        f"{kind} {n} of {len(items)}: longest line {item['longest']} chars "
                        f"(+{item['overflow']} px): {item['text']}"
                    )
    finally:
        page.close()


def run(html_dir: Path, pages: list[str], executable: str, timeout_ms: int) -> list[PageResult]:
    from playwright.sync_api import sync_playwright  # imported here: the pure helpers need no browser

    server, base = serve(html_dir)
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            try:
                phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1)
                desktop = browser.new_context(viewport=DESKTOP)
                for rel in pages:
                    result = PageResult(page=rel)
                    url = base + rel
                    try:
                        check_phone(phone, url, result, timeout_ms)
                        check_desktop(desktop, url, result, timeout_ms)
                    except Exception as exc:  # noqa: BLE001 (reported per page, the run goes on)
                        result.error = str(exc).splitlines()[0][:200]
                    results.append(result)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=Path("_build/html"), help="the built book (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    parser.add_argument("--chromium", default=CHROMIUM, help="browser executable (default: %(default)s)")
    parser.add_argument("--page", action="append", help="check only this page (relative path; repeatable)")
    parser.add_argument(
        "--max-avg-scrolling-code",
        type=float,
        default=MAX_AVG_SCROLLING_CODE,
        help="fail above this many sideways-scrolling code cells per page on average (default: %(default)s)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per page load (default: %(default)s)")
    args = parser.parse_args(argv)

    try:
        pages = args.page or discover_pages(args.html)
    except FileNotFoundError as exc:
        print(f"error: {exc}; build the book first (make book)", file=sys.stderr)
        return 2
    if not Path(args.chromium).exists():
        print(f"error: no browser at {args.chromium!r}; apt-get install chromium", file=sys.stderr)
        return 2

    start = time.perf_counter()
    results = run(args.html, pages, args.chromium, int(args.timeout * 1000))
    elapsed = time.perf_counter() - start
    reasons = verdict(results, args.max_avg_scrolling_code)

    print(format_table(results))
    details = format_details(results)
    if details:
        print("\nDetails:\n" + details)
    print(f"\n{len(results)} pages checked in {elapsed:.1f} s")
    if args.json:
        report = {
            "html": str(args.html),
            "pages": [dataclasses.asdict(r) for r in results],
            "average_scrolling_code": average_scrolling_code(results),
            "failures": reasons,
            "passed": not reasons,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if reasons:
        print("FAILED:\n" + "\n".join(f"- {r}" for r in reasons))
        return 1
    print("PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
