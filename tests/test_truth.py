"""Issue 14: the site tells the truth about the alliance.

Published figures of the LPR beside the derived counters, the check between them, partial dates,
date-only releases, the wording for municipalities without a record, and the publishing build that
refuses while a mandatory page has a gap. Every build here runs with a fixed clock.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
import pytest

from asskomm import cli
from asskomm.build import SiteBuild
from asskomm.corpus import load_corpus
from asskomm.dates import PartialDate, parse_berlin_datetime
from asskomm.problems import InputError
from asskomm.published import compare, derived_value, latest
from conftest import REPO, SHIPPED_NOW, build_site, make_site, release, soup, write

NOW = SHIPPED_NOW  # the shipped site's clock: its pages are the session's one build (conftest.production_site)
TODAY = date(2026, 12, 1)


# --- the shipped records against the LPR's published figures ---------------------------------------

def test_the_shipped_records_never_hold_more_than_the_lpr_published():
    corpus = load_corpus(REPO)
    comparisons = compare(corpus, TODAY)
    assert len(comparisons) >= 30
    too_many = [(c.figure.date.raw, c.figure.counter, c.figure.kreis, c.derived, c.value) for c in comparisons if c.too_many]
    assert too_many == []
    newest = latest(comparisons)
    agreements = newest["kooperationsvereinbarungen"]
    assert (agreements.figure.date.raw, agreements.value) == ("2025-04-11", 60)
    assert 0 < agreements.derived <= 60
    # Rothenburg/O.L. was the 10th in the Landkreis Görlitz: the groups (VG Olbersdorf, VG Reichenbach/O.L.)
    # count once, and then the records hold exactly the published ten.
    goerlitz = latest(comparisons, "goerlitz")["kooperationsvereinbarungen"]
    assert (goerlitz.value, goerlitz.derived) == (10, 10)


def test_a_joint_agreement_of_a_group_counts_once():
    corpus = load_corpus(REPO)
    members = [corpus.kommunen[s] for s in ("reichenbach-o-l", "koenigshain", "vierkirchen")]
    assert derived_value("kooperationsvereinbarungen", members, date(2022, 12, 21)) == 1
    assert derived_value("kooperationsvereinbarungen", members, date(2022, 12, 20)) == 0
    assert derived_value("zusammenarbeit", members, date(2022, 12, 21)) == 3  # municipalities, not documents


def test_the_records_hold_the_municipalities_the_issue_names():
    corpus = load_corpus(REPO)
    for slug in ("zittau", "hoyerswerda", "seifhennersdorf", "weisswasser-o-l", "bad-muskau", "crimmitschau",
                 "markkleeberg", "stollberg-erzgeb", "heidenau", "niesky"):
        assert corpus.kommunen[slug].first("kooperationsvereinbarung", TODAY) is not None, slug
    goerlitz = corpus.kommunen["goerlitz"].first("kooperationsvereinbarung", TODAY)
    assert goerlitz.date.raw == "spätestens 2020-07-15"
    oelsnitz = corpus.kommunen["oelsnitz-erzgeb"]
    assert oelsnitz.first("kpr-gegruendet", TODAY).date.raw == "2024-01-09"
    assert oelsnitz.first("coaching-start", TODAY) is not None
    group = corpus.groups["verwaltungsgemeinschaft-reichenbach-o-l"]
    assert [k.slug for k in group.members] == ["reichenbach-o-l", "koenigshain", "vierkirchen"]
    assert len(corpus.kommunen) >= 65
    assert all(e.source.startswith("http") for k in corpus.kommunen.values() for e in k.events)


# --- the data file is checked like every input --------------------------------------------------

FIGURES = "data/lpr-kennzahlen.yml"


def _project(tmp_path: Path, figures: str) -> Path:
    root = make_site(tmp_path / "src")
    write(root / FIGURES, figures)
    return root


def test_records_holding_more_than_published_is_an_error_naming_the_entry(tmp_path):
    root = _project(tmp_path, "kennzahlen:\n"
                              "  - {date: \"2023-03-01\", counter: beraten, value: 500, source: \"https://example.org/a\"}\n"
                              "  - {date: \"2023-03-01\", counter: kooperationsvereinbarungen, value: 0, source: \"https://example.org/b\"}\n")
    build = SiteBuild(root, "https://example.org/", parse_berlin_datetime(NOW))
    report = build.check(root / "docs").report()
    assert f"{FIGURES}:3: kennzahlen[2]: Kooperationsvereinbarungen: die Datensätze halten am 01.03.2023 3, der LPR veröffentlichte 0" in report
    assert "Oelsnitz/Erzgeb." in report and "kennzahlen[1]" not in report


def test_fewer_than_published_is_a_completeness_figure(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path, "kennzahlen:\n"
                              "  - {date: \"2023-03-01\", counter: kooperationsvereinbarungen, value: 48, source: \"https://example.org/b\"}\n")
    monkeypatch.chdir(root)
    monkeypatch.setenv("ASSKOMM_NOW", NOW)
    assert cli.main(["check"]) == 0
    assert "Kooperationsvereinbarungen: 3 von mindestens 48 erfasst (laut LPR 48 am 01.03.2023; 6%)" in capsys.readouterr().out


@pytest.mark.parametrize("entry, message", [
    ("{date: \"2023-03-01\", counter: beratung, value: 5, source: \"https://example.org/\"}", "counter"),
    ("{date: \"2023-03-01\", counter: beraten, value: -1, source: \"https://example.org/\"}", "value"),
    ("{date: \"2023-02-30\", counter: beraten, value: 5, source: \"https://example.org/\"}", "dieses Datum gibt es nicht"),
    ("{date: \"2023-03-01\", counter: beraten, value: 5, source: \"irgendwo\"}", "source"),
    ("{date: \"2023-03-01\", counter: beraten, value: 5, source: \"https://example.org/\", kreis: goerlits}", "meinten Sie „goerlitz“"),
])
def test_the_data_file_is_validated(tmp_path, entry, message):
    root = _project(tmp_path, f"kennzahlen:\n  - {entry}\n")
    with pytest.raises(InputError) as exc:
        load_corpus(root)
    assert f"{FIGURES}:2" in str(exc.value) and message in str(exc.value)


def test_the_schema_of_the_data_file_is_shipped():
    assert cli.render_schemas()["lpr-kennzahlen.schema.json"] == (REPO / "schemas/lpr-kennzahlen.schema.json").read_text(encoding="utf-8")


# --- partial dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, earliest, latest, short", [
    ("2022", date(2022, 1, 1), date(2022, 12, 31), "2022"),
    ("2021-08", date(2021, 8, 1), date(2021, 8, 31), "08/2021"),
    ("spätestens 2020-07-15", date(2018, 1, 1), date(2020, 7, 15), "spätestens 15.07.2020"),
    ("spätestens 2020-11", date(2018, 1, 1), date(2020, 11, 30), "spätestens 11/2020"),
])
def test_partial_dates(text, earliest, latest, short):
    d = PartialDate.parse(text)
    assert (d.earliest, d.latest, d.short(), d.raw) == (earliest, latest, short, text)


def test_an_upper_bound_needs_a_month():
    with pytest.raises(Exception, match="braucht mindestens einen Monat"):
        PartialDate.parse("spätestens 2020")


# --- pages -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(production_site):
    """The shipped content as `asskomm build` publishes it at SHIPPED_NOW (a staging site while its
    mandatory pages still have gaps): the session's one build of it, shared with the nginx tests."""
    return production_site


def _counters(page):
    return {c.find("dt").get_text(): [d.get_text(" ", strip=True) for d in c.find_all("dd")] for c in page.select(".asskomm-counter")}


def test_home_shows_the_published_figure_beside_every_counter_and_no_bare_zero(shipped):
    counters = _counters(soup(shipped / "index.html"))
    agreements = counters["Kooperationsvereinbarungen"]
    assert agreements[0].isdigit()
    assert "Laut LPR 60 am 11.04.2025" in agreements[1] and "von mindestens 60" in agreements[1]
    coachings = counters["laufende Coaching-Prozesse"]
    assert coachings[0] == "laut LPR 42" and "am 23.02.2023" in coachings[1] and "Hier erfasst:" in coachings[1]
    assert all(values[0] != "0" for values in counters.values())


def test_zahlen_lists_every_published_figure_and_draws_it_on_the_chart(shipped):
    page = soup(shipped / "zahlen/index.html")
    rows = page.select("table.asskomm-vollstaendigkeit tbody tr")
    assert len(rows) >= 30
    cells = [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]
    assert cells[[c[:4] for c in cells].index(
        ["23.02.2023", "Kooperationsvereinbarungen", "Sachsen", "47"])][:4] == ["23.02.2023", "Kooperationsvereinbarungen", "Sachsen", "47"]
    points = page.select("svg circle.published")
    assert any(p["data-date"] == "2025-04-11" and p["data-value"] == "60" for p in points)
    assert page.select_one("#vollstaendigkeit")


def test_kreis_page_shows_the_published_figure_of_its_kreis(shipped):
    counters = _counters(soup(shipped / "kreise/goerlitz/index.html"))
    assert "Laut LPR 10 am 27.01.2023" in counters["Kooperationsvereinbarungen"][1]


def test_profile_ranks_are_labelled_and_the_published_ordinal_is_shown(shipped):
    page = soup(shipped / "kommunen/oelsnitz-erzgeb/index.html")
    ordinals = [p.get_text(" ", strip=True) for p in page.select(".asskomm-ordinal")]
    assert ordinals[0].startswith("Laut Landespräventionsrat die 47. Kooperationsvereinbarung in Sachsen und die 8. Kommune im Erzgebirgskreis")
    assert ordinals[1].startswith("Unter den hier erfassten Kommunen: Rang ")
    assert "Kommunaler Präventionsrat" in page.get_text() and "Geplant, noch nicht gegründet" not in page.get_text()


def test_no_member_is_called_an_outsider(shipped):
    az = soup(shipped / "gemeinden/index.html")
    statuses = {p.find_previous("h3").get_text(): p.strong.get_text() for p in az.select(".asskomm-gemeinde")}
    for name in ("Zittau", "Hoyerswerda", "Seifhennersdorf", "Weißwasser/O.L.", "Bad Muskau", "Crimmitschau",
                 "Markkleeberg", "Stollberg/Erzgeb.", "Heidenau", "Niesky", "Görlitz"):
        assert statuses[name] == "ASSKomm-Kommune (Kooperationsvereinbarung)", name
    assert "noch nicht dabei" not in (shipped / "gemeinden/index.html").read_text(encoding="utf-8")
    assert set(statuses.values()) >= {"keine Angaben erfasst"}
    text = az.get_text(" ", strip=True)
    assert "Fehlt Ihre Gemeinde oder ein Meilenstein?" in text and "öffentliche Quelle" in text
    legend = soup(shipped / "standorte/index.html").get_text(" ", strip=True)
    assert "keine Angaben erfasst" in legend and "keine Vereinbarung" not in legend
    assert "keine Angaben erfasst" in soup(shipped / "daten/index.html").get_text(" ", strip=True)


def test_the_oelsnitz_release_is_in_the_sites_own_words(shipped):
    text = soup(shipped / "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/index.html").select_one("article").get_text(" ", strip=True)
    assert "Letzte Woche" not in text and "23. Februar 2023" in text
    seed = (REPO.parent / "shared/seed/oelsnitz-kooperationsvereinbarung.txt")
    if seed.is_file():
        for sentence in seed.read_text(encoding="utf-8").split(". "):
            assert len(sentence) < 60 or sentence not in text, sentence


def test_a_staging_site_is_marked_on_every_page_and_not_indexed(shipped):
    pages = sorted(shipped.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        page = soup(path)
        if page.find("meta", attrs={"http-equiv": "refresh"}) or not page.find("body"):
            continue  # redirect pages of old addresses
        assert "Entwurf – nicht veröffentlichen" in page.get_text(), path
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow", path
    assert (shipped / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == "Disallow: /"
    impressum = soup(shipped / "impressum/index.html")
    assert impressum.select("mark.asskomm-luecke")[0].get_text().startswith("Fehlt: ")
    assert "Wilhelm-Buck-Straße 2, 01097 Dresden" in impressum.get_text()


# --- the publishing build refuses to publish gaps ----------------------------------------------------

def test_the_publishing_build_refuses_while_placeholders_remain(tmp_path, capsys, monkeypatch):
    root = make_site(tmp_path / "src", gaps=True)
    monkeypatch.setenv("ASSKOMM_NOW", NOW)
    site = tmp_path / "public"
    assert cli.atomic_build(root, site, []) == 1
    err = capsys.readouterr().err
    assert "nicht veröffentlicht" in err and "docs/impressum.md:" in err and "asskomm build --entwurf" in err
    assert not site.exists()


def test_a_filled_site_publishes_without_banner_or_noindex(tmp_path, monkeypatch):
    root = make_site(tmp_path / "src")
    monkeypatch.setenv("ASSKOMM_NOW", NOW)
    site = tmp_path / "public"
    assert cli.atomic_build(root, site, []) == 0
    page = soup(site / "impressum/index.html")
    assert "Entwurf" not in page.get_text() and page.find("meta", attrs={"name": "robots"}) is None
    assert not (site / "robots.txt").exists() and not page.select("mark.asskomm-luecke")


# --- date-only releases --------------------------------------------------------------------------------

def test_a_release_with_a_date_only(tmp_path):
    root = make_site(tmp_path / "src")
    release(root, "2023-03-02-nur-tag.md", id="eeeeeeee-5555-4555-8555-eeeeeeeeeeee", title="Nur ein Tag", date="2023-03-02")
    out = build_site(root, tmp_path / "out", ASSKOMM_NOW=NOW)
    page = soup(out / "aktuelles/2023-03-02-nur-tag/index.html")
    assert page.select_one(".asskomm-release-meta time")["datetime"] == "2023-03-02"
    feed = feedparser.parse((out / "aktuelles/rss.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Nur ein Tag")
    assert entry.published == "Thu, 02 Mar 2023 00:00:00 +0100"  # the convention: 00:00 Europe/Berlin
    import json
    rows = json.loads((out / "daten/pressemitteilungen.json").read_text(encoding="utf-8"))["pressemitteilungen"]
    assert {r["title"]: r["date_only"] for r in rows}["Nur ein Tag"] is True


def test_the_preview_highlights_each_gap():
    from asskomm.placeholders import WORD, highlight, scan

    assert highlight(f"Telefon: [[{WORD}: Telefonnummer <des> LPR]]") == \
        'Telefon: <mark class="asskomm-luecke">Fehlt: Telefonnummer &lt;des&gt; LPR</mark>'
    gaps = scan(REPO)
    assert gaps and all(g.path.startswith("docs/") and g.line > 0 for g in gaps)
    # what a public source answers is filled in; the rest only the LPR can give
    assert not any("Postanschrift der Geschäftsstelle" in g.need or "Telefonnummer der Geschäftsstelle" in g.need for g in gaps)
