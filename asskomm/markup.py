"""HTML of generated pages: release bodies from Markdown, heading anchors, and the table of contents.

Generated pages are rendered by the templates straight to HTML; MkDocs does not run Python-Markdown
over them (issue 7: that conversion was half of a full-scale build, for pages whose every tag the
templates already wrote). Only release bodies, written by the press office, are Markdown; they are
converted here with the site's Markdown dialect, and their `.md` links are rewritten as MkDocs would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markdown.treeprocessors import Treeprocessor

from . import routes
from .sanitize import clean, link_target_allowed
from .urls import relative_url

if TYPE_CHECKING:  # the token shapes of Python-Markdown's toc extension (typing only)
    from markdown.extensions.toc import _FlatTocToken, _TocToken

# The Markdown dialect of release bodies (README, "Markdown in Pressemitteilungen"): the extensions of
# `markdown_extensions` in mkdocs.yml (a test keeps the two lists in step). Not in it: attribute lists
# (they set any attribute, `onclick` and `style` included), footnotes, and raw HTML (switched off
# below: Python-Markdown would pass it through).
BODY_EXTENSIONS: tuple[str, ...] = ("tables", "toc", "sane_lists", "fenced_code")
_EXTENSION_CONFIG = {"tables": {"use_align_attribute": True}}  # align="…", not style="text-align: …"


def body_markdown() -> markdown.Markdown:
    """A Markdown instance with the body dialect; the check (`dialect`) and the build both use it,
    so what the check accepts is exactly what the build converts."""
    md = markdown.Markdown(extensions=list(BODY_EXTENSIONS), extension_configs=_EXTENSION_CONFIG)
    # Raw HTML is text: `<b>` shows as "<b>" (the check refuses it first, with file and line).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def anchor(text: str) -> str:
    """The id Python-Markdown's toc extension gives a heading with this (unescaped) text."""
    return slugify(text, "-")


def unique_anchor(text: str, taken: set[str]) -> str:
    return unique(anchor(text), set(taken))


def toc_tokens(html: str) -> list[_TocToken]:
    """Nested headings of `html` in the token format of Python-Markdown's toc extension, which
    `mkdocs.structure.toc.get_toc` reads. Headings without an id are not listed, as with toc, nor
    those marked `data-toc-skip` (the 418 names of the A–Z page are entries, not sections)."""
    flat: list[_FlatTocToken] = []
    for m in _HEADING.finditer(html):
        found = _ID.search(m[2])
        if found and "data-toc-skip" not in m[2]:
            flat.append({"level": int(m[1]), "id": found[1], "name": _TAG.sub("", m[3]).strip()})
    return nest_toc_tokens(flat)


def anchor_ids(html: str) -> set[str]:
    """Every id in `html`: the anchors other pages may link to (MkDocs validates such links)."""
    return set(_ID.findall(html))


class _PageLinks(Treeprocessor):
    """Rewrites links to `.md` sources (relative to `news/`, i.e. to `aktuelles/`) into relative
    page URLs, as MkDocs does for Markdown it converts itself."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.page_url = ""

    def run(self, root: Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            path, sep, fragment = href.partition("#")
            if not path.endswith(".md") or "://" in path or path.startswith(("/", "mailto:")):
                continue
            target = routes.url_of_link(routes.NEWS_SOURCE_DIR, path)
            a.set("href", relative_url(self.page_url, target) + sep + fragment)


_TAG_LIKE = re.compile(r"<(?:[A-Za-z][\w:.-]*|/[A-Za-z]|!|\?)")
_ATTR_LIST = re.compile(r"\{:[^}\n]*\}|\{\s*[#.][A-Za-z][^}\n]*\}|\{[^}\n]*=[^}\n]*\}")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]")
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")


class _Findings(Treeprocessor):
    """Records what a body uses outside the dialect, as (kind, snippet as written), on the tree the
    build serializes: the check (`dialect`) reports these, so check and build see the same parse.
    Kinds: html, attr_list, footnote (in text outside code), link (a target `sanitize` would drop),
    image (any image in the body)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, str]] = []

    def run(self, root: Element) -> None:
        self._walk(root, in_code=False)

    def _text(self, text: str | None) -> None:
        if not text or not ("<" in text or "{" in text or "[^" in text):
            return
        text = _PLACEHOLDER.sub("", text)
        for kind, pattern in (("html", _TAG_LIKE), ("attr_list", _ATTR_LIST), ("footnote", _FOOTNOTE)):
            for m in pattern.finditer(text):
                end = m.end()
                if kind == "html":
                    close = text.find(">", m.start(), m.start() + 60)
                    end = close + 1 if close >= 0 else m.end() + 20
                self.found.append((kind, text[m.start(): end].split("\n", 1)[0]))

    def _walk(self, el: Element, in_code: bool) -> None:
        code = in_code or el.tag in ("code", "pre")
        if el.tag == "a" and not link_target_allowed(el.get("href", "")):
            self.found.append(("link", el.get("href", "")))
        if el.tag == "img":
            self.found.append(("image", el.get("src", "")))
        if not code:
            self._text(el.text)
        for child in el:
            self._walk(child, code)
            if not code:
                self._text(child.tail)


@dataclass(frozen=True)
class Body:
    html: str
    ids: frozenset[str]  # heading anchors, so the page's own headings can avoid them
    findings: tuple[tuple[str, str], ...] = ()  # constructs outside the dialect (see _Findings)


class BodyConverter:
    """One Markdown instance for many bodies, reset between bodies (building an instance per page
    cost more than converting a short body)."""

    def __init__(self) -> None:
        self.md = body_markdown()
        self.links = _PageLinks(self.md)
        self.md.treeprocessors.register(self.links, "asskomm_page_links", 1)
        self.findings = _Findings(self.md)
        self.md.treeprocessors.register(self.findings, "asskomm_dialect", 5)  # before the link rewriting

    def convert(self, text: str, page_url: str) -> Body:
        self.md.reset()
        self.links.page_url = page_url
        self.findings.found = []
        # The output guarantee: whatever the Markdown was, only the allow-list of `sanitize` remains.
        html = clean(self.md.convert(text))
        return Body(html, frozenset(anchor_ids(html)), tuple(self.findings.found))


@lru_cache(maxsize=8192)
def release_body(text: str, page_url: str) -> Body:
    """A release body as HTML for its page. A pure function of its arguments, so it is cached for
    the process: page and feeds share one conversion, and a rebuild under `mkdocs serve` converts
    only the bodies that changed (issue 7: converting 2,000 bodies took 2 s of every rebuild)."""
    return _body_converter().convert(text, page_url)


@cache
def _body_converter() -> BodyConverter:
    return BodyConverter()
