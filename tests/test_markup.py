"""Generated pages are HTML from the templates; only release bodies go through Python-Markdown."""

from collections import Counter

import yaml

from asskomm.markup import BODY_EXTENSIONS, BodyConverter, anchor, anchor_ids, toc_tokens, unique_anchor
from conftest import REPO, build_site, make_site, release, soup


def test_body_links_to_pages_become_page_urls_as_mkdocs_would_write_them():
    body = BodyConverter().convert(
        "Siehe [Oelsnitz](../kommunen/oelsnitz-erzgeb.md#kpr), [alle](../kommunen/index.md), "
        "[LPR](https://www.lpr.sachsen.de/a.md) und [oben](#start).\n", "aktuelles/2023-02-23-x/")
    hrefs = [a.split('"')[0] for a in body.html.split('href="')[1:]]
    assert hrefs == ["../../kommunen/oelsnitz-erzgeb/#kpr", "../../kommunen/", "https://www.lpr.sachsen.de/a.md", "#start"]


def test_one_converter_for_many_bodies_keeps_nothing_from_the_previous_body():
    convert = BodyConverter().convert
    first = convert("## Hintergrund\n\nText.\n", "aktuelles/a/")
    second = convert("## Hintergrund\n\n| A | B |\n|---|---|\n| 1 | 2 |\n", "aktuelles/b/")
    assert first.ids == second.ids == {"hintergrund"}  # not "hintergrund_1": ids start afresh
    assert "<table>" in second.html and "<table>" not in first.html


def test_toc_tokens_nest_headings_and_skip_marked_ones():
    html = ('<h1 id="t">Titel &amp; mehr</h1><p>x</p><h2 id="a">A <code>b</code></h2><h3 id="c" data-toc-skip>C</h3>'
            '<h3 id="d" class="x">D</h3><h2>ohne id</h2><h2 id="e">E</h2>')
    [top] = toc_tokens(html)
    assert (top["id"], top["name"]) == ("t", "Titel &amp; mehr")
    assert [(c["id"], c["name"], [g["id"] for g in c["children"]]) for c in top["children"]] == [
        ("a", "A b", ["d"]), ("e", "E", [])]
    assert anchor_ids(html) == {"t", "a", "c", "d", "e"}


def test_anchors_match_python_markdowns_toc_and_stay_unique():
    assert anchor("Kommunaler Präventionsrat") == "kommunaler-praventionsrat"
    assert anchor("Spalten: kommunen.csv") == "spalten-kommunencsv"
    assert unique_anchor("Hintergrund", {"hintergrund"}) == "hintergrund_1"


def test_release_body_dialect_is_the_sites_markdown_dialect():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert set(names) == set(BODY_EXTENSIONS)


def test_generated_pages_in_the_built_site(tmp_path):
    root = make_site(tmp_path)
    release(root, "2023-03-02-hintergrund.md", id="cccccccc-3333-4333-8333-cccccccccccc", title="Hintergrund",
            date="2023-03-02 10:00", body="Text.\n\n## Hintergrund\n\nMehr, siehe [Bannewitz](../kommunen/bannewitz.md#kpr).\n")
    out = build_site(root)

    page = soup(out / "aktuelles/2023-03-02-hintergrund/index.html")
    ids = [t["id"] for t in page.find_all(id=True)]
    assert not [i for i, n in Counter(ids).items() if n > 1]  # the title and the body heading share a text
    body = page.select_one(".asskomm-release-body")
    assert body.find("h2")["id"] == "hintergrund"
    assert body.find("a", string="Bannewitz")["href"] == "../../kommunen/bannewitz/#kpr"
    # The sidebar table of contents lists the body's headings, as it did when MkDocs converted the page.
    toc = page.select("nav.md-nav--secondary a.md-nav__link")
    assert [a["href"] for a in toc] == ["#hintergrund"]

    # A generated page in the nav keeps the title mkdocs.yml gives it there.
    home = soup(out / "index.html")
    nav = {a.get_text(" ", strip=True): a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert nav["Alle Kommunen"] == "kommunen/"
    assert nav["Pressemitteilungen"] == "aktuelles/"

    # The A–Z page lists letters in its table of contents, not 418 names.
    gemeinden = soup(out / "gemeinden/index.html")
    toc = [a["href"] for a in gemeinden.select("nav.md-nav--secondary a.md-nav__link")]
    assert "#a" in toc and len(set(toc)) <= 30 and not any(t.startswith("#adorf") for t in toc)
