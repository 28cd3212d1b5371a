"""The harness itself: each detector must fire on a page built to trip it."""

from __future__ import annotations

import pytest

from . import harness
from .test_csp import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>bad</title></head><body>
<img src="http://third-party.invalid/pixel.png" alt="">
<div style="width: 2000px">wide</div>
<img src="local.png">
<script>console.error("boom")</script>
</body></html>"""


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    (root / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    return root


def test_detectors_fire(browser, bad_site) -> None:
    csp = "default-src 'self'; img-src 'self'"
    with harness.serve(bad_site, {"Content-Security-Policy": csp}) as url:
        context = browser.new_context(viewport={"width": 320, "height": 600})
        try:
            watch = harness.PageWatch()
            watch.attach(context)
            context.add_init_script(RECORD_VIOLATIONS)
            page = context.new_page()
            watch.watch_page(page)
            page.goto(url + "/")
            assert not watch.foreign  # img-src 'self' stops it before any request
            # The inline script and style attribute are not allowed by the policy.
            violations = page.evaluate("() => window.__cspViolations")
            assert any(v.startswith("script-src") for v in violations), violations
            assert any(v.startswith("style-src") for v in violations), violations
            assert page.evaluate("document.documentElement.lang") == ""
        finally:
            context.close()

    with harness.serve(bad_site) as url:
        context = browser.new_context(viewport={"width": 320, "height": 600})
        try:
            watch = harness.PageWatch()
            watch.attach(context)
            page = context.new_page()
            watch.watch_page(page)
            page.goto(url + "/")
            # The external image is aborted by the route before it leaves the machine
            # (.invalid is a reserved name that never resolves either).
            assert watch.foreign == ["http://third-party.invalid/pixel.png"]
            assert any("boom" in m for m in watch.console_errors), watch.console_errors
            assert page.evaluate(harness.HAS_HORIZONTAL_SCROLL)
            ids = {v["id"] for v in harness.run_axe(page)}
            assert {"html-has-lang", "image-alt"} <= ids, ids
        finally:
            context.close()


def test_vnu_reports_errors_and_filters_only_material_toggles(tmp_path) -> None:
    (tmp_path / "a.html").write_text(
        '<!doctype html><html lang="de"><head><title>t</title></head><body>'
        '<input class="md-toggle" type="checkbox" id="x" autocomplete="off">'
        '<input type="checkbox" id="y" autocomplete="off"><p><div>bad nesting</p></body></html>',
        encoding="utf-8",
    )
    problems, accepted, files = harness.run_vnu(tmp_path)
    assert files == 1 and accepted == 1, (accepted, problems)
    assert len(problems) >= 2, problems  # the other checkbox and the nesting stay errors
