"""The Content-Security-Policy of a built site, computed from the site itself.

Every inline executable ``<script>`` and every ``<style>`` element of every HTML file is hashed
(SHA-256, base64, as browsers compute it); the policy allows exactly those hashes plus the site's own
origin: no ``'unsafe-inline'``, no ``'unsafe-eval'``. ``<script type="application/json">`` (Material's
``__config``) is data, not code, and needs no hash.

What a hash cannot allow is reported instead: ``style="…"`` attributes and ``on…=`` event handler
attributes (a browser blocks them under this policy; the fix is a class and a stylesheet, or a script
file). `asskomm build` refuses a site that has any, so the policy it writes is never one that breaks a page.

With Material's ``theme.font: false`` and ``extra.scope: /`` the inline scripts do not depend on the
page, so the site has a handful of constant hashes; a Material upgrade changes them, and the next build
writes the new policy (``site-deploy/``), so it never goes stale.

To allow more, extend :data:`DIRECTIVES` (one place, reviewed in code): e.g. a WebAssembly search
(Pagefind) needs ``"script-src": ("'self'", "'wasm-unsafe-eval'")``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: Script types that a browser executes (the empty string is a missing type attribute).
EXECUTABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})

#: The policy without the hashes of the build. ``img-src data:``: Material's stylesheet draws its icons
#: from ``data:image/svg+xml`` URLs. ``worker-src``: Material's search runs in a Web Worker.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "media-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}


def source_hash(source: str) -> str:
    """The CSP source expression for one inline script or style, as a browser computes it."""
    # The HTML parser of a browser turns CR LF and lone CR into LF before hashing.
    normalised = source.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass(frozen=True)
class InlineAttribute:
    """A ``style`` or ``on…`` attribute that no CSP hash can allow."""

    path: str  # site-relative file
    line: int
    tag: str
    attribute: str

    def message(self) -> str:
        fix = ("eine Klasse und eine Regel in docs/stylesheets/ verwenden" if self.attribute == "style"
               else "das Skript in eine Datei unter docs/javascripts/ verschieben")
        return (f"{self.path}:{self.line}: <{self.tag} {self.attribute}=…> wird von der Content-Security-Policy "
                f"blockiert; {fix}")


class _InlineCode(HTMLParser):
    """Collect the inline scripts, styles and inline attributes of one document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.attributes: list[tuple[int, str, str]] = []
        self._buffer: list[str] | None = None
        self._target: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inline_attributes(tag, attrs)
        attributes = dict(attrs)
        if tag == "script":
            kind = (attributes.get("type") or "").strip().lower()
            if "src" not in attributes and kind in EXECUTABLE_TYPES:
                self._buffer, self._target = [], self.scripts
        elif tag == "style":
            self._buffer, self._target = [], self.styles

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inline_attributes(tag, attrs)

    def _inline_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, _ in attrs:
            if name == "style" or (name.startswith("on") and name != "open"):
                self.attributes.append((self.getpos()[0], tag, name))

    def handle_data(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._buffer is not None and self._target is not None:
            self._target.append("".join(self._buffer))
            self._buffer = self._target = None


@dataclass
class SiteCsp:
    """The inline code of a built site and the policy that allows exactly it."""

    script_hashes: dict[str, int] = field(default_factory=dict)  # hash -> number of pages
    style_hashes: dict[str, int] = field(default_factory=dict)
    blocked: list[InlineAttribute] = field(default_factory=list)

    def directives(self, extra: Mapping[str, Iterable[str]] | None = None) -> dict[str, tuple[str, ...]]:
        out = {name: tuple(values) for name, values in DIRECTIVES.items()}
        out["script-src"] += tuple(sorted(self.script_hashes))
        out["style-src"] += tuple(sorted(self.style_hashes))
        for name, values in (extra or {}).items():
            out[name] = out.get(name, ()) + tuple(v for v in values if v not in out.get(name, ()))
        return out

    def policy(self, extra: Mapping[str, Iterable[str]] | None = None) -> str:
        return "; ".join(f"{name} {' '.join(values)}" for name, values in self.directives(extra).items())


def scan_document(text: str) -> tuple[list[str], list[str], list[tuple[int, str, str]]]:
    """(inline scripts, inline styles, (line, tag, attribute) of blocked attributes) of one HTML text."""
    parser = _InlineCode()
    parser.feed(text)
    parser.close()
    return parser.scripts, parser.styles, parser.attributes


def scan_site(site_dir: Path) -> SiteCsp:
    """Hash the inline code of every HTML file in `site_dir` and list what no hash can allow."""
    result = SiteCsp()
    for path in sorted(Path(site_dir).rglob("*.html")):
        scripts, styles, attributes = scan_document(path.read_text(encoding="utf-8"))
        for source in scripts:
            key = source_hash(source)
            result.script_hashes[key] = result.script_hashes.get(key, 0) + 1
        for source in styles:
            key = source_hash(source)
            result.style_hashes[key] = result.style_hashes.get(key, 0) + 1
        relative = path.relative_to(site_dir).as_posix()
        result.blocked += [InlineAttribute(relative, line, tag, name) for line, tag, name in attributes]
    return result
