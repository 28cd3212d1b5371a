"""Events in whole builds (issue 16): pages parsed as HTML, calendars parsed back with `icalendar`,
feeds with feedparser, open data, reproducibility, SEQUENCE, cancellation and daylight saving time."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, date, datetime, timedelta

import feedparser
import icalendar
import pytest

from asskomm import routes
from asskomm.corpus import load_corpus
from asskomm.dates import BERLIN
from asskomm.events import update_register
from conftest import build_site, make_site, soup
from test_events import EVENT_ID, event

# conftest.NOW is 2026-11-25 12:00
TODAY_ID = "0e5c7a52-3b1f-4c2d-9e8f-6a7b8c9d0e11"
PAST_ID = "0e5c7a52-3b1f-4c2d-9e8f-6a7b8c9d0e12"
CANCELLED_ID = "0e5c7a52-3b1f-4c2d-9e8f-6a7b8c9d0e13"
STATEWIDE_ID = "0e5c7a52-3b1f-4c2d-9e8f-6a7b8c9d0e14"
OVER_ID = "0e5c7a52-3b1f-4c2d-9e8f-6a7b8c9d0e15"
BANNEWITZ = "place:\n  name: Rathaus\n  street: Dresdner Straße 1\n  postal_code: \"01728\"\n  city: Bannewitz\n  kommune: bannewitz\n"
DRESDEN = "place:\n  name: Conference Center\n  street: Flughafenstraße\n  postal_code: \"01109\"\n  city: Dresden\n  kommune: dresden\n"


def events(root):
    event(root, extra="registration:\n  url: https://www.lpr.sachsen.de/anmeldung\n  deadline: 2026-12-01\n",
          body="Siehe [Oelsnitz](../kommunen/oelsnitz-erzgeb.md) und die [Meldung](../aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung.md).\n")
    event(root, name="2026-11-25-heute.md", id=TODAY_ID, start="2026-11-25 10:00", end="2026-11-25 18:00",
          title="Sitzung heute", kommunen="[bannewitz]", place=BANNEWITZ)
    event(root, name="2026-11-25-vorbei.md", id=OVER_ID, start="2026-11-25 08:00", end="2026-11-25 11:00",
          title="Frühstück vorbei", kommunen="[bannewitz]", place=BANNEWITZ)
    event(root, name="2025-09-11-fachtag.md", id=PAST_ID, start="2025-09-11", end=None, kommunen="[]",
          title="Vierter Fachtag", place=DRESDEN, published="2025-06-01 10:00")
    event(root, name="2026-12-12-abgesagt.md", id=CANCELLED_ID, start="2026-12-12", end="2026-12-13", kommunen="[]",
          title="Netzwerk abgesagt", place=DRESDEN, extra="status: abgesagt\n")
    event(root, name="2027-01-20-landesweit.md", id=STATEWIDE_ID, start="2027-01-20 09:30", end=None, kommunen="[]",
          title="Landesweiter Austausch", place="online:\n  url: https://www.lpr.sachsen.de/online\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("events")
    root = make_site(tmp / "src")
    events(root)
    return root, build_site(root, tmp / "out")


def titles(page, selector=".asskomm-event__title"):
    return [a.get_text(strip=True) for a in page.select(selector)]


def cal(path):
    return icalendar.Calendar.from_ical(path.read_bytes())


def vevents(path):
    return {str(v["UID"]): v for v in cal(path).walk("VEVENT")}


def test_events_index_lists_upcoming_in_date_order_then_past_years(built):
    _, out = built
    page = soup(out / "veranstaltungen/index.html")
    upcoming = page.select_one("#demnaechst").find_next("ul")
    assert titles(upcoming) == ["Sitzung heute", "Fachtag Kommunale Prävention", "Netzwerk abgesagt", "Landesweiter Austausch"]
    assert "Frühstück vorbei" not in page.get_text()  # ended at 11:00, the build runs at 12:00
    assert [a["href"] for a in page.select(".asskomm-years a")] == ["archiv/2026/", "archiv/2025/"]
    assert "Abgesagt" in upcoming.select(".asskomm-event")[2].get_text()
    archive = soup(out / "veranstaltungen/archiv/2025/index.html")
    assert titles(archive) == ["Vierter Fachtag"]
    assert "Frühstück vorbei" in titles(soup(out / "veranstaltungen/archiv/2026/index.html"))


def test_filters_by_kind_and_kreis_are_plain_links(built):
    _, out = built
    page = soup(out / "veranstaltungen/index.html")
    filters = page.select_one("nav.asskomm-filters")
    hrefs = [a["href"] for a in filters.select("a")]
    assert "art/fachtag/" in hrefs and "kreis/erzgebirgskreis/" in hrefs
    assert page.find("script", string=lambda s: s and "filter" in s) is None
    kind = soup(out / "veranstaltungen/art/fachtag/index.html")
    assert set(titles(kind)) == {"Sitzung heute", "Fachtag Kommunale Prävention", "Netzwerk abgesagt",
                                 "Landesweiter Austausch", "Vierter Fachtag", "Frühstück vorbei"}
    erz = soup(out / "veranstaltungen/kreis/erzgebirgskreis/index.html")
    upcoming = titles(erz.select_one("#demnaechst").find_next("ul"))
    assert upcoming == ["Fachtag Kommunale Prävention", "Netzwerk abgesagt", "Landesweiter Austausch"]  # local + statewide
    assert erz.select_one('a[href^="webcal://example.org/asskomm/daten/veranstaltungen-erzgebirgskreis.ics"]')
    assert erz.select_one('nav.asskomm-filters [aria-current="page"]').get_text() == "Erzgebirgskreis"


def test_event_page_says_when_where_how_to_register_and_links_the_calendar(built):
    _, out = built
    page = soup(out / "veranstaltungen/2026-12-10-fachtag/index.html")
    facts = {d.find("dt").get_text(): d.find("dd") for d in page.select(".asskomm-event-facts > div")}
    assert facts["Wann"].get_text() == "Donnerstag, 10. Dezember 2026, 9:00 bis 16:30 Uhr"
    assert facts["Wo"].select_one("a")["href"] == "../../kommunen/oelsnitz-erzgeb/"
    assert "Markt 1, 09376" in facts["Wo"].get_text()
    assert facts["Anmeldung"].select_one("a")["href"] == "https://www.lpr.sachsen.de/anmeldung"
    assert "bis Dienstag, 1. Dezember 2026" in facts["Anmeldung"].get_text()
    ics = page.find("a", string="In den Kalender")
    assert ics["href"] == "../2026-12-10-fachtag.ics" and (out / "veranstaltungen/2026-12-10-fachtag.ics").is_file()
    body = page.select_one(".asskomm-release-body")
    assert [a["href"] for a in body.select("a")] == ["../../kommunen/oelsnitz-erzgeb/",
                                                      "../../aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"]
    assert page.select_one(".asskomm-locator svg") is not None
    assert page.select_one('a[href="webcal://example.org/asskomm/daten/veranstaltungen.ics"]')


def test_cancelled_event_stays_visible_as_cancelled(built):
    _, out = built
    page = soup(out / "veranstaltungen/2026-12-12-abgesagt/index.html")
    banner = page.select_one(".asskomm-event-banner--abgesagt")
    assert banner is not None and "findet nicht statt" in banner.get_text()
    assert page.select_one(".asskomm-event-facts del") is not None
    assert "Samstag, 12. Dezember 2026 bis Sonntag, 13. Dezember 2026" in page.get_text()


def test_home_profile_kreis_and_police_pages_show_upcoming_events(built):
    _, out = built
    home = soup(out / "index.html")
    section = home.find("h2", string="Veranstaltungen").find_next("ul")
    assert titles(section) == ["Sitzung heute", "Fachtag Kommunale Prävention", "Netzwerk abgesagt"]
    profile = soup(out / "kommunen/oelsnitz-erzgeb/index.html")
    assert titles(profile.select_one("#veranstaltungen").find_next("ul")) == ["Fachtag Kommunale Prävention"]
    kreis = soup(out / "kreise/erzgebirgskreis/index.html")
    assert "Fachtag Kommunale Prävention" in titles(kreis) and "Sitzung heute" not in titles(kreis)
    police = soup(out / "polizeidirektionen/dresden/index.html")
    assert "Sitzung heute" in titles(police) and "Fachtag Kommunale Prävention" not in titles(police)


def test_every_page_links_the_site_calendar(built):
    _, out = built
    for path in out.rglob("*.html"):
        page = soup(path)
        if page.find("html") is None or page.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        links = page.select('link[rel="alternate"][type="text/calendar"]')
        targets = {(out / link["href"][len("/asskomm/"):] if link["href"].startswith("/asskomm/")
                    else path.parent / link["href"]).resolve() for link in links}
        assert (out / "daten/veranstaltungen.ics").resolve() in targets, path
    kreis = soup(out / "kreise/erzgebirgskreis/index.html")
    assert kreis.select_one('link[type="text/calendar"][href$="daten/veranstaltungen-erzgebirgskreis.ics"]')
    # Material fetches sitemap.xml beside every alternate link: it must exist.
    assert (out / "daten/sitemap.xml").is_file()


def test_calendars_parse_and_follow_rfc_5545(built):
    _, out = built
    raw = (out / "daten/veranstaltungen.ics").read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    site = cal(out / "daten/veranstaltungen.ics")
    assert site["VERSION"] == "2.0" and site["PRODID"] and site["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in site.walk("VTIMEZONE")] == ["Europe/Berlin"]
    found = vevents(out / "daten/veranstaltungen.ics")
    # upcoming and ended within the last 12 months; the Fachtag of 2025 is in its own file only
    assert set(found) == {EVENT_ID, TODAY_ID, OVER_ID, CANCELLED_ID, STATEWIDE_ID}
    fachtag = found[EVENT_ID]
    assert fachtag["DTSTART"].dt == datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN)
    assert fachtag["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert fachtag["DTEND"].dt == datetime(2026, 12, 10, 16, 30, tzinfo=BERLIN)
    assert str(fachtag["URL"]) == "https://example.org/asskomm/veranstaltungen/2026-12-10-fachtag/"
    assert fachtag["SEQUENCE"] == 0 and fachtag["STATUS"] == "CONFIRMED"
    assert fachtag["DTSTAMP"].dt == datetime(2026, 11, 1, 9, 0, tzinfo=UTC)  # the announcement: never registered
    assert fachtag["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert str(fachtag["LOCATION"]) == "Rathaus Oelsnitz, Markt 1, 09376 Oelsnitz/Erzgeb."
    (allday,) = cal(out / "veranstaltungen/2025-09-11-fachtag.ics").walk("VEVENT")
    assert allday["DTSTART"].dt == date(2025, 9, 11) and allday["DTEND"].dt == date(2025, 9, 12)
    assert b"DTSTART;VALUE=DATE:20250911" in (out / "veranstaltungen/2025-09-11-fachtag.ics").read_bytes()
    cancelled = found[CANCELLED_ID]
    assert cancelled["STATUS"] == "CANCELLED" and str(cancelled["SUMMARY"]).startswith("Abgesagt:")
    assert cancelled["DTEND"].dt == date(2026, 12, 14)
    # A Kreis calendar: its own events and the statewide ones, nothing of other Kreise.
    erz = vevents(out / "daten/veranstaltungen-erzgebirgskreis.ics")
    assert set(erz) == {EVENT_ID, CANCELLED_ID, STATEWIDE_ID}
    # One file per event, with the same VEVENT.
    single = vevents(out / "veranstaltungen/2026-12-10-fachtag.ics")
    assert list(single) == [EVENT_ID] and single[EVENT_ID].to_ical() == fachtag.to_ical()


def test_text_is_escaped_as_the_rfc_says(tmp_path):
    root = make_site(tmp_path / "src")
    event(root, title="'\"Sicher; leben, im Quartier\" – Teil 2'")
    out = build_site(root, tmp_path / "out")
    raw = (out / "veranstaltungen/2026-12-10-fachtag.ics").read_bytes().decode()
    assert "SUMMARY:\"Sicher\\; leben\\, im Quartier\" – Teil 2" in raw.replace("\r\n ", "")
    (v,) = cal(out / "veranstaltungen/2026-12-10-fachtag.ics").walk("VEVENT")
    assert str(v["SUMMARY"]) == "\"Sicher; leben, im Quartier\" – Teil 2"


def test_event_across_the_switch_to_summer_time_keeps_its_local_times(tmp_path):
    root = make_site(tmp_path / "src")
    event(root, name="2027-03-27-klausur.md", start="2027-03-27 18:00", end="2027-03-28 12:00")
    out = build_site(root, tmp_path / "out")
    raw = (out / "veranstaltungen/2027-03-27-klausur.ics").read_bytes()
    assert b"DTSTART;TZID=Europe/Berlin:20270327T180000" in raw and b"DTEND;TZID=Europe/Berlin:20270328T120000" in raw
    (v,) = cal(out / "veranstaltungen/2027-03-27-klausur.ics").walk("VEVENT")
    start, end = v["DTSTART"].dt, v["DTEND"].dt
    assert (start.hour, end.hour) == (18, 12)
    assert start.utcoffset() == timedelta(hours=1) and end.utcoffset() == timedelta(hours=2)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=17)  # one hour less than the wall clock says
    text = soup(out / "veranstaltungen/2027-03-27-klausur/index.html").select_one(".asskomm-event-facts").get_text()
    assert "Samstag, 27. März 2027, 18:00 Uhr bis Sonntag, 28. März 2027, 12:00 Uhr" in text


def test_changed_time_raises_sequence_and_rebuilds_are_byte_identical(tmp_path):
    root = make_site(tmp_path / "src")
    event(root)
    first = build_site(root, tmp_path / "a")
    update_register(root, load_corpus(root).events, datetime(2026, 11, 2, 12, 0, tzinfo=BERLIN))
    again = build_site(root, tmp_path / "b")
    assert (first / "daten/veranstaltungen.ics").read_bytes() != (again / "daten/veranstaltungen.ics").read_bytes()  # DTSTAMP
    third = build_site(root, tmp_path / "c")
    for rel in ("daten/veranstaltungen.ics", "veranstaltungen/2026-12-10-fachtag.ics", "veranstaltungen/atom.xml",
                "daten/veranstaltungen.json", "veranstaltungen/index.html"):
        assert (again / rel).read_bytes() == (third / rel).read_bytes(), rel
    event(root, start="2026-12-10 10:00", end="2026-12-10 17:00")
    moved = build_site(root, tmp_path / "d")
    (v,) = cal(moved / "veranstaltungen/2026-12-10-fachtag.ics").walk("VEVENT")
    assert v["SEQUENCE"] == 1 and v["DTSTART"].dt.hour == 10 and str(v["UID"]) == EVENT_ID


def test_moved_event_updates_subscribers(tmp_path):
    root = make_site(tmp_path / "src")
    event(root, extra="status: verschoben\nmoved_to:\n  start: 2027-01-14 09:00\n  end: 2027-01-14 15:00\n")
    out = build_site(root, tmp_path / "out")
    (v,) = cal(out / "veranstaltungen/2026-12-10-fachtag.ics").walk("VEVENT")
    assert v["DTSTART"].dt == datetime(2027, 1, 14, 9, 0, tzinfo=BERLIN) and v["STATUS"] == "CONFIRMED"
    page = soup(out / "veranstaltungen/2026-12-10-fachtag/index.html")
    banner = page.select_one(".asskomm-event-banner--verschoben").get_text()
    assert "Donnerstag, 14. Januar 2027, 9:00 bis 15:00 Uhr" in banner and "Donnerstag, 10. Dezember 2026" in banner


def test_events_feed_is_separate_from_the_press_releases(built):
    _, out = built
    feed = feedparser.parse((out / "veranstaltungen/atom.xml").read_bytes())
    assert not feed.bozo
    ids = [e.id for e in feed.entries]
    assert f"urn:uuid:{EVENT_ID}" in ids and f"urn:uuid:{PAST_ID}" in ids
    rss = feedparser.parse((out / "veranstaltungen/rss.xml").read_bytes())
    assert len(rss.entries) == len(feed.entries) == 6
    cancelled = next(e for e in feed.entries if e.id == f"urn:uuid:{CANCELLED_ID}")
    assert cancelled.title.startswith("Abgesagt:")
    news = feedparser.parse((out / "aktuelles/atom.xml").read_bytes())
    assert all("veranstaltungen" not in e.link for e in news.entries)


def test_events_feeds_have_the_header_of_the_release_feeds(built):
    """Self link with the feed's MIME type (the same table as the release feeds), the events page as
    alternate, German, dated from the newest change of an item."""
    _, out = built
    for fmt, mime in routes.FEED_TYPES.items():
        path = routes.EVENT_FEEDS[fmt]
        for feed_path, html in ((path, "veranstaltungen/"), (routes.feed(fmt, None), "aktuelles/")):
            parsed = feedparser.parse((out / feed_path).read_bytes())
            assert not parsed.bozo
            links = {link.rel: (link.href, link.get("type")) for link in parsed.feed.links}
            assert links["self"] == (f"https://example.org/asskomm/{feed_path}", mime)
            assert links["alternate"][0] == f"https://example.org/asskomm/{html}"
            assert parsed.feed.language == "de"
            assert parsed.feed.generator == "ASSKomm-Website"
            if fmt == "atom":  # RSS items carry no date of change
                assert parsed.feed.updated_parsed == max(e.updated_parsed for e in parsed.entries)


def test_open_data_lists_public_events(built):
    _, out = built
    data = json.loads((out / "daten/veranstaltungen.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in data["veranstaltungen"]}
    assert rows[EVENT_ID]["start"] == "2026-12-10T09:00:00+01:00" and rows[EVENT_ID]["kreise"] == ["Erzgebirgskreis"]
    assert rows[PAST_ID]["start"] == "2025-09-11" and rows[PAST_ID]["place_ags"] == "14612000"
    assert rows[CANCELLED_ID]["status"] == "abgesagt" and data["lizenz"] == "dl-de/by-2-0"
    table = list(csv.DictReader(io.StringIO((out / "daten/veranstaltungen.csv").read_text(encoding="utf-8"))))
    assert {r["id"] for r in table} == set(rows)
    daten = soup(out / "daten/index.html")
    assert daten.select_one('#veranstaltungen') and daten.select_one('a[href="veranstaltungen.ics"]')


def test_embargoed_and_draft_events_appear_in_preview_only(tmp_path):
    root = make_site(tmp_path / "src")
    event(root, title="Geheimer Fachtag", published="2026-12-01 09:00")
    out = build_site(root, tmp_path / "out", ASSKOMM_PREVIEW="1")
    page = soup(out / "veranstaltungen/2026-12-10-fachtag/index.html")
    assert "Sperrfrist bis 01.12.2026, 09:00 Uhr" in page.select_one(".asskomm-flag--preview").get_text()
    # Never in calendars, feeds or downloads, even in the preview.
    assert not (out / "veranstaltungen/2026-12-10-fachtag.ics").exists()
    assert b"Geheimer" not in (out / "daten/veranstaltungen.ics").read_bytes()
    assert b"Geheimer" not in (out / "veranstaltungen/atom.xml").read_bytes()


def test_serve_rebuild_after_an_event_edit_equals_a_fresh_build(tmp_path):
    """Under `mkdocs serve` pages and calendars are reused by what they show: an edited event must
    reach its page, the lists, the profile that shows it and the calendars (issue 7 caches)."""
    from asskomm.build import SiteBuild
    from asskomm.dates import parse_berlin_datetime
    from asskomm.pages import RenderCache
    from conftest import NOW

    def build(**caches):
        b = SiteBuild(root, "https://example.org/asskomm/", parse_berlin_datetime(NOW), **caches)
        return {p.src_uri: p.content for p in b.pages()}, b.event_files()

    root = make_site(tmp_path / "src")
    events(root)
    caches = {"parse_cache": {}, "render_cache": RenderCache()}
    build(**caches)
    event(root, start="2026-12-10 11:00", end="2026-12-10 16:30", title="Fachtag verlegt",
          extra="registration:\n  url: https://www.lpr.sachsen.de/anmeldung\n  deadline: 2026-12-01\n")
    pages, files = build(**caches)
    fresh_pages, fresh_files = build()
    assert pages == fresh_pages and files == fresh_files
    assert "Fachtag verlegt" in pages["kommunen/oelsnitz-erzgeb.md"]
    assert b"DTSTART;TZID=Europe/Berlin:20261210T110000" in files["daten/veranstaltungen.ics"]


def _tiny_png(folder):
    """A valid 1x1 PNG (SVG images are refused since issue 12)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))
    path = folder / "tiny.png"
    path.write_bytes(png)
    return path


def test_event_image_is_published_with_alt_and_credit_and_feed_links_are_absolute(tmp_path):
    root = make_site(tmp_path / "src")
    (root / "veranstaltungen/bilder").mkdir(parents=True)
    shutil.copy(_tiny_png(tmp_path), root / "veranstaltungen/bilder/fachtag.png")
    event(root, extra="image:\n  src: bilder/fachtag.png\n  alt: Bühne mit Banner\n  credit: © LPR\n",
          body="Siehe [Oelsnitz](../kommunen/oelsnitz-erzgeb.md).\n")
    out = build_site(root, tmp_path / "out")
    page = soup(out / "veranstaltungen/2026-12-10-fachtag/index.html")
    img = page.select_one(".asskomm-figure img")
    assert img["alt"] == "Bühne mit Banner" and (out / "veranstaltungen/bilder/fachtag.png").is_file()
    assert page.select_one(".asskomm-credit").get_text() == "© LPR"
    feed = feedparser.parse((out / "veranstaltungen/atom.xml").read_bytes())
    assert 'href="https://example.org/asskomm/kommunen/oelsnitz-erzgeb/"' in feed.entries[0].content[0].value
    assert "Donnerstag, 10. Dezember 2026, 9:00 bis 16:30 Uhr" in feed.entries[0].content[0].value
