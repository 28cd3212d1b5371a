"""Stable digests of what a page, fragment or file is made from: the one place cache keys come from (issue 13).

`mkdocs serve` keeps what the last build rendered (`pages.RenderCache`). A page is taken from there
only when the digest of its whole input, the context its template gets, is the same; nothing names
"what the template reads" by hand, so a page cannot be stale while its context says something else.

Values are digested by their data: text, numbers, dates, lists, dicts, sets, pydantic models and
frozen dataclasses by their fields (as JSON; a text and a `Markup` of the same text, a list and a
tuple, are the same data). Domain objects that are shared by many pages have a token of their own
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
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from types import FunctionType
from typing import Any, Generic, TypeVar

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
            self._value = self.fn(*(a.value if isinstance(a, Text) else a for a in self.args))
        return self._value


class Text:
    """A long text as an argument of a `Lazy` call (a release's Markdown): digested by its SHA-256
    alone, which costs a fifth of writing it into the digest's JSON."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value


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
        self._fields: dict[type, tuple[str, ...] | None] = {}  # frozen dataclass -> its compared fields; None: not one
        self._json = json.JSONEncoder(default=self._default, ensure_ascii=False, separators=(",", ":"), check_circular=False)

    def digest(self, value: Any) -> str:
        # The C JSON encoder walks text, numbers, lists and dicts; `_default` gives it the rest. (A
        # walk in Python cost 0.25 s of every rebuild at full scale; this, a fraction of it.)
        try:
            text = self._json.encode(value)
        except TypeError as exc:  # a dict key that is neither text nor a number
            raise FingerprintError(f"Seitenkontext: {exc}") from None
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _token(self, value: Any, token: Token) -> str:
        known = self._known.get(id(value))
        if known is None or known[0] is not value:
            known = self._known[id(value)] = (value, token(value))
        return known[1]

    def _dataclass_fields(self, cls: type) -> tuple[str, ...] | None:
        if cls not in self._fields:
            frozen = dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
            self._fields[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.compare) if frozen else None
        return self._fields[cls]

    def _default(self, v: Any) -> Any:
        """What JSON cannot write itself, as something it can (tagged, so that no plain value gives the same text)."""
        token = self.tokens.get(type(v))
        if token is not None:
            return {"\0t": f"{type(v).__qualname__}:{self._token(v, token)}"}
        if isinstance(v, datetime | date | time):
            return {"\0d": f"{type(v).__name__}:{v.isoformat()}:{getattr(v, 'tzinfo', None)!s}"}
        if isinstance(v, set | frozenset):
            return {"\0s": sorted(self.digest(item) for item in v)}
        if isinstance(v, Lazy):
            return {"\0L": f"{v.fn.__module__}.{v.fn.__qualname__}", "args": v.args}
        if isinstance(v, FunctionType) and v.__closure__ is None:  # a module's function: by its name
            return {"\0f": f"{v.__module__}.{v.__qualname__}"}
        if isinstance(v, Text):
            return {"\0x": hashlib.sha256(v.value.encode("utf-8", "surrogatepass")).hexdigest()}
        if isinstance(v, Scratch):
            return {"\0S": ""}
        if isinstance(v, BaseModel):
            return {"\0p": f"{type(v).__qualname__}:{v.model_dump_json()}"}
        names = self._dataclass_fields(type(v))
        if names is not None:
            return {"\0c": type(v).__qualname__, "fields": [getattr(v, name) for name in names]}
        # A live object (`SiteView`, `EventView`, a path, a function with state): its data is not in the key.
        raise FingerprintError(
            f"Seitenkontext: ein Wert vom Typ {type(v).__qualname__} hat keinen Fingerabdruck; "
            "dem Template die Daten selbst geben (Text, Zahlen, Listen, Datensätze) oder in "
            "asskomm/pages.py (Renderer.tokens) ein Token für den Typ eintragen")


def resolve(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as a template gets it: `Lazy` values computed, `Scratch` values unwrapped."""
    return {k: v.value() if isinstance(v, Lazy) else v.value if isinstance(v, Scratch) else v for k, v in context.items()}
