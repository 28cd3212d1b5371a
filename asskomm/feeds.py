"""RSS 2.0 and Atom feeds of the press releases, built with feedgen (`feed_bytes` also writes the events
feeds of `eventpages`: one set-up of header and items for both).

Stable: the GUID/ID is `urn:uuid:<id>` from the release's permanent `id`, so renaming a file or
retitling a release does not make readers show it again. Reproducible: `lastBuildDate`/`updated`
come from the newest item, never from the clock. Complete: full content with absolute links.
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from . import routes
from .corpus import Release
from .markup import release_body
from .sanitize import clean
from .dates import ALLIANCE_FOUNDED, BERLIN
from .vocabulary import CATEGORIES

PUBLISHER = "Landespräventionsrat Sachsen – Allianz Sichere Sächsische Kommunen"
_HREF = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def body_html(release: Release) -> str:
    """The release body as HTML, as on its page (one conversion for the page and every feed)."""
    return release_body(release.body, release.url).html


def resolve_link(page_url: str, href: str, site_url: str) -> str:
    """Absolute URL for a link in a release page at `page_url` (handles `.md` links as MkDocs does)."""
    if urlsplit(href).scheme or href == "#":
        # Absolute already, or an empty fragment. A fragment with a name ("#hintergrund") is made
        # absolute below, like every other link of a feed item.
        return href
    path, _, fragment = href.partition("#")
    if path.endswith(".md"):
        source_dir = posixpath.dirname(page_url.rstrip("/"))  # a release's source lies in aktuelles/
        return urljoin(site_url, routes.url_of_link(source_dir, path) + (f"#{fragment}" if fragment else ""))
    return urljoin(urljoin(site_url, page_url), href)


def absolutize(html: str, page_url: str, site_url: str) -> str:
    return _HREF.sub(lambda m: m[1] + resolve_link(page_url, m[2], site_url) + m[3], html)


def _content(release: Release, site_url: str) -> str:
    page_url = release.url
    html = ""
    if release.meta.image:
        img = release.meta.image
        src = urljoin(site_url, routes.release_asset(img.src))
        caption = " ".join(x for x in (img.caption, img.credit) if x)
        html += f'<figure><img src="{escape(src)}" alt="{escape(img.alt)}"><figcaption>{escape(caption)}</figcaption></figure>\n'
    # At the output: the whole item passes the sanitizer again, with absolute links (images only
    # from the site itself), so nothing a feed reader renders escapes the allow-list.
    return clean(html + absolutize(body_html(release), page_url, site_url), own_prefix=site_url)


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as both formats carry it."""

    id: str  # permanent UUID: the GUID/ID is `urn:uuid:<id>`
    title: str
    url: str  # site-relative
    published: datetime
    updated: datetime
    category: str
    category_label: str
    summary: str  # plain text
    content: str  # HTML, sanitized, with absolute links


def feed_bytes(items: Iterable[FeedItem], *, fmt: str, site_url: str, feed_path: str, html_path: str, title: str,
               subtitle: str, updated: datetime | None) -> bytes:
    """A feed (`fmt` is "rss" or "atom") of `items` in their order, as UTF-8 bytes: the one set-up of
    header and items for the press releases and the events.

    `updated` is the feed's date (its newest item's, never the clock, so builds are reproducible);
    `None` for an empty feed, which then carries the founding day of the alliance.
    """
    if fmt not in routes.FEED_TYPES:
        raise ValueError(fmt)
    site_url = site_url.rstrip("/") + "/"
    newest = updated if updated is not None else datetime.combine(ALLIANCE_FOUNDED, datetime.min.time(), BERLIN)
    fg = FeedGenerator()
    fg.id(urljoin(site_url, feed_path))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": PUBLISHER})
    # feedgen takes the RSS <link> from the last link added: the self link must come first.
    fg.link(href=urljoin(site_url, feed_path), rel="self", type=routes.FEED_TYPES[fmt])
    fg.link(href=urljoin(site_url, html_path), rel="alternate", type="text/html")
    fg.language("de")
    fg.generator("ASSKomm-Website")
    fg.lastBuildDate(newest)
    fg.updated(newest)
    for item in items:
        fe = fg.add_entry(order="append")  # feedgen prepends by default
        guid = f"urn:uuid:{item.id}"
        fe.id(guid)
        fe.guid(guid, permalink=False)
        fe.title(item.title)
        fe.link(href=urljoin(site_url, item.url))
        fe.published(item.published)
        fe.updated(item.updated)
        fe.author({"name": PUBLISHER})
        fe.category(term=item.category, label=item.category_label)
        if fmt == "atom":
            fe.summary(item.summary)  # type="text" by default: readers show it as text
        else:
            # RSS readers render <description> as HTML: the summary goes in escaped once more, so a
            # reader shows the text as written ("<img …>" stays visible text, never a tag).
            fe.description(escape(item.summary, quote=False))
        fe.content(item.content, type="CDATA" if fmt == "rss" else "html")
    out: bytes = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return out


def build_feed(releases: Sequence[Release], *, fmt: str, site_url: str, feed_path: str, title: str, subtitle: str,
               html_path: str = routes.NEWS, content_cache: dict[str, str] | None = None) -> bytes:
    """One feed (`fmt` is "rss" or "atom") of `releases`, newest first, as UTF-8 bytes.

    `content_cache` (release id -> item HTML) lets the callers that write many feeds of one build
    convert each body once: a release appears in the site feeds and in its Kreis feeds, as RSS and
    Atom, and Markdown conversion was most of the feeds' time (issue 7 profile).
    """
    cache = content_cache if content_cache is not None else {}
    site_url = site_url.rstrip("/") + "/"
    items = sorted(releases, key=lambda r: (r.date, r.slug), reverse=True)

    def item(r: Release) -> FeedItem:
        if r.meta.id not in cache:
            cache[r.meta.id] = _content(r, site_url)
        return FeedItem(r.meta.id, r.meta.title, r.url, r.date, r.date, r.meta.category, CATEGORIES[r.meta.category],
                        r.meta.summary, cache[r.meta.id])

    return feed_bytes(map(item, items), fmt=fmt, site_url=site_url, feed_path=feed_path, html_path=html_path, title=title,
                      subtitle=subtitle, updated=items[0].date if items else None)


def feed_title(scope: str | None) -> str:
    base = "ASSKomm – Pressemitteilungen"
    return base if scope is None else f"{base}: {scope}"
