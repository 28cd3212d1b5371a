"""Checks on the built HTML files, without a browser: Nu Html Checker and links."""

from __future__ import annotations

import importlib.util
import sys
import time

import pytest

from . import harness

pytestmark = pytest.mark.browser


def load_script(name: str):
    """Import scripts/NAME.py (the scripts are command-line tools, not a package)."""
    spec = importlib.util.spec_from_file_location(f"asskomm_scripts_{name}", harness.REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_nu_html_checker_finds_no_error(site_dir) -> None:
    started = time.monotonic()
    problems, accepted, files = harness.run_vnu(site_dir)
    print(f"vnu: {files} files in {time.monotonic() - started:.1f} s, {accepted} accepted Material messages")
    assert files, "no HTML files in the build"
    assert not problems, f"Nu Html Checker: {len(problems)} errors\n" + harness.format_vnu(problems, site_dir)


def test_internal_links_and_anchors_resolve(site_dir) -> None:
    linkcheck = load_script("linkcheck")
    broken, checked = linkcheck.check_site(site_dir)
    print(f"linkcheck: {checked} internal links")
    assert checked
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(map(str, broken))
