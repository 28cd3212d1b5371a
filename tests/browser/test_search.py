"""Material's client-side search finds German content, offline."""

from __future__ import annotations

import pytest

from .conftest import require_page
from .pages import SEARCH_QUERY, SEARCH_TARGET, SEARCHES

pytestmark = pytest.mark.browser


def search(page, query: str) -> None:
    """Type QUERY into Material's search field as a user would."""
    page.locator("label.md-search__icon, .md-search__input").first.wait_for()
    page.keyboard.press("/")  # Material's keyboard shortcut that focuses the search field
    field = page.locator("input[data-md-component='search-query']")
    if not field.evaluate("el => el === document.activeElement"):
        field.click()
    field.press_sequentially(query, delay=20)


#: True once a visible search result links to the page with the given path (Material adds
#: ``?h=query`` to result links for search.highlight, so compare pathnames).
RESULT_LINKS_TO = """(path) => [...document.querySelectorAll(".md-search-result__item a")]
    .some(a => new URL(a.href).pathname === path && a.getBoundingClientRect().height > 0)"""


def wait_for_result(page, path: str) -> None:
    page.wait_for_function(RESULT_LINKS_TO, arg=path, timeout=10_000)


def test_search_finds_profile(open_page, site_dir, base_url: str) -> None:
    if not (site_dir / SEARCH_TARGET.strip("/") / "index.html").is_file():
        pytest.skip(f"{SEARCH_TARGET} is not in the built site yet")
    page, watch = open_page("/")
    search(page, SEARCH_QUERY)
    wait_for_result(page, SEARCH_TARGET)
    assert not watch.foreign, watch.foreign
    assert not watch.console_errors, watch.console_errors


def test_search_index_is_german(site_dir) -> None:
    import json

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "de" in index["config"]["lang"], index["config"]


@pytest.mark.parametrize(("query", "target"), SEARCHES)
def test_search_matches_umlauts_and_their_spellings(open_page, site_dir, query: str, target: str) -> None:
    require_page(site_dir, target)
    page, watch = open_page("/")
    search(page, query)
    wait_for_result(page, target)
    assert not watch.console_errors, watch.console_errors
