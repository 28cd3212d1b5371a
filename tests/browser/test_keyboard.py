"""Keyboard use: skip link, visible focus, links reachable with Tab alone."""

from __future__ import annotations

import pytest

from . import harness
from .pages import KEYBOARD_PATHS, MAX_TABS, PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", PAGES)
def test_first_tab_focuses_a_visible_skip_link(open_page, path: str) -> None:
    page, _ = open_page(path)
    page.keyboard.press("Tab")
    focused = page.evaluate(harness.FOCUS_STYLE)
    assert focused, "Tab focused nothing"
    assert focused["href"] and focused["href"].startswith("#"), f"first Tab stop is not a skip link: {focused}"
    assert focused["visible"], f"the skip link stays invisible when focused: {focused}"
    assert harness.has_focus_indicator(focused), f"no outline or box-shadow on focus: {focused}"
    target_id = focused["href"][1:]
    assert page.locator(f"[id='{target_id}']").count() == 1, f"skip link target #{target_id} missing"


@pytest.mark.parametrize(("path", "target"), KEYBOARD_PATHS)
def test_link_reachable_by_keyboard_only(open_page, base_url: str, site_dir, path: str, target: str) -> None:
    from .conftest import require_page

    require_page(site_dir, target)
    page, _ = open_page(path)
    wanted = base_url + target
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement && document.activeElement.href")
        seen.append(focused)
        if focused == wanted:
            style = page.evaluate(harness.FOCUS_STYLE)
            assert harness.has_focus_indicator(style), f"focused link has no visible indicator: {style}"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == wanted
            return
    pytest.fail(f"no link to {target} on {path} within {MAX_TABS} Tab presses; focused: {seen[:40]} ...")


def test_map_layers_switch_by_keyboard_only(open_page) -> None:
    """Tab to a layer toggle of the map, press Space: the layer is on and its municipalities change fill."""
    page, _ = open_page("/standorte/")
    fill = "() => getComputedStyle(document.querySelector('svg .layer-kpr')).fill"
    before = page.evaluate(fill)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "layer-kpr":
            style = page.evaluate(harness.FOCUS_STYLE)
            assert harness.has_focus_indicator(style) or page.evaluate(
                "() => getComputedStyle(document.activeElement.labels[0]).outlineStyle") != "none", style
            page.keyboard.press("Space")
            assert page.evaluate("() => document.getElementById('layer-kpr').checked")
            after = page.evaluate(fill)
            assert after != before and "url(" in after, (before, after)
            return
    pytest.fail("the KPR layer toggle was not reached with Tab")
