"""Every page type of the built site in Chromium: no third party, accessible, reflows."""

from __future__ import annotations

import pytest

from . import harness
from .pages import PAGES, REFLOW_WIDTHS, SCREENSHOT_VIEWPORTS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_only_from_127_0_0_1_without_errors(open_page, path: str) -> None:
    page, watch = open_page(path)
    page.wait_for_load_state("networkidle")
    assert watch.requests, "the page made no request at all"
    assert not watch.foreign, "requests to other hosts:\n" + "\n".join(watch.foreign)
    assert not watch.console_errors, "\n".join(watch.console_errors)


@pytest.mark.parametrize("path", PAGES)
def test_page_language_is_german(open_page, path: str) -> None:
    page, _ = open_page(path)
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.title().strip(), "empty <title>"


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag21_aa_violation(open_page, path: str) -> None:
    page, _ = open_page(path)
    violations = harness.run_axe(page)
    assert not violations, f"axe: {len(violations)} WCAG 2.1 A/AA rules violated on {path}\n" + harness.format_axe(
        violations
    )


@pytest.mark.parametrize("width", REFLOW_WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling(open_page, path: str, width: int) -> None:
    page, _ = open_page(path, width=width, height=800)
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"{path} at {width} px: scrollWidth {sizes[0]} > innerWidth {sizes[1]}"


@pytest.mark.parametrize("path", PAGES)
def test_screenshots(open_page, screenshot_dir, path: str) -> None:
    for name, (width, height) in SCREENSHOT_VIEWPORTS.items():
        page, _ = open_page(path, width=width, height=height)
        target = screenshot_dir / harness.screenshot_name(path, name)
        # A full-page screenshot of the A–Z list (418 entries, ~41,000 px at desktop width) takes 10–17 s
        # on the shared 2-core machine, on main as well: the page's default 10 s is for interactions.
        page.screenshot(path=str(target), full_page=True, timeout=60_000)
        png = harness.png_facts(target.read_bytes())
        scroll_height = page.evaluate("() => document.documentElement.scrollHeight")
        # The whole page at the viewport's width (nothing cut off, no sideways overflow), and drawn:
        # a blank or single-colour capture has one distinct row; a page with text has hundreds.
        assert png.width == width, f"{path} {name}: screenshot {png.width} px wide, viewport {width}"
        assert png.height == max(scroll_height, height), f"{path} {name}: {png.height} px high, page {scroll_height}"
        assert png.distinct_rows > 50, f"{path} {name}: only {png.distinct_rows} distinct pixel rows"
