from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from asskomm.namesearch import find, search_aliases, search_key

CSV = Path(__file__).resolve().parent.parent / "data" / "referenz" / "sachsen_gemeinden.csv"


@pytest.fixture(scope="module")
def names() -> list[str]:
    with open(CSV, encoding="utf-8") as fh:
        rows = [r["name"] for r in csv.DictReader(fh)]
    assert len(rows) == 418
    return rows


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("Loessnitz", "Lößnitz"),
        ("lößnitz", "Lößnitz"),
        ("Lossnitz", "Lößnitz"),
        ("LÖSSNITZ", "Lößnitz"),
        (unicodedata.normalize("NFD", "Lößnitz"), "Lößnitz"),
        ("Oelsnitz/Erzgeb.", "Oelsnitz/Erzgeb."),
        ("oelsnitz erzgeb", "Oelsnitz/Erzgeb."),
        ("Oelsnitz/Vogtl.", "Oelsnitz/Vogtl."),
        ("Krauschwitz", "Krauschwitz i.d. O.L."),
        ("krauschwitz i.d. o.l.", "Krauschwitz i.d. O.L."),
        ("Krauschwitz i. d. OL", "Krauschwitz i.d. O.L."),
        ("Schönau-Berzdorf a.d. Eigen", "Schönau-Berzdorf a.d. Eigen"),
        ("Schoenau Berzdorf", "Schönau-Berzdorf a.d. Eigen"),
        ("Bernstadt a. d. Eigen, Stadt", "Bernstadt a.d. Eigen"),
        ("Grossschirma", "Großschirma"),
        ("Weisswasser", "Weißwasser/O.L."),
        ("Chemnitz, Stadt", "Chemnitz"),
        ("koenigstein", "Königstein/Sächs. Schw."),
        ("Bad Dueben", "Bad Düben"),
    ],
)
def test_find_first(names: list[str], query: str, expected_first: str) -> None:
    result = find(query, names)
    assert result, query
    assert result[0] == expected_first


def test_oelsnitz_finds_both_towns_and_nothing_else_first(names: list[str]) -> None:
    result = find("oelsnitz", names)
    assert result[:2] == ["Oelsnitz/Erzgeb.", "Oelsnitz/Vogtl."]
    assert find("Ölsnitz", names)[:2] == ["Oelsnitz/Erzgeb.", "Oelsnitz/Vogtl."]


def test_ranking_exact_then_prefix_then_substring(names: list[str]) -> None:
    result = find("neukirchen", names)
    # both "Neukirchen/..." are base-name matches; "Markneukirchen" only contains the query
    assert set(result[:2]) == {"Neukirchen/Erzgeb.", "Neukirchen/Pleiße"}
    assert result.index("Markneukirchen") > 1
    bad = find("bad", names)
    assert all(n.startswith("Bad ") for n in bad[:5])
    schlema = find("schlema", names)
    assert schlema == ["Aue-Bad Schlema"]


def test_find_limit_and_empty(names: list[str]) -> None:
    assert find("a", names, limit=3) == find("a", names)[:3]
    assert find("", names) == []
    assert find(" ./ ", names) == []
    assert find("Xyzzy", names) == []


def test_search_key() -> None:
    assert search_key("Lößnitz") == "loessnitz"
    assert search_key("Oelsnitz/Erzgeb.") == "oelsnitz"
    assert search_key("Krauschwitz i.d. O.L.") == "krauschwitz"
    assert search_key("Schönau-Berzdorf a.d. Eigen") == "schoenau berzdorf"
    assert search_key("Lugau/Erzgeb., Stadt") == "lugau"
    assert search_key("Reichenbach im Vogtland") == "reichenbach"
    assert search_key("Stadt Wehlen") == "stadt wehlen"
    assert search_key("  GROSSSCHIRMA ") == search_key("Großschirma") == "grossschirma"


def test_every_name_finds_itself_first_or_shares_its_base(names: list[str]) -> None:
    for n in names:
        assert find(n, names)[0] == n
        assert n in find(search_key(n), names)


def test_search_aliases() -> None:
    assert search_aliases("Lößnitz") == ["Loessnitz", "Lossnitz"]
    oe = search_aliases("Oelsnitz/Erzgeb.")
    assert "Oelsnitz" in oe and "Ölsnitz" in oe and "Olsnitz" in oe and "Oelsnitz/Erzgeb." not in oe
    kr = search_aliases("Krauschwitz i.d. O.L.")
    assert "Krauschwitz" in kr
    assert "Aue Bad Schlema" in search_aliases("Aue-Bad Schlema")
    assert search_aliases("Chemnitz") == []
    w = search_aliases("Weißwasser/O.L.")
    assert "Weisswasser" in w and "Weisswasser/O.L." in w


def test_aliases_find_the_name(names: list[str]) -> None:
    for n in names:
        for alias in search_aliases(n):
            assert n in find(alias, names), (n, alias)
