"""The route table: one function from a source path to a URL, and no URL written anywhere else."""

from __future__ import annotations

import re
from pathlib import Path

from asskomm import routes

PACKAGE = Path(__file__).resolve().parent.parent / "asskomm"


def test_source_paths_become_directory_urls() -> None:
    cases = {"index.md": "", "kontakt.md": "kontakt/", "kommunen/index.md": "kommunen/",
             "kommunen/oelsnitz-erzgeb.md": "kommunen/oelsnitz-erzgeb/", "aktuelles/seite/2.md": "aktuelles/seite/2/",
             "foo-index.md": "foo-index/"}
    assert {src: routes.url_of_source(src) for src in cases} == cases


def test_links_in_releases_resolve_like_mkdocs() -> None:
    assert routes.url_of_link(routes.NEWS_SOURCE_DIR, "../kommunen/bannewitz.md") == "kommunen/bannewitz/"
    assert routes.url_of_link(routes.NEWS_SOURCE_DIR, "2023-03-01-x.md") == "aktuelles/2023-03-01-x/"
    assert routes.url_of_link(routes.NEWS_SOURCE_DIR, "../index.md") == ""


def test_every_page_kind_has_its_route() -> None:
    assert routes.kommune("loessnitz") == "kommunen/loessnitz/"
    assert routes.district("erzgebirgskreis") == "kreise/erzgebirgskreis/"
    assert routes.police("chemnitz") == "polizeidirektionen/chemnitz/"
    assert routes.release("2023-02-23-x") == "aktuelles/2023-02-23-x/"
    assert [routes.listing(routes.NEWS, n) for n in (1, 2)] == ["aktuelles/", "aktuelles/seite/2/"]
    assert routes.listing_source(routes.archive_year(2023), 3) == "aktuelles/archiv/2023/seite/3.md"
    assert routes.feed("rss") == "aktuelles/rss.xml"
    assert routes.feed("atom", "bautzen") == "kreise/bautzen/atom.xml"
    assert routes.data_file("kommunen.csv") == "daten/kommunen.csv"


def test_no_url_is_written_outside_the_route_table() -> None:
    """Templates, modules and the theme's overrides (via `config.extra.asskomm_routes`) link through
    `routes`, never with a literal section path."""
    literal = re.compile(r"""['"](aktuelles|kreise|kommunen|polizeidirektionen|daten|standorte|gemeinden|zahlen|veranstaltungen)/""")
    found = []
    overrides = PACKAGE.parent / "overrides"
    for path in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("templates/*.html"), *overrides.rglob("*.html")]):
        if path.name == "routes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if path.suffix == ".py" else line  # comments may give examples
            if literal.search(code):
                found.append(f"{path.name}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)
