"""Transfer size of one built page: gzip of its HTML plus the CSS, JavaScript and icons it loads.

Run:  PYTHONPATH=. python scripts/measure_page_weight.py [SITE_DIR] [PAGE]
      (defaults: build the site into a temporary folder; page standorte/index.html)

Counted: the HTML; every `<link rel=stylesheet>`, `<link rel=icon>` and `<script src>` that points into
the site (anything pointing elsewhere is listed as external; there should be none). Each file is
compressed with gzip level 6, which is what a web server typically sends. Reported separately: the
search worker and the search index, which Material fetches when the search starts and which grow with
the whole site rather than with this page.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 300 * 1024


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon"} & set(rel)):
            self.refs.append(a["href"] or "")
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"] or "")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(site: Path, page: str = "standorte/index.html") -> dict[str, object]:
    """{'files': [(path, raw, gzip)], 'external': [...], 'total_raw', 'total_gzip', 'search': [(path, raw, gzip)]}."""
    html = (site / page).read_bytes()
    parser = _Refs()
    parser.feed(html.decode("utf-8"))
    base = "/" + page
    files = [(page, len(html), gz(html))]
    external = []
    for ref in dict.fromkeys(parser.refs):
        if urlsplit(ref).scheme or ref.startswith("//"):
            external.append(ref)
            continue
        path = urlsplit(urljoin(base, ref)).path.lstrip("/")
        data = (site / path).read_bytes()
        files.append((path, len(data), gz(data)))
    search = []
    for path in [*sorted(site.glob("assets/javascripts/workers/search.*.js")), site / "search/search_index.json"]:
        if path.is_file():
            data = path.read_bytes()
            search.append((path.relative_to(site).as_posix(), len(data), gz(data)))
    return {"files": files, "external": external, "total_raw": sum(f[1] for f in files),
            "total_gzip": sum(f[2] for f in files), "search": search}


def main(argv: list[str]) -> int:
    page = argv[2] if len(argv) > 2 else "standorte/index.html"
    if len(argv) > 1:
        site = Path(argv[1])
    else:
        site = Path(tempfile.mkdtemp()) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    w = page_weight(site, page)
    for path, raw, packed in w["files"]:  # type: ignore[union-attr]
        print(f"{path:<60} raw {raw:>9,} B   gzip {packed:>8,} B")
    print(f"{'total (HTML + CSS + JS + icon)':<60} raw {w['total_raw']:>9,} B   gzip {w['total_gzip']:>8,} B"
          f"   limit {LIMIT:,} B: {'ok' if w['total_gzip'] <= LIMIT else 'OVER'}")  # type: ignore[operator]
    for path, raw, packed in w["search"]:  # type: ignore[union-attr]
        print(f"  on first search: {path:<43} raw {raw:>9,} B   gzip {packed:>8,} B")
    if w["external"]:
        print("EXTERNAL:", *w["external"], sep="\n  ")
        return 1
    return 0 if w["total_gzip"] <= LIMIT else 1  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
