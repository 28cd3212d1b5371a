"""The municipality table: complete without JavaScript, sortable and filterable with it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ROW_NAMES = "() => [...document.querySelectorAll('table[data-asskomm-table] tbody tr')].filter(r => !r.hidden).map(r => r.querySelector('th').textContent.trim())"


def test_sort_by_agreement_date_and_filter_by_district(open_page) -> None:
    page, watch = open_page("/kommunen/")
    names = page.evaluate(ROW_NAMES)
    assert names == sorted(names, key=str.casefold), "rows start sorted by name"
    button = page.get_by_role("button", name="Kooperations\u00advereinbarung")
    button.click()
    header = page.locator("th", has=button)
    assert header.get_attribute("aria-sort") == "ascending"
    dates = page.evaluate("() => [...document.querySelectorAll('table[data-asskomm-table] tbody tr')].map(r => (r.cells[4].querySelector('time') || {}).dateTime || '')")
    filled = [d for d in dates if d]
    assert filled == sorted(filled) and dates[: len(filled)] == filled, "dated rows first, oldest first"
    button.click()
    assert header.get_attribute("aria-sort") == "descending"

    page.get_by_label("Landkreis / Kreisfreie Stadt").select_option("Erzgebirgskreis")
    shown = page.evaluate(ROW_NAMES)
    assert shown and "Oelsnitz/Erzgeb." in shown and "Bannewitz" not in shown
    kreise = page.evaluate("() => [...document.querySelectorAll('table[data-asskomm-table] tbody tr')].filter(r => !r.hidden).map(r => r.dataset.kreis)")
    assert set(kreise) == {"Erzgebirgskreis"}
    assert page.get_by_role("status").text_content().startswith(f"{len(shown)} von ")
    assert not watch.console_errors, watch.console_errors


def test_table_is_complete_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/kommunen/")
    rows = page.locator("table[data-asskomm-table] tbody tr")
    assert rows.count() >= 30
    assert page.locator(".asskomm-tablefilter").count() == 0  # nothing half-enhanced
    page.get_by_text("Auswahl nach Kreis, Polizeidirektion oder Meilenstein").click()  # <details> works without JS
    page.get_by_role("link", name="Erzgebirgskreis", exact=True).first.click()
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
    assert page.locator(".asskomm-tablefilter").count() == 0 and page.locator(".asskomm-sort").count() == 0
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
    page.get_by_label("Landkreis / Kreisfreie Stadt").select_option("Erzgebirgskreis")
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
