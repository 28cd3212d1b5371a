"""The output guarantee: every piece of HTML made from author input passes this allow-list sanitizer.

Release bodies are Markdown written by the press office. The check (`dialect`) explains what to write
instead of raw HTML or a foreign image, but safety does not depend on it: whatever Python-Markdown
makes of a body, `clean` keeps only the tags, attributes and URL schemes below (nh3, the Python binding
of the Rust sanitizer ammonia, which parses like a browser: split tags, unclosed or namespaced tags,
entity-encoded schemes and comments are handled as a browser would see them).

Text from YAML fields never becomes HTML: the templates and feedgen escape it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import nh3

# What release bodies may contain after Markdown: text structure, links, site images, tables, code.
# No `style`, no `class`, no `align` (obsolete in HTML5): column alignment in tables is not kept.
TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption",  # the release image in feeds
})
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
URL_SCHEMES: frozenset[str] = frozenset({"https", "http", "mailto"})  # and site-relative addresses
# Removed with everything inside them (other tags not listed above lose the tag, keep their text).
DROP_WITH_CONTENT: frozenset[str] = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template",
                                               "svg", "math", "textarea", "select", "title"})


def link_target_allowed(href: str) -> bool:
    """The check's reading of URL_SCHEMES: https, http, mailto, or a relative address (no scheme,
    not `//host`), read as a browser reads it (entities decoded, blanks and controls dropped)."""
    value = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(href))
    head = re.split(r"[/?#]", value, maxsplit=1)[0]
    if ":" in head:
        return urlsplit(value).scheme.lower() in URL_SCHEMES
    return not value.startswith(("//", "\\\\", "/\\", "\\/"))


def _filter(own_prefix: str) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            # Images only from this site: relative paths, or absolute under the site's own address
            # (feeds). No other host, no protocol-relative `//host`, no scheme.
            if value.startswith(own_prefix) if own_prefix else False:
                return value
            if value.startswith(("/", "\\")) or ":" in value.split("/", 1)[0]:
                return None
        if tag == "ol" and attribute == "start" and not value.isdigit():
            return None
        return value

    return keep


@lru_cache(maxsize=4)
def _cleaner(own_prefix: str) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter(own_prefix),
        url_schemes=set(URL_SCHEMES),
        url_relative="pass_through",
        strip_comments=True,
        link_rel=None,
    )


def clean(html: str, own_prefix: str = "") -> str:
    """`html` with everything outside the allow-list removed.

    `own_prefix` is the site's absolute address where the HTML is used outside the site (feeds): images
    there are absolute and must start with it.
    """
    return _cleaner(own_prefix).clean(html)
