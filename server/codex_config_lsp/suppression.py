"""Inline suppression comments: ``# codex-config: ignore[CODE]``.

A directive names the codes it silences (``ignore[unknown-key]``,
``ignore[unknown-key, unknown-model]``) or, bare (``ignore``), every code. A
directive in a comment after a statement applies to its own line; a directive on
a line of its own applies to the next line (as ``eslint-disable-next-line``). A
problem is matched on the line its span starts on.

Comments are found with a small scan of TOML's strings, so a ``#`` inside a
string (or a directive written inside a multi-line string) is not a comment.
Pure: text and spans in, answers out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import LineIndex, Span, line_break

PREFIX = "codex-config:"
# `codex-config: ignore` or `codex-config: ignore[a, b]`, anywhere in a comment.
_DIRECTIVE = re.compile(r"codex-config:\s*ignore(?:\[(?P<codes>[^\]]*)\]|(?![\w\[-]))")
_SPECIAL = re.compile(r"[#\"']")  # where the scan has something to decide
_BASIC_BODY = re.compile(r'(?:[^"\\\n]|\\[^\n])*')  # a basic string's text up to its quote or line end
_LITERAL_BODY = re.compile(r"[^'\n]*")


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``codex-config: ignore`` comment."""

    line: int  # 0-based line the comment is on
    target_line: int  # the line whose problems it silences
    codes: frozenset[str] | None  # None: every code
    span: Span  # the directive's text, from ``codex-config:`` to its end

    def silences(self, code: str) -> bool:
        return self.codes is None or code in self.codes


@dataclass(frozen=True, slots=True)
class _Comment:
    span: Span  # from the `#` to the end of its line
    alone: bool  # nothing but blanks before it on its line


def _scan(text: str) -> tuple[list[_Comment], list[Span]]:
    """The comments of ``text``, and the spans of its multi-line strings."""
    comments: list[_Comment] = []
    multiline: list[Span] = []
    at, n = 0, len(text)
    while (found := _SPECIAL.search(text, at)) is not None:
        at = found.start()
        char = text[at]
        if char == "#":
            end = text.find("\n", at)
            end = n if end == -1 else end
            if end > at and text[end - 1] == "\r":
                end -= 1
            line_start = text.rfind("\n", 0, at) + 1
            comments.append(_Comment(Span(at, end), not text[line_start:at].strip()))
            at = end
        elif text.startswith(char * 3, at):
            close = _close_multiline(text, at + 3, char * 3)
            multiline.append(Span(at, close))
            at = close
        else:
            at = _close_single(text, at + 1, char)
    return comments, multiline


def _close_multiline(text: str, at: int, quote: str) -> int:
    """The offset after a multi-line string that opened before ``at`` (the end of text if unterminated)."""
    while True:
        found = text.find(quote, at)
        if found == -1:
            return len(text)
        if quote == '"""' and _escaped(text, found):
            at = found + 1
            continue
        end = found + 3
        while end < len(text) and text[end] == quote[0] and end - found < 5:  # up to two quotes belong inside
            end += 1
        return end


def _close_single(text: str, at: int, quote: str) -> int:
    """The offset after a one-line string; an unterminated one ends at its line break."""
    body = (_BASIC_BODY if quote == '"' else _LITERAL_BODY).match(text, at)
    end = body.end() if body else at  # both patterns match the empty string: never None
    return end + 1 if end < len(text) and text[end] == quote else end


def _escaped(text: str, at: int) -> bool:
    """True when the character at ``at`` follows an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def directives(text: str, lines: LineIndex | None = None) -> list[Directive]:
    """Every suppression directive in ``text``, in order (``lines``: the text's line index, if built)."""
    if PREFIX not in text:  # the common case, at the speed of a substring search
        return []
    comments, _ = _scan(text)
    lines = lines or LineIndex(text)
    found = []
    for comment in comments:
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


def suppressed(text: str, problems: Sequence[tuple[str, Span]]) -> list[bool]:
    """For each ``(code, span)`` problem, whether a directive silences it."""
    if PREFIX not in text:
        return [False] * len(problems)
    lines = LineIndex(text)
    by_line: dict[int, list[Directive]] = {}
    for directive in directives(text, lines):
        by_line.setdefault(directive.target_line, []).append(directive)
    return [any(d.silences(code) for d in by_line.get(lines.line_of(span.start), ())) for code, span in problems]


def suppression_edit(text: str, code: str, span: Span) -> tuple[Span, str] | None:
    """The edit that silences ``code`` at ``span``: what an editor's quick fix applies.

    None when a directive silences it already. A directive that applies to the line
    gets the code added; otherwise the line gets a trailing comment, or a comment line
    above it when the line ends inside a multi-line string (text there would change
    the string).
    """
    lines = LineIndex(text)
    line = lines.line_of(span.start)
    for directive in directives(text, lines):
        if directive.target_line != line:
            continue
        if directive.codes is None or code in directive.codes:
            return None
        codes = ", ".join(sorted(directive.codes | {code}))
        return directive.span, f"{PREFIX} ignore[{codes}]"
    comment = f"# {PREFIX} ignore[{code}]"
    _, multiline = _scan(text)
    end = lines.line_end(line)
    if any(string.start <= end < string.end for string in multiline):
        start = lines.line_start(line)
        line_text = lines.line_text(line)
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        return Span(start, start), f"{indent}{comment}{line_break(text)}"
    separator = "" if end == lines.line_start(line) else "  "
    return Span(end, end), f"{separator}{comment}"
