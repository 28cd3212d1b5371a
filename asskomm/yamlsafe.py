"""A strict YAML reader for records and front matter.

PyYAML implements YAML 1.1, whose implicit typing surprises editors: `01067` becomes the octal 567,
`no` becomes False, `1:20` becomes 80, unquoted dates become `date` objects; duplicate keys are
silently overwritten and aliases can expand without bound. This reader composes the node tree with
the safe loader and builds Python values itself:

- scalars resolve only to str, int (decimal without leading zero), float, true/false and null;
  everything else (dates, `no`, `01067`, `1:20`) stays a string for the schema to check;
- duplicate keys, anchors/aliases and explicit tags other than the core ones are errors;
- every key's line is recorded, so schema errors can name the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, Event, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .text import nfc

MAX_BYTES = 512 * 1024  # a record or a release front matter is a few KB; refuse megabytes quickly
MAX_DEPTH = 12          # records nest four levels at most
MAX_NODES = 20_000

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_CORE = "tag:yaml.org,2002:"
_IMPLICIT = "tag:asskomm,implicit"  # a plain scalar that this reader types itself
_ALLOWED_TAGS = {_IMPLICIT, _CORE + "str", _CORE + "map", _CORE + "seq"}

Path_ = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass
class Document:
    """A loaded YAML document and the line of every key and list item in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Path_) -> int | None:
        """The line of the deepest known node on the way to `loc` (pydantic error locations)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


def _line(event: Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark else None


class _Loader(yaml.SafeLoader):
    """Composes nodes only; refuses aliases and anchors while composing, before anything expands."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        if isinstance(event, AliasEvent):
            raise YamlProblem(_line(event), "YAML-Aliase (*name) sind nicht erlaubt; Wert ausschreiben")
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None:
            raise YamlProblem(_line(event), "YAML-Anker (&name) sind nicht erlaubt; Wert ausschreiben")
        return super().compose_node(parent, index)

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        # Called only for nodes without an explicit tag: defer scalar typing to `_scalar`.
        if kind is ScalarNode:
            return _IMPLICIT
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag


_CLoader = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same typing rule as `_Loader`, composed by libyaml (C)."""

        def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                return _IMPLICIT
            tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            return tag


def _compose_fast(text: str) -> Node | None:
    """Compose with libyaml when the document is clean; None sends it to the Python loader.

    Loading 2,400 files with the pure-Python composer was the largest part of our own build time
    (issue 7 profile). Anything unusual (an anchor, an alias, a syntax error) goes through `_Loader`,
    so problems are reported exactly as before, with the same messages and lines.
    """
    if _CLoader is None:
        return None
    try:
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                return None
        loader = _CLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError):
        return None


def load(text: str, *, line_offset: int = 0) -> Document:
    """Parse one YAML document; raises YamlProblem with a 1-based line on any problem."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise YamlProblem(None, f"Datei ist zu groß (mehr als {MAX_BYTES // 1024} KB YAML)")
    text = text.lstrip("\ufeff")
    node = _compose_fast(text)
    if node is not None:
        return _document(node, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except YamlProblem as exc:
        raise YamlProblem(exc.line and exc.line + line_offset, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = exc.problem or "ungültiges YAML"
        hint = ""
        if "\\t" in what or "\t" in what:
            hint = " (Tabulatoren sind in YAML nicht erlaubt; mit Leerzeichen einrücken)"
        col = f", Spalte {mark.column + 1}" if mark else ""
        raise YamlProblem(line, f"YAML-Syntaxfehler{col}: {what}{hint}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(None, f"YAML-Fehler: {exc}") from None
    except RecursionError:
        raise YamlProblem(None, "YAML ist zu tief verschachtelt") from None
    finally:
        loader.dispose()
    return _document(node, line_offset)


def _document(node: Node | None, line_offset: int) -> Document:
    doc = Document(None)
    if node is None:
        doc.data = {}
        return doc
    counter = [0]
    doc.data = _build(node, (), doc, 0, counter, line_offset)
    return doc


def _build(node: Node, path: Path_, doc: Document, depth: int, counter: list[int], off: int) -> Any:
    counter[0] += 1
    line = node.start_mark.line + 1 + off
    if depth > MAX_DEPTH:
        raise YamlProblem(line, f"YAML ist zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen)")
    if counter[0] > MAX_NODES:
        raise YamlProblem(line, f"YAML hat zu viele Einträge (mehr als {MAX_NODES})")
    if node.tag not in _ALLOWED_TAGS:
        raise YamlProblem(line, f"YAML-Tag {node.tag!r} ist nicht erlaubt (nur einfache Werte, Listen und Zuordnungen)")
    doc.lines.setdefault(path, line)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + off
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(key_line, "Schlüssel müssen einfache Namen sein")
            key = nfc(key_node.value)
            if key == "<<":
                raise YamlProblem(key_line, "YAML-Merge-Schlüssel (<<) sind nicht erlaubt")
            if key in result:
                first = doc.lines.get((*path, key))
                raise YamlProblem(key_line, f"Schlüssel {key!r} steht doppelt (zuerst in Zeile {first}); einen entfernen")
            doc.lines[(*path, key)] = key_line
            result[key] = _build(value_node, (*path, key), doc, depth + 1, counter, off)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            doc.lines[(*path, i)] = item.start_mark.line + 1 + off
            items.append(_build(item, (*path, i), doc, depth + 1, counter, off))
        return items
    assert isinstance(node, ScalarNode)  # the composer makes no other kind
    return _scalar(node)


def _scalar(node: ScalarNode) -> Any:
    value = nfc(node.value)
    if node.style not in (None, "") or node.tag != _IMPLICIT:  # libyaml marks plain as ""
        return value  # quoted or block scalars, and explicit !!str, are always strings
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value
