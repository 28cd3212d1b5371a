"""One build of the site: the facade the MkDocs hooks call.

It owns no MkDocs objects; it hands out (source URI, Markdown) pages, (path, bytes) feeds and
(path, file) assets, and expands markers in hand-written pages. A new `SiteBuild` is made for every
build, so nothing carries over between rebuilds under `mkdocs serve`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from . import routes
from .corpus import PUBLISHED_FILE, Corpus, ParseCache, Release, load_corpus
from .published import too_many_message
from .messages import suggest
from .problems import Problem, Problems
from .redirects import Redirect
from .routes import theme_links
from .redirects import render as render_redirect
from .dates import BERLIN, parse_berlin_datetime
from . import eventpages
from .events import Event as CalendarEvent
from .feeds import build_feed, feed_title
from .fingerprint import Scratch
from .markers import MarkerError, expand
from .markup import anchor_ids, toc_tokens
from .placeholders import highlight
from .pages import COMPILED_TEMPLATES, Page, RenderCache, Renderer
from .problems import InputError
from .reference import CREDIT_LINE
from .siteview import SiteView
from .text import euro

# Everything the MkDocs hook uses comes through this facade.
__all__ = ["COMPILED_TEMPLATES", "CREDIT_LINE", "ROBOTS_DISALLOW", "InputError", "MarkerError", "Page", "ParseCache",
           "RenderCache", "SiteBuild", "anchor_ids", "clock", "draft_requested", "highlight", "preview_requested", "theme_links", "toc_tokens"]

# A resource the browser would fetch from another server: a Markdown image, or a tag that loads one.
_THIRD_PARTY = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<md>(?:https?:)?//[^)\s>]+)"
                          r"|<(?:img|script|iframe|link|source|video|audio|embed|object|track)\b[^>]*?"
                          r"\b(?:src|href|data|srcset|poster)\s*=\s*[\"']?(?P<tag>(?:https?:)?//[^\"'\s>]+)", re.I)
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
EMPTY_SITEMAP = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
NOW_ENV = "ASSKOMM_NOW"  # ISO date-time, for reproducing a build "as of" a moment
PREVIEW_ENV = "ASSKOMM_PREVIEW"  # "1": show drafts and embargoed releases, marked (local only)
DRAFT_ENV = "ASSKOMM_ENTWURF"  # "1": staging site (`asskomm build --entwurf`): banner, noindex, robots.txt disallow
ROBOTS_DISALLOW = "# Entwurf – nicht veröffentlichen\nUser-agent: *\nDisallow: /\n"
# Newest releases per feed. Readers poll the whole file again and again; a feed of every release grew
# with the archive (2,000 releases: 10 MB per feed, 47 MB for all 28) and is what the archive pages
# are for (issue 7: no page lists every release).
FEED_ITEMS = 50
FEED_NAMES = {"rss": "RSS", "atom": "Atom"}


def clock(environ: dict[str, str] | None = None) -> datetime:
    value = (environ if environ is not None else os.environ).get(NOW_ENV)
    return parse_berlin_datetime(value) if value else datetime.now(BERLIN)


def draft_requested(environ: dict[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get(DRAFT_ENV, "") == "1"


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
    render_cache: RenderCache | None = None  # likewise
    corpus: Corpus = field(init=False)
    view: SiteView = field(init=False)
    renderer: Renderer = field(init=False)
    _pages: list[Page] | None = field(init=False, default=None)
    _docs: tuple[dict[str, str], list[Problem]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.corpus = load_corpus(self.root, cache=self.parse_cache)
        self.view = SiteView(self.corpus, self.now, self.site_url, preview=self.preview)
        self.renderer = Renderer(self.view, self.render_cache)

    def pages(self) -> list[Page]:
        # Rendered once per build: the check and the MkDocs file list both need them.
        if self._pages is None:
            self._pages = self.renderer.all_pages()
        return self._pages

    def feeds(self) -> dict[str, bytes]:
        """Feed files by output path: RSS and Atom for the site and for each Kreis."""
        out: dict[str, bytes] = {}
        content = Scratch[dict[str, str]]({})  # one Markdown conversion per release for all feeds of this build
        scopes: list[tuple[str | None, str, list[Release], str]] = [(None, routes.feed_folder(), self.view.releases, routes.NEWS)]
        scopes += [(d.label, routes.feed_folder(d.slug), self.view.releases_for_district(d), d.url)
                   for d in self.view.districts]
        for label, base, releases, html in scopes:
            subtitle = ("Pressemitteilungen der Allianz Sichere Sächsische Kommunen"
                        + (f" mit Bezug zum {label}" if label else ""))
            items = releases[:FEED_ITEMS]
            for fmt, name in routes.FEED_FILES.items():
                # Under `mkdocs serve`, a feed whose items did not change is taken from the last build.
                out[base + name] = self.renderer.computed(
                    _feed, items, fmt=fmt, site_url=self.site_url, feed_path=base + name,
                    title=feed_title(label), subtitle=subtitle, html_path=html, content_cache=content)
            # Material's JavaScript takes every <link rel="alternate"> for a language version and fetches
            # sitemap.xml beside it; an empty one there avoids a 404 on every page view.
            out[base + "sitemap.xml"] = EMPTY_SITEMAP
        return out

    def event_files(self) -> dict[str, bytes]:
        """Calendars, the events feed and the events' open data (issue 16), with an empty sitemap beside
        each alternate link. Apart from `feeds()`: what is upcoming depends on the clock."""
        ev = self.view.events
        out = dict(self.renderer.computed(eventpages.calendars, ev.public, ev.calendar_events(), self.view.districts, self.site_url))
        out.update(eventpages.downloads(ev))  # daten/veranstaltungen.json and .csv
        for fmt, path in routes.EVENT_FEEDS.items():
            out[path] = self.renderer.computed(eventpages.event_feed, ev.public, fmt=fmt, site_url=self.site_url)
        for folder in (routes.EVENTS, routes.DATEN):
            out[folder + "sitemap.xml"] = EMPTY_SITEMAP
        return out

    def redirects(self) -> list[Redirect]:
        """Old CMS addresses of public releases and of the pages in data/weiterleitungen.yml."""
        out = [Redirect(old, routes.release_source(r.slug), r.meta.title) for r in self.view.releases for old in r.meta.old_urls
               if r.is_public(self.now)]
        pages = {p.src_uri: p for p in self.pages()}
        out += [Redirect(old, target, pages[target].title if target in pages else "Neue Seite")
                for old, target in self.corpus.redirects.items()]
        return sorted(out, key=lambda r: r.old)

    def redirect_files(self) -> dict[str, str]:
        return {r.old: render_redirect(r, self.site_url) for r in self.redirects()}

    def assets(self) -> dict[str, Path]:
        """Release images, published under `aktuelles/` with the path they have below `news/`;
        event images likewise under `veranstaltungen/`."""
        return {**{routes.release_asset(r.meta.image.src): r.path.parent / r.meta.image.src
                   for r in self.view.releases if r.meta.image},
                **{routes.event_asset(e.meta.image.src): e.path.parent / e.meta.image.src
                   for e in self.view.events.shown if e.meta.image}}

    def downloads(self) -> dict[str, bytes]:
        """Open data files under `daten/` (see `opendata`), from the same view as the pages."""
        return self.renderer.downloads()

    @cached_property
    def _page_of_source(self) -> dict[str, Page]:
        return {p.src_uri: p for p in self.pages()}

    def feed_links(self, src_uri: str | None = None) -> list[FeedLink]:
        """`<link rel="alternate">` targets for the page at `src_uri` (None: any page): the site
        feeds, plus the Kreis feeds of a generated page that belongs to a Kreis."""
        page = self._page_of_source.get(src_uri) if src_uri else None
        district = self.corpus.reference.district_by_slug(page.district) if page and page.district else None
        scopes = [(None, None)] + ([(district.slug, district.label)] if district else [])
        links = [FeedLink(routes.feed(fmt, scope), routes.FEED_TYPES[fmt], f"{feed_title(label)} ({FEED_NAMES[fmt]})")
                 for scope, label in scopes for fmt in routes.FEED_FILES]
        # Events (issue 16): the site calendar on every page, the Kreis calendar on Kreis pages and
        # profiles, the announcements feed on the events pages.
        links.append(FeedLink(eventpages.SITE_CALENDAR, "text/calendar", eventpages.CALENDAR_NAME + " (Kalender)"))
        if district:
            links.append(FeedLink(eventpages.district_calendar(district), "text/calendar",
                                  f"{eventpages.CALENDAR_NAME}: {district.label} (Kalender)"))
        if page and page.kind in ("events", "event"):
            links += [FeedLink(routes.EVENT_FEEDS[fmt], routes.FEED_TYPES[fmt], f"{eventpages.CALENDAR_NAME} ({FEED_NAMES[fmt]})")
                      for fmt in routes.FEED_FILES]
        return links

    def check(self, docs_dir: Path) -> Problems:
        """Problems only visible once pages exist: links in releases, markers in hand-written pages."""
        problems = Problems(self.root)
        known = {p.src_uri for p in self.pages()} | {
            p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")} | set(self.assets())
        texts: list[Release | CalendarEvent] = [*self.corpus.releases, *self.corpus.events]
        for r in texts:
            for m in _MD_LINK.finditer(r.body):
                target = m["target"].split("#", 1)[0]
                if not target or urlsplit(target).scheme or target.startswith(("#", "mailto:")):
                    continue
                line = r.body_line + r.body.count("\n", 0, m.start())
                if target.startswith("/") or not target.endswith(".md"):
                    problems.add(r.path, line, "Text", f"Link „{m['target']}“: Seiten der Website als Datei verlinken, "
                                 "relativ zu news/, z. B. (../kommunen/oelsnitz-erzgeb.md)")
                    continue
                resolved = routes.source_of_link(routes.NEWS_SOURCE_DIR, target)
                if resolved not in known:
                    problems.add(r.path, line, "Text", f"Link „{m['target']}“ führt zu keiner Seite{suggest(resolved, known)}")
        published_file = self.root / PUBLISHED_FILE
        for c in self.view.comparisons:
            if c.too_many:
                scope = [k for k in self.corpus.kommunen.values() if c.figure.kreis in (None, k.district.slug)]
                problems.add(published_file, c.line, f"kennzahlen[{c.index + 1}]", too_many_message(c, scope))
        for old, target in self.corpus.redirects.items():
            if target not in known:
                problems.add(self.root / "data/weiterleitungen.yml", None, old,
                             f"Ziel „{target}“ ist keine Seite{suggest(target, known)}")
        for path in sorted(docs_dir.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            for m in _THIRD_PARTY.finditer(text):
                problems.add(path, text.count("\n", 0, m.start()) + 1, "",
                             f"„{m['md'] or m['tag']}“ wird von einem anderen Server geladen (nicht erlaubt: die Website lädt nichts "
                             "von Dritten); die Datei unter docs/ ablegen und relativ einbinden")
        problems.items.extend(self._expanded_docs(docs_dir)[1])
        return problems

    def marker_pages(self, docs_dir: Path) -> dict[str, str]:
        """Hand-written pages with markers (counters, newest releases), with the markers expanded:
        they change with the records and releases, not only when their file does."""
        return self._expanded_docs(docs_dir)[0]

    def _expanded_docs(self, docs_dir: Path) -> tuple[dict[str, str], list[Problem]]:
        if self._docs is None:
            expanded: dict[str, str] = {}
            problems: list[Problem] = []
            for path in sorted(docs_dir.rglob("*.md")):
                src = path.relative_to(docs_dir).as_posix()
                text = path.read_text(encoding="utf-8")
                try:
                    result = self.expand_markers(text, routes.url_of_source(src), f"docs/{src}")
                except MarkerError as exc:
                    problems += exc.problems
                    continue
                if result != text:
                    expanded[src] = result
            self._docs = (expanded, problems)
        return self._docs

    def expand_markers(self, markdown: str, page_url: str, source: str) -> str:
        return expand(markdown, self.renderer, page_url, source, {
            "foerdervolumen": self.funding_text,
            "naechste-veranstaltungen": lambda: self.renderer.fragment(eventpages.NextEvents(self.view, page_url))})

    def funding_text(self) -> str:
        f = self.corpus.funding
        if f is None:
            raise MarkerError("{{ foerdervolumen }} braucht die Datei data/foerderung.yml (volume_eur, year, source)")
        return f"{euro(f.volume_eur)} im Jahr {f.year} ([Quelle]({f.source}))"


def _feed(releases: list[Release], *, content_cache: Scratch[dict[str, str]], **settings: str | None) -> bytes:
    """`build_feed` with the Markdown conversions shared by the feeds of one build."""
    return build_feed(releases, content_cache=content_cache.value, **settings)  # type: ignore[arg-type]
