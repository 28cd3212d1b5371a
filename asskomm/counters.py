"""Counters and ordinals derived from dated milestones, as of any day. Pure functions.

Definitions (see README, "Zähler"):
- beraten: municipalities with any milestone (every milestone implies advice by the LPR);
- vorvereinbarungen / kooperationsvereinbarungen / kpr / modellkommunen: municipalities that reached it;
- coachings: coachings running on the day (started, not yet ended);
- sicherheitsanalysen: analyses completed (ended) by the day;
- zusammenarbeit: municipalities with an agreement, a coaching or an analysis (started).
Municipalities are counted, not documents: a group signing counts once per member.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from . import concepts
from .corpus import Event, Kommune

# Status text of a stage key (registry: `concepts.STAGES`).
STAGE_LABELS = {s.key: s.status for s in concepts.STAGES}


# A rule sees one municipality's milestones known on the day, and the set of their kinds (computed
# once per municipality and day: the growth chart asks for every month end since 2019).
Rule = Callable[[tuple[Event, ...], frozenset[str]], bool]


def _has(*kinds: str) -> Rule:
    wanted = frozenset(kinds)
    return lambda _events, known: bool(known & wanted)


def _coaching_running(events: tuple[Event, ...], known: frozenset[str]) -> bool:
    if "coaching-start" not in known:
        return False
    starts = sorted(e.date.sort_key for e in events if e.kind == "coaching-start")
    ends = sorted(e.date.sort_key for e in events if e.kind == "coaching-ende")
    return not ends or ends[-1] < starts[-1]


@dataclass(frozen=True)
class Counter:
    """One counter, defined once: its key (field of `Counts`, marker `{{ zahl:<key> }}`), its label
    (counter boxes, chart, marker list), the rule, and where else it shows."""

    key: str
    label: str
    rule: Rule
    column: str | None  # heading of its column in the Kreis and Polizeidirektion tables (HTML), or none
    definition: str  # "counts municipalities …" (README table, `readme_table()`)


COUNTERS: tuple[Counter, ...] = (
    Counter("beraten", "Kommunen beraten", lambda _events, known: bool(known), "beraten",
            "with any milestone (every milestone implies advice by the LPR)"),
    Counter("vorvereinbarungen", "Vorvereinbarungen", _has("vorvereinbarung"), None, "that reached a Vorvereinbarung"),
    Counter("kooperationsvereinbarungen", "Kooperationsvereinbarungen", _has("kooperationsvereinbarung"),
            "Kooperations&shy;vereinbarungen", "that signed a Kooperationsvereinbarung"),
    Counter("coachings", "laufende Coaching-Prozesse", _coaching_running, "laufende Coachings",
            "whose latest coaching started and has not ended"),
    Counter("sicherheitsanalysen", "Sicherheitsanalysen erstellt", _has("sicherheitsanalyse-ende"), "Sicherheits&shy;analysen",
            "with a completed (`sicherheitsanalyse-ende`) analysis"),
    Counter("kpr", "Kommunale Präventionsräte", _has("kpr-gegruendet", "kpr-reaktiviert"), "KPR",
            "that founded or revived a KPR"),
    Counter("zusammenarbeit", "Kommunen in Zusammenarbeit", _has("kooperationsvereinbarung", "coaching-start", "sicherheitsanalyse-start"),
            None, "with an agreement, a coaching or an analysis (started)"),
    Counter("modellkommunen", "Modellkommunen", _has("modellkommune"), None, "that were a Modellkommune of the pilot phase"),
)
COUNTER_BY_KEY: dict[str, Counter] = {c.key: c for c in COUNTERS}
TABLE_COUNTERS: tuple[Counter, ...] = tuple(c for c in COUNTERS if c.column)
_INDEX = {c.key: i for i, c in enumerate(COUNTERS)}


def readme_table() -> str:
    """The README's table of counters (a test keeps README.md in step)."""
    rows = [f"| `{c.key}` | {c.label} | {c.definition} |" for c in COUNTERS]
    return "\n".join(["| key | label | counts municipalities … |", "|---|---|---|", *rows])


def holds(counter: str, k: Kommune, day: date) -> bool:
    """Whether municipality `k` counts for `counter` on `day`."""
    events = k.events_on(day)
    return COUNTER_BY_KEY[counter].rule(events, frozenset(e.kind for e in events))


@dataclass(frozen=True)
class Counts:
    """The value of every counter, in the order of `COUNTERS`; `counts.kpr` or `counts["kpr"]`."""

    values: tuple[int, ...] = (0,) * len(COUNTERS)

    def __getattr__(self, key: str) -> int:
        if key in _INDEX:
            return self.values[_INDEX[key]]
        raise AttributeError(key)

    def __getitem__(self, key: str) -> int:
        return self.values[_INDEX[key]]

    def items(self) -> list[tuple[str, str, int]]:
        return [(c.key, c.label, v) for c, v in zip(COUNTERS, self.values, strict=True)]


def count(kommunen: Iterable[Kommune], day: date) -> Counts:
    values = [0] * len(COUNTERS)
    rules = list(enumerate(c.rule for c in COUNTERS))
    for k in kommunen:
        events = k.events_on(day)
        if not events:
            continue  # no rule holds for a municipality without a known milestone
        known = frozenset(e.kind for e in events)
        for i, rule in rules:
            values[i] += rule(events, known)
    return Counts(tuple(values))


def count_by(kommunen: Iterable[Kommune], day: date, key: Callable[[Kommune], str]) -> dict[str, Counts]:
    groups: dict[str, list[Kommune]] = {}
    for k in kommunen:
        groups.setdefault(key(k), []).append(k)
    return {g: count(members, day) for g, members in groups.items()}


def stage(k: Kommune, day: date) -> str | None:
    """The furthest of kontakt < vorvereinbarung < kooperationsvereinbarung reached by `day`."""
    kinds = {e.kind for e in k.events_on(day)}
    if not kinds:
        return None
    for s in concepts.STAGES:  # furthest first
        if s.key in kinds:
            return s.key
    return "kontakt"  # any other milestone implies advice


@dataclass(frozen=True)
class Ordinal:
    state: int  # rank among all agreements in Saxony
    district: int  # rank within the Landkreis / kreisfreie Stadt


def ordinals(kommunen: Iterable[Kommune], day: date, kind: str = "kooperationsvereinbarung") -> dict[str, Ordinal]:
    """Rank municipalities by the date of their first `kind` milestone known on `day`.

    Competition ranking: municipalities that signed on the same date (a group) share a rank, and the
    next one skips accordingly (1, 2, 2, 4), so ranks keep counting municipalities.
    """
    dated = []
    for k in kommunen:
        first = k.first(kind, day)
        if first is not None:
            dated.append((first.date.sort_key, k))
    # Rank = 1 + number of strictly earlier keys: a bisection in sorted keys, not a scan per municipality.
    state_keys = sorted(key for key, _ in dated)
    district_keys: dict[str, list[tuple[date, date]]] = {}
    for key, k in dated:
        district_keys.setdefault(k.district.ags, []).append(key)
    for keys in district_keys.values():
        keys.sort()
    result: dict[str, Ordinal] = {}
    for key, k in dated:
        result[k.slug] = Ordinal(1 + bisect_left(state_keys, key), 1 + bisect_left(district_keys[k.district.ags], key))
    return result


def series(kommunen: list[Kommune], days: Iterable[date]) -> list[tuple[date, Counts]]:
    """Counts on each of `days` (for growth charts and for checking against published figures)."""
    return [(d, count(kommunen, d)) for d in days]
