"""Inputs for the map, the A–Z list and the growth chart, derived from the public municipalities and the day. Pure functions.

The map layers are defined by the same rules as the counters (`counters.COUNTERS`, `concepts.LAYERS`), so the count
next to each layer toggle is, by construction, the counter on the home page and on /zahlen/.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from . import concepts
from .corpus import Kommune
from .counters import STAGE_LABELS, Counts, holds, series, stage
from .namesearch import search_aliases
from .reference import District, Municipality
from .svgmap import render_locator_map
from .text import slugify

MAP_LAYERS = concepts.LAYERS  # in the order of the toggles

# Counters drawn in the growth chart (at most five: the chart has five distinct line styles).
CHART_COUNTERS: tuple[str, ...] = ("beraten", "vorvereinbarungen", "kooperationsvereinbarungen", "sicherheitsanalysen", "kpr")
CHART_START = (2019, 2)  # the alliance was founded on 6 February 2019

NOT_YET = concepts.NO_STAGE.status


def statuses(kommunen: Sequence[Kommune], today: date) -> dict[str, str]:
    """AGS -> furthest stage for every public municipality."""
    return {k.ref.ags: s for k in kommunen if (s := stage(k, today))}


def layer_sets(kommunen: Sequence[Kommune], today: date) -> dict[str, set[str]]:
    """Map layer key -> AGS of the municipalities the matching counter counts today."""
    return {layer.key: {k.ref.ags for k in kommunen if holds(layer.counter, k, today)}
            for layer in MAP_LAYERS}


def layer_counts(counts: Counts) -> dict[str, int]:
    return {layer.key: counts[layer.counter] for layer in MAP_LAYERS}


def month_ends(start: tuple[int, int], today: date) -> list[date]:
    """The last day of every month from `start` up to the month before `today`, then `today` itself.

    The current month ends at `today`, not at its last day: counting as of a later day would let
    milestones that are not public yet into the chart.
    """
    days: list[date] = []
    y, m = start
    while (y, m) < (today.year, today.month):
        days.append(date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if date(*start, 1) <= today:
        days.append(today)
    return days


def growth(kommunen: Sequence[Kommune], today: date, counters: tuple[str, ...] = CHART_COUNTERS) -> dict[str, list[tuple[date, int]]]:
    """Counter key -> [(day, value)] for every month end since the founding, ending today."""
    points: list[tuple[date, Counts]] = series(list(kommunen), month_ends(CHART_START, today))
    return {c: [(d, getattr(counts, c)) for d, counts in points] for c in counters}


def changes_only(data: dict[str, list[tuple[date, int]]]) -> dict[str, list[tuple[date, int]]]:
    """Keep the first and last point and every point where any series changed (for the table)."""
    if not data:
        return data
    n = len(next(iter(data.values())))
    keep = [i for i in range(n)
            if i in (0, n - 1) or any(pts[i][1] != pts[i - 1][1] for pts in data.values())]
    return {k: [pts[i] for i in keep] for k, pts in data.items()}


@dataclass(frozen=True)
class GemeindeEntry:
    """One line of the A–Z list: any of Saxony's 418 municipalities, member or not."""

    ref: Municipality
    anchor: str
    kommune: Kommune | None
    status: str  # German label
    aliases: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.kommune.name if self.kommune else self.ref.name

    @property
    def district(self) -> District:
        return self.ref.district


def sort_key(name: str) -> tuple[str, str]:
    """German phone-book order: umlauts as their base vowel plus e (ö = oe), case-insensitive."""
    return (slugify(name), name)


def gemeinden(kommunen: Sequence[Kommune], today: date, municipalities: Iterable[Municipality]) -> list[GemeindeEntry]:
    """All municipalities of the reference list, in A–Z order, with their status as of today."""
    by_ags = {k.ref.ags: k for k in kommunen}
    refs = sorted(municipalities, key=lambda m: sort_key(m.name))
    slugs = Counter(slugify(m.name) for m in refs)
    out = []
    for m in refs:
        k = by_ags.get(m.ags)
        reached = stage(k, today) if k else None
        slug = slugify(m.name)
        anchor = slug if slugs[slug] == 1 else f"{slug}-{m.ags}"
        aliases = search_aliases(m.name)
        if k and k.name != m.name:
            aliases = [k.name, *search_aliases(k.name), *aliases]
        out.append(GemeindeEntry(m, anchor, k, STAGE_LABELS[reached] if reached else NOT_YET, tuple(dict.fromkeys(aliases))))
    return out


def initial(name: str) -> str:
    return slugify(name)[:1].upper()


def locator_for_kommune(k: Kommune) -> str:
    return render_locator_map({k.ref.ags}, k.district.ags, f"Lage von {k.name}")


def locator_for_district(d: District) -> str:
    return render_locator_map(set(), d.ags, f"Lage: {d.label}")


def police_area(municipalities: Iterable[Municipality], slug: str) -> frozenset[str]:
    """AGS of the municipalities in the area of the Polizeidirektion `slug`."""
    return frozenset(m.ags for m in municipalities if m.police.slug == slug)


def locator_for_police(ags: frozenset[str], label: str) -> str:
    return render_locator_map(set(ags), None, f"Zuständigkeitsbereich der {label}",
                              desc=f"Lage der Kreise im Bereich der {label} in Sachsen.")
