"""`mkdocs serve` keeps parsed records and rendered pages between rebuilds (issue 7: preview latency).
A rebuild with those caches must give exactly the pages a fresh build gives, and render fewer."""

import shutil
from pathlib import Path

import pytest

from asskomm.build import SiteBuild
from asskomm.dates import parse_berlin_datetime
from asskomm.pages import Renderer, RenderCache
from conftest import NOW, build_site, make_site, release, write

URL = "https://example.org/asskomm/"


def _pages(root: Path, **caches) -> dict[str, str]:
    return {p.src_uri: p.content for p in SiteBuild(root, URL, parse_berlin_datetime(NOW), **caches).pages()}


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Source URIs of the pages rendered from templates (not taken from the cache)."""
    seen: list[str] = []
    original = Renderer.render

    def counting(self, spec, meta, context):
        seen.append(spec.src_uri)
        return original(self, spec, meta, context)

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


def test_a_body_edit_renders_only_that_release_page(tmp_path, renders):
    """The common preview case at full scale: profiles, Kreise, map, counters and listings show
    nothing of a release's text, so they come from the cache (issue 7: preview within 2 s)."""
    root = make_site(tmp_path)
    caches = {"parse_cache": {}, "render_cache": RenderCache()}
    _pages(root, **caches)
    _edit(root / "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md", "Bürgermeister Thomas Lein unterzeichnete.",
          "Bürgermeister Thomas Lein unterzeichnete am Donnerstag.")
    renders.clear()
    rebuilt = _pages(root, **caches)
    assert renders == ["aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung.md"]
    assert rebuilt == _pages(root)


def test_an_edited_template_makes_every_cached_page_stale(tmp_path, monkeypatch, renders):
    root = make_site(tmp_path)
    cache = RenderCache()
    _pages(root, render_cache=cache)
    import asskomm.pages

    monkeypatch.setattr(asskomm.pages, "_templates_digest", lambda: "edited")
    renders.clear()
    _pages(root, render_cache=cache)
    assert "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung.md" in renders


def _serve_rebuild(root: Path, site_dir: Path, start: bool = False) -> None:
    """One build as `./dev serve` (`mkdocs serve --dirty`) runs it, in this process: the hook module
    and its caches live on between calls, as they do between rebuilds of one server."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=False)  # as ./dev serve
    if start:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)


def _outputs(site_dir: Path) -> dict[str, bytes]:
    # The search index is written in the background under `mkdocs serve` (issue 15): compared apart.
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv", ".geojson")
            and not p.is_relative_to(site_dir / "pagefind")}


def test_dirty_serve_rebuilds_serve_what_a_clean_build_publishes(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSKOMM_NOW", NOW)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "true")
    root = make_site(tmp_path / "src")
    release(root, "2024-05-02-bannewitz.md", id="dddddddd-4444-4444-8444-dddddddddddd", title="Bannewitz",
            date="2024-05-02 10:00", kommunen="[bannewitz]", body="Erster Text.\n")
    served = tmp_path / "served"
    _serve_rebuild(root, served, start=True)
    edits = [
        # a release body only: its page and the feeds change; profiles, Kreise, counters do not
        lambda: _edit(root / "news/2024-05-02-bannewitz.md", "Erster Text.", "Geänderter Text."),
        # a title: the release page, listings, the profile of Bannewitz, the home page's newest releases
        lambda: _edit(root / "news/2024-05-02-bannewitz.md", "title: Bannewitz", "title: Bannewitz unterzeichnet"),
        # a record: ordinals, counters on the home page (a hand-written page with markers), map, data
        lambda: _edit(root / "kommunen/bannewitz.yml", "date: 2023-03-01", "date: 2020-03-01\n    note: früher"),
        # a new release
        lambda: release(root, "2024-06-01-neu.md", id="eeeeeeee-5555-4555-8555-eeeeeeeeeeee", title="Neu",
                        date="2024-06-01 09:00", kommunen="[oelsnitz-erzgeb, bannewitz]"),
    ]
    for i, edit in enumerate(edits):
        edit()
        _serve_rebuild(root, served)
        # A fresh build of a copy: its hook file is a module of its own, without the server's state.
        fresh = shutil.copytree(root, tmp_path / f"fresh-{i}", ignore=shutil.ignore_patterns("__pycache__"))
        clean = build_site(fresh, tmp_path / f"clean-{i}", ASSKOMM_NOW=NOW)
        expected, got = _outputs(clean), _outputs(served)
        stale = sorted(path for path, content in expected.items() if got.get(path) != content)
        assert stale == [], f"after edit {i + 1}, served differs from a clean build: {stale[:10]}"


def test_serve_indexes_each_rebuild_for_the_search_in_the_background(tmp_path, monkeypatch):
    """`./dev serve` has a working search over what it previews (issue 15): drafts and embargoed
    releases under ASSKOMM_PREVIEW=1, and an edited release with its new text after the rebuild."""
    import time

    from conftest import pagefind_pages

    monkeypatch.setenv("ASSKOMM_NOW", NOW)
    monkeypatch.setenv("ASSKOMM_PREVIEW", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "true")
    root = make_site(tmp_path / "src")
    path = release(root, "2099-01-01-zukunft.md", id="eeeeeeee-5555-4555-8555-eeeeeeeeeeee", title="Zukunftsmeldung",
                   date="2099-01-01 10:00", body="Erstes Stichwort Apfelbaumblüte.\n")
    served = tmp_path / "served"

    def indexed(word: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if any(word in p["content"] for u, p in pagefind_pages(served).items() if "zukunft" in u):
                    return True
            except (OSError, ValueError):
                pass  # the index is being written
            time.sleep(0.2)
        return False

    _serve_rebuild(root, served, start=True)
    assert indexed("Apfelbaumblüte")
    path.write_text(path.read_text(encoding="utf-8").replace("Apfelbaumblüte", "Birnenernte"), encoding="utf-8")
    _serve_rebuild(root, served)
    assert indexed("Birnenernte")
