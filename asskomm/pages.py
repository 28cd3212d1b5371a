"""Render the generated pages from their specs (`specs`, issue 13) as HTML.

The `Renderer` renders each page spec's template with the spec's context and nothing else of the
site: its globals are constants and pure helpers. The result is a `Page`: a source URI as MkDocs
would see it in `docs/`, the HTML, which MkDocs takes as it is (no Markdown conversion, see
`markup`), and `page.meta` from the spec's typed `Meta`. Data from YAML is always HTML-escaped by
the templates (Jinja autoescape); only release bodies are Markdown, checked for raw HTML when
loading and converted by `markup.BodyConverter`.

Under `mkdocs serve` a page, fragment or file is taken from the last build when the digest of
everything it is made from is the same (`fingerprint`): the cache keys are derived here, in one
place, from the specs' contexts and the arguments of pure functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any, TypeVar

from jinja2 import BaseLoader, Environment, PackageLoader, StrictUndefined

from . import eventpages, opendata, routes, specs, standorte
from .corpus import Group, Kommune, Release
from .counters import STAGE_LABELS, TABLE_COUNTERS, stage
from .dates import BERLIN
from .events import Event as CalendarEvent
from .events import deadline_text, short_when, when_text
from .fingerprint import Fingerprinter, Token, resolve
from .markup import anchor, unique_anchor
from .reference import CREDIT_LINE, District, Municipality, PoliceDirectorate
from .siteview import SiteView
from .specs import LATEST_ON_HOME, PER_PAGE, FragmentSpec, Meta, PageSpec, page_window
from .templatecache import CompiledTemplates
from .text import german_date, short_date, thousands
from .urls import absolute, relative_url
from .vocabulary import CATEGORIES, EVENT_KINDS, EVENT_STATUSES, FIELDS_OF_ACTION, GROUP_KINDS, MILESTONES

__all__ = ["COMPILED_TEMPLATES", "LATEST_ON_HOME", "PER_PAGE", "Page", "RenderCache", "Renderer", "page_window"]

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """A generated page as MkDocs takes it: source path, HTML, its title, and `page.meta` set directly
    (no front matter written and parsed again)."""

    src_uri: str  # e.g. "kommunen/oelsnitz-erzgeb.md"
    content: str  # HTML
    title: str = field(default="", compare=False)  # as text (the spec's `Meta.title`)
    # `Meta.page_meta()`: title, description, search settings, asskomm_* keys for the theme. Text is
    # HTML-escaped, because MkDocs and Material print `page.title` and `page.meta.description` into
    # attributes and elements without escaping.
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    district: str | None = None  # slug of the Kreis whose feeds the page links (profiles, Kreis pages)
    kind: str | None = None  # the spec's `Meta.kind` (events pages link the events feeds)

    @property
    def url(self) -> str:
        """Directory-style URL (`use_directory_urls: true`)."""
        return routes.url_of_source(self.src_uri)


# Compiled templates for the life of the process: a rebuild under `mkdocs serve` (a new Renderer each
# time) does not compile them again (issue 7 profile: compiling was 0.5 s of every build).
COMPILED_TEMPLATES = CompiledTemplates()


class RenderCache:
    """Pages (and feeds) of the previous build, by the digest of everything they were made from. Kept
    across rebuilds by `mkdocs serve` only: after an edit of one release, the other 2,000 release
    pages, the listings and profiles it does not appear in, and the pages derived from the records
    alone are not rendered again (issue 7: preview latency). Only entries the last build used are
    kept, so it never grows beyond one build."""

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


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# The filters a municipality table can offer: the key a row carries (`data-<key>`), the label, the value.
TABLE_FILTERS: dict[str, tuple[str, Callable[[Kommune, date], str]]] = {
    "kreis": ("Landkreis / Kreisfreie Stadt", lambda k, _day: k.district.label),
    "pd": ("Polizeidirektion", lambda k, _day: k.police.label),
    "status": ("Status", lambda k, day: STAGE_LABELS[stage(k, day) or "kontakt"]),
}


def table_filters(kommunen: list[Kommune], day: date, keys: list[str]) -> list[tuple[str, str, list[str]]]:
    """The choices of a table's filters: each key whose rows have at least two values, with its label and
    values (statuses from the furthest stage down, as the counters list them; names alphabetically)."""
    choices = []
    for key in keys:
        label, value_of = TABLE_FILTERS[key]
        found = {value_of(k, day) for k in kommunen}
        if len(found) < 2:
            continue
        if key == "status":
            values = [v for v in STAGE_LABELS.values() if v in found]
        else:
            values = sorted(found, key=str.casefold)
        choices.append((key, label, values))
    return choices


def template_loader() -> BaseLoader:
    """Where the page templates come from: `asskomm/templates/`."""
    return PackageLoader("asskomm", "templates")


def webcal(site_url: str, path: str) -> str:
    return eventpages.webcal(site_url, path)


class Renderer:
    """Renders page and fragment specs for one build (one `SiteView`)."""

    def __init__(self, view: SiteView, cache: RenderCache | None = None):
        self.view = view
        self.cache = cache
        self._downloads: dict[str, bytes] | None = None
        if cache is not None:
            cache.begin(_templates_digest())
        # Only with a cache: a build without one digests nothing.
        self.fingerprints = Fingerprinter(self.tokens()) if cache is not None else None
        self.full_fingerprints = Fingerprinter(self.tokens(with_text=True)) if cache is not None else None
        self.env = Environment(
            loader=template_loader(),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
            auto_reload=False,  # one Renderer per build: templates cannot change during it
        )
        self.env.bytecode_cache = COMPILED_TEMPLATES.for_env(self.env)
        self.env.filters.update(anchor=anchor, german_date=german_date, short_date=short_date, thousands=thousands)
        # Constants and pure functions only: whatever a page shows of the site comes from its context.
        self.env.globals.update(
            MILESTONES=MILESTONES, FIELDS_OF_ACTION=FIELDS_OF_ACTION, CATEGORIES=CATEGORIES, GROUP_KINDS=GROUP_KINDS,
            PER_PAGE=PER_PAGE, STAGE_LABELS=STAGE_LABELS, TABLE_COUNTERS=TABLE_COUNTERS, BERLIN=BERLIN, routes=routes,
            unique_anchor=unique_anchor, stage=stage, table_filters=table_filters, CREDIT_LINE=CREDIT_LINE, od=opendata, MAP_LAYERS=standorte.MAP_LAYERS,
            NOT_YET=standorte.NOT_YET, EVENT_KINDS=EVENT_KINDS, EVENT_STATUSES=EVENT_STATUSES, short_when=short_when,
            when_text=when_text, deadline_text=deadline_text, webcal=webcal, absolute=absolute,
            site_calendar=eventpages.SITE_CALENDAR, district_calendar=eventpages.district_calendar,
            EVENT_COLUMNS=eventpages.COLUMNS, EVENT_FILES=eventpages.FILES,
        )

    def tokens(self, with_text: bool = False) -> dict[type, Token]:
        """How the objects shared by many pages enter a digest (see `fingerprint`). A municipality or
        group is all records (its groups, their members and the published figures are part of what a
        page may show of it). A release or event is its metadata; its text enters a page only through
        the context (`body`), so an edit of the text renders its own page and the feeds, not every list
        it is in (`with_text`: the feeds and calendars, which show it). Reference data (Kreise,
        Polizeidirektionen, Gemeinden) ships with the package."""
        records = self.view.corpus.records_digest

        def release(r: Release) -> str:
            return _sha("\0".join((r.slug, r.meta.model_dump_json(), str(r.date_only), r.body if with_text else "")))

        def event(e: CalendarEvent) -> str:
            # With the text (calendars, feed) also the records: a calendar file names the municipalities
            # and their Kreise, which it reaches through the event.
            text = (e.body, records) if with_text else ()
            return _sha("\0".join((e.slug, e.meta.model_dump_json(), str(e.sequence), str(e.stamp), *text)))

        return {Kommune: lambda _: records, Group: lambda _: records, Release: release, CalendarEvent: event,
                District: lambda d: d.ags, PoliceDirectorate: lambda p: p.slug, Municipality: lambda m: m.ags}

    # --- pages ---------------------------------------------------------------------------------------

    def all_pages(self) -> list[Page]:
        """Every page of every registered kind (`specs.KINDS`), in the order of registration."""
        return [self.page(spec) for produce in specs.KINDS for spec in produce(self)]

    def page(self, spec: PageSpec) -> Page:
        """The page of `spec`: rendered, or under `mkdocs serve` from the last build when its meta and
        context have the same digest."""
        meta, context = spec.meta(), spec.context()
        if self.cache is None or self.fingerprints is None:
            return self.render(spec, meta, context)
        key = ("page", spec.template, spec.src_uri, spec.district, self.fingerprints.digest((meta, context)))
        return self.cache.get(key, lambda: self.render(spec, meta, context))

    def render(self, spec: PageSpec, meta: Meta, context: dict[str, Any]) -> Page:
        url = spec.url
        html = self.env.get_template(spec.template).render(
            page_url=url, link=lambda target: relative_url(url, target), **resolve(context))
        # Templates start with their imports and `set`s; the page starts at its first element.
        return Page(spec.src_uri, html.lstrip("\n"), meta.title, meta.page_meta(), spec.district, meta.kind)

    def fragment(self, spec: FragmentSpec) -> str:
        """A piece of HTML for a marker in a hand-written page (a raw HTML block to Markdown)."""
        context = spec.context()

        def render() -> str:
            url = spec.page_url
            return self.env.get_template(spec.template).render(
                page_url=url, link=lambda target: relative_url(url, target), **resolve(context))

        if self.cache is None or self.fingerprints is None:
            return render()
        return self.cache.get(("fragment", spec.template, spec.page_url, self.fingerprints.digest(context)), render)

    def computed(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` for a pure `fn`; under `mkdocs serve` from the last build when the
        arguments have the same digest (releases and events with their text: feeds and calendars show it)."""
        if self.cache is None or self.full_fingerprints is None:
            return fn(*args, **kwargs)
        key = ("call", f"{fn.__module__}.{fn.__qualname__}", self.full_fingerprints.digest((args, kwargs)))
        return self.cache.get(key, lambda: fn(*args, **kwargs))

    # --- open data, and fragments for markers in hand-written pages -----------------------------------

    def downloads(self) -> dict[str, bytes]:
        """The open data files (made once per build: the data page lists their sizes)."""
        if self._downloads is None:
            view = self.view
            records = self.computed(opendata.record_downloads, view.kommunen, view.today, view.site_url)
            releases = self.computed(opendata.release_downloads, opendata.release_rows(view), view.today, view.site_url)
            self._downloads = {**records, **releases}
        return self._downloads

    def latest_releases(self, page_url: str) -> str:
        return self.fragment(specs.LatestReleases(self.view, page_url))

    def counter_box(self, page_url: str) -> str:
        return self.fragment(specs.CounterBox(self.view, page_url))

    def milestone_list(self, page_url: str, kind: str) -> str:
        return self.fragment(specs.MilestoneList(self.view, page_url, kind))
