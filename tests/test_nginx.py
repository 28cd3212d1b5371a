"""The site as production serves it: the shipped nginx configuration against a publishing build.

nginx runs unprivileged on 127.0.0.1 with its own prefix (`asskomm.nginx.serve`); every check is a
plain HTTP request. Nothing is skipped: a missing nginx fails (CI installs it, .ci/install-test-tools.sh).
"""

from __future__ import annotations

import brotli
import gzip
import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from asskomm import deploy
from asskomm.build import SiteBuild, clock
from asskomm.cli import SITE_URL

from conftest import REPO

SECURITY_HEADERS = ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
                    "Referrer-Policy", "Permissions-Policy", "Cache-Control")


def get(url: str, path: str, accept_encoding: str | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, no redirect following; header names in canonical case, repeated headers joined."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    found: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.title()
        found[key] = f"{found[key]}, {value}" if key in found else value
    conn.close()
    return response.status, found, body


def test_encoding_follows_accept_encoding(nginx_url: str, production_site: Path) -> None:
    for path, file in [("/", "index.html"), ("/zahlen/", "zahlen/index.html"), ("/aktuelles/rss.xml", "aktuelles/rss.xml"),
                       ("/daten/kommunen.csv", "daten/kommunen.csv"), ("/daten/mitglieder.geojson", "daten/mitglieder.geojson")]:
        original = (production_site / file).read_bytes()
        status, headers, body = get(nginx_url, path, "br")
        assert status == 200 and headers.get("Content-Encoding") == "br", (path, headers)
        assert brotli.decompress(body) == original
        status, headers, body = get(nginx_url, path, "gzip, deflate")
        assert status == 200 and headers.get("Content-Encoding") == "gzip", (path, headers)
        assert gzip.decompress(body) == original
        status, headers, body = get(nginx_url, path, "")
        assert status == 200 and "Content-Encoding" not in headers and body == original, (path, headers)
        status, headers, body = get(nginx_url, path)
        assert "Content-Encoding" not in headers and body == original, path
        assert headers.get("Vary") == "Accept-Encoding", (path, headers)


def test_every_text_file_has_compressed_copies(production_site: Path) -> None:
    """Every file served with a text type (charset) of at least 256 bytes has a .br and a .gz copy."""
    files = [p for p in production_site.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz")
             and "charset" in deploy.content_type(p.name) and p.stat().st_size >= 256]
    assert {p.suffix for p in files} >= {".html", ".css", ".js", ".json", ".xml", ".csv", ".geojson"}
    missing = [p for p in files if not p.with_name(p.name + ".br").is_file() or not p.with_name(p.name + ".gz").is_file()]
    assert not missing, missing[:5]


def test_every_old_address_answers_301_to_its_page(nginx_url: str) -> None:
    expected = SiteBuild(REPO, SITE_URL, clock()).redirects()
    assert len(expected) >= 5
    for redirect in expected:
        status, headers, _ = get(nginx_url, "/" + redirect.old)
        assert status == 301, (redirect.old, status)
        assert headers["Location"] == "/" + redirect.target_url, (redirect.old, headers["Location"])
        for name in SECURITY_HEADERS:
            assert name in headers, (redirect.old, name)
        status, _, body = get(nginx_url, headers["Location"])
        assert status == 200 and b"<h1" in body


def test_unknown_path_is_the_german_404(nginx_url: str) -> None:
    for path in ("/gibt-es-nicht/", "/kommunen/gibt-es-nicht/", "/alt-1234.html", "/404.html", "/index.html.br"):
        status, headers, body = get(nginx_url, path, "gzip")
        assert status == 404, path
        html = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        soup = BeautifulSoup(html, "html.parser")
        assert soup.html["lang"] == "de"
        assert "nicht gefunden" in soup.get_text(" ").lower(), path
        for name in SECURITY_HEADERS:
            assert name in headers, (path, name)
        assert headers["Server"] == "nginx", "server_tokens off: no version"


def test_no_directory_listing(nginx_url: str, production_site: Path) -> None:
    assert not (production_site / "assets" / "index.html").exists()
    status, _, body = get(nginx_url, "/assets/")
    assert status in (403, 404) and b"Index of" not in body


@pytest.mark.parametrize("path, kind, cache", [
    ("/", "text/html; charset=utf-8", deploy.CACHE_SHORT),
    ("/kommunen/oelsnitz-erzgeb/", "text/html; charset=utf-8", deploy.CACHE_SHORT),
    ("/aktuelles/rss.xml", "application/rss+xml; charset=utf-8", deploy.CACHE_SHORT),
    ("/aktuelles/atom.xml", "application/atom+xml; charset=utf-8", deploy.CACHE_SHORT),
    ("/kreise/erzgebirgskreis/rss.xml", "application/rss+xml; charset=utf-8", deploy.CACHE_SHORT),
    ("/daten/kommunen.csv", "text/csv; charset=utf-8", deploy.CACHE_SHORT),
    ("/daten/mitglieder.geojson", "application/geo+json; charset=utf-8", deploy.CACHE_SHORT),
    ("/daten/kommunen.json", "application/json; charset=utf-8", deploy.CACHE_SHORT),
    ("/sitemap.xml", "application/xml; charset=utf-8", deploy.CACHE_SHORT),
    ("/stylesheets/asskomm.css", "text/css; charset=utf-8", deploy.CACHE_SHORT),
])
def test_headers_types_and_cache(nginx_url: str, path: str, kind: str, cache: str) -> None:
    status, headers, _ = get(nginx_url, path, "br, gzip")
    assert status == 200, path
    assert headers["Content-Type"] == kind
    assert headers["Cache-Control"] == cache
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] and headers["Permissions-Policy"]
    # One of each: a header added twice (server and location) would show up joined.
    assert ", " not in headers["X-Content-Type-Options"]


def test_fingerprinted_assets_are_immutable(nginx_url: str, production_site: Path) -> None:
    manifest = json.loads((deploy.deploy_dir_for(production_site) / "deploy.json").read_text(encoding="utf-8"))
    assets = [u for u in manifest["fingerprinted"] if not u.endswith(".map")]
    assert any(u.endswith(".js") for u in assets) and any(u.endswith(".css") for u in assets)
    for url in assets:
        status, headers, _ = get(nginx_url, url, "br")
        assert status == 200 and headers["Cache-Control"] == deploy.CACHE_IMMUTABLE, url
        assert headers["Content-Encoding"] == "br", url
        assert "Content-Security-Policy" in headers


def test_every_feed_has_its_type(nginx_url: str, production_site: Path) -> None:
    feeds = sorted(production_site.rglob("rss.xml")) + sorted(production_site.rglob("atom.xml"))
    assert len(feeds) >= 4
    for feed in feeds:
        path = "/" + feed.relative_to(production_site).as_posix()
        status, headers, _ = get(nginx_url, path, "gzip")
        assert status == 200
        assert headers["Content-Type"] == deploy.content_type(path), path


def test_shipped_policy_is_the_builds_own(nginx_url: str, production_site: Path) -> None:
    """The CSP served is computed from this build: every inline script of every page is allowed by hash."""
    _, headers, _ = get(nginx_url, "/")
    served = headers["Content-Security-Policy"]
    computed = deploy.plan(production_site)
    assert not computed.csp.blocked
    assert served == computed.policy
    assert computed.csp.script_hashes and all(h in served for h in computed.csp.script_hashes)


@pytest.mark.parametrize("name_length", [26, 32, 33, 40, 47, 48, 56, 57, 64, 100])
def test_generated_maps_fit_nginx_without_redirects(tmp_path: Path, name_length: int) -> None:
    """The map hash bucket holds the longest key even when no long redirect enlarges it: a site without
    old addresses and a 48-byte asset path once failed `nginx -t` ("increase map_hash_bucket_size: 64")."""
    from asskomm import nginx

    site = tmp_path / "site"
    stem = "a" * (name_length - len("/assets/.0123abcd.min.css"))  # the URL path is name_length bytes long
    asset = site / "assets" / f"{stem}.0123abcd.min.css"
    asset.parent.mkdir(parents=True)
    asset.write_text("body{color:#000}", encoding="utf-8")
    (site / "index.html").write_text("<!doctype html><html lang=de><title>t</title><p>Start</p>", encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><html lang=de><title>t</title><p>Nicht gefunden</p>", encoding="utf-8")
    deployment = deploy.plan(site)
    assert not deployment.redirects and deployment.fingerprinted
    deploy.write(deployment, deploy.deploy_dir_for(site))
    url_path = "/" + asset.relative_to(site).as_posix()
    with nginx.serve(site) as url:
        status, headers, _ = get(url, url_path)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
