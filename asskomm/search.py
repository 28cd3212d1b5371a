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

import re
import shutil
import subprocess
import sys
from pathlib import Path

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
    for name in UNUSED:
        (site_dir / OUTPUT_SUBDIR / name).unlink(missing_ok=True)


def start_index(site_dir: Path) -> subprocess.Popen[bytes]:
    """Index in the background (preview under `mkdocs serve`: the page is served at once, the index
    follows about a second later)."""
    return subprocess.Popen(command(site_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
