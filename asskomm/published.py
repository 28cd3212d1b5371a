"""The LPR's published figures (`data/lpr-kennzahlen.yml`) beside the counters derived from the records.

The records are incomplete, the published figures are not derived from them: the site shows both and
says how complete the records are. Where the records, as of the day of a published figure, hold MORE
than the LPR published, a date in the records is wrong (or the figure is): that is an input error.
Where they hold fewer, it is a completeness figure ("40 von mindestens 60 erfasst").

Units: the LPR counts Kooperationsvereinbarungen as agreements, so a group that signed one agreement
together (a Verwaltungsgemeinschaft, a Städtebund) counts once in the comparison; the site's own counter
counts municipalities. Every other counter counts municipalities on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .corpus import Corpus, Kommune
from .counters import COUNTER_BY_KEY, holds
from .models import PublishedFigure

# A counter whose records hold less than this share of the latest published figure is "thinly
# covered": the page leads with what the LPR published, never with a bare small number or 0.
THIN_SHARE = 0.5


def derived_value(counter: str, kommunen: Iterable[Kommune], day: date) -> int:
    """The records' value of `counter` on `day`, in the unit of the published figures."""
    if counter == "kooperationsvereinbarungen":
        parties = set()
        for k in kommunen:
            event = k.first("kooperationsvereinbarung", day)
            if event is not None:
                parties.add(("gruppe", event.group.slug) if event.group else ("kommune", k.slug))
        return len(parties)
    return sum(1 for k in kommunen if holds(counter, k, day))


@dataclass(frozen=True)
class Comparison:
    figure: PublishedFigure
    index: int  # position in the file (0-based)
    line: int | None
    derived: int  # what the records hold on `day`

    @property
    def day(self) -> date:
        """The day compared: the day of the statement; for a month-only one, its first day (the
        earliest it may mean, so that "more than published" is never claimed wrongly)."""
        return self.figure.date.earliest

    @property
    def value(self) -> int:
        return self.figure.value

    @property
    def too_many(self) -> bool:
        return self.derived > self.figure.value

    @property
    def missing(self) -> int:
        return max(0, self.figure.value - self.derived)

    @property
    def share(self) -> float:
        return 1.0 if self.figure.value == 0 else min(1.0, self.derived / self.figure.value)

    @property
    def thin(self) -> bool:
        return self.share < THIN_SHARE

    @property
    def label(self) -> str:
        return COUNTER_BY_KEY[self.figure.counter].label


def compare(corpus: Corpus, today: date) -> list[Comparison]:
    """Every published figure dated up to `today`, with what the records hold on its day."""
    out = []
    everyone = list(corpus.kommunen.values())
    for index, (figure, line) in enumerate(corpus.published):
        if figure.date.earliest > today:
            continue
        scope = everyone if figure.kreis is None else [k for k in everyone if k.district.slug == figure.kreis]
        out.append(Comparison(figure, index, line, derived_value(figure.counter, scope, figure.date.earliest)))
    return out


def latest(comparisons: Iterable[Comparison], kreis: str | None = None) -> dict[str, Comparison]:
    """The newest published figure per counter, statewide (`kreis` None) or for one Landkreis."""
    out: dict[str, Comparison] = {}
    for c in comparisons:
        if c.figure.kreis != kreis:
            continue
        key = c.figure.counter
        if key not in out or c.figure.date.sort_key >= out[key].figure.date.sort_key:
            out[key] = c
    return out


def too_many_message(c: Comparison, kommunen: Iterable[Kommune]) -> str:
    """The error for a figure the records exceed, naming the newest records that count."""
    counted = sorted((e.date.sort_key, k.name) for k in kommunen
                     if (e := k.first(_milestone_of(c.figure.counter), c.day)) is not None)
    newest = ", ".join(f"{name}" for _, name in counted[-5:])
    where = f" im Kreis „{c.figure.kreis}“" if c.figure.kreis else ""
    return (f"{c.label}{where}: die Datensätze halten am {c.day:%d.%m.%Y} {c.derived}, der LPR veröffentlichte {c.value} "
            f"({c.figure.source}). Ein Datum ist zu früh erfasst oder die Zahl falsch übernommen; zuletzt gezählt: {newest}")


def _milestone_of(counter: str) -> str:
    return {"kooperationsvereinbarungen": "kooperationsvereinbarung", "vorvereinbarungen": "vorvereinbarung",
            "modellkommunen": "modellkommune", "coachings": "coaching-start",
            "sicherheitsanalysen": "sicherheitsanalyse-ende", "kpr": "kpr-gegruendet"}.get(counter, "kontakt")


def completeness_lines(comparisons: Iterable[Comparison]) -> list[str]:
    """`asskomm check`: one line per counter with its newest statewide figure."""
    lines = []
    for c in latest(comparisons).values():
        lines.append(f"  {c.label}: {c.derived} von mindestens {c.value} erfasst "
                     f"(laut LPR {c.value} {c.figure.date.when()}; {c.share:.0%})")
    return lines
