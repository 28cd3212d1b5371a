"""MkDocs hooks: translate MkDocs events into calls to the `asskomm` package. No domain logic here.

The adapter object below owns all state. What belongs to one build (`SiteBuild`, the generated
pages) is replaced in `on_config`, so a rebuild under `mkdocs serve` never sees the previous build;
what is kept across rebuilds of one `mkdocs serve` process (parse and render caches, the digests of
what was served) is keyed by its whole input and reset in `on_startup`.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from asskomm.build import (
    COMPILED_TEMPLATES,
    CREDIT_LINE,
    ROBOTS_DISALLOW,
    InputError,
    MarkerError,
    ParseCache,
    RenderCache,
    SiteBuild,
    anchor_ids,
    clock,
    draft_requested,
    highlight,
    preview_requested,
    theme_links,
    toc_tokens,
)
from asskomm.build import Page as GeneratedPage
from asskomm.navcache import NavCache
from asskomm.search import OverlappedIndex, SearchIndexError, is_material_search_asset, start_index

log = get_plugin_logger("asskomm")


class _Generated(File):
    """A generated file that tells a dirty rebuild whether its content changed since the last one."""

    changed = True

    def is_modified(self) -> bool:
        # MkDocs asks twice per page (reading, writing); one look at the disk is enough.
        if self.changed:
            return True
        if not hasattr(self, "_missing"):
            self._missing = not Path(self.abs_dest_path).exists()
        return self._missing


class _Rewritten(File):
    """A hand-written page whose markers now expand to other text: rebuilt by a dirty rebuild even
    though its file did not change (a copy of MkDocs' File for it, made in `on_files`)."""

    def is_modified(self) -> bool:
        return True


class _HtmlPage(Page):
    """A page `asskomm` rendered to HTML itself: MkDocs takes the HTML and the page's meta as they
    are, without Markdown and without front matter (issue 7, issue 13)."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, generated: GeneratedPage) -> None:
        super().__init__(title, file, config)
        self.generated = generated

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = self.generated.content
        self.meta = dict(self.generated.meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = self.markdown
        self.toc = get_toc(toc_tokens(self.content))
        self.present_anchor_ids = anchor_ids(self.content)


def _nav_titles(items: object) -> dict[str, str]:
    """Source path -> title of the `nav` entries in mkdocs.yml (MkDocs gives a page that already
    exists when the nav is built no title of its own, so the generated pages get theirs here)."""
    titles: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        for title, value in item.items() if isinstance(item, dict) else []:
            if isinstance(value, str):
                titles[value] = title
            else:
                titles.update(_nav_titles(value))
    return titles


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _digest(*parts: str | bytes) -> str:
    """A stable fingerprint (unlike `hash()`, the same in every process)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class _Adapter:
    command: str | None = None  # "build" | "serve" | "gh-deploy"; None when MkDocs is driven as a library
    dirty: bool = False
    # Kept across the rebuilds of one `mkdocs serve` process (issue 7: preview latency): validated YAML
    # by its text, pages by what they are rendered from, and, under `--dirty` only, a digest of every
    # generated file and of every hand-written page's expanded text in the previous build.
    parse_cache: ParseCache = field(default_factory=dict)
    render_cache: RenderCache = field(default_factory=RenderCache)
    served: dict[str, str] = field(default_factory=dict)
    # This build only (replaced in on_config).
    site: SiteBuild | None = None
    generated: set[str] = field(default_factory=set)
    nav_cache: NavCache | None = None
    # Under `mkdocs serve` only: the Pagefind run indexing the last rebuild, in the background.
    indexer: subprocess.Popen[bytes] | None = None
    # A publishing build: Pagefind indexing each page as it is rendered (asskomm.search.OverlappedIndex).
    search_index: OverlappedIndex | None = None

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def build(self) -> SiteBuild:
        if self.site is None:
            raise PluginError("asskomm: on_config ist nicht gelaufen")
        return self.site

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        self.parse_cache.clear()
        self.render_cache.clear()
        self.served.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site, self.generated = None, set()
        if not config.use_directory_urls:
            raise PluginError("asskomm: use_directory_urls must stay true (generated links assume it)")
        if not config.site_url:
            raise PluginError("asskomm: site_url is required (feeds need absolute links)")
        preview = preview_requested()
        if preview and self.command not in (None, "serve"):
            # Embargoed and draft releases must never end up in a directory that could be published.
            raise PluginError("ASSKOMM_PREVIEW=1 ist nur mit „mkdocs serve“ erlaubt, nie beim Bauen der Website")
        try:
            self.site = SiteBuild(_root(config), config.site_url, clock(), preview=preview,
                                  parse_cache=self.parse_cache if self.serving else None,
                                  render_cache=self.render_cache if self.serving else None)
            problems = self.site.check(Path(config.docs_dir))
        except InputError as exc:
            raise PluginError(str(exc)) from None
        if problems:
            raise PluginError(problems.report())
        config.extra["asskomm_feeds"] = self.site.feed_links()
        # Section URLs for the theme's own templates (404 page, search box): from the route table too.
        config.extra["asskomm_routes"] = theme_links()
        # Staging site (`asskomm build --entwurf`): every page says so and is not indexed. Under
        # `mkdocs serve` the gaps are highlighted too (see on_page_markdown).
        config.extra["asskomm_entwurf"] = draft_requested()
        if CREDIT_LINE not in (config.copyright or ""):
            config.copyright = f"{config.copyright or ''} · {CREDIT_LINE}".strip(" ·")
        if preview:
            log.info("Vorschau: Entwürfe und Meldungen mit Sperrfrist werden angezeigt – nicht veröffentlichen")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self.build()
        titles = _nav_titles(config.nav)
        for file in [f for f in files if is_material_search_asset(f.dest_uri)]:
            files.remove(file)
        for page in site.pages():
            file = self._file(config, page.src_uri, page.content, InclusionLevel.NOT_IN_NAV,
                              extra=json.dumps(page.meta, sort_keys=True, ensure_ascii=False))
            _HtmlPage(titles.get(page.src_uri), file, config, page)
            files.append(file)
            self.generated.add(page.src_uri)
        extra = {"robots.txt": ROBOTS_DISALLOW} if config.extra.get("asskomm_entwurf") else {}
        outputs: dict[str, str | bytes] = {**site.feeds(), **site.downloads(), **site.event_files(), **site.redirect_files(),
                                           **extra}
        for path, content in outputs.items():
            files.append(self._file(config, path, content))
        for dest, source in site.assets().items():
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        if self.dirty and self.serving:
            # A dirty rebuild skips unchanged sources, but pages with markers change with the records
            # and releases: such a page is rebuilt when its text with the markers expanded changed.
            # The page's File is swapped for one that says so, in place (the order of files is the
            # order of the sitemap).
            changed = {src for src, expanded in site.marker_pages(Path(config.docs_dir)).items()
                       if self._changed(src, expanded)}
            files = Files([_Rewritten(f.src_uri, f.src_dir, f.dest_dir, f.use_directory_urls, dest_uri=f.dest_uri,
                                      inclusion=f.inclusion) if f.src_uri in changed else f for f in files])
        return files

    def _file(self, config: MkDocsConfig, src_uri: str, content: str | bytes,
              inclusion: InclusionLevel = InclusionLevel.UNDEFINED, extra: str = "") -> File:
        file = _Generated.generated(config, src_uri, content=content, inclusion=inclusion)
        assert isinstance(file, _Generated)  # a classmethod of File: typed as File, made as cls
        if self.dirty and self.serving:
            file.changed = self._changed(src_uri, content, extra)
        return file

    def _changed(self, src_uri: str, *content: str | bytes) -> bool:
        """Whether `src_uri` had other content in the previous build of this server (and remember it)."""
        digest = _digest(*content)
        changed = self.served.get(src_uri) != digest
        self.served[src_uri] = digest
        return changed

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        site = self.build()
        page.meta["asskomm_feeds"] = site.feed_links(page.file.src_uri)
        if page.file.src_uri in self.generated:
            return markdown
        try:
            markdown = site.expand_markers(markdown, page.url, f"docs/{page.file.src_uri}")
        except MarkerError as exc:
            raise PluginError(str(exc)) from None
        if self.serving or config.extra.get("asskomm_entwurf"):
            # The gaps only the LPR can fill, marked where they are (preview and staging site only;
            # `asskomm build` refuses to publish while any is left).
            markdown = highlight(markdown)
        return markdown

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_cache = NavCache.of(nav)  # one per build: the navigation may change between rebuilds
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["asskomm_nav"] = self.nav_cache
        if not self.serving:
            self._cancel_search_index()
            try:
                self.search_index = OverlappedIndex(Path(config.site_dir))
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
        if self.serving:
            # MkDocs makes a new theme environment for every build, which compiled Material's ~40
            # templates again on every rebuild (0.3 s of a preview, issue 7).
            env.bytecode_cache = COMPILED_TEMPLATES.for_env(env)
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.search_index is not None:
            self.search_index.add(page.file.dest_uri, output)
        return output

    def on_build_error(self, error: Exception) -> None:
        self._cancel_search_index()

    def _cancel_search_index(self) -> None:
        search_index, self.search_index = self.search_index, None
        if search_index is not None:
            search_index.cancel()

    def on_post_build(self, config: MkDocsConfig) -> None:
        """The search index (Pagefind). A build has indexed each page as it was rendered and writes the
        index now. Under `mkdocs serve` Pagefind runs over the built site in the background, so a changed
        page is served without waiting for it; a run still going from the last rebuild is stopped first."""
        if self.serving:
            if self.indexer is not None and self.indexer.poll() is None:
                self.indexer.kill()
                self.indexer.wait()
            self.indexer = start_index(Path(config.site_dir))
            return
        search_index, self.search_index = self.search_index, None
        if search_index is None:
            raise PluginError("asskomm: on_env ist nicht gelaufen (kein Suchindex)")
        try:
            search_index.finish()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        root = _root(config)
        for folder in ("kommunen", "news", "veranstaltungen", "data", "asskomm/templates"):
            if (root / folder).exists():
                server.watch(str(root / folder))
        return server


# MkDocs calls the module's on_* functions: they are the methods of one adapter per process.
_adapter = _Adapter()
on_startup = _adapter.on_startup
on_config = _adapter.on_config
on_files = _adapter.on_files
on_page_markdown = _adapter.on_page_markdown
on_nav = _adapter.on_nav
on_post_page = _adapter.on_post_page
on_build_error = _adapter.on_build_error
on_env = _adapter.on_env
on_post_build = _adapter.on_post_build
on_serve = _adapter.on_serve
