#!/usr/bin/env python3
"""Check the internal links and anchors of a built static site, offline.

Reads every ``*.html`` file under SITE_DIR with :mod:`html.parser` and checks each
``href``/``src`` that stays on the site (relative, or root-relative): the target file
must exist (``/x/`` means ``/x/index.html``), and a ``#fragment`` must name an ``id``
(or ``<a name>``) in the target page.  Links with a scheme or host (``https:``,
``mailto:``, ``tel:``, ``//host``) are external and not followed: the site's own tests
make sure that no page *loads* anything from another host.

Usage:  python scripts/linkcheck.py SITE_DIR      (exit status 1 on broken links)
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Attributes that point at another resource, per element.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "form": ("action",),
}


@dataclass(frozen=True)
class Broken:
    page: str  # URL path of the page that holds the link
    link: str  # the link as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link!r}: {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for name in LINK_ATTRIBUTES.get(tag, ()):
            value = attributes.get(name)
            if value is not None:
                self.links.append(value.strip())

    handle_startendtag = handle_starttag


def _url_path(site_dir: Path, file: Path) -> str:
    relative = file.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def _target_file(site_dir: Path, url_path: str) -> Path | None:
    candidate = site_dir / url_path.lstrip("/")
    if url_path.endswith("/"):
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    return None


def check_site(site_dir: Path) -> tuple[list[Broken], int]:
    """Return the broken links of the site and the number of internal links checked."""
    site_dir = site_dir.resolve()
    pages: dict[str, _PageParser] = {}
    for file in sorted(site_dir.rglob("*.html")):
        parser = _PageParser()
        parser.feed(file.read_text(encoding="utf-8"))
        parser.close()
        pages[_url_path(site_dir, file)] = parser

    broken: list[Broken] = []
    checked = 0
    for page, parser in pages.items():
        base = page if page.endswith("/") else posixpath.dirname(page) + "/"
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external, mailto:, tel:, data: ...
            if not link:
                broken.append(Broken(page, link, "empty link"))
                continue
            checked += 1
            path = unquote(parts.path)
            if path:
                joined = posixpath.normpath(posixpath.join(base, path))
                if path.endswith("/") and not joined.endswith("/"):
                    joined += "/"
                if joined.startswith("/.."):
                    broken.append(Broken(page, link, "points above the site root"))
                    continue
                target = _target_file(site_dir, joined)
                if target is None:
                    reason = "no such file"
                    if (site_dir / joined.lstrip("/")).is_dir():
                        reason = "directory link without a trailing slash"
                    broken.append(Broken(page, link, reason))
                    continue
                target_path = _url_path(site_dir, target)
            else:
                target_path = page
            fragment = unquote(parts.fragment)
            if fragment and target_path in pages and fragment not in pages[target_path].ids:
                broken.append(Broken(page, link, f"no id {fragment!r} in {target_path}"))
    return broken, checked


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    broken, checked = check_site(Path(args[0]))
    for item in broken:
        print(item)
    print(f"linkcheck: {checked} internal links checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
