"""Text helpers: Unicode normalisation, slugs, German formatting."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"})
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTHS_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


def nfc(value: Any) -> Any:
    """Normalise every string in a loaded YAML value to NFC.

    Material's search and our slugs compare code points: an NFD "Zwönitz" would neither be found nor
    get the same URL as the NFC one.
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def slugify(name: str) -> str:
    """`Oelsnitz/Erzgeb.` -> `oelsnitz-erzgeb`, `Lößnitz` -> `loessnitz` (German transliteration)."""
    s = unicodedata.normalize("NFC", name).translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def german_date(d: date) -> str:
    """`23. Februar 2023`."""
    return f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year}"


def short_date(d: date) -> str:
    """`23.02.2023`."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def thousands(n: int) -> str:
    """German digit grouping with a narrow no-break space is not expected by readers here; use a dot."""
    return f"{n:,}".replace(",", ".")


def euro(amount: int) -> str:
    """`1100000` -> `1,1 Millionen Euro`; smaller amounts with digit grouping."""
    if amount >= 1_000_000:
        millions = f"{amount / 1_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{millions} Millionen Euro"
    return f"{thousands(amount)} Euro"


# Characters that are refused in every text field and anywhere in a release or event file
# (`corpus.front_matter_of`; YAML records allow the zero-width ones outside their fields): they are
# invisible or reorder what is shown, so an editor cannot see what is published.
_BIDI = {0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO", 0x2066: "LRI", 0x2067: "RLI",
         0x2068: "FSI", 0x2069: "PDI", 0x200E: "LRM", 0x200F: "RLM", 0x061C: "ALM"}
_ZERO_WIDTH = {0x200B: "Leerzeichen ohne Breite", 0x200C: "ZWNJ", 0x200D: "ZWJ", 0x2060: "Wortverbinder",
               0xFEFF: "BOM", 0x00AD: "weiches Trennzeichen", 0x180E: "mongolischer Vokaltrenner"}
_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 0x1B: "ESC", 0x7F: "DEL", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR"}


def character_problem(ch: str, *, allow_zero_width: bool = False, allow_newline: bool = True) -> str | None:
    """Why `ch` may not stand in input text (German, naming the code point), or None."""
    cp = ord(ch)
    if ch == "\t" or (ch == "\n" and allow_newline):
        return None
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        name = _CONTROL_NAMES.get(cp, "")
        return f"Steuerzeichen U+{cp:04X}{' (' + name + ')' if name else ''} ist nicht erlaubt; entfernen"
    if cp in _BIDI:
        return f"U+{cp:04X} ({_BIDI[cp]}), unsichtbares Zeichen, das die Schreibrichtung ändert, ist nicht erlaubt; entfernen"
    if cp in _ZERO_WIDTH and not allow_zero_width:
        return f"U+{cp:04X}, unsichtbares Zeichen ({_ZERO_WIDTH[cp]}), ist nicht erlaubt; entfernen"
    if 0xD800 <= cp <= 0xDFFF or 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:
        return f"U+{cp:04X} ist kein Textzeichen; entfernen"
    return None


# The printable characters the loop below still looks at (its fast path's exceptions).
_NEEDS_A_LOOK = re.compile("[\u00ad\u061c\u180e\ufeff\u200b-\u206f\ufdd0-\U0010ffff]")


def text_problems(text: str, *, allow_zero_width: bool = False) -> list[tuple[int, int, str]]:
    """(line, column, message) for every refused character in `text`, both counted from 1."""
    found = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        if line.isprintable() and not _NEEDS_A_LOOK.search(line):
            continue  # the whole line takes the fast path below: checked at C speed (preview latency)
        for col, ch in enumerate(line, start=1):
            if ch.isprintable() and ch not in "\u00ad\u061c\u180e\ufeff" and not 0x200B <= ord(ch) <= 0x206F and ord(ch) < 0xFDD0:
                continue  # fast path: the common case
            problem = character_problem(ch, allow_zero_width=allow_zero_width)
            if problem:
                found.append((line_no, col, problem))
    return found


def field_text_problem(value: str) -> str | None:
    """The first refused character of a one-line field value, with its position, or None."""
    for i, ch in enumerate(value, start=1):
        problem = character_problem(ch, allow_newline=True)
        if problem:
            return f"Zeichen {i}: {problem}"
    return None


def has_visible_text(value: str) -> bool:
    """Whether `value` shows anything: a letter, digit, punctuation mark or symbol."""
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in value)
