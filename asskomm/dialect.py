"""The friendly check of release bodies: every construct outside the Markdown dialect, with its line.

The check parses a body with the very Markdown instance the build uses (`markup.body_markdown`), so
code spans, fences, escaped backticks, reference links and tags split over lines are seen exactly as
the build sees them, and then looks at the result:

- text (outside code) that looks like an HTML tag or comment: raw HTML is not part of the dialect;
- attribute lists (`{: … }`), footnotes (`[^1]`): not part of the dialect;
- link targets other than https, http, mailto and pages of the site (after decoding entities, as
  a browser does);
- images in the body: a release has one image, in `image:` of its front matter; an image from
  another server would make every visitor's browser contact it;
- control and bidirectional characters (line and column).

Safety does not depend on this check (`sanitize` cleans the output); it tells the press office, in
German, what to write instead, before the build would silently drop it.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from .markup import body_markdown
from .text import text_problems

ALLOWED_SCHEMES = ("https", "http", "mailto")
_TAG_LIKE = re.compile(r"<(?:[A-Za-z][\w:.-]*|/[A-Za-z]|!|\?)")
_ATTR_LIST = re.compile(r"\{:[^}\n]*\}|\{\s*[#.][A-Za-z][^}\n]*\}|\{[^}\n]*=[^}\n]*\}")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]")
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")

HTML_MESSAGE = ("„{snippet}“: HTML ist in Pressemitteilungen nicht erlaubt; Markdown verwenden (z. B. **fett**, "
                "[Text](https://…)); ist das Zeichen < gemeint, ein Leerzeichen dahinter setzen oder `als Code` schreiben")
ATTR_MESSAGE = ("„{snippet}“: Attributlisten ({{: … }}) sind nicht erlaubt (sie setzen Stil und Verhalten); "
                "Text ohne sie schreiben")
FOOTNOTE_MESSAGE = "„{snippet}“: Fußnoten sind nicht erlaubt; den Hinweis in Klammern oder als eigenen Absatz schreiben"
LINK_MESSAGE = ("Link-Ziel „{snippet}“ ist nicht erlaubt; erlaubt sind https://, http://, mailto: und Seiten der "
                "Website als Datei relativ zu news/, z. B. (../kommunen/oelsnitz-erzgeb.md)")
IMAGE_MESSAGE = ("Bild „{snippet}“ im Text ist nicht erlaubt (Bilder anderer Server würden jeden Besuch dorthin melden); "
                 "ein Bild je Meldung unter image: in den Kopfdaten angeben, Datei in news/bilder/")


def link_target_allowed(href: str) -> bool:
    """https, http, mailto, or a relative address (no scheme, not `//host`), read as a browser reads it."""
    value = html.unescape(href)
    value = re.sub(r"[\x00-\x20\x7f]", "", value)  # browsers drop these inside a scheme
    scheme = urlsplit(value).scheme.lower() if ":" in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] else ""
    if scheme:
        return scheme in ALLOWED_SCHEMES
    return not value.startswith(("//", "\\\\", "/\\", "\\/"))


class _Findings(Treeprocessor):
    """Runs after inline processing: records what the body uses outside the dialect."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, str]] = []  # (message template, snippet as written)

    def run(self, root: Element) -> None:
        self._walk(root, in_code=False)

    def _text(self, text: str | None) -> None:
        if not text:
            return
        text = _PLACEHOLDER.sub("", text)
        for pattern, message in ((_TAG_LIKE, HTML_MESSAGE), (_ATTR_LIST, ATTR_MESSAGE), (_FOOTNOTE, FOOTNOTE_MESSAGE)):
            for m in pattern.finditer(text):
                end = m.end()
                if pattern is _TAG_LIKE:
                    close = text.find(">", m.start(), m.start() + 60)
                    end = close + 1 if close >= 0 else m.end() + 20
                snippet = text[m.start(): end].split("\n", 1)[0]
                self.found.append((message, snippet))

    def _walk(self, el: Element, in_code: bool) -> None:
        code = in_code or el.tag in ("code", "pre")
        if el.tag == "a" and not link_target_allowed(el.get("href", "")):
            self.found.append((LINK_MESSAGE, el.get("href", "")))
        if el.tag == "img":
            self.found.append((IMAGE_MESSAGE, el.get("src", "")))
        if not code:
            self._text(el.text)
        for child in el:
            self._walk(child, code)
            if not code:
                self._text(child.tail)


class _Checker:
    def __init__(self) -> None:
        self.md = body_markdown()
        self.findings = _Findings(self.md)
        self.md.treeprocessors.register(self.findings, "asskomm_dialect", 0)

    def check(self, body: str) -> list[tuple[str, str]]:
        self.md.reset()
        self.findings.found = []
        self.md.convert(body)
        return list(self.findings.found)


@cache
def _checker() -> _Checker:
    return _Checker()


def _line_of(body: str, snippet: str, after: dict[str, int]) -> int:
    """0-based line of `snippet` in `body` (its next occurrence), or of its first characters."""
    for needle in (snippet, snippet[:12], snippet[:2]):
        if needle:
            index = body.find(needle, after.get(needle, 0))
            if index >= 0:
                after[needle] = index + 1
                return body.count("\n", 0, index)
    return 0


@lru_cache(maxsize=8192)
def check_body(body: str) -> tuple[tuple[int, str], ...]:
    """Problems in a release body as (line within body, 0-based, message). A pure function of the
    text, cached: a rebuild under `mkdocs serve` checks only the bodies that changed (issue 7)."""
    found: list[tuple[int, str]] = []
    for line, col, message in text_problems(body, allow_zero_width=True):
        found.append((line - 1, f"Spalte {col}: {message}"))
    if found:
        return tuple(found)  # Markdown of a text with control characters is not worth checking further
    seen: dict[str, int] = {}
    for template, snippet in _checker().check(body):
        found.append((_line_of(body, snippet, seen), template.format(snippet=snippet.strip())))
    if not body.strip():
        found.append((0, "Text der Meldung fehlt (nach dem zweiten ---)"))
    return tuple(sorted(found))
