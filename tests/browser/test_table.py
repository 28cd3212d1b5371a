"""The municipality table: complete without JavaScript, sortable and filterable with it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Shown rows: neither the row nor its Kreis section is hidden (`closest` includes the row itself).
SHOWN_ROWS = "[...document.querySelectorAll('table[data-asskomm-table] tbody tr')].filter(r => !r.closest('[hidden]'))"
ROW_NAMES = f"() => {SHOWN_ROWS}.map(r => r.querySelector('th').textContent.trim())"


VISIBLE_KREISE = f"() => {SHOWN_ROWS}.map(r => r.dataset.kreis)"


def test_whole_list_is_one_table_per_kreis_sorted_and_filtered_together(open_page) -> None:
    """/kommunen/: one section per Kreis (heading, PD, link, table; off-screen sections are not rendered, issue 17),
    each table sortable on its own, one filter for all of them; sections without a shown row disappear."""
    page, watch = open_page("/kommunen/")
    sections = page.locator("section[data-asskomm-tablesection]")
    assert sections.count() >= 5
    kinds = sections.locator(".asskomm-kreisgruppe__inhalt").evaluate_all("els => els.map(e => getComputedStyle(e).contentVisibility)")
    assert kinds == ["auto"] * (len(kinds) - 1) + ["visible"], "all but the last (next to the footer) render when near"
    assert not sections.nth(sections.count() - 2).locator("tbody tr").first.evaluate(
        "e => e.checkVisibility({contentVisibilityAuto: true})"), "a Kreis far below is rendered at the top of the page"
    erz = sections.filter(has=page.get_by_role("heading", name="Erzgebirgskreis", exact=True))
    names = erz.evaluate("s => [...s.querySelectorAll('tbody tr th')].map(th => th.textContent.trim())")
    assert names == sorted(names, key=str.casefold) and "Oelsnitz/Erzgeb." in names, "rows start sorted by name"
    button = erz.get_by_role("button", name="Kooperations\u00advereinbarung")
    button.click()
    header = erz.locator("th", has=page.get_by_role("button", name="Kooperations\u00advereinbarung"))
    assert header.get_attribute("aria-sort") == "ascending"
    dates = erz.evaluate("s => [...s.querySelectorAll('tbody tr')].map(r => (r.cells[2].querySelector('time') || {}).dateTime || '')")
    filled = [d for d in dates if d]
    assert filled == sorted(filled) and dates[: len(filled)] == filled, "dated rows first, oldest first"
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("th[aria-sort]").count() == 1, "the other tables keep their order"

    total = page.locator("table[data-asskomm-table] tbody tr").count()
    page.get_by_label("Landkreis / Kreisfreie Stadt", exact=True).select_option("Erzgebirgskreis")
    assert set(page.evaluate(VISIBLE_KREISE)) == {"Erzgebirgskreis"}
    assert sections.evaluate_all("ss => ss.filter(s => !s.hidden).map(s => s.querySelector('h2').textContent)") == ["Erzgebirgskreis"]
    shown = len(page.evaluate(VISIBLE_KREISE))
    assert page.get_by_role("status").text_content() == f"{shown} von {total} Kommunen angezeigt"

    page.get_by_label("Landkreis / Kreisfreie Stadt", exact=True).select_option("")
    page.get_by_label("Polizeidirektion", exact=True).select_option("Polizeidirektion Dresden")
    visible = sections.evaluate_all("ss => ss.filter(s => !s.hidden).map(s => s.querySelector('p').textContent)")
    assert visible and all("Polizeidirektion Dresden" in text for text in visible)
    assert "Bannewitz" in page.evaluate(ROW_NAMES)
    assert not watch.console_errors, watch.console_errors


@pytest.mark.parametrize("path", ["/kommunen/", "/kommunen/meilenstein/kooperationsvereinbarung/", "/kreise/erzgebirgskreis/"])
def test_table_filters_do_not_move_the_page(open_page, path: str) -> None:
    """The filters are in the HTML from the start: nothing is inserted above a table after the first paint
    (the inserted filter row shifted /kommunen/ by 0.057 and the milestone list by 0.07, Lighthouse CLS)."""
    page, watch = open_page(path, width=360, height=740)
    page.wait_for_function("() => document.querySelector('[data-asskomm-tablegroup]').dataset.enhanced")
    shift = page.evaluate("""() => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
          .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(total), 500);
    })""")
    assert shift < 0.01, f"layout shift {shift:.3f}"
    assert page.locator("[data-asskomm-tablefilter] select").first.is_visible()
    assert not watch.console_errors, watch.console_errors


def test_table_is_complete_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/kommunen/")
    rows = page.locator("table[data-asskomm-table] tbody tr")
    assert rows.count() >= 30
    assert page.locator(".asskomm-tablefilter").count() == 1 and not page.locator(".asskomm-tablefilter").is_visible(), \
        "filters that need scripting are hidden without it"
    assert page.locator(".asskomm-sort").count() == 0  # nothing half-enhanced
    page.get_by_text("Auswahl nach Kreis, Polizeidirektion oder Meilenstein").click()  # <details> works without JS
    page.get_by_role("navigation", name="Kreise auf dieser Seite").get_by_role("link", name="Erzgebirgskreis").click()
    heading = page.get_by_role("heading", name="Erzgebirgskreis", level=2)
    page.wait_for_function("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight }",
                           arg=heading.element_handle())
    nav = page.get_by_role("navigation", name="Auswahl nach Kreis, Polizeidirektion und Meilenstein")
    nav.get_by_role("link", name="Erzgebirgskreis", exact=True).click()
    assert page.url.endswith("/kreise/erzgebirgskreis/")
    context.close()


def test_map_table_is_closed_until_opened_then_sortable_by_keyboard(open_page) -> None:
    """/standorte/: the table of the map (418 rows at full scale) is a closed <details> below the map, so its rows
    are neither rendered nor rewritten at page load (issue 17, Lighthouse); opened by keyboard it is complete,
    sortable and filterable."""
    page, watch = open_page("/standorte/")
    details = page.locator("details", has=page.locator("table[data-asskomm-table]"))
    assert details.count() == 1 and not details.evaluate("d => d.open")
    assert details.evaluate("d => !d.querySelector('tbody tr').checkVisibility()"), "rows rendered while closed"
    assert not page.locator(".asskomm-tablefilter").is_visible() and page.locator(".asskomm-sort").count() == 0
    summary = details.locator("summary")
    assert summary.text_content().strip() == "Tabelle zur Karte anzeigen"
    summary.focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    rows = details.locator("tbody tr")
    assert rows.count() == page.locator("svg.asskomm-map__svg--state a").count(), "one row per municipality on the map"
    assert rows.first.is_visible()
    button = page.get_by_role("button", name="Kommune", exact=True)
    button.click()
    ascending = page.evaluate(ROW_NAMES)
    button.click()
    assert page.locator("th", has=button).get_attribute("aria-sort") == "descending"
    assert page.evaluate(ROW_NAMES) == ascending[::-1] and ascending[0] < ascending[-1], "second sort by name is descending"
    page.get_by_label("Landkreis / Kreisfreie Stadt", exact=True).select_option("Erzgebirgskreis")
    kreise = set(page.evaluate("() => [...document.querySelectorAll('table[data-asskomm-table] tbody tr')].filter(r => !r.hidden).map(r => r.cells[1].textContent.trim())"))
    assert kreise == {"Erzgebirgskreis"}
    assert not watch.console_errors, watch.console_errors


def test_map_table_complete_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/standorte/")
    page.get_by_text("Tabelle zur Karte anzeigen").click()
    rows = page.locator("table[data-asskomm-table] tbody tr")
    assert rows.count() >= 30 and rows.first.is_visible()
    context.close()
