"""The site search (Pagefind, issue 15) in Chromium: German, full text, keyboard, screen reader, lazy."""

from __future__ import annotations

import re
import unicodedata

import pytest

from . import harness
from .conftest import require_page
from .pages import SEARCH_BODY_ONLY, SEARCH_KREIS, SEARCHES

pytestmark = pytest.mark.browser

FIELD = "#asskomm-suche-eingabe"
OPENER = ".asskomm-suche__oeffnen"

#: True once a search result links to the page with the given path (a result of the A–Z list may
#: point at a heading on it, so pathnames are compared).
RESULT_LINKS_TO = """(path) => [...document.querySelectorAll(".asskomm-suche__ergebnisse a")]
    .some(a => new URL(a.href).pathname === path && a.getBoundingClientRect().height > 0)"""
RESULT_PATHS = """() => [...document.querySelectorAll(".asskomm-suche__ergebnisse a")].map(a => new URL(a.href).pathname)"""


def open_search(page) -> None:
    """Open the search with its keyboard shortcut "/", as Material's search was opened."""
    page.locator(OPENER).wait_for()
    page.keyboard.press("/")
    page.locator(FIELD).wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.id") == FIELD[1:]


def search(page, query: str) -> None:
    """Open the search and type QUERY into it as a user would."""
    open_search(page)
    page.locator(FIELD).press_sequentially(query, delay=20)


def wait_for_result(page, path: str) -> None:
    page.wait_for_function(RESULT_LINKS_TO, arg=path, timeout=10_000)


def status(page) -> str:
    return page.locator(".asskomm-suche__status").inner_text()


def pagefind_requests(watch: harness.PageWatch) -> list[str]:
    return [r for r in watch.requests if "/pagefind/" in r]


def test_nothing_of_the_search_is_loaded_before_it_is_focused(open_page) -> None:
    page, watch = open_page("/")
    page.wait_for_load_state("networkidle")
    assert not pagefind_requests(watch), pagefind_requests(watch)
    assert not [r for r in watch.requests if "search" in r.rsplit("/", 1)[-1]], watch.requests
    page.locator(OPENER).focus()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/pagefind.js'))")
    assert not watch.foreign and not watch.console_errors, (watch.foreign, watch.console_errors)


def test_a_word_only_in_the_body_of_a_release_finds_it(open_page, site_dir) -> None:
    word, target = SEARCH_BODY_ONLY
    require_page(site_dir, target)
    from bs4 import BeautifulSoup

    release = BeautifulSoup(harness.page_file(site_dir, target).read_text(encoding="utf-8"), "html.parser")
    assert word in release.select_one(".asskomm-release-body").get_text()
    assert word not in release.h1.get_text() and word not in release.select_one(".asskomm-lead").get_text()
    page, watch = open_page("/")
    search(page, word)
    wait_for_result(page, target)
    item = page.locator(".asskomm-suche__ergebnisse li", has=page.locator(f"a[href$='{target}']")).first
    assert item.locator("mark").first.inner_text().casefold() == word.casefold()  # the match is highlighted
    meta = item.locator(".asskomm-suche__meta").inner_text()
    assert "Unterzeichnung" in meta and "2023" in meta, meta  # date and category of the release
    assert not watch.console_errors, watch.console_errors


@pytest.mark.parametrize(("query", "target"), SEARCHES)
def test_umlauts_and_spelling_variants_find_the_municipality(open_page, site_dir, query: str, target: str) -> None:
    require_page(site_dir, target)
    page, watch = open_page("/")
    search(page, query)
    wait_for_result(page, target)
    assert not watch.console_errors, watch.console_errors


def test_umlauts_typed_decomposed_find_the_same_as_precomposed(open_page) -> None:
    """macOS keyboards and some paste sources give NFD ("o" + U+0308): the query is normalised to NFC."""
    found = {}
    for form in ("NFC", "NFD"):
        query = unicodedata.normalize(form, "Lößnitz")
        page, _ = open_page("/")
        search(page, query)
        assert page.locator(FIELD).input_value() == query  # really typed in that form
        # the status names the whole query, in NFC, once its results are shown
        page.wait_for_function("() => document.querySelector('.asskomm-suche__status').textContent.includes('L\u00f6\u00dfnitz')")
        wait_for_result(page, "/kommunen/loessnitz/")
        page.wait_for_load_state("networkidle")
        found[form] = (status(page), page.evaluate(RESULT_PATHS))
    assert found["NFC"] == found["NFD"]


def test_kreis_filter_keeps_only_pages_of_that_kreis(open_page, site_dir) -> None:
    query, kreis = SEARCH_KREIS
    page, _ = open_page("/")
    search(page, query)
    page.wait_for_function("() => document.querySelectorAll('.asskomm-suche__ergebnisse li').length > 0")
    unfiltered = status(page)
    kreis_select = page.locator("select[data-suche-filter=kreis]")
    kreis_select.focus()
    kreis_select.select_option(kreis)  # a <select>: the keyboard's arrow keys choose as well
    page.wait_for_function("() => document.querySelector('.asskomm-suche__status').textContent.includes('eingegrenzt')"
                           " && document.querySelectorAll('.asskomm-suche__ergebnisse li').length > 0")
    paths = page.evaluate(RESULT_PATHS)
    assert paths and status(page) != unfiltered
    for path in paths:
        html = harness.page_file(site_dir, path).read_text(encoding="utf-8")
        assert f'data-pagefind-filter="kreis:{kreis}"' in html, path
    # Kreis of a municipality is shown in its result
    profiles = page.locator(".asskomm-suche__ergebnisse li", has=page.locator("a[href*='/kommunen/']"))
    if profiles.count():
        assert kreis in profiles.first.locator(".asskomm-suche__meta").inner_text()


def test_a_word_of_an_embargoed_release_finds_nothing(browser, tmp_path) -> None:
    """A site with a public and an embargoed release, built and indexed as of a moment before the embargo."""
    from conftest import build_site, make_site, release

    root = make_site(tmp_path / "src")
    release(root, "2026-11-20-offen.md", id="cccccccc-3333-4333-8333-cccccccccccc", title="Offene Meldung",
            date="2026-11-20 09:00", body="Das Wort Quellwasserfest steht hier.\n")
    release(root, "2026-12-01-sperre.md", id="dddddddd-4444-4444-8444-dddddddddddd", title="Gesperrte Meldung",
            date="2026-12-01 09:00", body="Das Wort Sperrfristgeheimnis steht hier.\n")
    site = build_site(root, tmp_path / "out", ASSKOMM_NOW="2026-11-30 12:00")
    with harness.serve(site) as url:
        context = browser.new_context(locale="de-DE")
        try:
            page = context.new_page()
            page.goto(url + "/", wait_until="load")
            search(page, "Quellwasserfest")  # control: the public one is found
            wait_for_result(page, "/aktuelles/2026-11-20-offen/")
            page.locator(FIELD).fill("")
            page.locator(FIELD).press_sequentially("Sperrfristgeheimnis", delay=20)
            page.wait_for_function("() => document.querySelector('.asskomm-suche__status').textContent.includes('Sperrfristgeheimnis')")
            # Pagefind may offer near matches elsewhere; never the embargoed release or its text.
            text = page.locator(".asskomm-suche__ergebnisse").inner_text()
            assert "/aktuelles/2026-12-01-sperre/" not in page.evaluate(RESULT_PATHS)
            assert "Sperrfristgeheimnis" not in text and "Gesperrte Meldung" not in text, text
        finally:
            context.close()


def test_keyboard_only_search_from_the_header_to_a_result(open_page) -> None:
    word, target = SEARCH_BODY_ONLY
    page, _ = open_page("/")
    for _ in range(30):  # Tab from the top of the page to the search button in the header
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('asskomm-suche__oeffnen')"):
            break
    else:
        pytest.fail("the search button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == FIELD[1:]
    page.keyboard.type(word, delay=20)
    wait_for_result(page, target)
    for _ in range(15):  # on through the clear button and the filters to the first result
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.asskomm-suche__ergebnisse')"):
            break
    else:
        pytest.fail("no result is reachable with Tab")
    style = page.evaluate(harness.FOCUS_STYLE)
    assert harness.has_focus_indicator(style), style
    # Escape closes the dialog and gives the focus back to the button that opened it
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.querySelector('#asskomm-suche').open")
    assert page.evaluate("() => document.activeElement.classList.contains('asskomm-suche__oeffnen')")
    page.keyboard.press("Enter")
    page.locator(FIELD).wait_for(state="visible")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.asskomm-suche__ergebnisse')"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0].endswith(target)


def test_search_interface_is_german_in_every_string(open_page) -> None:
    page, _ = open_page("/")
    assert page.locator(OPENER).inner_text().strip() == "Suche"  # from the first paint: it is in the HTML
    search(page, "Quatschwortohnetreffer")
    page.wait_for_function("() => document.querySelector('.asskomm-suche__status').textContent.includes('Quatschwortohnetreffer')")
    assert re.fullmatch(r"(Keine Ergebnisse|1 Ergebnis|[\d.]+ Ergebnisse) für „Quatschwortohnetreffer“\.", status(page)), status(page)
    messages = page.evaluate("() => Object.values(document.querySelector('.asskomm-suche__status').dataset).join('\\n')")
    assert "Keine Ergebnisse für „{q}“." in messages and "Die Suche wird geladen …" in messages, messages
    strings = page.evaluate("""() => {
        const root = document.querySelector('[data-asskomm-suche]');
        const out = [root.innerText];
        root.querySelectorAll('[placeholder],[aria-label],[title]').forEach(e =>
            out.push(e.getAttribute('placeholder') || '', e.getAttribute('aria-label') || '', e.getAttribute('title') || ''));
        root.querySelectorAll('option').forEach(o => out.push(o.textContent));
        return out.join('\\n');
    }""")
    for german in ("Suchbegriff", "Eingabe löschen", "Schließen", "Ergebnisse eingrenzen", "Kategorie", "Jahr",
                   "Landkreis oder kreisfreie Stadt", "alle", "für „Quatschwortohnetreffer“", "z. B. Lößnitz"):
        assert german in strings, german
    for english in ("Search", "Clear", "Close", "result", "Filter", "Load more", "No ", "Type"):
        assert english not in strings, english


@pytest.mark.parametrize("state", ["offen", "mit Ergebnissen"])
def test_axe_finds_no_violation_in_the_search(open_page, state: str) -> None:
    page, _ = open_page("/")
    if state == "offen":
        open_search(page)
    else:
        search(page, SEARCH_BODY_ONLY[0])
        wait_for_result(page, SEARCH_BODY_ONLY[1])
    violations = harness.run_axe(page)
    assert not violations, f"axe ({state}):\n" + harness.format_axe(violations)
    assert page.evaluate("() => document.querySelector('#asskomm-suche').getAttribute('aria-labelledby')")


def test_without_javascript_the_header_links_the_a_to_z_list_and_the_archive(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(base_url + "/kommunen/", wait_until="load")
        assert not page.locator(OPENER).is_visible()
        links = page.locator(".md-header a.asskomm-suche__ohne-js")
        hrefs = [new for new in links.evaluate_all("els => els.filter(e => e.offsetParent).map(e => new URL(e.href).pathname)")]
        assert hrefs == ["/gemeinden/", "/aktuelles/"], hrefs
    finally:
        context.close()
