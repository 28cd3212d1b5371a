"""The events pages, calendars, feed and open data (issue 16), rendered with the site's `Renderer`.

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
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from . import routes, standorte
from .dates import ALLIANCE_FOUNDED, BERLIN
from .events import Event, EventView, deadline_text, short_when, when_text
from .feeds import PUBLISHER, absolutize
from .ical import calendar_bytes, location_text
from .markup import release_body
from .opendata import _about, neutralise
from .sanitize import clean
from .vocabulary import EVENT_KINDS, EVENT_STATUSES

if TYPE_CHECKING:
    from .pages import Page, Renderer
    from .reference import District

SITE_CALENDAR = routes.data_file("veranstaltungen.ics")
CALENDAR_NAME = "ASSKomm – Veranstaltungen"
NEXT_ON_HOME = 3


def district_calendar(d: District) -> str:
    return routes.data_file(f"veranstaltungen-{d.slug}.ics")


def webcal(site_url: str, path: str) -> str:
    """`webcal://host/…` for `https://host/…`: calendar programs subscribe to such links."""
    parts = urlsplit(urljoin(site_url.rstrip("/") + "/", path))
    return urlunsplit(("webcal", *tuple(parts)[1:]))


def install(renderer: Renderer) -> None:
    """Globals the events templates use (profile, Kreis and Polizeidirektion pages use them too)."""
    view = renderer.view
    renderer.env.globals.update(
        ev=view.events, EVENT_KINDS=EVENT_KINDS, EVENT_STATUSES=EVENT_STATUSES, short_when=short_when, when_text=when_text,
        deadline_text=deadline_text, webcal=lambda path: webcal(view.site_url, path), site_calendar=SITE_CALENDAR,
        district_calendar=district_calendar, EVENT_COLUMNS=COLUMNS, EVENT_FILES=FILES,
    )


def event_pages(renderer: Renderer) -> list[Page]:
    view, ev = renderer.view, renderer.view.events
    records = renderer.records_key
    pages: list[Page] = []
    for e in ev.shown:
        pages.append(renderer.cached((records, ev.key([e]), e.ends_at > view.now), "event.html", f"veranstaltungen/{e.slug}.md",
                                     partial(_event_context, ev, e),
                                     of_district=e.districts[0].slug if len(e.districts) == 1 else None))
    years = [(y, len(ev.past_in(y))) for y in ev.years()]
    common = dict(years=years, kind=None, district=None, intro=False, district_calendar=None)
    pages.append(renderer.cached((records, ev.key(ev.upcoming), tuple(years)), "events_index.html", "veranstaltungen/index.md",
                                 partial(dict, common, title="Veranstaltungen", intro=True, upcoming=ev.upcoming,
                                         past=ev.past, description="Kommende Veranstaltungen der Allianz Sichere "
                                         "Sächsische Kommunen: Fachtage, Netzwerktreffen, Fortbildungen, Sitzungen.")))
    for key, label in EVENT_KINDS.items():
        upcoming = [e for e in ev.upcoming if e.meta.kind == key]
        past = [e for e in ev.past if e.meta.kind == key]
        pages.append(renderer.cached((records, ev.key(upcoming + past)), "events_index.html", f"veranstaltungen/art/{key}.md",
                                     partial(dict, common, title=f"Veranstaltungen: {label}", kind=key, upcoming=upcoming,
                                             past=past, description=f"{label}: Veranstaltungen der Allianz Sichere Sächsische Kommunen.")))
    for d in view.districts:
        upcoming, past = ev.in_district(ev.upcoming, d), ev.in_district(ev.past, d)
        pages.append(renderer.cached((records, ev.key(upcoming + past)), "events_index.html", f"veranstaltungen/kreis/{d.slug}.md",
                                     partial(dict, common, title=f"Veranstaltungen: {d.label}", district=d, upcoming=upcoming,
                                             past=past, district_calendar=district_calendar(d),
                                             description=f"Veranstaltungen im {d.label} und landesweit, mit abonnierbarem Kalender."),
                                     of_district=d.slug))
    for year, _ in years:
        events = ev.past_in(year)
        pages.append(renderer.cached((ev.key(events), tuple(years)), "events_archive.html", f"veranstaltungen/archiv/{year}.md",
                                     partial(dict, year=year, events=events, years=years)))
    return pages


def _event_context(ev: EventView, e: Event) -> dict[str, Any]:
    return {"e": e, "locator": _locator(ev, e)}


def _locator(ev: EventView, e: Event) -> Markup | None:
    k = ev.place_kommune(e)
    return Markup(standorte.locator_for_kommune(k)) if k is not None else None


def next_events(renderer: Renderer, page_url: str) -> str:
    """The `{{ naechste-veranstaltungen }}` marker: the next three events (home page)."""
    ev = renderer.view.events
    events = [e for e in ev.upcoming if e.is_public(ev.now) or renderer.view.preview][:NEXT_ON_HOME]
    return renderer.memo(("events_next.html", page_url, ev.key(events)),
                         lambda: renderer.fragment("events_next.html", page_url, events=events))


# --- calendars and feeds ------------------------------------------------------------------------------


def calendars(view_events: EventView, districts: list[District], site_url: str) -> dict[str, bytes]:
    ev = view_events
    out: dict[str, bytes] = {}
    for e in ev.public:
        out[e.ics] = calendar_bytes([e], site_url=site_url, name=e.meta.title, description=e.meta.summary, url_path=e.ics)
    recent = ev.calendar_events()
    out[SITE_CALENDAR] = calendar_bytes(recent, site_url=site_url, name=CALENDAR_NAME,
                                        description="Veranstaltungen der Allianz Sichere Sächsische Kommunen (Landespräventionsrat Sachsen)",
                                        url_path=SITE_CALENDAR)
    for d in districts:
        path = district_calendar(d)
        out[path] = calendar_bytes(ev.in_district(recent, d), site_url=site_url, name=f"{CALENDAR_NAME}: {d.label}",
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
    path = f"veranstaltungen/{'rss' if fmt == 'rss' else 'atom'}.xml"
    items = sorted(events, key=lambda e: (e.meta.published, e.slug), reverse=True)[:50]
    newest = max((e.stamp or e.meta.published for e in items),
                 default=datetime.combine(ALLIANCE_FOUNDED, datetime.min.time(), BERLIN))
    fg = FeedGenerator()
    fg.id(urljoin(site_url, path))
    fg.title(CALENDAR_NAME)
    fg.subtitle("Angekündigte Veranstaltungen der Allianz Sichere Sächsische Kommunen")
    fg.author({"name": PUBLISHER})
    fg.link(href=urljoin(site_url, path), rel="self", type="application/rss+xml" if fmt == "rss" else "application/atom+xml")
    fg.link(href=urljoin(site_url, "veranstaltungen/"), rel="alternate", type="text/html")
    fg.language("de")
    fg.generator("ASSKomm-Website")
    fg.lastBuildDate(newest)
    fg.updated(newest)
    for e in items:
        fe = fg.add_entry(order="append")
        guid = f"urn:uuid:{e.meta.id}"
        fe.id(guid)
        fe.guid(guid, permalink=False)
        prefix = "Abgesagt: " if e.cancelled else "Verschoben: " if e.moved else ""
        fe.title(f"{prefix}{e.meta.title} ({short_when(e.start)})")
        fe.link(href=urljoin(site_url, e.url))
        fe.published(e.meta.published)
        fe.updated(e.stamp or e.meta.published)
        fe.author({"name": PUBLISHER})
        fe.category(term=e.meta.kind, label=EVENT_KINDS[e.meta.kind])
        if fmt == "atom":
            fe.summary(e.meta.summary)
        else:
            fe.description(escape(e.meta.summary, quote=False))  # shown as text by readers (issue 12)
        fe.content(_item_html(e, site_url), type="CDATA" if fmt == "rss" else "html")
    out: bytes = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return out


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
    rows = [event_record(ev, e) for e in ev.public]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in COLUMNS])
    for row in rows:
        writer.writerow([neutralise("" if row[n] is None else ";".join(row[n]) if isinstance(row[n], list) else row[n])
                         for n, _ in COLUMNS])
    data = {**_about(ev.view), "veranstaltungen": rows}
    return {
        routes.data_file("veranstaltungen.json"): (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        routes.data_file("veranstaltungen.csv"): buf.getvalue().encode("utf-8"),
    }
