"""Inline suppression comments: ``# codex-config: ignore[CODE]``.

A directive names the codes it silences (``ignore[unknown-key]``,
``ignore[unknown-key, unknown-model]``) or, bare (``ignore``), every code. A
directive in a comment after a statement applies to its own line; a directive on
a line of its own applies to the next line (as ``eslint-disable-next-line``). A
problem is matched on the line its span starts on.

Comments are the scan's own (``ParsedDocument.comments``), so a ``#`` inside a
string (or a directive written inside a multi-line string) is not a comment.
Pure: a scanned document and spans in, answers out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .syntax import ParsedDocument, multiline_strings
from .text import LineIndex, Span, line_break

PREFIX = "codex-config:"
# `codex-config: ignore` or `codex-config: ignore[a, b]`, anywhere in a comment.
_DIRECTIVE = re.compile(r"codex-config:\s*ignore(?:\[(?P<codes>[^\]]*)\]|(?![\w\[-]))")


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``codex-config: ignore`` comment."""

    line: int  # 0-based line the comment is on
    target_line: int  # the line whose problems it silences
    codes: frozenset[str] | None  # None: every code
    span: Span  # the directive's text, from ``codex-config:`` to its end

    def silences(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def directives(document: ParsedDocument, lines: LineIndex | None = None) -> list[Directive]:
    """Every suppression directive in the document, in order (``lines``: its line index, if built)."""
    text = document.text
    if PREFIX not in text:  # the common case, at the speed of a substring search
        return []
    lines = lines or LineIndex(text)
    found = []
    for comment in document.comments:
        body = text[comment.span.start : comment.span.end]
        match = _DIRECTIVE.search(body)
        if not match:
            continue
        line = lines.line_of(comment.span.start)
        raw = match.group("codes")
        codes = None if raw is None else frozenset(code.strip() for code in raw.split(",") if code.strip())
        span = Span(comment.span.start + match.start(), comment.span.start + match.end())
        found.append(Directive(line, line + 1 if comment.alone else line, codes, span))
    return found


def suppressed(
    document: ParsedDocument, problems: Sequence[tuple[str, Span]], lines: LineIndex | None = None
) -> list[bool]:
    """For each ``(code, span)`` problem, whether a directive silences it."""
    if PREFIX not in document.text:
        return [False] * len(problems)
    lines = lines or LineIndex(document.text)
    by_line: dict[int, list[Directive]] = {}
    for directive in directives(document, lines):
        by_line.setdefault(directive.target_line, []).append(directive)
    return [any(d.silences(code) for d in by_line.get(lines.line_of(span.start), ())) for code, span in problems]


def suppression_edit(
    document: ParsedDocument, code: str, span: Span, lines: LineIndex | None = None
) -> tuple[Span, str] | None:
    """The edit that silences ``code`` at ``span``: what an editor's quick fix applies.

    None when a directive silences it already. A directive that applies to the line
    gets the code added; otherwise the line gets a trailing comment, or a comment line
    above it when the line ends inside a multi-line string (text there would change
    the string).
    """
    text = document.text
    lines = lines or LineIndex(text)
    line = lines.line_of(span.start)
    for directive in directives(document, lines):
        if directive.target_line != line:
            continue
        if directive.codes is None or code in directive.codes:
            return None
        codes = ", ".join(sorted(directive.codes | {code}))
        return directive.span, f"{PREFIX} ignore[{codes}]"
    comment = f"# {PREFIX} ignore[{code}]"
    end = lines.line_end(line)
    if any(string.span.start <= end < string.span.end for string in multiline_strings(document)):
        start = lines.line_start(line)
        line_text = lines.line_text(line)
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        return Span(start, start), f"{indent}{comment}{line_break(text)}"
    separator = "" if end == lines.line_start(line) else "  "
    return Span(end, end), f"{separator}{comment}"
