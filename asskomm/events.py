"""Events (`veranstaltungen/JJJJ-MM-TT-kurzname.md`): schema, loading with every problem reported,
the register of published states, and what the public site shows of them at one moment.

An event is one Markdown file like a press release: front matter checked by `EventMeta`, a body in
the release dialect (checked and converted by the very functions release bodies go through). Times
are Europe/Berlin wall-clock times; an event without a published time is written with dates only
and is an all-day event.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from . import routes, yamlsafe
from .dates import BERLIN, parse_berlin_datetime
from .messages import suggest
from .models import UUID_PATTERN, BerlinDateTime, Email, Image, Slug, Strict, Text, Url
from .dialect import check_body
from .problems import Problems
from .sourcefiles import load_register, read_text
from .text import MONTHS_DE, slugify
from .vocabulary import EVENT_KINDS, EVENT_STATUSES

if TYPE_CHECKING:
    from .corpus import Kommune, ParseCache, Release
    from .reference import District, Municipality, PoliceDirectorate, Reference
    from .siteview import SiteView

FOLDER = routes.EVENTS_FOLDER
REGISTER = Path(FOLDER) / "veroeffentlicht.yml"
EVENT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
MAX_EVENT_BYTES = 256 * 1024
# The site calendar holds upcoming events and those that ended at most this long ago.
RECENT_DAYS = 365
WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

EventKind = Literal[tuple(EVENT_KINDS)]  # type: ignore[valid-type]
EventStatus = Literal[tuple(EVENT_STATUSES)]  # type: ignore[valid-type]

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EVENT_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$"


def parse_event_time(value: Any) -> date | datetime:
    """`2025-09-11` (a day: all-day event) or `2025-09-11 09:00` (Berlin time)."""
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("date_impossible", "'{value}': dieses Datum gibt es nicht", {"value": value}) from None
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$", value.strip()):
        raise PydanticCustomError(
            "event_time_format",
            "'{value}' ist weder ein Tag noch ein Zeitpunkt; erlaubt: JJJJ-MM-TT (ganztägig) oder JJJJ-MM-TT HH:MM (Berliner Zeit)",
            {"value": value})
    return parse_berlin_datetime(value)


EventTime = Annotated[
    date | datetime,
    PlainValidator(parse_event_time),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": EVENT_TIME_PATTERN,
                    "description": "JJJJ-MM-TT (ganztägig, wenn keine Uhrzeit veröffentlicht ist) oder JJJJ-MM-TT HH:MM (Berliner Zeit)"}),
]


class Place(Strict):
    name: Text = Field(description="z. B. Conference Center am Flughafen Dresden")
    street: Text | None = None
    postal_code: Annotated[str, Field(pattern=r"^0[1-9]\d{3}$|^[1-9]\d{4}$")] | None = None
    city: Text | None = None
    kommune: Slug | None = Field(None, description="Kurzname der Gemeinde des Ortes, z. B. oelsnitz-erzgeb oder dresden")


class Online(Strict):
    url: Url | None = Field(None, description="Adresse der Online-Veranstaltung oder der Seite mit den Zugangsdaten "
                            "(bei kommenden Veranstaltungen angeben; vergangene brauchen keinen)")
    note: Text | None = None


class Registration(Strict):
    url: Url | None = Field(None, description="Anmeldeseite")
    email: Email | None = None
    deadline: EventTime | None = Field(None, description="Anmeldeschluss")
    note: Text | None = None


class MovedTo(Strict):
    start: EventTime
    end: EventTime | None = None


class EventMeta(Strict):
    """Front matter of `veranstaltungen/JJJJ-MM-TT-<kurzname>.md`."""

    id: Annotated[str, Field(pattern=UUID_PATTERN, description="Dauerhafte ID (UUID), nie ändern")]
    title: Text
    kind: EventKind  # type: ignore[valid-type]
    start: EventTime
    end: EventTime | None = Field(None, description="Ende; bei ganztägigen Veranstaltungen der letzte Tag")
    status: EventStatus = "geplant"  # type: ignore[valid-type]
    moved_to: MovedTo | None = Field(None, description="neuer Termin, nur mit status: verschoben")
    place: Place | None = None
    online: Online | None = None
    organiser: Text = Field(description="Veranstalter, z. B. Landespräventionsrat Sachsen")
    kommunen: list[Slug] = Field(default_factory=list, description="betroffene Kommunen; leer: landesweit")
    registration: Registration | None = None
    summary: Text
    image: Image | None = None
    releases: list[Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*$")]] = Field(
        default_factory=list, description="Pressemitteilungen dazu (Dateiname ohne .md)")
    sources: list[Url] = Field(default_factory=list)
    published: BerlinDateTime = Field(description="Ankündigung: vorher erscheint die Veranstaltung nirgends")
    draft: bool = False


# --- domain objects --------------------------------------------------------------------------------


def _as_start(t: date | datetime) -> datetime:
    return t if isinstance(t, datetime) else datetime.combine(t, time(0), BERLIN)


@dataclass
class Event:
    slug: str
    path: Path
    meta: EventMeta
    body: str
    body_line: int
    kommunen: list[Kommune] = field(default_factory=list)
    place_municipality: Municipality | None = None
    releases: list[Release] = field(default_factory=list)
    sequence: int = 0
    stamp: datetime | None = None

    @property
    def url(self) -> str:
        return routes.event(self.slug)

    @property
    def ics(self) -> str:
        return routes.event_calendar(self.slug)

    @property
    def moved(self) -> bool:
        return self.meta.status == "verschoben" and self.meta.moved_to is not None

    @property
    def start(self) -> date | datetime:
        """The date in force: the new one of a moved event."""
        return self.meta.moved_to.start if self.moved else self.meta.start  # type: ignore[union-attr]

    @property
    def end(self) -> date | datetime | None:
        return self.meta.moved_to.end if self.moved else self.meta.end  # type: ignore[union-attr]

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def starts_at(self) -> datetime:
        return _as_start(self.start)

    @property
    def ends_at(self) -> datetime:
        """When it is over: all-day events at the end of their last day, a start without an end
        at the end of that day."""
        end = self.end
        if end is None:
            return datetime.combine(self.starts_at.date() + timedelta(days=1), time(0), BERLIN)
        if isinstance(end, datetime):
            return end
        return datetime.combine(end + timedelta(days=1), time(0), BERLIN)

    @property
    def cancelled(self) -> bool:
        return self.meta.status == "abgesagt"

    def is_public(self, now: datetime) -> bool:
        return not self.meta.draft and self.meta.published <= now

    @property
    def districts(self) -> list[District]:
        """The Kreise concerned; empty for a statewide event (no municipality named)."""
        return list({k.district.ags: k.district for k in self.kommunen}.values())

    @property
    def statewide(self) -> bool:
        return not self.kommunen

    def state(self) -> str:
        """Fingerprint of what subscribers must be told about when it changes: date, time, place, status."""
        m = self.meta
        parts = [str(self.start), str(self.end), m.status,
                 m.place.model_dump_json() if m.place else "", (m.online.url or "") if m.online else ""]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def event_template(title: str, start: str, kind: str, now: datetime, kommunen: list[str]) -> str:
    """A new event file: a fresh permanent id, a draft, every field with what it takes."""
    listed = "[" + ", ".join(kommunen) + "]"
    return (
        "---\n"
        "# yaml-language-server: $schema=../schemas/veranstaltung.schema.json\n"
        f"id: {uuid.uuid4()}\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"kind: {kind}                # {', '.join(EVENT_KINDS)}\n"
        f"start: {start}\n"
        "# end: JJJJ-MM-TT HH:MM      # Ende (ganztägig: letzter Tag); nur angeben, wenn veröffentlicht\n"
        "status: geplant              # geplant, abgesagt, verschoben (dann moved_to: {start: …, end: …})\n"
        "place:\n"
        "  name: \"Name des Ortes\"\n"
        "  street: \"Straße Hausnummer\"\n"
        "  postal_code: \"01097\"\n"
        "  city: Dresden\n"
        "  kommune: dresden           # Kurzname der Gemeinde\n"
        "# online: {url: https://…}   # statt oder zusätzlich zu place\n"
        "organiser: Landespräventionsrat Sachsen\n"
        f"kommunen: {listed}                 # betroffene Kommunen; leer: landesweit\n"
        "# registration: {url: https://…, deadline: JJJJ-MM-TT}\n"
        "summary: \"Ein oder zwei Sätze: was, für wen.\"\n"
        "sources: []\n"
        f"published: {now:%Y-%m-%d %H:%M}      # Ankündigung; vorher erscheint die Veranstaltung nirgends\n"
        "draft: true\n"
        "---\n\n"
        "Beschreibung in Markdown (wie in Pressemitteilungen). Absätze durch eine Leerzeile trennen.\n"
    )


# --- German date text ---------------------------------------------------------------------------------


def german_day(d: date) -> str:
    """`Donnerstag, 11. September 2025`."""
    return f"{WEEKDAYS_DE[d.weekday()]}, {d.day}. {MONTHS_DE[d.month - 1]} {d.year}"


def _clock(t: datetime) -> str:
    t = t.astimezone(BERLIN)
    return f"{t.hour}:{t.minute:02d}"


def when_text(start: date | datetime, end: date | datetime | None) -> str:
    """`Donnerstag, 11. September 2025, 9:00 bis 16:30 Uhr`, `Montag, 2. März bis Dienstag, 3. März 2026`."""
    if not isinstance(start, datetime):
        if end is None or end == start:
            return german_day(start) + " (ganztägig)"
        return f"{german_day(start)} bis {german_day(end)}"
    s = start.astimezone(BERLIN)
    if end is None:
        return f"{german_day(s.date())}, {_clock(s)} Uhr"
    assert isinstance(end, datetime)  # a timed event ends at a time (checked when loading)
    e = end.astimezone(BERLIN)
    if e.date() == s.date():
        return f"{german_day(s.date())}, {_clock(s)} bis {_clock(e)} Uhr"
    return f"{german_day(s.date())}, {_clock(s)} Uhr bis {german_day(e.date())}, {_clock(e)} Uhr"


def short_when(start: date | datetime) -> str:
    """`Do., 11.09.2025, 9:00 Uhr` for lists."""
    d = start.astimezone(BERLIN).date() if isinstance(start, datetime) else start
    text = f"{WEEKDAYS_DE[d.weekday()][:2]}., {d.day:02d}.{d.month:02d}.{d.year}"
    return text + (f", {_clock(start)} Uhr" if isinstance(start, datetime) else "")


def deadline_text(t: date | datetime) -> str:
    return german_day(t) if not isinstance(t, datetime) else f"{german_day(t.astimezone(BERLIN).date())}, {_clock(t)} Uhr"


# --- register of published states ----------------------------------------------------------------

HEADER = (
    "# Register der veröffentlichten Veranstaltungen: id -> Dateiname und veröffentlichte Stände\n"
    "# (Termin, Ort, Status; daraus folgt SEQUENCE in den Kalendern). Wird von „asskomm register“\n"
    "# fortgeschrieben; Einträge nie von Hand ändern oder löschen.\n"
)


@dataclass
class Registered:
    name: str
    states: list[tuple[str, datetime]]


def read_register(root: Path, problems: Problems) -> dict[str, Registered]:
    path = root / REGISTER
    doc = load_register(path, problems)
    if doc is None:
        return {}
    out: dict[str, Registered] = {}
    for rid, entry in doc.data.items() if isinstance(doc.data, dict) else []:
        try:
            name = entry["datei"]
            states = [(s.split(" ", 1)[0], parse_berlin_datetime(s.split(" ", 1)[1])) for s in entry["stand"]]
            if not isinstance(name, str):
                raise TypeError
        except Exception:
            problems.add(path, doc.line_of((rid,)), str(rid), "erwartet „datei: <name>“ und „stand: [<prüfsumme> <zeitpunkt>, …]“")
            continue
        out[str(rid)] = Registered(name, states)
    if doc.data is not None and not isinstance(doc.data, dict):
        problems.add(path, 1, "", "erwartet Einträge der Form „<id>: {datei: …, stand: […]}“")
    return out


def sequence_of(event: Event, registered: Registered | None) -> tuple[int, datetime]:
    """SEQUENCE and DTSTAMP from the register alone, so a rebuild gives the same bytes.

    The n-th published state has SEQUENCE n-1. A state not registered yet (the file was just changed)
    counts as the next one, so subscribers are updated by the very build that publishes the change;
    `asskomm register` then records it with the same number.
    """
    if registered is None or not registered.states:
        return 0, event.meta.published
    current = event.state()
    last, stamp = registered.states[-1]
    if current == last:
        return len(registered.states) - 1, stamp
    return len(registered.states), max(event.meta.published, stamp)


def update_register(root: Path, events: list[Event], now: datetime) -> int:
    """Record every public event's file name and, when it changed, its state; returns how many changed."""
    problems = Problems(root)
    register = read_register(root, problems)
    changed = 0
    for e in events:
        if not e.is_public(now):
            continue
        entry = register.get(e.meta.id)
        if entry is None:
            register[e.meta.id] = Registered(e.slug, [(e.state(), now)])
            changed += 1
            continue
        if entry.name != e.slug or not entry.states or entry.states[-1][0] != e.state():
            entry.name = e.slug
            if not entry.states or entry.states[-1][0] != e.state():
                entry.states.append((e.state(), now))
            changed += 1
    if changed:
        lines = [HEADER.rstrip("\n")]
        for rid, entry in sorted(register.items(), key=lambda kv: (kv[1].name, kv[0])):
            lines.append(f"{rid}:")
            lines.append(f"  datei: {entry.name}")
            lines.append("  stand:")
            lines += [f'    - "{h} {t.astimezone(BERLIN).isoformat(timespec="seconds")}"' for h, t in entry.states]
        (root / REGISTER).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


# --- loading -----------------------------------------------------------------------------------------


def municipality_slugs(reference: Reference) -> dict[str, Municipality]:
    """Every Saxon municipality by the slug of its official name (places outside the member records)."""
    return {slugify(m.name): m for m in reference.municipalities.values()}


def load_events(root: Path, kommunen: dict[str, Kommune], releases: list[Release], reference: Reference,
                problems: Problems, cache: ParseCache | None = None) -> list[Event]:
    """Read and check every event; problems go to `problems`, like records and releases."""
    from .corpus import _check_image, _validate, front_matter_of  # noqa: PLC0415 - corpus imports this module (cycle)

    folder = root / FOLDER
    events: list[Event] = []
    if not folder.is_dir():
        return events
    ids: dict[str, Path] = {}
    by_slug = municipality_slugs(reference)
    release_slugs = {r.slug: r for r in releases}
    register = read_register(root, problems)
    by_name = {entry.name: rid for rid, entry in register.items()}
    for path in sorted(folder.glob("*")):
        if path.is_dir() or path.name == REGISTER.name:
            continue
        m = EVENT_NAME.match(path.name)
        if not m:
            problems.add(path, None, "Dateiname", f"„{path.name}“ muss JJJJ-MM-TT-kurzname.md heißen (Datum des Beginns, "
                         "Kleinbuchstaben, Ziffern, Bindestriche); Bilder gehören nach veranstaltungen/bilder/")
            continue
        text = read_text(path, MAX_EVENT_BYTES, problems)
        if text is None:
            continue
        parts = front_matter_of(path, text, problems)
        if parts is None:
            continue
        front, body, body_line = parts
        meta, doc = _validate(path, front, EventMeta, problems, line_offset=1, cache=cache)
        for offset, message in check_body(body, f"{FOLDER}/{path.stem}/"):
            problems.add(path, body_line + offset, "Text", message.replace("Pressemitteilungen", "Veranstaltungen")
                         .replace("Text der Meldung", "Text der Veranstaltung"))
        if meta is None or doc is None:
            continue
        event = Event(path.stem, path, meta, body, body_line)

        def add(loc: tuple[Any, ...], name: str, message: str, path: Path = path, doc: yamlsafe.Document = doc) -> None:
            problems.add(path, doc.line_of(loc), name, message)

        _check_times(event, add)
        if m[1] != _day(meta.start).isoformat():
            add(("start",), "start", f"Beginn {_day(meta.start).isoformat()} passt nicht zum Dateinamen ({m[1]}); beide angleichen "
                "(bei verschobenen Veranstaltungen bleibt start der alte Termin, der neue steht unter moved_to)")
        if meta.place is None and (meta.online is None or (meta.online.url is None and meta.online.note is None)):
            problems.add(path, None, "place", "Ort fehlt: place (Name und Anschrift) oder online (Link, bei vergangenen "
                         "Veranstaltungen mindestens note) angeben")
        if meta.place is not None and meta.place.city is None and meta.online is None:
            add(("place",), "place", "Anschrift fehlt: mindestens den Ort (city) angeben, besser Straße, Postleitzahl und Ort; "
                "bei einer Online-Veranstaltung online mit Link")
        if meta.place is not None and meta.place.kommune is not None:
            slug = meta.place.kommune
            k = kommunen.get(slug)
            ref = k.ref if k else by_slug.get(slug)
            if ref is None:
                add(("place", "kommune"), "place.kommune",
                    f"keine sächsische Gemeinde „{slug}“{suggest(slug, list(kommunen) + list(by_slug))}")
            event.place_municipality = ref
        for i, slug in enumerate(meta.kommunen):
            k = kommunen.get(slug)
            if k is None:
                add(("kommunen", i), f"kommunen[{i + 1}]", f"keine Kommune „{slug}“{suggest(slug, kommunen)}; Kurznamen stehen in kommunen/*.yml")
            else:
                event.kommunen.append(k)
        for i, name in enumerate(meta.releases):
            r = release_slugs.get(name)
            if r is None:
                add(("releases", i), f"releases[{i + 1}]", f"keine Pressemitteilung news/{name}.md{suggest(name, release_slugs)}")
            else:
                event.releases.append(r)
        if meta.image is not None:  # by content, inside the folder (issue 12)
            _check_image(path, meta.image.src, doc.line_of(("image", "src")), problems, folder=FOLDER)
        if meta.id in ids:
            add(("id",), "id", f"ID ist schon vergeben ({problems.display(ids[meta.id])}); mit „asskomm neue-veranstaltung“ eine neue erzeugen")
        ids[meta.id] = path
        old = by_name.get(event.slug)
        if old is not None and old != meta.id:
            add(("id",), "id", f"die ID wurde nach der Veröffentlichung geändert (veröffentlicht als {old}); alte ID wiederherstellen, "
                "sonst zeigen Kalender die Veranstaltung doppelt")
        event.sequence, event.stamp = sequence_of(event, register.get(meta.id))
        events.append(event)
    events.sort(key=lambda e: (e.starts_at, e.slug))
    return events


def _day(t: date | datetime) -> date:
    return t.astimezone(BERLIN).date() if isinstance(t, datetime) else t


def _check_times(event: Event, add: Any) -> None:
    m = event.meta
    spans: list[tuple[tuple[str, ...], tuple[str, ...], Any, Any, str]] = [(("start",), ("end",), m.start, m.end, "end")]
    if m.moved_to is not None:
        spans.append((("moved_to", "start"), ("moved_to", "end"), m.moved_to.start, m.moved_to.end, "moved_to.end"))
    for _start_loc, end_loc, start, end, name in spans:
        if end is None:
            continue
        if isinstance(start, datetime) != isinstance(end, datetime):
            add(end_loc, name, "Beginn und Ende gleich schreiben: beide als Tag (JJJJ-MM-TT, ganztägig) oder beide mit Uhrzeit (JJJJ-MM-TT HH:MM)")
        elif end < start:
            add(end_loc, name, f"Ende ({end}) liegt vor dem Beginn ({start}); Ende nach dem Beginn angeben")
        elif isinstance(end, datetime) and end == start:
            add(end_loc, name, "Ende ist gleich dem Beginn; Ende weglassen, wenn es nicht bekannt ist")
    if m.status == "verschoben" and m.moved_to is None:
        add(("status",), "status", "„verschoben“ braucht den neuen Termin: moved_to mit start (und end) angeben; "
            "ist er noch offen, status: abgesagt und später eine neue Veranstaltung")
    if m.moved_to is not None and m.status != "verschoben":
        add(("moved_to",), "moved_to", f"ein neuer Termin passt nur zu status: verschoben (ist: {m.status})")
    if m.registration is not None:
        reg = m.registration
        if reg.url is None and reg.email is None:
            add(("registration",), "registration", "Anmeldung ohne Weg: url oder email angeben")
        if reg.deadline is not None:
            start = event.start
            deadline = reg.deadline
            later = (_as_start(deadline) > _as_start(start)) if isinstance(deadline, datetime) or isinstance(start, datetime) \
                else deadline > start
            if later:
                add(("registration", "deadline"), "registration.deadline",
                    f"Anmeldeschluss ({deadline}) liegt nach dem Beginn ({start}); Anmeldeschluss vor den Beginn legen")


# --- what the site shows -------------------------------------------------------------------------------


class EventView:
    """Events as the public site shows them at `view.now`: published ones (in preview also drafts and
    embargoed ones, marked), with upcoming and past lists and their scopes."""

    def __init__(self, view: SiteView) -> None:
        self.view = view
        self.now = view.now
        every: list[Event] = list(getattr(view.corpus, "events", []))
        self.public = [e for e in every if e.is_public(view.now)]
        self.shown = every if view.preview else self.public
        self.upcoming = [e for e in self.shown if e.ends_at > self.now]
        self.past = sorted((e for e in self.shown if e.ends_at <= self.now), key=lambda e: (e.starts_at, e.slug), reverse=True)
        self._visible = {k.slug for k in view.kommunen}

    def status_note(self, e: Event) -> str | None:
        if e.meta.draft:
            return "Entwurf – wird nicht veröffentlicht"
        if e.meta.published > self.now:
            return f"Sperrfrist bis {e.meta.published.astimezone(BERLIN):%d.%m.%Y, %H:%M} Uhr"
        return None

    def kommunen_of(self, e: Event) -> list[Kommune]:
        return [k for k in e.kommunen if k.slug in self._visible]

    def releases_of(self, e: Event) -> list[Release]:
        return [r for r in e.releases if r.is_public(self.now)]

    def place_kommune(self, e: Event) -> Kommune | None:
        """The member record of the place's municipality, when it has a public page."""
        ref = e.place_municipality
        if ref is None:
            return None
        return next((k for k in self.view.kommunen if k.ref.ags == ref.ags), None)

    def years(self) -> list[int]:
        return sorted({e.starts_at.year for e in self.past}, reverse=True)

    def past_in(self, year: int) -> list[Event]:
        return sorted((e for e in self.past if e.starts_at.year == year), key=lambda e: (e.starts_at, e.slug))

    def for_kommune(self, k: Kommune) -> list[Event]:
        return [e for e in self.upcoming if k in e.kommunen or (e.place_municipality is not None and e.place_municipality.ags == k.ref.ags)]

    def for_district(self, d: District) -> list[Event]:
        return in_district(self.upcoming, d)

    def for_police(self, p: PoliceDirectorate) -> list[Event]:
        return [e for e in self.upcoming if e.statewide or any(k.police.slug == p.slug for k in e.kommunen)]

    def calendar_events(self, events: list[Event] | None = None) -> list[Event]:
        """Public events for a subscribable calendar: upcoming ones and those ended within RECENT_DAYS."""
        since = self.now - timedelta(days=RECENT_DAYS)
        return [e for e in (events if events is not None else self.public) if e.is_public(self.now) and e.ends_at > since]



def in_district(events: list[Event], d: District) -> list[Event]:
    """The events with a municipality in `d`, and the statewide ones."""
    return [e for e in events if e.statewide or any(x.ags == d.ags for x in e.districts)]
