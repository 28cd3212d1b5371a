"""The route table: every URL of the site comes from here (issue 13).

URLs are site-relative directory URLs without a leading slash (`kommunen/oelsnitz-erzgeb/`), as
MkDocs makes them with `use_directory_urls: true`; files keep their name (`aktuelles/rss.xml`).
A generated page has a source path as MkDocs would see it in `docs/` (`kommunen/oelsnitz-erzgeb.md`),
and `url_of_source` is the one function from a source path to its URL. Links between pages are made
relative by `urls.relative_url`; templates call `link(routes.…)`.

Pure functions of slugs and keys, no imports from the rest of the package: records, pages, feeds,
open data and templates all ask here.
"""

from __future__ import annotations

import posixpath

# --- sources and URLs ------------------------------------------------------------------------------


def index_source(url: str) -> str:
    """The source path of a section's index page (`kommunen/` -> `kommunen/index.md`)."""
    return url + "index.md"


def url_of_source(src_uri: str) -> str:
    """Directory URL of a Markdown source (`use_directory_urls: true`): `x/index.md` -> `x/`,
    `x/y.md` -> `x/y/`."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def source_of_link(from_source_dir: str, link: str) -> str:
    """The source path a relative `.md` link written in a file below `from_source_dir` points to
    (`../kommunen/x.md` in a release, whose source folder is `aktuelles`, is `kommunen/x.md`)."""
    return posixpath.normpath(posixpath.join(from_source_dir, link))


def url_of_link(from_source_dir: str, link: str) -> str:
    """The URL of a relative `.md` link written in a file below `from_source_dir`."""
    return url_of_source(source_of_link(from_source_dir, link))


# --- municipalities, Kreise, Polizeidirektionen ----------------------------------------------------

KOMMUNEN = "kommunen/"
KREISE = "kreise/"
POLIZEI = "polizeidirektionen/"


def kommune_source(slug: str) -> str:
    return f"kommunen/{slug}.md"


def kommune(slug: str) -> str:
    return url_of_source(kommune_source(slug))


def milestone_source(kind: str) -> str:
    """All municipalities that reached a milestone."""
    return f"kommunen/meilenstein/{kind}.md"


def milestone(kind: str) -> str:
    return url_of_source(milestone_source(kind))


def district_source(slug: str) -> str:
    return f"kreise/{slug}.md"


def district(slug: str) -> str:
    return url_of_source(district_source(slug))


def police_source(slug: str) -> str:
    return f"polizeidirektionen/{slug}.md"


def police(slug: str) -> str:
    return url_of_source(police_source(slug))


# --- press releases --------------------------------------------------------------------------------

NEWS = "aktuelles/"
NEWS_SOURCE_DIR = "aktuelles"  # releases are published as if their files lay in docs/aktuelles/
ARCHIVE = "aktuelles/archiv/"


def release_source(slug: str) -> str:
    return f"aktuelles/{slug}.md"


def release(slug: str) -> str:
    return url_of_source(release_source(slug))


def release_asset(src: str) -> str:
    """A file of a release (`image.src`, relative to `news/`), published at the same place below `aktuelles/`."""
    return NEWS + src


def archive_year(year: int) -> str:
    return f"{ARCHIVE}{year}/"


def category(key: str) -> str:
    return f"{NEWS}kategorie/{key}/"


def kommune_releases(slug: str) -> str:
    """All releases about one municipality (a profile lists only the newest)."""
    return f"{NEWS}kommune/{slug}/"


def listing_source(base: str, number: int) -> str:
    """Page `number` (from 1) of a paginated list at directory URL `base`."""
    return f"{base}index.md" if number == 1 else f"{base}seite/{number}.md"


def listing(base: str, number: int) -> str:
    return url_of_source(listing_source(base, number))


# --- feeds -----------------------------------------------------------------------------------------

FEED_FILES = {"rss": "rss.xml", "atom": "atom.xml"}
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def feed_folder(district_slug: str | None = None) -> str:
    """Where the feeds of the site (None) or of one Kreis live: beside the page they belong to."""
    return NEWS if district_slug is None else district(district_slug)


def feed(fmt: str, district_slug: str | None = None) -> str:
    return feed_folder(district_slug) + FEED_FILES[fmt]


# --- map, A–Z, figures, open data, hand-written pages ----------------------------------------------

STANDORTE = "standorte/"
GEMEINDEN = "gemeinden/"
ZAHLEN = "zahlen/"
DATEN = "daten/"


def data_file(name: str) -> str:
    """An open data file (`kommunen.json`)."""
    return DATEN + name


def page(src_uri: str) -> str:
    """A hand-written page of `docs/` by its source path (`mitmachen.md`), as in a Markdown link."""
    return url_of_source(src_uri)


# --- events (issue 16) -----------------------------------------------------------------------------

EVENTS = "veranstaltungen/"
EVENTS_FOLDER = "veranstaltungen"  # the input folder of events, and where their pages are published
EVENT_FEEDS = {fmt: EVENTS + name for fmt, name in FEED_FILES.items()}


def event_source(slug: str) -> str:
    return f"{EVENTS}{slug}.md"


def event(slug: str) -> str:
    return url_of_source(event_source(slug))


def event_calendar(slug: str) -> str:
    """The calendar file of one event, beside its page."""
    return f"{EVENTS}{slug}.ics"


def event_asset(src: str) -> str:
    """A file of an event (`image.src`, relative to `veranstaltungen/`), published at the same place."""
    return EVENTS + src


def events_kind_source(key: str) -> str:
    return f"{EVENTS}art/{key}.md"


def events_kind(key: str) -> str:
    return url_of_source(events_kind_source(key))


def events_district_source(slug: str) -> str:
    return f"{EVENTS}kreis/{slug}.md"


def events_district(slug: str) -> str:
    return url_of_source(events_district_source(slug))


def events_archive_source(year: int) -> str:
    return f"{EVENTS}archiv/{year}.md"


def events_archive(year: int) -> str:
    return url_of_source(events_archive_source(year))


# --- what the theme (overrides/) links to ----------------------------------------------------------

def theme_links() -> dict[str, str]:
    """Section URLs the theme templates link to (404 page, search box), as `config.extra.asskomm_routes`."""
    return {"news": NEWS, "gemeinden": GEMEINDEN, "kommunen": KOMMUNEN, "kreise": KREISE, "events": EVENTS,
            "standorte": STANDORTE, "zahlen": ZAHLEN, "daten": DATEN}
