"""Build-time inline SVG maps of Saxony: no JavaScript, no tiles, no external requests.

Geometry: BKG VG5000 (Stand 01.01.2021) from `data/referenz/` (see its SOURCES.md): 418 Gemeinde
polygons and the 13 Kreise dissolved from them, so the Kreis borders drawn on top match the
Gemeinde borders exactly.

How the SVG is kept small (see `scripts/measure_map.py` for the numbers):
- an equirectangular projection with the longitude scaled by cos(51°) (Saxony's mid latitude),
  into a viewBox `width` units wide (1000 for the state map, about 222 m per unit);
- every vertex is rounded to the integer grid, consecutive duplicates and exactly collinear
  vertices are dropped. Both steps act on single vertices, never on a stretch of border, so two
  neighbours that share a border still share it exactly after simplification (no gaps, no slivers);
- path data is relative (`M x y l dx dy ...`) with the shortest number separators.

Search: every `<svg>` carries `data-pagefind-ignore`, so the search index (Pagefind) does not pick up
the 418 `<title>` names and return the map page for every municipality.

Accessibility: the state map is `role="group"` named by its `<title>`/`<desc>` when it contains
links, and `role="img"` when it does not. Only linked municipalities are exposed to assistive
technology, as links named by `aria-label` and a `<title>` child (which is also the tooltip on
hover). All other shapes sit in `aria-hidden` groups but keep a `<title>` for the mouse tooltip.
The page must offer the equivalent table; the map is the visual summary of it.

Layers: every municipality path carries `layer-<key>` classes; `render_layer_toggles` writes the
checkboxes (`<input id="layer-<key>">`) that must be earlier siblings of the `<svg>`, and `map_css`
(written to `docs/stylesheets/map.css`) switches a hatch/dot pattern on for the checked layers.
`render_state_map_block` puts the pieces together in the right order.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from html import escape
from pathlib import Path

from .reference import DATA_DIR, load_reference
from . import concepts

SVG_NS = "http://www.w3.org/2000/svg"
REF_LAT = 51.0  # cos(51°) scales longitudes: Saxony spans 50.17°–51.68° N
STATE_WIDTH = 1000
LOCATOR_WIDTH = 240
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Stage keys (the furthest milestone reached) with their legend names and fills, from the registry
# `concepts.STAGES`; "none" is every other municipality. Each stage fill has at least 3:1 contrast
# against the white map background (WCAG 1.4.11), and the stages step down in lightness, so they
# differ without relying on hue (tested).
STAGES: dict[str, str] = {s.key: s.legend for s in (*concepts.STAGES, concepts.NO_STAGE)}
STAGE_FILLS: dict[str, str] = {s.key: s.fill for s in (*concepts.STAGES, concepts.NO_STAGE)}
BACKGROUND = "#ffffff"
INK = "#1b1f24"  # Kreis borders, dark pattern ink, text
HIGHLIGHT = "#b35900"  # locator map highlight: 4.6:1 on white, distinct from the blues
FOCUS = "#ffdd00"

# Layers (activities across the stages). Each gets its own pattern so two layers differ in shape,
# not only in colour; the pattern is drawn over the stage fill, so the stage stays visible. In the
# order of their patterns (`concepts.Layer.pattern`), with the toggle labels.
LAYERS: dict[str, str] = {layer.key: layer.label for layer in concepts.LAYERS_BY_PATTERN}
_PATTERN_KINDS = ("diagonal", "dots", "backdiagonal", "cross", "horizontal", "vertical")
PATTERN_SIZE = 7


# --------------------------------------------------------------------------------------------
# Geometry


@dataclass(frozen=True)
class Shape:
    ags: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # lon/lat, outer rings and holes


@dataclass(frozen=True)
class Geometry:
    gemeinden: dict[str, Shape]  # by 8-digit AGS
    kreise: dict[str, Shape]  # by 5-digit Kreis AGS
    bbox: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


def _read_layer(path: Path) -> dict[str, Shape]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    shapes: dict[str, Shape] = {}
    for feature in data["features"]:
        props, geom = feature["properties"], feature["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings = tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for poly in polygons for ring in poly)
        shapes[props["ags"]] = Shape(props["ags"], props["name"], rings)
    return shapes


@cache
def load_geometry(data_dir: Path = DATA_DIR) -> Geometry:
    """Read both GeoJSON layers once per process."""
    gemeinden = _read_layer(data_dir / "sachsen_gemeinden.geojson")
    kreise = _read_layer(data_dir / "sachsen_kreise_vg5000.geojson")
    xs = [x for s in kreise.values() for r in s.rings for x, _ in r]
    ys = [y for s in kreise.values() for r in s.rings for _, y in r]
    return Geometry(gemeinden, kreise, (min(xs), min(ys), max(xs), max(ys)))


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x grows east, y grows south, one unit = `1/scale` degrees of latitude."""

    lon0: float
    lat0: float  # northern edge
    scale: float
    width: int
    height: int
    margin: int

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        k = math.cos(math.radians(REF_LAT))
        return (self.margin + (lon - self.lon0) * k * self.scale, self.margin + (self.lat0 - lat) * self.scale)


@cache
def projection(width: int, margin: int = 4) -> Projection:
    lon_min, lat_min, lon_max, lat_max = load_geometry().bbox
    k = math.cos(math.radians(REF_LAT))
    scale = (width - 2 * margin) / ((lon_max - lon_min) * k)
    height = math.ceil((lat_max - lat_min) * scale) + 2 * margin
    return Projection(lon_min, lat_max, scale, width, height, margin)


def _simplify(points: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop consecutive duplicates and exactly collinear vertices of a closed ring."""
    pts: list[tuple[int, int]] = []
    for p in points:
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    changed = True
    while changed and len(pts) > 3:
        changed = False
        out: list[tuple[int, int]] = []
        n = len(pts)
        for i, (x, y) in enumerate(pts):
            ax, ay = out[-1] if out else pts[i - 1]
            bx, by = pts[(i + 1) % n]
            # Collinear and between its neighbours (a spike back along the line is kept).
            if (bx - ax) * (y - ay) == (by - ay) * (x - ax) and min(ax, bx) <= x <= max(ax, bx) and min(
                ay, by
            ) <= y <= max(ay, by):
                changed = True
                continue
            out.append((x, y))
        pts = out
    return pts


def _num(v: int) -> str:
    return str(v)


def _join(values: Iterable[int]) -> str:
    """`3 -2 -1 4` → `3-2-1 4`: a minus sign separates numbers by itself."""
    out = ""
    for v in values:
        s = _num(v)
        out += s if (not out or s.startswith("-")) else " " + s
    return out


def _ring_d(ring: Sequence[tuple[float, float]], proj: Projection, grid: int) -> str:
    """Path data for one ring on a grid of `1/grid` units (grid=1: integers)."""
    pts = _simplify([(round(x * grid), round(y * grid)) for x, y in (proj(lon, lat) for lon, lat in ring)])
    if len(pts) < 3:
        return ""
    x0, y0 = pts[0]
    deltas: list[int] = []
    for (ax, ay), (bx, by) in pairwise(pts):
        deltas += [bx - ax, by - ay]
    if grid == 1:
        return f"M{_join([x0, y0])}l{_join(deltas)}z"
    # Finer grid (tiny shapes on a locator map): write one decimal.
    def dec(v: int) -> str:
        s = f"{v / grid:.1f}".rstrip("0").rstrip(".")
        return s.replace("0.", ".", 1) if s.startswith("0.") else s.replace("-0.", "-.", 1)

    parts = [dec(v) for v in [x0, y0]]
    rel = [dec(v) for v in deltas]
    head = " ".join(parts)
    body = ""
    for s in rel:
        body += s if (not body or s.startswith("-")) else " " + s
    return f"M{head}l{body}z"


def shape_d(shape: Shape, proj: Projection) -> str:
    """Path data of a shape. A shape too small for the integer grid is written with one decimal."""
    d = "".join(_ring_d(r, proj, 1) for r in shape.rings)
    if not d:
        d = "".join(_ring_d(r, proj, 10) for r in shape.rings)
    return d


@cache
def _gemeinde_paths(width: int) -> dict[str, str]:
    proj = projection(width)
    return {ags: shape_d(s, proj) for ags, s in load_geometry().gemeinden.items()}


@cache
def _kreis_paths(width: int) -> dict[str, str]:
    proj = projection(width)
    return {ags: shape_d(s, proj) for ags, s in load_geometry().kreise.items()}


# --------------------------------------------------------------------------------------------
# Helpers


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _check_keys(kind: str, keys: Iterable[str]) -> None:
    bad = sorted(k for k in keys if not KEY_RE.match(k))
    if bad:
        raise ValueError(f"{kind} keys must be lower-case slugs (used as CSS classes and ids): {bad}")


def _check_ags(kind: str, ags: Iterable[str]) -> None:
    ref = load_reference()
    known = load_geometry().gemeinden
    unknown = sorted(set(ags) - known.keys())
    if unknown:
        hints = [f"{a} (now {ref.renamed_ags[a]})" if a in ref.renamed_ags else a for a in unknown]
        raise ValueError(f"{kind}: unknown Gemeinde AGS {', '.join(hints)}")


def _svg_open(proj: Projection, css_class: str, role: str, labelled_by: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {proj.width} {proj.height}" class="{css_class}" '
        f'role="{role}" aria-labelledby="{labelled_by}" focusable="false" data-pagefind-ignore="">'
    )


def _pattern_id(layer: str, stage: str) -> str:
    return f"asskomm-p-{layer}-{stage}"


def _ink_for(fill: str) -> str:
    return "#ffffff" if contrast_ratio(fill, "#ffffff") >= contrast_ratio(fill, INK) else INK


def _pattern(layer_index: int, layer: str, stage: str) -> str:
    fill = STAGE_FILLS[stage]
    ink = _ink_for(fill)
    n = PATTERN_SIZE
    kind = _PATTERN_KINDS[layer_index % len(_PATTERN_KINDS)]
    if kind == "diagonal":
        mark = f'<path d="M0 {n}L{n} 0M-1 1L1 -1M{n - 1} {n + 1}L{n + 1} {n - 1}" stroke="{ink}" stroke-width="1.6"/>'
    elif kind == "backdiagonal":
        mark = f'<path d="M0 0L{n} {n}M-1 {n - 1}L1 {n + 1}M{n - 1} -1L{n + 1} 1" stroke="{ink}" stroke-width="1.6"/>'
    elif kind == "dots":
        mark = f'<circle cx="{n / 2}" cy="{n / 2}" r="1.6" fill="{ink}"/>'
    elif kind == "cross":
        mark = f'<path d="M0 {n / 2}H{n}M{n / 2} 0V{n}" stroke="{ink}" stroke-width="1.2"/>'
    elif kind == "vertical":
        mark = f'<path d="M{n / 2} 0V{n}" stroke="{ink}" stroke-width="1.6"/>'
    else:
        mark = f'<path d="M0 {n / 2}H{n}" stroke="{ink}" stroke-width="1.6"/>'
    return (
        f'<pattern id="{_pattern_id(layer, stage)}" width="{n}" height="{n}" patternUnits="userSpaceOnUse">'
        f'<rect width="{n}" height="{n}" fill="{fill}"/>{mark}</pattern>'
    )


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours."""

    def lum(h: str) -> float:
        h = h.lstrip("#")
        c = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --------------------------------------------------------------------------------------------
# State map


def render_state_map(
    statuses: Mapping[str, str],
    links: Mapping[str, str],
    labels: Mapping[str, str],
    layers: Mapping[str, Iterable[str]],
    title: str,
    *,
    desc: str | None = None,
    id_prefix: str = "asskomm-map",
    width: int = STATE_WIDTH,
) -> str:
    """The whole of Saxony: 418 Gemeinde paths coloured by stage, the 13 Kreis borders on top.

    statuses: AGS -> stage key (a key of `STAGES` except "none"); other municipalities are "none".
    links: AGS -> URL of the profile page; these become `<a>` elements, in alphabetical order.
    labels: AGS -> accessible name and tooltip; default "Name: Stage label" or "Name".
    layers: layer key -> AGS set; each path gets a `layer-<key>` class per layer it is in.
    Unknown AGS, stage keys or malformed layer keys raise ValueError (an error, not a blank map).
    """
    geo = load_geometry()
    ref = load_reference()
    _check_ags("statuses", statuses)
    _check_ags("links", links)
    _check_ags("labels", labels)
    layer_sets = {k: set(v) for k, v in layers.items()}
    _check_keys("layer", layer_sets)
    for k, v in layer_sets.items():
        _check_ags(f"layer {k}", v)
    bad_stages = sorted({s for s in statuses.values() if s not in STAGES or s == "none"})
    if bad_stages:
        raise ValueError(f"unknown stage keys {bad_stages}; known: {[s for s in STAGES if s != 'none']}")

    paths = _gemeinde_paths(width)
    proj = projection(width)

    def classes(ags: str) -> str:
        cls = ["gem", f"stage-{statuses.get(ags, 'none')}"]
        cls += [f"layer-{k}" for k, v in layer_sets.items() if ags in v]
        return " ".join(cls)

    def label(ags: str) -> str:
        if ags in labels:
            return labels[ags]
        name = ref.municipalities[ags].name if ags in ref.municipalities else geo.gemeinden[ags].name
        return f"{name}: {STAGES[statuses[ags]]}" if ags in statuses else name

    def sort_key(ags: str) -> tuple[str, str]:
        return (label(ags).casefold(), ags)

    linked = sorted(links, key=sort_key)
    plain = [a for a in geo.gemeinden if a not in links]

    counts = {s: sum(1 for v in statuses.values() if v == s) for s in STAGES if s != "none"}
    if desc is None:
        parts = [f"{STAGES[s]}: {n}" for s, n in counts.items() if n]
        desc = (
            f"Karte der {len(geo.gemeinden)} Gemeinden Sachsens mit den Grenzen der {len(geo.kreise)} Landkreise "
            f"und Kreisfreien Städte. " + ("; ".join(parts) + ". " if parts else "")
            + "Dieselben Angaben stehen in der Tabelle zur Karte."
        )
    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [_svg_open(proj, "asskomm-map__svg asskomm-map__svg--state", "group" if linked else "img", f"{t_id} {d_id}")]
    out.append(f'<title id="{t_id}">{escape(title)}</title><desc id="{d_id}">{escape(desc)}</desc>')
    if layer_sets:
        out.append("<defs>")
        for i, layer in enumerate(layer_sets):
            out.extend(_pattern(_layer_index(layer, i), layer, s) for s in STAGES)
        out.append("</defs>")
    out.append(f'<g class="gemeinden" aria-hidden="true" fill="{STAGE_FILLS["none"]}" stroke="{BACKGROUND}" stroke-width=".5">')
    for ags in plain:
        out.append(f'<path class="{classes(ags)}" data-ags="{ags}" d="{paths[ags]}"><title>{escape(label(ags))}</title></path>')
    out.append("</g>")
    if linked:
        out.append(f'<g class="links" fill="{STAGE_FILLS["none"]}" stroke="{BACKGROUND}" stroke-width=".5">')
        for ags in linked:
            name = label(ags)
            out.append(
                f'<a href="{_attr(links[ags])}" aria-label="{_attr(name)}"><title>{escape(name)}</title>'
                f'<path class="{classes(ags)}" data-ags="{ags}" d="{paths[ags]}"/></a>'
            )
        out.append("</g>")
    out.append(_kreis_layer(width, id_prefix))
    out.append("</svg>")
    return "\n".join(out)


def _layer_index(layer: str, position: int) -> int:
    """Known layers keep their pattern whatever the order they are passed in."""
    keys = list(LAYERS)
    return keys.index(layer) if layer in LAYERS else len(keys) + position


def _kreis_layer(width: int, id_prefix: str, *, base_fill: str | None = None, between: str = "", highlight: str | None = None) -> str:
    """Kreis borders: a white halo under a dark line, so they show on every fill.

    The 13 paths are written once (in the line group) and reused with `<use>` for the halo, and on
    the locator map for the base fill and the highlighted Kreis outline. The paths set no paint of
    their own: each copy takes fill and stroke from its group. `between` is drawn after the base
    fill and before the borders.
    """
    kpaths = _kreis_paths(width)

    def uses(keys: Iterable[str]) -> list[str]:
        return [f'<use href="#{id_prefix}-k{ags}"/>' for ags in keys]

    out: list[str] = []
    if base_fill:
        out.append(f'<g class="land" aria-hidden="true" fill="{base_fill}" stroke="none">')
        out += uses(kpaths)
        out.append("</g>")
    out.append(between)
    out.append(f'<g class="kreis-halo" aria-hidden="true" fill="none" stroke="{BACKGROUND}" stroke-width="2.6" stroke-linejoin="round">')
    out += uses(kpaths)
    out.append("</g>")
    out.append(f'<g class="kreise" aria-hidden="true" fill="none" stroke="{INK}" stroke-width="1" stroke-linejoin="round">')
    out += [f'<path id="{id_prefix}-k{ags}" class="kreis" data-kreis="{ags}" d="{d}"/>' for ags, d in kpaths.items()]
    out.append("</g>")
    if highlight:
        out.append(f'<g class="kreis-hl" aria-hidden="true" fill="none" stroke="{INK}" stroke-width="2.2" stroke-linejoin="round" data-kreis="{highlight}">')
        out += uses([highlight])
        out.append("</g>")
    return "\n".join(x for x in out if x)


def render_layer_toggles(layer_labels: Mapping[str, str], counts: Mapping[str, int] | None = None) -> str:
    """Checkboxes `#layer-<key>` with labels; place them before the `<svg>`, in the same parent.

    Each label shows a swatch of the layer's pattern (over the "none" fill), so the legend and the
    map use the same mark.
    """
    _check_keys("layer", layer_labels)
    out = []
    for key, text in layer_labels.items():
        n = f" ({counts[key]})" if counts and key in counts else ""
        out.append(
            f'<input type="checkbox" id="layer-{key}" class="asskomm-map__toggle"/>'
            f'<label for="layer-{key}" class="asskomm-map__toggle-label">'
            f'<svg class="asskomm-map__swatch" viewBox="0 0 14 14" aria-hidden="true" focusable="false">'
            f'<rect width="14" height="14" fill="url(#{_pattern_id(key, "none")})" stroke="{INK}"/></svg>'
            f"{escape(text)}{n}</label>"
        )
    return "\n".join(out)


def render_legend(stage_counts: Mapping[str, int] | None = None) -> str:
    """The stage legend as an HTML list with colour swatches (text carries the meaning)."""
    out = ['<ul class="asskomm-map__legend">']
    for stage, text in STAGES.items():
        n = f" ({stage_counts[stage]})" if stage_counts and stage in stage_counts else ""
        out.append(
            f'<li><svg class="asskomm-map__swatch" viewBox="0 0 14 14" aria-hidden="true" focusable="false">'
            f'<rect width="14" height="14" fill="{STAGE_FILLS[stage]}" stroke="{INK}"/></svg>{escape(text)}{n}</li>'
        )
    out.append("</ul>")
    return "".join(out)


def render_state_map_block(
    statuses: Mapping[str, str],
    links: Mapping[str, str],
    labels: Mapping[str, str],
    layers: Mapping[str, Iterable[str]],
    title: str,
    *,
    layer_labels: Mapping[str, str] | None = None,
    desc: str | None = None,
    toggles_title: str = "Ebenen einblenden:",
    after_toggles: str = "",
) -> str:
    """Toggles, map and legend in one `<div class="asskomm-map">`, in the order the CSS needs.

    The HTML has no blank lines and no indentation, so Python-Markdown passes it through as one
    raw HTML block. `toggles_title` is plain text (escaped); `after_toggles` is trusted HTML placed
    between the toggles and the map (e.g. a link to the KPR contacts), still a sibling before the svg.
    """
    layer_labels = layer_labels or {k: LAYERS.get(k, k) for k in layers}
    counts = {k: len(set(v)) for k, v in layers.items()}
    stage_counts = {s: sum(1 for v in statuses.values() if v == s) for s in STAGES}
    stage_counts["none"] = len(load_geometry().gemeinden) - sum(stage_counts.values())
    svg = render_state_map(statuses, links, labels, layers, title, desc=desc)
    toggles = render_layer_toggles({k: layer_labels.get(k, k) for k in layers}, counts) if layers else ""
    parts = ['<div class="asskomm-map">']
    if toggles:
        parts.append(f'<p class="asskomm-map__toggles-title">{escape(toggles_title)}</p>')
        parts.append(toggles)
        if after_toggles:
            parts.append(after_toggles)
    parts += [svg, render_legend(stage_counts), "</div>"]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# Locator map


def render_locator_map(
    highlight_ags: set[str] | frozenset[str],
    kreis_ags: str | None,
    title: str,
    *,
    desc: str | None = None,
    id_prefix: str = "asskomm-locator",
    width: int = LOCATOR_WIDTH,
    markers: bool | None = None,
) -> str:
    """A small map of Saxony: all Kreis outlines, the given Kreis filled lightly, the municipalities filled.

    Small municipalities are a few units wide at this size, so each highlighted one also gets a
    marker circle at its centroid when there are at most three of them (`markers=None`), or always
    (`True`) / never (`False`). `role="img"`: the title (and desc) is the whole message.
    """
    geo = load_geometry()
    ref = load_reference()
    _check_ags("highlight_ags", highlight_ags)
    if kreis_ags is not None and kreis_ags not in geo.kreise:
        raise ValueError(f"unknown Kreis AGS {kreis_ags}")
    proj = projection(width)
    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    if desc is None:
        names = sorted(ref.municipalities[a].name for a in highlight_ags)
        where = f" im Kreis {ref.districts[kreis_ags].label}" if kreis_ags else ""
        if names:
            desc = f"Lage von {', '.join(names)}{where} in Sachsen."
        elif kreis_ags:
            desc = f"Lage des Kreises {ref.districts[kreis_ags].label} in Sachsen."
        else:
            desc = "Umriss Sachsens mit den Grenzen der Landkreise und Kreisfreien Städte."
    out = [_svg_open(proj, "asskomm-map__svg asskomm-map__svg--locator", "img", f"{t_id} {d_id}")]
    out.append(f'<title id="{t_id}">{escape(title)}</title><desc id="{d_id}">{escape(desc)}</desc>')
    inner = []
    if kreis_ags:
        light = "#c6d7ea" if highlight_ags else HIGHLIGHT
        inner.append(f'<use class="kreis-fill" href="#{id_prefix}-k{kreis_ags}" fill="{light}" stroke="none"/>')
    if highlight_ags:
        gpaths = _gemeinde_paths(width)
        d = "".join(gpaths[a] for a in sorted(highlight_ags))
        inner.append(f'<path class="hl" fill="{HIGHLIGHT}" d="{d}"/>')
    between = f'<g aria-hidden="true">{"".join(inner)}</g>' if inner else ""
    out.append(_kreis_layer(width, id_prefix, base_fill=STAGE_FILLS["none"], between=between, highlight=kreis_ags))
    show_markers = markers if markers is not None else 0 < len(highlight_ags) <= 3
    if show_markers:
        out.append(f'<g class="markers" aria-hidden="true" fill="{HIGHLIGHT}" stroke="{BACKGROUND}" stroke-width="1.5">')
        for a in sorted(highlight_ags):
            m = ref.municipalities[a]
            x, y = proj(m.lon, m.lat)
            out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="4"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# CSS


def map_css(layers: Sequence[str] = tuple(LAYERS)) -> str:
    """The stylesheet for the maps (written to `docs/stylesheets/map.css` by `scripts/write_map_css.py`).

    Stage fills live here rather than on every path (smaller HTML, one place to change); the
    toggles switch the layer patterns with `#layer-<key>:checked ~ svg .layer-<key>`.
    """
    _check_keys("layer", layers)
    lines = [
        "/* Generated by scripts/write_map_css.py from asskomm/svgmap.py: edit there. */",
        f".asskomm-map__svg {{ display: block; width: 100%; height: auto; background: {BACKGROUND}; }}",
        # Two classes: Material's `.md-typeset svg { max-width: 100% }` would win over one.
        ".asskomm-map__svg.asskomm-map__svg--locator { max-width: 16rem; }",
        ".asskomm-map__svg .gem { stroke-linejoin: round; }",
    ]
    for stage, fill in STAGE_FILLS.items():
        lines.append(f".asskomm-map__svg .stage-{stage} {{ fill: {fill}; }}")
    lines += [
        ".asskomm-map__svg .kreise, .asskomm-map__svg .kreis-halo { pointer-events: none; }",
        ".asskomm-map__svg .gem:hover { stroke: " + INK + "; stroke-width: 1.5; }",
        ".asskomm-map__svg a:focus { outline: none; }",
        f".asskomm-map__svg a:focus-visible .gem {{ stroke: {FOCUS}; stroke-width: 3; }}",
        ".asskomm-map__svg a:focus-visible { outline: 2px solid " + INK + "; outline-offset: 1px; }",
        # The checkbox stays in the accessibility tree and keyboard order; only its box is hidden
        # behind the swatch inside its label.
        ".asskomm-map__toggle { position: absolute; opacity: 0; width: 1px; height: 1px; }",
        ".asskomm-map__toggle-label { display: inline-flex; align-items: center; gap: .35em; margin: 0 1em .4em 0;"
        " padding: .1em .4em; border: 1px solid " + INK + "; border-radius: .2em; cursor: pointer; }",
        ".asskomm-map__toggle:checked + .asskomm-map__toggle-label { background: #dfe8f2; font-weight: 700; }",
        ".asskomm-map__toggle:checked + .asskomm-map__toggle-label::before { content: '\\2713'; }",
        f".asskomm-map__toggle:focus-visible + .asskomm-map__toggle-label {{ outline: 3px solid {FOCUS}; box-shadow: 0 0 0 5px {INK}; }}",
        ".asskomm-map__swatch { width: 1em; height: 1em; flex: none; vertical-align: -.1em; }",
        ".asskomm-map__legend { list-style: none; padding: 0; margin: .5em 0; display: flex; flex-wrap: wrap; gap: .3em 1.2em; }",
        ".asskomm-map__legend li { margin: 0; display: inline-flex; align-items: center; gap: .35em; }",
    ]
    for layer in layers:
        for stage in STAGES:
            lines.append(
                f"#layer-{layer}:checked ~ svg .layer-{layer}.stage-{stage} {{ fill: url(#{_pattern_id(layer, stage)}); }}"
            )
    return "\n".join(lines) + "\n"
