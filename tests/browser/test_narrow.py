"""Phone widths: every keyboard focus stop is on screen, and the growth chart is legible or gives way."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

#: Where the focused element is, and whether it can be seen.
FOCUSED_BOX = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return {tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
            href: e.getAttribute('href'), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            width: r.width, height: r.height, visibility: s.visibility, vw: innerWidth, vh: innerHeight};
}"""

#: The rendered size (CSS px) of each text label of the growth chart, or [] when the chart is not shown.
CHART_LABEL_PX = """() => {
    const svg = document.querySelector('svg.asskomm-chart');
    if (!svg || svg.getBoundingClientRect().width === 0) return [];
    return [...svg.querySelectorAll('text')].map(t => {
        const size = parseFloat(getComputedStyle(t).fontSize);
        return size * t.getScreenCTM().a;
    });
}"""


def on_screen(box: dict) -> bool:
    return (box["visibility"] == "visible" and box["width"] > 0 and box["height"] > 0
            and box["right"] > 0 and box["left"] < box["vw"] and box["bottom"] > 0 and box["top"] < box["vh"])


@pytest.mark.parametrize("path", ["/", "/zahlen/", "/kommunen/oelsnitz-erzgeb/"])
def test_every_focus_stop_is_visible_at_360_px(open_page, path: str) -> None:
    page, _ = open_page(path, width=360, height=740)
    hidden, seen = [], 0
    for _ in range(400):
        page.keyboard.press("Tab")
        box = page.evaluate(FOCUSED_BOX)
        if box is None:
            break  # past the last focus stop
        seen += 1
        if not on_screen(box):
            hidden.append(box)
    assert seen > 5, "Tab reached almost nothing"
    assert not hidden, f"{len(hidden)} focus stops off screen, e.g. {hidden[:3]}"


def test_open_drawer_is_reachable_by_keyboard(open_page) -> None:
    """Hiding the closed drawer must not hide the open one: its links are focusable and on screen."""
    page, _ = open_page("/", width=360, height=740)
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "visible"
    page.locator(".md-sidebar--primary a.md-nav__link[href] >> visible=true").last.focus()
    box = page.evaluate(FOCUSED_BOX)
    assert box and on_screen(box), box


@pytest.mark.parametrize("width", [320, 360, 768, 1280])
def test_growth_chart_labels_are_at_least_12_px_or_the_table_stands_in(open_page, width: int) -> None:
    page, _ = open_page("/zahlen/", width=width, height=900)
    sizes = page.evaluate(CHART_LABEL_PX)
    table_visible = page.locator("table.asskomm-chart-table").is_visible()
    assert table_visible
    if sizes:
        assert min(sizes) >= 11.99, f"chart labels render at {min(sizes):.1f} px at {width} px"
        assert not page.locator(".asskomm-chart__narrow").is_visible()
    else:
        assert width < 700, f"the chart is hidden at {width} px"
        assert page.locator(".asskomm-chart__narrow").is_visible()


def test_chart_table_numbers_are_right_aligned_without_inline_styles(open_page, site_dir) -> None:
    from asskomm.csp import scan_document

    assert not scan_document((site_dir / "zahlen" / "index.html").read_text(encoding="utf-8"))[2]
    page, _ = open_page("/zahlen/")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.asskomm-chart-table td')).textAlign") == "right"
