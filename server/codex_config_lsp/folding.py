"""Folding ranges: tables, values over several lines, and blocks of comments.

TOML tables are not indented, so an editor cannot fold them by indentation;
the server says where each one starts and ends. Ranges are in lines (0-based),
which every position encoding shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .analysis import Analysis
from .syntax import Array, Header, InlineTable, KeyValue, ParsedDocument, Scalar, Value
from .text import LineIndex, on_one_line

FoldKind = Literal["block", "comment"]
BLOCK: FoldKind = "block"
COMMENT: FoldKind = "comment"


@dataclass(frozen=True, slots=True)
class Fold:
    start_line: int
    end_line: int
    kind: FoldKind = BLOCK


def folds(analysis: Analysis) -> list[Fold]:
    lines = analysis.lines
    found = [*_tables(analysis, lines), *_values(analysis, lines), *_comment_blocks(analysis.document, lines)]
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
    text = analysis.text
    for statement in analysis.document.statements:
        if isinstance(statement, KeyValue):
            yield from _value(statement.value, statement.span.start, text, lines)


def _value(value: Value, start: int, text: str, lines: LineIndex) -> Iterator[Fold]:
    """A value over several lines (its key at ``start``) folds up to its closing line, which stays visible."""
    span = value.span
    if span.end <= span.start or on_one_line(text, span):
        return  # nothing in it folds either
    closer = span.end - (len(value.quote) if isinstance(value, Scalar) else 1)
    end_line = lines.line_of(closer)
    closing_alone = lines.line_text(end_line)[: closer - lines.line_start(end_line)].strip(" \t") == ""
    yield from _fold(lines.line_of(start), end_line - 1 if value.closed and closing_alone else end_line)
    if isinstance(value, Array):
        for item in value.items:
            yield from _value(item, item.span.start, text, lines)
    elif isinstance(value, InlineTable):
        for pair in value.pairs:
            yield from _value(pair.value, pair.span.start, text, lines)


def _comment_blocks(document: ParsedDocument, lines: LineIndex) -> Iterator[Fold]:
    """Two or more lines in a row that hold nothing but a comment."""
    start = previous = None
    for comment in document.comments:
        if not comment.alone:
            continue
        line = lines.line_of(comment.span.start)
        if previous is not None and line == previous + 1:
            previous = line
            continue
        if start is not None and previous is not None:
            yield from _fold(start, previous, COMMENT)
        start = previous = line
    if start is not None and previous is not None:
        yield from _fold(start, previous, COMMENT)


def _fold(start_line: int, end_line: int, kind: FoldKind = BLOCK) -> Iterator[Fold]:
    if end_line > start_line:
        yield Fold(start_line, end_line, kind)
