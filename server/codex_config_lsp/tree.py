"""The TOML document as nested data, with the source of every key.

``build`` applies TOML's definition rules to the scanned statements: keys
land in the table their header or dotted key names, and defining a key or a
table twice is a problem (Codex refuses such a file). Values that did not
scan (missing, invalid, unterminated) are left out of the data: the scan has
already reported them, and checking them again would say the same thing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .problems import Problem
from .syntax import MAX_NESTING, Array, Header, Key, KeyValue, ParsedDocument, Scalar, Value, gc_paused
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


@dataclass(slots=True)
class _Table:
    data: dict[str, Any] = field(default_factory=dict)
    origin: str = _IMPLICIT


def build(document: ParsedDocument) -> Tree:
    builder = _Builder(document.text)
    with gc_paused():
        for statement in document.statements:
            if isinstance(statement, Header):
                builder.open_header(statement)
            else:
                builder.add_pair(statement)
    return Tree(builder.root.data, builder.locations, tuple(builder.problems))


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.root = _Table(origin=_HEADER)
        self.tables: dict[int, _Table] = {id(self.root.data): self.root}
        self.locations: dict[KeyPath, Located] = {}
        self.problems: list[Problem] = []
        self.current: _Table | None = self.root
        self.current_path: KeyPath = ()
        # Static arrays are values; arrays of tables grow by [[header]]s.
        self.table_arrays: set[int] = set()

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

    def table_of(self, value: object) -> _Table | None:
        """The table ``value`` is, when it is one (and not a plain value)."""
        return self.tables.get(id(value)) if isinstance(value, dict) else None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    # -- headers -----------------------------------------------------------

    def open_header(self, header: Header) -> None:
        self.current, self.current_path = None, ()
        if not header.keys or not header.closed:
            return
        if len(header.keys) > MAX_DEPTH:
            self.too_deep(header.keys[MAX_DEPTH].span)
            return
        table: _Table = self.root
        path: KeyPath = ()
        for key in header.keys[:-1]:
            entry = self.descend(table, path, key, header)
            if entry is None:
                return
            table, path = entry
        last = header.keys[-1]
        name = last.name
        existing = table.data.get(name)
        path = path + (name,)
        if header.array:
            if existing is None:
                items: list[Any] = []
                table.data[name] = items
                self.table_arrays.add(id(items))
            elif isinstance(existing, list) and id(existing) in self.table_arrays:
                items = existing
            else:
                self.problem(
                    last.span, f"`{_dotted(path)}` is already defined as something other than an array of tables."
                )
                return
            child = _Table(origin=_HEADER)
            self.tables[id(child.data)] = child
            items.append(child.data)
            path = path + (len(items) - 1,)
            self.locations.setdefault(path[:-1], Located(path[:-1], last, header=header))
            self.locations[path] = Located(path, last, header=header)
            self.current, self.current_path = child, path
            return
        if existing is None:
            child = _Table(origin=_HEADER)
            table.data[name] = child.data
            self.tables[id(child.data)] = child
        else:
            found = self.table_of(existing)
            if found is None or found.origin != _IMPLICIT:
                what = {
                    _HEADER: "already defined by another header",
                    _DOTTED: "already defined by dotted keys",
                    _INLINE: "already defined as an inline table",
                }.get(found.origin if found else "", "already set to a value")
                self.problem(
                    last.span,
                    f"Table `[{_dotted(path)}]` is {what}{self.first_seen(path)}: a table may be defined only once.",
                )
                return
            child = found
            child.origin = _HEADER
        self.locations[path] = Located(path, last, header=header)
        self.current, self.current_path = child, path

    def descend(self, table: _Table, path: KeyPath, key: Key, header: Header) -> tuple[_Table, KeyPath] | None:
        """Step into (or create) the parent table ``key`` of a header."""
        path = path + (key.name,)
        existing = table.data.get(key.name)
        if existing is None:
            child = _Table()
            table.data[key.name] = child.data
            self.tables[id(child.data)] = child
            self.locations.setdefault(path, Located(path, key, header=header))
            return child, path
        if isinstance(existing, list) and id(existing) in self.table_arrays and existing:
            return self.tables[id(existing[-1])], path + (len(existing) - 1,)
        found = self.table_of(existing)
        if found is None or found.origin == _INLINE:
            self.problem(
                key.span,
                f"`{_dotted(path)}` is already set to a value{self.first_seen(path)}, so it cannot hold a table.",
            )
            return None
        return found, path

    # -- key/value pairs ---------------------------------------------------

    def add_pair(self, pair: KeyValue) -> None:
        if self.current is None:
            return  # under a broken header: reported already
        self.set_pair(self.current, self.current_path, pair)

    def set_pair(self, table: _Table, path: KeyPath, pair: KeyValue) -> None:
        if not pair.keys:
            return
        if len(path) + len(pair.keys) > MAX_DEPTH:
            self.too_deep(pair.keys[max(0, MAX_DEPTH - len(path))].span)
            return
        inline = table.origin == _INLINE
        for key in pair.keys[:-1]:
            path = path + (key.name,)
            existing = table.data.get(key.name)
            if existing is None:
                child = _Table(origin=_INLINE if inline else _DOTTED)
                table.data[key.name] = child.data
                self.tables[id(child.data)] = child
                self.locations.setdefault(path, Located(path, key))
                table = child
                continue
            found = self.table_of(existing)
            if found is None or (found.origin in (_HEADER, _INLINE) and not inline):
                what = (
                    "a value"
                    if found is None
                    else ("a table with its own header" if found.origin == _HEADER else "an inline table")
                )
                self.problem(
                    key.span,
                    f"`{_dotted(path)}` is already {what}{self.first_seen(path)}; dotted keys cannot add to it.",
                )
                return
            table = found
        last = pair.keys[-1]
        path = path + (last.name,)
        if last.name in table.data:
            self.problem(
                last.span,
                f"Duplicate key `{_dotted(path)}`{self.first_seen(path)}: Codex refuses a file that sets a key twice.",
            )
            return
        if pair.eq is None:
            return
        value = self.convert(pair.value, path)
        self.locations[path] = Located(path, last, pair.value)
        if value is not _SKIP:
            table.data[last.name] = value

    def convert(self, value: Value, path: KeyPath) -> object:
        """The Python value of a scanned value, registering nested locations."""
        if isinstance(value, Scalar):
            if value.kind in ("missing", "invalid") or not value.closed:
                return _SKIP
            return value.value
        if not value.closed:
            return _SKIP
        if isinstance(value, Array):
            if len(path) >= MAX_DEPTH:
                self.too_deep(value.span)
                return _SKIP
            items = []
            for index, item in enumerate(value.items):
                item_path = path + (index,)
                self.locations[item_path] = Located(item_path, None, item)
                items.append(self.convert(item, item_path))
            # One broken item leaves the whole array out, so indices in the
            # data always match indices in the text.
            return _SKIP if _SKIP in items else items
        table = _Table(origin=_INLINE)
        self.tables[id(table.data)] = table
        for pair in value.pairs:
            self.set_pair(table, path, pair)
        return table.data


_SKIP = object()


def _dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path if not isinstance(part, int))
