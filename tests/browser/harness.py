"""Building, serving and inspecting the site for the browser tests.

Everything here runs offline: the site is built with ``mkdocs build --strict``, served
from 127.0.0.1 by a threaded ``http.server``, and opened in Debian's Chromium through
Playwright (never a browser build of Playwright's own).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
FIXED_NOW = "2026-12-01 12:00"  # = tests/conftest.py SHIPPED_NOW: builds never depend on the wall clock
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # else Chromium calls Google's hosts at start
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOST = "127.0.0.1"
INSTALL_HINT = "run: bash .ci/install-test-tools.sh"


def mkdocs_config() -> Path:
    """The configuration under test: env ASSKOMM_MKDOCS_CONFIG, else the repo's mkdocs.yml."""
    return Path(os.environ.get("ASSKOMM_MKDOCS_CONFIG") or REPO / "mkdocs.yml").resolve()


def build_site(config: Path, site_dir: Path) -> None:
    """``mkdocs build --strict`` at the tests' fixed clock; raise with mkdocs' own output if it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true", ASSKOMM_NOW=FIXED_NOW)
    env.pop("ASSKOMM_PREVIEW", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict -f {config} failed:\n{result.stdout}{result.stderr}")


def page_file(site_dir: Path, url_path: str) -> Path:
    """The file that a URL path of the site is served from."""
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return site_dir / relative


# --------------------------------------------------------------------------- serving


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: Mapping[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like the production server: a missing page gets the site's own 404.html.
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site_dir: Path, headers: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve SITE_DIR on 127.0.0.1 at a free port; yield the base URL (no trailing slash)."""
    handler = type("Handler", (_Handler,), {"extra_headers": dict(headers or {})})
    server = http.server.ThreadingHTTPServer(
        (LOCAL_HOST, 0), functools.partial(handler, directory=str(site_dir))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- page watching


@dataclass
class PageWatch:
    """What a page did: every request it made, console errors, uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:  # context: playwright BrowserContext
        # Route every request: record it, and abort anything not on 127.0.0.1 so that a
        # test can never reach another host even if this machine had a network.
        def route(route, request) -> None:
            self.requests.append(request.url)
            parts = urlsplit(request.url)
            if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != LOCAL_HOST:
                self.foreign.append(request.url)
                route.abort("blockedbyclient")
            else:
                route.continue_()

        context.route("**/*", route)

    def watch_page(self, page) -> None:
        """Collect console errors and uncaught exceptions of PAGE."""
        page.on(
            "console",
            lambda message: message.type == "error"
            and self.console_errors.append(f"console: {message.text} ({message.location.get('url', '')})"),
        )
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))


# --------------------------------------------------------------------------- axe


def run_axe(page) -> list[dict]:
    """Inject axe-core into PAGE, run the WCAG 2.1 A/AA rules, return the violations."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing; {INSTALL_HINT}")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


def format_axe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:200]}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"       {summary_line}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


# --------------------------------------------------------------------------- Nu checker

def _vnu_accepted(message: dict) -> bool:
    """The one accepted Nu checker message: Material's toggle checkboxes.

    Material for MkDocs renders its drawer and search toggles as
    ``<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">`` in its
    base.html (which we do not fork); the attribute keeps Firefox from restoring the
    toggles' state on reload.  HTML allows ``autocomplete`` only on text-like inputs, so
    vnu reports 'Attribute "autocomplete" is only allowed when the input type is ...'.
    Browsers ignore it; nothing else is filtered.
    """
    return (
        message.get("message", "").startswith("Attribute \u201cautocomplete\u201d is only allowed when the input type is")
        and 'class="md-toggle"' in message.get("extract", "")
        and 'type="checkbox"' in message.get("extract", "")
    )


def run_vnu(site_dir: Path) -> tuple[list[dict], int, int]:
    """Run the Nu Html Checker once over every HTML file of the site.

    Returns (messages not accepted, number of accepted messages, number of files checked).
    """
    if not VNU_JAR.is_file():
        raise RuntimeError(f"{VNU_JAR} is missing; {INSTALL_HINT}")
    files = sorted(str(p) for p in site_dir.rglob("*.html"))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    try:
        report = json.loads(result.stderr or "{}")
    except json.JSONDecodeError as error:
        raise RuntimeError(f"vnu gave no JSON (exit {result.returncode}):\n{result.stderr[-3000:]}") from error
    messages = report.get("messages", [])
    problems = [m for m in messages if not _vnu_accepted(m)]
    return problems, len(messages) - len(problems), len(files)


def format_vnu(messages: list[dict], site_dir: Path) -> str:
    lines = []
    for m in messages:
        url = m.get("url", "").removeprefix("file:").removeprefix(str(site_dir))
        lines.append(f"{url}:{m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}")
        if m.get("extract"):
            lines.append(f"    {m['extract'].strip()[:200]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- layout and focus

HAS_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth > window.innerWidth"

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(), text: (el.textContent || "").trim().slice(0, 60),
        href: el.getAttribute("href"), className: el.className,
        outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow,
        visible: (() => { const r = el.getBoundingClientRect();
                          return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                                 && r.top < innerHeight && r.left < innerWidth; })(),
    };
}"""


def has_focus_indicator(style: dict) -> bool:
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in {"0px", ""}
    shadow = style["boxShadow"] not in {"none", ""}
    return outline or shadow


@dataclass(frozen=True)
class PngFacts:
    width: int
    height: int
    distinct_rows: int  # a blank (one-colour) image has 1


def png_facts(data: bytes) -> PngFacts:
    """Size and a measure of content of a PNG, read with the standard library (no imaging package)."""
    import struct
    import zlib

    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    height = depth = colour = interlace = 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    if depth != 8 or interlace or colour not in (2, 6):
        raise ValueError(f"unexpected PNG format (depth {depth}, colour {colour}, interlace {interlace})")
    raw = zlib.decompress(idat)
    stride = 1 + width * (3 if colour == 2 else 4)
    # Rows carry a filter byte; identical source rows give identical filtered rows from the second on.
    rows = {raw[i + 1:i + stride] for i in range(0, len(raw), stride)}
    return PngFacts(width, height, len(rows))


def screenshot_name(url_path: str, viewport: str) -> str:
    slug = url_path.strip("/").replace("/", "_").replace(".", "-") or "start"
    return f"{slug}--{viewport}.png"
