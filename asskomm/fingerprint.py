"""Stable digests of what a page, fragment or file is made from: the one place cache keys come from (issue 13).

`mkdocs serve` keeps what the last build rendered (`pages.RenderCache`). A page is taken from there
only when the digest of its whole input, the context its template gets, is the same; nothing names
"what the template reads" by hand, so a page cannot be stale while its context says something else.

Values are digested by their data: text, numbers, dates, lists, dicts, sets, pydantic models and
frozen dataclasses by their fields. Domain objects that are shared by many pages have a token of their own
(`tokens`, set per build by the renderer, computed once per object and build): a municipality is the
digest of all records, a release its metadata, an event its metadata and calendar state. A value of
any other type (a `SiteView`, a function) is an error: it would let a template read data the key
does not cover. Work that costs more than its inputs (a locator map, the growth chart) is passed as
a `Lazy` call of a pure function: digested by the function's name and arguments, computed only when
the page is rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from types import FunctionType
from typing import Any, Generic, TypeVar

from markupsafe import Markup
from pydantic import BaseModel

T = TypeVar("T")


class Lazy(Generic[T]):
    """`fn(*args)`, computed when first needed. `fn` must be a pure function of its arguments:
    the digest is its name and the digest of the arguments."""

    __slots__ = ("_value", "args", "fn")

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self.fn, self.args = fn, args

    def value(self) -> T:
        if not hasattr(self, "_value"):
            self._value = self.fn(*self.args)
        return self._value


class Scratch(Generic[T]):
    """A helper shared between calls that changes no result (a cache of Markdown conversions): not
    part of any digest."""

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value


class FingerprintError(TypeError):
    pass


Token = Callable[[Any], str]


class Fingerprinter:
    """Digests values; `tokens` maps a type to the token of its instances (see the module docstring)."""

    def __init__(self, tokens: Mapping[type, Token] | None = None) -> None:
        self.tokens: dict[type, Token] = dict(tokens or {})
        self._known: dict[int, tuple[Any, str]] = {}  # id -> (object, token): the object keeps the id alive

    def digest(self, value: Any) -> str:
        parts: list[str] = []
        self._feed(value, parts)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def _token(self, value: Any, token: Token) -> str:
        known = self._known.get(id(value))
        if known is None or known[0] is not value:
            known = self._known[id(value)] = (value, token(value))
        return known[1]

    def _feed(self, v: Any, out: list[str]) -> None:
        if v is None or isinstance(v, bool | int | float):
            out.append(f"{type(v).__name__}:{v!r}")
            return
        if isinstance(v, str):
            out.append(("m:" if isinstance(v, Markup) else "s:") + v)
            return
        if isinstance(v, datetime | date | time):
            out.append(f"{type(v).__name__}:{v.isoformat()}:{getattr(v, 'tzinfo', None)!s}")
            return
        token = self.tokens.get(type(v))
        if token is not None:
            out.append(f"t:{type(v).__qualname__}:{self._token(v, token)}")
            return
        if isinstance(v, list | tuple):
            out.append(f"[{len(v)}")
            for item in v:
                self._feed(item, out)
            out.append("]")
            return
        if isinstance(v, Mapping):
            out.append(f"{{{len(v)}")
            for key, item in v.items():
                self._feed(key, out)
                self._feed(item, out)
            out.append("}")
            return
        if isinstance(v, set | frozenset):
            out.append(f"<{len(v)}")
            out.extend(sorted(self.digest(item) for item in v))
            out.append(">")
            return
        if isinstance(v, Lazy):
            out.append(f"L:{v.fn.__module__}.{v.fn.__qualname__}")
            self._feed(v.args, out)
            return
        if isinstance(v, FunctionType) and v.__closure__ is None:  # a module's function: by its name
            out.append(f"f:{v.__module__}.{v.__qualname__}")
            return
        if isinstance(v, Scratch):
            out.append("S")
            return
        if isinstance(v, BaseModel):
            out.append(f"p:{type(v).__qualname__}:{v.model_dump_json()}")
            return
        if dataclasses.is_dataclass(v) and not isinstance(v, type) and type(v).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            out.append(f"c:{type(v).__qualname__}(")
            for f in dataclasses.fields(v):
                if f.compare:
                    self._feed(getattr(v, f.name), out)
            out.append(")")
            return
        # A live object (`SiteView`, `EventView`, a path, a function with state): its data is not in the key.
        raise FingerprintError(
            f"Seitenkontext: ein Wert vom Typ {type(v).__qualname__} hat keinen Fingerabdruck; "
            "dem Template die Daten selbst geben (Text, Zahlen, Listen, Datensätze) oder in "
            "asskomm/pages.py (Renderer.tokens) ein Token für den Typ eintragen")


def resolve(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as a template gets it: `Lazy` values computed, `Scratch` values unwrapped."""
    return {k: v.value() if isinstance(v, Lazy) else v.value if isinstance(v, Scratch) else v for k, v in context.items()}
