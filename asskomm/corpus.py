"""Load `kommunen/`, `kommunen/gruppen/` and `news/` into checked domain objects.

Every file is read and checked before anything is built; all problems are collected and raised
together as one `InputError`, so an editor fixes everything in one round and a bad input never
reaches the output.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
import datetime as dt  # `dt.date`: Event has a field named `date`
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from . import routes, yamlsafe
from .dates import ALLIANCE_FOUNDED, BERLIN, PartialDate
from .dialect import check_body
from .messages import explain, suggest
from .models import (Funding, GroupRecord, Milestone, MunicipalityRecord, PublishedFigure, PublishedFigures, Redirects,
                     ReleaseMeta, Signatory)
from .problems import InputError, Problems
from .sourcefiles import read_text
from .reference import District, Municipality, PoliceDirectorate, Reference, load_reference
from .text import SLUG_RE, slugify, text_problems
from .vocabulary import MILESTONE_SPANS

if TYPE_CHECKING:  # events imports this module
    from .events import Event as CalendarEvent

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELEASE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
MAX_RELEASE_BYTES = 256 * 1024
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Event:
    """A milestone as it applies to one municipality; `group` is set when a group signed it."""

    kind: str
    date: PartialDate
    source: str
    signatories: tuple[Signatory, ...] = ()
    note: str | None = None
    group: Group | None = None

    def known_on(self, day: dt.date) -> bool:
        # A month-only date counts from the month's last day: the site never claims more than is known.
        return self.date.latest <= day


@dataclass
class Kommune:
    slug: str
    path: Path
    record: MunicipalityRecord
    ref: Municipality
    events: list[Event] = field(default_factory=list)
    # events_on() per day: every page, counter and table asks for the same day many times (issue 7
    # profile). Keyed by the number of events too, so adding events (groups, while loading) never
    # serves a stale answer.
    _known: dict[tuple[dt.date, int], tuple[Event, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.record.name or self.ref.name

    @property
    def district(self) -> District:
        return self.ref.district

    @property
    def police(self) -> PoliceDirectorate:
        return self.ref.police

    @property
    def url(self) -> str:
        return routes.kommune(self.slug)

    def sort_events(self) -> None:
        """Date order after the groups' milestones were added; forgets what was known by day."""
        self.events.sort(key=lambda e: (e.date.sort_key, e.kind))
        self._known.clear()

    def events_on(self, day: dt.date) -> tuple[Event, ...]:
        key = (day, len(self.events))
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = tuple(e for e in self.events if e.known_on(day))
        return known

    def first(self, kind: str, day: dt.date) -> Event | None:
        return next((e for e in self.events_on(day) if e.kind == kind), None)


@dataclass
class Group:
    slug: str
    path: Path
    record: GroupRecord
    members: list[Kommune] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.record.name


@dataclass
class Release:
    slug: str  # the file name without `.md`: `2023-02-23-oelsnitz-kooperationsvereinbarung`
    path: Path
    meta: ReleaseMeta
    body: str
    body_line: int  # line of the body's first line in the file
    kommunen: list[Kommune] = field(default_factory=list)
    # `date: 2023-02-23` without a time: the source gives the day only. Pages show the day; feeds
    # and open data, which need a time, use 00:00 Europe/Berlin (README, "Feeds"), and open data
    # says `date_only`.
    date_only: bool = False

    @property
    def url(self) -> str:
        return routes.release(self.slug)

    @property
    def date(self) -> datetime:
        return self.meta.date

    @property
    def machine_date(self) -> str:
        """For `<time datetime>`: the day alone for a date-only release (no invented time)."""
        local = self.meta.date.astimezone(BERLIN)
        return local.date().isoformat() if self.date_only else local.isoformat()

    @property
    def image_path(self) -> Path | None:
        return self.path.parent / self.meta.image.src if self.meta.image else None

    def is_public(self, now: datetime) -> bool:
        return not self.meta.draft and self.meta.date <= now


@dataclass
class Corpus:
    root: Path
    reference: Reference
    kommunen: dict[str, Kommune]
    groups: dict[str, Group]
    releases: list[Release]  # all releases, drafts and embargoed included; newest first
    funding: Funding | None = None
    redirects: dict[str, str] = field(default_factory=dict)  # old address -> page source (.md), non-release pages
    # data/lpr-kennzahlen.yml: the LPR's published figures, with the line of each entry (for messages)
    published: list[tuple[PublishedFigure, int | None]] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)  # all of them (drafts, embargoed); by start

    @cached_property
    def records_digest(self) -> str:
        """A fingerprint of everything but the releases: records, groups, funding, redirects.
        Pages derived from the records alone (profiles without their release lists, Kreise, map,
        counters) are the same for the same digest and day, so `mkdocs serve` reuses them after an
        edit of a release (issue 7: preview latency). 418 records hash in about 5 ms."""
        digest = hashlib.sha256()
        entries: list[tuple[str, str, Kommune | Group]] = [("k", slug, k) for slug, k in sorted(self.kommunen.items())]
        entries += [("g", slug, g) for slug, g in sorted(self.groups.items())]
        for kind, slug, item in entries:
            digest.update(f"{kind}\0{slug}\0{item.path.name}\0".encode())
            digest.update(item.record.model_dump_json().encode())
        digest.update(b"\0f" + (self.funding.model_dump_json().encode() if self.funding else b""))
        digest.update(b"\0r" + repr(sorted(self.redirects.items())).encode())
        digest.update(b"\0p" + "".join(f.model_dump_json() for f, _ in self.published).encode())
        return digest.hexdigest()


ParseCache = dict[tuple[str, int, str], tuple[BaseModel, yamlsafe.Document]]


def load_corpus(root: Path, reference: Reference | None = None, cache: ParseCache | None = None) -> Corpus:
    """Read and check every input below `root`; raise InputError listing every problem found.

    `cache` (kept by the caller across rebuilds of one `mkdocs serve`) maps YAML text that checked
    cleanly to its validated model, so a rebuild parses only the files that changed (issue 7).
    Validation is a pure function of the text, so a hit gives exactly what parsing would.
    """
    root = Path(root)
    reference = reference or load_reference()
    problems = Problems(root)
    _check_symlinks(root, problems)
    kommunen = _load_kommunen(root / "kommunen", reference, problems, cache)
    groups = _load_groups(root / "kommunen" / "gruppen", kommunen, problems, cache, reference)
    for k in kommunen.values():
        k.sort_events()
        _check_chronology(k, problems)
    releases = _load_releases(root / "news", kommunen, problems, cache, reference)
    from . import register  # noqa: PLC0415 - register imports Release from this module (import cycle)

    register.check(root, releases, problems)
    funding = None
    if (root / "data" / "foerderung.yml").is_file():
        funding, _ = _read_yaml(root / "data" / "foerderung.yml", Funding, problems)
    redirects: dict[str, str] = {}
    if (root / "data" / "weiterleitungen.yml").is_file():
        table, _ = _read_yaml(root / "data" / "weiterleitungen.yml", Redirects, problems)
        redirects = dict(table.redirects) if table else {}
    _check_old_urls(releases, redirects, problems)
    published = _load_published(root / PUBLISHED_FILE, reference, problems)
    from .events import load_events  # noqa: PLC0415 - events reads Kommune and Release objects from this module (cycle)

    events = load_events(root, kommunen, releases, reference, problems, cache)
    if problems:
        raise InputError(problems)
    return Corpus(root, reference, kommunen, groups, releases, funding, redirects, published, events)


PUBLISHED_FILE = "data/lpr-kennzahlen.yml"


def _load_published(path: Path, reference: Reference, problems: Problems) -> list[tuple[PublishedFigure, int | None]]:
    """The LPR's published figures; checked like every input (counter, value, date, source, Kreis)."""
    if not path.is_file():
        return []
    table, doc = _read_yaml(path, PublishedFigures, problems)
    if table is None or doc is None:
        return []
    out = []
    known = sorted(d.slug for d in reference.districts.values())
    for i, figure in enumerate(table.kennzahlen):
        line = doc.line_of(("kennzahlen", i))
        if figure.kreis is not None and reference.district_by_slug(figure.kreis) is None:
            problems.add(path, doc.line_of(("kennzahlen", i, "kreis")), f"kennzahlen[{i + 1}].kreis",
                         f"kein Landkreis „{figure.kreis}“{suggest(figure.kreis, known)}")
            continue
        if figure.date.latest < ALLIANCE_FOUNDED:
            problems.add(path, doc.line_of(("kennzahlen", i, "date")), f"kennzahlen[{i + 1}].date",
                         f"{figure.date.short()} liegt vor der Gründung der Allianz (06.02.2019)")
            continue
        out.append((figure, line))
    return out


INPUT_FOLDERS = ("kommunen", "news", "veranstaltungen", "docs", "data")
IMAGE_SIGNATURES = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WebP"}


def _check_symlinks(root: Path, problems: Problems) -> None:
    """Every input stays inside the repository: a symbolic link anywhere in the input folders is an
    error (it could publish any file of the machine building the site)."""
    for folder in INPUT_FOLDERS:
        top = root / folder
        if top.is_symlink():
            problems.add(top, None, "", f"{folder}/ ist ein symbolischer Link; Eingaben müssen echte Dateien im Projektordner sein")
            continue
        for current, dirs, names in os.walk(top):
            for name in sorted(dirs + names):
                path = Path(current) / name
                if path.is_symlink():
                    problems.add(path, None, "", "ist ein symbolischer Link (nicht erlaubt: er könnte Dateien außerhalb des "
                                 "Projekts veröffentlichen); die Datei selbst hierher kopieren")


def image_format(data: bytes) -> str | None:
    """JPEG, PNG or WebP by the file's first bytes, else None."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def _check_image(path: Path, src: str, line: int | None, problems: Problems, folder: str = "news") -> None:
    news = path.parent
    image = news / src
    if ".." in Path(src).parts or not image.resolve().is_relative_to(news.resolve()):
        problems.add(path, line, "image.src", f"Pfad {src} verlässt den Ordner {folder}/; Bild nach {folder}/bilder/ legen")
        return
    if image.is_symlink() or not image.is_file():
        if not image.is_symlink():
            problems.add(path, line, "image.src", f"Bild {src} fehlt (erwartet unter {folder}/{src})")
        return
    with image.open("rb") as f:
        found = image_format(f.read(16))
    expected = IMAGE_SIGNATURES.get(image.suffix.lower().lstrip("."))
    if found is None:
        problems.add(path, line, "image.src", f"{folder}/{src} ist keine Bilddatei (Inhalt weder JPEG, PNG noch WebP); "
                     "das Bild als JPEG, PNG oder WebP speichern")
    elif found != expected:
        problems.add(path, line, "image.src", f"{folder}/{src} ist ein {found}-Bild, heißt aber .{image.suffix.lstrip('.')}; "
                     f"Endung passend zum Inhalt wählen")


def _missing_kommune(slug: str, kommunen: dict[str, Kommune], reference: Reference | None,
                     otherwise: str = "Kurznamen stehen in kommunen/*.yml") -> str:
    """`keine Kommune „x“ …`, saying when the municipality exists and only its record is missing."""
    message = f"keine Kommune „{slug}“{suggest(slug, kommunen)}"
    ref = next((m for m in reference.municipalities.values() if slugify(m.name) == slug), None) if reference else None
    if ref is not None:
        return (f"{message}: die Gemeinde {ref.name} (AGS {ref.ags}) gibt es, sie hat aber noch keinen Datensatz; "
                f"mit „asskomm neue-kommune {ref.ags}“ die Datei kommunen/{slug}.yml anlegen")
    return f"{message}; {otherwise}"


def _check_old_urls(releases: list[Release], redirects: dict[str, str], problems: Problems) -> None:
    """Each old address leads to exactly one place."""
    seen: dict[str, str] = {old: "data/weiterleitungen.yml" for old in redirects}
    for r in releases:
        for old in r.meta.old_urls:
            if old in seen:
                problems.add(r.path, None, "old_urls", f"{old} leitet schon weiter (in {seen[old]}); jede alte Adresse nur einmal angeben")
            seen[old] = problems.display(r.path)


def _read_yaml(path: Path, model: type[M], problems: Problems, cache: ParseCache | None = None) -> tuple[M | None, yamlsafe.Document | None]:
    try:
        raw = path.read_bytes()
        if len(raw) > yamlsafe.MAX_BYTES:
            problems.add(path, None, "", f"Datei ist zu groß ({len(raw) // 1024} KB, höchstens {yamlsafe.MAX_BYTES // 1024} KB)")
            return None, None
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path, None, "", f"Datei ist nicht UTF-8 kodiert (Byte {exc.start}); als UTF-8 speichern")
        return None, None
    bad = text_problems(text.replace("\r\n", "\n"), allow_zero_width=True)
    if bad:
        for line, col, message in bad:
            problems.add(path, line, "", f"Spalte {col}: {message}")
        return None, None
    return _validate(path, text, model, problems, line_offset=0, cache=cache)


def _validate(path: Path, text: str, model: type[M], problems: Problems, line_offset: int,
              cache: ParseCache | None = None) -> tuple[M | None, yamlsafe.Document | None]:
    key = (model.__name__, line_offset, text)
    if cache is not None and key in cache:
        return cache[key]  # type: ignore[return-value]
    before = len(problems)
    result = _validate_text(path, text, model, problems, line_offset)
    if cache is not None and result[0] is not None and len(problems) == before:
        cache[key] = result  # type: ignore[assignment]
    return result


def _validate_text(path: Path, text: str, model: type[M], problems: Problems, line_offset: int) -> tuple[M | None, yamlsafe.Document | None]:
    try:
        doc = yamlsafe.load(text, line_offset=line_offset)
    except yamlsafe.YamlProblem as exc:
        problems.add(path, exc.line, "", exc.message)
        return None, None
    if not isinstance(doc.data, dict):
        problems.add(path, doc.line_of(()), "", "erwartet Felder der Form „feld: wert“ auf oberster Ebene")
        return None, doc
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        for loc, field_name, message in explain(exc, model):
            problems.add(path, doc.line_of(loc), field_name, message)
        return None, doc


def _check_slug(path: Path, problems: Problems, seen: dict[str, Path]) -> str | None:
    slug = path.stem
    if not SLUG_RE.match(slug):
        problems.add(path, None, "Dateiname", f"„{path.name}“: nur Kleinbuchstaben a–z, Ziffern und Bindestriche erlaubt "
                     f"(umbenennen in {slugify(slug) or 'kurzname'}{path.suffix})")
        return None
    if slug.casefold() in seen:
        problems.add(path, None, "Dateiname", f"Kurzname „{slug}“ ist schon vergeben ({problems.display(seen[slug.casefold()])})")
        return None
    seen[slug.casefold()] = path
    return slug


def _yaml_records(folder: Path, model: type[M], problems: Problems, cache: ParseCache | None,
                  noun: str) -> Iterator[tuple[Path, str, M, yamlsafe.Document]]:
    """Every `*.yml` directly in `folder` with a valid slug and a valid record; problems for the rest."""
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_dir() or path.is_symlink():
            continue  # symbolic links are reported by _check_symlinks
        if path.suffix != ".yml":
            problems.add(path, None, "Dateiname", f"{noun} enden auf .yml")
            continue
        slug = _check_slug(path, problems, seen)
        record, doc = _read_yaml(path, model, problems, cache)
        if record is not None and slug is not None and doc is not None:
            yield path, slug, record, doc


def _load_kommunen(folder: Path, reference: Reference, problems: Problems, cache: ParseCache | None = None) -> dict[str, Kommune]:
    kommunen: dict[str, Kommune] = {}
    by_ags: dict[str, Path] = {}
    for path, slug, record, doc in _yaml_records(folder, MunicipalityRecord, problems, cache, "Datensätze"):
        ags = reference.renamed_ags.get(record.ags, record.ags)
        ref = reference.municipalities.get(ags)
        if ref is None:
            problems.add(path, doc.line_of(("ags",)), "ags", f"{record.ags} ist keine sächsische Gemeinde (418 Gemeinden, Stand 2023); AGS im Gemeindeverzeichnis prüfen")
            continue
        if record.ags != ags:
            problems.add(path, doc.line_of(("ags",)), "ags", f"{record.ags} gehört zu einer aufgelösten Gemeinde; heute {ags} ({ref.name})")
            continue
        if ags in by_ags:
            problems.add(path, doc.line_of(("ags",)), "ags", f"{ags} ({ref.name}) hat schon einen Datensatz: {problems.display(by_ags[ags])}")
            continue
        by_ags[ags] = path
        k = Kommune(slug, path, record, ref)
        k.events = [_event(m) for m in record.milestones]
        kommunen[slug] = k
    return kommunen


def _event(m: Milestone, group: Group | None = None) -> Event:
    return Event(m.type, m.date, m.source, tuple(m.signatories), m.note, group)


def _load_groups(folder: Path, kommunen: dict[str, Kommune], problems: Problems, cache: ParseCache | None = None,
                 reference: Reference | None = None) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for path, slug, record, doc in _yaml_records(folder, GroupRecord, problems, cache, "Gruppen-Datensätze"):
        group = Group(slug, path, record)
        for i, member in enumerate(record.members):
            k = kommunen.get(member)
            if k is None:
                problems.add(path, doc.line_of(("members", i)), f"members[{i + 1}]",
                             _missing_kommune(member, kommunen, reference,
                                              f"jedes Mitglied braucht einen Datensatz kommunen/{member}.yml"))
                continue
            if k in group.members:
                problems.add(path, doc.line_of(("members", i)), f"members[{i + 1}]", f"„{member}“ steht doppelt")
                continue
            group.members.append(k)
            k.events.extend(_event(m, group) for m in record.milestones)
        groups[slug] = group
    return groups


def _check_chronology(k: Kommune, problems: Problems) -> None:
    """Spans end after they start; an agreement before the founding only as Modellkommune history."""
    for start, end in MILESTONE_SPANS:
        starts = [e for e in k.events if e.kind == start]
        for e in (e for e in k.events if e.kind == end):
            if not starts or min(s.date.earliest for s in starts) > e.date.latest:
                problems.add(k.path, None, "milestones",
                             f"{e.kind} am {e.date.short()} liegt vor jedem {start}; Ende braucht einen früheren Beginn")
    is_model = any(e.kind == "modellkommune" for e in k.events)
    for e in k.events:
        if e.kind == "kooperationsvereinbarung" and e.date.latest < ALLIANCE_FOUNDED and not is_model:
            problems.add(k.path, None, "milestones",
                         f"Kooperationsvereinbarung am {e.date.short()} liegt vor der Gründung der Allianz (06.02.2019); "
                         "nur für Modellkommunen erlaubt (Meilenstein modellkommune ergänzen)")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line of the body) for `---\\n...\\n---\\n body`, else None."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return None


def front_matter_of(path: Path, text: str, problems: Problems) -> tuple[str, str, int] | None:
    """`split_front_matter` for an input file (release, event), or None after problems: every refused
    character anywhere in the file (front matter, comments, body) with its line and column, or no
    front matter (naming the fix). Field values written as YAML escapes are checked by their fields."""
    bad = text_problems(text)
    if bad:
        for line, col, message in bad:
            problems.add(path, line, "", f"Spalte {col}: {message}")
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.add(path, 1, "", "Kopfdaten fehlen: die Datei beginnt mit einer Zeile „---“, dann die Felder, dann wieder „---“")
    return parts


def _load_releases(folder: Path, kommunen: dict[str, Kommune], problems: Problems, cache: ParseCache | None = None,
                   reference: Reference | None = None) -> list[Release]:
    releases: list[Release] = []
    ids: dict[str, Path] = {}
    if not folder.is_dir():
        return releases
    for path in sorted(folder.glob("*")):
        if path.is_dir() or path.name == "veroeffentlicht.yml" or path.is_symlink():
            continue  # images and templates live in subfolders; the id register beside them; links are reported
        m = RELEASE_NAME.match(path.name)
        if not m and path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".svg"):
            problems.add(path, None, "Dateiname", f"Bilder gehören in den Ordner news/bilder/ (dann image.src: bilder/{path.name})")
            continue
        if not m:
            date_part = re.match(r"^\d{4}-\d{2}-\d{2}-", path.name)
            hint = f" (umbenennen in {date_part[0]}{slugify(path.stem[11:])}.md)" if date_part and path.suffix == ".md" else ""
            problems.add(path, None, "Dateiname", f"„{path.name}“ muss JJJJ-MM-TT-kurzname.md heißen (Kleinbuchstaben, Ziffern, Bindestriche){hint}")
            continue
        text = read_text(path, MAX_RELEASE_BYTES, problems)
        if text is None:
            continue
        parts = front_matter_of(path, text, problems)
        if parts is None:
            continue
        front, body, body_line = parts
        meta, doc = _validate(path, front, ReleaseMeta, problems, line_offset=1, cache=cache)
        for offset, message in check_body(body, routes.release(path.stem)):
            problems.add(path, body_line + offset, "Text", message)
        if meta is None or doc is None:
            continue
        day = meta.date.astimezone(BERLIN).date().isoformat()
        if m[1] != day:
            problems.add(path, doc.line_of(("date",)), "date", f"Datum {day} passt nicht zum Dateinamen ({m[1]}); beide angleichen")
        if meta.id in ids:
            problems.add(path, doc.line_of(("id",)), "id", f"ID ist schon vergeben ({problems.display(ids[meta.id])}); mit „asskomm neue-meldung“ eine neue erzeugen")
        ids[meta.id] = path
        raw_date = doc.data.get("date") if isinstance(doc.data, dict) else None
        release = Release(path.stem, path, meta, body, body_line,
                          date_only=isinstance(raw_date, str) and DATE_ONLY.match(raw_date.strip()) is not None)
        for i, slug in enumerate(meta.kommunen):
            k = kommunen.get(slug)
            if k is None:
                problems.add(path, doc.line_of(("kommunen", i)), f"kommunen[{i + 1}]", _missing_kommune(slug, kommunen, reference))
            else:
                release.kommunen.append(k)
        if meta.image is not None:
            _check_image(path, meta.image.src, doc.line_of(("image", "src")), problems)
        releases.append(release)
    releases.sort(key=lambda r: (r.date, r.slug), reverse=True)
    return releases
