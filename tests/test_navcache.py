"""The primary navigation rendered once per folder (asskomm.navcache): the pages are byte for byte what
Material renders for each page on its own."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from asskomm.navcache import NavCache

from conftest import build_site, make_site


def page(src_uri: str, url: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)


def test_pages_outside_the_navigation_share_it_by_folder() -> None:
    cache = NavCache(["index.md", "aktuelles/index.md", "kommunen/index.md"], ["", "aktuelles/", "kommunen/"])
    assert cache.key(page("index.md", "")) is None, "a page in the navigation is marked active in it"
    assert cache.key(page("aktuelles/index.md", "aktuelles/")) is None
    assert cache.key(page("aktuelles/a.md", "aktuelles/a/")) == cache.key(page("aktuelles/b.md", "aktuelles/b/")) == "aktuelles"
    assert cache.key(page("kommunen/x.md", "kommunen/x/")) == "kommunen"
    assert cache.key(page("kreise/x/y.md", "kreise/x/y/")) == "kreise/x"
    assert cache.key(None) is None


def test_a_page_with_navigation_targets_below_it_is_rendered_in_full() -> None:
    """Links relative to `kreise/` and to `kreise/x/` differ only for targets below `kreise/`."""
    cache = NavCache(["kreise/x/index.md"], ["kreise/x/"])
    assert cache.key(page("kreise.md", "kreise/")) is None
    assert cache.key(page("kreise/y.md", "kreise/y/")) == "kreise"


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html") if "pagefind" not in p.parts}


def test_built_pages_are_identical_with_and_without_the_cache(tmp_path: Path, monkeypatch) -> None:
    root = make_site(tmp_path / "src")
    hits = []
    real_get = NavCache.get
    monkeypatch.setattr(NavCache, "get", lambda self, key: hits.append(key) or real_get(self, key))
    cached = _html(build_site(root, tmp_path / "cached"))
    assert len(hits) > 10 and {"", "kommunen"} <= set(hits), set(hits)
    monkeypatch.setattr(NavCache, "has", lambda *_: False)  # every page renders its navigation itself
    full = _html(build_site(root, tmp_path / "full"))
    assert cached.keys() == full.keys() and len(full) > 30
    assert [name for name in full if cached[name] != full[name]] == []
