"""Page specs (issue 13): a page kind is one spec and one template; the template's only input is the
spec's context, and the render cache is keyed by the digest of that context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from jinja2 import ChoiceLoader, DictLoader, PackageLoader

from asskomm import pages, routes, specs
from asskomm.build import SiteBuild
from asskomm.dates import parse_berlin_datetime
from asskomm.fingerprint import FingerprintError, Fingerprinter, Lazy
from asskomm.pages import RenderCache, Renderer
from asskomm.specs import Meta, PageSpec
from conftest import NOW, build_site, make_site, soup

URL = "https://example.org/asskomm/"

# The whole new kind: a spec (route, template, typed meta, context) and its template.
HELLO_TEMPLATE = """\
<h1 id="hallo">Hallo {{ name }}</h1>

<p class="anzahl">{{ kommunen | length }} Kommunen, Stand {{ today | short_date }}: {% for k in kommunen %}<a href="{{ link(k.url) }}">{{ k.name }}</a>{{ ", " if not loop.last }}{% endfor %}</p>
"""


@dataclass(frozen=True)
class HelloPage(PageSpec):
    template = "hallo.html"
    name: str  # after `view`, which every spec has from PageSpec
    src_uri = routes.index_source("hallo/")

    def meta(self) -> Meta:
        return Meta(f"Hallo {self.name}", "Eine neue Seitenart mit einem Spec und einem Template.")

    def context(self) -> dict[str, Any]:
        return {"name": self.name, "kommunen": self.view.kommunen, "today": self.view.today}


@pytest.fixture
def hello_kind(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Register the kind (and its template) for one test; the names it was rendered for."""
    monkeypatch.setattr(pages, "template_loader",
                        lambda: ChoiceLoader([DictLoader({"hallo.html": HELLO_TEMPLATE}), PackageLoader("asskomm", "templates")]))
    monkeypatch.setattr(specs, "KINDS", [*specs.KINDS, lambda site: [HelloPage(site.view, "Sachsen")]])
    rendered: list[str] = []
    original = Renderer.render

    def counting(self: Renderer, spec: PageSpec, meta: Meta, context: dict[str, Any]) -> pages.Page:
        if isinstance(spec, HelloPage):
            rendered.append(spec.name)
        return original(self, spec, meta, context)

    monkeypatch.setattr(Renderer, "render", counting)
    return rendered


def test_a_new_page_kind_is_one_spec_and_one_template(tmp_path, hello_kind):
    out = build_site(make_site(tmp_path / "src"), tmp_path / "out", ASSKOMM_NOW=NOW)
    page = soup(out / "hallo/index.html")
    assert page.h1.get_text() == "Hallo Sachsen"
    assert page.title.get_text().startswith("Hallo Sachsen")
    assert page.find("meta", attrs={"name": "description"})["content"] == "Eine neue Seitenart mit einem Spec und einem Template."
    links = page.select("p.anzahl a")
    members = [a.get_text() for a in soup(out / "kommunen/index.html").select("table.asskomm-kommunen tbody th a")]
    assert sorted(a.get_text() for a in links) == sorted(members)  # the list page groups them by Kreis
    assert "Bannewitz" in members
    assert {a["href"] for a in links} >= {"../kommunen/bannewitz/"}
    assert page.select_one("p.anzahl").get_text().startswith(f"{len(members)} Kommunen, Stand 25.11.2026")
    assert hello_kind == ["Sachsen"]


def test_the_cache_key_is_the_digest_of_the_context(tmp_path, hello_kind):
    root = make_site(tmp_path)
    cache = RenderCache()
    now = parse_berlin_datetime(NOW)
    SiteBuild(root, URL, now, render_cache=cache).pages()
    SiteBuild(root, URL, now, render_cache=cache).pages()
    assert hello_kind == ["Sachsen"]  # same context: from the cache
    text = (root / "kommunen/bannewitz.yml").read_text(encoding="utf-8")
    (root / "kommunen/bannewitz.yml").write_text(text.replace("date: 202", "date: 203"), encoding="utf-8")  # not public any more
    rebuilt = {p.src_uri: p.content for p in SiteBuild(root, URL, now, render_cache=cache).pages()}
    assert hello_kind == ["Sachsen", "Sachsen"]  # the municipalities in the context changed
    assert "Bannewitz" not in rebuilt["hallo/index.md"]


def test_a_context_that_carries_the_site_view_has_no_key(tmp_path):
    view = SiteBuild(make_site(tmp_path), URL, parse_berlin_datetime(NOW)).view
    with pytest.raises(FingerprintError, match="SiteView"):
        Fingerprinter().digest({"view": view})


def test_a_digest_covers_the_data_and_a_lazy_call_its_arguments():
    fp = Fingerprinter()
    calls: list[int] = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert fp.digest({"a": [1, "x"]}) == fp.digest({"a": [1, "x"]})
    assert fp.digest({"a": [1, "x"]}) != fp.digest({"a": ["1", "x"]})
    assert fp.digest({"a": 1, "b": 2}) != fp.digest({"b": 2, "a": 1})  # order is shown, so it counts
    assert fp.digest(Lazy(square, 3)) != fp.digest(Lazy(square, 4))
    assert calls == []  # digesting a Lazy call does not make it
    assert Lazy(square, 3).value() == 9
