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

import itertools
from collections.abc import Iterator

from .analysis import Analysis
from .syntax import Array, Header, InlineTable, KeyValue, ParsedDocument, Value, multiline_strings, parse
from .text import LineIndex, Span, line_break, on_one_line
from .tree import build

MAX_BLANK_LINES = 2


# One entry per line of the original text: the line as formatted (without its
# line break), or None when formatting removes it.
Aligned = list[str | None]


def format_edits(analysis: Analysis) -> list[tuple[Span, str]]:
    """The edits that format the document, whole lines each; none for broken text."""
    aligned = _aligned(analysis)
    return [] if aligned is None else _line_edits(analysis.text, aligned)


def formatted(analysis: Analysis) -> str | None:
    """The formatted text, or None when the text has syntax errors."""
    aligned = _aligned(analysis)
    return None if aligned is None else _joined(aligned)


def _aligned(analysis: Analysis) -> Aligned | None:
    document = analysis.document
    if document.problems or analysis.tree.problems:
        return None
    # Past this point every line break is LF or CRLF (a lone CR is a syntax problem), so the
    # lines of `split("\n")` are LSP's lines, each CRLF one keeping its "\r" to write back.
    text, lines = document.text, analysis.lines
    replaced = _apply(text, sorted(_replacements(document, lines), key=lambda edit: edit[0].start))
    # Replacements never add or remove a line break, so line numbers still match `lines`.
    aligned = _tidy_lines(replaced, _lines_inside_strings(document, lines))
    reread = parse(_joined(aligned))
    if reread.problems or build(reread).data != analysis.tree.data:
        return list(text.split("\n"))  # a safety net: formatting must never change the config's meaning
    return aligned


def _joined(aligned: Aligned) -> str:
    return "\n".join(line for line in aligned if line is not None)


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
    if _one_line(text, value) and isinstance(value, (Array, InlineTable)):
        yield value.span, _one_line_value(text, value)
    elif isinstance(value, (Array, InlineTable)):
        for inner in value.items if isinstance(value, Array) else value.pairs:
            if isinstance(inner, KeyValue):
                yield from _pair(text, inner, lines)
            elif _one_line(text, inner) and isinstance(inner, (Array, InlineTable)):
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


def _one_line(text: str, value: Value) -> bool:
    return value.span.end > value.span.start and on_one_line(text, value.span)


def _lines_inside_strings(document: ParsedDocument, lines: LineIndex) -> set[int]:
    """Lines whose end lies inside a multi-line string: their whitespace is the string's text."""
    protected: set[int] = set()
    for string in multiline_strings(document):
        protected.update(range(lines.line_of(string.span.start), lines.line_of(string.span.end)))
    return protected


def _tidy_lines(text: str, protected: set[int]) -> Aligned:
    """Trailing whitespace, runs of blank lines and the final line break; protected lines stay as they are."""
    lines = text.split("\n")
    aligned: Aligned = []
    blank_run, seen_content = 0, False
    for number, line in enumerate(lines):
        if number in protected:
            aligned.append(line)
            blank_run, seen_content = 0, True
            continue
        cr = "\r" if line.endswith("\r") else ""
        body = line.rstrip(" \t\r")
        if body:
            aligned.append(body + cr)
            blank_run, seen_content = 0, True
        else:
            blank_run += 1
            aligned.append(cr if seen_content and blank_run <= MAX_BLANK_LINES else None)
    # No blank lines at the end, and exactly one line break after the last line.
    last = max((i for i, line in enumerate(aligned) if (line or "").strip("\r") or i in protected), default=-1)
    if last == -1:
        return [None] * len(lines)
    eol = line_break(text)
    aligned[last + 1 :] = [None] * (len(lines) - last - 1)
    if last == len(lines) - 1:
        aligned[last] = (aligned[last] or "").removesuffix("\r") + eol  # the text ended without a line break
    else:
        aligned[-1] = ""  # what follows the final line break
    return aligned


def _apply(text: str, edits: list[tuple[Span, str]]) -> str:
    parts, at = [], 0
    for span, new in edits:
        if span.start < at:
            continue  # overlapping (never expected): keep the first
        parts += [text[at : span.start], new]
        at = span.end
    parts.append(text[at:])
    return "".join(parts)


def _line_edits(old: str, aligned: Aligned) -> list[tuple[Span, str]]:
    """One edit per run of changed lines, so the editor keeps the cursor where it was."""
    old_lines = old.split("\n")
    last = len(old_lines) - 1
    starts = [0, *itertools.accumulate(len(line) + 1 for line in old_lines)]
    edits: list[tuple[Span, str]] = []
    run_start = None
    for number in range(len(old_lines) + 1):
        changed = number <= last and aligned[number] != old_lines[number]
        if changed and run_start is None:
            run_start = number
        elif not changed and run_start is not None:
            end = min(starts[number], len(old))
            new = "".join(
                line + ("\n" if k < last else "")
                for k, line in enumerate(aligned[run_start:number], run_start)
                if line is not None
            )
            edits.append((Span(starts[run_start], end), new))
            run_start = None
    return edits
