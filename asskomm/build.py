"""One build of the site: the facade the MkDocs hooks call.

It owns no MkDocs objects; it hands out (source URI, Markdown) pages, (path, bytes) feeds and
(path, file) assets, and expands markers in hand-written pages. A new `SiteBuild` is made for every
build, so nothing carries over between rebuilds under `mkdocs serve`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .corpus import Corpus, ParseCache, load_corpus
from .dates import BERLIN, parse_berlin_datetime
from .feeds import build_feed, feed_title
from .markers import MarkerError, expand
from .pages import Page, Renderer
from .siteview import SiteView
from .text import euro

NOW_ENV = "ASSKOMM_NOW"  # ISO date-time, for reproducing a build "as of" a moment
PREVIEW_ENV = "ASSKOMM_PREVIEW"
# Newest releases per feed. Readers poll the whole file again and again; a feed of every release grew
# with the archive (2,000 releases: 10 MB per feed, 47 MB for all 28) and is what the archive pages
# are for (issue 7: no page lists every release).
FEED_ITEMS = 50  # "1": show drafts and embargoed releases, marked (local only)


def clock(environ: dict[str, str] | None = None) -> datetime:
    value = (environ if environ is not None else os.environ).get(NOW_ENV)
    return parse_berlin_datetime(value) if value else datetime.now(BERLIN)


def preview_requested(environ: dict[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get(PREVIEW_ENV, "") == "1"


@dataclass(frozen=True)
class FeedLink:
    href: str  # site-relative
    type: str
    title: str


@dataclass
class SiteBuild:
    root: Path
    site_url: str
    now: datetime
    preview: bool = False
    parse_cache: ParseCache | None = None  # kept across rebuilds by `mkdocs serve` only
    corpus: Corpus = field(init=False)
    view: SiteView = field(init=False)
    renderer: Renderer = field(init=False)

    def __post_init__(self) -> None:
        self.corpus = load_corpus(self.root, cache=self.parse_cache)
        self.view = SiteView(self.corpus, self.now, self.site_url, preview=self.preview)
        self.renderer = Renderer(self.view)

    def pages(self) -> list[Page]:
        return self.renderer.all_pages()

    def feeds(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        content: dict[str, str] = {}  # one Markdown conversion per release for all feeds of this build
        scopes = [(None, "aktuelles/", self.view.releases, "aktuelles/")]
        scopes += [(d.label, f"kreise/{d.slug}/", self.view.releases_for_district(d), f"kreise/{d.slug}/")
                   for d in self.view.districts]
        for label, base, releases, html in scopes:
            subtitle = ("Pressemitteilungen der Allianz Sichere Sächsische Kommunen"
                        + (f" mit Bezug zum {label}" if label else ""))
            for fmt, name in (("rss", "rss.xml"), ("atom", "atom.xml")):
                out[base + name] = build_feed(releases[:FEED_ITEMS], fmt=fmt, site_url=self.site_url, feed_path=base + name,
                                              title=feed_title(label), subtitle=subtitle, html_path=html,
                                              content_cache=content)
        return out

    def assets(self) -> dict[str, Path]:
        """Release images, published under `aktuelles/` with the path they have below `news/`."""
        return {f"aktuelles/{r.meta.image.src}": r.path.parent / r.meta.image.src
                for r in self.view.releases if r.meta.image}

    def feed_links(self, page_meta: dict[str, object]) -> list[FeedLink]:
        """`<link rel="alternate">` targets for a page: the site feeds, plus its Kreis feeds."""
        links = [FeedLink("aktuelles/rss.xml", "application/rss+xml", feed_title(None) + " (RSS)"),
                 FeedLink("aktuelles/atom.xml", "application/atom+xml", feed_title(None) + " (Atom)")]
        slug = page_meta.get("asskomm_district")
        district = self.corpus.reference.district_by_slug(str(slug)) if slug else None
        if district:
            links += [FeedLink(f"kreise/{district.slug}/rss.xml", "application/rss+xml", feed_title(district.label) + " (RSS)"),
                      FeedLink(f"kreise/{district.slug}/atom.xml", "application/atom+xml", feed_title(district.label) + " (Atom)")]
        return links

    def expand_markers(self, markdown: str, page_url: str, source: str) -> str:
        return expand(markdown, self.renderer, page_url, source, {"foerdervolumen": self.funding_text})

    def funding_text(self) -> str:
        f = self.corpus.funding
        if f is None:
            raise MarkerError("{{ foerdervolumen }} braucht die Datei data/foerderung.yml (volume_eur, year, source)")
        return f"{euro(f.volume_eur)} im Jahr {f.year} ([Quelle]({f.source}))"
