"""Whole builds in tmp_path with the real config and hooks; assertions on the parsed HTML."""

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from conftest import OELSNITZ_ID, build_site, fixed_clock_env, make_site, pagefind_files, pagefind_pages, release, soup, write


def test_profile_page_shows_status_timeline_ordinal_and_links(site):
    out = site()
    page = soup(out / "kommunen/oelsnitz-erzgeb/index.html")
    assert page.find("h1").get_text() == "Oelsnitz/Erzgeb."
    ordinal = page.select_one(".asskomm-ordinal--erfasst").get_text(" ", strip=True)
    # derived ranks are labelled as ranks among the recorded members, never as the published ordinal
    assert ordinal.startswith("Unter den hier erfassten Kommunen: Rang 3 nach dem Datum der Kooperationsvereinbarung in Sachsen, "
                              "Rang 3 im Erzgebirgskreis")
    items = page.select(".asskomm-timeline__item")
    assert [i.find("time")["datetime"] for i in items] == ["2021-05", "2021-09-01", "2023-02-23"]
    assert "Thomas Lein (Bürgermeister)" in items[2].get_text()
    links = {a.get_text(strip=True): a["href"] for a in page.select(".asskomm-facts a")}
    assert links == {"Erzgebirgskreis": "../../kreise/erzgebirgskreis/", "Polizeidirektion Chemnitz": "../../polizeidirektionen/chemnitz/"}
    assert [a.get_text() for a in page.select(".asskomm-release__title")] == [
        "Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb."]
    assert "Sachbeschädigung durch Graffiti" in page.select_one(".asskomm-fields").get_text()


def test_group_members_name_each_other(site):
    page = soup(site() / "kommunen/loessnitz/index.html")
    group = page.select_one(".asskomm-group")
    assert group.get_text(" ", strip=True) == "gemeinsam mit Städtebund „Städtebund Silberberg“: Aue-Bad Schlema"
    assert [a["href"] for a in group.find_all("a")] == ["../aue-bad-schlema/"]


def independent_agreement_count(root: Path, day: str) -> int:
    """Count municipalities with an agreement by `day` straight from the YAML, without the asskomm package."""
    signed = set()
    for path in (root / "kommunen").glob("*.yml"):
        data = yaml.safe_load(path.read_text()) or {}
        if any(m["type"] == "kooperationsvereinbarung" and str(m["date"]) <= day for m in data.get("milestones", [])):
            signed.add(path.stem)
    for path in (root / "kommunen/gruppen").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        if any(m["type"] == "kooperationsvereinbarung" and str(m["date"]) <= day for m in data["milestones"]):
            signed.update(data["members"])
    return len(signed)


def home_counters(out: Path) -> dict[str, str]:
    page = soup(out / "index.html")
    return {c.find("dt").get_text(): c.find("dd").get_text() for c in page.select(".asskomm-counter")}


def test_home_counters_equal_an_independent_count_and_show_the_date(tmp_path):
    root = make_site(tmp_path / "src")
    out = build_site(root, tmp_path / "out", ASSKOMM_NOW="2023-02-28 12:00")
    assert home_counters(out)["Kooperationsvereinbarungen"] == str(independent_agreement_count(root, "2023-02-28")) == "3"
    assert "Stand: 28. Februar 2023" in soup(out / "index.html").select_one(".asskomm-stand").get_text()
    out = build_site(root, tmp_path / "out", ASSKOMM_NOW="2023-03-01 12:00")
    assert home_counters(out)["Kooperationsvereinbarungen"] == str(independent_agreement_count(root, "2023-03-01")) == "4"


def test_two_builds_in_one_process_give_identical_output(tmp_path):
    root = make_site(tmp_path / "src")
    a = build_site(root, tmp_path / "a")
    b = build_site(root, tmp_path / "b")
    # Pagefind writes its filter and metadata files (and the entry file naming them) in hash-map order,
    # which varies between runs (Pagefind/pagefind#638: fragments are stable since 1.3, these are not);
    # its fragments and index chunks, the bulk of the index, must be identical, like everything else.
    def stable(site):
        return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file()
                      and not p.relative_to(site).as_posix().startswith(("pagefind/filter/", "pagefind/pagefind-entry.json"))
                      and not p.name.endswith(".pf_meta"))

    files_a, files_b = stable(a), stable(b)
    assert files_a == files_b
    assert any(p.as_posix().startswith("pagefind/fragment/") for p in files_a)
    different = [str(p) for p in files_a if (a / p).read_bytes() != (b / p).read_bytes()]
    assert different == []
    # The unstable files hold the same data: the same filters for the same pages (read back from the fragments).
    assert pagefind_pages(a) == pagefind_pages(b)
    assert len(list((a / "pagefind" / "filter").iterdir())) == len(list((b / "pagefind" / "filter").iterdir()))


def all_output_text(out: Path) -> str:
    """Every output file as text, the precompressed .gz and .br copies decompressed."""
    import gzip

    import brotli

    unpack = {".gz": gzip.decompress, ".br": brotli.decompress}
    # The search index (Pagefind) stores gzip streams under other suffixes: unpacked as well.
    return "\n".join(unpack.get(p.suffix, bytes)(p.read_bytes()).decode("utf-8", "replace")
                      for p in out.rglob("*") if p.is_file() and not p.is_relative_to(out / "pagefind")) + "\n".join(
        data.decode("utf-8", "replace") for data in pagefind_files(out).values())


def test_embargoed_and_draft_releases_appear_in_no_output_file(tmp_path):
    root = make_site(tmp_path / "src")
    release(root, "2026-12-01-geheim-embargo.md", id="aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa",
            title="Sperrfristmeldung Zwönitz", date="2026-12-01 09:00")
    release(root, "2026-01-10-entwurf-text.md", id="bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb",
            title="Entwurfsmeldung Lauter", date="2026-01-10 09:00", extra="draft: true\n")
    # Events (issue 16): an announcement under embargo and a draft event, scanned the same way.
    from test_events import event

    event(root, name="2027-02-01-geheimtreffen.md", id="cccccccc-3333-4333-8333-cccccccccccc", start="2027-02-01 10:00",
          end=None, title="Sperrfristveranstaltung Zwönitz", published="2026-12-01 09:00")
    event(root, name="2027-02-02-entwurfstreffen.md", id="dddddddd-4444-4444-8444-dddddddddddd", start="2027-02-02 10:00",
          end=None, title="Entwurfsveranstaltung Lauter", extra="draft: true\n")
    out = build_site(root, tmp_path / "out", ASSKOMM_NOW="2026-12-01 08:59")
    text = all_output_text(out)
    for needle in ("Sperrfristmeldung", "aaaaaaaa-1111", "geheim-embargo", "Entwurfsmeldung", "bbbbbbbb-2222", "entwurf-text",
                   "Sperrfristveranstaltung", "cccccccc-3333", "geheimtreffen", "Entwurfsveranstaltung", "dddddddd-4444",
                   "entwurfstreffen"):
        assert needle not in text, needle
    assert pagefind_pages(out), "the search index is empty: the scan above proves nothing"
    out = build_site(root, tmp_path / "later", ASSKOMM_NOW="2026-12-01 09:00")
    text = all_output_text(out)
    assert "Sperrfristmeldung" in text and "geheim-embargo" in text and "aaaaaaaa-1111" in text
    assert "Sperrfristveranstaltung" in text and "geheimtreffen" in text and "cccccccc-3333" in text
    assert "Entwurfsmeldung" not in text and "Entwurfsveranstaltung" not in text
    # Once public, the release and the event are in the search index with their title and page (the scan can fail).
    assert any("Sperrfristmeldung" in p["content"] for url, p in pagefind_pages(out).items() if "geheim-embargo" in url)
    assert any("Sperrfristveranstaltung" in p["content"] for url, p in pagefind_pages(out).items() if "geheimtreffen" in url)


def test_preview_marks_embargoed_and_draft_releases(tmp_path):
    root = make_site(tmp_path / "src")
    release(root, "2026-12-01-geheim.md", id="aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa", title="Sperrfristmeldung", date="2026-12-01 09:00")
    release(root, "2026-01-10-entwurf.md", id="bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb", title="Entwurfsmeldung",
            date="2026-01-10 09:00", extra="draft: true\n")
    out = build_site(root, tmp_path / "out", ASSKOMM_PREVIEW="1")
    assert "Sperrfrist bis 01.12.2026, 09:00 Uhr" in soup(out / "aktuelles/2026-12-01-geheim/index.html").get_text()
    assert "Entwurf" in soup(out / "aktuelles/2026-01-10-entwurf/index.html").select_one(".asskomm-flag--preview").get_text()


def test_future_milestones_and_unpublished_records_stay_hidden(tmp_path):
    root = make_site(tmp_path / "src")
    write(root / "kommunen/zwoenitz.yml", """
        ags: "14521710"
        milestones: [{type: kooperationsvereinbarung, date: 2026-12-24, source: "https://example.org/z"}]
        """)
    out = build_site(root, tmp_path / "out")
    assert not (out / "kommunen/zwoenitz").exists()
    # Every Saxon municipality is named on the map and in the A–Z list; an unpublished record must
    # still leave no trace: no link, no status, no row in the downloads.
    assert "kommunen/zwoenitz" not in all_output_text(out)
    entry = soup(out / "gemeinden/index.html").find(id="zwoenitz").find_next_sibling("p")
    assert entry.strong.get_text() == "keine Angaben erfasst"
    assert not soup(out / "standorte/index.html").select('.asskomm-map a path[data-ags="14521710"]')
    for f in (p for p in (out / "daten").iterdir() if p.suffix not in (".gz", ".br")):  # not their precompressed copies
        assert "14521710" not in f.read_text(encoding="utf-8") and "2026-12-24" not in f.read_text(encoding="utf-8"), f.name


def test_news_is_paginated_with_archive_and_categories(tmp_path):
    root = make_site(tmp_path / "src")
    for i in range(1, 23):
        release(root, f"2024-01-{i:02d}-meldung-{i}.md", id=f"{i:08d}-0000-4000-8000-000000000000",
                title=f"Meldung {i}", date=f"2024-01-{i:02d} 10:00")
    out = build_site(root, tmp_path / "out")
    first = soup(out / "aktuelles/index.html")
    assert [a.get_text() for a in first.select(".asskomm-release__title")][:2] == ["Meldung 22", "Meldung 21"]
    assert len(first.select(".asskomm-release")) == 10
    third = soup(out / "aktuelles/seite/3/index.html")
    assert [a.get_text() for a in third.select(".asskomm-release__title")] == [
        "Meldung 2", "Meldung 1", "Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb."]
    assert third.select_one("[aria-current=page]").get_text() == "3"
    assert len(soup(out / "aktuelles/archiv/2024/index.html").select(".asskomm-release")) == 10
    assert (out / "aktuelles/archiv/2024/seite/3/index.html").exists()
    assert len(soup(out / "aktuelles/kategorie/unterzeichnung/seite/3/index.html").select(".asskomm-release")) == 3
    nav_links = [a.get("href") for a in first.select("nav.md-nav a")]
    assert not any("meldung-" in (h or "") for h in nav_links)  # the navigation never lists releases


def test_every_page_announces_feeds_and_news_pages_link_them(site):
    out = site()
    for page in ("index.html", "kommunen/bannewitz/index.html", "404.html"):
        alternates = {link["type"]: link["href"] for link in soup(out / page).find_all("link", rel="alternate")}
        assert "application/rss+xml" in alternates and "application/atom+xml" in alternates
    kreis = soup(out / "kreise/erzgebirgskreis/index.html").find_all("link", rel="alternate")
    assert "rss.xml" in [link["href"] for link in kreis]  # relative to the Kreis page itself
    subscribe = soup(out / "aktuelles/index.html").select_one(".asskomm-subscribe")
    assert "RSS" in subscribe.get_text() and subscribe.find("a")["href"] == "rss.xml"


def test_kommunen_table_is_complete_without_javascript(site):
    out = site()
    page = soup(out / "kommunen/index.html")
    # The whole list: one section per Kreis (heading, link to the Kreis page, table), Kreise alphabetically.
    sections = page.select("[data-asskomm-tablegroup] section[data-asskomm-tablesection]")
    assert [s.h2.get_text() for s in sections] == ["Erzgebirgskreis", "Landkreis Sächsische Schweiz-Osterzgebirge"]
    assert [[r.th.get_text() for r in s.select("tbody tr")] for s in sections] == [
        ["Aue-Bad Schlema", "Lößnitz", "Oelsnitz/Erzgeb."], ["Bannewitz"]]
    assert sections[0].select_one("a[href='../kreise/erzgebirgskreis/']")
    jumps = page.select(".asskomm-sprungmarken a")
    assert [a["href"] for a in jumps] == ["#" + s.h2["id"] for s in sections]
    rows = page.select("table[data-asskomm-table] tbody tr")
    assert rows[3]["data-kreis"] == "Landkreis Sächsische Schweiz-Osterzgebirge" and rows[3]["data-pd"] == "Polizeidirektion Dresden"
    # One filter for all of them, in the HTML from the start, with exactly the values the rows carry.
    selects = page.select("[data-asskomm-tablegroup] > [data-asskomm-tablefilter] select")
    assert {s["data-filter"]: [o.get_text() for o in s.select("option")] for s in selects} == {
        "kreis": ["alle", "Erzgebirgskreis", "Landkreis Sächsische Schweiz-Osterzgebirge"],
        "pd": ["alle", "Polizeidirektion Chemnitz", "Polizeidirektion Dresden"]}  # one status only: no status filter
    assert {r["data-kreis"] for r in rows} == {"Erzgebirgskreis", "Landkreis Sächsische Schweiz-Osterzgebirge"}
    assert "Polizeidirektion Chemnitz" in sections[0].p.get_text()  # a Kreis has one PD: named once, no column
    assert [th.get_text() for th in sections[0].select("thead th")][:2] == ["Kommune", "Status"]
    filtered = soup(out / "kommunen/meilenstein/sicherheitsanalyse-ende/index.html").select("tbody tr")
    assert [r.th.get_text() for r in filtered] == ["Bannewitz"]


def test_internal_links_resolve(site):
    out = site()
    broken = []
    for page in out.rglob("*.html"):
        base = "/" + page.relative_to(out).as_posix()
        for a in soup(page).find_all(["a", "link", "img", "script"]):
            ref = a.get("href") or a.get("src")
            if not ref or urlsplit(ref).scheme or ref.startswith(("#", "mailto:", "tel:")):
                continue
            target = urlsplit(urljoin(base, ref)).path
            if target.startswith("/asskomm/"):  # 404.html links absolutely, below site_url's path
                target = target[len("/asskomm"):]
            path = out / target.lstrip("/")
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{base} -> {ref}")
    assert broken == []


def test_unknown_marker_fails_the_build_naming_file_and_line(tmp_path, caplog):
    import pytest

    root = make_site(tmp_path / "src")
    write(root / "docs/probe.md", "# Probe\n\nEs gibt {{ zahl:kooperationsvereinbarung }} Kommunen.\n")
    with pytest.raises(SystemExit):
        build_site(root, tmp_path / "out")
    assert "docs/probe.md:3: unbekannter Platzhalter {{ zahl:kooperationsvereinbarung }} (meinten Sie „zahl:kooperationsvereinbarungen“?)" in caplog.text


def test_input_errors_fail_the_build_before_the_old_site_is_touched(tmp_path, caplog):
    import pytest

    root = make_site(tmp_path / "src")
    out = build_site(root, tmp_path / "out")
    before = (out / "index.html").read_bytes()
    write(root / "kommunen/kaputt.yml", "ags: [\n")
    with pytest.raises(SystemExit):
        build_site(root, out)
    assert "kommunen/kaputt.yml:2: YAML-Syntaxfehler" in caplog.text
    assert (out / "index.html").read_bytes() == before


def test_shipped_site_builds_strict(shipped_site):
    # The session build fails the test on any --strict warning; here: it produced the whole site.
    for page in ("index.html", "404.html", "sitemap.xml", "aktuelles/rss.xml", "kommunen/index.html", "daten/kommunen.json"):
        assert (shipped_site / page).is_file(), page


def test_old_cms_addresses_lead_to_their_new_pages(tmp_path):
    root = make_site(tmp_path / "src", {
        "data/weiterleitungen.yml": """
            redirects:
              asskomm-standorte-4899.html: kommunen/index.md
            """,
        "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md": f"""
            ---
            id: {OELSNITZ_ID}
            title: Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb.
            date: 2023-02-23 10:00
            category: unterzeichnung
            summary: Oelsnitz unterzeichnet.
            kommunen: [oelsnitz-erzgeb]
            old_urls: [unterzeichnung-oelsnitz-7001.html]
            ---

            Text.
            """,
    }, releases=False)
    out = build_site(root, tmp_path / "out")
    for old, target in (("unterzeichnung-oelsnitz-7001.html", "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"),
                        ("asskomm-standorte-4899.html", "kommunen/")):
        page = soup(out / old)
        assert page.find("link", rel="canonical")["href"] == "https://example.org/asskomm/" + target
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        link = page.find("a")["href"]
        assert link == target and (out / link / "index.html").is_file()
        assert not page.find("script")


def test_release_pages_carry_open_graph_and_canonical(site):
    page = soup(site() / "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/index.html")
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:type"] == "article" and og["og:title"].startswith("Unterzeichnung der Kooperationsvereinbarung")
    assert og["og:url"] == "https://example.org/asskomm/aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"
    assert og["article:published_time"] == "2023-02-23T10:00:00+01:00"
    assert page.find("link", rel="canonical")["href"] == og["og:url"]
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Zusammenfassung von")


def test_404_is_german_and_offers_the_sections(site):
    page = soup(site() / "404.html")
    assert page.find("h1").get_text() == "Seite nicht gefunden"
    assert {a.get_text() for a in page.select("article a")} >= {"Startseite", "Kommunen in der Allianz", "Pressemitteilungen"}
    assert page.find("html")["lang"] == "de"


def test_a_redirect_to_a_missing_page_is_an_error(tmp_path, caplog):
    import pytest

    root = make_site(tmp_path / "src")
    write(root / "data/weiterleitungen.yml", "redirects:\n  alt-1.html: kommunen/oelsnitz.md\n")
    with pytest.raises(SystemExit):
        build_site(root, tmp_path / "out")
    assert "data/weiterleitungen.yml: alt-1.html: Ziel „kommunen/oelsnitz.md“ ist keine Seite (meinten Sie „kommunen/oelsnitz-erzgeb.md“?)" in caplog.text


def test_text_from_yaml_is_escaped_in_pages_and_feeds(tmp_path):
    import feedparser

    root = make_site(tmp_path / "src")
    evil = '</title><script>alert(1)</script> & <img src=x onerror=alert(2)> *fett* [x](y)'
    release(root, "2023-03-01-evil.md", id="eeeeeeee-5555-4555-8555-eeeeeeeeeeee", title=f'"{evil}"',
            date="2023-03-01 10:00", extra=f'image:\n  src: bilder/bild.png\n  alt: "{evil}"\n  credit: "{evil}"\n')
    (root / "news/bilder").mkdir()
    (root / "news/bilder/bild.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(24))
    write(root / "kommunen/amtsberg.yml", f"""
        ags: "14521010"
        summary: '{evil}'
        milestones: [{{type: kontakt, date: 2021-01, source: "https://example.org/"}}]
        """)
    out = build_site(root, tmp_path / "out")
    for page in ("aktuelles/2023-03-01-evil/index.html", "kommunen/amtsberg/index.html", "aktuelles/index.html"):
        html = (out / page).read_text()
        assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html, page
    doc = soup(out / "aktuelles/2023-03-01-evil/index.html")
    assert doc.find("h1").get_text() == evil
    assert doc.select_one(".asskomm-figure img")["alt"] == evil
    feed = feedparser.parse((out / "aktuelles/rss.xml").read_bytes())
    assert feed.entries[0].title == evil
    assert "<script>" not in feed.entries[0].content[0].value


def test_preview_is_refused_for_a_publishable_build(tmp_path):
    root = make_site(tmp_path / "src")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")],
                            cwd=root, env=fixed_clock_env(ASSKOMM_PREVIEW="1"), capture_output=True, text=True)
    assert result.returncode != 0
    assert "ASSKOMM_PREVIEW=1 ist nur mit „mkdocs serve“ erlaubt" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_relative_urls_match_posixpath():
    import posixpath

    from asskomm.urls import relative_url

    def reference(page_url, target):
        rel = posixpath.relpath(target.rstrip("/") or ".", page_url.rstrip("/") or ".")
        if target == "" or target.endswith("/"):
            return "./" if rel == "." else rel + "/"
        return rel

    cases = [("", ""), ("", "kreise/x/"), ("kommunen/x/", "kreise/y/"), ("kommunen/x/", ""), ("kommunen/x/", "kommunen/x/"),
             ("kommunen/", "kommunen/x/"), ("aktuelles/a/", "aktuelles/rss.xml"), ("a/b/c/", "a/b/"), ("a/b/", "a/b/c/d.xml"),
             ("aktuelles/seite/2/", "aktuelles/"), ("", "aktuelles/rss.xml"), ("kommunen/ab/", "kommunen/abc/")]
    for page_url, target in cases:
        assert relative_url(page_url, target) == reference(page_url, target), (page_url, target)
