"""The site works, served by nginx as in production, under the Content-Security-Policy that `asskomm build`
computes from the build (asskomm/csp.py, site-deploy/nginx-headers.conf)."""

from __future__ import annotations

import pytest

from . import harness
from asskomm import deploy

from .pages import MANDATORY_PAGES, PAGES, SEARCH_QUERY, SEARCH_TARGET
from .test_search import search, wait_for_result

pytestmark = pytest.mark.browser

#: Records violations from the moment the document starts (an init script is not
#: subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def csp(production_site) -> str:
    return deploy.plan(production_site).policy


@pytest.fixture(scope="module")
def csp_url(nginx_url: str) -> str:
    """The production build served by the shipped nginx configuration, with the generated headers."""
    return nginx_url


def violations(page, watch: harness.PageWatch) -> list[str]:
    found = page.evaluate("() => window.__cspViolations || []")
    found += [m for m in watch.console_errors if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return found


def test_policy_has_no_unsafe_inline_script(csp: str) -> None:
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    sources = script_src.split()
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    # The one addition beyond hashes: WebAssembly compilation for the search (Pagefind), not eval().
    assert [s for s in sources[1:] if not s.startswith("'sha256-")] == ["'self'", "'wasm-unsafe-eval'"]
    assert "default-src 'self'" in csp


def test_nginx_sends_the_computed_policy(csp_url: str, csp: str) -> None:
    import urllib.request

    with urllib.request.urlopen(csp_url + "/") as response:
        assert response.headers["Content-Security-Policy"] == csp


@pytest.mark.parametrize("url_path", [p for p in PAGES if p != "/404.html"] + ["/gibt-es-nicht/"])
def test_every_page_type_through_nginx_has_no_violation_and_no_foreign_request(open_page, csp_url: str, url_path: str) -> None:
    page, watch = open_page(url_path if url_path != "/gibt-es-nicht/" else "/", base=csp_url)
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.goto(csp_url + url_path, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not violations(page, watch), violations(page, watch)
    assert page.evaluate("() => typeof window.__md_scope") != "undefined", ("Material's inline script did not run", watch.console_errors, page.content()[:1500])
    assert not watch.foreign, watch.foreign


def test_pages_search_and_navigation_work_under_csp(open_page, site_dir, csp_url: str) -> None:
    page, watch = open_page("/", base=csp_url)
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.reload(wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.__md_scope") != "undefined", "Material's inline script did not run"
    assert not violations(page, watch), violations(page, watch)

    # The search (Pagefind) runs WebAssembly in a Web Worker and fetches its index: all allowed.
    search(page, SEARCH_QUERY)
    wait_for_result(page, SEARCH_TARGET)
    page.locator(".asskomm-suche__auszug mark").first.wait_for()
    assert not violations(page, watch), violations(page, watch)

    # Navigation: follow a footer link to a mandatory page, and check the page there.
    page.keyboard.press("Escape")
    for target in MANDATORY_PAGES:
        if harness.page_file(site_dir, target).is_file():
            with page.expect_navigation():
                page.locator(f"footer a[href$='{target.strip('/')}/']").first.click()
            page.wait_for_load_state("networkidle")
            assert page.url == csp_url + target
            break
    assert not violations(page, watch), violations(page, watch)
    assert not watch.foreign, watch.foreign


def test_map_and_table_scripts_work_under_csp(open_page, csp_url: str) -> None:
    """The CSS-only map layers and the table enhancement run under the policy without violations."""
    page, watch = open_page("/standorte/", base=csp_url)
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.reload(wait_until="load")
    page.locator("label[for='layer-kpr']").click()
    assert page.evaluate("() => getComputedStyle(document.querySelector('svg .layer-kpr')).fill").startswith("url(")
    page.get_by_text("Tabelle zur Karte anzeigen").click()  # the map's table is enhanced when it is opened
    assert page.locator(".asskomm-tablefilter select").count() >= 1, "table script did not run"
    assert not violations(page, watch), violations(page, watch)
    assert not watch.foreign, watch.foreign
