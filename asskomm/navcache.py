"""The primary navigation's HTML, rendered once per folder for the pages that are not in it.

Material renders the whole navigation tree into every page: at full scale (3,200 pages) about 40 % of
its page rendering. For a page that is not in the navigation (a release, a profile, a Kreis page)
nothing in the tree is marked active or current, and every link in it is relative to the page's
folder, so all such pages in the same folder get the same HTML. The first one renders it; the others
reuse it. A page in the navigation, or one with navigation targets below its own address, is always
rendered in full. One cache per build (made in `on_nav`), so nothing carries over between rebuilds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any


class NavCache:
    def __init__(self, nav_sources: Iterable[str], nav_urls: Iterable[str]):
        self._in_nav = frozenset(nav_sources)
        self._targets = tuple(u for u in nav_urls if u)
        self._html: dict[str, Any] = {}

    @classmethod
    def of(cls, nav: Any) -> NavCache:
        """From MkDocs' `Navigation`: the pages in it (by source) and every address it links to."""
        pages = list(nav.pages)
        return cls((p.file.src_uri for p in pages), (p.url for p in pages))

    def key(self, page: Any) -> str | None:
        """The folder whose pages share this page's navigation HTML, or None if it must be rendered."""
        if page is None or getattr(page, "file", None) is None or page.file.src_uri in self._in_nav:
            return None
        url: str = page.url
        if not url or any(t.startswith(url) for t in self._targets):
            return None
        return posixpath.dirname(url.rstrip("/"))

    def has(self, key: str | None) -> bool:
        return key is not None and key in self._html

    def get(self, key: str) -> Any:
        return self._html[key]

    def put(self, key: str | None, html: Any) -> Any:
        if key is not None:
            self._html[key] = html
        return html
