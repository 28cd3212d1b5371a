"""Every kind of bad input from the press office's issue: one clear message (file, line, field, fix)
or a documented correct interpretation, and never a traceback or a half-built site."""

import time

import pytest

from asskomm.corpus import load_corpus
from asskomm.problems import InputError
from conftest import OELSNITZ_ID, base_records, base_releases, release, write

RELEASE = "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md"


def problems_of(root):
    with pytest.raises(InputError) as exc:
        load_corpus(root)
    return [str(p) for p in exc.value.problems.items]


def one_problem(root, startswith):
    found = problems_of(root)
    assert any(p.startswith(startswith) for p in found), "\n".join(found)


@pytest.fixture
def root(tmp_path):
    base_records(tmp_path)
    base_releases(tmp_path)
    return tmp_path


def edit_release(root, old, new):
    path = root / RELEASE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- YAML syntax and encoding -------------------------------------------------------------------

def test_yaml_syntax_error_names_line_and_column(root):
    write(root / "kommunen/amtsberg.yml", 'ags: "14521010"\nmilestones:\n  - type: kontakt\n   date: 2021-01\n')
    one_problem(root, "kommunen/amtsberg.yml:4: YAML-Syntaxfehler, Spalte 4: expected <block end>")


def test_tabs_are_explained(root):
    write(root / "kommunen/amtsberg.yml", 'ags: "14521010"\nmilestones:\n\t- type: kontakt\n')
    one_problem(root, "kommunen/amtsberg.yml:3: YAML-Syntaxfehler, Spalte 1: found character '\\t' that cannot start any token (Tabulatoren")


def test_byte_order_mark_and_crlf_are_read_correctly(root):
    (root / "kommunen/amtsberg.yml").write_bytes(
        '\ufeffags: "14521010"\r\nmilestones:\r\n  - {type: kontakt, date: 2021-01, source: "https://example.org/"}\r\n'.encode())
    path = root / RELEASE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    corpus = load_corpus(root)
    assert corpus.kommunen["amtsberg"].events[0].kind == "kontakt"
    assert corpus.releases[0].meta.title.startswith("Unterzeichnung") and "\r" not in corpus.releases[0].body


def test_non_utf8_file(root):
    (root / "kommunen/amtsberg.yml").write_bytes('ags: "14521010"\nsummary: Gr\xfc\xdfe\n'.encode("latin-1"))
    one_problem(root, "kommunen/amtsberg.yml: Datei ist nicht UTF-8 kodiert")


# --- YAML constructs that are refused -----------------------------------------------------------

def test_duplicate_keys(root):
    edit_release(root, "category: unterzeichnung\n", "category: unterzeichnung\ncategory: allgemein\n")
    one_problem(root, f"{RELEASE}:6: Schlüssel 'category' steht doppelt (zuerst in Zeile 5)")


def test_alias_bomb_is_refused_fast(root):
    bomb = 'ags: "14521010"\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    write(root / "kommunen/amtsberg.yml", bomb)
    start = time.monotonic()
    one_problem(root, "kommunen/amtsberg.yml:2: YAML-Anker (&name) sind nicht erlaubt")
    assert time.monotonic() - start < 2


def test_python_tags_are_refused(root):
    write(root / "kommunen/amtsberg.yml", 'ags: !!python/object/apply:os.system ["echo pwned"]\n')
    one_problem(root, "kommunen/amtsberg.yml:1: YAML-Tag 'tag:yaml.org,2002:python/object/apply:os.system' ist nicht erlaubt")


# --- YAML 1.1 surprises -------------------------------------------------------------------------

def test_no_and_off_are_not_booleans(root):
    edit_release(root, "category: unterzeichnung\n", "category: unterzeichnung\ndraft: no\n")
    one_problem(root, f"{RELEASE}:6: draft: muss true oder false sein (gefunden: 'no')")


def test_postal_codes_keep_their_leading_zero(root):
    write(root / "kommunen/amtsberg.yml", 'ags: "14521010"\nkpr:\n  contact: {organisation: Gemeinde, postal_code: 09439}\n')
    assert load_corpus(root).kommunen["amtsberg"].record.kpr.contact.postal_code == "09439"
    write(root / "kommunen/amtsberg.yml", 'ags: "14521010"\nkpr:\n  contact: {organisation: Gemeinde, postal_code: 9439}\n')
    one_problem(root, "kommunen/amtsberg.yml:3: kpr.contact.postal_code: muss Text sein (gefunden: int 9439); in Anführungszeichen setzen")


def test_unquoted_dates_and_zoneless_datetimes_are_interpreted(root):
    (r,) = load_corpus(root).releases  # date: 2023-02-23 10:00 written without zone
    assert r.date.utcoffset().total_seconds() == 3600  # Europe/Berlin, winter time
    edit_release(root, "date: 2023-02-23 10:00", "date: 2023-02-23T09:00:00Z")
    assert load_corpus(root).releases[0].date.hour == 10


def test_sexagesimal_numbers_stay_text(root):
    edit_release(root, "title: Unterzeichnung", "title: 1:20")
    assert load_corpus(root).releases[0].meta.title.startswith("1:20")


# --- schema -------------------------------------------------------------------------------------

def test_unknown_key_with_suggestion(root):
    edit_release(root, "summary:", "sumary:")
    one_problem(root, f"{RELEASE}:6: sumary: unbekanntes Feld (meinten Sie „summary“?); erlaubt: ")


def test_wrong_type(root):
    edit_release(root, "kommunen: [oelsnitz-erzgeb]", "kommunen: oelsnitz-erzgeb")
    one_problem(root, f"{RELEASE}:7: kommunen: muss eine Liste sein")


def test_empty_required_field(root):
    edit_release(root, "title: Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb.", 'title: "  "')
    one_problem(root, f"{RELEASE}:3: title: ")


def test_missing_required_field(root):
    edit_release(root, "category: unterzeichnung\n", "")
    one_problem(root, f"{RELEASE}:2: category: Pflichtfeld fehlt")


def test_value_outside_the_vocabulary(root):
    edit_release(root, "category: unterzeichnung", "category: Unterzeichnung")
    one_problem(root, f"{RELEASE}:5: category: „Unterzeichnung“ ist nicht erlaubt (meinten Sie „unterzeichnung“?); erlaubt: unterzeichnung, asskomm-des-monats")


@pytest.mark.parametrize("value, message", [("2023-02-31 10:00", "diesen Zeitpunkt gibt es nicht"),
                                            ("23.02.2023", "ist kein Zeitpunkt; erlaubt: JJJJ-MM-TT HH:MM")])
def test_impossible_or_german_dates(root, value, message):
    edit_release(root, "date: 2023-02-23 10:00", f"date: {value}")
    one_problem(root, f"{RELEASE}:4: date: '{value}': {message}" if "gibt" in message else f"{RELEASE}:4: date: '{value}' {message}")


# --- municipalities and slugs -------------------------------------------------------------------

@pytest.mark.parametrize("name, hint", [("Zwönitz.yml", "umbenennen in zwoenitz.yml"), ("lauter bernsbach.yml", "umbenennen in lauter-bernsbach.yml"),
                                        ("Amtsberg.yml", "umbenennen in amtsberg.yml")])
def test_bad_record_file_names(root, name, hint):
    write(root / "kommunen" / name, 'ags: "14521710"\n')
    one_problem(root, f"kommunen/{name}: Dateiname: „{name}“: nur Kleinbuchstaben a–z, Ziffern und Bindestriche erlaubt ({hint})")


def test_umlauts_in_a_release_file_name(root):
    release(root, "2023-03-01-zwönitz.md", id="dddddddd-4444-4444-8444-dddddddddddd", title="Z", date="2023-03-01 10:00")
    one_problem(root, "news/2023-03-01-zwönitz.md: Dateiname: „2023-03-01-zwönitz.md“ muss JJJJ-MM-TT-kurzname.md heißen (Kleinbuchstaben, Ziffern, Bindestriche) (umbenennen in 2023-03-01-zwoenitz.md)")


def test_slug_with_a_path_segment_in_a_release(root):
    edit_release(root, "kommunen: [oelsnitz-erzgeb]", "kommunen: [../oelsnitz-erzgeb]")
    one_problem(root, f"{RELEASE}:7: kommunen[1]: „../oelsnitz-erzgeb“ hat nicht die erlaubte Form (Kurzname einer Kommune")


# --- releases -----------------------------------------------------------------------------------

def test_missing_id(root):
    edit_release(root, f"id: {OELSNITZ_ID}\n", "")
    one_problem(root, f"{RELEASE}:2: id: Pflichtfeld fehlt")


def test_missing_image_and_image_without_alt_or_credit(root):
    edit_release(root, "category:", "image:\n  src: bilder/fehlt.jpg\n  alt: Unterzeichnung\n  credit: © Stadt\ncategory:")
    one_problem(root, f"{RELEASE}:6: image.src: Bild bilder/fehlt.jpg fehlt (erwartet unter news/bilder/fehlt.jpg)")
    (root / "news/bilder").mkdir()
    (root / "news/bilder/fehlt.jpg").write_bytes(b"\xff\xd8\xff")
    edit_release(root, "  alt: Unterzeichnung\n  credit: © Stadt\n", "")
    found = problems_of(root)
    assert f"{RELEASE}:5: image.alt: Pflichtfeld fehlt" in found and f"{RELEASE}:5: image.credit: Pflichtfeld fehlt" in found


def test_empty_body(root):
    path = root / RELEASE
    path.write_text(path.read_text().split("---\n")[0] + "---\n" + path.read_text().split("---\n")[1] + "---\n\n")
    one_problem(root, f"{RELEASE}:9: Text: Text der Meldung fehlt")


def test_front_matter_missing(root):
    (root / RELEASE).write_text("Nur Text\n")
    one_problem(root, f"{RELEASE}:1: Kopfdaten fehlen")


@pytest.mark.parametrize("body", ["<img src=x onerror=alert(1)>", "<a href='x'>x</a>", "<!-- versteckt -->",
                                  "[klick](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)"])
def test_raw_html_and_script_links_are_rejected(root, body):
    edit_release(root, "Bürgermeister Thomas Lein unterzeichnete.", body)
    one_problem(root, f"{RELEASE}:10: Text: ")


def test_html_in_code_is_allowed(root):
    edit_release(root, "Bürgermeister Thomas Lein unterzeichnete.", "Der Tag `<script>` ist hier Text.\n\n```\n<b>x</b>\n```")
    load_corpus(root)


def test_very_large_release_is_refused_quickly(root):
    path = root / "news/2023-03-01-riesig.md"
    path.write_text("---\nid: x\n---\n" + "Text " * 400_000)
    start = time.monotonic()
    one_problem(root, "news/2023-03-01-riesig.md: Datei ist zu groß")
    assert time.monotonic() - start < 2
