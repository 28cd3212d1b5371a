"""Map page, locator maps, A–Z list, Zahlen, open data: whole builds in tmp_path, assertions on parsed output."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from asskomm.build import SiteBuild
from asskomm.dates import BERLIN
from asskomm.reference import CREDIT_LINE, load_reference
from asskomm.standorte import month_ends
from conftest import REPO, build_site, make_site, pagefind_pages, release, soup, write
from test_site_build import independent_agreement_count

EMBARGO_ID = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa"
DRAFT_ID = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb"


def extra_content(root: Path) -> None:
    """A KPR with contact, a Modellkommune, a future milestone, an embargoed and a draft release."""
    write(root / "kommunen/chemnitz.yml", """
        ags: "14511000"
        milestones:
          - {type: modellkommune, date: 2017-03, source: "https://example.org/m"}
          - {type: kooperationsvereinbarung, date: 2018-06-01, source: "https://example.org/k"}
          - {type: kpr-gegruendet, date: 2020-01-15, source: "https://example.org/kpr"}
          - {type: coaching-start, date: 2026-12-01, source: "https://example.org/zukunft"}
        fields_of_action: [gewalt, "kpr-koordination"]
        kpr:
          name: Kriminalpräventiver Rat Chemnitz
          contact: {organisation: "Stadt Chemnitz, Präventionsrat", email: praevention@example.org}
        """)
    write(root / "kommunen/zwoenitz.yml", """
        ags: "14521710"
        milestones: [{type: kooperationsvereinbarung, date: 2026-12-24, source: "https://example.org/z"}]
        """)
    release(root, "2026-12-01-geheim.md", id=EMBARGO_ID, title="Sperrfristmeldung", date="2026-12-01 09:00")
    release(root, "2026-01-10-entwurf.md", id=DRAFT_ID, title="Entwurfsmeldung", date="2026-01-10 09:00",
            extra="draft: true\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = make_site(tmp_path_factory.mktemp("src"))
    extra_content(root)
    return root, build_site(root, tmp_path_factory.mktemp("out") / "site")


def view_of(root: Path):
    return SiteBuild(root, "https://example.org/asskomm/", datetime(2026, 11, 25, 12, tzinfo=BERLIN)).view


# --- map page --------------------------------------------------------------------------------------


def test_map_links_every_member_with_its_stage(built):
    _root, out = built
    page = soup(out / "standorte/index.html")
    links = {a.path["data-ags"]: (a["href"], a.path["class"]) for a in page.select(".asskomm-map svg a")}
    assert {ags: href for ags, (href, _) in links.items()} == {
        "14521450": "../kommunen/oelsnitz-erzgeb/", "14521035": "../kommunen/aue-bad-schlema/",
        "14521370": "../kommunen/loessnitz/", "14628050": "../kommunen/bannewitz/", "14511000": "../kommunen/chemnitz/"}
    assert "stage-kooperationsvereinbarung" in links["14521450"][1]
    assert "layer-kpr" in links["14511000"][1] and "layer-modellkommune" in links["14511000"][1]
    assert "layer-coaching" not in links["14511000"][1]  # starts 2026-12-01: not yet
    # the other 413 municipalities are drawn, unlinked
    assert len(page.select(".asskomm-map svg path.gem")) == 418


def test_layer_toggles_carry_the_dated_counts(built):
    root, out = built
    page = soup(out / "standorte/index.html")
    assert "Stand 25.11.2026" in page.select_one(".asskomm-map__toggles-title").get_text()
    labels = [link.get_text() for link in page.select(".asskomm-map__toggle-label")]
    assert labels == ["kontaktiert / beraten (5)", "Modellkommune (1)", "Kooperationsvereinbarung (5)",
                      "Coaching (laufend) (0)", "Sicherheitsanalyse (erstellt) (1)", "Kommunaler Präventionsrat (KPR) (1)"]
    assert labels[2].endswith(f"({independent_agreement_count(root, '2026-11-25')})")
    # each checkbox precedes the svg in the same parent, as map.css needs
    block = page.select_one(".asskomm-map")
    order = [c.name for c in block.find_all(recursive=False)]
    assert order.index("svg") > max(i for i, n in enumerate(order) if n == "input")
    css = (out / "stylesheets/map.css").read_text()
    for key in ("kontakt", "modellkommune", "kooperationsvereinbarung", "coaching", "sicherheitsanalyse", "kpr"):
        assert f"#layer-{key}:checked ~ svg .layer-{key}" in css
    assert any(link["href"].endswith("stylesheets/map.css") for link in page.find_all("link", rel="stylesheet"))


def test_map_table_is_equivalent_and_links_kpr_contacts(built):
    _root, out = built
    page = soup(out / "standorte/index.html")
    rows = page.select("table.asskomm-standorte tbody tr")
    assert [r.th.get_text() for r in rows] == ["Aue-Bad Schlema", "Bannewitz", "Chemnitz", "Lößnitz", "Oelsnitz/Erzgeb."]
    chemnitz = rows[2].find_all("td")
    assert chemnitz[3].get_text(" ", strip=True) == "ja ( 03/2017 )"
    kpr = chemnitz[-1].find("a")
    assert kpr["href"] == "../kommunen/chemnitz/#kpr"
    profile = soup(out / "kommunen/chemnitz/index.html")
    section = profile.find(id="kpr")
    assert section.name == "h2" and "praevention@example.org" in section.find_next("address").get_text()
    assert rows[1].find_all("td")[-2].get_text(" ", strip=True) == "erstellt 08/2024"
    assert CREDIT_LINE in page.get_text()


def test_nav_lists_the_new_pages_but_no_items(built):
    _, out = built
    nav = [a.get_text(strip=True) for a in soup(out / "index.html").select("nav.md-nav--primary a")]
    for label in ("Standorte", "Ist meine Gemeinde dabei?", "Zahlen", "Offene Daten"):
        assert label in nav
    hrefs = [a.get("href", "") for a in soup(out / "index.html").select("nav.md-nav--primary a")]
    assert not any("daten/" in h and h.endswith((".json", ".csv")) for h in hrefs)
    assert not any(re.search(r"kommunen/[a-z-]+/$", h) for h in hrefs)


def test_map_page_weight_is_under_the_limit(built):
    _, out = built
    spec = importlib.util.spec_from_file_location("measure_page_weight", REPO / "scripts/measure_page_weight.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    weight = module.page_weight(out, "standorte/index.html")
    assert weight["external"] == []
    assert 50_000 < weight["total_gzip"] <= 300 * 1024


# --- locator maps ----------------------------------------------------------------------------------


def test_locator_maps_on_profile_kreis_and_police_pages(built):
    _, out = built
    profile = soup(out / "kommunen/loessnitz/index.html").select_one(".asskomm-locator svg")
    assert profile["role"] == "img" and "Lößnitz" in profile.title.get_text()
    assert profile.select_one("path.hl") and profile.select_one(".kreis-hl")["data-kreis"] == "14521"
    assert len(profile.select(".markers circle")) == 1
    kreis = soup(out / "kreise/erzgebirgskreis/index.html").select_one(".asskomm-locator svg")
    assert kreis.select_one("use.kreis-fill")["href"].endswith("-k14521") and not kreis.select("path.hl")
    pd = soup(out / "polizeidirektionen/chemnitz/index.html").select_one(".asskomm-locator svg")
    assert pd.select_one("path.hl") and not pd.select(".markers circle")
    assert "Polizeidirektion Chemnitz" in pd.title.get_text()


# --- A–Z ------------------------------------------------------------------------------------------


def entry(page, anchor: str):
    h = page.find("h3", id=anchor)
    return h, h.find_next_sibling("p")


def test_a_to_z_lists_all_418_with_status_kreis_and_police(built):
    _, out = built
    page = soup(out / "gemeinden/index.html")
    names = [h.get_text() for h in page.select("h3.asskomm-gemeinde__name")]
    assert len(names) == 418 == len(load_reference().municipalities)
    assert len(set(h["id"] for h in page.select("h3.asskomm-gemeinde__name"))) == 418  # two Bernsdorf
    letters = [h.get_text() for h in page.select("article h2")]
    assert letters == sorted(letters) and letters[0] == "A"
    h, p = entry(page, "loessnitz")
    assert p.strong.get_text() == "ASSKomm-Kommune (Kooperationsvereinbarung)"
    assert [a["href"] for a in p.find_all("a")] == ["../kreise/erzgebirgskreis/", "../polizeidirektionen/chemnitz/", "../kommunen/loessnitz/"]
    h, p = entry(page, "krauschwitz-i-d-o-l")
    assert h.get_text() == "Krauschwitz i.d. O.L." and p.strong.get_text() == "keine Angaben erfasst"
    text = p.get_text(" ", strip=True)
    assert "Landkreis Görlitz" in text and "Polizeidirektion Görlitz" in text
    assert [a["href"] for a in p.find_all("a")][-2:] == ["../mitmachen/", "../foerderung/"]
    _, p = entry(page, "zwoenitz")  # record with only a future milestone
    assert p.strong.get_text() == "keine Angaben erfasst"
    _, p = entry(page, "dresden")
    assert "Kreisfreie Stadt Dresden" in p.get_text() and " im " not in p.get_text()


def test_search_index_finds_names_however_they_are_typed(built):
    """The spelling variants of namesearch.py are indexed (Pagefind) on the page and under the heading of
    each municipality, so "Loessnitz", "Grossschirma" or "Krauschwitz" find it (browser: test_search.py)."""
    _, out = built
    pages = pagefind_pages(out)

    def section(url: str, anchor: str) -> str:
        """The indexed text from the heading `anchor` up to the next anchor of the page."""
        page = pages[url]
        starts = sorted((a["location"], a["id"]) for a in page["anchors"] if a.get("id"))
        words = page["content"].split()
        where = next(i for i, (_, a) in enumerate(starts) if a == anchor)
        end = starts[where + 1][0] if where + 1 < len(starts) else len(words)
        return " ".join(words[starts[where][0]:end])

    cases = {"loessnitz": ["Loessnitz", "Lossnitz"], "oelsnitz-erzgeb": ["Ölsnitz", "Oelsnitz"],
             "krauschwitz-i-d-o-l": ["Krauschwitz"], "aue-bad-schlema": ["Aue Bad Schlema"], "grossschirma": ["Grossschirma"]}
    for anchor, words in cases.items():
        for w in words:
            assert w in section("/gemeinden/", anchor), (anchor, w)
    assert "Loessnitz" in pages["/kommunen/loessnitz/"]["content"] and "Lossnitz" in pages["/kommunen/loessnitz/"]["content"]
    assert pages["/kommunen/loessnitz/"]["meta"]["kreis"] == "Erzgebirgskreis"
    # the map's 418 <title>s stay out of the index (data-pagefind-ignore)
    assert "Krauschwitz" not in pages["/standorte/"]["content"]


def test_new_pages_do_not_grow_with_press_releases(tmp_path, built):
    _, out = built
    root = make_site(tmp_path / "src")
    extra_content(root)
    for i in range(1, 31):
        release(root, f"2024-03-{i:02d}-meldung-{i}.md", id=f"{i:08d}-0000-4000-8000-000000000000",
                title=f"Meldung {i}", date=f"2024-03-{i:02d} 10:00", kommunen="[loessnitz]")
    more = build_site(root, tmp_path / "more")
    for page in ("standorte/index.html", "gemeinden/index.html", "zahlen/index.html"):
        assert (more / page).read_bytes() == (out / page).read_bytes(), page


# --- Zahlen ---------------------------------------------------------------------------------------


def test_month_ends_stop_at_today():
    days = month_ends((2019, 2), date(2026, 11, 25))
    assert days[0] == date(2019, 2, 28) and days[-2] == date(2026, 10, 31) and days[-1] == date(2026, 11, 25)
    assert len(days) == 7 * 12 + 10  # Feb 2019 … Nov 2026
    assert month_ends((2019, 2), date(2019, 2, 6)) == [date(2019, 2, 6)]


def test_zahlen_chart_points_equal_an_independent_count(built):
    root, out = built
    page = soup(out / "zahlen/index.html")
    titles = {t.get_text() for t in page.select(".asskomm-chart svg title")}
    for day, shown in (("2021-12-31", "31.12.2021"), ("2023-02-28", "28.02.2023"), ("2026-11-25", "25.11.2026")):
        assert f"Kooperationsvereinbarungen, {shown}: {independent_agreement_count(root, day)}" in titles
    assert not any("30.11.2026" in t for t in titles)  # the series ends today, not at the month's end
    assert page.select_one(".asskomm-chart svg")["role"] == "img"
    table = page.select_one("table.asskomm-chart-table")
    first = [td.get_text() for td in table.select("tbody tr")[0].find_all(["th", "td"])]
    assert first[0] == "28.02.2019"
    last = table.select("tbody tr")[-1]
    assert last.th.get_text() == "25.11.2026"
    counters = {c.find("dt").get_text(): c.find("dd").get_text() for c in page.select(".asskomm-counter")}
    assert counters["Kooperationsvereinbarungen"] == "5"
    hrefs = [a["href"] for a in page.select("article a")]
    assert "../kreise/" in hrefs and "../polizeidirektionen/" in hrefs


# --- open data ------------------------------------------------------------------------------------


def test_kommunen_json_and_csv_round_trip(built):
    root, out = built
    view = view_of(root)
    data = json.loads((out / "daten/kommunen.json").read_text(encoding="utf-8"))
    assert data["lizenz"] == "dl-de/by-2-0" and data["referenzdaten"] == CREDIT_LINE and data["stand"] == "2026-11-25"
    rows = {r["slug"]: r for r in data["kommunen"]}
    assert set(rows) == {k.slug for k in view.kommunen} == {"aue-bad-schlema", "bannewitz", "chemnitz", "loessnitz", "oelsnitz-erzgeb"}
    for k in view.kommunen:
        r = rows[k.slug]
        assert (r["ags"], r["name"], r["kreis"], r["polizeidirektion"], r["stage"]) == (
            k.ref.ags, k.name, k.district.label, k.police.label, view.stage(k))
        assert r["url"] == f"https://example.org/asskomm/kommunen/{k.slug}/"
        assert r["handlungsfelder"] == list(k.record.fields_of_action)
    assert rows["oelsnitz-erzgeb"]["kontakt"] == "2021-05" and rows["oelsnitz-erzgeb"]["kooperationsvereinbarung"] == "2023-02-23"
    assert rows["loessnitz"]["kooperationsvereinbarung"] == "2021-12-17"  # reached as a group
    assert rows["chemnitz"]["coaching-start"] is None  # in the future

    raw = (out / "daten/kommunen.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    parsed = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(parsed) == len(rows)
    for r in parsed:
        j = rows[r["slug"]]
        assert set(r) == set(j)
        for key, value in j.items():
            expected = ";".join(value) if isinstance(value, list) else "" if value is None else value
            assert r[key] == expected, (r["slug"], key)
    assert parsed[[p["slug"] for p in parsed].index("chemnitz")]["handlungsfelder"] == "gewalt;kpr-koordination"


def test_meilensteine_csv_has_one_row_per_public_milestone(built):
    root, out = built
    view = view_of(root)
    rows = list(csv.DictReader(io.StringIO((out / "daten/meilensteine.csv").read_text(encoding="utf-8"), newline="")))
    expected = sorted((k.slug, e.kind, str(e.date), e.source) for k in view.kommunen for e in k.events_on(view.today))
    assert sorted((r["slug"], r["typ"], r["datum"], r["quelle"]) for r in rows) == expected
    group = [r for r in rows if r["slug"] == "loessnitz"]
    assert group == [{"slug": "loessnitz", "ags": "14521370", "name": "Lößnitz", "typ": "kooperationsvereinbarung", "datum_genauigkeit": "Tag",
                      "datum": "2021-12-17", "gruppe": "staedtebund-silberberg", "gruppe_name": "Städtebund Silberberg",
                      "quelle": "https://www.staedtebund-silberberg.de/"}]
    assert not any(r["datum"].startswith("2026-12") for r in rows)


def test_geojson_points_are_lon_lat_from_the_reference(built):
    _, out = built
    geo = json.loads((out / "daten/mitglieder.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    ref = load_reference().municipalities
    kommunen = {r["slug"]: r for r in json.loads((out / "daten/kommunen.json").read_text(encoding="utf-8"))["kommunen"]}
    assert len(geo["features"]) == len(kommunen)
    for f in geo["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert 11.8 < lon < 15.1 and 50.1 < lat < 51.7  # Saxony, lon first
        m = ref[f["properties"]["ags"]]
        assert (lon, lat) == (m.lon, m.lat)
        assert f["properties"] == kommunen[f["properties"]["slug"]]


def test_press_release_json_holds_only_public_releases(built):
    _root, out = built
    data = json.loads((out / "daten/pressemitteilungen.json").read_text(encoding="utf-8"))
    items = data["pressemitteilungen"]
    assert [i["title"] for i in items] == ["Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb."]
    item = items[0]
    assert item["date"] == "2023-02-23T10:00:00+01:00" and datetime.fromisoformat(item["date"]).tzinfo is not None
    assert item["kommunen"] == ["oelsnitz-erzgeb"] and item["category"] == "unterzeichnung"
    assert item["url"] == "https://example.org/asskomm/aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"
    every = "".join(p.read_text(encoding="utf-8") for p in (out / "daten").iterdir() if p.is_file() and p.suffix not in (".gz", ".br"))
    for needle in (EMBARGO_ID, DRAFT_ID, "Sperrfristmeldung", "Entwurfsmeldung", "zwoenitz", "14521710"):
        assert needle not in every


def test_daten_page_documents_files_columns_and_licence(built):
    _, out = built
    page = soup(out / "daten/index.html")
    links = [a["href"] for a in page.select("table.asskomm-downloads a")]
    assert links == ["kommunen.json", "kommunen.csv", "meilensteine.csv", "mitglieder.geojson", "pressemitteilungen.json"]
    text = page.get_text(" ")
    header = (out / "daten/kommunen.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    for column in header:
        assert column in text
    for needle in ("dl-de/by-2-0", "ohne Byte Order Mark", "RFC 4180", CREDIT_LINE):
        assert needle in text


def test_hidden_helper_classes_are_defined():
    """A hidden-text class that no stylesheet defines shows its text to everyone."""
    css = "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs/stylesheets").glob("*.css"))
    used = set()
    for t in (REPO / "asskomm/templates").glob("*.html"):
        used |= set(re.findall(r'class="([a-z-]*(?:sr-only|visually-hidden)[a-z-]*)"', t.read_text(encoding="utf-8")))
    assert used == {"asskomm-sr-only"}
    assert all(f".{c} " in css or f".{c}{{" in css for c in used)


def test_changes_only_keeps_first_last_and_moves():
    from asskomm.standorte import changes_only

    d = [date(2019, m, 28) for m in range(2, 7)]
    data = {"a": list(zip(d, [1, 1, 2, 2, 2], strict=False)), "b": list(zip(d, [0, 0, 0, 3, 3], strict=False))}
    assert changes_only(data) == {"a": [(d[0], 1), (d[2], 2), (d[3], 2), (d[4], 2)],
                                  "b": [(d[0], 0), (d[2], 0), (d[3], 3), (d[4], 3)]}


def test_downloads_leave_out_unpublished_releases_even_in_preview(built):
    """Preview (mkdocs serve only) shows drafts and embargoed releases on pages, never in the downloads."""
    root, _ = built
    build = SiteBuild(root, "https://example.org/asskomm/", datetime(2026, 11, 25, 12, tzinfo=BERLIN), preview=True)
    assert {r.meta.id for r in build.view.releases} >= {EMBARGO_ID, DRAFT_ID}
    files = build.downloads()
    assert set(files) == {"daten/kommunen.json", "daten/kommunen.csv", "daten/meilensteine.csv",
                          "daten/mitglieder.geojson", "daten/pressemitteilungen.json"}
    every = b"".join(files.values()).decode("utf-8")
    assert EMBARGO_ID not in every and DRAFT_ID not in every
