"""The committed register of published release IDs (`news/veroeffentlicht.yml`).

A release's `id` is its identity for feed readers: changing it after publication makes every reader
show the release again as new, and giving a deleted release's id to a new one makes readers take the
new one for the old. The register maps each published id to the file name it was published under and
keeps it when the release is deleted; the check compares every release against it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .corpus import Release
from .problems import Problems
from .sourcefiles import load_register

REGISTER = Path("news") / "veroeffentlicht.yml"
HEADER = (
    "# Register der veröffentlichten Pressemitteilungen: id -> Dateiname.\n"
    "# Wird von „asskomm register“ fortgeschrieben; Einträge nie von Hand ändern oder löschen.\n"
)


def read(root: Path, problems: Problems) -> dict[str, str]:
    path = root / REGISTER
    doc = load_register(path, problems)
    data = (doc.data if doc else None) or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        problems.add(path, 1, "", "erwartet Zeilen der Form „<id>: <dateiname>“")
        return {}
    return data


def check(root: Path, releases: list[Release], problems: Problems) -> None:
    """A registered file name keeps its registered id; a registered id is never given to another
    release. A renamed file (same date, `asskomm register` moves the entry) keeps its id."""
    register = read(root, problems)
    by_name = {name: rid for rid, name in register.items()}
    present = {r.slug for r in releases}
    for r in releases:
        old = by_name.get(r.slug)
        if old is not None and old != r.meta.id:
            problems.add(r.path, 2, "id",
                         f"die ID wurde nach der Veröffentlichung geändert (veröffentlicht als {old}); alte ID wiederherstellen, "
                         "sonst zeigen Feed-Reader die Meldung erneut als neu")
        owner = register.get(r.meta.id)
        if owner is not None and owner != r.slug and owner not in present and owner[:10] != r.slug[:10]:
            problems.add(r.path, 2, "id",
                         f"die ID gehörte der veröffentlichten Meldung „{owner}“ (news/veroeffentlicht.yml), die es nicht mehr gibt; "
                         "eine ID wird nie wieder vergeben, sonst halten Feed-Reader diese Meldung für die alte: "
                         "mit „asskomm neue-meldung“ eine neue ID erzeugen")


def update(root: Path, releases: list[Release], now: datetime) -> int:
    """Add every public release to the register (renamed files move their entry); returns how many changed."""
    problems = Problems(root)
    register = read(root, problems)
    changed = 0
    for r in releases:
        if r.is_public(now) and register.get(r.meta.id) != r.slug:
            register[r.meta.id] = r.slug
            changed += 1
    if changed:
        lines = [f"{rid}: {name}" for rid, name in sorted(register.items(), key=lambda kv: (kv[1], kv[0]))]
        (root / REGISTER).write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return changed
