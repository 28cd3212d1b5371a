"""Deployment artefacts computed from a build (no server needed): CSP, redirects, types, caching."""

from __future__ import annotations

from pathlib import Path

from asskomm import csp, deploy

from conftest import write


def test_inline_code_is_hashed_and_blocked_attributes_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "index.html", """
        <!doctype html><html><head><script>var a = 1;</script>
        <script type="application/json">{"data": 1}</script><style>p{color:red}</style></head>
        <body><details open><summary>x</summary></details><p style="color:red">x</p>
        <img src="a.png" onerror="alert(1)" alt=""></body></html>
        """)
    found = csp.scan_site(tmp_path)
    assert list(found.script_hashes) == [csp.source_hash("var a = 1;")]
    assert list(found.style_hashes) == [csp.source_hash("p{color:red}")]
    assert [(b.tag, b.attribute, b.line) for b in found.blocked] == [("p", "style", 3), ("img", "onerror", 4)]
    assert "index.html:3" in found.blocked[0].message() and "Content-Security-Policy" in found.blocked[0].message()
    policy = found.policy()
    assert "script-src 'self' " + csp.source_hash("var a = 1;") in policy
    assert "unsafe-inline" not in policy


def test_policy_is_extensible_for_later_needs() -> None:
    found = csp.SiteCsp(script_hashes={"'sha256-x'": 1})
    policy = found.policy({"script-src": ["'wasm-unsafe-eval'"]})
    assert "script-src 'self' 'sha256-x' 'wasm-unsafe-eval'" in policy
    assert "'wasm-unsafe-eval'" not in found.policy()


def test_known_hash_matches_the_browser_algorithm() -> None:
    # The value Chromium reports for an empty inline script.
    assert csp.source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert csp.source_hash("a\r\nb") == csp.source_hash("a\nb")


def test_redirect_pages_become_a_map(tmp_path: Path) -> None:
    write(tmp_path / "alt-12.html", '<html><head><meta http-equiv="refresh" content="0; url=aktuelles/neu/"></head></html>')
    write(tmp_path / "404.html", "<html><head></head></html>")
    write(tmp_path / "assets/javascripts/bundle.0123abcd.min.js", "x")
    write(tmp_path / "aktuelles/rss.xml", "<rss/>")
    plan = deploy.plan(tmp_path)
    assert plan.redirects == [deploy.Redirect("/alt-12.html", "/aktuelles/neu/")]
    assert plan.fingerprinted == ["/assets/javascripts/bundle.0123abcd.min.js"]
    http = deploy.nginx_http(plan)
    assert '"/alt-12.html" "/aktuelles/neu/";' in http
    assert f'"/assets/javascripts/bundle.0123abcd.min.js" "{deploy.CACHE_IMMUTABLE}";' in http
    written = deploy.write(plan, tmp_path.with_name(tmp_path.name + "-deploy"))
    assert sorted(p.name for p in written) == ["deploy.json", "nginx-headers.conf", "nginx-http.conf", "nginx-types.conf"]


def test_content_types_and_cache_policy() -> None:
    assert deploy.content_type("/daten/kommunen.csv") == "text/csv; charset=utf-8"
    assert deploy.content_type("/daten/mitglieder.geojson") == "application/geo+json; charset=utf-8"
    assert deploy.content_type("termine.ics") == "text/calendar; charset=utf-8"
    assert deploy.content_type("/kreise/bautzen/atom.xml") == "application/atom+xml; charset=utf-8"
    assert deploy.content_type("/aktuelles/bild.jpg") == "image/jpeg"
    assert deploy.cache_control("/assets/stylesheets/main.ec1eaa64.min.css") == deploy.CACHE_IMMUTABLE
    assert deploy.cache_control("/stylesheets/asskomm.css") == deploy.CACHE_SHORT
    assert deploy.cache_control("/index.html") == deploy.CACHE_SHORT
    types = deploy.nginx_types()
    assert "text/csv csv;" in types and "application/geo+json geojson;" in types and "text/calendar ics;" in types
