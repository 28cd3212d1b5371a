"""What the public site shows at one moment: the corpus filtered by the clock, with derived figures.

Everything time-dependent goes through here, so an embargoed release or a future milestone cannot
reach any page, list, counter or feed: they are simply not in the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .corpus import Corpus, Kommune, Release
from .counters import Counts, Ordinal, count, count_by, ordinals, stage
from .dates import BERLIN
from .published import Comparison, compare, latest
from .events import EventView
from .reference import District, PoliceDirectorate
from .urls import absolute


@dataclass
class SiteView:
    corpus: Corpus
    now: datetime
    site_url: str
    preview: bool = False  # local preview: also show drafts and embargoed releases, marked
    today: date = field(init=False)
    kommunen: list[Kommune] = field(init=False)
    releases: list[Release] = field(init=False)
    counts: Counts = field(init=False)
    by_district: dict[str, Counts] = field(init=False)
    by_police: dict[str, Counts] = field(init=False)
    ordinal: dict[str, Ordinal] = field(init=False)
    comparisons: list[Comparison] = field(init=False)  # every published figure up to today, with the records' value
    published: dict[str, Comparison] = field(init=False)  # the newest statewide figure per counter
    events: EventView = field(init=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("now must be time-zone aware")
        self.today = self.now.astimezone(BERLIN).date()
        # A record whose every milestone lies in the future is not published yet either.
        self.kommunen = sorted((k for k in self.corpus.kommunen.values() if k.events_on(self.today)), key=lambda k: (k.name.casefold(), k.slug))
        self.releases = [r for r in self.corpus.releases if self.preview or r.is_public(self.now)]
        self._visible = {k.slug for k in self.kommunen}
        self.counts = count(self.kommunen, self.today)
        self.by_district = count_by(self.kommunen, self.today, lambda k: k.district.ags)
        self.by_police = count_by(self.kommunen, self.today, lambda k: k.police.slug)
        self.ordinal = ordinals(self.kommunen, self.today)
        self.comparisons = compare(self.corpus, self.today)
        self.published = latest(self.comparisons)
        self.events = EventView(self)  # events as of `now` (issue 16)
        # Indexes built once: asking every release for every municipality and Kreis was O(releases x
        # pages) (issue 7 profile).
        self._by_kommune: dict[str, list[Release]] = {}
        self._by_district: dict[str, list[Release]] = {}
        for r in self.releases:
            for slug in dict.fromkeys(k.slug for k in r.kommunen):
                self._by_kommune.setdefault(slug, []).append(r)
            for ags in dict.fromkeys(k.district.ags for k in self.kommunen_of(r)):
                self._by_district.setdefault(ags, []).append(r)

    @property
    def districts(self) -> list[District]:
        return sorted(self.corpus.reference.districts.values(), key=lambda d: d.label.casefold())

    @property
    def police(self) -> list[PoliceDirectorate]:
        return sorted(self.corpus.reference.police.values(), key=lambda p: p.name)

    def published_for_district(self, d: District) -> dict[str, Comparison]:
        return latest(self.comparisons, d.slug)

    def stage(self, k: Kommune) -> str | None:
        return stage(k, self.today)

    def kommunen_in_district(self, d: District) -> list[Kommune]:
        return [k for k in self.kommunen if k.district.ags == d.ags]

    def kommunen_in_police(self, p: PoliceDirectorate) -> list[Kommune]:
        return [k for k in self.kommunen if k.police.slug == p.slug]

    def is_visible(self, k: Kommune) -> bool:
        """Whether `k` has a public page."""
        return k.slug in self._visible

    def kommunen_of(self, r: Release) -> list[Kommune]:
        """The municipalities a release names that have a public page."""
        return [k for k in r.kommunen if k.slug in self._visible]

    def releases_for(self, k: Kommune) -> list[Release]:
        return list(self._by_kommune.get(k.slug, ()))

    def releases_for_district(self, d: District) -> list[Release]:
        return list(self._by_district.get(d.ags, ()))

    def status_note(self, r: Release) -> str | None:
        """The preview banner for a release that is not public yet."""
        if r.meta.draft:
            return "Entwurf – wird nicht veröffentlicht"
        if r.date > self.now:
            if r.date_only:
                return f"Sperrfrist bis {r.date.astimezone(BERLIN):%d.%m.%Y}"
            return f"Sperrfrist bis {r.date.astimezone(BERLIN):%d.%m.%Y, %H:%M} Uhr"
        return None

    def absolute(self, url: str) -> str:
        return absolute(self.site_url, url)


def published_ordinal(k: Kommune, today: date, comparisons: Sequence[Comparison],
                      kommunen: Sequence[Kommune]) -> tuple[int | None, int | None, str] | None:
    """The LPR's own ordinal for `k`'s agreement where a published figure states it: (statewide
    rank, rank in the Kreis or None, source). A published figure dated the day of the agreement
    that the municipality signed alone gives its rank."""
    event = k.first("kooperationsvereinbarung", today)
    if event is None or event.group is not None or event.date.day is None or event.date.bound_only:
        return None
    on_day = [c for c in comparisons if c.figure.counter == "kooperationsvereinbarungen" and c.figure.date == event.date]
    if not on_day:
        return None
    if any(other is not k and (e := other.first("kooperationsvereinbarung", today)) and e.date == event.date
           for other in kommunen):
        return None  # two signings on one day: the figure does not say which is which
    state = next((c for c in on_day if c.figure.kreis is None), None)
    district = next((c for c in on_day if c.figure.kreis == k.district.slug), None)
    source = state or district
    if source is None:
        return None
    return (state.value if state else None, district.value if district else None, source.figure.source)
