"""Open data downloads under `daten/`, regenerated from the public view on every build. Pure functions.

Only what the site shows goes in: the municipalities and milestones of the `SiteView` as of its day,
and press releases that are public at its moment (never drafts or embargoed ones, even in preview).
The column lists below are the single description of the files: the /daten/ page is rendered
from them.

CSV: UTF-8 without BOM, comma-separated, a header row, quoting as in RFC 4180 (fields with a comma,
quote or line break in double quotes, quotes doubled), CRLF line ends. A cell that starts with `=`,
`+`, `-`, `@`, tab or CR gets a leading apostrophe (OWASP rule against CSV injection: a spreadsheet
would otherwise run it as a formula); the JSON files keep the text unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from . import routes
from .corpus import Kommune, Release
from .counters import stage
from .dates import BERLIN
from .reference import CREDIT_LINE
from .siteview import SiteView
from .urls import absolute
from .vocabulary import MILESTONES

LICENCE = "dl-de/by-2-0"
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
ATTRIBUTION = "Landespräventionsrat Sachsen, Allianz Sichere Sächsische Kommunen (ASSKomm)"

KOMMUNEN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("slug", "Kurzname der Kommune, Teil der Adresse ihrer Seite (z. B. oelsnitz-erzgeb)"),
    ("ags", "Amtlicher Gemeindeschlüssel, 8 Ziffern (Text, mit führender 1)"),
    ("name", "Name der Kommune"),
    ("kreis", "Landkreis oder Kreisfreie Stadt"),
    ("kreis_ags", "Kreisschlüssel, 5 Ziffern"),
    ("polizeidirektion", "zuständige Polizeidirektion"),
    ("stage", "weitester Schritt: kontakt (beraten), vorvereinbarung oder kooperationsvereinbarung. Gemeinden ohne "
              "Datensatz fehlen in dieser Datei: für sie sind keine Angaben erfasst (das heißt nicht, dass sie nicht mitmachen)"),
    *((kind, f"Datum des ersten Meilensteins „{label}“ (JJJJ-MM-TT; JJJJ-MM oder JJJJ, wenn Tag oder Monat unbekannt "
             "sind; bei „spätestens“ die Obergrenze, siehe meilensteine.csv; leer: keiner erfasst)")
      for kind, label in MILESTONES.items()),
    ("handlungsfelder", "Handlungsfelder (Schlüssel; in der CSV durch Semikolon getrennt, im JSON als Liste)"),
    ("url", "Adresse der Seite der Kommune auf dieser Website"),
)

MEILENSTEINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("slug", "Kurzname der Kommune (wie in kommunen.csv)"),
    ("ags", "Amtlicher Gemeindeschlüssel"),
    ("name", "Name der Kommune"),
    ("typ", "Art des Meilensteins: " + ", ".join(MILESTONES)),
    ("datum", "Datum (JJJJ-MM-TT; JJJJ-MM oder JJJJ, wenn Tag oder Monat unbekannt sind; bei „spätestens“ die Obergrenze)"),
    ("datum_genauigkeit", "Tag, Monat, Jahr, oder spätestens (nur bekannt, dass es bis zu diesem Datum geschah)"),
    ("gruppe", "Kurzname der Gruppe (Städtebund, Verwaltungsgemeinschaft …), wenn die Gruppe ihn gemeinsam erreicht hat; sonst leer"),
    ("gruppe_name", "Name dieser Gruppe; sonst leer"),
    ("quelle", "öffentliche Quelle (Pressemitteilung, Amtsblatt)"),
)

PRESSEMITTEILUNGEN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "dauerhafte ID (UUID)"),
    ("title", "Titel"),
    ("date", "Zeitpunkt der Veröffentlichung, ISO 8601 mit Zeitzone (Berliner Zeit); bei date_only 00:00 Uhr"),
    ("date_only", "true, wenn die Quelle nur den Tag der Veröffentlichung nennt, keine Uhrzeit (die Uhrzeit 00:00 ist dann eine Konvention)"),
    ("category", "Kategorie (Schlüssel)"),
    ("kommunen", "Kurznamen der genannten Kommunen (Liste)"),
    ("url", "Adresse der Meldung auf dieser Website"),
    ("summary", "Zusammenfassung"),
)

FILES: tuple[tuple[str, str, str], ...] = (
    (routes.data_file("kommunen.json"), "JSON", "alle erfassten Kommunen mit Status, Meilensteinen und Handlungsfeldern"),
    (routes.data_file("kommunen.csv"), "CSV", "dieselben Angaben als Tabelle"),
    (routes.data_file("meilensteine.csv"), "CSV", "ein Meilenstein je Zeile"),
    (routes.data_file("mitglieder.geojson"), "GeoJSON", "alle erfassten Kommunen als Punkte (WGS 84, Länge/Breite)"),
    (routes.data_file("pressemitteilungen.json"), "JSON", "alle veröffentlichten Pressemitteilungen"),
)


def kommune_record(k: Kommune, today: date, site_url: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "slug": k.slug,
        "ags": k.ref.ags,
        "name": k.name,
        "kreis": k.district.label,
        "kreis_ags": k.district.ags,
        "polizeidirektion": k.police.label,
        "stage": stage(k, today),
    }
    for kind in MILESTONES:
        e = k.first(kind, today)
        row[kind] = str(e.date) if e else None
    row["handlungsfelder"] = list(k.record.fields_of_action)
    row["url"] = absolute(site_url, k.url)
    return row


def release_record(view: SiteView, r: Release) -> dict[str, Any]:
    """A row of `pressemitteilungen.json` (the municipalities named that have a public page)."""
    return {
        "id": r.meta.id,
        "title": r.meta.title,
        "date": r.date.astimezone(BERLIN).isoformat(),
        "date_only": r.date_only,
        "category": r.meta.category,
        "kommunen": [k.slug for k in view.kommunen_of(r)],
        "url": view.absolute(r.url),
        "summary": r.meta.summary,
    }


def public_releases(view: SiteView) -> list[Release]:
    """Public releases only: the preview never leaks into downloads."""
    return [r for r in view.releases if r.is_public(view.now)]


def _about(today: date, site_url: str) -> dict[str, Any]:
    return {
        "stand": today.isoformat(),
        "lizenz": LICENCE,
        "lizenz_name": LICENCE_NAME,
        "lizenz_url": LICENCE_URL,
        "namensnennung": ATTRIBUTION,
        "referenzdaten": CREDIT_LINE,
        "beschreibung": absolute(site_url, routes.DATEN),
    }


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: `=HYPERLINK(…)` -> `'=HYPERLINK(…)`."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def _csv(columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow([neutralise("" if row[name] is None else ";".join(row[name]) if isinstance(row[name], list) else row[name])
                         for name, _ in columns])
    return buf.getvalue().encode("utf-8")


def milestone_rows(kommunen: Sequence[Kommune], today: date) -> list[dict[str, Any]]:
    return [
        {"slug": k.slug, "ags": k.ref.ags, "name": k.name, "typ": e.kind, "datum": str(e.date), "datum_genauigkeit": e.date.precision,
         "gruppe": e.group.slug if e.group else None, "gruppe_name": e.group.name if e.group else None, "quelle": e.source}
        for k in kommunen for e in k.events_on(today)
    ]


def release_rows(view: SiteView) -> list[dict[str, Any]]:
    """What `pressemitteilungen.json` lists (cheap; writing the JSON is what costs)."""
    return [release_record(view, r) for r in public_releases(view)]


def release_downloads(rows: list[dict[str, Any]], today: date, site_url: str) -> dict[str, bytes]:
    return {routes.data_file("pressemitteilungen.json"): _json({**_about(today, site_url), "pressemitteilungen": rows})}


def record_downloads(members: Sequence[Kommune], today: date, site_url: str) -> dict[str, bytes]:
    """The downloads derived from the records alone: the public municipalities as of `today`."""
    kommunen = [kommune_record(k, today, site_url) for k in members]
    features = [
        {"type": "Feature", "id": row["slug"],
         "geometry": {"type": "Point", "coordinates": [k.ref.lon, k.ref.lat]},
         "properties": row}
        for k, row in zip(members, kommunen, strict=True)
    ]
    return {
        routes.data_file("kommunen.json"): _json({**_about(today, site_url), "kommunen": kommunen}),
        routes.data_file("kommunen.csv"): _csv(KOMMUNEN_COLUMNS, kommunen),
        routes.data_file("meilensteine.csv"): _csv(MEILENSTEINE_COLUMNS, milestone_rows(members, today)),
        routes.data_file("mitglieder.geojson"): _json({"type": "FeatureCollection", **_about(today, site_url), "features": features}),
    }
