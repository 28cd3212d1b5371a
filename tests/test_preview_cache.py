"""`mkdocs serve` keeps parsed records and rendered pages between rebuilds (issue 7: preview latency).
A rebuild with those caches must give exactly the pages a fresh build gives, and render fewer."""

from pathlib import Path

import pytest

from asskomm.build import SiteBuild
from asskomm.dates import parse_berlin_datetime
from asskomm.pages import Renderer, RenderCache
from conftest import NOW, make_site, release, write

URL = "https://example.org/asskomm/"


def _pages(root: Path, **caches) -> dict[str, str]:
    return {p.src_uri: p.content for p in SiteBuild(root, URL, parse_berlin_datetime(NOW), **caches).pages()}


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Source URIs of the pages rendered from templates (not taken from the cache)."""
    seen: list[str] = []
    original = Renderer.render

    def counting(self, template, src_uri, **context):
        seen.append(src_uri)
        return original(self, template, src_uri, **context)

    monkeypatch.setattr(Renderer, "render", counting)
    return seen


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuild_with_caches_equals_a_fresh_build(tmp_path, renders):
    root = make_site(tmp_path)
    for i in range(1, 26):  # three listing pages
        release(root, f"2024-01-{i:02d}-meldung-{i}.md", id=f"{i:08d}-0000-4000-8000-000000000000",
                title=f"Meldung {i}", date=f"2024-01-{i:02d} 10:00", kommunen="[bannewitz]")
    write(root / "kommunen/zwoenitz.yml", """
        ags: "14521710"
        milestones:
          - {type: kontakt, date: 2024-01-01, source: "https://example.org/z"}
        """)
    _edit(root / "news/2024-01-07-meldung-7.md", "kommunen: [bannewitz]", "kommunen: [bannewitz, zwoenitz]")
    caches = {"parse_cache": {}, "render_cache": RenderCache()}
    _pages(root, **caches)
    fresh_count = len(renders)

    # A title (release page and its listings), the municipalities named (release page, profiles),
    # a release withdrawn as a draft (every listing after it shifts), a municipality whose only
    # milestone moves into the future (its page goes, and with it the links of releases naming it).
    _edit(root / "news/2024-01-03-meldung-3.md", "title: Meldung 3", "title: Meldung drei")
    _edit(root / "news/2024-01-05-meldung-5.md", "kommunen: [bannewitz]", "kommunen: [bannewitz, oelsnitz-erzgeb]")
    _edit(root / "news/2024-01-20-meldung-20.md", "category: unterzeichnung", "category: unterzeichnung\ndraft: true")
    _edit(root / "kommunen/zwoenitz.yml", "date: 2024-01-01", "date: 2027-01-01")
    renders.clear()
    rebuilt = _pages(root, **caches)
    from_templates = list(renders)

    assert rebuilt == _pages(root)
    assert "aktuelles/2024-01-03-meldung-3.md" in from_templates
    assert "aktuelles/2024-01-05-meldung-5.md" in from_templates
    assert "aktuelles/2024-01-01-meldung-1.md" not in from_templates  # unchanged: from the cache
    assert len(from_templates) < fresh_count


def test_an_edited_template_makes_every_cached_page_stale(tmp_path, monkeypatch, renders):
    root = make_site(tmp_path)
    cache = RenderCache()
    _pages(root, render_cache=cache)
    import asskomm.pages

    monkeypatch.setattr(asskomm.pages, "_templates_digest", lambda: "edited")
    renders.clear()
    _pages(root, render_cache=cache)
    assert "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung.md" in renders
