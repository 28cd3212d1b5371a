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
