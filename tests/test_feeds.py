"""Feeds parse, carry stable IDs, zoned dates and absolute links, and are reproducible."""

from datetime import datetime

import feedparser

from asskomm.build import SiteBuild
from asskomm.dates import BERLIN
from conftest import base_records, base_releases, release

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=BERLIN)


def build(root):
    return SiteBuild(root, "https://example.org/asskomm/", NOW).feeds()


def content(tmp_path):
    base_records(tmp_path)
    base_releases(tmp_path)
    release(tmp_path, "2023-03-01-bannewitz.md", id="0d7f4f7c-3b8e-4a5b-9e1a-5c6d7e8f9a0b",
            title="Bannewitz & die 4. Vereinbarung <im Landkreis>", date="2023-03-01 11:30", kommunen="[bannewitz]")


def test_rss_and_atom_are_valid_and_complete(tmp_path):
    content(tmp_path)
    feeds = build(tmp_path)
    for name in ("aktuelles/rss.xml", "aktuelles/atom.xml"):
        parsed = feedparser.parse(feeds[name])
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.language == "de"  # RSS <language>, Atom xml:lang
        assert [e.title for e in parsed.entries] == [
            "Bannewitz & die 4. Vereinbarung <im Landkreis>",
            "Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb."]
        first, second = parsed.entries
        assert first.id == "urn:uuid:0d7f4f7c-3b8e-4a5b-9e1a-5c6d7e8f9a0b"
        assert first.link == "https://example.org/asskomm/aktuelles/2023-03-01-bannewitz/"
        assert first.published_parsed[:5] == (2023, 3, 1, 10, 30)  # 11:30 CET is 10:30 UTC
        self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_links == [f"https://example.org/asskomm/{name}"]
        html = second.content[0].value
        assert 'href="https://example.org/asskomm/kommunen/bannewitz/"' in html
        assert "href=\"../" not in html
    rss = feeds["aktuelles/rss.xml"].decode()
    assert "<lastBuildDate>Wed, 01 Mar 2023 11:30:00 +0100</lastBuildDate>" in rss
    assert "<language>de</language>" in rss
    assert 'xml:lang="de"' in feeds["aktuelles/atom.xml"].decode()


def test_two_builds_are_byte_identical_and_ignore_the_clock(tmp_path):
    content(tmp_path)
    a = build(tmp_path)
    b = SiteBuild(tmp_path, "https://example.org/asskomm/", datetime(2027, 1, 1, tzinfo=BERLIN)).feeds()
    assert a == b


def test_the_guid_survives_a_new_title_and_file_name(tmp_path):
    content(tmp_path)
    before = feedparser.parse(build(tmp_path)["aktuelles/rss.xml"]).entries[1].id
    old = tmp_path / "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md"
    text = old.read_text().replace("title: Unterzeichnung", "title: Neue Überschrift – Unterzeichnung")
    old.unlink()
    (tmp_path / "news/2023-02-23-oelsnitz-neu.md").write_text(text)
    entry = feedparser.parse(build(tmp_path)["aktuelles/rss.xml"]).entries[1]
    assert entry.title.startswith("Neue Überschrift") and entry.id == before


def test_district_feeds_hold_only_their_releases(tmp_path):
    content(tmp_path)
    feeds = build(tmp_path)
    erz = feedparser.parse(feeds["kreise/erzgebirgskreis/rss.xml"])
    sso = feedparser.parse(feeds["kreise/saechsische-schweiz-osterzgebirge/atom.xml"])
    assert [e.title[:15] for e in erz.entries] == ["Unterzeichnung "]
    assert [e.title[:9] for e in sso.entries] == ["Bannewitz"]
    empty = feedparser.parse(feeds["kreise/bautzen/rss.xml"])
    assert not empty.bozo and empty.entries == []
