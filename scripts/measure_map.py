"""Print the raw and gzip sizes of the generated maps and chart (not a test: numbers for HANDOFF.md).

Run: PYTHONPATH=. python scripts/measure_map.py
The state map is measured twice: with no members (the floor) and with a realistic load of
150 members with links and four layers (every path then carries more classes and links).
"""

from __future__ import annotations

import gzip
import random
import time
from datetime import date

from asskomm.chart import render_growth_chart
from asskomm.svgmap import LAYERS, load_geometry, render_locator_map, render_state_map


def sizes(label: str, text: str) -> None:
    raw = text.encode("utf-8")
    print(f"{label:<58} raw {len(raw):>7,} B   gzip -9 {len(gzip.compress(raw, 9)):>6,} B")


def main() -> None:
    t0 = time.perf_counter()
    geo = load_geometry()
    ags = sorted(geo.gemeinden)
    rng = random.Random(2019)
    members = rng.sample(ags, 150)
    stages = ("kontakt", "vorvereinbarung", "kooperationsvereinbarung")
    statuses = {a: rng.choice(stages) for a in members}
    links = {a: f"/kommunen/{a}/" for a in members}
    layers = {k: set(rng.sample(members, 30)) for k in LAYERS}

    sizes("state map, no members", render_state_map({}, {}, {}, {}, "Sachsen"))
    sizes("state map, 150 members linked, 4 layers", render_state_map(statuses, links, {}, layers, "Mitglieder"))
    sizes("state map, all 418 linked, 4 layers", render_state_map(
        {a: "kontakt" for a in ags}, {a: f"/kommunen/{a}/" for a in ags}, {}, layers, "Mitglieder"))
    sizes("locator map, Lößnitz (14521370) in Erzgebirgskreis", render_locator_map({"14521370"}, "14521", "Lößnitz"))
    sizes("locator map, Kreis 14521 filled", render_locator_map(set(), "14521", "Erzgebirgskreis"))
    pd = {a for a in ags if a[:5] in {"14521", "14522", "14511"}}
    sizes("locator map, PD Chemnitz (112 Gemeinden highlighted)", render_locator_map(pd, None, "PD Chemnitz"))
    series = {"kooperationsvereinbarung": [(date(2019 + i // 12, i % 12 + 1, 1), i) for i in range(1, 80)]}
    sizes("growth chart, 79 points", render_growth_chart(series, {}, "Mitglieder"))
    print(f"total time incl. loading geometry: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
