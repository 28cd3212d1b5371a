"""Bytes transferred in Chromium: the first view of every page type, and searching (issue 15).

The built site (with its `.gz` and `.br` copies, as `asskomm build` writes them) is served on
127.0.0.1 the way nginx serves it with `brotli_static`/`gzip_static`: a request that accepts `br`
gets the `.br` copy, else `gzip` the `.gz` copy. Chromium (Debian's, via Playwright) opens pages in
fresh contexts (empty cache); the server counts every byte it sends (status line, headers, body),
including what Pagefind's Web Worker fetches, so the figures are what crossed the wire.

- first view: each page type, until the network is idle (HTML, CSS, JS, images in view; no fonts);
- first query: on the home page, the search opened with the mouse and a word typed at 8 characters
  per second, as a person types it, until the results are shown and the network is idle;
- five queries: that and four more different words in the same page.

Works for this site's search (Pagefind) and for Material's (the state before issue 15).

    PYTHONPATH=. python scripts/measure_transfer.py SITE_DIR
"""

from __future__ import annotations

import functools
import http.server
import io
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import harness

#: One page of each type at full scale (scripts/fullscale.py); missing ones are skipped.
PAGE_TYPES = {
    "home": "/",
    "profile": "/kommunen/oelsnitz-erzgeb/",
    "kommunen table": "/kommunen/",
    "milestone list": "/kommunen/meilenstein/kooperationsvereinbarung/",
    "kreise": "/kreise/",
    "kreis": "/kreise/erzgebirgskreis/",
    "polizeidirektion": "/polizeidirektionen/chemnitz/",
    "news list": "/aktuelles/",
    "archive": "/aktuelles/archiv/",
    "year": "/aktuelles/archiv/2023/",
    "category": "/aktuelles/kategorie/unterzeichnung/",
    "release": None,  # the newest release with an image, found in the site
    "map": "/standorte/",
    "A-Z": "/gemeinden/",
    "numbers": "/zahlen/",
    "open data": "/daten/",
    "text page": "/ueber-asskomm/",
    "impressum": "/impressum/",
    "404": "/404.html",
}
QUERIES = ["Kooperationsvereinbarung", "Graffiti", "Lößnitz", "Sicherheitsanalyse", "Präventionsrat"]
TYPING_DELAY_MS = 125


class _Counter:
    def __init__(self) -> None:
        self.bytes = 0
        self.requests = 0
        self.lock = threading.Lock()

    def add(self, n: int) -> None:
        with self.lock:
            self.bytes += n

    def reset(self) -> tuple[int, int]:
        with self.lock:
            out = (self.bytes, self.requests)
            self.bytes = self.requests = 0
            return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    counter: _Counter
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".pagefind": "application/octet-stream",
                      ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
                      ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        """The `.br` or `.gz` copy when the browser accepts it, as nginx's brotli_static/gzip_static."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            packed = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and packed.is_file():
                body = packed.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return io.BytesIO(body)
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counted(self.wfile, self.counter)  # type: ignore[assignment]


class _Counted:
    """The response stream, counting what is written to it."""

    def __init__(self, inner, counter: _Counter) -> None:
        self._inner, self._counter = inner, counter

    def write(self, data: bytes) -> int:
        self._counter.add(len(data))
        return self._inner.write(data)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, _Counter]]:
    counter = _Counter()
    handler = type("Handler", (_Handler,), {"counter": counter})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", counter
    finally:
        server.shutdown()
        server.server_close()


def _newest_release_with_image(site: Path) -> str | None:
    pages = sorted((site / "aktuelles").glob("[0-9][0-9][0-9][0-9]-*/index.html"), reverse=True)
    for page in pages:
        if "<figure" in page.read_text(encoding="utf-8"):
            return "/" + page.parent.relative_to(site).as_posix() + "/"
    return None


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    time.sleep(0.3)


def _type_query(page, query: str, pagefind: bool) -> None:
    """Type QUERY into the open search and wait until its results are shown."""
    field = page.locator("#asskomm-suche-eingabe" if pagefind else "input[data-md-component='search-query']")
    field.fill("")
    field.press_sequentially(query, delay=TYPING_DELAY_MS)
    if pagefind:
        page.wait_for_function("(q) => document.querySelector('.asskomm-suche__status').textContent.includes(q)",
                               arg=query, timeout=30_000)
    else:
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    _settle(page)


def measure(site: Path) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    paths = dict(PAGE_TYPES)
    paths["release"] = _newest_release_with_image(site)
    out: dict[str, object] = {"pages": {}, "queries": []}
    with serve(site) as (url, counter), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        try:
            for name, path in paths.items():
                if not path or not harness.page_file(site, path).is_file():
                    continue
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
                page = context.new_page()
                counter.reset()
                page.goto(url + path, wait_until="load")
                _settle(page)
                out["pages"][name] = {"path": path, "bytes": counter.reset()[0]}  # type: ignore[index]
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
            page = context.new_page()
            page.goto(url + "/", wait_until="load")
            _settle(page)
            counter.reset()
            pagefind = page.locator(".asskomm-suche__oeffnen").count() > 0
            if pagefind:
                page.locator(".asskomm-suche__oeffnen").click()
            else:  # Material's search: its keyboard shortcut opens it
                page.keyboard.press("/")
                page.locator("input[data-md-component='search-query']").click()
            total = 0
            for query in QUERIES:
                _type_query(page, query, pagefind)
                total += counter.reset()[0]
                out["queries"].append({"query": query, "cumulative_bytes": total})  # type: ignore[union-attr]
            out["search"] = "pagefind" if pagefind else "material"
            context.close()
        finally:
            browser.close()
    return out


def report(result: dict[str, object]) -> list[str]:
    lines = [f"{name:18} {v['bytes'] / 1024:7.1f} KB  {v['path']}" for name, v in result["pages"].items()]  # type: ignore[union-attr]
    for i, q in enumerate(result["queries"], 1):  # type: ignore[arg-type]
        lines.append(f"query {i} {q['query']!r:28} cumulative {q['cumulative_bytes'] / 1024:7.1f} KB")
    return lines


def main(argv: list[str] | None = None) -> int:
    site = Path((argv or sys.argv[1:])[0])
    result = measure(site)
    print(f"# transferred in Chromium ({result['search']} search), {site}")
    print("\n".join(report(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
