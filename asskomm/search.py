"""The site search index: Pagefind run over the built site (issue 15).

Pagefind (PyPI `pagefind` with its binary) reads the built HTML and writes a static, chunked index
under `pagefind/`; the browser loads only the chunks a query needs. It indexes what is inside
`data-pagefind-body` (overrides/main.html puts it around the content of every page except the 404
page and pages with `search: {exclude: true}`); redirect pages have none and stay out. Embargoed and
draft releases never become pages, so they cannot be indexed. Results carry `data-pagefind-meta`
(date, category, Kreis) and filter on `data-pagefind-filter` (kategorie, jahr, kreis), set in the
templates.

German: the site's `lang="de"` selects Pagefind's German stemmer (`--force-language de` makes it one
index even if a page said otherwise); the spelling variants of municipality names (namesearch.py)
are indexed as hidden text on their pages.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

OUTPUT_SUBDIR = "pagefind"
LANGUAGE = "de"
# Pagefind also writes its own ready-made interfaces; the site has its own (javascripts/suche.js on the
# JavaScript API in pagefind.js), so these are removed rather than published unused.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


# What Material ships only for its own search (lunr, its language packs and segmenters, the search
# worker): 1.2 MB in 36 files that no page loads since the search is Pagefind, and that cost 2.0 s of
# brotli-11 CPU in every publishing build (issue 15). The hook leaves them out of the site.
MATERIAL_SEARCH_ASSETS = re.compile(r"^assets/javascripts/(?:lunr/|workers/search\.[0-9a-f]+\.min\.js(?:\.map)?$)")


def is_material_search_asset(dest_uri: str) -> bool:
    """Whether a theme file serves only Material's search, which this site does not use."""
    return MATERIAL_SEARCH_ASSETS.match(dest_uri) is not None


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is German and says what to do."""


def command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR,
            "--force-language", LANGUAGE, "--quiet"]


def index_site(site_dir: Path) -> None:
    """Write the search index of the built site in `site_dir` into `site_dir/pagefind/`.

    A previous index there is removed first: Pagefind names its files by content hash and never
    deletes any, so a second run would leave the old metadata and chunks beside the new ones."""
    shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
    try:
        result = subprocess.run(command(site_dir), capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - the interpreter itself is missing
        raise SearchIndexError(f"Suchindex: Pagefind ließ sich nicht starten ({exc}); „./dev build“ installiert es neu") from None
    if result.returncode != 0 or not (site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise SearchIndexError(
            f"Suchindex: Pagefind ist mit Code {result.returncode} gescheitert ({site_dir}): {detail}\n"
            "Ist das Paket „pagefind“ installiert (requirements/lock.txt; „./dev build“ installiert es)?")
    _drop_unused(site_dir)


def _drop_unused(site_dir: Path) -> None:
    """Remove the interfaces Pagefind writes beside its API (the site has its own, see UNUSED)."""
    for name in UNUSED:
        (site_dir / OUTPUT_SUBDIR / name).unlink(missing_ok=True)


def start_index(site_dir: Path) -> subprocess.Popen[bytes]:
    """Index in the background (preview under `mkdocs serve`: the page is served at once, the index
    follows about a second later)."""
    return subprocess.Popen(command(site_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


BODY_MARK = "data-pagefind-body"


class OverlappedIndex:
    """Pagefind indexing each page while MkDocs renders the next ones (a publishing build).

    MkDocs renders on one core; `pagefind --service` (the binary the command line runs, in its service
    mode) parses and indexes a page in its own process as soon as the page is rendered, and writes the
    index once the build is done. On a 2-core machine that hides most of Pagefind's 3.5 s at full scale
    (issue 15: the build's wall time against the blog + rss peer). The service's protocol is spoken here
    directly: the package's asyncio client reads one response per 0.1 s (2,600 pages took 260 s).
    Output as `index_site`: only pages with `data-pagefind-body`, a previous index removed, Pagefind's
    unused interfaces deleted; a failure is a `SearchIndexError`. Nothing is written before `finish`,
    so a failed build leaves no index of its pages.
    """

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Suchindex: das Programm von Pagefind fehlt; „./dev build“ installiert es neu")
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the service, closed by its owner
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._errors)
        self._replies: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._ended = False
        self._next_id = 0
        self._added: list[int] = []
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()
        reply = self._wait(self._send({"type": "NewIndex", "config": {"force_language": LANGUAGE}}))
        self._index_id: int | None = int(reply["index_id"])

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        frame = json.dumps({"message_id": self._next_id, "payload": payload}).encode()
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(frame) + b",")  # the service reads up to each comma
            self._process.stdin.flush()
        except OSError as exc:
            raise self._failure(f"nicht erreichbar ({exc})") from None
        return self._next_id

    def _read(self) -> None:
        assert self._process.stdout is not None
        buffer = b""
        while chunk := os.read(self._process.stdout.fileno(), 1 << 16):
            buffer += chunk
            *frames, buffer = buffer.split(b",")
            for frame in frames:
                reply = json.loads(base64.b64decode(frame))
                with self._arrived:
                    self._replies[int(reply.get("message_id") or 0)] = reply["payload"]
                    self._arrived.notify_all()
        with self._arrived:
            self._ended = True
            self._arrived.notify_all()

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._replies or 0 in self._replies or self._ended)
            reply = self._replies.pop(message_id, None) or self._replies.get(0)
        if reply is None:
            raise self._failure("unerwartet beendet")
        if reply.get("type") == "Error":
            raise self._failure(str(reply.get("message")))
        return reply

    def _failure(self, what: str) -> SearchIndexError:
        self._close()
        self._errors.seek(0)
        detail = self._errors.read().decode(errors="replace").strip()[-2000:]
        return SearchIndexError(f"Suchindex: Pagefind ist gescheitert ({self.site_dir}): {what} {detail}".strip())

    def add(self, dest_uri: str, html: str) -> None:
        """Queue one rendered page (its path in the site, e.g. `aktuelles/x/index.html`)."""
        if self._index_id is None or BODY_MARK not in html:
            return
        self._added.append(self._send({"type": "AddFile", "index_id": self._index_id, "file_path": dest_uri,
                                       "url": None, "file_contents": html}))

    def finish(self) -> None:
        """Wait for the queued pages and write the index into `site_dir/pagefind/`."""
        index_id, self._index_id = self._index_id, None
        if index_id is None:
            raise SearchIndexError("Suchindex: schon geschrieben oder abgebrochen")
        for message_id in self._added:
            self._wait(message_id)
        shutil.rmtree(self.site_dir / OUTPUT_SUBDIR, ignore_errors=True)
        self._wait(self._send({"type": "WriteFiles", "index_id": index_id,
                               "output_path": str(self.site_dir / OUTPUT_SUBDIR)}))
        self._close()
        self._errors.close()
        if not (self.site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
            raise SearchIndexError(f"Suchindex: Pagefind hat kein pagefind.js geschrieben ({self.site_dir})")
        _drop_unused(self.site_dir)

    def cancel(self) -> None:
        """Stop without writing anything (the build failed)."""
        self._index_id = None
        self._close()
        self._errors.close()

    def _close(self) -> None:
        if self._process.poll() is None:
            if self._process.stdin is not None:
                with contextlib.suppress(OSError):
                    self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=10)
