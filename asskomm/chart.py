"""Accessible inline SVG step charts of counters over time, and the equivalent HTML table.

A counter (members with a Kooperationsvereinbarung, Kommunale Präventionsräte, ...) changes on the
dates of events and stays level in between, so the chart draws steps, not slopes. Every point
carries a `<title>` ("Kooperationsvereinbarung, 23.02.2023: 41") that shows on hover and can be
checked by a test; the chart as a whole is `role="img"` named by its `<title>` and `<desc>`, and
the page should place `render_growth_table` (same numbers) right after it.

Series differ in colour, dash pattern and marker shape, and each line is labelled with its name
and latest value at its right end, so no legend lookup and no colour perception is needed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from .svgmap import INK, KEY_RE, SVG_NS
from .text import short_date, thousands

START = date(2019, 1, 1)
WIDTH, HEIGHT = 680, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 210, 14, 30  # right: room for "Kooperationsvereinbarungen: 123"
# Colours with at least 4.5:1 on white (they also colour the end labels, which are text).
COLOURS = ("#0b3a66", "#b35900", "#2d6a2d", "#6b2e8f", "#8f1d1d")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4")
MARKERS = ("circle", "square", "triangle", "diamond", "circle")
GRID = "#d0d5db"

Series = Mapping[str, Sequence[tuple[date, int]]]


def _validated(series: Series) -> dict[str, list[tuple[date, int]]]:
    bad = sorted(k for k in series if not KEY_RE.match(k))
    if bad:
        raise ValueError(f"series keys must be lower-case slugs (used as CSS classes): {bad}")
    out: dict[str, list[tuple[date, int]]] = {}
    for key, points in series.items():
        pts = sorted(points)
        dates = [d for d, _ in pts]
        dup = sorted({d for d in dates if dates.count(d) > 1})
        if dup:
            raise ValueError(f"series {key}: more than one value for {', '.join(d.isoformat() for d in dup)}")
        neg = [d for d, v in pts if v < 0]
        if neg:
            raise ValueError(f"series {key}: negative value on {neg[0].isoformat()}")
        out[key] = pts
    if not any(out.values()):
        raise ValueError("no data points in any series")
    return out


def _nice_max(value: int) -> tuple[int, int]:
    """An axis maximum >= value and its tick step (1, 2, 2.5 or 5 times a power of ten), at most 5 steps."""
    if value <= 5:
        return 5, 1
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)  # steps stay whole numbers
    step = next(m * power for m in factors if m * power >= raw)
    return int(math.ceil(value / step) * step), int(step)


def _fmt(v: float) -> str:
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return f'<rect x="{_fmt(x - 3.2)}" y="{_fmt(y - 3.2)}" width="6.4" height="6.4"'
    if kind == "triangle":
        return f'<path d="M{_fmt(x)} {_fmt(y - 4.2)}L{_fmt(x + 4)} {_fmt(y + 3)}H{_fmt(x - 4)}z"'
    if kind == "diamond":
        return f'<path d="M{_fmt(x)} {_fmt(y - 4.5)}L{_fmt(x + 4.5)} {_fmt(y)}L{_fmt(x)} {_fmt(y + 4.5)}L{_fmt(x - 4.5)} {_fmt(y)}z"'
    return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5"'


def render_growth_chart(
    series: Series,
    labels: Mapping[str, str],
    title: str,
    *,
    desc: str | None = None,
    start: date = START,
    end: date | None = None,
    id_prefix: str = "asskomm-chart",
    published: Series | None = None,
) -> str:
    """A step chart of each series (key -> [(date, value)]) from `start` (1 January 2019) to `end`.

    `end` defaults to the latest date in the data, so the output depends on the data only (two
    builds give the same bytes). The x axis is labelled with the years, the y axis with the counts.
    """
    data = _validated(series)
    first = min(d for pts in data.values() for d, _ in pts)
    last = max(d for pts in data.values() for d, _ in pts)
    start = min(start, date(first.year, 1, 1))
    end = max(end or last, last)
    axis_end = date(end.year + 1, 1, 1)
    # Published figures (key -> [(date, value)]): drawn as open markers in the series' colour beside its
    # derived line; they share the axis, so the scale covers them too.
    extra = {k: sorted(pts) for k, pts in (published or {}).items() if k in data and pts}
    y_max, y_step = _nice_max(max([v for pts in data.values() for _, v in pts] + [v for pts in extra.values() for _, v in pts]))

    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    span = (axis_end - start).days

    def sx(d: date) -> float:
        return MARGIN_LEFT + (d - start).days / span * plot_w

    def sy(v: float) -> float:
        return MARGIN_TOP + plot_h - v / y_max * plot_h

    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    if desc is None:
        latest = "; ".join(
            f"{labels.get(k, k)}: {thousands(pts[-1][1])} am {short_date(pts[-1][0])}" for k, pts in data.items() if pts
        )
        desc = f"Stufendiagramm der Entwicklung seit {start.year}. Letzter Stand: {latest}. Dieselben Zahlen stehen in der Tabelle zum Diagramm."
    out = [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {HEIGHT}" class="asskomm-chart" role="img" '
        f'aria-labelledby="{t_id} {d_id}" focusable="false" data-pagefind-ignore="" font-family="sans-serif" font-size="12">',
        f'<title id="{t_id}">{escape(title)}</title><desc id="{d_id}">{escape(desc)}</desc>',
    ]
    # Axes and grid.
    out.append(f'<g class="y-axis" fill="{INK}" text-anchor="end">')
    for v in range(0, y_max + 1, y_step):
        y = _fmt(sy(v))
        out.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{y}" y2="{y}" stroke="{GRID}"/>')
        out.append(f'<text x="{MARGIN_LEFT - 6}" y="{y}" dy=".35em">{thousands(v)}</text>')
    out.append("</g>")
    out.append(f'<g class="x-axis" fill="{INK}" text-anchor="middle">')
    base = _fmt(MARGIN_TOP + plot_h)
    out.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    for year in range(start.year, axis_end.year + 1):
        x = sx(date(year, 1, 1))
        out.append(f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{base}" y2="{_fmt(MARGIN_TOP + plot_h + 5)}" stroke="{INK}"/>')
        if year < axis_end.year:
            # The year's label sits in the middle of its year.
            mid = (x + sx(date(year + 1, 1, 1))) / 2
            out.append(f'<text class="year" x="{_fmt(mid)}" y="{HEIGHT - 10}">{year}</text>')
    out.append("</g>")

    # Lines and points.
    end_labels: list[tuple[float, str, str, str]] = []
    for i, (key, pts) in enumerate(data.items()):
        if not pts:
            continue
        colour, dash, marker = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        label = labels.get(key, key)
        d = f"M{_fmt(sx(pts[0][0]))} {_fmt(sy(pts[0][1]))}"
        for dt, v in pts[1:]:
            d += f"H{_fmt(sx(dt))}V{_fmt(sy(v))}"
        d += f"H{_fmt(sx(end))}"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series series-{key}" data-series="{key}">')
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr}/>')
        for dt, v in pts:
            tip = f"{label}, {short_date(dt)}: {thousands(v)}"
            out.append(
                f'{_marker(marker, sx(dt), sy(v))} class="point" fill="{colour}" stroke="#fff" stroke-width="1" '
                f'data-date="{dt.isoformat()}" data-value="{v}"><title>{escape(tip)}</title>'
                + ("</circle>" if marker == "circle" else "</rect>" if marker == "square" else "</path>")
            )
        for dt, v in extra.get(key, ()):
            tip = f"{label} laut LPR, {short_date(dt)}: {thousands(v)}"
            out.append(
                f'<circle cx="{_fmt(sx(dt))}" cy="{_fmt(sy(v))}" r="5" class="published" fill="#fff" stroke="{colour}" '
                f'stroke-width="2" data-date="{dt.isoformat()}" data-value="{v}"><title>{escape(tip)}</title></circle>'
            )
        out.append("</g>")
        end_labels.append((sy(pts[-1][1]), key, f"{label}: {thousands(pts[-1][1])}", colour))

    # End labels, pushed apart so they do not overlap (14 units per line).
    end_labels.sort()
    placed: list[float] = []
    for wanted, *_ in end_labels:
        placed.append(max(wanted, placed[-1] + 14) if placed else wanted)
    overflow = placed[-1] - (MARGIN_TOP + plot_h) if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
    out.append('<g class="end-labels">')
    for (_, key, text, colour), label_y in zip(end_labels, placed, strict=True):
        out.append(f'<text x="{_fmt(sx(end) + 8)}" y="{_fmt(label_y)}" dy=".35em" fill="{colour}" data-series="{key}">{escape(text)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def render_growth_table(series: Series, labels: Mapping[str, str], caption: str) -> str:
    """The chart's numbers as an HTML table: one row per date on which any series changed.

    A series keeps its last value on the dates where only another one changed (a counter stands
    until it moves); before its first point the cell shows "–".
    """
    data = _validated(series)
    dates = sorted({d for pts in data.values() for d, _ in pts})
    values = {k: dict(pts) for k, pts in data.items()}
    out = ['<table class="asskomm-chart-table">', f"<caption>{escape(caption)}</caption>", "<thead><tr>"]
    out.append('<th scope="col">Datum</th>')
    out += [f'<th scope="col">{escape(labels.get(k, k))}</th>' for k in data]
    out.append("</tr></thead><tbody>")
    current: dict[str, int | None] = {k: None for k in data}
    for d in dates:
        cells = [f'<th scope="row"><time datetime="{d.isoformat()}">{short_date(d)}</time></th>']
        for k in data:
            if d in values[k]:
                current[k] = values[k][d]
            v = current[k]
            cells.append(f'<td>{"–" if v is None else thousands(v)}</td>')  # right-aligned by the stylesheet (CSP: no style attributes)
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)
