"""Tests of the SVG maps: parsed with xml.etree, never by string search alone."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from asskomm import svgmap
from asskomm.svgmap import (
    BACKGROUND,
    LAYERS,
    STAGE_FILLS,
    contrast_ratio,
    load_geometry,
    map_css,
    projection,
    render_locator_map,
    render_state_map,
    render_state_map_block,
)
import itertools

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent

LOESSNITZ = "14521370"
OELSNITZ_E = "14521450"
KRAUSCHWITZ = "14626250"
CHEMNITZ = "14511000"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def gem_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{S}path") if "gem" in p.get("class", "").split()]


@pytest.fixture(scope="module")
def state() -> ET.Element:
    svg = render_state_map(
        statuses={LOESSNITZ: "kooperationsvereinbarung", OELSNITZ_E: "kontakt", KRAUSCHWITZ: "vorvereinbarung"},
        links={LOESSNITZ: "/kommunen/loessnitz/", KRAUSCHWITZ: "/kommunen/krauschwitz/?a=1&b=2"},
        labels={KRAUSCHWITZ: "Krauschwitz i.d. O.L. – Vorvereinbarung seit 2024"},
        layers={"kpr": {LOESSNITZ, CHEMNITZ}, "modellkommune": {LOESSNITZ}},
        title="Mitglieder der Allianz",
    )
    return parse(svg)


def test_geometry_has_418_gemeinden_and_13_kreise() -> None:
    geo = load_geometry()
    assert len(geo.gemeinden) == 418
    assert len(geo.kreise) == 13
    assert all(a.startswith("14") and len(a) == 8 for a in geo.gemeinden)


def test_projection_scales_longitude_by_cos51() -> None:
    proj = projection(1000)
    lon0, lat0 = proj.lon0, proj.lat0
    x1, y1 = proj(lon0 + 1, lat0)
    _x0, y0 = proj(lon0, lat0 - 1)
    # one degree of longitude is cos(51°) ≈ 0.629 of one degree of latitude
    assert (x1 - proj.margin) / (y0 - proj.margin) == pytest.approx(0.6293, abs=1e-3)
    assert y1 == pytest.approx(proj.margin)


def test_every_gemeinde_is_one_path_inside_the_viewbox(state: ET.Element) -> None:
    paths = gem_paths(state)
    assert len(paths) == 418
    assert len({p.get("data-ags") for p in paths}) == 418
    _, _, w, h = (float(v) for v in state.get("viewBox").split())
    for p in paths:
        d = p.get("d")
        assert d and d.startswith("M") and d.endswith("z")
        # absolute start point of each ring lies inside the viewBox
        for m in re.finditer(r"M(-?[\d.]+)[ ,]?(-?[\d.]+)", d):
            x, y = float(m.group(1)), float(m.group(2))
            assert 0 <= x <= w and 0 <= y <= h


def test_relative_path_closes_near_its_start() -> None:
    # Summing the relative steps of Chemnitz must stay within the viewBox (a decoding check).
    root = parse(render_state_map({}, {}, {}, {}, "t"))
    d = next(p.get("d") for p in gem_paths(root) if p.get("data-ags") == CHEMNITZ)
    head, body = d[1:].split("l", 1)
    x, y = (int(v) for v in re.findall(r"-?\d+", head))
    nums = [int(v) for v in re.findall(r"-?\d+", body.rstrip("z"))]
    assert len(nums) % 2 == 0 and len(nums) > 10
    xs, ys = [x], [y]
    for dx, dy in zip(nums[::2], nums[1::2], strict=False):
        x += dx
        y += dy
        xs.append(x)
        ys.append(y)
    # Chemnitz is about 19 km by 21 km: at ~222 m per unit, 60–130 units across
    assert 60 < max(xs) - min(xs) < 130
    assert 60 < max(ys) - min(ys) < 130


def test_stage_and_layer_classes(state: ET.Element) -> None:
    by_ags = {p.get("data-ags"): p.get("class").split() for p in gem_paths(state)}
    assert "stage-kooperationsvereinbarung" in by_ags[LOESSNITZ]
    assert {"layer-kpr", "layer-modellkommune"} <= set(by_ags[LOESSNITZ])
    assert "stage-kontakt" in by_ags[OELSNITZ_E]
    assert "stage-none" in by_ags[CHEMNITZ] and "layer-kpr" in by_ags[CHEMNITZ]
    assert "layer-modellkommune" not in by_ags[CHEMNITZ]
    assert sum("stage-none" in c for c in by_ags.values()) == 415


def test_links_have_accessible_names_and_titles(state: ET.Element) -> None:
    links = state.findall(".//s:a", NS)
    assert [a.get("href") for a in links] == ["/kommunen/krauschwitz/?a=1&b=2", "/kommunen/loessnitz/"]
    for a in links:
        title = a.find("s:title", NS)
        assert title is not None and title.text == a.get("aria-label")
        assert a.find("s:path", NS).get("data-ags") in {LOESSNITZ, KRAUSCHWITZ}
    names = {a.find("s:path", NS).get("data-ags"): a.get("aria-label") for a in links}
    assert names[LOESSNITZ] == "Lößnitz: Kooperationsvereinbarung"
    assert names[KRAUSCHWITZ] == "Krauschwitz i.d. O.L. – Vorvereinbarung seit 2024"


def test_svg_is_named_group_with_title_and_desc(state: ET.Element) -> None:
    assert state.get("role") == "group"
    title_id, desc_id = state.get("aria-labelledby").split()
    title = state.find("s:title", NS)
    desc = state.find("s:desc", NS)
    assert title.get("id") == title_id and title.text == "Mitglieder der Allianz"
    assert desc.get("id") == desc_id and "Kooperationsvereinbarung: 1" in desc.text
    assert state.get("data-pagefind-ignore") == ""


def test_unlinked_shapes_are_hidden_from_assistive_technology_but_keep_tooltips(state: ET.Element) -> None:
    group = state.find("s:g[@class='gemeinden']", NS)
    assert group.get("aria-hidden") == "true"
    chem = next(p for p in group.findall("s:path", NS) if p.get("data-ags") == CHEMNITZ)
    assert chem.find("s:title", NS).text == "Chemnitz"


def test_without_links_the_map_is_an_image() -> None:
    root = parse(render_state_map({LOESSNITZ: "kontakt"}, {}, {}, {}, "t"))
    assert root.get("role") == "img"
    assert root.findall(".//s:a", NS) == []


def test_kreis_borders_drawn_last_from_vg5000() -> None:
    root = parse(render_state_map({}, {}, {}, {}, "t"))
    groups = root.findall("s:g", NS)
    assert [g.get("class") for g in groups][-2:] == ["kreis-halo", "kreise"]
    kreise = groups[-1].findall("s:path", NS)
    assert sorted(p.get("data-kreis") for p in kreise) == sorted(load_geometry().kreise)
    halo_refs = [u.get("href") for u in groups[-2].findall("s:use", NS)]
    assert halo_refs == ["#" + p.get("id") for p in kreise]


def test_layer_patterns_exist_for_every_stage(state: ET.Element) -> None:
    ids = {p.get("id") for p in state.iter(f"{S}pattern")}
    for layer in ("kpr", "modellkommune"):
        for stage in STAGE_FILLS:
            assert f"asskomm-p-{layer}-{stage}" in ids
    # kpr and modellkommune differ in shape, not only in colour
    pat = {p.get("id"): p for p in state.iter(f"{S}pattern")}
    a = ET.tostring(pat["asskomm-p-kpr-none"][1])
    b = ET.tostring(pat["asskomm-p-modellkommune-none"][1])
    assert a != b


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"statuses": {"14999999": "kontakt"}}, "unknown Gemeinde AGS 14999999"),
        ({"statuses": {"14522450": "kontakt"}}, "14522450 (now 14522275)"),
        ({"statuses": {LOESSNITZ: "mitglied"}}, "unknown stage keys ['mitglied']"),
        ({"statuses": {LOESSNITZ: "none"}}, "unknown stage keys ['none']"),
        ({"layers": {"KPR!": {LOESSNITZ}}}, "lower-case slugs"),
        ({"links": {"1452137": "/x/"}}, "unknown Gemeinde AGS 1452137"),
    ],
)
def test_bad_input_is_an_error(kwargs: dict, message: str) -> None:
    args = {"statuses": {}, "links": {}, "labels": {}, "layers": {}, "title": "t"} | kwargs
    with pytest.raises(ValueError, match=re.escape(message)):
        render_state_map(**args)


def test_state_map_size_budget() -> None:
    geo = load_geometry()
    every = {a: "kooperationsvereinbarung" for a in geo.gemeinden}
    svg = render_state_map(every, {a: f"/kommunen/{a}/" for a in every}, {}, {k: set(every) for k in LAYERS}, "t")
    raw = svg.encode()
    assert len(raw) < 250_000
    assert len(gzip.compress(raw)) < 40_000


def test_rendering_is_deterministic() -> None:
    a = render_state_map({LOESSNITZ: "kontakt"}, {LOESSNITZ: "/x/"}, {}, {"kpr": {LOESSNITZ}}, "t")
    svgmap._gemeinde_paths.cache_clear()
    svgmap._kreis_paths.cache_clear()
    b = render_state_map({LOESSNITZ: "kontakt"}, {LOESSNITZ: "/x/"}, {}, {"kpr": {LOESSNITZ}}, "t")
    assert a == b


def test_shared_borders_stay_shared() -> None:
    """Rounding acts per vertex: every vertex of Lößnitz's border with a neighbour is also a vertex of the neighbour."""

    def vertices(d: str) -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for ring in d.split("M")[1:]:
            head, body = ring.split("l", 1)
            x, y = (int(v) for v in re.findall(r"-?\d+", head))
            out.add((x, y))
            nums = [int(v) for v in re.findall(r"-?\d+", body)]
            for dx, dy in zip(nums[::2], nums[1::2], strict=False):
                x, y = x + dx, y + dy
                out.add((x, y))
        return out

    # The neighbours and their common border come from the source geometry (vertices both outlines
    # hold), not from the rendered paths under test.
    geo, proj, paths = load_geometry(), projection(1000), svgmap._gemeinde_paths(1000)
    mine_raw = {p for ring in geo.gemeinden[LOESSNITZ].rings for p in ring}
    mine = vertices(paths[LOESSNITZ])
    neighbours = 0
    for ags, shape in geo.gemeinden.items():
        border = {p for ring in shape.rings for p in ring} & mine_raw if ags != LOESSNITZ else set()
        if not border:
            continue
        neighbours += 1
        rendered = {(round(x), round(y)) for x, y in (proj(lon, lat) for lon, lat in border)} & mine
        assert rendered, f"no vertex of the border with {shape.name} survives rounding"
        assert rendered <= vertices(paths[ags]), f"border with {shape.name}: {sorted(rendered - vertices(paths[ags]))}"
    assert neighbours >= 5  # Aue-Bad Schlema, Grünhain-Beierfeld, Lauter-Bernsbach, Stollberg, Zwönitz, Hartenstein


# ------------------------------------------------------------------ locator map


def test_locator_map_highlights_and_is_small() -> None:
    svg = render_locator_map({LOESSNITZ}, "14521", "Lage von Lößnitz")
    assert len(svg.encode()) < 30_000
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Lage von Lößnitz"
    assert "Lößnitz" in root.find("s:desc", NS).text and "Erzgebirgskreis" in root.find("s:desc", NS).text
    hl = [p for p in root.iter(f"{S}path") if p.get("class") == "hl"]
    assert len(hl) == 1 and hl[0].get("d") == svgmap._gemeinde_paths(svgmap.LOCATOR_WIDTH)[LOESSNITZ]
    assert len(root.findall(".//s:g[@class='kreise']/s:path", NS)) == 13
    assert root.find(".//s:use[@class='kreis-fill']", NS).get("href") == "#asskomm-locator-k14521"
    assert len(root.findall(".//s:g[@class='markers']/s:circle", NS)) == 1
    assert root.find(".//s:g[@class='kreis-hl']", NS).get("data-kreis") == "14521"


def test_locator_map_kreis_only_is_filled_with_highlight_colour() -> None:
    root = parse(render_locator_map(set(), "14612", "Dresden", id_prefix="loc-dd"))
    fill = root.find(".//s:use[@class='kreis-fill']", NS)
    assert fill.get("fill") == svgmap.HIGHLIGHT and fill.get("href") == "#loc-dd-k14612"
    assert root.findall(".//s:path[@class='hl']", NS) == []
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert all(i.startswith("loc-dd") for i in ids) and len(ids) == len(set(ids))


def test_locator_many_highlights_no_markers_and_under_30kb() -> None:
    pd_chemnitz = {a for a in load_geometry().gemeinden if a[:5] in {"14511", "14521", "14522"}}
    svg = render_locator_map(pd_chemnitz, None, "PD Chemnitz")
    assert len(svg.encode()) < 30_000
    assert parse(svg).find(".//s:g[@class='markers']", NS) is None


def test_locator_unknown_kreis() -> None:
    with pytest.raises(ValueError, match="unknown Kreis AGS 14999"):
        render_locator_map(set(), "14999", "x")


# ------------------------------------------------------------------ CSS and block


def test_stage_colours_meet_non_text_contrast() -> None:
    for stage, fill in STAGE_FILLS.items():
        if stage != "none":
            assert contrast_ratio(fill, BACKGROUND) >= 3.0, stage
            assert contrast_ratio(fill, STAGE_FILLS["none"]) >= 3.0, stage
    # the member stages step down in lightness, so they differ without hue
    order = ["kontakt", "vorvereinbarung", "kooperationsvereinbarung"]
    for a, b in itertools.pairwise(order):
        assert contrast_ratio(STAGE_FILLS[a], STAGE_FILLS[b]) >= 1.5
    assert contrast_ratio(svgmap.HIGHLIGHT, BACKGROUND) >= 4.5
    assert contrast_ratio(svgmap.INK, BACKGROUND) >= 7


def test_css_file_is_generated_from_code() -> None:
    css = (ROOT / "docs" / "stylesheets" / "map.css").read_text(encoding="utf-8")
    assert css == map_css(), "run scripts/write_map_css.py"
    for layer in LAYERS:
        assert f"#layer-{layer}:checked ~ svg .layer-{layer}.stage-kontakt {{ fill: url(#asskomm-p-{layer}-kontakt); }}" in css
    for stage, fill in STAGE_FILLS.items():
        assert f".stage-{stage} {{ fill: {fill}; }}" in css


def test_block_puts_toggles_before_svg_as_siblings_and_survives_markdown() -> None:
    block = render_state_map_block(
        {LOESSNITZ: "kontakt"}, {LOESSNITZ: "/kommunen/loessnitz/"}, {}, {"kpr": {LOESSNITZ}, "coaching": set()}, "Karte"
    )
    assert "\n\n" not in block
    html = markdown.markdown("# Karte\n\n" + block + "\n\nText danach.\n", extensions=["md_in_html"])
    assert block in html  # passed through unchanged as one raw HTML block
    root = ET.fromstring(block.replace(' checked', ''))
    children = list(root)
    tags = [c.tag for c in children]
    svg_index = tags.index(f"{S}svg")
    inputs = [c for c in children[:svg_index] if c.tag == "input"]
    assert [i.get("id") for i in inputs] == ["layer-kpr", "layer-coaching"]
    labels = {c.get("for"): "".join(c.itertext()) for c in children if c.tag == "label"}
    # Without labels of its own, a layer is named as in the registry (`concepts.LAYERS`).
    assert labels["layer-kpr"] == "Kommunaler Präventionsrat (KPR) (1)"
    assert labels["layer-coaching"] == "Coaching (laufend) (0)"
    legend = children[svg_index + 1]
    assert legend.tag == "ul" and "Kontakt / Beratung (1)" in "".join(legend.itertext())
    assert "keine Angaben erfasst (417)" in "".join(legend.itertext())
