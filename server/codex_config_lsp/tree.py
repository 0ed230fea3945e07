"""The TOML document as nested data, with the source of every key.

``build`` applies TOML's definition rules to the scanned statements: keys
land in the table their header or dotted key names, and defining a key or a
table twice is a problem (Codex refuses such a file). Values that did not
scan (missing, invalid, unterminated) are left out of the data: the scan has
already reported them, and checking them again would say the same thing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .problems import Problem
from .syntax import (
    MAX_NESTING,
    Array,
    Header,
    InlineTable,
    Key,
    KeyValue,
    ParsedDocument,
    Scalar,
    Statement,
    Value,
    gc_paused,
)
from .text import LineIndex, Span

KeyPath = tuple[str | int, ...]

# The deepest path the tree holds (keys, dotted parts, array items). Every
# layer above walks the data recursively; deeper input is reported instead.
MAX_DEPTH = MAX_NESTING


@dataclass(slots=True, unsafe_hash=True)
class Located:
    """Where a config path is written: the key that names it and its value or header."""

    path: KeyPath
    key: Key | None  # None for array items
    value: Value | None = None  # None for tables opened by a header
    header: Header | None = None

    @property
    def string(self) -> str | None:
        """The value when it is a complete string, else None."""
        value = self.value
        if isinstance(value, Scalar) and value.kind == "string" and value.closed:
            return str(value.value)
        return None

    @property
    def key_span(self) -> Span:
        if self.key is not None:
            return self.key.span
        return self.value.span if self.value is not None else Span(0, 0)

    @property
    def value_span(self) -> Span:
        if self.value is not None:
            return self.value.span
        return self.header.span if self.header is not None else self.key_span


@dataclass(frozen=True)
class Tree:
    data: dict[str, Any]
    locations: dict[KeyPath, Located]
    problems: tuple[Problem, ...]  # TOML's definition rules broken (`toml-syntax`)

    def get(self, path: KeyPath) -> object | None:
        node: object = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return None
                node = node[part]
            else:
                if not isinstance(node, dict) or part not in node:
                    return None
                node = node[part]
        return node

    @cached_property
    def _by_head(self) -> dict[object, list[Located]]:
        index: dict[object, list[Located]] = {}
        for path, located in self.locations.items():
            if path:
                index.setdefault(path[0], []).append(located)
        return index

    def matching(self, pattern: tuple[str, ...]) -> Iterator[Located]:
        """Locations whose path matches ``pattern``; ``*`` matches any one key."""
        candidates = self.locations.values() if pattern[0] == "*" else self._by_head.get(pattern[0], ())
        for located in candidates:
            if fits(located.path, pattern):
                yield located


def fits(path: KeyPath, pattern: tuple[str, ...]) -> bool:
    """True when ``path`` fits ``pattern``, where ``*`` stands for any one key."""
    return len(path) == len(pattern) and all(
        want == "*" or want == got for want, got in zip(pattern, path, strict=True)
    )


# How a table came to be; TOML allows different things for each.
_IMPLICIT, _HEADER, _DOTTED, _INLINE = "implicit", "header", "dotted", "inline"
_ORIGIN_CLASH = {
    _HEADER: "already defined by another header",
    _DOTTED: "already defined by dotted keys",
    _INLINE: "already defined as an inline table",
}
# Scalars the scan could not read; they stay out of the data, as unterminated strings do.
_UNREAD = frozenset({"missing", "invalid"})


def build(document: ParsedDocument) -> Tree:
    builder = _Builder(document.text)
    with gc_paused():
        builder.add_statements(document.statements)
    return Tree(builder.root, builder.locations, tuple(builder.problems))


class _Builder:
    """Tables are the plain dicts of the data; how each came to be is kept beside them, by id.

    Only tables made by headers and dotted keys are registered in ``origins`` (a
    table without an entry is an inline one). Those stay in the data from the
    moment they are made, so an id found there is always that table's: a value
    that is not one of them never has its id.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.root: dict[str, Any] = {}
        self.origins: dict[int, str] = {id(self.root): _HEADER}
        # Static arrays are values; arrays of tables grow by [[header]]s.
        self.table_arrays: set[int] = set()
        self.locations: dict[KeyPath, Located] = {}
        self.problems: list[Problem] = []

    def origin_of(self, value: object) -> str | None:
        """How ``value`` came to be a table; None when it is a plain value."""
        return self.origins.get(id(value), _INLINE) if isinstance(value, dict) else None

    def problem(self, span: Span, message: str) -> None:
        self.problems.append(Problem("toml-syntax", span, message))

    def too_deep(self, span: Span) -> None:
        self.problem(span, f"Keys and values nested deeper than {MAX_DEPTH} levels are not supported.")

    def first_seen(self, path: KeyPath) -> str:
        """` (first on line N)` for a message about a second definition of ``path``."""
        located = self.locations.get(path)
        if located is None:
            return ""
        return f" (first on line {self.lines.line_of(located.key_span.start) + 1})"

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def add_statements(self, statements: tuple[Statement, ...]) -> None:
        table: dict[str, Any] | None = self.root  # None under a broken header: reported already
        path: KeyPath = ()
        for statement in statements:
            if statement.__class__ is KeyValue:
                if table is not None:
                    self.set_pair(table, path, statement, False)
            elif statement.__class__ is Header:
                table, path = self.open_header(statement)

    # -- headers -----------------------------------------------------------

    def open_header(self, header: Header) -> tuple[dict[str, Any] | None, KeyPath]:
        """The table a header opens, and its path; None when it cannot open one."""
        keys = header.keys
        if not keys or not header.closed:
            return None, ()
        if len(keys) > MAX_DEPTH:
            self.too_deep(keys[MAX_DEPTH].span)
            return None, ()
        table = self.root
        path: KeyPath = ()
        for key in keys[:-1]:
            entry = self.descend(table, path, key, header)
            if entry is None:
                return None, ()
            table, path = entry
        last = keys[-1]
        name = last.name
        existing = table.get(name)
        path = path + (name,)
        if header.array:
            return self.open_array_item(table, path, last, header, existing)
        if existing is None:
            child = table[name] = {}
        else:
            origin = self.origin_of(existing)
            if origin != _IMPLICIT:
                what = _ORIGIN_CLASH.get(origin or "", "already set to a value")
                self.problem(
                    last.span,
                    f"Table `[{_dotted(path)}]` is {what}{self.first_seen(path)}: a table may be defined only once.",
                )
                return None, ()
            child = existing
        self.origins[id(child)] = _HEADER
        self.locations[path] = Located(path, last, None, header)
        return child, path

    def open_array_item(
        self, table: dict[str, Any], path: KeyPath, last: Key, header: Header, existing: object
    ) -> tuple[dict[str, Any] | None, KeyPath]:
        """``[[a.b]]``: a new table at the end of the array of tables ``path``."""
        if existing is None:
            items: list[Any] = []
            table[last.name] = items
            self.table_arrays.add(id(items))
        elif isinstance(existing, list) and id(existing) in self.table_arrays:
            items = existing
        else:
            self.problem(last.span, f"`{_dotted(path)}` is already defined as something other than an array of tables.")
            return None, ()
        child: dict[str, Any] = {}
        self.origins[id(child)] = _HEADER
        items.append(child)
        item_path = path + (len(items) - 1,)
        self.locations.setdefault(path, Located(path, last, None, header))
        self.locations[item_path] = Located(item_path, last, None, header)
        return child, item_path

    def descend(
        self, table: dict[str, Any], path: KeyPath, key: Key, header: Header
    ) -> tuple[dict[str, Any], KeyPath] | None:
        """Step into (or create) the parent table ``key`` of a header."""
        name = key.name
        path = path + (name,)
        existing = table.get(name)
        if existing is None:
            child = table[name] = {}
            self.origins[id(child)] = _IMPLICIT
            self.locations.setdefault(path, Located(path, key, None, header))
            return child, path
        if id(existing) in self.origins:
            return existing, path  # a table of headers or dotted keys: the common case, checked first
        if isinstance(existing, list) and id(existing) in self.table_arrays and existing:
            return existing[-1], path + (len(existing) - 1,)
        self.problem(  # a value, or an inline table
            key.span,
            f"`{_dotted(path)}` is already set to a value{self.first_seen(path)}, so it cannot hold a table.",
        )
        return None

    # -- key/value pairs ---------------------------------------------------

    def set_pair(self, table: dict[str, Any], path: KeyPath, pair: KeyValue, inline: bool) -> None:
        """``a.b = value`` in ``table`` (at ``path``); ``inline`` when that table is an inline one."""
        keys = pair.keys
        if len(keys) == 1 and len(path) < MAX_DEPTH:
            last = keys[0]  # the common case: one key, nothing to check on the way
        else:
            entry = self.dotted_table(table, path, keys, inline)
            if entry is None:
                return
            table, path = entry
            last = keys[-1]
        name = last.name
        path = path + (name,)
        if name in table:
            self.problem(
                last.span,
                f"Duplicate key `{_dotted(path)}`{self.first_seen(path)}: Codex refuses a file that sets a key twice.",
            )
            return
        if pair.eq is None:
            return
        value = pair.value
        if isinstance(value, Scalar):  # most values: read here, a call less for each
            converted = value.value if value.closed and value.kind not in _UNREAD else _SKIP
        else:
            converted = self.convert(value, path)  # registers the locations inside first
        located = _new(Located)  # see _new
        located.path = path
        located.key = last
        located.value = value
        located.header = None
        self.locations[path] = located
        if converted is not _SKIP:
            table[name] = converted

    def dotted_table(
        self, table: dict[str, Any], path: KeyPath, keys: tuple[Key, ...], inline: bool
    ) -> tuple[dict[str, Any], KeyPath] | None:
        """The table that ``a.b`` of ``a.b.c = value`` names (created as needed), and its path.

        None, with a problem, when there are too many keys or ``a.b`` is not a table dotted keys may add to.
        """
        if len(path) + len(keys) > MAX_DEPTH:
            self.too_deep(keys[max(0, MAX_DEPTH - len(path))].span)
            return None
        for key in keys[:-1]:
            name = key.name
            path = path + (name,)
            existing = table.get(name)
            if existing is None:
                child: dict[str, Any] = {}
                table[name] = child
                if not inline:
                    self.origins[id(child)] = _DOTTED
                self.locations.setdefault(path, Located(path, key, None, None))
                table = child
                continue
            origin = self.origin_of(existing)
            if origin is None or (origin in (_HEADER, _INLINE) and not inline):
                what = (
                    "a value"
                    if origin is None
                    else ("a table with its own header" if origin == _HEADER else "an inline table")
                )
                self.problem(
                    key.span,
                    f"`{_dotted(path)}` is already {what}{self.first_seen(path)}; dotted keys cannot add to it.",
                )
                return None
            table = existing
        return table, path

    def convert(self, value: Array | InlineTable, path: KeyPath) -> object:
        """The Python value of an array or inline table (``_SKIP`` for none), registering the locations inside."""
        if not value.closed:
            return _SKIP
        if isinstance(value, Array):
            return self.convert_array(value, path)
        table: dict[str, Any] = {}  # inline: not registered in origins
        for pair in value.pairs:
            self.set_pair(table, path, pair, True)
        return table

    def convert_array(self, array: Array, path: KeyPath) -> object:
        if len(path) >= MAX_DEPTH:
            self.too_deep(array.span)
            return _SKIP
        locations = self.locations
        items = []
        for index, item in enumerate(array.items):
            item_path = path + (index,)
            located = _new(Located)  # see _new
            located.path = item_path
            located.key = None
            located.value = item
            located.header = None
            locations[item_path] = located
            if isinstance(item, Scalar):  # most items: read here, a call less for each
                items.append(item.value if item.closed and item.kind not in _UNREAD else _SKIP)
            else:
                items.append(self.convert(item, item_path))
        # One broken item leaves the whole array out, so indices in the
        # data always match indices in the text.
        return _SKIP if _SKIP in items else items


_SKIP = object()
# Where a location is made for every value, Located is filled in field by field:
# a third cheaper than calling the class, whose __init__ is Python code.
_new = object.__new__


def _dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path if not isinstance(part, int))
