"""Write docs/stylesheets/map.css from asskomm.svgmap.map_css() (a test checks they agree)."""

from __future__ import annotations

from pathlib import Path

from asskomm.svgmap import map_css

ROOT = Path(__file__).resolve().parent.parent
CSS_PATH = ROOT / "docs" / "stylesheets" / "map.css"

if __name__ == "__main__":
    CSS_PATH.parent.mkdir(parents=True, exist_ok=True)
    CSS_PATH.write_text(map_css(), encoding="utf-8")
    print(f"wrote {CSS_PATH.relative_to(ROOT)} ({CSS_PATH.stat().st_size} bytes)")
