"""Redirect pages for the old CMS addresses (`<slug>-<id>.html`) that are linked from the web.

A static host cannot answer with a 301 from files alone, so each old address becomes a tiny HTML page
with `<link rel="canonical">`, a meta refresh and a visible link: it works without JavaScript and tells
search engines where the content lives now.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import routes
from .urls import relative_url


@dataclass(frozen=True)
class Redirect:
    old: str  # "hartmannsdorf-unterzeichnet-kooperationsvereinbarung-7661.html"
    target_src: str  # "aktuelles/2023-04-05-hartmannsdorf-kooperationsvereinbarung.md"
    title: str

    @property
    def target_url(self) -> str:
        return routes.url_of_source(self.target_src)


def render(redirect: Redirect, site_url: str) -> str:
    absolute = site_url.rstrip("/") + "/" + redirect.target_url
    relative = relative_url("", redirect.target_url)
    title = escape(redirect.title)
    return (
        "<!doctype html>\n"
        '<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} – Allianz Sichere Sächsische Kommunen</title>\n"
        f'<link rel="canonical" href="{escape(absolute)}">\n'
        f'<meta http-equiv="refresh" content="0; url={escape(relative)}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        "</head>\n<body>\n"
        f'<p>Diese Seite hat eine neue Adresse: <a href="{escape(relative)}">{title}</a></p>\n'
        "</body>\n</html>\n"
    )
