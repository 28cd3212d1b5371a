"""The real content, built once: Oelsnitz as the issue describes it, every old address, the start page."""

import pytest
import yaml

from conftest import REPO, soup


@pytest.fixture
def out(shipped_site):
    return shipped_site


def declared_old_addresses():
    for path in sorted((REPO / "news").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        for old in yaml.safe_load(front).get("old_urls", []):
            yield old, f"aktuelles/{path.stem}/"
    table = yaml.safe_load((REPO / "data/weiterleitungen.yml").read_text(encoding="utf-8"))["redirects"]
    for old, target in table.items():
        yield old, target[: -len("index.md")] if target.endswith("index.md") else target[:-3] + "/"


def test_every_declared_old_address_leads_to_its_page(out):
    pairs = list(declared_old_addresses())
    assert len(pairs) >= 10
    for old, target in pairs:
        page = soup(out / old)
        href = page.find("a")["href"]
        assert href == target and (out / href / "index.html").is_file(), old
        assert page.find("link", rel="canonical")["href"] == "https://www.asskomm.sachsen.de/" + target


def test_oelsnitz_has_its_timeline_and_the_signing_release(out):
    page = soup(out / "kommunen/oelsnitz-erzgeb/index.html")
    dates = [t["datetime"] for t in page.select(".asskomm-timeline time")]
    assert dates[-2:] == ["2023-02-23", "2024-01-09"] and "2021-09-01" in dates  # agreement, then the KPR
    assert "Oelsnitz/Erzgeb. unterzeichnet Kooperationsvereinbarung" in page.select_one(".asskomm-releases").get_text()
    release = soup(out / "aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/index.html")
    text = release.find("article").get_text(" ")
    # historical figures stay as the LPR published them that day; the text is the site's own, not the seed's
    assert "133 beratene Kommunen" in text and "46 Kooperationsvereinbarungen vor dieser" in text
    assert "Letzte Woche" not in text


def test_start_page_links_easy_language_sign_language_and_feeds(out):
    page = soup(out / "index.html")
    hrefs = {a["href"] for a in page.select("article a")}
    assert {"leichte-sprache/", "gebaerdensprache/"} <= hrefs
    assert page.select(".asskomm-counter") and "Stand:" in page.select_one(".asskomm-stand").get_text()
