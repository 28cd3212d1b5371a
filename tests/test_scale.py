"""The shape of the output as releases grow (issue 7), without timing anything.

A site with N and with 3N releases, all about the same municipality: no page except the feeds, the
sitemap and the search index may grow with N (release lists are paginated, profiles show the newest
ten), the number of files grows linearly, and so does the search index (Pagefind, under pagefind/:
one fragment per page, index chunks split by size). Also: precompressed copies are deterministic.
"""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path

import brotli

from asskomm.build import FEED_ITEMS
from asskomm.precompress import gzip_bytes, precompress
from conftest import build_site, make_site, release, soup

GROWING = {"sitemap.xml", "aktuelles/rss.xml", "aktuelles/atom.xml"}


def _site(root: Path, n: int) -> Path:
    make_site(root)
    for i in range(n):
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        release(root, f"{day}-meldung-{i:04d}.md", id=str(uuid.UUID(int=i + 1, version=4)),
                title=f"Meldung {i:04d}", date=f"{day} 10:00", kommunen="[oelsnitz-erzgeb, bannewitz]",
                body="Ein Absatz Text. " * 40 + "\n")
    return build_site(root)


def _sizes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*")
            if p.is_file() and p.suffix not in (".gz", ".br") and not p.is_relative_to(site / "pagefind")}


def _index(site: Path) -> tuple[int, int, int]:
    """(fragment files, other index files, bytes) of the search index."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    fragments = sum(1 for p in files if p.parent.name == "fragment")
    return fragments, len(files) - fragments, sum(p.stat().st_size for p in files)


def test_no_page_grows_with_the_number_of_releases(tmp_path: Path) -> None:
    n = 40
    small_site, large_site = _site(tmp_path / "n", n), _site(tmp_path / "3n", 3 * n)
    small, large = _sizes(small_site), _sizes(large_site)

    def fixed(sizes: dict[str, int]) -> dict[str, int]:
        return {k: v for k, v in sizes.items() if k not in GROWING and not k.endswith((".xml", ".gz", ".br"))}

    biggest_small = max(v for k, v in fixed(small).items() if k.endswith(".html"))
    biggest_large = max(v for k, v in fixed(large).items() if k.endswith(".html"))
    assert biggest_large <= biggest_small * 1.05, (biggest_small, biggest_large)
    # Every page present in both builds keeps its size within 5 % (a count may gain a digit, a pagination bar fills up to its fixed width).
    # (A listing's last page may be partly filled, so listing pages are held to the fullest one.)
    for name, size in fixed(small).items():
        if name.endswith(".html") and name in large and "/seite/" not in name:
            assert large[name] <= size * 1.05 + 400, (name, size, large[name])
    fullest = max(v for k, v in small.items() if "/seite/" in k)
    for name, size in large.items():
        if "/seite/" in name and not name.endswith((".gz", ".br")):
            assert size <= fullest * 1.05 + 400, (name, fullest, size)
    # A pagination bar has a fixed width (first, last, two either side, gaps, prev/next), so listing
    # pages stay constant however many pages there are.
    for listing in (tmp_path / "3n/site/aktuelles").rglob("seite/*/index.html"):
        assert len(soup(listing).select(".asskomm-pagination li")) <= 11, listing
    # Feeds carry the newest FEED_ITEMS releases, not the whole archive.
    assert (tmp_path / "3n/site/aktuelles/rss.xml").read_text(encoding="utf-8").count("<item>") == FEED_ITEMS
    # Files grow linearly: 2N more releases add about 2N release pages plus their listing pages.
    added = len(large) - len(small)
    assert 2 * n <= added <= 2 * n * 1.5, added
    # The search index: one fragment per release page more, a few more chunks, bytes at most x3.
    (frag_small, rest_small, bytes_small), (frag_large, rest_large, bytes_large) = _index(small_site), _index(large_site)
    assert frag_large - frag_small == 2 * n, (frag_small, frag_large)
    assert rest_large <= rest_small + 2 * n * 0.1 and bytes_large <= 3 * bytes_small, (rest_small, rest_large, bytes_small, bytes_large)


def test_precompressed_copies_are_deterministic(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>Hallo</p>" * 100, encoding="utf-8")
    (site / "bild.png").write_bytes(b"\x89PNG" + bytes(1000))
    (site / "klein.css").write_text("a{}", encoding="utf-8")
    (site / "gross.js").write_text("function f(){return 1}\n" * 50, encoding="utf-8")
    files, _, _, _ = precompress(site)
    first = (site / "a" / "index.html.gz").read_bytes()
    first_br = (site / "a" / "index.html.br").read_bytes()
    assert files == 2 and not (site / "bild.png.gz").exists() and not (site / "klein.css.gz").exists()
    assert not (site / "bild.png.br").exists() and not (site / "klein.css.br").exists()
    assert gzip.decompress(first) == brotli.decompress(first_br) == (site / "a" / "index.html").read_bytes()
    assert brotli.decompress((site / "gross.js.br").read_bytes()) == (site / "gross.js").read_bytes()
    assert first == gzip_bytes((site / "a" / "index.html").read_bytes())  # no time stamp, no name
    precompress(site)
    assert (site / "a" / "index.html.br").read_bytes() == first_br  # the same input, the same bytes
    (site / "a" / "index.html").unlink()
    precompress(site)
    assert not (site / "a" / "index.html.gz").exists()  # a stale copy never outlives its original
    assert not (site / "a" / "index.html.br").exists()


def test_publishing_build_writes_gz_and_br_next_to_pages(tmp_path, monkeypatch) -> None:
    from asskomm import cli
    from conftest import make_site

    root = make_site(tmp_path / "src")
    monkeypatch.setenv("ASSKOMM_NOW", "2026-11-25 12:00")
    out = tmp_path / "public"
    assert cli.atomic_build(root, out, []) == 0
    assert gzip.decompress((out / "index.html.gz").read_bytes()) == (out / "index.html").read_bytes()
    assert brotli.decompress((out / "index.html.br").read_bytes()) == (out / "index.html").read_bytes()
    assert (out / "pagefind" / "pagefind.js.gz").is_file() and (out / "pagefind" / "pagefind.js.br").is_file()
    assert (out / "aktuelles" / "rss.xml.gz").is_file()


