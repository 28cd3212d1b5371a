"""Long pages render only what is near the viewport (issue 17, Lighthouse performance), and stay whole:
the A–Z list's letters are `content-visibility: auto`; letter links and anchors still land on their entry."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RENDERED = "e => e.checkVisibility({contentVisibilityAuto: true})"
IN_VIEW = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }"


def test_a_to_z_letters_render_near_the_viewport_only(open_page) -> None:
    page, watch = open_page("/gemeinden/", width=360, height=740)
    groups = page.locator(".asskomm-az__buchstabe")
    assert groups.count() >= 20
    assert set(groups.evaluate_all("gs => gs.map(g => getComputedStyle(g).contentVisibility)")) == {"auto"}
    last = groups.last.locator("h3").last
    assert not last.evaluate(RENDERED), "the last letter is rendered at the top of the page"
    # Every entry is in the page (search index, find in page, assistive technology), rendered or not.
    assert page.locator("h3.asskomm-gemeinde__name").count() == page.locator("p.asskomm-gemeinde").count() >= 400
    page.locator("nav.asskomm-az a").last.click()  # "Z"
    heading = page.locator("h2").filter(has_text="Z").last
    page.wait_for_function("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight }",
                           arg=heading.element_handle())
    first_z = groups.last.locator("h3").first
    assert first_z.evaluate(RENDERED) and first_z.is_visible()
    assert not watch.console_errors, watch.console_errors


def test_a_to_z_anchor_of_a_late_entry_lands_on_it(open_page) -> None:
    page, _ = open_page("/gemeinden/", width=360, height=740)
    anchor = page.locator(".asskomm-az__buchstabe").last.locator("h3").last.get_attribute("id")
    page.goto(page.url.split("#")[0] + "#" + anchor)
    target = page.locator(f"[id='{anchor}']")
    page.wait_for_function(IN_VIEW, arg=target.element_handle())
    assert target.evaluate(RENDERED)
