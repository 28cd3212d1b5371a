"""Render the generated pages (profiles, districts, police directorates, news) as HTML.

Each function returns `Page`s: a source URI as MkDocs would see it in `docs/`, and front matter
followed by the page's HTML, which MkDocs takes as it is (no Markdown conversion, see `markup`).
Data from YAML is always HTML-escaped by the templates (Jinja autoescape); only release bodies are
Markdown, checked for raw HTML when loading and converted by `markup.BodyConverter`.
"""

from __future__ import annotations

import hashlib
from datetime import date
import html
from importlib.resources import files
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import opendata, routes, standorte
from .chart import render_growth_chart, render_growth_table
from .corpus import Kommune, Release
from .reference import District, PoliceDirectorate
from .counters import COUNTER_BY_KEY, STAGE_LABELS, TABLE_COUNTERS
from .reference import CREDIT_LINE
from .svgmap import render_state_map_block
from .templatecache import CompiledTemplates
from .markup import anchor, release_body, unique_anchor
from .namesearch import search_aliases
from .urls import relative_url
from .dates import BERLIN
from .siteview import SiteView
from .text import german_date, short_date, thousands
from .vocabulary import CATEGORIES, FIELDS_OF_ACTION, GROUP_KINDS, MILESTONES

PER_PAGE = 10
LATEST_ON_HOME = 5
T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """A generated page as MkDocs takes it: source path, HTML, and `page.meta` set directly (no
    front matter written and parsed again)."""

    src_uri: str  # e.g. "kommunen/oelsnitz-erzgeb.md"
    content: str  # HTML
    # What the template declared with `meta(...)`: title, description, search settings, asskomm_* keys
    # for the theme. Text is HTML-escaped, because MkDocs and Material print `page.title` and
    # `page.meta.description` into attributes and elements without escaping.
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    district: str | None = None  # slug of the Kreis whose feeds the page links (profiles, Kreis pages)

    @property
    def title(self) -> str:
        return html.unescape(str(self.meta.get("title", "")))

    @property
    def url(self) -> str:
        """Directory-style URL (`use_directory_urls: true`)."""
        return routes.url_of_source(self.src_uri)


def page_window(number: int, last: int, around: int = 2) -> list[int | None]:
    """Page numbers a pagination bar links to: first, last and `around` either side of `number`;
    None marks a gap. Constant size, so listing pages do not grow with the number of pages (a bar
    with every page made 2,000 releases cost 200 x 200 links, issue 7).
    """
    keep = sorted({1, last} | set(range(max(1, number - around), min(last, number + around) + 1)))
    out: list[int | None] = []
    for i in keep:
        if out and out[-1] is not None and i - out[-1] > 1:
            out.append(None)
        out.append(i)
    return out


# Compiled templates for the life of the process: a rebuild under `mkdocs serve` (a new Renderer each
# time) does not compile them again (issue 7 profile: compiling was 0.5 s of every build).
COMPILED_TEMPLATES = CompiledTemplates()


class RenderCache:
    """Pages (and feeds) of the previous build, by everything they were rendered from. Kept across
    rebuilds by `mkdocs serve` only: after an edit of one release, the other 2,000 release pages,
    the listings and profiles it does not appear in, and the pages derived from the records alone
    are not rendered again (issue 7: preview latency). Only entries the last build used are kept,
    so it never grows beyond one build."""

    def __init__(self) -> None:
        self.previous: dict[tuple[Any, ...], Any] = {}
        self.current: dict[tuple[Any, ...], Any] = {}
        self.salt = ""

    def clear(self) -> None:
        self.previous, self.current = {}, {}

    def begin(self, salt: str) -> None:
        """A new build; `salt` changes when a template does, which makes every entry stale."""
        self.previous, self.current, self.salt = self.current, {}, salt

    def get(self, key: tuple[Any, ...], render: Callable[[], T]) -> T:
        key = (self.salt, *key)
        if key in self.current:
            hit: T = self.current[key]
            return hit
        value: T = self.previous[key] if key in self.previous else render()
        self.current[key] = value
        return value


def _templates_digest() -> str:
    folder = files("asskomm") / "templates"
    digest = hashlib.sha256()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


def _kommune_context(k: Kommune) -> dict[str, Any]:
    return dict(k=k, locator=Markup(standorte.locator_for_kommune(k)), aliases=search_aliases(k.name))


def _milestone_index_context(view: SiteView, kind: str) -> dict[str, Any]:
    return dict(kommunen=[k for k in view.kommunen if k.first(kind, view.today)], filter_label=MILESTONES[kind])


def _district_context(view: SiteView, d: District, latest: list[Release]) -> dict[str, Any]:
    return dict(d=d, kommunen=view.kommunen_in_district(d), releases=latest, locator=Markup(standorte.locator_for_district(d)))


def _police_context(view: SiteView, p: PoliceDirectorate) -> dict[str, Any]:
    return dict(p=p, kommunen=view.kommunen_in_police(p), locator=Markup(standorte.locator_for_police(view, p.slug, p.label)))


class Renderer:
    def __init__(self, view: SiteView, cache: RenderCache | None = None):
        self.view = view
        self.cache = cache
        self._downloads: dict[str, bytes] | None = None
        if cache is not None:
            cache.begin(_templates_digest())
        self.env = Environment(
            loader=PackageLoader("asskomm", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
            auto_reload=False,  # one Renderer per build: templates cannot change during it
        )
        self.env.bytecode_cache = COMPILED_TEMPLATES.for_env(self.env)
        from .eventpages import install  # noqa: PLC0415 - eventpages renders with this class (cycle)

        install(self)
        self.env.filters.update(anchor=anchor, german_date=german_date, short_date=short_date, thousands=thousands)
        self.env.globals.update(
            view=view, MILESTONES=MILESTONES, FIELDS_OF_ACTION=FIELDS_OF_ACTION, CATEGORIES=CATEGORIES,
            GROUP_KINDS=GROUP_KINDS, PER_PAGE=PER_PAGE, STAGE_LABELS=STAGE_LABELS, TABLE_COUNTERS=TABLE_COUNTERS, BERLIN=BERLIN,
            release_body=lambda r: release_body(r.body, r.url), unique_anchor=unique_anchor, routes=routes,
        )

    def cached(self, key: tuple[Any, ...], template: str, src_uri: str, context: Callable[[], dict[str, Any]],
               of_district: str | None = None) -> Page:
        """`render`, unless the cache holds the page rendered from the same `key`, which must name
        everything the template reads besides constants. `context` is called only to render (some
        context, like a locator map, costs more to compute than the key)."""
        return self.memo((template, src_uri, *key), lambda: self.render(template, src_uri, of_district, **context()))

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`, or its value from the previous build for the same `key` (under `mkdocs serve`)."""
        return compute() if self.cache is None else self.cache.get(key, compute)

    @cached_property
    def records_key(self) -> tuple[Any, ...]:
        """Everything a page derived from the records reads: records, groups, the day (milestones
        and counters as of it) and the preview flag."""
        return (self.view.corpus.records_digest, self.view.today, self.view.preview)

    @cached_property
    def release_keys(self) -> dict[str, tuple[Any, ...]]:
        """What each release shows of itself in lists (title, date, category, summary, status, the
        municipalities named), by slug; only computed with a cache (10 ms for 2,000 releases)."""
        return {r.slug: (r.slug, r.meta.model_dump_json(), self.view.status_note(r),
                         tuple((k.name, k.url) for k in self.view.kommunen_of(r)))
                for r in self.view.releases}

    def releases_key(self, releases: list[Release], body: bool = False) -> tuple[Any, ...]:
        """The cache key part for pages and feeds showing `releases`; `body` where they show the text."""
        if self.cache is None:
            return ()
        return tuple(self.release_keys[r.slug] + ((r.body,) if body else ()) for r in releases)

    def render(self, template: str, src_uri: str, of_district: str | None = None, **context: Any) -> Page:
        url = routes.url_of_source(src_uri)
        declared: dict[str, Any] = {}

        def meta(**values: Any) -> str:
            """`{{ meta(title=…, description=…) }}` in a template: the page's `page.meta`."""
            declared.update({k: str(Markup.escape(v)) if isinstance(v, str) else v for k, v in values.items() if v is not None})
            return ""

        html = self.env.get_template(template).render(
            page_url=url, link=lambda target: relative_url(url, target), meta=meta, **context
        )
        # The template's first line is its `meta(...)` call: the page starts after it (as it did
        # when the meta were front matter, which MkDocs cut off with the blank lines after it).
        return Page(src_uri, html.lstrip("\n") if declared else html, declared, of_district)

    def fragment(self, template: str, page_url: str, **context: Any) -> str:
        """A piece of HTML for a marker in a hand-written page (a raw HTML block to Markdown)."""
        return self.env.get_template(template).render(
            page_url=page_url, link=lambda target: relative_url(page_url, target), **context
        )

    # --- municipalities, districts, police directorates -------------------------------------------

    def kommune_pages(self) -> Iterator[Page]:
        view, records = self.view, self.records_key
        for k in view.kommunen:
            about = view.releases_for(k)
            yield self.cached((records, len(about), self.releases_key(about[:PER_PAGE]), view.events.key(view.events.for_kommune(k))), "kommune.html", routes.kommune_source(k.slug),
                              partial(_kommune_context, k), of_district=k.district.slug)
        yield self.cached((records,), "kommunen_index.html", routes.index_source(routes.KOMMUNEN),
                          lambda: dict(kommunen=view.kommunen, filter_label=None))
        for kind in MILESTONES:
            yield self.cached((records,), "kommunen_index.html", routes.milestone_source(kind),
                              partial(_milestone_index_context, view, kind))

    def district_pages(self) -> Iterator[Page]:
        view, records = self.view, self.records_key
        yield self.cached((records,), "kreise_index.html", routes.index_source(routes.KREISE), dict)
        for d in view.districts:
            latest = view.releases_for_district(d)[:LATEST_ON_HOME]
            yield self.cached((records, self.releases_key(latest), view.events.key(view.events.for_district(d))), "kreis.html", routes.district_source(d.slug),
                              partial(_district_context, view, d, latest), of_district=d.slug)
        yield self.cached((records,), "polizei_index.html", routes.index_source(routes.POLIZEI), dict)
        for p in view.police:
            yield self.cached((records, view.events.key(view.events.for_police(p))), "polizei.html", routes.police_source(p.slug),
                              partial(_police_context, view, p))

    # --- map, A–Z list, figures, open data ------------------------------------------------------

    def map_page(self) -> Page:
        view = self.view
        url = routes.STANDORTE
        labels = {k.ref.ags: f"{k.name}: {STAGE_LABELS[s]}" for k in view.kommunen if (s := view.stage(k))}
        counts = standorte.layer_counts(view)
        stand = short_date(view.today)
        block = render_state_map_block(
            standorte.statuses(view),
            {k.ref.ags: relative_url(url, k.url) for k in view.kommunen},
            labels,
            standorte.layer_sets(view),
            "ASSKomm-Kommunen in Sachsen",
            toggles_title=f"Ebenen einblenden (Anzahl der Kommunen, Stand {stand}):",
            after_toggles=('<p class="asskomm-map__kpr-note">Die Kontakte der Kommunalen Präventionsräte stehen in der '
                           '<a href="#tabelle">Tabelle zur Karte</a> (Spalte KPR) und auf der Seite jeder Kommune.</p>'),
        )
        return self.render("standorte.html", routes.index_source(routes.STANDORTE), block=Markup(block), counts=counts,
                           MAP_LAYERS=standorte.MAP_LAYERS, CREDIT_LINE=CREDIT_LINE)

    def gemeinden_page(self) -> Page:
        entries = standorte.gemeinden(self.view)
        letters: dict[str, list[standorte.GemeindeEntry]] = {}
        for e in entries:
            letters.setdefault(standorte.initial(e.ref.name), []).append(e)
        return self.render("gemeinden.html", routes.index_source(routes.GEMEINDEN), letters=letters, total=len(entries), NOT_YET=standorte.NOT_YET,
                           members=sum(1 for e in entries if e.kommune))

    def zahlen_page(self) -> Page:
        # Month ends since 2019, thinned to the months where a counter moved (plus first and last):
        # a step chart draws the same lines, with a marker only where something happened.
        data = standorte.changes_only(standorte.growth(self.view))
        labels = {key: COUNTER_BY_KEY[key].label for key in data}
        published: dict[str, list[tuple[date, int]]] = {}
        for c in self.view.comparisons:
            if c.figure.kreis is None and c.figure.counter in data:
                points = published.setdefault(c.figure.counter, [])
                if all(d != c.day for d, _ in points):  # one point per day and counter
                    points.append((c.day, c.value))
        chart = render_growth_chart(data, labels, "Entwicklung der Zähler seit 2019 und veröffentlichte Zahlen des LPR",
                                    end=self.view.today, id_prefix="asskomm-wachstum", published=published)
        table = render_growth_table(data, labels,
                                    "Zähler am Monatsende (nur Monate mit Veränderung) und heute")
        comparisons = sorted(self.view.comparisons, key=lambda c: (c.figure.date.sort_key, c.figure.counter, c.figure.kreis or ""))
        districts = {d.slug: d.label for d in self.view.districts}
        return self.render("zahlen.html", routes.index_source(routes.ZAHLEN), chart=Markup(chart), table=Markup(table),
                           comparisons=comparisons, districts=districts)

    def downloads(self) -> dict[str, bytes]:
        """The open data files (computed once per build: the page lists their sizes)."""
        if self._downloads is None:
            view = self.view
            # Under `mkdocs serve`: written again only when the records or the listed releases change.
            records = self.memo(("downloads", self.records_key, view.site_url), lambda: opendata.record_downloads(view))
            rows = opendata.release_rows(view)
            releases = self.memo(("downloads", view.today, view.site_url, repr(rows)),
                                 lambda: opendata.release_downloads(view, rows))
            self._downloads = {**records, **releases}
        return self._downloads

    def daten_page(self) -> Page:
        sizes = {path: len(content) for path, content in self.downloads().items()}
        return self.cached((self.records_key, tuple(sizes.items())), "daten.html", routes.index_source(routes.DATEN),
                           lambda: dict(od=opendata, sizes=sizes, CREDIT_LINE=CREDIT_LINE))

    # --- press releases ----------------------------------------------------------------------------

    def release_pages(self) -> Iterator[Page]:
        for r in self.view.releases:
            yield self.cached(self.releases_key([r], body=True), "release.html", routes.release_source(r.slug), partial(dict, r=r))
        releases = self.view.releases
        yield from self._listing(routes.NEWS, "Pressemitteilungen", releases, intro=True)
        years = sorted({r.date.astimezone(BERLIN).year for r in releases}, reverse=True)
        counts = {y: sum(1 for r in releases if r.date.astimezone(BERLIN).year == y) for y in years}
        yield self.cached((tuple(counts.items()),), "archiv_index.html", routes.index_source(routes.ARCHIVE),
                          lambda: dict(years=years, counts=counts))
        for y in years:
            yield from self._listing(routes.archive_year(y), f"Pressemitteilungen {y}",
                                     [r for r in releases if r.date.astimezone(BERLIN).year == y])
        for key, label in CATEGORIES.items():
            yield from self._listing(routes.category(key), f"Kategorie: {label}",
                                     [r for r in releases if r.meta.category == key])
        # A profile shows its newest PER_PAGE releases; the rest are paginated here, so no profile
        # grows with the number of releases (issue 7: linear output).
        for k in self.view.kommunen:
            about = self.view.releases_for(k)
            if len(about) > PER_PAGE:
                yield from self._listing(routes.kommune_releases(k.slug), f"Pressemitteilungen: {k.name}", about)

    def _listing(self, base: str, title: str, releases: list[Release], intro: bool = False) -> Iterator[Page]:
        """Paginated lists at directory URL `base`, `PER_PAGE` a page, so no page grows with the number of releases."""
        chunks = [releases[i:i + PER_PAGE] for i in range(0, len(releases), PER_PAGE)] or [[]]
        urls = [routes.listing(base, n + 1) for n in range(len(chunks))]
        for n, chunk in enumerate(chunks):
            src = routes.listing_source(base, n + 1)
            key = (title, len(urls), intro, self.releases_key(chunk))
            yield self.cached(key, "listing.html", src,
                              partial(dict, title=title, releases=chunk, number=n + 1, urls=urls,
                                      shown=page_window(n + 1, len(urls)), intro=intro and n == 0))

    # Marker fragments, expanded twice per build (the check, then the page). Under `mkdocs serve` the
    # second expansion, and every later build while what a fragment shows is unchanged, take it
    # from the cache.

    def latest_releases(self, page_url: str) -> str:
        latest = self.view.releases[:LATEST_ON_HOME]
        return self.memo(("latest.html", page_url, self.releases_key(latest)),
                         lambda: self.fragment("latest.html", page_url, releases=latest))

    def counter_box(self, page_url: str) -> str:
        return self.memo(("counter_box.html", page_url, self.records_key),
                         lambda: self.fragment("counter_box.html", page_url, counts=self.view.counts))

    def milestone_list(self, page_url: str, kind: str) -> str:
        def render() -> str:
            members = [k for k in self.view.kommunen if k.first(kind, self.view.today)]
            return self.fragment("milestone_list.html", page_url, kommunen=members, kind=kind)
        return self.memo(("milestone_list.html", page_url, kind, self.records_key), render)

    def all_pages(self) -> list[Page]:
        return [*self.kommune_pages(), *self.district_pages(), *self.release_pages(), *self.standorte_pages()]

    def standorte_pages(self) -> list[Page]:
        # Map, A–Z list and figures are derived from the records alone: under `mkdocs serve` an edit
        # of a release renders none of them again. The data page also lists the sizes of the
        # downloads, which include the releases; it has its own key.
        from_records = (self.map_page, self.gemeinden_page, self.zahlen_page)
        return [*(self.memo((page.__name__, self.records_key), page) for page in from_records), self.daten_page()]
