from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from asskomm.chart import COLOURS, _nice_max, render_growth_chart, render_growth_table
from asskomm.svgmap import contrast_ratio
import itertools

NS = {"s": "http://www.w3.org/2000/svg"}
SERIES = {
    "kooperationsvereinbarung": [(date(2023, 2, 23), 41), (date(2019, 3, 1), 1), (date(2021, 1, 10), 15)],
    "kpr": [(date(2020, 1, 5), 2), (date(2024, 6, 30), 1234)],
}
LABELS = {"kooperationsvereinbarung": "Kooperationsvereinbarung", "kpr": "Kommunale Präventionsräte"}


@pytest.fixture(scope="module")
def chart() -> ET.Element:
    return ET.fromstring(render_growth_chart(SERIES, LABELS, "Mitglieder seit 2019"))


def test_chart_is_named_image(chart: ET.Element) -> None:
    assert chart.get("role") == "img"
    t_id, d_id = chart.get("aria-labelledby").split()
    assert chart.find("s:title", NS).get("id") == t_id
    assert chart.find("s:title", NS).text == "Mitglieder seit 2019"
    desc = chart.find("s:desc", NS)
    assert desc.get("id") == d_id
    assert "Kooperationsvereinbarung: 41 am 23.02.2023" in desc.text
    assert "Kommunale Präventionsräte: 1.234 am 30.06.2024" in desc.text


def test_every_point_has_a_title_with_date_and_value(chart: ET.Element) -> None:
    points = [e for e in chart.iter() if e.get("class") == "point"]
    tips = sorted(e.find("s:title", NS).text for e in points)
    assert tips == sorted([
        "Kooperationsvereinbarung, 01.03.2019: 1",
        "Kooperationsvereinbarung, 10.01.2021: 15",
        "Kooperationsvereinbarung, 23.02.2023: 41",
        "Kommunale Präventionsräte, 05.01.2020: 2",
        "Kommunale Präventionsräte, 30.06.2024: 1.234",
    ])
    # markers differ in shape between the series
    groups = chart.findall("s:g[@data-series]", NS)
    tags = {g.get("data-series"): {c.tag for c in g if c.get("class") == "point"} for g in groups}
    assert tags["kooperationsvereinbarung"] != tags["kpr"]


def test_points_are_placed_by_date_and_value(chart: ET.Element) -> None:
    group = chart.find("s:g[@data-series='kooperationsvereinbarung']", NS)
    pts = [c for c in group if c.get("class") == "point"]
    xs = [float(c.get("cx")) for c in pts]
    ys = [float(c.get("cy")) for c in pts]
    assert [c.get("data-date") for c in pts] == ["2019-03-01", "2021-01-10", "2023-02-23"]
    assert xs == sorted(xs)  # later dates further right
    assert ys == sorted(ys, reverse=True)  # larger values higher up
    # the step line goes through every point
    d = group.find("s:path", NS).get("d")
    for x, y in zip(xs, ys, strict=False):
        assert f"{x:g}" in d and f"{y:g}" in d


def test_axes_show_years_and_values(chart: ET.Element) -> None:
    years = [t.text for t in chart.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "year"]
    assert years == ["2019", "2020", "2021", "2022", "2023", "2024"]
    y_labels = [t.text for t in chart.find("s:g[@class='y-axis']", NS).iter("{http://www.w3.org/2000/svg}text")]
    assert y_labels[0] == "0"
    assert y_labels == ["0", "250", "500", "750", "1.000", "1.250"]  # nice maximum above 1234
    end = {t.get("data-series"): t.text for t in chart.find("s:g[@class='end-labels']", NS)}
    assert end == {"kooperationsvereinbarung": "Kooperationsvereinbarung: 41", "kpr": "Kommunale Präventionsräte: 1.234"}


@pytest.mark.parametrize(
    ("value", "expected"), [(0, (5, 1)), (3, (5, 1)), (7, (8, 2)), (44, (50, 10)), (41, (50, 10)), (120, (125, 25)), (1234, (1250, 250))]
)
def test_nice_max(value: int, expected: tuple[int, int]) -> None:
    assert _nice_max(value) == expected


def test_end_labels_do_not_overlap() -> None:
    close = {"a": [(date(2020, 1, 1), 10)], "b": [(date(2020, 1, 1), 11)], "c": [(date(2020, 2, 1), 10)]}
    root = ET.fromstring(render_growth_chart(close, {}, "t"))
    ys = sorted(float(t.get("y")) for t in root.find("s:g[@class='end-labels']", NS))
    assert all(b - a >= 14 for a, b in itertools.pairwise(ys))


def test_line_colours_are_readable_as_text() -> None:
    assert all(contrast_ratio(c, "#ffffff") >= 4.5 for c in COLOURS)


@pytest.mark.parametrize(
    ("series", "message"),
    [
        ({"x": [(date(2020, 1, 1), 1), (date(2020, 1, 1), 2)]}, "more than one value for 2020-01-01"),
        ({"x": [(date(2020, 1, 1), -1)]}, "negative value"),
        ({"X Y": [(date(2020, 1, 1), 1)]}, "lower-case slugs"),
        ({"x": []}, "no data points"),
    ],
)
def test_bad_series(series: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_growth_chart(series, {}, "t")


def test_table_carries_values_forward() -> None:
    html = render_growth_table(SERIES, LABELS, "Mitglieder seit 2019")
    root = ET.fromstring(html)
    assert root.find("caption").text == "Mitglieder seit 2019"
    head = [th.text for th in root.find("thead").iter("th")]
    assert head == ["Datum", "Kooperationsvereinbarung", "Kommunale Präventionsräte"]
    rows = [[re.sub(r"\s+", " ", "".join(c.itertext())) for c in tr] for tr in root.find("tbody")]
    assert rows == [
        ["01.03.2019", "1", "–"],
        ["05.01.2020", "1", "2"],
        ["10.01.2021", "15", "2"],
        ["23.02.2023", "41", "2"],
        ["30.06.2024", "41", "1.234"],
    ]
    assert root.find("tbody/tr/th/time").get("datetime") == "2019-03-01"
    assert all(th.get("scope") == "row" for th in root.find("tbody").iter("th"))


def test_chart_is_deterministic() -> None:
    assert render_growth_chart(SERIES, LABELS, "t") == render_growth_chart(SERIES, LABELS, "t")
