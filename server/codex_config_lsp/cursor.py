"""What is under an offset: a key being typed, a value, a table header.

Completion and hover both start here. Works on half-typed text: ``model = ``,
``model = "gp``, ``[profiles.`` and ``profiles.fast.`` all give a context.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .syntax import Array, Header, Key, KeyValue, ParsedDocument, Scalar, Statement, Value
from .text import LINE_BREAK, Span

KEY, VALUE, HEADER, NOWHERE = "key", "value", "header", "nowhere"


@dataclass(frozen=True, slots=True)
class Cursor:
    """``kind`` says what the offset is in.

    - ``key``: ``path`` is the table the key goes into (header path plus the
      dotted segments typed before the current one), ``prefix`` the typed part
      of the current segment, ``has_value`` whether ``= value`` already follows.
    - ``value``: ``path`` is the full path of the key whose value this is;
      ``node`` the scalar under the cursor (None when nothing is typed yet).
    - ``header``: ``path`` is the segments typed before the current one.
    ``replace`` is the span an inserted item replaces.
    """

    kind: str
    path: tuple[str, ...] = ()
    prefix: str = ""
    replace: Span = Span(0, 0)
    node: Scalar | None = None
    key: Key | None = None  # the key segment under the cursor, for hover
    has_value: bool = False
    header_closed: bool = True
    header_array: bool = False


def locate(document: ParsedDocument, offset: int) -> Cursor:
    text = document.text
    statements = document.statements
    index = bisect.bisect_right(statements, offset, key=_start) - 1  # no list of starts: O(log n) per request
    table = _table_at(statements, index, offset)
    if index >= 0:
        statement = statements[index]
        if offset <= _extent(document, statement):
            if isinstance(statement, Header):
                return _in_header(text, statement, offset)
            return _in_pair(text, statement, table, offset)
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1  # LSP's breaks: LF, CR
    if text[line_start:offset].strip(" \t\ufeff") == "":
        return Cursor(KEY, table, "", Span(offset, offset))
    return Cursor(NOWHERE)


def _start(statement: Statement) -> int:
    return statement.span.start


def _table_at(statements: tuple[Statement, ...], index: int, offset: int) -> tuple[str, ...]:
    """The path of the table whose header is the last one before ``offset``."""
    for position in range(index, -1, -1):  # walks back to the nearest header, without copying the statements
        statement = statements[position]
        if isinstance(statement, Header) and statement.span.end <= offset:
            return tuple(key.name for key in statement.keys)
    return ()


def _extent(document: ParsedDocument, statement: Statement) -> int:
    """Where a statement ends for the cursor: open ones reach the end of their line."""
    end = statement.span.end
    open_ended = isinstance(statement, Header) and not statement.closed
    if isinstance(statement, KeyValue):
        open_ended = statement.eq is None or _is_open(statement.value)
    if open_ended:
        found = LINE_BREAK.search(document.text, end)
        return len(document.text) if found is None else found.start()
    return end


def _is_open(value: Value) -> bool:
    if isinstance(value, Scalar):
        return value.kind in ("missing", "invalid") or not value.closed
    return not value.closed


def _segments(text: str, keys: tuple[Key, ...], offset: int) -> tuple[tuple[str, ...], str, Span, Key | None] | None:
    """Split dotted keys at ``offset``: (segments before, typed prefix, span to replace, key under cursor)."""
    for index, key in enumerate(keys):
        if key.span.contains(offset):
            start = key.span.start + (1 if key.quoted and text[key.span.start : key.span.start + 1] in "\"'" else 0)
            prefix = text[start:offset] if offset >= start else ""
            return tuple(k.name for k in keys[:index]), prefix, key.span, key
    if keys:
        after = text[keys[-1].span.end : offset]
        if after.strip(" \t") == ".":
            return tuple(k.name for k in keys), "", Span(offset, offset), None
    return None


def _in_header(text: str, header: Header, offset: int) -> Cursor:
    opener = 2 if header.array else 1
    if offset < header.span.start + opener:
        return Cursor(NOWHERE)
    split = _segments(text, header.keys, offset)
    if split is None:
        if not header.keys:
            return Cursor(HEADER, (), "", Span(offset, offset), header_closed=header.closed, header_array=header.array)
        return Cursor(NOWHERE)
    before, prefix, replace, key = split
    return Cursor(HEADER, before, prefix, replace, key=key, header_closed=header.closed, header_array=header.array)


def _in_pair(text: str, pair: KeyValue, table: tuple[str, ...], offset: int) -> Cursor:
    if pair.eq is None or offset <= pair.eq:
        split = _segments(text, pair.keys, offset)
        if split is None:
            return Cursor(NOWHERE)
        before, prefix, replace, key = split
        return Cursor(KEY, table + before, prefix, replace, key=key, has_value=pair.eq is not None)
    path = table + tuple(key.name for key in pair.keys)
    return _in_value(text, pair.value, path, offset)


def _in_value(text: str, value: Value, path: tuple[str, ...], offset: int) -> Cursor:
    if isinstance(value, Scalar):
        if value.kind == "missing":
            return Cursor(VALUE, path, "", Span(offset, offset))
        if value.kind == "string":
            quote = len(value.quote)
            content_end = value.span.end - (quote if value.closed else 0)
            if offset < value.span.start + quote or offset > content_end:
                return Cursor(NOWHERE)
            prefix = text[value.span.start + quote : offset]
            return Cursor(VALUE, path, prefix, value.span, value)
        if not value.span.contains(offset):
            return Cursor(NOWHERE)
        return Cursor(VALUE, path, text[value.span.start : offset], value.span, value)
    if isinstance(value, Array):
        for item in value.items:
            if item.span.contains(offset):
                return _in_value(text, item, path, offset)
        inside = value.span.start < offset and (offset < value.span.end or not value.closed)
        return Cursor(VALUE, path, "", Span(offset, offset)) if inside else Cursor(NOWHERE)
    # inline table
    for pair in value.pairs:
        if pair.span.start <= offset <= _pair_end(text, pair):
            return _in_pair(text, pair, path, offset)
    inside = value.span.start < offset and (offset < value.span.end or not value.closed)
    return Cursor(KEY, path, "", Span(offset, offset)) if inside else Cursor(NOWHERE)


def _pair_end(text: str, pair: KeyValue) -> int:
    if pair.eq is None or (isinstance(pair.value, Scalar) and pair.value.kind == "missing"):
        stop = pair.span.end
        while stop < len(text) and text[stop] not in ",}\r\n":
            stop += 1
        return stop
    return pair.span.end
