"""Offsets, spans and lines of a document's text.

An offset counts code points into the Python ``str``; a span is a half-open
``[start, end)`` range of offsets. Protocol positions (utf-16 and friends)
are converted elsewhere, in ``lsp/convert.py``.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from itertools import accumulate


def line_break(text: str) -> str:
    """The line break a text uses: CRLF when it has any, else LF (what an edit should write)."""
    return "\r\n" if "\r\n" in text else "\n"


@dataclass(slots=True, unsafe_hash=True)
class Span:
    start: int
    end: int

    def contains(self, offset: int) -> bool:
        """True when ``offset`` is inside the span or right at its end (a cursor after the last character)."""
        return self.start <= offset <= self.end

    def __len__(self) -> int:
        return self.end - self.start


# Line breaks as LSP counts them: LF, CRLF and a lone CR, nothing else. Python's
# ``str.splitlines`` also breaks at U+2028, U+0085, form feeds and more, so a
# line count from it drifts from the editor's: never use it for positions.
LINE_BREAK = re.compile(r"\r\n?|\n")


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` without their breaks, as LSP counts them (always one more than the breaks)."""
    return LINE_BREAK.split(text)


def on_one_line(text: str, span: Span) -> bool:
    """No line break before the span's last character: found in the text, without mapping lines."""
    return text.find("\n", span.start, span.end - 1) < 0 and text.find("\r", span.start, span.end - 1) < 0


class LineIndex:
    """Maps offsets to 0-based (line, column) pairs, columns in code points.

    Lines end at LF, CRLF or a lone CR (LSP's line breaks); CRLF files get
    the same lines and columns as LF ones.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # An array of machine ints, not a list of int objects: a quarter of the memory (5,000 lines: 40 KB, not 180).
        self._starts = array("q", (0,))
        if "\r" in text:
            self._starts.extend(match.end() for match in LINE_BREAK.finditer(text))
            return
        # The common case: each line starts one past the end of the line before (C-speed split and sums).
        self._starts.extend(accumulate(len(line) + 1 for line in text.split("\n")[:-1]))

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1

    def line_start(self, line: int) -> int:
        return self._starts[max(0, min(line, len(self._starts) - 1))]

    def line_end(self, line: int) -> int:
        """Offset of the line's last character + 1, before its line break."""
        starts = self._starts
        if line + 1 < len(starts):
            end = starts[line + 1] - 1  # the break's last character
            if self._text[end] == "\n" and end > starts[line] and self._text[end - 1] == "\r":
                end -= 1
            return end
        return len(self._text)

    def line_text(self, line: int) -> str:
        return self._text[self.line_start(line) : self.line_end(line)]

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self._text)))
        line = self.line_of(offset)
        return line, offset - self._starts[line]

    def offset(self, line: int, column: int) -> int:
        """The offset of a (line, code-point column), clamped to the line."""
        if line >= len(self._starts):
            return len(self._text)
        if line < 0:
            return 0
        start = self._starts[line]
        return min(start + max(0, column), self.line_end(line))
