"""Saxony's municipalities, districts (Kreise) and police directorates from the reference data.

Names, districts and police directorates come from `data/referenz/` (see its SOURCES.md), so records
identify a municipality by its AGS and never retype these facts.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import routes
from .text import slugify

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "referenz"
CREDIT_LINE = (
    "Geobasisdaten: © GeoBasis-DE / BKG 2025 (Daten verändert), dl-de/by-2-0 · Einwohner: Statistische Ämter "
    "des Bundes und der Länder, Zensus 2022, dl-de/by-2-0 (Daten verändert) · Zuständigkeiten: § 1 SächsPolOrgVO"
)


@dataclass(frozen=True)
class PoliceDirectorate:
    name: str  # "Chemnitz"
    slug: str

    @property
    def label(self) -> str:
        return f"Polizeidirektion {self.name}"

    @property
    def url(self) -> str:
        return routes.police(self.slug)


@dataclass(frozen=True)
class District:
    """A Landkreis or a Kreisfreie Stadt."""

    ags: str
    name: str
    kind: str  # "Landkreis" | "Kreisfreie Stadt"
    police: PoliceDirectorate
    municipality_count: int
    population: int
    slug: str

    @property
    def label(self) -> str:
        if self.kind == "Kreisfreie Stadt":
            return f"Kreisfreie Stadt {self.name}"
        return self.name if self.name.endswith("kreis") else f"Landkreis {self.name}"

    @property
    def url(self) -> str:
        return routes.district(self.slug)


@dataclass(frozen=True)
class Municipality:
    ags: str
    name: str
    kind: str  # "Stadt" | "Gemeinde"
    district: District
    population: int
    lat: float
    lon: float

    @property
    def police(self) -> PoliceDirectorate:
        return self.district.police


@dataclass(frozen=True)
class Reference:
    municipalities: dict[str, Municipality]  # by AGS
    districts: dict[str, District]  # by Kreis AGS
    police: dict[str, PoliceDirectorate]  # by slug
    renamed_ags: dict[str, str]  # old AGS -> current AGS (mergers)

    def district_by_slug(self, slug: str) -> District | None:
        return next((d for d in self.districts.values() if d.slug == slug), None)


def _district_slug(name: str, kind: str, names: list[str]) -> str:
    # "Leipzig" is both a Kreisfreie Stadt and a Landkreis: only the Landkreis gets a prefix.
    if names.count(name) > 1 and kind == "Landkreis":
        return "landkreis-" + slugify(name)
    return slugify(name)


@cache
def load_reference(data_dir: Path = DATA_DIR) -> Reference:
    """Read the CSVs once per process; they never change during a build."""
    with open(data_dir / "sachsen_kreise.csv", encoding="utf-8") as fh:
        kreise = list(csv.DictReader(fh))
    police = {slugify(n): PoliceDirectorate(n, slugify(n)) for n in sorted({k["polizeidirektion"] for k in kreise})}
    names = [k["name"] for k in kreise]
    districts = {
        k["kreis_ags"]: District(
            ags=k["kreis_ags"],
            name=k["name"],
            kind=k["typ"],
            police=police[slugify(k["polizeidirektion"])],
            municipality_count=int(k["anzahl_gemeinden"]),
            population=int(k["einwohner_zensus2022"]),
            slug=_district_slug(k["name"], k["typ"], names),
        )
        for k in kreise
    }
    with open(data_dir / "sachsen_gemeinden.csv", encoding="utf-8") as fh:
        municipalities = {
            r["ags"]: Municipality(
                ags=r["ags"],
                name=r["name"],
                kind=r["bez"],
                district=districts[r["kreis_ags"]],
                population=int(r["einwohner_zensus2022"]),
                lat=float(r["lat"]),
                lon=float(r["lon"]),
            )
            for r in csv.DictReader(fh)
        }
    with open(data_dir / "sachsen_gemeinden_aenderungen.csv", encoding="utf-8") as fh:
        renamed = {r["ags_alt"]: r["ags_neu"] for r in csv.DictReader(fh)}
    return Reference(municipalities, districts, police, renamed)
