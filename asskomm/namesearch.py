"""Find a Saxon municipality by name, however the user types it.

Users type "Loessnitz", "Lossnitz" or "lößnitz" for `Lößnitz`, and "krauschwitz" for BKG's
`Krauschwitz i.d. O.L.`. Three keys do the work:

- `search_key(name)`: the base name, NFC, case-folded, umlauts transliterated (ä→ae, ö→oe, ü→ue,
  ß→ss), with regional suffixes (`/Erzgeb.`, `i.d. O.L.`, `a.d. Eigen`, `, Stadt`) and punctuation
  removed. `Oelsnitz/Erzgeb.` and `Oelsnitz/Vogtl.` share the key `oelsnitz`.
- `_loose(key)`: the same key with the transliterations folded to the plain vowel (ae→a, oe→o,
  ue→u), so "Lossnitz" meets "Lößnitz". It is applied to both sides, so it cannot miss a match;
  it can only merge names, and the ranking puts stricter matches first.
- `_full_key(name)`: like `search_key` but keeps the suffix, so the query "Oelsnitz/Erzgeb." ranks
  the Erzgebirge town above the Vogtland one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_LOOSE_RE = re.compile(r"(ae|oe|ue)")
# A suffix starts at "/" or "," ("Oelsnitz/Erzgeb.", "Lugau/Erzgeb., Stadt") or at a short
# locative such as "i.d.", "a. d.", "b.", "im", "in", "am", "an der", "bei" followed by more text.
_SUFFIX_RE = re.compile(
    r"(\s*[/,(].*$)"
    r"|(\s+(?:i\.?\s?d\.?|a\.?\s?d\.?|b\.|bei|im|in|am|an\s+der|an)\s+\S.*$)"
)
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")

RANK_EXACT = 0  # the full name with its suffix, e.g. "oelsnitz/erzgeb."
RANK_BASE = 1  # the base name, e.g. "oelsnitz"
RANK_LOOSE = 2  # the base name with plain vowels, e.g. "lossnitz"
RANK_PREFIX = 3  # the name starts with the query
RANK_WORD_PREFIX = 4  # a later word of the name starts with the query ("schlema" → "Aue-Bad Schlema")
RANK_SUBSTRING = 5


_CASED_AE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_CASED_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "A", "Ö": "O", "Ü": "U"})


def _translit(text: str) -> str:
    s = unicodedata.normalize("NFC", text).casefold()
    # casefold() turns "ß" into "ss" already; the table handles the umlauts.
    s = s.translate(_TRANSLIT)
    # Any other accent (é, č in Sorbian names) is dropped to its base letter.
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return s


def _words(text: str) -> str:
    return " ".join(_NON_ALNUM_RE.sub(" ", text).split())


def search_key(name: str) -> str:
    """The base name as a comparable key: `Oelsnitz/Erzgeb.` → `oelsnitz`, `Lößnitz` → `loessnitz`."""
    s = unicodedata.normalize("NFC", name).strip()
    s = _SUFFIX_RE.sub("", s)
    return _words(_translit(s))


def _full_key(name: str) -> str:
    return _words(_translit(name))


def _loose(key: str) -> str:
    """`loessnitz` → `lossnitz`: fold the transliterated umlauts to the plain vowel."""
    return _LOOSE_RE.sub(lambda m: m.group(1)[0], key)


@lru_cache(maxsize=8)
def _index(names: tuple[str, ...]) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((n, _full_key(n), search_key(n), _loose(search_key(n))) for n in names)


def _query_keys(query: str) -> tuple[str, str, str, str]:
    q_full = _full_key(query)
    q_base = search_key(query)
    return q_full, q_base, _loose(q_base), _loose(q_full)


def _rank(q: tuple[str, str, str, str], full: str, base: str, loose: str) -> int | None:
    q_full, q_base, q_loose, q_loose_full = q
    if not q_full:
        return None
    if q_full == full:
        return RANK_EXACT
    if q_base and q_base == base:
        return RANK_BASE
    if q_loose and q_loose == loose:
        return RANK_LOOSE
    full_loose = _loose(full)
    if full.startswith(q_full) or full_loose.startswith(q_loose_full):
        return RANK_PREFIX
    words = full_loose.split(" ")
    if any(" ".join(words[i:]).startswith(q_loose_full) for i in range(1, len(words))):
        return RANK_WORD_PREFIX
    if q_loose_full in full_loose or q_loose_full.replace(" ", "") in full_loose.replace(" ", ""):
        return RANK_SUBSTRING
    return None


def find(query: str, names: Iterable[str], limit: int | None = None) -> list[str]:
    """The names matching `query`, best first: exact, base name, plain vowels, prefix, word prefix, substring.

    Names of equal rank keep a stable, alphabetical order (by their key). An empty or
    punctuation-only query finds nothing.
    """
    q = _query_keys(query)
    scored: list[tuple[int, str, str]] = []
    for name, full, base, loose in _index(tuple(names)):
        r = _rank(q, full, base, loose)
        if r is not None:
            scored.append((r, full, name))
    scored.sort()
    result = [name for _, _, name in scored]
    return result if limit is None else result[:limit]


def search_aliases(name: str) -> list[str]:
    """Spelling variants of `name` to add to its page as hidden search keywords.

    The search matches words: a page titled "Lößnitz" is not found by "Loessnitz" (Pagefind's German
    stemmer folds "ß" and the umlauts, not "oe"). The aliases cover the transliteration, the plain vowels, the name without its
    regional suffix, and a leading "Oe"/"Ae"/"Ue" written as an umlaut or a plain vowel ("Oelsnitz" →
    "Ölsnitz", "Olsnitz").
    The name itself is not repeated; the order is stable.
    """
    name = unicodedata.normalize("NFC", name).strip()
    base = _SUFFIX_RE.sub("", name).strip()
    candidates: list[str] = []
    for form in (name, base):
        translit = form.translate(_CASED_AE)
        plain = form.translate(_CASED_PLAIN)
        candidates += [form, translit, plain]
        # "Oelsnitz" is often typed "Ölsnitz"; only a leading Oe/Ae/Ue is safe to turn back.
        m = re.match(r"^(Ae|Oe|Ue)(?=[a-z])", form)
        if m:
            candidates.append({"Ae": "Ä", "Oe": "Ö", "Ue": "Ü"}[m.group(1)] + form[2:])
            # ... and on a keyboard without umlauts, "Ölsnitz" becomes "Olsnitz".
            candidates.append(m.group(1)[0] + form[2:])
    # Hyphenated words as separate words ("Aue-Bad Schlema" → "Aue Bad Schlema").
    candidates.append(" ".join(re.sub(r"[/\-.,]+", " ", base).split()))
    seen = {name}
    aliases: list[str] = []
    for candidate in candidates:
        c = candidate.strip()
        if c and c not in seen:
            seen.add(c)
            aliases.append(c)
    return aliases
