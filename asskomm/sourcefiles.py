"""Reading the project's input files: the checks every text file and every register gets alike.

Releases and events are read by `read_text`; the registers of published releases and events
(`news/veroeffentlicht.yml`, `veranstaltungen/veroeffentlicht.yml`) by `load_register`. Problems go
to the `Problems` of the check, with the file and a fix.
"""

from __future__ import annotations

from pathlib import Path

from . import yamlsafe
from .problems import Problems
from .text import nfc


def read_text(path: Path, max_bytes: int, problems: Problems) -> str | None:
    """The file's text (UTF-8, with or without BOM; NFC; `\\n` line ends), or None after a problem."""
    raw = path.read_bytes()
    if len(raw) > max_bytes:
        problems.add(path, None, "", f"Datei ist zu groß ({len(raw) // 1024} KB, höchstens {max_bytes // 1024} KB)")
        return None
    try:
        text: str = nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problems.add(path, None, "", f"Datei ist nicht UTF-8 kodiert (Byte {exc.start}); als UTF-8 speichern")
        return None
    return text.replace("\r\n", "\n")


def load_register(path: Path, problems: Problems) -> yamlsafe.Document | None:
    """A register file (data and lines), or None when there is none yet or it cannot be read (a problem)."""
    if not path.is_file():
        return None
    try:
        doc = yamlsafe.load(path.read_text(encoding="utf-8-sig"))
    except yamlsafe.YamlProblem as exc:
        problems.add(path, exc.line, "", exc.message)
        return None
    return doc
