"""Formatting: tidy a config's layout without changing what it says.

The rules follow taplo's defaults, kept conservative: `key = value` with one
space around `=`, `[a.b]` and `a.b` without inner spaces, one-line arrays as
`[1, 2]` and inline tables as `{ a = 1 }`, no indentation before a statement,
no trailing whitespace, at most two blank lines in a row, one line break at
the end. Comments, multi-line values and the text of every string stay as
written. Text with syntax errors is left alone, and the result is re-read:
when it would mean anything else, nothing is changed.
"""

from __future__ import annotations

import difflib
import itertools
from typing import Iterator

from .analysis import Analysis
from .syntax import Array, Header, InlineTable, KeyValue, ParsedDocument, Scalar, Value, parse
from .text import LineIndex, Span
from .tree import build

MAX_BLANK_LINES = 2


def format_edits(analysis: Analysis) -> list[tuple[Span, str]]:
    """The edits that format the document, as few and as small as possible; none for broken text."""
    result = formatted(analysis)
    return [] if result is None else _line_edits(analysis.text, result)


def formatted(analysis: Analysis) -> str | None:
    """The formatted text, or None when the text has syntax errors."""
    document = analysis.document
    if document.problems or analysis.tree.problems:
        return None
    result = _layout(document)
    reread = parse(result)
    if reread.problems or build(reread).data != analysis.tree.data:
        return analysis.text  # a safety net: formatting must never change the config's meaning
    return result


def _layout(document: ParsedDocument) -> str:
    text = document.text
    lines = LineIndex(text)
    replaced = _apply(text, sorted(_replacements(document, lines), key=lambda edit: edit[0].start))
    # Replacements never add or remove a line break, so line numbers still match `lines`.
    protected = _lines_inside_strings(document, lines)
    return _tidy_lines(replaced, protected)


def _replacements(document: ParsedDocument, lines: LineIndex) -> Iterator[tuple[Span, str]]:
    text = document.text
    for statement in document.statements:
        line_start = lines.line_start(lines.line_of(statement.span.start))
        if line_start < statement.span.start and text[line_start : statement.span.start].strip(" \t\ufeff") == "":
            indent_start = line_start + 1 if text.startswith("\ufeff", line_start) else line_start
            if indent_start < statement.span.start:
                yield Span(indent_start, statement.span.start), ""
        if isinstance(statement, Header):
            opening, closing = ("[[", "]]") if statement.array else ("[", "]")
            yield statement.span, f"{opening}{_dotted(text, statement)}{closing}"
        else:
            yield from _pair(text, statement, lines)


def _pair(text: str, pair: KeyValue, lines: LineIndex) -> Iterator[tuple[Span, str]]:
    if not pair.keys or pair.eq is None:
        return
    yield Span(pair.keys[0].span.start, pair.value.span.start), f"{_dotted(text, pair)} = "
    value = pair.value
    if _one_line(value, lines) and isinstance(value, (Array, InlineTable)):
        yield value.span, _one_line_value(text, value)
    elif isinstance(value, (Array, InlineTable)):
        for inner in value.items if isinstance(value, Array) else value.pairs:
            if isinstance(inner, KeyValue):
                yield from _pair(text, inner, lines)
            elif _one_line(inner, lines) and isinstance(inner, (Array, InlineTable)):
                yield inner.span, _one_line_value(text, inner)


def _one_line_value(text: str, value: Value) -> str:
    """An array or inline table written on one line, with taplo's spacing."""
    if isinstance(value, Array):
        return "[" + ", ".join(_one_line_value(text, item) for item in value.items) + "]"
    if isinstance(value, InlineTable):
        pairs = [f"{_dotted(text, pair)} = {_one_line_value(text, pair.value)}" for pair in value.pairs]
        return "{ " + ", ".join(pairs) + " }" if pairs else "{}"
    return text[value.span.start : value.span.end]


def _dotted(text: str, statement: Header | KeyValue) -> str:
    return ".".join(text[key.span.start : key.span.end] for key in statement.keys)


def _one_line(value: Value, lines: LineIndex) -> bool:
    return value.span.end > value.span.start and lines.line_of(value.span.start) == lines.line_of(value.span.end - 1)


def _lines_inside_strings(document: ParsedDocument, lines: LineIndex) -> set[int]:
    """Lines whose end lies inside a multi-line string: their whitespace is the string's text."""
    protected: set[int] = set()
    for value in _values(document):
        if isinstance(value, Scalar) and value.kind == "string" and len(value.quote) == 3:
            first, last = lines.line_of(value.span.start), lines.line_of(value.span.end)
            protected.update(range(first, last))
    return protected


def _values(document: ParsedDocument) -> Iterator[Value]:
    pending: list[Value] = [s.value for s in document.statements if isinstance(s, KeyValue)]
    while pending:
        value = pending.pop()
        yield value
        if isinstance(value, Array):
            pending.extend(value.items)
        elif isinstance(value, InlineTable):
            pending.extend(pair.value for pair in value.pairs)


def _tidy_lines(text: str, protected: set[int]) -> str:
    """Trailing whitespace, runs of blank lines and the final line break; protected lines stay as they are."""
    out: list[str] = []
    blank_run = 0
    for number, line in enumerate(text.split("\n")):
        if number in protected:
            out.append(line)
            blank_run = 0
            continue
        cr = "\r" if line.endswith("\r") else ""
        body = line.rstrip(" \t\r")
        blank_run = blank_run + 1 if body == "" else 0
        if blank_run and (not out or blank_run > MAX_BLANK_LINES):
            continue  # blank lines at the start, or one too many in a row
        out.append(body + cr)
    while out and out[-1] in ("", "\r") and len(out) - 1 not in protected:
        out.pop()
    if not out:
        return ""
    eol = "\r\n" if "\r\n" in text else "\n"
    return "\n".join(out).removesuffix("\r") + eol


def _apply(text: str, edits: list[tuple[Span, str]]) -> str:
    parts, at = [], 0
    for span, new in edits:
        if span.start < at:
            continue  # overlapping (never expected): keep the first
        parts += [text[at : span.start], new]
        at = span.end
    parts.append(text[at:])
    return "".join(parts)


def _line_edits(old: str, new: str) -> list[tuple[Span, str]]:
    """Line-level edits that turn ``old`` into ``new``, so the editor keeps the cursor where it was."""
    if old == new:
        return []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0, *itertools.accumulate(len(line) for line in old_lines)]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [
        (Span(starts[i1], starts[i2]), "".join(new_lines[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
