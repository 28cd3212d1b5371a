"""Open placeholders for facts that only the authority can give.

Facts such as names, addresses, phone numbers and e-mail addresses are written in the
pages as a placeholder of exactly one form: two opening square brackets, the word
PLATZ-HALTER (without the hyphen, upper case), a colon, one space, what is needed (no
brackets, no line break, no trailing space), two closing square brackets.

They may appear only in the Markdown pages under docs/, nowhere else (not in data,
templates, code or configuration), so that filling them in is an edit of the pages alone.
This test prints the list of open placeholders and passes while they are open; it fails
only if a placeholder appears outside docs/ or is malformed.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
WORD = "PLATZ" + "HALTER"  # split so that this file does not hold the marker itself
#: The start of anything meant as a placeholder: two brackets, optional spaces, the word.
START = re.compile(r"\[\[\s*" + WORD, re.IGNORECASE)
#: A well-formed placeholder.
PLACEHOLDER = re.compile(r"\[\[" + WORD + r": ([^\[\]\n]*[^\[\]\s])\]\]")


def project_files() -> list[Path]:
    """Tracked and untracked-but-not-ignored files (git), else every file but caches."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO, capture_output=True, check=True,
        ).stdout.decode("utf-8")
        files = [REPO / name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "node_modules", "site", "test-artifacts", "__pycache__"}
        files = [p for p in REPO.rglob("*") if not skip & set(p.relative_to(REPO).parts)]
    return [f for f in files if f.is_file()]


def in_docs_pages(path: Path) -> bool:
    """A Markdown page under docs/ (symlinks to such pages count as the page itself)."""
    real = path.resolve()
    return real.suffix == ".md" and real.is_relative_to(DOCS.resolve())


def scan() -> tuple[dict[str, list[str]], list[str]]:
    open_items: dict[str, list[str]] = defaultdict(list)
    problems: list[str] = []
    for path in project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if not START.search(text):
            continue
        relative = path.relative_to(REPO).as_posix()
        allowed = in_docs_pages(path)
        if path.is_symlink() and allowed:
            continue  # counted at the page it points to
        for number, line in enumerate(text.splitlines(), 1):
            for match in START.finditer(line):
                where = f"{relative}:{number}"
                if not allowed:
                    problems.append(f"{where}: placeholder outside the docs/ pages: {line.strip()[:120]}")
                    continue
                well_formed = PLACEHOLDER.match(line, match.start())
                if not well_formed:
                    problems.append(f"{where}: malformed placeholder: {line[match.start():match.start() + 100]}")
                    continue
                open_items[well_formed.group(1)].append(where)
    return open_items, problems


def test_placeholders_only_in_docs_pages_and_well_formed() -> None:
    open_items, problems = scan()
    print(f"\n{sum(map(len, open_items.values()))} open placeholders, {len(open_items)} distinct facts needed:")
    for need, places in sorted(open_items.items()):
        print(f"  - {need}\n      {', '.join(places)}")
    assert not problems, "\n".join(problems)


def test_the_pattern_rejects_malformed_markers() -> None:
    good = f"[[{WORD}: Telefonnummer der Geschäftsstelle]]"
    assert PLACEHOLDER.fullmatch(good)
    for bad in (f"[[{WORD}:Telefon]]", f"[[{WORD}: ]]", f"[[{WORD}: Telefon]", f"[[ {WORD}: Telefon]]",
                f"[[{WORD.lower()}: Telefon]]", f"[[{WORD}: Telefon ]]"):
        assert START.match(bad) and not PLACEHOLDER.fullmatch(bad), bad
