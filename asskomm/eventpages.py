"""The events pages (page specs, see `specs`), calendars, feed and open data (issue 16).

Pages: `/veranstaltungen/` (upcoming, then past by year), one filter page per kind and per Kreis
(plain links, so the filters work without JavaScript), a page per year, a page per event.
Calendars: one `.ics` per event beside its page, the site calendar `daten/veranstaltungen.ics`
(upcoming and recent events) and one per Kreis `daten/veranstaltungen-<kreis>.ics`.
Feeds: `veranstaltungen/rss.xml` and `atom.xml`, by announcement date, apart from the press releases.
Only public events ever reach calendars, feeds and downloads, even in the local preview.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from datetime import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from markupsafe import Markup

from . import routes, standorte
from .dates import BERLIN
from .events import Event, EventView, in_district, short_when, when_text
from .fingerprint import Lazy, Text
from .feeds import FeedItem, absolutize, feed_bytes
from .ical import calendar_bytes, location_text
from .markup import release_body
from .opendata import _about, neutralise
from .sanitize import clean
from .reference import District
from .specs import FragmentSpec, Meta, PageSpec, event_notes, page_kind
from .vocabulary import EVENT_KINDS

if TYPE_CHECKING:
    from .corpus import Kommune
    from .pages import Renderer

SITE_CALENDAR = routes.data_file("veranstaltungen.ics")
CALENDAR_NAME = "ASSKomm – Veranstaltungen"
NEXT_ON_HOME = 3


def district_calendar(d: District) -> str:
    return routes.data_file(f"veranstaltungen-{d.slug}.ics")


def webcal(site_url: str, path: str) -> str:
    """`webcal://host/…` for `https://host/…`: calendar programs subscribe to such links."""
    parts = urlsplit(urljoin(site_url.rstrip("/") + "/", path))
    return urlunsplit(("webcal", *tuple(parts)[1:]))


@dataclass(frozen=True)
class EventPage(PageSpec):
    template = "event.html"
    e: Event

    @property
    def src_uri(self) -> str:
        return routes.event_source(self.e.slug)

    @property
    def district(self) -> str | None:
        return self.e.districts[0].slug if len(self.e.districts) == 1 else None

    def meta(self) -> Meta:
        return Meta(self.e.meta.title, self.e.meta.summary, kind="event")

    def context(self) -> dict[str, Any]:
        view, e = self.view, self.e
        ev = view.events
        place = ev.place_kommune(e)
        return {"e": e, "body": Lazy(release_body, Text(e.body), e.url), "note": ev.status_note(e), "ended": e.ends_at <= view.now,
                "place_kommune": place, "visible": frozenset(k.slug for k in ev.kommunen_of(e)), "reports": ev.releases_of(e),
                "locator": Lazy(_locator, place) if place is not None else None, "site_url": view.site_url}


def _locator(k: Kommune) -> Markup:
    return Markup(standorte.locator_for_kommune(k))


@dataclass(frozen=True)
class EventsIndex(PageSpec):
    """Upcoming events, then the past ones by year; or (`kind`, `d`) all of one kind or Kreis."""

    template = "events_index.html"
    kind: str | None = None
    d: District | None = None

    @property
    def src_uri(self) -> str:
        if self.kind:
            return routes.events_kind_source(self.kind)
        return routes.events_district_source(self.d.slug) if self.d else routes.index_source(routes.EVENTS)

    @property
    def district(self) -> str | None:
        return self.d.slug if self.d else None

    def meta(self) -> Meta:
        if self.kind:
            label = EVENT_KINDS[self.kind]
            return Meta(f"Veranstaltungen: {label}", f"{label}: Veranstaltungen der Allianz Sichere Sächsische Kommunen.", kind="events")
        if self.d:
            return Meta(f"Veranstaltungen: {self.d.label}",
                        f"Veranstaltungen im {self.d.label} und landesweit, mit abonnierbarem Kalender.", kind="events")
        return Meta("Veranstaltungen", "Kommende Veranstaltungen der Allianz Sichere Sächsische Kommunen: Fachtage, "
                    "Netzwerktreffen, Fortbildungen, Sitzungen.", kind="events")

    def context(self) -> dict[str, Any]:
        view, ev, d = self.view, self.view.events, self.d
        upcoming, past = ev.upcoming, ev.past
        if self.kind:
            upcoming, past = [e for e in upcoming if e.meta.kind == self.kind], [e for e in past if e.meta.kind == self.kind]
        elif d:
            upcoming, past = in_district(upcoming, d), in_district(past, d)
        listed = upcoming if not (self.kind or d) else upcoming + past
        return {"title": self.meta().title, "intro": not (self.kind or d), "kind": self.kind, "district": d,
                "district_calendar": district_calendar(d) if d else None, "upcoming": upcoming, "past": past,
                "years": [(y, len(ev.past_in(y))) for y in ev.years()], "districts": view.districts,
                "event_notes": event_notes(view, listed), "site_url": view.site_url}


@dataclass(frozen=True)
class EventsArchive(PageSpec):
    template = "events_archive.html"
    year: int

    @property
    def src_uri(self) -> str:
        return routes.events_archive_source(self.year)

    def meta(self) -> Meta:
        return Meta(f"Veranstaltungen {self.year}", f"Veranstaltungen der Allianz Sichere Sächsische Kommunen im Jahr {self.year}.",
                    search_exclude=True)

    def context(self) -> dict[str, Any]:
        ev = self.view.events
        events = ev.past_in(self.year)
        return {"year": self.year, "events": events, "years": [(y, len(ev.past_in(y))) for y in ev.years()],
                "event_notes": event_notes(self.view, events), "site_url": self.view.site_url}


@page_kind
def _event_pages(site: Renderer) -> Iterator[PageSpec]:
    view, ev = site.view, site.view.events
    for e in ev.shown:
        yield EventPage(view, e)
    yield EventsIndex(view)
    for key in EVENT_KINDS:
        yield EventsIndex(view, kind=key)
    for d in view.districts:
        yield EventsIndex(view, d=d)
    for year in ev.years():
        yield EventsArchive(view, year)


@dataclass(frozen=True)
class NextEvents(FragmentSpec):
    """The `{{ naechste-veranstaltungen }}` marker: the next three events (home page)."""

    template = "events_next.html"

    def context(self) -> dict[str, Any]:
        view, ev = self.view, self.view.events
        events = [e for e in ev.upcoming if e.is_public(ev.now) or view.preview][:NEXT_ON_HOME]
        return {"events": events, "event_notes": event_notes(view, events), "site_url": view.site_url}


# --- calendars and feeds ------------------------------------------------------------------------------


def calendars(public: list[Event], recent: list[Event], districts: list[District], site_url: str) -> dict[str, bytes]:
    """One calendar per public event, the site calendar and one per Kreis of the `recent` events."""
    out: dict[str, bytes] = {}
    for e in public:
        out[e.ics] = calendar_bytes([e], site_url=site_url, name=e.meta.title, description=e.meta.summary, url_path=e.ics)
    out[SITE_CALENDAR] = calendar_bytes(recent, site_url=site_url, name=CALENDAR_NAME,
                                        description="Veranstaltungen der Allianz Sichere Sächsische Kommunen (Landespräventionsrat Sachsen)",
                                        url_path=SITE_CALENDAR)
    for d in districts:
        path = district_calendar(d)
        out[path] = calendar_bytes(in_district(recent, d), site_url=site_url, name=f"{CALENDAR_NAME}: {d.label}",
                                   description=f"Veranstaltungen der Allianz Sichere Sächsische Kommunen im {d.label} und landesweit",
                                   url_path=path)
    return out


def _item_html(e: Event, site_url: str) -> str:
    head = f"<p><strong>{escape(when_text(e.start, e.end))}</strong>"
    where = location_text(e)
    if where:
        head += f"<br>{escape(where)}"
    head += "</p>\n"
    if e.cancelled:
        head = "<p><strong>Abgesagt.</strong></p>\n" + head
    elif e.moved:
        head = f"<p><strong>Verschoben</strong> (ursprünglich {escape(when_text(e.meta.start, e.meta.end))}).</p>\n" + head
    body = release_body(e.body, e.url).html
    # At the output, as for releases (issue 12): the whole item passes the sanitizer with absolute links.
    return clean(head + f"<p>{escape(e.meta.summary)}</p>\n" + absolutize(body, e.url, site_url), own_prefix=site_url)


def event_feed(events: list[Event], *, fmt: str, site_url: str) -> bytes:
    """Announcements of public events, newest announcement first (RSS 2.0 or Atom)."""
    site_url = site_url.rstrip("/") + "/"
    path = routes.EVENT_FEEDS[fmt]
    items = sorted(events, key=lambda e: (e.meta.published, e.slug), reverse=True)[:50]

    def item(e: Event) -> FeedItem:
        prefix = "Abgesagt: " if e.cancelled else "Verschoben: " if e.moved else ""
        # The summary is shown as text by readers (issue 12), as for releases.
        return FeedItem(e.meta.id, f"{prefix}{e.meta.title} ({short_when(e.start)})", e.url, e.meta.published,
                        e.stamp or e.meta.published, e.meta.kind, EVENT_KINDS[e.meta.kind], e.meta.summary,
                        _item_html(e, site_url))

    return feed_bytes(map(item, items), fmt=fmt, site_url=site_url, feed_path=path, html_path=routes.EVENTS,
                      title=CALENDAR_NAME, subtitle="Angekündigte Veranstaltungen der Allianz Sichere Sächsische Kommunen",
                      updated=max((e.stamp or e.meta.published for e in items), default=None))


# --- open data ----------------------------------------------------------------------------------------

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "dauerhafte ID (UUID); auch UID in den Kalenderdateien"),
    ("title", "Titel"),
    ("kind", "Art (Schlüssel): " + ", ".join(EVENT_KINDS)),
    ("status", "geplant, abgesagt oder verschoben"),
    ("start", "Beginn: JJJJ-MM-TT (ganztägig) oder ISO 8601 mit Zeitzone (Berliner Zeit); bei verschobenen der neue Termin"),
    ("end", "Ende, wie start (ganztägig: letzter Tag); leer, wenn nicht veröffentlicht"),
    ("original_start", "ursprünglicher Beginn einer verschobenen Veranstaltung; sonst leer"),
    ("place", "Ort mit Anschrift; leer bei reinen Online-Veranstaltungen"),
    ("place_ags", "Gemeindeschlüssel des Ortes; leer, wenn nicht angegeben"),
    ("online", "Link der Online-Veranstaltung; sonst leer"),
    ("organiser", "Veranstalter"),
    ("kommunen", "Kurznamen der betroffenen Kommunen (Liste; leer: landesweit)"),
    ("kreise", "Kreise der betroffenen Kommunen (Liste; leer: landesweit)"),
    ("registration", "Anmeldelink; sonst leer"),
    ("registration_deadline", "Anmeldeschluss; sonst leer"),
    ("summary", "Zusammenfassung"),
    ("url", "Adresse der Veranstaltung auf dieser Website"),
    ("ics", "Kalenderdatei der Veranstaltung"),
    ("published", "Zeitpunkt der Ankündigung, ISO 8601 mit Zeitzone"),
    ("sources", "öffentliche Quellen (Liste)"),
)

FILES: tuple[tuple[str, str, str], ...] = (
    (routes.data_file("veranstaltungen.json"), "JSON", "alle angekündigten Veranstaltungen, auch vergangene"),
    (routes.data_file("veranstaltungen.csv"), "CSV", "dieselben Angaben als Tabelle"),
    (SITE_CALENDAR, "iCalendar", "Kalender zum Abonnieren: kommende und Veranstaltungen der letzten zwölf Monate"),
)


def _iso(t: Any) -> str | None:
    if t is None:
        return None
    return t.astimezone(BERLIN).isoformat() if isinstance(t, datetime) else t.isoformat()


def event_record(ev: EventView, e: Event) -> dict[str, Any]:
    reg = e.meta.registration
    return {
        "id": e.meta.id,
        "title": e.meta.title,
        "kind": e.meta.kind,
        "status": e.meta.status,
        "start": _iso(e.start),
        "end": _iso(e.end),
        "original_start": _iso(e.meta.start) if e.moved else None,
        "place": location_text(e) if e.meta.place else None,
        "place_ags": e.place_municipality.ags if e.place_municipality else None,
        "online": e.meta.online.url if e.meta.online else None,
        "organiser": e.meta.organiser,
        "kommunen": [k.slug for k in e.kommunen],
        "kreise": [d.label for d in e.districts],
        "registration": reg.url if reg else None,
        "registration_deadline": _iso(reg.deadline) if reg else None,
        "summary": e.meta.summary,
        "url": ev.view.absolute(e.url),
        "ics": ev.view.absolute(e.ics),
        "published": _iso(e.meta.published),
        "sources": list(e.meta.sources),
    }


def downloads(ev: EventView) -> dict[str, bytes]:
    """`daten/veranstaltungen.json` and `.csv`: every public event."""
    rows = [event_record(ev, e) for e in ev.public]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in COLUMNS])
    for row in rows:
        writer.writerow([neutralise("" if row[n] is None else ";".join(row[n]) if isinstance(row[n], list) else row[n])
                         for n, _ in COLUMNS])
    data = {**_about(ev.view.today, ev.view.site_url), "veranstaltungen": rows}
    return {
        routes.data_file("veranstaltungen.json"): (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        routes.data_file("veranstaltungen.csv"): buf.getvalue().encode("utf-8"),
    }
