"""What a web server needs to serve a build, computed from that build: written by `asskomm build` next
to the site (`site/` → `site-deploy/`), so it can never go stale.

- the redirect table: every old CMS address the build carries (a redirect page with a meta refresh,
  from `data/weiterleitungen.yml` and the releases' `old_urls`) answered with a real `301`;
- the security headers, with the Content-Security-Policy computed from the build's own inline code
  (`csp.py`);
- content types (`.csv`, `.geojson`, `.ics`, feeds) and the cache policy: fingerprinted assets
  (`bundle.<hash>.min.js`) a year and `immutable`, everything else short, so a rebuild is seen at once.

Written as `deploy.json` (for any host: CDN, object storage) and as nginx snippets that the shipped
`deploy/nginx/asskomm-server.conf` includes. No MkDocs imports.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from .csp import SiteCsp, scan_site

#: Fingerprinted by Material (`main.<hash>.min.css`, `bundle.<hash>.min.js`, their source maps): the
#: name changes with the content, so a year is safe.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
#: HTML, feeds, open data, unversioned styles and scripts: a rebuild (daily, or a release going live)
#: must reach readers within minutes.
CACHE_SHORT = "public, max-age=300"
#: Release images never change under their name in practice, but are not fingerprinted.
CACHE_MEDIA = "public, max-age=86400"
MEDIA_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".ico", ".woff2"})

#: Content type by file suffix. Text types are served with `charset=utf-8`.
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".geojson": "application/geo+json",
    ".ics": "text/calendar",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
#: Feeds are `.xml` files with their own types, by file name.
FEED_TYPES: dict[str, str] = {"rss.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}
TEXT_TYPES = frozenset(t for t in (*CONTENT_TYPES.values(), *FEED_TYPES.values())
                       if t.startswith("text/") or t.endswith(("json", "xml")))

HSTS = "max-age=31536000; includeSubDomains"
REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


@dataclass(frozen=True)
class Redirect:
    old: str  # "/asskomm-standorte-4899.html"
    new: str  # "/kommunen/"


@dataclass
class Deployment:
    csp: SiteCsp
    redirects: list[Redirect]
    fingerprinted: list[str]  # "/assets/javascripts/bundle.79ae519e.min.js"
    feeds: list[str]  # "/aktuelles/rss.xml"
    extra_csp: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def policy(self) -> str:
        return self.csp.policy(self.extra_csp)

    def headers(self) -> dict[str, str]:
        """The security headers every response carries (HTML, assets, feeds, data, redirects, 404)."""
        return {
            "Content-Security-Policy": self.policy,
            "Strict-Transport-Security": HSTS,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": REFERRER_POLICY,
            "Permissions-Policy": PERMISSIONS_POLICY,
            "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
            "Cross-Origin-Opener-Policy": "same-origin",
        }

    def manifest(self) -> dict[str, object]:
        return {
            "headers": self.headers(),
            "cache_control": {"fingerprinted": CACHE_IMMUTABLE, "media": CACHE_MEDIA, "default": CACHE_SHORT},
            "fingerprinted": self.fingerprinted,
            "content_types": {suffix: content_type(suffix) for suffix in CONTENT_TYPES},
            "feeds": {path: content_type(path) for path in self.feeds},
            "redirects": {r.old: r.new for r in self.redirects},
            "inline_script_hashes": self.csp.script_hashes,
            "inline_style_hashes": self.csp.style_hashes,
        }


def content_type(path: str) -> str:
    """The Content-Type header for a file name or suffix."""
    name = path.rsplit("/", 1)[-1]
    kind = FEED_TYPES.get(name) or CONTENT_TYPES.get("." + name.rsplit(".", 1)[-1] if "." in name else name,
                                                     "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind in TEXT_TYPES else kind


def cache_control(path: str) -> str:
    if FINGERPRINTED.search(path):
        return CACHE_IMMUTABLE
    if Path(path).suffix.lower() in MEDIA_SUFFIXES:
        return CACHE_MEDIA
    return CACHE_SHORT


class _Refresh(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.target: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            _, _, url = (values.get("content") or "").partition("url=")
            self.target = url.strip() or None


def redirects_of(site_dir: Path) -> list[Redirect]:
    """The redirect pages of a build (old CMS addresses at the top level, see `redirects.py`)."""
    out = []
    for path in sorted(Path(site_dir).glob("*.html")):
        if path.name == "404.html":
            continue
        parser = _Refresh()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.target:
            old = "/" + path.name
            out.append(Redirect(old, urljoin(old, parser.target)))
    return out


def plan(site_dir: Path) -> Deployment:
    site_dir = Path(site_dir)
    files = [p for p in sorted(site_dir.rglob("*")) if p.is_file() and p.suffix not in (".gz", ".br")]
    urls = ["/" + p.relative_to(site_dir).as_posix() for p in files]
    return Deployment(
        csp=scan_site(site_dir),
        redirects=redirects_of(site_dir),
        fingerprinted=[u for u in urls if FINGERPRINTED.search(u)],
        feeds=[u for u in urls if u.rsplit("/", 1)[-1] in FEED_TYPES],
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_http(deployment: Deployment) -> str:
    """`map`s for the http context: the redirect table and the cache policy by path."""
    lines = ["# Generated by `asskomm build` from the site next to this folder; do not edit.",
             "# Include in the http context (before the server that includes asskomm-server.conf).", "",
             # Old CMS addresses are long (up to ~150 bytes); nginx's default bucket (64) cannot hold them.
             f"map_hash_bucket_size {_bucket_size(deployment)};", "map_hash_max_size 4096;", "",
             "map $uri $asskomm_redirect {", "    default \"\";"]
    lines += [f"    {_quote(r.old)} {_quote(r.new)};" for r in deployment.redirects]
    lines += ["}", "", "map $uri $asskomm_cache_control {", f"    default {_quote(CACHE_SHORT)};"]
    lines += [f"    {_quote(url)} {_quote(CACHE_IMMUTABLE)};" for url in deployment.fingerprinted]
    lines += [f"    ~*\\{suffix}$ {_quote(CACHE_MEDIA)};" for suffix in sorted(MEDIA_SUFFIXES)]
    lines += ["}", ""]
    return "\n".join(lines)


def _bucket_size(deployment: Deployment) -> int:
    """The smallest power of two (at least nginx's default 64) that holds the longest key of either map.

    nginx stores a key as a pointer, a 2-byte length and the key, aligned to a pointer, and ends each bucket
    with one more pointer (ngx_hash.c, NGX_HASH_ELT_SIZE): a 48-byte key needs 72 bytes, not 64."""
    longest = max([len(r.old.encode()) for r in deployment.redirects] + [len(u.encode()) for u in deployment.fingerprinted] + [1])
    pointer = 8
    needed = -(-(pointer + 2 + longest) // pointer) * pointer + pointer
    size = 64
    while size < needed:
        size *= 2
    return size


def nginx_headers(deployment: Deployment) -> str:
    """`add_header` lines for the server block and every location (nginx drops inherited `add_header`s
    in a block that has its own, so each block includes all of them)."""
    lines = ["# Generated by `asskomm build`; do not edit. Inline code allowed by hash (pages using each):"]
    lines += [f"#   script {key} ({count})" for key, count in sorted(deployment.csp.script_hashes.items())]
    lines += [f"#   style {key} ({count})" for key, count in sorted(deployment.csp.style_hashes.items())]
    lines += [f"add_header {name} {_quote(value)} always;" for name, value in deployment.headers().items()]
    lines.append("add_header Cache-Control $asskomm_cache_control always;")
    return "\n".join(lines) + "\n"


def nginx_types() -> str:
    """The content types of the site (replaces nginx's mime.types in the server block)."""
    lines = ["# Generated by `asskomm build`; do not edit.", "types {"]
    by_type: dict[str, list[str]] = {}
    for suffix, kind in CONTENT_TYPES.items():
        by_type.setdefault(kind, []).append(suffix.lstrip("."))
    lines += [f"    {kind} {' '.join(suffixes)};" for kind, suffixes in by_type.items()]
    lines += ["}", "default_type application/octet-stream;", "charset utf-8;",
              "charset_types " + " ".join(sorted(TEXT_TYPES)) + ";", ""]
    return "\n".join(lines)


def write(deployment: Deployment, out_dir: Path) -> list[Path]:
    """Write the artefacts into `out_dir` (replaced as a whole)."""
    out_dir = Path(out_dir)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    files = {
        "deploy.json": json.dumps(deployment.manifest(), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        "nginx-http.conf": nginx_http(deployment),
        "nginx-headers.conf": nginx_headers(deployment),
        "nginx-types.conf": nginx_types(),
    }
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return [out_dir / name for name in files]


def deploy_dir_for(site_dir: Path) -> Path:
    """`site/` → `site-deploy/`: beside the site, never inside what is served."""
    site_dir = Path(site_dir)
    return site_dir.with_name(site_dir.name + "-deploy")
