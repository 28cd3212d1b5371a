"""Turn pydantic validation errors into one German line each, with what is allowed and a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails


def suggest(value: str, allowed: Iterable[str]) -> str:
    """` (meinten Sie „x“?)` for a near miss, else ``."""
    options = list(allowed)
    # A slug typed without its suffix ("oelsnitz" for "oelsnitz-erzgeb") is the likeliest slip;
    # for file paths compare without the ".md" ending.
    stem = value[:-3] if value.endswith(".md") else value
    prefixed = sorted(o for o in options if o.startswith(stem + "-"))
    match = prefixed[:1] or difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" (meinten Sie „{match[0]}“?)" if match else ""


def field_path(loc: Sequence[Any]) -> str:
    """`("milestones", 0, "date")` -> `milestones[1].date` (1-based, as editors count list items)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(model: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class whose field set applies at `loc` (for listing allowed keys)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    """One German sentence for one pydantic error."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        return f"unbekanntes Feld{suggest(str(loc[-1]), allowed)}; erlaubt: {', '.join(allowed)}"
    if kind == "missing":
        return "Pflichtfeld fehlt"
    if kind == "literal_error":
        expected = [e.strip().strip("'") for e in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        return f"„{value}“ ist nicht erlaubt{suggest(str(value), expected)}; erlaubt: {', '.join(expected)}"
    if kind == "string_type":
        if isinstance(value, bool):
            return f"muss Text sein, YAML hat {value!r} als Wahrheitswert gelesen; in Anführungszeichen setzen"
        return f"muss Text sein (gefunden: {type(value).__name__} {value!r}); in Anführungszeichen setzen"
    if kind == "bool_type":
        return f"muss true oder false sein (gefunden: {value!r})"
    if kind in ("list_type", "tuple_type"):
        return f"muss eine Liste sein (Einträge mit „- “ beginnen), gefunden: {type(value).__name__}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"muss eine Zuordnung mit Feldern sein (feld: wert), gefunden: {type(value).__name__}"
    if kind == "string_pattern_mismatch":
        return f"„{value}“ hat nicht die erlaubte Form ({_pattern_hint(loc, ctx.get('pattern', ''))})"
    if kind == "string_too_short":
        return "darf nicht leer sein"
    if kind == "string_too_long":
        return f"ist zu lang (höchstens {ctx.get('max_length')} Zeichen)"
    if kind == "too_short":
        return f"braucht mindestens {ctx.get('min_length')} Einträge"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


def _pattern_hint(loc: Sequence[Any], pattern: str) -> str:
    name = str(loc[-1]) if loc and not isinstance(loc[-1], int) else str(loc[-2]) if len(loc) > 1 else ""
    hints = {
        "ags": "8 Ziffern, beginnt mit 14, z. B. 14521470",
        "id": "UUID wie 3f2b8c1e-6a4d-4e7b-9c1a-2b3c4d5e6f70; mit „asskomm neue-meldung“ erzeugen",
        "source": "vollständige Adresse mit https://",
        "url": "vollständige Adresse mit https://",
        "sources": "vollständige Adresse mit https://",
        "kommunen": "Kurzname einer Kommune, z. B. oelsnitz-erzgeb",
        "members": "Kurzname einer Kommune, z. B. oelsnitz-erzgeb",
        "postal_code": "5 Ziffern in Anführungszeichen, z. B. \"01067\"",
        "src": "Kleinbuchstaben, Ziffern, - . _ /, Endung .jpg, .png oder .webp; SVG ist nicht erlaubt",
        "email": "name@domain.de",
        "phone": "Ziffern, Leerzeichen, + ( ) / -",
    }
    return hints.get(name, f"Muster {pattern}")


def explain(exc: ValidationError, model: type[BaseModel]) -> list[tuple[tuple[Any, ...], str, str]]:
    """`(loc, field path, message)` for every error of one validation."""
    return [(tuple(e["loc"]), field_path(e["loc"]), describe(e, model)) for e in exc.errors()]
