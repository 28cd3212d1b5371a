"""Events (issue 16): the schema, every mistake the issue lists with file, line and field, the id
register, SEQUENCE from the register of published states, and the scaffolding."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from asskomm import cli
from asskomm.corpus import load_corpus
from asskomm.dates import BERLIN
from asskomm.events import REGISTER, EventMeta, update_register, when_text
from asskomm.problems import InputError
from conftest import REPO, base_records, base_releases, write

EVENT_ID = "0e5c7a52-3b1f-4c2d-9e8f-6a7b8c9d0e1f"
FACHTAG = "veranstaltungen/2026-12-10-fachtag.md"


def event(root, name="2026-12-10-fachtag.md", *, id=EVENT_ID, start="2026-12-10 09:00", end="2026-12-10 16:30",
          extra="", place=None, kommunen="[oelsnitz-erzgeb]", published="2026-11-01 10:00",
          body="Programm und Anmeldung.\n", title="Fachtag Kommunale Prävention"):
    place = place if place is not None else (
        "place:\n  name: Rathaus Oelsnitz\n  street: Markt 1\n  postal_code: \"09376\"\n  city: Oelsnitz/Erzgeb.\n"
        "  kommune: oelsnitz-erzgeb\n")
    end_line = f"end: {end}\n" if end else ""
    front = (f"---\nid: {id}\ntitle: {title}\nkind: fachtag\nstart: {start}\n{end_line}{place}"
             f"organiser: Landespräventionsrat Sachsen\nkommunen: {kommunen}\nsummary: Austausch der Kommunen.\n"
             f"published: {published}\n{extra}---\n")
    return write(root / "veranstaltungen" / name, front + "\n" + body)


@pytest.fixture
def root(tmp_path):
    base_records(tmp_path)
    base_releases(tmp_path)
    return tmp_path


def problems_of(root):
    with pytest.raises(InputError) as exc:
        load_corpus(root)
    return [str(p) for p in exc.value.problems.items]


def assert_problem(root, expected):
    found = problems_of(root)
    assert any(p.startswith(expected) for p in found), "\n".join(found)


def test_a_valid_event_loads_with_its_links(root):
    event(root, extra="releases: [2023-02-23-oelsnitz-kooperationsvereinbarung]\n")
    corpus = load_corpus(root)
    (e,) = corpus.events
    assert e.start == datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN) and not e.all_day
    assert [k.slug for k in e.kommunen] == ["oelsnitz-erzgeb"]
    assert e.place_municipality.ags == "14521450"
    assert [r.slug for r in e.releases] == ["2023-02-23-oelsnitz-kooperationsvereinbarung"]
    assert e.url == "veranstaltungen/2026-12-10-fachtag/" and e.sequence == 0


def test_all_day_events_take_dates_and_a_place_outside_the_member_records(root):
    event(root, start="2026-12-10", end="2026-12-11",
          place="place:\n  name: Flughafen\n  street: Flughafenstraße\n  postal_code: \"01109\"\n  city: Dresden\n  kommune: dresden\n",
          kommunen="[]")
    (e,) = load_corpus(root).events
    assert e.all_day and e.start == date(2026, 12, 10) and e.statewide
    assert e.place_municipality.name == "Dresden"
    assert e.ends_at == datetime(2026, 12, 12, 0, 0, tzinfo=BERLIN)


def test_end_before_start(root):
    event(root, end="2026-12-10 08:00")
    assert_problem(root, f"{FACHTAG}:6: end: Ende (2026-12-10 08:00:00+01:00) liegt vor dem Beginn")


def test_mixed_all_day_and_timed(root):
    event(root, end="2026-12-11")
    assert_problem(root, f"{FACHTAG}:6: end: Beginn und Ende gleich schreiben")


def test_deadline_after_start(root):
    event(root, extra="registration:\n  url: https://www.lpr.sachsen.de/anmeldung\n  deadline: 2026-12-11\n")
    assert_problem(root, f"{FACHTAG}:19: registration.deadline: Anmeldeschluss (2026-12-11) liegt nach dem Beginn")


def test_registration_needs_a_way(root):
    event(root, extra="registration:\n  deadline: 2026-12-01\n")
    assert_problem(root, f"{FACHTAG}:17: registration: Anmeldung ohne Weg")


def test_unknown_municipality_with_suggestion(root):
    event(root, kommunen="[oelsnitz]")
    assert_problem(root, f"{FACHTAG}:14: kommunen[1]: keine Kommune „oelsnitz“ (meinten Sie „oelsnitz-erzgeb“?)")


def test_unknown_place_municipality(root):
    event(root, place="place:\n  name: Halle\n  street: A 1\n  postal_code: \"06108\"\n  city: Halle\n  kommune: halle-saale\n")
    assert_problem(root, f"{FACHTAG}:12: place.kommune: keine sächsische Gemeinde „halle-saale“")


def test_moved_without_a_new_date(root):
    event(root, extra="status: verschoben\n")
    assert_problem(root, f"{FACHTAG}:17: status: „verschoben“ braucht den neuen Termin")


def test_new_date_without_moved_status(root):
    event(root, extra="moved_to:\n  start: 2027-01-12 09:00\n")
    assert_problem(root, f"{FACHTAG}:17: moved_to: ein neuer Termin passt nur zu status: verschoben")


def test_a_moved_event_takes_its_new_date(root):
    event(root, extra="status: verschoben\nmoved_to:\n  start: 2027-01-12 09:00\n  end: 2027-01-12 15:00\n")
    (e,) = load_corpus(root).events
    assert e.start == datetime(2027, 1, 12, 9, 0, tzinfo=BERLIN) and e.meta.start.day == 10


def test_place_without_address_or_online_link(root):
    event(root, place="place:\n  name: Rathaus\n")
    assert_problem(root, f"{FACHTAG}:7: place: Anschrift fehlt: mindestens den Ort (city) angeben")
    event(root, place="")
    assert_problem(root, f"{FACHTAG}: place: Ort fehlt")


def test_online_event_needs_no_address(root):
    event(root, place="online:\n  url: https://www.lpr.sachsen.de/online\n")
    (e,) = load_corpus(root).events
    assert e.meta.online.url.endswith("/online")


def test_kind_outside_the_vocabulary_and_unknown_field(root):
    path = event(root)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: fachtag", "kind: party\nort: Dresden"), encoding="utf-8")
    found = problems_of(root)
    assert any(p.startswith(f"{FACHTAG}:4: kind: „party“ ist nicht erlaubt") and "fachtag" in p for p in found), found
    assert any(p.startswith(f"{FACHTAG}:5: ort: unbekanntes Feld") for p in found), found


def test_date_in_file_name_must_match_the_start(root):
    event(root, name="2026-12-11-fachtag.md")
    assert_problem(root, "veranstaltungen/2026-12-11-fachtag.md:5: start: Beginn 2026-12-10 passt nicht zum Dateinamen")


def test_raw_html_is_refused_as_in_releases(root):
    event(root, body="Hallo <script>alert(1)</script>\n")
    found = problems_of(root)
    assert any(p.startswith(f"{FACHTAG}:19: Text: „<script>“: HTML ist in Veranstaltungen nicht erlaubt") for p in found), found


def test_unknown_release_link(root):
    event(root, extra="releases: [2023-02-23-oelsnitz]\n")
    assert_problem(root, f"{FACHTAG}:17: releases[1]: keine Pressemitteilung news/2023-02-23-oelsnitz.md")


def test_duplicate_id(root):
    event(root)
    event(root, name="2026-12-10-zweiter.md")
    assert_problem(root, "veranstaltungen/2026-12-10-zweiter.md:2: id: ID ist schon vergeben")


def test_changed_id_after_publication_is_an_error(root):
    event(root)
    corpus = load_corpus(root)
    assert update_register(root, corpus.events, datetime(2026, 11, 2, 12, 0, tzinfo=BERLIN)) == 1
    path = event(root, id="11111111-2222-4333-8444-555555555555")
    assert_problem(root, f"{FACHTAG}:2: id: die ID wurde nach der Veröffentlichung geändert (veröffentlicht als {EVENT_ID})")
    assert path.is_file()


def test_sequence_follows_the_register_of_published_states(root):
    event(root)
    (e,) = load_corpus(root).events
    assert (e.sequence, e.stamp) == (0, e.meta.published)  # never registered
    registered_at = datetime(2026, 11, 2, 12, 0, tzinfo=BERLIN)
    update_register(root, load_corpus(root).events, registered_at)
    (e,) = load_corpus(root).events
    assert (e.sequence, e.stamp) == (0, registered_at)
    # A new time: the build that publishes it raises SEQUENCE already ...
    event(root, start="2026-12-10 10:00")
    (e,) = load_corpus(root).events
    assert e.sequence == 1
    # ... and registering it keeps that number; the title is not part of the state.
    later = datetime(2026, 11, 3, 9, 0, tzinfo=BERLIN)
    assert update_register(root, load_corpus(root).events, later) == 1
    event(root, start="2026-12-10 10:00", title="Neuer Titel")
    (e,) = load_corpus(root).events
    assert (e.sequence, e.stamp) == (1, later)
    assert update_register(root, load_corpus(root).events, later) == 0
    text = (root / REGISTER).read_text(encoding="utf-8")
    assert text.count("- \"") == 2 and "datei: 2026-12-10-fachtag" in text
    # Cancelling is a change too.
    event(root, start="2026-12-10 10:00", extra="status: abgesagt\n")
    (e,) = load_corpus(root).events
    assert e.sequence == 2


def test_drafts_and_embargoed_events_are_not_registered(root):
    event(root, published="2026-12-01 10:00")
    assert update_register(root, load_corpus(root).events, datetime(2026, 11, 2, tzinfo=BERLIN)) == 0
    assert not (root / REGISTER).exists()


def test_german_weekday_dates():
    assert when_text(datetime(2025, 9, 11, 9, 0, tzinfo=BERLIN), datetime(2025, 9, 11, 16, 30, tzinfo=BERLIN)) == \
        "Donnerstag, 11. September 2025, 9:00 bis 16:30 Uhr"
    assert when_text(date(2026, 3, 2), date(2026, 3, 3)) == "Montag, 2. März 2026 bis Dienstag, 3. März 2026"
    assert when_text(date(2021, 9, 23), None) == "Donnerstag, 23. September 2021 (ganztägig)"


def test_scaffolding_creates_a_valid_draft_with_a_fresh_id(root, monkeypatch, capsys):
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli.main(["neue-veranstaltung", "Netzwerktreffen der KPR im Erzgebirge", "2027-03-04 17:00",
                     "--kommune", "oelsnitz-erzgeb"]) == 0
    (path,) = (root / "veranstaltungen").glob("*.md")
    assert path.name == "2027-03-04-netzwerktreffen-der-kpr-im-erzgebirge.md"
    (e,) = load_corpus(root).events
    assert e.meta.draft and e.meta.kind == "netzwerktreffen" and [k.slug for k in e.kommunen] == ["oelsnitz-erzgeb"]
    assert cli.main(["neue-veranstaltung", "Zweites Treffen", "2027-03-05", "--kurzname", "zweites"]) == 0
    ids = {e.meta.id for e in load_corpus(root).events}
    assert len(ids) == 2
    assert cli.main(["neue-veranstaltung", "Zweites Treffen", "2027-03-05", "--kurzname", "zweites"]) == 1


def test_committed_event_schema_matches_the_model():
    committed = json.loads((REPO / "schemas/veranstaltung.schema.json").read_text(encoding="utf-8"))
    assert committed == EventMeta.model_json_schema(mode="validation")
    assert committed["additionalProperties"] is False
    assert set(committed["properties"]["kind"]["enum"]) >= {"fachtag", "ag-asskomm", "kpr-sitzung"}


# --- refused characters: the same checks as for press releases ---------------------------------------

RLO = "U+202E (RLO), unsichtbares Zeichen, das die Schreibrichtung ändert, ist nicht erlaubt; entfernen"


@pytest.mark.parametrize("value, expected", [
    # written as a YAML escape, the file itself is plain ASCII: only the field's own check sees it
    ('"an\\u202Ena@example.org"', f"{FACHTAG}:18: registration.email: Zeichen 3: {RLO}"),
    ('"an\\ana@example.org"', f"{FACHTAG}:18: registration.email: Zeichen 3: Steuerzeichen U+0007 (BEL) ist nicht erlaubt; entfernen"),
    # written as the character itself: refused by the check of the whole file, as in a release
    ("an\u202ena@example.org", f"{FACHTAG}:18: Spalte 12: {RLO}"),
])
def test_refused_character_in_the_registration_email(root, value, expected):
    """The address is shown on the page (mailto link), in the calendars and in the open data: a
    character that reverses what is shown may not reach them (it did, the pattern let it through)."""
    event(root, extra=f"registration:\n  email: {value}\n")
    assert_problem(root, expected)


@pytest.mark.parametrize("old, new, line, message", [
    ("title: Fachtag", "title: Fach\u202etag", 3, f"Spalte 12: {RLO}"),  # in a field
    ("# Notiz", "# Notiz \u202e", 17, f"Spalte 9: {RLO}"),  # in a comment, which no field check sees
    ("Programm", "Pro\u00adgramm", 20, "Spalte 4: U+00AD, unsichtbares Zeichen (weiches Trennzeichen), ist nicht erlaubt; entfernen"),
])
def test_refused_character_anywhere_in_the_file_is_reported_as_in_a_release(root, old, new, line, message):
    """One check of the whole file for releases and events: the same verdicts, the same message."""
    path = event(root, extra="# Notiz\n", body="Programm und Anmeldung.\n")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert_problem(root, f"{FACHTAG}:{line}: {message}")
