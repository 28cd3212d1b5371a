"""MkDocs hooks: translate MkDocs events into calls to the `asskomm` package. No domain logic here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from asskomm.build import SiteBuild, clock, preview_requested
from asskomm.corpus import ParseCache
from asskomm.markers import MarkerError
from asskomm.markup import anchor_ids, toc_tokens
from asskomm.pages import COMPILED_TEMPLATES, RenderCache
from asskomm.problems import InputError
from asskomm.reference import CREDIT_LINE

log = get_plugin_logger("asskomm")

# Replaced at every `on_config`, so a rebuild under `mkdocs serve` never sees the previous build.
_build: SiteBuild | None = None
_generated: set[str] = set()
_command: str | None = None  # "build" | "serve" | "gh-deploy"; None when MkDocs is driven as a library
# Under `mkdocs serve --dirty` only: a hash of every generated file's content, and of every
# hand-written page's text with its markers expanded, in the previous build of this process, so a
# rebuild renders only the pages that changed (issue 7: preview latency). Deliberately kept across
# rebuilds; never used by `mkdocs build`.
_served: dict[str, int] = {}
_dirty = False
# Under `mkdocs serve` only: validated YAML by its text, so a rebuild parses only changed files;
# pages by what they are rendered from, so a rebuild renders only pages whose inputs changed.
_parse_cache: ParseCache = {}
_render_cache = RenderCache()


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


class _HtmlPage(Page):
    """A page `asskomm` rendered to HTML itself: MkDocs takes it as it is, without Markdown (issue 7)."""

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


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command, _dirty = command, dirty
    _served.clear()
    _parse_cache.clear()
    _render_cache.clear()


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _generated  # noqa: PLW0603 - replaced per build (see the module state above)
    _build, _generated = None, set()
    if not config.use_directory_urls:
        raise PluginError("asskomm: use_directory_urls must stay true (generated links assume it)")
    if not config.site_url:
        raise PluginError("asskomm: site_url is required (feeds need absolute links)")
    preview = preview_requested()
    if preview and _command not in (None, "serve"):
        # Embargoed and draft releases must never end up in a directory that could be published.
        raise PluginError("ASSKOMM_PREVIEW=1 ist nur mit „mkdocs serve“ erlaubt, nie beim Bauen der Website")
    try:
        _build = SiteBuild(_root(config), config.site_url, clock(), preview=preview,
                           parse_cache=_parse_cache if _command == "serve" else None,
                           render_cache=_render_cache if _command == "serve" else None)
        problems = _build.check(Path(config.docs_dir))
    except InputError as exc:
        raise PluginError(str(exc)) from None
    if problems:
        raise PluginError(problems.report())
    config.extra["asskomm_feeds"] = _build.feed_links({})
    if CREDIT_LINE not in (config.copyright or ""):
        config.copyright = f"{config.copyright or ''} · {CREDIT_LINE}".strip(" ·")
    if preview:
        log.info("Vorschau: Entwürfe und Meldungen mit Sperrfrist werden angezeigt – nicht veröffentlichen")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    titles = _nav_titles(config.nav)
    for page in _build.pages():
        file = _generated_file(config, page.src_uri, page.content, InclusionLevel.NOT_IN_NAV)
        _HtmlPage(titles.get(page.src_uri), file, config)
        files.append(file)
        _generated.add(page.src_uri)
    outputs: dict[str, str | bytes] = {**_build.feeds(), **_build.downloads(), **_build.redirect_files()}
    for path, content in outputs.items():
        files.append(_generated_file(config, path, content))
    for dest, source in _build.assets().items():
        files.append(File.generated(config, dest, abs_src_path=str(source)))
    if _dirty and _command == "serve":
        # A dirty rebuild skips unchanged sources, but pages with markers change with the records
        # and releases: such a page is rebuilt when its text with the markers expanded changed.
        for file in files:
            expanded = _build.marker_pages.get(file.src_uri)
            if expanded is not None and _changed_since_last_build(file.src_uri, expanded):
                file.is_modified = lambda: True  # type: ignore[method-assign]
    return files


def _generated_file(config: MkDocsConfig, src_uri: str, content: str | bytes,
                    inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
    file = _Generated.generated(config, src_uri, content=content, inclusion=inclusion)
    assert isinstance(file, _Generated)  # a classmethod of File: typed as File, made as cls
    if _dirty and _command == "serve":
        file.changed = _changed_since_last_build(src_uri, content)
    return file


def _changed_since_last_build(src_uri: str, content: str | bytes) -> bool:
    """Whether `src_uri` had other content in the previous build of this server (and remember it)."""
    digest = hash(content)
    changed = _served.get(src_uri) != digest
    _served[src_uri] = digest
    return changed


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    page.meta["asskomm_feeds"] = _build.feed_links(dict(page.meta))
    if page.file.src_uri in _generated:
        return markdown
    try:
        return _build.expand_markers(markdown, page.url, f"docs/{page.file.src_uri}")
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if _command == "serve":
        # MkDocs makes a new theme environment for every build, which compiled Material's ~40
        # templates again on every rebuild (0.3 s of a preview, issue 7).
        env.bytecode_cache = COMPILED_TEMPLATES.for_env(env)
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    root = _root(config)
    for folder in ("kommunen", "news", "data", "asskomm/templates"):
        if (root / folder).exists():
            server.watch(str(root / folder))
    return server
