"""Shared helpers: write a small site into tmp_path and build it with the real hooks and config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
OELSNITZ_ID = "5b0f1c1e-8f3a-4a7e-9c55-1d2e3f405162"
NOW = "2026-11-25 12:00"  # the clock of every test build (ASSKOMM_NOW): no test reads the wall clock
SHIPPED_NOW = "2026-12-01 12:00"  # the clock of every build of the repository's own site (its content is dated up to it)


def fixed_clock_env(now: str = NOW, **extra: str) -> dict[str, str]:
    """The environment for a build in a subprocess: fixed clock, never a preview."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "ASSKOMM_NOW": now, **extra}
    if "ASSKOMM_PREVIEW" not in extra:
        env.pop("ASSKOMM_PREVIEW", None)
    return env


def mkdocs_build_strict(config: Path, site_dir: Path) -> str:
    """`mkdocs build --strict` of `config` at the fixed clock; its log, or a failure with that log."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
                            cwd=config.parent, env=fixed_clock_env(SHIPPED_NOW), capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict -f {config} failed:\n{result.stdout}{result.stderr}")
    return result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def base_records(root: Path) -> None:
    """A few real municipalities: enough for ordinals, a group and a press release."""
    write(root / "kommunen/oelsnitz-erzgeb.yml", """
        ags: "14521450"
        milestones:
          - type: kontakt
            date: 2021-05
            source: https://www.asskomm.sachsen.de/unterzeichnung-vereinbarung-mit-der-stadt-oelsnitz-5605.html
          - type: vorvereinbarung
            date: 2021-09-01
            source: https://www.asskomm.sachsen.de/unterzeichnung-vereinbarung-mit-der-stadt-oelsnitz-5605.html
          - type: kooperationsvereinbarung
            date: 2023-02-23
            source: https://www.medienservice.sachsen.de/medien/news/1063039
            signatories:
              - name: Thomas Lein
                role: Bürgermeister
        fields_of_action: [graffiti, vandalismus]
        kpr:
          note: Die Bildung eines Präventionsrates ist geplant.
          members:
            - role: Stadtverwaltung
        projects:
          - Graffiti-Wettbewerb an Bushaltestellen
        """)
    write(root / "kommunen/aue-bad-schlema.yml", 'ags: "14521035"\n')
    write(root / "kommunen/loessnitz.yml", 'ags: "14521370"\n')
    write(root / "kommunen/gruppen/staedtebund-silberberg.yml", """
        name: Städtebund Silberberg
        kind: staedtebund
        members: [aue-bad-schlema, loessnitz]
        milestones:
          - type: kooperationsvereinbarung
            date: 2021-12-17
            source: https://www.staedtebund-silberberg.de/
        """)
    write(root / "kommunen/bannewitz.yml", """
        ags: "14628050"
        milestones:
          - type: kontakt
            date: 2022-11
            source: https://www.medienservice.sachsen.de/medien/news/1063330
          - type: kooperationsvereinbarung
            date: 2023-03-01
            source: https://www.medienservice.sachsen.de/medien/news/1063330
          - type: sicherheitsanalyse-start
            date: 2024-02
            source: https://www.medienservice.sachsen.de/medien/news/1063330
          - type: sicherheitsanalyse-ende
            date: 2024-08
            source: https://www.medienservice.sachsen.de/medien/news/1063330
        """)


def release(root: Path, name: str, *, id: str, title: str, date: str, kommunen: str = "[oelsnitz-erzgeb]",
            extra: str = "", body: str = "Text der Meldung.\n") -> Path:
    front = (f"---\nid: {id}\ntitle: {title}\ndate: {date}\ncategory: unterzeichnung\n"
             f"summary: Zusammenfassung von {title}.\nkommunen: {kommunen}\n{extra}---\n")
    return write(root / "news" / name, front + "\n" + body)


def base_releases(root: Path) -> None:
    release(root, "2023-02-23-oelsnitz-kooperationsvereinbarung.md", id=OELSNITZ_ID,
            title="Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb.",
            date="2023-02-23 10:00", body="Bürgermeister Thomas Lein unterzeichnete.\n\n## Hintergrund\n\n"
            "Siehe [Bannewitz](../kommunen/bannewitz.md) und [LPR](https://www.lpr.sachsen.de/).\n")


def fill_gaps(root: Path) -> None:
    """Fill every gap only the LPR can fill with a test value, so the publishing build runs."""
    from asskomm.placeholders import PATTERN

    for path in (root / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if PATTERN.search(text):
            path.write_text(PATTERN.sub(lambda m: f"Testwert für {m[1]}", text), encoding="utf-8")


def make_site(root: Path, files: dict[str, str] | None = None, *, records: bool = True, releases: bool = True,
              gaps: bool = False) -> Path:
    """Copy config, docs and theme overrides into `root`; add the base content, then `files`. The
    pages' gaps are filled with test values unless `gaps` (the publishing build refuses while any is left).

    `files` is the rest of the site as a tree literal, path below `root` -> text (dedented), e.g.
    `make_site(tmp_path, {"kommunen/bannewitz.yml": 'ags: "14628050"', "news/2023-03-01-x.md": "..."})`;
    with `records=False, releases=False` it is the whole content.
    """
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    if not gaps:
        fill_gaps(root)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "site_url: https://www.asskomm.sachsen.de/", "site_url: https://example.org/asskomm/")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "data").mkdir(exist_ok=True)
    shutil.copy(REPO / "data/foerderung.yml", root / "data/foerderung.yml")
    (root / "kommunen").mkdir(exist_ok=True)
    (root / "news").mkdir(exist_ok=True)
    if records:
        base_records(root)
    if releases:
        base_releases(root)
    for path, text in (files or {}).items():
        write(root / path, text)
    return root


def build_site(root: Path, site_dir: Path | None = None, **env: str) -> Path:
    """Build with the real hooks; `env` sets ASSKOMM_NOW and friends for this build only."""
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = site_dir or root / "site"
    old = {k: os.environ.get(k) for k in env}
    os.environ.update({"ASSKOMM_NOW": NOW, **env})
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
        build(config)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if "ASSKOMM_NOW" not in env and old.get("ASSKOMM_NOW") is None:
            os.environ.pop("ASSKOMM_NOW", None)
    return site_dir


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """`site()` builds the base site and returns its output directory."""

    def _build(**env: str) -> Path:
        root = tmp_path / "src"
        if not root.exists():
            make_site(root)
        return build_site(root, tmp_path / "out", **env)

    return _build


def pagefind_files(out: Path) -> dict[str, bytes]:
    """Every file of the search index (Pagefind, under pagefind/), decompressed: its index, filter,
    metadata and fragment files are gzip streams (with a `pagefind_dcd` signature)."""
    import gzip

    files = {}
    for p in sorted((out / "pagefind").rglob("*")):
        if p.is_file() and p.suffix not in (".gz", ".br"):
            data = p.read_bytes()
            files[p.relative_to(out).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return files


def pagefind_pages(out: Path) -> dict[str, dict]:
    """The indexed pages by URL, from Pagefind's fragment files: url, content, meta, filters, anchors."""
    import json

    pages = {}
    for name, data in pagefind_files(out).items():
        if name.startswith("pagefind/fragment/"):
            fragment = json.loads(data.removeprefix(b"pagefind_dcd"))
            pages[fragment["url"]] = fragment
    return pages


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per test session with `mkdocs build --strict` at the
    fixed clock and shared by every test of it (the browser suite included). Read only."""
    target = tmp_path_factory.mktemp("shipped")
    log = mkdocs_build_strict(REPO / "mkdocs.yml", target)
    assert "Documentation built in" in log
    return target


@pytest.fixture(scope="session")
def production_site():
    """The repo's site as `asskomm build` publishes it: precompressed copies and `site-deploy/` beside it.

    Built outside pytest's temporary folders: nginx's workers run as `nobody` when the tests run as root,
    and every pytest run (of anyone on the machine) resets those folders to mode 0700.
    """
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="asskomm-production-"))
    folder.chmod(0o755)
    target = folder / "site"
    from asskomm import placeholders

    # The publishing build refuses while the mandatory pages have gaps only the LPR can fill (issue 14);
    # until then the staging build (same pages, banner and noindex) is what can be served.
    draft = ["--entwurf"] if placeholders.scan(REPO) else []
    result = subprocess.run([sys.executable, "-m", "asskomm.cli", "build", "--site-dir", str(target), *draft],
                            cwd=REPO, env=fixed_clock_env(SHIPPED_NOW), capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"asskomm build failed:\n{result.stdout}{result.stderr}")
    yield target
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def nginx_url(production_site: Path):
    """nginx with the shipped configuration, unprivileged, on 127.0.0.1 and a free port."""
    from asskomm import nginx

    missing = nginx.available()
    if missing:
        pytest.fail(missing)
    with nginx.serve(production_site) as url:
        yield url
