"""Issue 12: nothing harmful reaches the public site.

- the sanitizer at the output, fed hostile Markdown straight (bypassing the check), by a seeded
  property-style generator;
- every class of hostile input refused by the check with file, line and a German message;
- check and build agree on every input of `scripts/safety_report.py` (and none leaks its payload).
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from asskomm.corpus import load_corpus
from asskomm.dialect import check_body, link_target_allowed
from asskomm.feeds import _content
from asskomm.markup import release_body
from asskomm.opendata import neutralise
from asskomm.problems import InputError
from asskomm.sanitize import ATTRIBUTES, TAGS, clean
from conftest import OELSNITZ_ID, REPO, base_records, base_releases, build_site, make_site, release, soup, write

RELEASE = "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md"
BODY = "Bürgermeister Thomas Lein unterzeichnete."
PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)


@pytest.fixture
def root(tmp_path):
    base_records(tmp_path)
    base_releases(tmp_path)
    return tmp_path


def problems_of(root: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_corpus(root)
    return [str(p) for p in exc.value.problems.items]


def edit(root: Path, old: str, new: str) -> None:
    path = root / RELEASE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_safe(html: str, own_prefix: str = "") -> None:
    """Nothing executable or styled: only allowed tags and attributes, only allowed URL schemes."""
    doc = BeautifulSoup(html, "html.parser")
    for tag in doc.find_all(True):
        assert tag.name in TAGS, (tag.name, html)
        for name, value in tag.attrs.items():
            assert name in ATTRIBUTES.get(tag.name, set()), (tag.name, name, html)
            if name in ("href", "src"):
                assert link_target_allowed(value), (value, html)
            if name == "src":
                assert not re.match(r"^\s*(\w+:|//|/)", value) or (own_prefix and value.startswith(own_prefix)), (value, html)
    # Tags written as text are escaped text, never elements: the parse above saw every element.


# --- the sanitizer, bypassing the check ----------------------------------------------------------

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<img\nsrc=x\nonerror=alert(1)>", "<x:y onmouseover=alert(1)>",
    "<svg onload=alert(1)>", "<iframe src=//evil.example/></iframe>", "<style>*{display:none}</style>", "<!-- c -->",
    "<a href='javascript:alert(1)'>a</a>", "<a href=\"&#106;avascript:alert(1)\">b</a>", "<p style=\"position:fixed\">s</p>",
    "{: onclick=\"alert(1)\" }", "{: style=\"color:red\" }", "{: href=\"javascript:x\" }", "[k](javascript:alert(1))",
    "[k](JaVaScRiPt:alert(1))", "[k](  javascript:alert(1))", "[k](<javascript:alert(1)>)", "[k](data:text/html;base64,PHNjcmlwdD4=)",
    "[k](vbscript:msgbox(1))", "[k][r]", "\n\n[r]: javascript:alert(1)\n", "![i](http://evil.example/x.png)", "![i](//evil.example/x.png)",
    "![i][p]", "\n\n[p]: https://evil.example/p.png\n", "```", "~~~", "\\`", "`", "<", ">", "&#60;script&#62;", "&lt;b&gt;",
    "<object data=x>", "<embed src=x>", "<form action=javascript:alert(1)><button>x</button></form>", "<meta http-equiv=refresh content=0>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>", "<base href=//evil.example/>", "<a href=\"//evil.example/\">x</a>",
    "<table><tr><td background=javascript:x>t</td></tr></table>", "\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n", "\n\n## Titel\n", "*", "_",
    "[x](../kommunen/bannewitz.md)", "[m](mailto:a@example.org)", "[h](https://example.org/)", "<https://example.org/>",
    "<javascript:alert(1)>", "\n    <script>indented</script>\n", "<scr<script>ipt>alert(1)</script>", "<<img src=x onerror=1>",
    "<a href=\"java\tscript:alert(1)\">t</a>", "<img src=\"x\" \x0bonerror=alert(1)>", "<div onclick=x>", "</p><p onclick=x>",
]


def hostile_markdown(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        part = rng.choice(FRAGMENTS)
        if rng.random() < 0.2:
            part = part.upper()
        parts.append(part + rng.choice(["", " ", "\n", "\n\n", " Text "]))
    return "".join(parts)


def test_hostile_markdown_straight_to_the_renderer_leaves_nothing_executable_or_styled():
    rng = random.Random(12)
    for _ in range(600):
        text = hostile_markdown(rng)
        html = release_body(text, "aktuelles/x/").html
        assert_safe(html)
        # What the build does with every body: the same HTML, sanitized again for feeds, stays safe.
        assert_safe(clean(html, own_prefix="https://example.org/"), own_prefix="https://example.org/")


def test_feed_items_are_sanitized_at_the_output(root):
    corpus = load_corpus(root)
    r = corpus.releases[0]
    r.body = "<img src=x onerror=alert(1)>\n\n[k](javascript:alert(1))\n\n![a](https://evil.example/a.png)"
    html = _content(r, "https://example.org/asskomm/")
    assert_safe(html, own_prefix="https://example.org/asskomm/")
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find(src=re.compile("evil")) and not doc.find(onerror=True) and not doc.find(href=re.compile("javascript"))


def test_sanitizer_allow_list():
    assert clean('<h2 id="a" style="x" class="c" onclick="y">T</h2>') == '<h2 id="a">T</h2>'
    assert clean('<a href="javascript:alert(1)">x</a><a href="mailto:a@b.de">m</a>') == '<a>x</a><a href="mailto:a@b.de">m</a>'
    assert clean('<img src="https://evil.example/x.png"><img src="bilder/a.png" alt="a">') == '<img><img src="bilder/a.png" alt="a">'
    assert clean("<p>a<script>x()</script>b</p><!-- c -->") == "<p>ab</p>"


# --- the dialect: what the check refuses, with line and German message -----------------------------

@pytest.mark.parametrize("body, line, message", [
    ("```\n\nText\n\n<script>alert(1)</script>", 4, "„<script>“: HTML ist in Pressemitteilungen nicht erlaubt"),
    ("\\`<img src=x onerror=alert(1)>\\`", 0, "„<img src=x onerror=alert(1)>“: HTML ist"),
    ("Text\n\n<img\nsrc=x\nonerror=alert(1)>", 2, "„<img“: HTML ist"),
    ("<x:y onmouseover=alert(1)>", 0, "„<x:y onmouseover=alert(1)>“: HTML ist"),
    ("Absatz\n{: onclick=\"alert(1)\" }", 1, "Attributlisten ({: … }) sind nicht erlaubt"),
    ("## Titel {: style=\"position:fixed\" }", 0, "Attributlisten"),
    ("[klick][1]\n\n[1]: javascript:alert(1)", 2, "Link-Ziel „javascript:alert(1)“ ist nicht erlaubt; erlaubt sind https://, http://, mailto:"),
    ("[x](&#106;avascript:alert(1))", 0, "Link-Ziel „&#106;avascript:alert(1)“ ist nicht erlaubt"),
    ("[x](ftp://example.org/)", 0, "Link-Ziel „ftp://example.org/“"),
    ("Text\n\n![x](http://evil.example/a.png)", 2, "Bild „http://evil.example/a.png“ im Text ist nicht erlaubt"),
    ("![x][b]\n\n[b]: https://evil.example/a.png", 2, "Bild „https://evil.example/a.png“ im Text"),
    ("Fußnote[^1]", 0, "Fußnoten sind nicht erlaubt"),
    ("Text \x1b[31m rot", 0, "Spalte 6: Steuerzeichen U+001B (ESC) ist nicht erlaubt"),
    ("Text \u202e verkehrt", 0, "Spalte 6: U+202E (RLO), unsichtbares Zeichen"),
])
def test_check_refuses_what_is_outside_the_dialect(body, line, message):
    found = check_body(body)
    assert any(offset == line and message in text for offset, text in found), found


@pytest.mark.parametrize("body", [
    "```\n<script>alert(1)</script>\n```", "~~~\n<img src=x onerror=alert(1)>\n~~~", "Der Tag `<script>` ist Text.",
    "| a | b |\n|---|---|\n| 1 | `<b>` |", "a < b, 3<4", "[LPR](https://www.lpr.sachsen.de/) [m](mailto:a@b.de)",
    "<https://example.org/>", "[B](../kommunen/bannewitz.md#kpr)", "&lt;b&gt; &amp;",
])
def test_check_accepts_the_dialect(body):
    assert check_body(body) == ()


def test_fenced_code_shows_as_code(tmp_path):
    root = make_site(tmp_path / "src")
    edit(root, BODY, "Vorher.\n\n```\n<script>alert(1)</script>\n```\n\n~~~\n<b>fett?</b>\n~~~\n")
    out = build_site(root, tmp_path / "out")
    body = soup(out / "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/index.html").select_one(".asskomm-release-body")
    codes = [c.get_text() for c in body.select("pre > code")]
    assert codes == ["<script>alert(1)</script>\n", "<b>fett?</b>\n"]
    assert not body.find("script") and not body.find("b")


# --- inputs stay inside the repository --------------------------------------------------------------

@pytest.mark.parametrize("where", ["kommunen/amtsberg.yml", "news/2023-03-01-link.md", "news/bilder/link.png", "veranstaltungen/x.md",
                                   "docs/fremd.md", "data/foerderung.yml", "news/bilder"])
def test_symlinks_are_refused_naming_the_file(root, tmp_path_factory, where):
    outside = tmp_path_factory.mktemp("draussen") / "ziel"
    outside.write_text("geheim\n")
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    if where == "data/foerderung.yml" and link.exists():
        link.unlink()
    link.symlink_to(outside)
    found = problems_of(root)
    assert f"{where}: ist ein symbolischer Link (nicht erlaubt: er könnte Dateien außerhalb des Projekts veröffentlichen); " \
           "die Datei selbst hierher kopieren" in found, found


@pytest.mark.parametrize("name, content, message", [
    ("x.jpg", b"<html><script>alert(1)</script></html>", "news/bilder/x.jpg ist keine Bilddatei (Inhalt weder JPEG, PNG noch WebP)"),
    ("x.jpg", PNG, "news/bilder/x.jpg ist ein PNG-Bild, heißt aber .jpg"),
    ("x.svg", b"<svg onload=alert(1)><script>alert(1)</script></svg>", "„bilder/x.svg“ hat nicht die erlaubte Form"),
])
def test_images_are_checked_by_content(root, name, content, message):
    (root / "news/bilder").mkdir()
    (root / "news/bilder" / name).write_bytes(content)
    edit(root, "category:", f"image:\n  src: bilder/{name}\n  alt: Bild\n  credit: © Stadt\ncategory:")
    found = problems_of(root)
    assert any(p.startswith(f"{RELEASE}:6: image.src: {message}") for p in found), found


def test_real_images_pass(root):
    (root / "news/bilder").mkdir()
    for name, data in (("a.png", PNG), ("b.jpg", b"\xff\xd8\xff\xe0" + bytes(20)), ("c.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ")):
        (root / "news/bilder" / name).write_bytes(data)
    edit(root, "category:", "image:\n  src: bilder/c.webp\n  alt: Bild\n  credit: © Stadt\ncategory:")
    assert load_corpus(root).releases[0].meta.image.src == "bilder/c.webp"


def test_image_path_leaving_news_says_so(root):
    edit(root, "category:", "image:\n  src: bilder/../../kommunen/x.png\n  alt: Bild\n  credit: © Stadt\ncategory:")
    assert f"{RELEASE}:6: image.src: Pfad bilder/../../kommunen/x.png verlässt den Ordner news/; Bild nach news/bilder/ legen" in problems_of(root)


# --- text is text -----------------------------------------------------------------------------------

TITLE = "title: Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb."


@pytest.mark.parametrize("value, message", [
    ('"Titel \\0 x"', "Zeichen 7: Steuerzeichen U+0000 (NUL) ist nicht erlaubt; entfernen"),
    ('"Titel \\e x"', "Zeichen 7: Steuerzeichen U+001B (ESC)"),
    ('"Titel \\a x"', "Zeichen 7: Steuerzeichen U+0007 (BEL)"),
    ('"Titel \\uFFFF x"', "Zeichen 7: U+FFFF ist kein Textzeichen"),
    ('"Titel \\u202E x"', "Zeichen 7: U+202E (RLO), unsichtbares Zeichen, das die Schreibrichtung ändert"),
    ('"\\u200B\\u200B"', "Zeichen 1: U+200B, unsichtbares Zeichen (Leerzeichen ohne Breite)"),
])
def test_control_and_invisible_characters_in_fields(root, value, message):
    edit(root, TITLE, f"title: {value}")
    found = problems_of(root)
    assert f"{RELEASE}:3: title: {message}" in [p[: len(f"{RELEASE}:3: title: ") + len(message)] for p in found], found


def test_contact_email_with_an_escaped_invisible_character_is_refused(root):
    """The pattern of an e-mail address lets any character but "@" and white space through, and a YAML
    escape keeps the file itself clean: the field checks its characters like every text field."""
    write(root / "kommunen/aue-bad-schlema.yml",
          'ags: "14521035"\nkpr:\n  contact:\n    organisation: Stadt Aue-Bad Schlema\n    email: "an\\u202Ena@example.org"\n')
    assert ("kommunen/aue-bad-schlema.yml:5: kpr.contact.email: Zeichen 3: U+202E (RLO), unsichtbares Zeichen, "
            "das die Schreibrichtung ändert, ist nicht erlaubt; entfernen") in problems_of(root)


def test_title_needs_visible_text(root):
    edit(root, TITLE, 'title: "\\u0301\\u0301"')  # combining accents on nothing
    assert f"{RELEASE}:3: title: enthält keinen sichtbaren Text (nur Leer- oder unsichtbare Zeichen)" in problems_of(root)


def test_raw_control_character_has_line_and_column(root):
    edit(root, BODY, "Zeile mit \x07 Klingel")
    assert f"{RELEASE}:10: Spalte 11: Steuerzeichen U+0007 (BEL) ist nicht erlaubt; entfernen" in problems_of(root)


def test_slug_with_zero_width_space_names_it(root):
    edit(root, "kommunen: [oelsnitz-erzgeb]", 'kommunen: ["oelsnitz\\u200B-erzgeb"]')
    found = problems_of(root)
    assert f"{RELEASE}:7: kommunen[1]: Zeichen 9: U+200B, unsichtbares Zeichen (Leerzeichen ohne Breite), ist nicht erlaubt; entfernen" in found


@pytest.mark.parametrize("value, message", [
    ("0001-01-01 00:00+14:00", "'0001-01-01 00:00+14:00': Jahr 1 liegt außerhalb des erlaubten Bereichs 2000–2099"),
    ("9999-12-31 23:59-12:00", "'9999-12-31 23:59-12:00': Jahr 9999 liegt außerhalb des erlaubten Bereichs 2000–2099"),
    ("2023-02-23 10:00+15:00", "'2023-02-23 10:00+15:00': Zeitzone +15:00 gibt es nicht; erlaubt: -12:00 bis +14:00"),
])
def test_dates_outside_the_range_are_refused_without_traceback(root, value, message):
    edit(root, "date: 2023-02-23 10:00", f"date: {value}")
    assert f"{RELEASE}:4: date: {message}" in problems_of(root)


def test_milestone_year_range(root):
    write(root / "kommunen/amtsberg.yml", 'ags: "14521010"\nmilestones:\n  - {type: kontakt, date: 1999-12, source: "https://example.org/"}\n')
    assert any("Jahr 1999 liegt außerhalb des erlaubten Bereichs 2000–2099" in p for p in problems_of(root))


# --- feeds and open data ----------------------------------------------------------------------------

def test_rss_description_is_text_and_csv_cells_are_neutralised(tmp_path):
    import csv
    import io

    import feedparser

    root = make_site(tmp_path / "src")
    edit(root, "summary: Zusammenfassung von ", "summary: <img src=x onerror=alert(1)> Zusammenfassung von ")
    write(root / "kommunen/amtsberg.yml", 'ags: "14521010"\nname: \'=HYPERLINK("http://evil.example/","x")\'\n'
          'milestones:\n  - {type: kontakt, date: 2021-01, source: "https://example.org/"}\n')
    out = build_site(root, tmp_path / "out")
    feed = feedparser.parse((out / "aktuelles/rss.xml").read_bytes())
    # The reader gets the summary as text: rendered as HTML it shows "<img …>", never makes an element.
    description = feed.entries[0].summary
    assert "<img" not in description and "&lt;img src=x onerror=alert(1)&gt;" in description
    atom = feedparser.parse((out / "aktuelles/atom.xml").read_bytes())
    assert atom.entries[0].summary_detail.type == "text/plain"
    for name in ("kommunen.csv", "meilensteine.csv"):
        rows = list(csv.DictReader(io.StringIO((out / "daten" / name).read_text(encoding="utf-8"))))
        cells = [c for row in rows for c in row.values()]
        assert "'=HYPERLINK(\"http://evil.example/\",\"x\")" in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_neutralise():
    assert [neutralise(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "Aue", None, 3)] == \
        ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "Aue", None, 3]


# --- ids and municipalities -------------------------------------------------------------------------

def test_a_deleted_releases_id_is_never_given_again(root):
    old = "abababab-1111-4111-8111-abababababab"
    write(root / "news/veroeffentlicht.yml", f"{OELSNITZ_ID}: 2023-02-23-oelsnitz-kooperationsvereinbarung\n{old}: 2022-05-01-geloescht\n")
    release(root, "2023-03-01-neu.md", id=old, title="Neu", date="2023-03-01 10:00")
    assert ("news/2023-03-01-neu.md:2: id: die ID gehörte der veröffentlichten Meldung „2022-05-01-geloescht“ "
            "(news/veroeffentlicht.yml), die es nicht mehr gibt; eine ID wird nie wieder vergeben, sonst halten Feed-Reader "
            "diese Meldung für die alte: mit „asskomm neue-meldung“ eine neue ID erzeugen") in problems_of(root)


def test_renamed_release_keeps_its_id(root):
    write(root / "news/veroeffentlicht.yml", f"{OELSNITZ_ID}: 2023-02-23-oelsnitz-alt\n")
    load_corpus(root)


def test_missing_record_of_an_existing_municipality_says_how_to_create_it(root):
    edit(root, "kommunen: [oelsnitz-erzgeb]", "kommunen: [oelsnitz-erzgeb, amtsberg]")
    assert (f"{RELEASE}:7: kommunen[2]: keine Kommune „amtsberg“: die Gemeinde Amtsberg (AGS 14521010) gibt es, sie hat aber "
            "noch keinen Datensatz; mit „asskomm neue-kommune 14521010“ die Datei kommunen/amtsberg.yml anlegen") in problems_of(root)


# --- third-party resources in hand-written pages ------------------------------------------------------

def test_third_party_image_in_docs_is_refused_at_check(tmp_path):
    from asskomm.build import SiteBuild

    root = make_site(tmp_path / "src")
    write(root / "docs/extra.md", "# Extra\n\nText.\n\n![Logo](https://cdn.example.org/logo.png)\n")
    problems = SiteBuild(root, "https://example.org/", load_corpus(root).releases[0].date).check(root / "docs")
    assert [str(p) for p in problems.items] == [
        "docs/extra.md:5: „https://cdn.example.org/logo.png“ wird von einem anderen Server geladen (nicht erlaubt: die "
        "Website lädt nichts von Dritten); die Datei unter docs/ ablegen und relativ einbinden"]


# --- check and build agree, and nothing leaks -------------------------------------------------------

def test_check_and_build_agree_on_every_hostile_input(capsys):
    spec = importlib.util.spec_from_file_location("safety_report", REPO / "scripts/safety_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["safety_report"] = module
    spec.loader.exec_module(module)
    assert module.main([]) == 0
    out = capsys.readouterr().out
    counts = dict(re.findall(r"^(.+?)\s{2,}(\d+)$", out, re.M))
    assert int(counts["cases"]) >= 50
    for name, value in counts.items():
        if name != "cases":
            assert value == "0", out


def test_the_fast_path_of_the_character_check_hides_no_refused_character() -> None:
    """text_problems skips a printable line at C speed (preview latency); every character it refuses on
    its own must still be found on a line of ordinary text."""
    from asskomm.text import character_problem, text_problems

    codepoints = [*range(0x10000), *range(0x1FFF0, 0x20000), *range(0xE0000, 0xE0080), *range(0x10FFF0, 0x110000)]
    for cp in codepoints:
        if 0xD800 <= cp <= 0xDFFF or cp == 0x0A:
            continue  # lone surrogates cannot come from a decoded file; "\n" splits lines
        expected = character_problem(chr(cp))
        found = text_problems(f"Kommune {chr(cp)} Text")
        assert found == ([(1, 9, expected)] if expected else []), hex(cp)
