"""The DGS page switches its self-hosted video on from one place: its front matter."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "gebaerdensprache.md"

pytest.importorskip("material")


def build(tmp_path: Path, page_text: str, with_file: bool) -> str:
    docs = tmp_path / "docs"
    (docs / "media" / "dgs").mkdir(parents=True)
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    (docs / "gebaerdensprache.md").write_text(page_text, encoding="utf-8")
    for name in ("leichte-sprache", "kontakt", "barrierefreiheit"):
        (docs / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    if with_file:
        (docs / "media" / "dgs" / "asskomm-dgs.mp4").write_bytes(b"\0" * 64)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  language: de\n  font: false\n"
        f"  custom_dir: {REPO / 'overrides'}\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=tmp_path, check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="true"),
    )
    return (tmp_path / "site" / "gebaerdensprache" / "index.html").read_text(encoding="utf-8")


def test_without_video_the_page_explains_how_to_get_the_content(tmp_path: Path) -> None:
    html = build(tmp_path, PAGE.read_text(encoding="utf-8"), with_file=False)
    assert "<video" not in html
    assert "Das Video ist in Vorbereitung" in html


def test_a_video_path_switches_on_player_details_and_download(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    for key, value in {
        "src": "media/dgs/asskomm-dgs.mp4", "format": "MP4 (H.264), 1280 × 720 Pixel",
        "size": "48 MB", "duration": "6 Minuten 30 Sekunden",
    }.items():
        text, count = re.subn(rf'^(  {key}:)\s*""', rf'\1 "{value}"', text, count=1, flags=re.M)
        assert count == 1, f"front matter of {PAGE.name} has no empty dgs_video.{key}"
    html = build(tmp_path, text, with_file=True)
    assert "<video controls" in html
    assert 'src="../media/dgs/asskomm-dgs.mp4"' in html
    assert re.search(r'<a href="../media/dgs/asskomm-dgs.mp4" download>Video herunterladen</a>', html)
    assert "Größe: 48 MB" in html and "Dauer: 6 Minuten 30 Sekunden" in html and "1280 × 720" in html
    assert "Das Video ist in Vorbereitung" not in html  # the interim text is dropped
    assert html.index("<h1") < html.index("<video")
