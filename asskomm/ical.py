"""iCalendar files (RFC 5545) of the events, built with the `icalendar` library.

Stable and reproducible: `UID` is the event's permanent id; `SEQUENCE` and `DTSTAMP` come from the
register of published states (`events.sequence_of`), never from the clock, so two builds of the same
input give the same bytes and a changed date, time, place or status reaches subscribers as an update.
Timed events carry `TZID=Europe/Berlin` with its `VTIMEZONE`; all-day events are `VALUE=DATE` with
the exclusive end day RFC 5545 asks for. Escaping and line folding are the library's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, UTC
from urllib.parse import urljoin

import icalendar

from .dates import BERLIN
from .events import Event
from .vocabulary import EVENT_KINDS

PRODID = "-//Landespraeventionsrat Sachsen//ASSKomm-Website//DE"
STATUS = {"geplant": "CONFIRMED", "verschoben": "CONFIRMED", "abgesagt": "CANCELLED"}


def location_text(e: Event) -> str:
    parts: list[str] = []
    if e.meta.place:
        p = e.meta.place
        parts.append(p.name)
        if p.street:
            parts.append(p.street)
        town = " ".join(x for x in (p.postal_code, p.city) if x)
        if town:
            parts.append(town)
    if e.meta.online:
        parts.append(("online" if e.meta.place else "Online") + (f": {e.meta.online.url}" if e.meta.online.url else ""))
    return ", ".join(parts)


def description_text(e: Event, site_url: str) -> str:
    lines = []
    if e.cancelled:
        lines.append("Diese Veranstaltung ist abgesagt.")
    elif e.moved:
        lines.append(f"Verschoben; ursprünglicher Termin: {e.meta.start}.")
    lines.append(e.meta.summary)
    lines.append(f"Veranstalter: {e.meta.organiser}")
    if e.meta.registration and not e.cancelled:
        reg = e.meta.registration
        how = reg.url or (f"E-Mail an {reg.email}" if reg.email else "")
        lines.append(f"Anmeldung: {how}" + (f" (bis {reg.deadline})" if reg.deadline else ""))
    lines.append(f"Mehr: {urljoin(site_url, e.url)}")
    return "\n\n".join(lines)


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def vevent(e: Event, site_url: str) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", e.meta.id)
    assert e.stamp is not None
    ev.add("dtstamp", _utc(e.stamp))
    ev.add("last-modified", _utc(e.stamp))
    ev.add("created", _utc(e.meta.published))
    ev.add("sequence", e.sequence)
    ev.add("summary", ("Abgesagt: " if e.cancelled else "") + e.meta.title)
    start, end = e.start, e.end
    if isinstance(start, datetime):
        ev.add("dtstart", start.astimezone(BERLIN))
        if end is not None:
            assert isinstance(end, datetime)  # a timed event ends at a time (checked when loading)
            ev.add("dtend", end.astimezone(BERLIN))
    else:
        ev.add("dtstart", start)
        last: date = end if isinstance(end, date) else start
        ev.add("dtend", last + timedelta(days=1))  # DTEND of a DATE event is the day after (RFC 5545 3.6.1)
        ev.add("transp", "TRANSPARENT")
    ev.add("status", STATUS[e.meta.status])
    where = location_text(e)
    if where:
        ev.add("location", where)
    ev.add("description", description_text(e, site_url))
    ev.add("categories", [EVENT_KINDS[e.meta.kind]])
    ev.add("url", urljoin(site_url, e.url), parameters={"VALUE": "URI"})
    return ev


def calendar_bytes(events: Sequence[Event], *, site_url: str, name: str, description: str, url_path: str) -> bytes:
    """One VCALENDAR of `events` (by start), as the bytes of an `.ics` file (CRLF, folded)."""
    site_url = site_url.rstrip("/") + "/"
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", "Europe/Berlin")
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    cal.add("url", urljoin(site_url, url_path), parameters={"VALUE": "URI"})
    for e in sorted(events, key=lambda e: (e.starts_at, e.slug)):
        cal.add_component(vevent(e, site_url))
    # Transitions from the alliance's founding year: a constant range keeps the bytes independent of the clock.
    cal.add_missing_timezones(first_date=date(2019, 1, 1))
    data: bytes = cal.to_ical()
    return data
