"""Folding ranges: tables, values over several lines, and blocks of comments.

TOML tables are not indented, so an editor cannot fold them by indentation;
the server says where each one starts and ends. Ranges are in lines (0-based),
which every position encoding shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .analysis import Analysis
from .syntax import Array, Header, InlineTable, KeyValue, Scalar, Value
from .text import LineIndex, lines_of

BLOCK, COMMENT = "block", "comment"
STRING = "string"  # a block to the editor; kept apart so its lines are not read as comments


@dataclass(frozen=True, slots=True)
class Fold:
    start_line: int
    end_line: int
    kind: str = BLOCK


def folds(analysis: Analysis) -> list[Fold]:
    lines = analysis.lines
    values = list(_values(analysis, lines))
    in_strings = {
        line for fold in values if fold.kind == STRING for line in range(fold.start_line + 1, fold.end_line + 1)
    }
    found = [*_tables(analysis, lines), *values, *_comment_blocks(analysis.text, in_strings)]
    return sorted(found, key=lambda fold: (fold.start_line, -fold.end_line))


def _tables(analysis: Analysis, lines: LineIndex) -> Iterator[Fold]:
    """From a header to the last key of its table (comments before the next header stay outside)."""
    header: Header | None = None
    last_end = 0
    for statement in (*analysis.document.statements, None):
        if statement is None or isinstance(statement, Header):
            if header is not None and last_end > header.span.end:
                yield from _fold(lines.line_of(header.span.start), lines.line_of(last_end - 1))
            header = statement
            last_end = 0
        else:
            last_end = statement.span.end


def _values(analysis: Analysis, lines: LineIndex) -> Iterator[Fold]:
    for statement in analysis.document.statements:
        if isinstance(statement, KeyValue):
            yield from _pair(statement, lines)


def _pair(pair: KeyValue, lines: LineIndex) -> Iterator[Fold]:
    yield from _value(pair.value, lines.line_of(pair.span.start), lines)


def _value(value: Value, start_line: int, lines: LineIndex) -> Iterator[Fold]:
    """A value over several lines folds up to its closing line, which stays visible."""
    if not isinstance(value, (Array, InlineTable, Scalar)) or value.span.end <= value.span.start:
        return
    if lines.line_of(value.span.end - 1) == lines.line_of(value.span.start):
        return  # on one line: nothing in it folds either
    closer = value.span.end - (len(value.quote) if isinstance(value, Scalar) else 1)
    end_line = lines.line_of(closer)
    closing_alone = lines.line_text(end_line)[: closer - lines.line_start(end_line)].strip(" \t") == ""
    kind = STRING if isinstance(value, Scalar) else BLOCK
    yield from _fold(start_line, end_line - 1 if value.closed and closing_alone else end_line, kind)
    if isinstance(value, Array):
        for item in value.items:
            yield from _value(item, lines.line_of(item.span.start), lines)
    elif isinstance(value, InlineTable):
        for inner in value.pairs:
            yield from _pair(inner, lines)


def _comment_blocks(text: str, in_strings: set[int]) -> Iterator[Fold]:
    """Two or more lines of comments in a row (a `#` inside a multi-line string is no comment)."""
    start = None
    for line, line_text in enumerate([*lines_of(text), ""]):
        is_comment = line not in in_strings and line_text.lstrip(" \t\ufeff").startswith("#")
        if is_comment and start is None:
            start = line
        elif not is_comment and start is not None:
            yield from _fold(start, line - 1, COMMENT)
            start = None


def _fold(start_line: int, end_line: int, kind: str = BLOCK) -> Iterator[Fold]:
    if end_line > start_line:
        yield Fold(start_line, end_line, kind)
