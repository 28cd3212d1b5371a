"""Markers in hand-written pages that the build replaces with derived figures and lists.

`{{ zahl:kooperationsvereinbarungen }}`, `{{ stand }}`, `{{ zaehler }}`, `{{ neueste-meldungen }}`,
`{{ kommunen:<meilenstein> }}`. An unknown marker is an error naming the file and line, never
silently left in the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .counters import COUNTER_BY_KEY
from .messages import suggest
from .pages import Renderer
from .siteview import SiteView
from .problems import Problem
from .text import german_date, thousands
from .vocabulary import MILESTONES

MARKER = re.compile(r"\{\{\s*([a-z][a-z-]*)(?::([a-z0-9-]+))?\s*\}\}")


class MarkerError(ValueError):
    """Unknown or unusable markers: every problem of one page, as problem objects (file, line, message)."""

    def __init__(self, problems: list[Problem] | str):
        # A marker's own function raises it with a message only; `expand` adds file and line.
        self.problems = problems if isinstance(problems, list) else []
        self.message = problems if isinstance(problems, str) else ""
        super().__init__("\n".join(str(p) for p in self.problems) or self.message)


def _known() -> list[str]:
    return (["stand", "zaehler", "neueste-meldungen"] + [f"zahl:{k}" for k in COUNTER_BY_KEY]
            + [f"kommunen:{k}" for k in MILESTONES])


def _zahl(view: SiteView, counter: str) -> str:
    """A counter in running text: with the LPR's newest published figure where there is one, and
    never a bare 0 (issue 14: the records are incomplete)."""
    value = view.counts[counter]
    published = view.published.get(counter)
    if published is None:
        return thousands(value) if value else "keine Angaben erfasst"
    recorded = f"{thousands(value)} erfasst" if value else "keine erfasst"
    return f"{recorded}; laut LPR {thousands(published.value)} {published.figure.date.when()} ([Quelle]({published.figure.source}))"


def expand(markdown: str, renderer: Renderer, page_url: str, source: str,
           extra: dict[str, Callable[[], str]] | None = None) -> str:
    """Replace every marker; collect all unknown ones and raise one MarkerError listing them."""
    view = renderer.view
    extra = extra or {}
    errors: list[Problem] = []

    def replace(m: re.Match[str]) -> str:
        name, arg = m[1], m[2]
        if name == "stand" and arg is None:
            return german_date(view.today)
        if name == "zahl" and arg in COUNTER_BY_KEY:
            return _zahl(view, arg)
        if name == "zaehler" and arg is None:
            return renderer.counter_box(page_url)
        if name == "neueste-meldungen" and arg is None:
            return renderer.latest_releases(page_url)
        if name == "kommunen" and arg in MILESTONES:
            return renderer.milestone_list(page_url, arg)
        if arg is None and name in extra:
            try:
                return extra[name]()
            except MarkerError as exc:
                errors.append(Problem(source, markdown.count("\n", 0, m.start()) + 1, "", exc.message))
                return m[0]
        line = markdown.count("\n", 0, m.start()) + 1
        written = m[0]
        errors.append(Problem(source, line, "", f"unbekannter Platzhalter {written}"
                              f"{suggest(name + (':' + arg if arg else ''), _known() + list(extra))}; erlaubt: "
                              + ", ".join("{{ " + k + " }}" for k in _known() + list(extra))))
        return written

    result = MARKER.sub(replace, markdown)
    if errors:
        raise MarkerError(errors)
    return result
