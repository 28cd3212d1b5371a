"""Gaps in the hand-written pages that only the LPR can fill (Impressum, Datenschutz, …).

A gap is written in `docs/*.md` as two opening square brackets, the upper-case word PLATZ-HALTER
(without the hyphen), a colon and a space, what is needed, and two closing brackets (the form
`tests/test_placeholders.py` enforces). The publishing build (`asskomm build`) refuses while any is
left and lists each with file and line; `asskomm build --entwurf` builds a staging site instead,
and `./dev serve` shows every gap highlighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

WORD = "PLATZ" + "HALTER"  # split so that this file holds no placeholder itself
PATTERN = re.compile(r"\[\[" + WORD + r": ([^\[\]\n]*[^\[\]\s])\]\]")


@dataclass(frozen=True)
class Gap:
    path: str  # relative to the project, e.g. docs/impressum.md
    line: int
    need: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: Platzhalter „{self.need}“"


def scan(root: Path) -> list[Gap]:
    """Every gap in the Markdown pages under `root/docs`, in file and line order."""
    gaps = []
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            gaps += [Gap(path.relative_to(root).as_posix(), number, m[1]) for m in PATTERN.finditer(line)]
    return gaps


def highlight(markdown: str) -> str:
    """The page with each gap shown as a marked "Fehlt: …" (preview and staging site only)."""
    return PATTERN.sub(lambda m: f'<mark class="asskomm-luecke">Fehlt: {escape(m[1])}</mark>', markdown)
