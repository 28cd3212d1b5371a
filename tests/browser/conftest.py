"""Fixtures of the browser tests: one build, one server, one Chromium per session."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from . import harness
from .pages import REQUIRED_PAGES


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: needs the built site, Debian's chromium, Java and node_modules (.ci/install-test-tools.sh)"
    )


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per session with ``mkdocs build --strict`` at the fixed clock: the
    repository's own site is the session's shared build (``shipped_site``), another config
    (ASSKOMM_MKDOCS_CONFIG) is built here."""
    config = harness.mkdocs_config()
    if not config.is_file():
        pytest.fail(f"no MkDocs config at {config} (set ASSKOMM_MKDOCS_CONFIG)")
    if config == (harness.REPO / "mkdocs.yml").resolve():
        shipped: Path = request.getfixturevalue("shipped_site")
        return shipped
    target = tmp_path_factory.mktemp("site")
    started = time.monotonic()
    harness.build_site(config, target)
    print(f"\nbuilt {config} in {time.monotonic() - started:.1f} s -> {target}")
    return target


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1, without extra headers."""
    with harness.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(harness.CHROMIUM).is_file():
        pytest.fail(f"{harness.CHROMIUM} is missing; {harness.INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"playwright is not installed; {harness.INSTALL_HINT}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        yield browser
        browser.close()


def require_page(site_dir: Path, url_path: str) -> None:
    """Skip (or, with REQUIRED_PAGES, fail) when the build has no such page yet."""
    if harness.page_file(site_dir, url_path).is_file():
        return
    message = f"{url_path} is not in the built site yet"
    if REQUIRED_PAGES:
        pytest.fail(message + " (REQUIRED_PAGES is on)")
    pytest.skip(message)


OpenPage = Callable[..., tuple[object, harness.PageWatch]]


@pytest.fixture
def open_page(browser, base_url: str, site_dir: Path) -> Iterator[OpenPage]:
    """open_page(path, width=1280, height=900, base=None) -> (page, watch).

    A fresh browser context per call: no storage shared between tests.  Every request
    is recorded and anything not on 127.0.0.1 is blocked and reported.
    """
    contexts = []

    def _open(url_path: str, width: int = 1280, height: int = 900, base: str | None = None):
        require_page(site_dir, url_path)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
        contexts.append(context)
        watch = harness.PageWatch()
        watch.attach(context)
        page = context.new_page()
        watch.watch_page(page)
        page.set_default_timeout(10_000)
        page.goto((base or base_url) + url_path, wait_until="load")
        return page, watch

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    shutil.rmtree(harness.SCREENSHOT_DIR, ignore_errors=True)
    harness.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return harness.SCREENSHOT_DIR
