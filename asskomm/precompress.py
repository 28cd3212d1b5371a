"""Precompressed copies of the built site for a static web server (`gzip_static` and `brotli_static`
in nginx, Apache's MultiViews or `mod_rewrite` rules): `page.html` gets `page.html.gz` and
`page.html.br` next to it.

Deterministic: gzip with `mtime=0` and no file name in the header, brotli has no header to vary, so
two builds of the same input give byte-identical copies. Only text formats are compressed; images
(PNG, JPEG, WebP) are compressed already.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

# Every text type the site ships (issue 17: open data as CSV and GeoJSON, calendars, manifests too).
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map", ".csv",
                           ".geojson", ".ics", ".webmanifest"})
MIN_BYTES = 256  # below this the gzip header and a round trip cost more than they save
LEVEL = 6  # level 9 took 75 % more CPU for 0.7 % fewer bytes on the full-scale site (issue 7)
# Brotli at quality 5 is as fast as gzip -6 and smaller; 11 took 60x the CPU (102 s for the full-scale
# site). Stylesheets and scripts, which every visitor loads and which do not grow with the content, get 11.
BROTLI_QUALITY = 5
BROTLI_QUALITY_ASSETS = 11
ASSET_SUFFIXES = frozenset({".css", ".js"})
# The few pages of 100 KB and more (map, A-Z list, table, numbers: 6 at full scale) get 11 as well: the
# map page then stays within the 100 KB first-view budget of issue 15 (45.1 -> 38.2 KB brotli), for
# about 2 s of CPU in all. Feeds are left at 5 (28 of them, 0.4 s each at 11).
BIG_PAGE_BYTES = 100_000
SUFFIXES = (".gz", ".br")


def gzip_bytes(data: bytes, level: int = LEVEL) -> bytes:
    """gzip without a time stamp or file name: the same input always gives the same bytes."""
    return gzip.compress(data, compresslevel=level, mtime=0)


def brotli_bytes(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    compressed: bytes = brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)
    return compressed


def precompress(site_dir: Path, level: int = LEVEL) -> tuple[int, int, int, int]:
    """Write `<file>.gz` and `<file>.br` for every text file in `site_dir`; return (files, bytes in,
    bytes of the .gz copies, bytes of the .br copies).

    A stale copy whose original is gone is removed, so the directory never serves old content.
    """
    site_dir = Path(site_dir)
    todo: list[Path] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in SUFFIXES and path.with_suffix("").suffix in TEXT_SUFFIXES:
            if not path.with_suffix("").exists():
                path.unlink()
            continue
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            todo.append(path)
    # zlib and brotli release the GIL: threads use every core for the ~3,000 pages (wall time, issue 7).
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        sizes = [s for s in pool.map(lambda p: _write_copies(p, level), todo) if s]
    return len(sizes), sum(s[0] for s in sizes), sum(s[1] for s in sizes), sum(s[2] for s in sizes)


def _write_copies(path: Path, level: int) -> tuple[int, int, int] | None:
    data = path.read_bytes()
    if len(data) < MIN_BYTES:
        return None
    packed = gzip_bytes(data, level)
    path.with_name(path.name + ".gz").write_bytes(packed)
    big_page = path.suffix == ".html" and len(data) >= BIG_PAGE_BYTES
    quality = BROTLI_QUALITY_ASSETS if path.suffix in ASSET_SUFFIXES or big_page else BROTLI_QUALITY
    squeezed = brotli_bytes(data, quality)
    path.with_name(path.name + ".br").write_bytes(squeezed)
    return len(data), len(packed), len(squeezed)
