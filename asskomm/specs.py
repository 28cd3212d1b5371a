"""Page specs: one typed object per generated page (issue 13).

A spec owns its page's route (from `routes`), its template, its title and meta as typed values
(`Meta`), and `context()`, the template's only input: templates see no `SiteView`, only what the
context gives them, plus constants and pure helpers (`pages.Renderer` globals). The render cache
keys a page by the digest of its meta and context (`fingerprint`), so what a template shows and
what its cache key covers cannot drift apart.

A page kind is a spec class and a producer registered with `@page_kind`, which yields the specs of
that kind for a build (the `Renderer`, whose `view` is the site as of now); `Renderer.all_pages` renders the producers in registration order (the
order of the files, and so of the sitemap). Adding a kind: one spec here (or in a module imported
by `build`), one template in `templates/`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from markupsafe import Markup

from . import routes, standorte
from .chart import render_growth_chart, render_growth_table
from .corpus import Kommune, Release
from .counters import COUNTER_BY_KEY, STAGE_LABELS, stage
from .dates import BERLIN
from .events import Event
from .markup import release_body
from .namesearch import search_aliases
from .published import Comparison
from .reference import District, Municipality, PoliceDirectorate
from .fingerprint import Lazy, Text
from .siteview import SiteView, published_ordinal
from .svgmap import render_state_map_block
from .text import short_date
from .urls import relative_url
from .vocabulary import CATEGORIES, MILESTONES

if TYPE_CHECKING:
    from .pages import Renderer

PER_PAGE = 10
LATEST_ON_HOME = 5


@dataclass(frozen=True)
class Meta:
    """What a page tells MkDocs and the theme (`page.meta`), as typed values."""

    title: str
    description: str
    kind: str | None = None  # `asskomm_kind`: the theme's switch for kinds with their own head tags
    search_exclude: bool = False  # listings: left out of the search (their releases are in it)
    published: str | None = None  # releases: `article:published_time`
    image: str | None = None  # releases: `og:image`, site-relative
    image_alt: str | None = None

    def page_meta(self) -> dict[str, Any]:
        """`page.meta` as MkDocs gets it. Text is HTML-escaped: MkDocs and Material print `page.title`
        and `page.meta.description` into attributes and elements without escaping."""
        values: dict[str, Any] = {"title": self.title, "description": self.description, "asskomm_kind": self.kind,
                                  "asskomm_published": self.published, "asskomm_image": self.image,
                                  "asskomm_image_alt": self.image_alt}
        out: dict[str, Any] = {k: str(Markup.escape(v)) for k, v in values.items() if v is not None}
        if self.search_exclude:
            out["search"] = {"exclude": True}
        return out


@dataclass(frozen=True)
class PageSpec(ABC):
    """One generated page: route, template, typed meta and the template's context.

    A kind is a frozen dataclass of it: `view` (the site as of now) comes first, then what tells its
    pages apart. `view` is left out of `==` and `repr`: a page's cache key is the digest of its meta
    and context (`fingerprint`), never the spec itself."""

    template: ClassVar[str]
    view: SiteView = field(repr=False, compare=False)

    @property
    @abstractmethod
    def src_uri(self) -> str:
        """The page's source path as MkDocs sees it (`kommunen/x.md`), from `routes`."""

    @property
    def url(self) -> str:
        return routes.url_of_source(self.src_uri)

    @property
    def district(self) -> str | None:
        """The Kreis (slug) whose feeds and calendar the page links besides the site's, if any."""
        return None

    @abstractmethod
    def meta(self) -> Meta: ...

    @abstractmethod
    def context(self) -> dict[str, Any]:
        """Everything the template reads besides constants and pure helpers. Cheap to make: work
        that costs more than its inputs goes in as a `Lazy` call."""


@dataclass(frozen=True)
class FragmentSpec(ABC):
    """A piece of HTML for a marker in a hand-written page (`{{ zaehler }}`): a template and its context."""

    template: ClassVar[str]
    view: SiteView = field(repr=False, compare=False)
    page_url: str

    @abstractmethod
    def context(self) -> dict[str, Any]: ...


Producer = Callable[["Renderer"], Iterable[PageSpec]]
KINDS: list[Producer] = []


def page_kind(producer: Producer) -> Producer:
    """Register a producer of pages; `Renderer.all_pages` renders every registered kind."""
    KINDS.append(producer)
    return producer


# --- what several kinds put in their context ------------------------------------------------------


def release_notes(view: SiteView, releases: Iterable[Release]) -> dict[str, str]:
    """Preview banners ("Entwurf", "Sperrfrist bis …") of the releases shown, by slug."""
    return {r.slug: note for r in releases if (note := view.status_note(r))}


def event_notes(view: SiteView, events: Iterable[Event]) -> dict[str, str]:
    return {e.slug: note for e in events if (note := view.events.status_note(e))}


def _events_context(view: SiteView, upcoming: list[Event]) -> dict[str, Any]:
    """For `events_upcoming.html` (profiles, Kreis and Polizeidirektion pages)."""
    return {"upcoming": upcoming, "event_notes": event_notes(view, upcoming[:5]), "site_url": view.site_url}


@dataclass(frozen=True)
class Mention:
    """A municipality as a release names it: only what the release page shows of it."""

    name: str
    url: str
    district_label: str


# --- municipalities ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KommunePage(PageSpec):
    template = "kommune.html"
    k: Kommune

    @property
    def src_uri(self) -> str:
        return routes.kommune_source(self.k.slug)

    @property
    def district(self) -> str | None:
        return self.k.district.slug

    def meta(self) -> Meta:
        k = self.k
        return Meta(k.name, f"ASSKomm in {k.name}: Status, Meilensteine, Präventionsrat und Pressemitteilungen.", kind="kommune")

    def context(self) -> dict[str, Any]:
        view, k = self.view, self.k
        about = view.releases_for(k)
        shown = about[:PER_PAGE]
        visible = frozenset(m.slug for e in k.events if e.group for m in e.group.members if view.is_visible(m))
        return {"k": k, "today": view.today, "ordinal": view.ordinal.get(k.slug),
                "published_ordinal": published_ordinal(k, view.today, view.comparisons, view.kommunen),
                "locator": Lazy(_markup, standorte.locator_for_kommune, k), "aliases": search_aliases(k.name),
                "visible": visible, "releases": shown, "release_count": len(about), "notes": release_notes(view, shown),
                **_events_context(view, view.events.for_kommune(k))}


@dataclass(frozen=True)
class KommunenIndex(PageSpec):
    """All municipalities, or (`milestone`) those that reached a milestone."""

    template = "kommunen_index.html"
    milestone: str | None = None

    @property
    def src_uri(self) -> str:
        return routes.milestone_source(self.milestone) if self.milestone else routes.index_source(routes.KOMMUNEN)

    def meta(self) -> Meta:
        if self.milestone is None:
            return Meta("Kommunen", "Alle in der Allianz Sichere Sächsische Kommunen erfassten Kommunen mit Status und Meilensteinen.")
        label = MILESTONES[self.milestone]
        return Meta(f"Kommunen: {label}", f"ASSKomm-Kommunen mit dem Meilenstein {label}.")

    def context(self) -> dict[str, Any]:
        view, kind = self.view, self.milestone
        kommunen = view.kommunen if kind is None else [k for k in view.kommunen if k.first(kind, view.today)]
        # The whole list comes one table per Kreis: a single table of all 418 rows cost a phone ~0.4 s of
        # blocked main thread on every layout (issue 17); Kreis sections off screen are not laid out.
        groups = [] if kind else [(d, members) for d in view.districts
                                  if (members := [k for k in kommunen if k.district == d])]
        return {"kommunen": kommunen, "filter_label": MILESTONES[kind] if kind else None, "today": view.today,
                "districts": view.districts, "police": view.police, "groups": groups}


@page_kind
def _kommune_pages(site: Renderer) -> Iterator[PageSpec]:
    view = site.view
    for k in view.kommunen:
        yield KommunePage(view, k)
    yield KommunenIndex(view)
    for kind in MILESTONES:
        yield KommunenIndex(view, kind)


# --- Kreise and Polizeidirektionen ---------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictIndex(PageSpec):
    template = "kreise_index.html"
    src_uri = routes.index_source(routes.KREISE)

    def meta(self) -> Meta:
        return Meta("Landkreise und Kreisfreie Städte", "ASSKomm-Zahlen je Landkreis und Kreisfreier Stadt in Sachsen.")

    def context(self) -> dict[str, Any]:
        return {"today": self.view.today, "districts": self.view.districts, "by_district": self.view.by_district}


@dataclass(frozen=True)
class DistrictPage(PageSpec):
    template = "kreis.html"
    d: District

    @property
    def src_uri(self) -> str:
        return routes.district_source(self.d.slug)

    @property
    def district(self) -> str | None:
        return self.d.slug

    def meta(self) -> Meta:
        d = self.d
        return Meta(d.label, f"ASSKomm im {d.label}: Zahlen, Kommunen und Pressemitteilungen.", kind="kreis")

    def context(self) -> dict[str, Any]:
        view, d = self.view, self.d
        latest = view.releases_for_district(d)[:LATEST_ON_HOME]
        return {"d": d, "kommunen": view.kommunen_in_district(d), "releases": latest, "notes": release_notes(view, latest),
                "locator": Lazy(_markup, standorte.locator_for_district, d), "counts": view.by_district.get(d.ags),
                "published": view.published_for_district(d), "today": view.today, "kommunen_count": len(view.kommunen),
                **_events_context(view, view.events.for_district(d))}


@dataclass(frozen=True)
class PoliceIndex(PageSpec):
    template = "polizei_index.html"
    src_uri = routes.index_source(routes.POLIZEI)

    def meta(self) -> Meta:
        return Meta("Polizeidirektionen", "ASSKomm-Zahlen je Polizeidirektion in Sachsen.")

    def context(self) -> dict[str, Any]:
        view = self.view
        return {"today": view.today, "police": view.police, "districts": view.districts, "by_police": view.by_police}


@dataclass(frozen=True)
class PolicePage(PageSpec):
    template = "polizei.html"
    p: PoliceDirectorate

    @property
    def src_uri(self) -> str:
        return routes.police_source(self.p.slug)

    def meta(self) -> Meta:
        p = self.p
        return Meta(p.label, f"ASSKomm im Bereich der {p.label}: Zahlen und Kommunen.", kind="polizei")

    def context(self) -> dict[str, Any]:
        view, p = self.view, self.p
        area = standorte.police_area(view.corpus.reference.municipalities.values(), p.slug)
        return {"p": p, "districts": [d for d in view.districts if d.police == p], "kommunen": view.kommunen_in_police(p),
                "locator": Lazy(_markup, standorte.locator_for_police, area, p.label), "counts": view.by_police.get(p.slug),
                "today": view.today, "kommunen_count": len(view.kommunen), **_events_context(view, view.events.for_police(p))}


@page_kind
def _district_pages(site: Renderer) -> Iterator[PageSpec]:
    view = site.view
    yield DistrictIndex(view)
    for d in view.districts:
        yield DistrictPage(view, d)
    yield PoliceIndex(view)
    for p in view.police:
        yield PolicePage(view, p)


# --- press releases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReleasePage(PageSpec):
    template = "release.html"
    r: Release

    @property
    def src_uri(self) -> str:
        return routes.release_source(self.r.slug)

    def meta(self) -> Meta:
        r = self.r
        image = r.meta.image
        return Meta(r.meta.title, r.meta.summary, kind="release", published=r.date.isoformat(),
                    image=routes.release_asset(image.src) if image else None, image_alt=image.alt if image else None)

    def context(self) -> dict[str, Any]:
        view, r = self.view, self.r
        return {"r": r, "body": Lazy(release_body, Text(r.body), r.url), "note": view.status_note(r),
                "mentions": [Mention(k.name, k.url, k.district.label) for k in view.kommunen_of(r)]}


@dataclass(frozen=True)
class Listing(PageSpec):
    """Page `number` of a list of releases at directory URL `base`, `PER_PAGE` a page, so no page grows
    with the number of releases."""

    template = "listing.html"
    base: str
    title: str
    releases: Sequence[Release]
    number: int
    pages: int
    intro: bool = False

    @property
    def src_uri(self) -> str:
        return routes.listing_source(self.base, self.number)

    def meta(self) -> Meta:
        title = self.title if self.number == 1 else f"{self.title} – Seite {self.number}"
        return Meta(title, f"{self.title} der Allianz Sichere Sächsische Kommunen.", search_exclude=True)

    def context(self) -> dict[str, Any]:
        return {"title": self.title, "releases": self.releases, "number": self.number, "base": self.base, "pages": self.pages,
                "shown": page_window(self.number, self.pages), "intro": self.intro and self.number == 1,
                "notes": release_notes(self.view, self.releases)}


def listings(view: SiteView, base: str, title: str, releases: list[Release], intro: bool = False) -> Iterator[Listing]:
    chunks = [releases[i:i + PER_PAGE] for i in range(0, len(releases), PER_PAGE)] or [[]]
    for n, chunk in enumerate(chunks):
        yield Listing(view, base, title, chunk, n + 1, len(chunks), intro)


@dataclass(frozen=True)
class ArchiveIndex(PageSpec):
    template = "archiv_index.html"
    src_uri = routes.index_source(routes.ARCHIVE)

    def meta(self) -> Meta:
        return Meta("Archiv", "Pressemitteilungen der Allianz Sichere Sächsische Kommunen nach Jahren.")

    def context(self) -> dict[str, Any]:
        years = release_years(self.view.releases)
        return {"years": list(years), "counts": years}


def release_years(releases: Iterable[Release]) -> dict[int, int]:
    """Year -> number of releases, newest year first."""
    counts: dict[int, int] = {}
    for r in releases:
        year = r.date.astimezone(BERLIN).year
        counts[year] = counts.get(year, 0) + 1
    return dict(sorted(counts.items(), reverse=True))


@page_kind
def _release_pages(site: Renderer) -> Iterator[PageSpec]:
    view = site.view
    releases = view.releases
    for r in releases:
        yield ReleasePage(view, r)
    yield from listings(view, routes.NEWS, "Pressemitteilungen", releases, intro=True)
    yield ArchiveIndex(view)
    for y in release_years(releases):
        yield from listings(view, routes.archive_year(y), f"Pressemitteilungen {y}",
                            [r for r in releases if r.date.astimezone(BERLIN).year == y])
    for key, label in CATEGORIES.items():
        yield from listings(view, routes.category(key), f"Kategorie: {label}", [r for r in releases if r.meta.category == key])
    # A profile shows its newest PER_PAGE releases; the rest are paginated here, so no profile grows
    # with the number of releases (issue 7: linear output).
    for k in view.kommunen:
        about = view.releases_for(k)
        if len(about) > PER_PAGE:
            yield from listings(view, routes.kommune_releases(k.slug), f"Pressemitteilungen: {k.name}", about)


# --- map, A–Z list, figures, open data ---------------------------------------------------------------


@dataclass(frozen=True)
class MapPage(PageSpec):
    template = "standorte.html"
    src_uri = routes.index_source(routes.STANDORTE)

    def meta(self) -> Meta:
        return Meta("Standorte", "Karte der ASSKomm-Kommunen in Sachsen mit Ebenen für Kooperationsvereinbarung, Coaching, "
                    "Sicherheitsanalyse und Präventionsrat.")

    def context(self) -> dict[str, Any]:
        view = self.view
        counts = standorte.layer_counts(view.counts)
        return {"kommunen": view.kommunen, "today": view.today, "counts": counts,
                "block": Lazy(map_block, view.kommunen, view.today)}


def map_block(kommunen: Sequence[Kommune], today: date) -> Markup:
    """The state map with its layer toggles, as of `today`."""
    url = routes.STANDORTE
    labels = {k.ref.ags: f"{k.name}: {STAGE_LABELS[s]}" for k in kommunen if (s := stage(k, today))}
    return Markup(render_state_map_block(
        standorte.statuses(kommunen, today),
        {k.ref.ags: relative_url(url, k.url) for k in kommunen},
        labels,
        standorte.layer_sets(kommunen, today),
        "ASSKomm-Kommunen in Sachsen",
        toggles_title=f"Ebenen einblenden (Anzahl der Kommunen, Stand {short_date(today)}):",
        after_toggles=('<p class="asskomm-map__kpr-note">Die Kontakte der Kommunalen Präventionsräte stehen in der '
                       '<a href="#tabelle">Tabelle zur Karte</a> (Spalte KPR) und auf der Seite jeder Kommune.</p>'),
    ))


@dataclass(frozen=True)
class GemeindenPage(PageSpec):
    """"Ist meine Gemeinde dabei?": all municipalities of Saxony A–Z, members or not."""

    template = "gemeinden.html"
    src_uri = routes.index_source(routes.GEMEINDEN)

    def meta(self) -> Meta:
        return Meta("Ist meine Gemeinde dabei?", "Alle 418 Städte und Gemeinden Sachsens von A bis Z: ist sie in der Allianz "
                    "Sichere Sächsische Kommunen, wie macht sie mit?")

    def context(self) -> dict[str, Any]:
        view = self.view
        municipalities = tuple(view.corpus.reference.municipalities.values())
        known = {m.ags for m in municipalities}
        return {"letters": Lazy(gemeinden_letters, view.kommunen, view.today, municipalities), "total": len(municipalities),
                "members": sum(1 for k in view.kommunen if k.ref.ags in known), "today": view.today}


def gemeinden_letters(kommunen: Sequence[Kommune], today: date,
                      municipalities: Sequence[Municipality]) -> dict[str, list[standorte.GemeindeEntry]]:
    letters: dict[str, list[standorte.GemeindeEntry]] = {}
    for e in standorte.gemeinden(kommunen, today, municipalities):
        letters.setdefault(standorte.initial(e.ref.name), []).append(e)
    return letters


@dataclass(frozen=True)
class FiguresPage(PageSpec):
    template = "zahlen.html"
    src_uri = routes.index_source(routes.ZAHLEN)

    def meta(self) -> Meta:
        return Meta("Zahlen", "ASSKomm in Zahlen: Zähler von heute und ihre Entwicklung seit der Gründung 2019.")

    def context(self) -> dict[str, Any]:
        view = self.view
        comparisons = sorted(view.comparisons, key=lambda c: (c.figure.date.sort_key, c.figure.counter, c.figure.kreis or ""))
        return {"counts": view.counts, "published": view.published, "today": view.today, "kommunen_count": len(view.kommunen),
                "growth": Lazy(Growth.of, view.kommunen, view.today, view.comparisons), "comparisons": comparisons,
                "districts": {d.slug: d.label for d in view.districts}}


@dataclass(frozen=True)
class Growth:
    """The growth chart since 2019 and its table."""

    chart: Markup
    table: Markup

    @classmethod
    def of(cls, kommunen: Sequence[Kommune], today: date, comparisons: Sequence[Comparison]) -> Growth:
        # Month ends since 2019, thinned to the months where a counter moved (plus first and last):
        # a step chart draws the same lines, with a marker only where something happened.
        data = standorte.changes_only(standorte.growth(kommunen, today))
        labels = {key: COUNTER_BY_KEY[key].label for key in data}
        published: dict[str, list[tuple[date, int]]] = {}
        for c in comparisons:
            if c.figure.kreis is None and c.figure.counter in data:
                points = published.setdefault(c.figure.counter, [])
                if all(d != c.day for d, _ in points):  # one point per day and counter
                    points.append((c.day, c.value))
        chart = render_growth_chart(data, labels, "Entwicklung der Zähler seit 2019 und veröffentlichte Zahlen des LPR",
                                    end=today, id_prefix="asskomm-wachstum", published=published)
        table = render_growth_table(data, labels, "Zähler am Monatsende (nur Monate mit Veränderung) und heute")
        return cls(Markup(chart), Markup(table))


@dataclass(frozen=True)
class DataPage(PageSpec):
    """The open data files with their sizes, and what is in them."""

    template = "daten.html"
    sizes: dict[str, int] = field(hash=False)
    src_uri = routes.index_source(routes.DATEN)

    def meta(self) -> Meta:
        return Meta("Offene Daten", "ASSKomm als offene Daten: Kommunen, Meilensteine und Pressemitteilungen als JSON, CSV und GeoJSON.")

    def context(self) -> dict[str, Any]:
        return {"sizes": self.sizes, "today": self.view.today, "districts": self.view.districts}


@page_kind
def _standorte_pages(site: Renderer) -> Iterator[PageSpec]:
    view = site.view
    yield MapPage(view)
    yield GemeindenPage(view)
    yield FiguresPage(view)
    yield DataPage(view, {path: len(content) for path, content in site.downloads().items()})


# --- fragments for markers in hand-written pages ---------------------------------------------------------


@dataclass(frozen=True)
class LatestReleases(FragmentSpec):
    """`{{ neueste-meldungen }}`"""

    template = "latest.html"

    def context(self) -> dict[str, Any]:
        latest = self.view.releases[:LATEST_ON_HOME]
        return {"releases": latest, "notes": release_notes(self.view, latest)}


@dataclass(frozen=True)
class CounterBox(FragmentSpec):
    """`{{ zaehler }}`"""

    template = "counter_box.html"

    def context(self) -> dict[str, Any]:
        view = self.view
        return {"counts": view.counts, "published": view.published, "today": view.today, "kommunen_count": len(view.kommunen)}


@dataclass(frozen=True)
class MilestoneList(FragmentSpec):
    """`{{ kommunen:<meilenstein> }}`"""

    template = "milestone_list.html"
    kind: str

    def context(self) -> dict[str, Any]:
        view = self.view
        return {"kommunen": [k for k in view.kommunen if k.first(self.kind, view.today)], "kind": self.kind, "today": view.today}


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


def _markup(render: Callable[..., str], *args: Any) -> Markup:
    return Markup(render(*args))
