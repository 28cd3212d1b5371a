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
from dataclasses import dataclass, fields
from datetime import date

from .corpus import Event, Kommune

STAGES = ("kontakt", "vorvereinbarung", "kooperationsvereinbarung")
STAGE_LABELS = {
    "kontakt": "beraten",
    "vorvereinbarung": "Vorvereinbarung",
    "kooperationsvereinbarung": "ASSKomm-Kommune (Kooperationsvereinbarung)",
}


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


COUNTER_RULES: dict[str, tuple[str, Rule]] = {
    "beraten": ("Kommunen beraten", lambda _events, known: bool(known)),
    "vorvereinbarungen": ("Vorvereinbarungen", _has("vorvereinbarung")),
    "kooperationsvereinbarungen": ("Kooperationsvereinbarungen", _has("kooperationsvereinbarung")),
    "coachings": ("laufende Coaching-Prozesse", _coaching_running),
    "sicherheitsanalysen": ("Sicherheitsanalysen erstellt", _has("sicherheitsanalyse-ende")),
    "kpr": ("Kommunale Präventionsräte", _has("kpr-gegruendet", "kpr-reaktiviert")),
    "zusammenarbeit": ("Kommunen in Zusammenarbeit", _has("kooperationsvereinbarung", "coaching-start", "sicherheitsanalyse-start")),
    "modellkommunen": ("Modellkommunen", _has("modellkommune")),
}


def holds(counter: str, k: Kommune, day: date) -> bool:
    """Whether municipality `k` counts for `counter` on `day`."""
    events = k.events_on(day)
    return COUNTER_RULES[counter][1](events, frozenset(e.kind for e in events))


@dataclass(frozen=True)
class Counts:
    beraten: int = 0
    vorvereinbarungen: int = 0
    kooperationsvereinbarungen: int = 0
    coachings: int = 0
    sicherheitsanalysen: int = 0
    kpr: int = 0
    zusammenarbeit: int = 0
    modellkommunen: int = 0

    def items(self) -> list[tuple[str, str, int]]:
        return [(f.name, COUNTER_RULES[f.name][0], getattr(self, f.name)) for f in fields(self)]


def count(kommunen: Iterable[Kommune], day: date) -> Counts:
    values = dict.fromkeys(COUNTER_RULES, 0)
    rules = [(key, rule) for key, (_, rule) in COUNTER_RULES.items()]
    for k in kommunen:
        events = k.events_on(day)
        if not events:
            continue  # no rule holds for a municipality without a known milestone
        known = frozenset(e.kind for e in events)
        for key, rule in rules:
            values[key] += rule(events, known)
    return Counts(**values)


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
    for s in reversed(STAGES):
        if s in kinds:
            return s
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
