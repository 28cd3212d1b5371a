"""Fixed vocabularies of the records and releases, with their German labels.

Keys are what editors write in YAML; labels are what the site shows. Adding a value here is the one
place to change (the schema, the validation message and the pages follow).
"""

from __future__ import annotations

MILESTONES: dict[str, str] = {
    "kontakt": "Kontakt / Beratung",
    "vorvereinbarung": "Vorvereinbarung",
    "kooperationsvereinbarung": "Kooperationsvereinbarung",
    "coaching-start": "Beginn des Coachings",
    "coaching-ende": "Abschluss des Coachings",
    "sicherheitsanalyse-start": "Beginn der Sicherheitsanalyse",
    "sicherheitsanalyse-ende": "Abschluss der Sicherheitsanalyse",
    "kpr-gegruendet": "Gründung des Kommunalen Präventionsrats",
    "kpr-reaktiviert": "Reaktivierung des Kommunalen Präventionsrats",
    "modellkommune": "Modellkommune der Pilotphase",
}

# Milestones whose date range must be ordered: (start, end).
MILESTONE_SPANS: tuple[tuple[str, str], ...] = (
    ("coaching-start", "coaching-ende"),
    ("sicherheitsanalyse-start", "sicherheitsanalyse-ende"),
)

FIELDS_OF_ACTION: dict[str, str] = {
    "graffiti": "Sachbeschädigung durch Graffiti",
    "vandalismus": "Vandalismus und Sachbeschädigung",
    "verunreinigung": "Verunreinigung öffentlicher Plätze",
    "gewalt": "Gewalt im öffentlichen Raum",
    "extremismus": "Extremismus",
    "drogen": "Drogenmissbrauch",
    "kpr-koordination": "Koordinierung des Kommunalen Präventionsrats",
    "sicherheitsgefuehl": "Sicherheitsgefühl der Bevölkerung",
    "jugend": "Kinder- und Jugendschutz",
    "einbruch": "Einbruchschutz",
    "verkehr": "Verkehrssicherheit",
    "haeusliche-gewalt": "Häusliche Gewalt",
}

CATEGORIES: dict[str, str] = {
    "unterzeichnung": "Unterzeichnung",
    "asskomm-des-monats": "ASSKomm des Monats",
    "veranstaltung": "Veranstaltung",
    "foerderung": "Förderung",
    "fortbildung": "Aus- und Fortbildung",
    "allgemein": "Allgemeines",
}

GROUP_KINDS: dict[str, str] = {
    "staedtebund": "Städtebund",
    "verwaltungsgemeinschaft": "Verwaltungsgemeinschaft",
    "verwaltungsverband": "Verwaltungsverband",
    "kooperation": "Kommunale Kooperation",
}

# The site's counters (see counters.COUNTERS, which defines them; a test keeps both equal): the names the published
# figures of the LPR (data/lpr-kennzahlen.yml) use.
COUNTER_NAMES: tuple[str, ...] = (
    "beraten", "vorvereinbarungen", "kooperationsvereinbarungen", "coachings",
    "sicherheitsanalysen", "kpr", "zusammenarbeit", "modellkommunen",
)

# Kinds of events (`veranstaltungen/*.md`, field `kind`).
EVENT_KINDS: dict[str, str] = {
    "fachtag": "Fachtag",
    "ag-asskomm": "Sitzung der AG ASSKomm",
    "netzwerktreffen": "Netzwerktreffen",
    "fortbildung": "Fortbildung",
    "kpr-sitzung": "Sitzung des KPR",
    "information": "Informationsveranstaltung",
    "sicherheitsanalyse": "Vorstellung einer Sicherheitsanalyse",
    "konferenz": "Konferenz",
}

EVENT_STATUSES: dict[str, str] = {
    "geplant": "geplant",
    "abgesagt": "abgesagt",
    "verschoben": "verschoben",
}
