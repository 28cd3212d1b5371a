"""The search index (Pagefind, issue 15) of a whole build: what is in it and what never is.

Read from Pagefind's own files (conftest.pagefind_pages unpacks its fragments), not from the HTML.
The browser tests (tests/browser/test_search.py) type queries into the search itself.
"""

from __future__ import annotations

from conftest import pagefind_files, pagefind_pages, soup


def test_every_public_page_is_indexed_with_the_full_text_of_every_release(site) -> None:
    out = site()
    pages = pagefind_pages(out)
    release = pages["/aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"]
    # title, summary and the body, which Material's index left out (issue 7)
    assert release["meta"]["title"] == "Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb."
    for words in ("Zusammenfassung von", "Bürgermeister Thomas Lein unterzeichnete", "Hintergrund"):
        assert words in release["content"], words
    # every page made from the site's template with content, except the excluded kinds below
    html = {p for p in out.rglob("index.html") if not p.is_relative_to(out / "pagefind")}
    expected = {"/" + p.parent.relative_to(out).as_posix() + "/" for p in html if soup(p).select("[data-pagefind-body]")}
    expected = {u.replace("/./", "/") for u in expected}
    assert set(pages) == expected
    for url in ("/", "/kommunen/oelsnitz-erzgeb/", "/gemeinden/", "/kreise/erzgebirgskreis/", "/impressum/"):
        assert url in pages, url


def test_redirects_404_and_paginated_lists_are_not_indexed(site) -> None:
    out = site()
    pages = pagefind_pages(out)
    assert pages
    assert not [u for u in pages if u.endswith(".html")], "redirect pages or the 404 page are indexed"
    assert not [u for u in pages if u.startswith(("/aktuelles/seite/", "/aktuelles/kategorie/", "/aktuelles/archiv/2"))
                or u == "/aktuelles/"]
    assert "Seite nicht gefunden" not in "\n".join(p["content"] for p in pages.values())


def test_results_carry_date_category_kreis_and_filters(site) -> None:
    out = site()
    pages = pagefind_pages(out)
    release = pages["/aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"]
    assert release["meta"]["datum"] == "23.02.2023" and release["meta"]["kategorie"] == "Unterzeichnung"
    assert release["filters"] == {"kategorie": ["Unterzeichnung"], "jahr": ["2023"], "kreis": ["Erzgebirgskreis"]}
    profile = pages["/kommunen/oelsnitz-erzgeb/"]
    assert profile["meta"]["kreis"] == "Erzgebirgskreis" and profile["filters"] == {"kreis": ["Erzgebirgskreis"]}
    assert pages["/kreise/erzgebirgskreis/"]["filters"] == {"kreis": ["Erzgebirgskreis"]}


def test_index_is_german_and_only_pagefind_s_api_is_published(site) -> None:
    out = site()
    entry = pagefind_files(out)["pagefind/pagefind-entry.json"].decode()
    assert '"languages":{"de":' in entry, entry
    names = {p.name for p in (out / "pagefind").iterdir()}
    assert "pagefind.js" in names and not {n for n in names if n.startswith(("pagefind-ui", "pagefind-component", "pagefind-modular"))}
    # Material's search is gone: no lunr index, no worker, no search markup
    assert not (out / "search").exists()
    javascripts = out / "assets" / "javascripts"
    assert not (javascripts / "lunr").exists() and not list((javascripts / "workers").glob("search.*"))
    assert list(javascripts.glob("bundle.*.min.js")), "Material's own bundle must stay"
    page = soup(out / "index.html")
    assert not page.select("[data-md-component=search]") and page.select("[data-asskomm-suche] dialog")


def test_a_second_indexing_leaves_no_stale_files(site) -> None:
    from asskomm.search import index_site

    out = site()
    before = sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*"))
    (out / "pagefind" / "pagefind.de_0000000000.pf_meta").write_bytes(b"alt")
    index_site(out)
    assert len(list((out / "pagefind").glob("*.pf_meta"))) == 1
    assert len(sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*"))) == len(before)


def test_indexing_while_rendering_gives_the_index_of_the_built_site(site, tmp_path) -> None:
    """A build feeds each page to Pagefind as it is rendered (search.OverlappedIndex); the result is the
    index Pagefind's command line makes from the finished site: the same pages with the same text,
    titles, metadata and filters."""
    import shutil

    from asskomm.search import index_site

    built = shutil.copytree(site(), tmp_path / "site")
    during = pagefind_pages(built)
    index_site(built)
    after = pagefind_pages(built)
    assert len(during) > 30 and during.keys() == after.keys()
    assert [url for url in after if during[url] != after[url]] == []


def test_a_failed_or_cancelled_index_writes_nothing(tmp_path, monkeypatch) -> None:
    import pytest

    from asskomm.search import OverlappedIndex, SearchIndexError

    index = OverlappedIndex(tmp_path)
    index.add("a/index.html", '<html lang="de"><body><main data-pagefind-body><h1>Graffiti</h1></main></body></html>')
    index.cancel()  # the build failed after this page
    assert not (tmp_path / "pagefind").exists() and index._process.poll() is not None
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # a service that dies at once
    with pytest.raises(SearchIndexError, match="Suchindex: Pagefind ist gescheitert"):
        OverlappedIndex(tmp_path)
