"""A lossless, error-tolerant scan of TOML text.

The scan never raises: every problem becomes a ``Problem`` with a
precise span, and the scan recovers at the next line that starts a table
header or a ``key =``. An unterminated single-line string ends at its line,
so a half-typed ``model = "gp`` does not swallow the header below it.

The scan only reports the *shape* of the text (statements, keys, values).
TOML's rules about which table is defined where (duplicate keys, tables
defined twice) live in ``tree.py``.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from sys import intern

from .problems import Problem
from .text import Span
from .toml_text import BARE_KEY

# A TOML document may be at most this deep (arrays and inline tables inside
# each other); deeper input is reported instead of recursing further.
MAX_NESTING = 100
# A Codex config is a few kilobytes; past this size (code points) the cost of a
# scan per keystroke (about 1 s and 90 bytes per code point) is not worth it.
MAX_TEXT = 4_000_000


class _Extent:
    """Where a scanned thing stands: its start and its length, with ``end`` and ``span`` made on demand.

    A scan makes tens of thousands of these. A ``Span`` object each would cost about
    1 MB more for a 5,000-line file, and an end offset 0.4 MB more than a length (an
    offset is an object of its own, most lengths are Python's shared small ints). A
    scan moved to new offsets (``_move``) changes only the start.
    """

    __slots__ = ()
    start: int
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + self.length)


@dataclass(slots=True, unsafe_hash=True)
class Key(_Extent):
    """One segment of a (possibly dotted) key."""

    name: str
    start: int
    length: int
    quoted: bool = False


@dataclass(slots=True, unsafe_hash=True)
class Scalar(_Extent):
    """A string, number, boolean or date; also a missing or invalid value.

    ``kind`` is one of ``string``, ``integer``, ``float``, ``boolean``,
    ``datetime``, ``invalid`` (unparsable text, ``value`` is that text) and
    ``missing`` (nothing after ``=``; the span is empty).
    """

    kind: str
    value: object
    start: int
    length: int
    closed: bool = True
    quote: str = ""  # the opening delimiter of a string: ", ', \"\"\" or '''

    @property
    def inner(self) -> Span:
        """The text between a string's delimiters (all of any other value)."""
        start = self.start + len(self.quote)
        return Span(start, max(start, self.end - len(self.quote) if self.closed else self.end))


@dataclass(slots=True, unsafe_hash=True)
class Array(_Extent):
    items: tuple[Value, ...]
    start: int
    length: int
    closed: bool = True


@dataclass(slots=True, unsafe_hash=True)
class InlineTable(_Extent):
    pairs: tuple[KeyValue, ...]
    start: int
    length: int
    closed: bool = True


Value = Scalar | Array | InlineTable


@dataclass(slots=True, unsafe_hash=True)
class KeyValue:
    """``a.b = value``. ``eq`` is None when the ``=`` is missing (a key being typed).

    It spans its keys and value (only its keys without ``=``): its offsets are theirs.
    """

    keys: tuple[Key, ...]  # never empty
    value: Value
    eq: int | None

    @property
    def start(self) -> int:
        return self.keys[0].start

    @property
    def end(self) -> int:
        return self.value.end if self.eq is not None else self.keys[-1].end

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(slots=True, unsafe_hash=True)
class Header(_Extent):
    """``[a.b]`` or, with ``array``, ``[[a.b]]``."""

    keys: tuple[Key, ...]
    start: int
    length: int
    array: bool = False
    closed: bool = True


Statement = Header | KeyValue


@dataclass(slots=True, unsafe_hash=True)
class Comment:
    """``# ...``, from the ``#`` to the end of its line (line break excluded)."""

    span: Span
    alone: bool  # nothing but blanks before it on its line


@dataclass(slots=True, unsafe_hash=True)
class ResumePoint:
    """A table header the scan reached at the top level, and how much it had found before it.

    A scan of a later version of the text may start again here when everything
    the scan read to get here is unchanged (see ``parse``'s ``previous``).
    """

    offset: int
    statements: int
    problems: int
    comments: int


@dataclass(slots=True, unsafe_hash=True)
class ParsedDocument:
    text: str
    statements: tuple[Statement, ...]
    problems: tuple[Problem, ...]
    comments: tuple[Comment, ...] = ()
    resume_points: tuple[ResumePoint, ...] = ()


_WS = re.compile(r"[ \t]*")
_SIMPLE_BASIC = re.compile(r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"')
_SIMPLE_LITERAL = re.compile(r"'([^'\x00-\x08\x0a-\x1f\x7f]*)'")
_TOKEN = re.compile(r"[0-9A-Za-z_:.+\-]+")
_DATE_THEN_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ ]\d{2}:")
_LEADING_ZERO = re.compile(r"[+-]?0\d")
_DEC_INT = re.compile(r"[+-]?(?:0|[1-9](?:_?\d)*)\Z")
_HEX_INT = re.compile(r"0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*\Z")
_OCT_INT = re.compile(r"0o[0-7](?:_?[0-7])*\Z")
_BIN_INT = re.compile(r"0b[01](?:_?[01])*\Z")
_FLOAT = re.compile(r"[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|[eE][+-]?\d(?:_?\d)*)\Z")
_SPECIAL_FLOAT = re.compile(r"[+-]?(?:inf|nan)\Z")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:\d{2})?)?\Z")
_TIME = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\Z")
# A line that starts a statement: a table header or `key =`. Used to end an
# unterminated array or string before it swallows the rest of the file.
_STATEMENT_LINE = re.compile(
    r"[ \t]*(?:\[|(?:[A-Za-z0-9_-]+|\"[^\"\r\n]*\"|'[^'\r\n]*')"
    r"(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|\"[^\"\r\n]*\"|'[^'\r\n]*'))*[ \t]*=)"
)
_HEADER_LINE = re.compile(r"[ \t]*\[")
# A line inside an array that is shaped like a table header, `[name]` or `[[a.b]]` alone on its line.
_HEADER_SHAPED = re.compile(
    r"[ \t]*\[\[?[ \t]*(?:[A-Za-z0-9_-]+|\"[^\"\r\n]*\"|'[^'\r\n]*')"
    r"(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|\"[^\"\r\n]*\"|'[^'\r\n]*'))*[ \t]*\]\]?[ \t]*(?:#[^\r\n]*)?(?:[\r\n]|\Z)"
)
# A later line that starts a table header: where an unterminated multi-line string stops.
_NEXT_HEADER_LINE = re.compile(r"[\r\n][ \t]*\[")
# Line breaks as editors count them (LSP): LF, CRLF and a lone CR. TOML itself
# allows only the first two; a lone CR is reported, and still ends its line.
_LINE_BREAK_CHAR = re.compile(r"[\r\n]")
# TOML integers are 64-bit (and Python refuses to convert more than 4,300 decimal digits at all).
_INT64 = range(-(2**63), 2**63)
# What a comment may not hold: control characters other than a tab.
_COMMENT_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}
_DELIMITERS = " \t\r\n,]}#"


def parse(text: str, previous: ParsedDocument | None = None) -> ParsedDocument:
    """Scan ``text`` into statements and problems. Never raises.

    ``previous``, the scan of an earlier version of the same document, makes it
    sooner and is used up: the tables before the first edit are taken from it,
    and so are those after the last edit, moved to their new offsets (in place:
    a shift costs a tenth of a scan). ``previous`` is left empty, so nothing can
    read its moved offsets against the old text. The result is the same as a
    scan from scratch.
    """
    if len(text) > MAX_TEXT:
        if previous is not None:
            _use_up(previous)
        message = f"This file is too large to check ({len(text):,} characters; the limit is {MAX_TEXT:,})."
        return ParsedDocument(text, (), (Problem("toml-syntax", Span(0, 0), message),))
    with gc_paused():
        parser = _Parser(text)
        if previous is not None:
            parser.reuse(previous)
            _use_up(previous)
        parser.run()
        return ParsedDocument(
            text,
            tuple(parser.statements),
            tuple(parser.problems),
            tuple(parser.comments),
            tuple(parser.resume_points),
        )


def _resume_point(previous: ParsedDocument, text: str, unchanged: int) -> ResumePoint | None:
    """The last header of ``previous`` that a scan of ``text`` reaches in the same state, if any.

    ``unchanged`` is how many leading characters the two texts share. Everything
    a scan reads before a top-level header lies before it, except the header's
    own line: an unclosed array or string looks at that line to decide where it
    ends. So a header counts when its whole line, line break included, is older
    than the first changed character.
    """
    found = None
    for point in previous.resume_points:
        line_break = _LINE_BREAK_CHAR.search(text, point.offset)
        if line_break is None or line_break.start() >= unchanged:
            break
        found = point
    return found


@dataclass(slots=True)
class _Tail:
    """What an earlier scan found after the last edit, ready to be moved into a new scan.

    From a top-level header on, a scan reads nothing before the header's line:
    when that line and everything after it are unchanged, so is what the scan
    finds there, ``moved`` characters further along.
    """

    previous: ParsedDocument
    unchanged_from: int  # an offset in the new text: from here to the end, the old text moved by ``moved``
    moved: int
    points: dict[int, int]  # the old offset of each resume point -> its index in ``previous.resume_points``

    def point_for(self, text: str, header: int) -> int | None:
        """The index of the old resume point a new header at ``header`` continues, if its line is unchanged."""
        if header < self.unchanged_from:
            return None
        line_start = max(text.rfind("\n", 0, header), text.rfind("\r", 0, header)) + 1
        if line_start < self.unchanged_from:
            return None
        return self.points.get(header - self.moved)


def _shared_length(old: str, new: str, at_end: bool = False) -> int:
    """How many leading (``at_end``: trailing) characters ``old`` and ``new`` share (a binary search of C-speed
    comparisons)."""
    low, high = 0, min(len(old), len(new))
    while low < high:
        middle = (low + high + 1) // 2  # at least 1: old[-middle:] is a tail, never the whole text
        same = old[-middle:] == new[-middle:] if at_end else old[:middle] == new[:middle]
        if same:
            low = middle
        else:
            high = middle - 1
    return low


def _use_up(previous: ParsedDocument) -> None:
    """Empty a scan whose objects moved into a newer one (their offsets no longer fit its text)."""
    previous.text = ""
    previous.statements = previous.problems = previous.comments = previous.resume_points = ()


def _move_span(span: Span, by: int) -> None:
    span.start += by
    span.end += by


def _move_statement(statement: Statement, by: int) -> None:
    for key in statement.keys:
        key.start += by
    if isinstance(statement, KeyValue):  # its own offsets are its keys' and its value's
        if statement.eq is not None:
            statement.eq += by
        _move_value(statement.value, by)
    else:
        statement.start += by


def _move_value(value: Value, by: int) -> None:
    value.start += by
    if type(value) is Array:
        for item in value.items:
            _move_value(item, by)
    elif type(value) is InlineTable:
        for pair in value.pairs:
            _move_statement(pair, by)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building acyclic results.

    A scan makes millions of small objects, none in a cycle; the collector
    would walk all of them again and again (an 8 MB file: 27 s with it, 7 s without).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.pos = 1 if text.startswith("\ufeff") else 0
        self.statements: list[Statement] = []
        self.problems: list[Problem] = []
        self.comments: list[Comment] = []
        self.resume_points: list[ResumePoint] = []
        # Set once a scan read text far ahead of where it stands (an unclosed multi-line string
        # looks for its end to the end of the text): no later header is a resume point then.
        self.read_ahead = False
        self.tail: _Tail | None = None  # an earlier scan's findings after the last edit (see ``reuse``)

    def reuse(self, previous: ParsedDocument) -> None:
        """Take what ``previous`` found before the first edit, and keep what it found after the last one."""
        old, text = previous.text, self.text
        unchanged = _shared_length(old, text)
        point = _resume_point(previous, text, unchanged)
        if point is not None:
            self.pos = point.offset
            self.statements = list(previous.statements[: point.statements])
            self.problems = list(previous.problems[: point.problems])
            self.comments = list(previous.comments[: point.comments])
            self.resume_points = [p for p in previous.resume_points if p.offset < point.offset]
        suffix = min(_shared_length(old, text, at_end=True), min(len(old), len(text)) - unchanged)  # not into the head
        points = {p.offset: index for index, p in enumerate(previous.resume_points)}
        # Copies of the tuples: ``previous`` is emptied once the scan has what it needs.
        kept = ParsedDocument(old, previous.statements, previous.problems, previous.comments, previous.resume_points)
        self.tail = _Tail(kept, len(text) - suffix, len(text) - len(old), points)

    def take_tail(self, index: int) -> None:
        """Move the old scan's findings from its resume point ``index`` on into this scan, and finish."""
        assert self.tail is not None
        old, by = self.tail.previous, self.tail.moved
        point = old.resume_points[index]
        statements, problems, comments = len(self.statements), len(self.problems), len(self.comments)
        for later in old.resume_points[index:]:
            self.resume_points.append(
                ResumePoint(
                    later.offset + by,
                    statements + later.statements - point.statements,
                    problems + later.problems - point.problems,
                    comments + later.comments - point.comments,
                )
            )
        moved_statements = old.statements[point.statements :]
        moved_problems = old.problems[point.problems :]
        moved_comments = old.comments[point.comments :]
        if by:
            for statement in moved_statements:
                _move_statement(statement, by)
            for problem in moved_problems:
                _move_span(problem.span, by)
            for comment in moved_comments:
                _move_span(comment.span, by)
        self.statements.extend(moved_statements)
        self.problems.extend(moved_problems)
        self.comments.extend(moved_comments)
        self.pos = self.n

    # -- helpers -----------------------------------------------------------

    def problem(self, start: int, end: int, message: str) -> None:
        self.problems.append(Problem("toml-syntax", Span(start, max(start, end)), message))

    def skip_ws(self) -> None:
        pos = self.pos
        if pos < self.n and self.text[pos] in " \t":  # most calls find nothing to skip
            self.pos = _blanks_end(self.text, pos)

    def line_end(self, pos: int) -> int:
        """The offset of the first line break (LF, CR) at or after ``pos``, or the text's end."""
        found = _LINE_BREAK_CHAR.search(self.text, pos)
        return self.n if found is None else found.start()

    def after_break(self, pos: int) -> int:
        """The offset after the line break that starts at ``pos`` (CRLF counts as one)."""
        return pos + 2 if self.text.startswith("\r\n", pos) else pos + 1

    def lone_cr_problem(self, pos: int) -> None:
        """TOML's line breaks are LF and CRLF: a CR alone is refused (and still ends its line for editors)."""
        if self.text[pos] == "\r" and not self.text.startswith("\r\n", pos):
            self.problem(pos, pos + 1, "A carriage return must be followed by a line feed.")

    def at_line_start(self, pos: int) -> bool:
        return pos > 0 and self.text[pos - 1] in "\r\n" and not self.text.startswith("\r\n", pos - 1)

    def at_line_end(self) -> bool:
        pos = self.pos
        return pos >= self.n or self.text[pos] in "\r\n#"

    # -- statements --------------------------------------------------------

    def run(self) -> None:
        text, n = self.text, self.n
        while self.pos < n:
            self.skip_ws()
            if self.pos >= n:
                break
            char = text[self.pos]
            if char == "\n":
                self.pos += 1
                continue
            if char == "\r":
                self.lone_cr_problem(self.pos)
                self.pos = self.after_break(self.pos)
                continue
            if char == "#":
                self.skip_comment()
                continue
            start = self.pos
            if char == "[":
                if not self.read_ahead:
                    index = self.tail.point_for(text, start) if self.tail is not None else None
                    if index is not None:
                        self.take_tail(index)
                        break
                    self.resume_points.append(
                        ResumePoint(start, len(self.statements), len(self.problems), len(self.comments))
                    )
                self.parse_header()
            else:
                self.parse_key_value_statement()
            self.finish_line(start)

    def skip_comment(self) -> None:
        start, end = self.pos, self.line_end(self.pos)
        control = _COMMENT_CONTROL_CHAR.search(self.text, start, end)
        if control is not None:
            self.problem(control.start(), control.start() + 1, "Comments may not contain control characters.")
        line_start = max(self.text.rfind("\n", 0, start), self.text.rfind("\r", 0, start)) + 1
        alone = self.text[line_start:start].strip(" \t\ufeff") == ""
        self.comments.append(Comment(Span(start, end), alone))
        self.pos = end

    def finish_line(self, statement_start: int) -> None:
        """After a statement only blanks and a comment may follow on its line."""
        if self.pos > statement_start and self.at_line_start(self.pos):
            return  # an unclosed value already ended at a later line's start
        self.skip_ws()
        if self.pos < self.n and self.text[self.pos] == "#":
            self.skip_comment()
        if self.pos >= self.n or self.text[self.pos] in "\r\n":
            return
        end = self.line_end(self.pos)
        if self.pos < end:
            self.problem(self.pos, end, "Expected the end of the line: put each statement on its own line.")
        self.pos = end

    def parse_header(self) -> None:
        text, start = self.text, self.pos
        array = text.startswith("[[", start)
        self.pos += 2 if array else 1
        keys = self.parse_keys()
        self.skip_ws()
        closer = "]]" if array else "]"
        closed = text.startswith(closer, self.pos)
        if closed:
            self.pos += len(closer)
        if not keys:
            self.problem(start, self.line_end(start), "Expected a table name between the brackets.")
        elif not closed:
            end = self.line_end(self.pos)
            self.problem(start, end, f"This table header is not closed: add `{closer}`.")
            self.pos = end
        self.statements.append(Header(tuple(keys), start, self.pos - start, array, closed))

    def parse_key_value_statement(self) -> None:
        start = self.pos
        keys = self.parse_keys()
        if not keys:
            end = self.line_end(start)
            self.problem(start, max(end, start + 1), "Expected a key (`name = value`) or a table header (`[name]`).")
            self.pos = end
            return
        pair = self.parse_key_value_rest(keys)
        self.statements.append(pair)

    def parse_key_value_rest(self, keys: list[Key], depth: int = 0) -> KeyValue:
        """The ``= value`` after ``keys``; ``depth`` counts the arrays and inline tables around it."""
        self.skip_ws()
        if self.pos < self.n and self.text[self.pos] == "=":
            eq = self.pos
            self.pos += 1
            self.skip_ws()
            value = self.parse_value(depth)
            return KeyValue(tuple(keys), value, eq)
        self.problem(keys[0].start, keys[-1].end, "Expected `=` and a value after this key.")
        if not self.at_line_end() and self.text[self.pos] not in ",}":
            self.pos = self.line_end(self.pos)
        return KeyValue(tuple(keys), Scalar("missing", None, self.pos, 0), None)

    # -- keys --------------------------------------------------------------

    def parse_keys(self) -> list[Key]:
        text, keys = self.text, []
        while True:
            self.skip_ws()
            pos = self.pos
            if pos >= self.n:
                break
            char = text[pos]
            match = BARE_KEY.match(text, pos)
            if match:
                keys.append(Key(intern(match.group()), pos, match.end() - pos))
                self.pos = match.end()
            elif char == '"' or char == "'":
                if text.startswith(char * 3, pos):
                    self.problem(pos, pos + 3, "A key cannot be a multi-line string.")
                value = self.parse_single_line_string(char)
                keys.append(Key(str(value.value), value.start, value.length, quoted=True))
            else:
                if char.isalpha() or (ord(char) > 0x7F and not char.isspace()):
                    end = pos
                    while end < self.n and text[end] not in " \t\r\n=.[]#":
                        end += 1
                    self.problem(
                        pos, end, "A bare key may only use A-Z, a-z, 0-9, `_` and `-`: put this key in quotes."
                    )
                    keys.append(Key(text[pos:end], pos, end - pos, quoted=True))
                    self.pos = end
                elif keys:
                    if not self.at_line_end():  # at the line's end the caller reports what is missing
                        self.problem(pos - 1, pos, "Expected a key name after the dot.")
                    break
                else:
                    break
            self.skip_ws()
            if self.pos < self.n and text[self.pos] == ".":
                self.pos += 1
                continue
            break
        return keys

    # -- values ------------------------------------------------------------

    def parse_value(self, depth: int) -> Value:
        text, pos = self.text, self.pos
        if pos >= self.n or text[pos] in "\r\n#":
            self.problem(pos, pos, "Expected a value after `=`.")
            return Scalar("missing", None, pos, 0)
        if depth > MAX_NESTING:
            end = self.line_end(pos)
            self.problem(pos, end, f"Values nested deeper than {MAX_NESTING} levels are not supported.")
            self.pos = end
            return Scalar("invalid", text[pos:end], pos, end - pos)
        char = text[pos]
        if char == '"' or char == "'":
            if text.startswith(char * 3, pos):
                return self.parse_multiline_string(char)
            return self.parse_single_line_string(char)
        if char == "[":
            return self.parse_array(depth)
        if char == "{":
            return self.parse_inline_table(depth)
        return self.parse_bare_value()

    def parse_single_line_string(self, quote: str) -> Scalar:
        text, start = self.text, self.pos
        simple = (_SIMPLE_BASIC if quote == '"' else _SIMPLE_LITERAL).match(text, start)
        if simple:
            self.pos = simple.end()
            return Scalar("string", simple.group(1), start, self.pos - start, quote=quote)
        chars: list[str] = []
        pos = start + 1
        end = self.line_end(start)
        while pos < end:
            char = text[pos]
            if char == quote:
                self.pos = pos + 1
                return Scalar("string", "".join(chars), start, self.pos - start, quote=quote)
            if char == "\\" and quote == '"':
                pos = self.read_escape(pos, chars)
                continue
            if (ord(char) < 0x20 and char != "\t") or char == "\x7f":
                self.problem(pos, pos + 1, "Strings may not contain control characters: use an escape such as `\\t`.")
            chars.append(char)
            pos += 1
        self.problem(start, end, f"This string is not closed: add `{quote}` before the end of the line.")
        self.pos = end
        return Scalar("string", "".join(chars), start, end - start, closed=False, quote=quote)

    def read_escape(self, pos: int, chars: list[str]) -> int:
        """Decode the escape at ``pos`` (a backslash) into ``chars``; return the next offset."""
        text = self.text
        code = text[pos + 1] if pos + 1 < self.n else ""
        if code in _ESCAPES:
            chars.append(_ESCAPES[code])
            return pos + 2
        if code in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[code]
            digits = text[pos + 2 : pos + 2 + width]
            if len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
                value = int(digits, 16)
                if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                    chars.append(chr(value))
                    return pos + 2 + width
            self.problem(
                pos,
                pos + 2 + len(digits),
                f"Invalid unicode escape: `\\{code}` takes {width} hex digits of a scalar value.",
            )
            return pos + 2
        self.problem(
            pos, pos + 2, 'Invalid escape: use one of \\b \\t \\n \\f \\r \\e \\" \\\\ \\xHH \\uXXXX \\UXXXXXXXX.'
        )
        return pos + 2 if code and code not in "\r\n" else pos + 1

    def parse_multiline_string(self, quote: str) -> Scalar:
        text, start = self.text, self.pos
        delimiter = quote * 3
        pos = start + 3
        if text.startswith("\n", pos):
            pos += 1
        elif text.startswith("\r\n", pos):
            pos += 2
        found_before = len(self.problems)
        chars, closed_at = self._multiline_chars(pos, self.n, quote)
        if closed_at is not None:
            self.pos = closed_at
            return Scalar("string", chars, start, self.pos - start, quote=delimiter)
        # Unterminated: end before the first later line that starts a table
        # header, so the tables below keep their keys. Value and problems stop
        # there too: nothing after that line may change what this string says.
        end = self._next_header_line(start) or self.n
        self.read_ahead = True
        del self.problems[found_before:]
        chars, _ = self._multiline_chars(pos, end, quote)
        self.problem(start, min(self.line_end(start), end), f"This multi-line string is not closed: add `{delimiter}`.")
        self.pos = end
        return Scalar("string", chars, start, end - start, closed=False, quote=delimiter)

    def _multiline_chars(self, pos: int, stop: int, quote: str) -> tuple[str, int | None]:
        """The value of a multi-line string whose text starts at ``pos``, read up to ``stop``, and the
        offset after its closing delimiter (None when it is not closed before ``stop``)."""
        text, delimiter = self.text, quote * 3
        chars: list[str] = []
        while pos < stop:
            char = text[pos]
            if char == quote and text.startswith(delimiter, pos):
                run = 3
                while run < 5 and pos + run < self.n and text[pos + run] == quote:
                    run += 1
                chars.append(quote * (run - 3))
                return "".join(chars), pos + run
            if char == "\\" and quote == '"':
                after = _blanks_end(text, pos + 1)
                if after < stop and text[after] in "\r\n":
                    # A line-ending backslash trims the break and the blanks after it.
                    pos = after
                    while pos < stop and text[pos] in " \t\r\n":
                        pos += 1
                    continue
                pos = self.read_escape(pos, chars)
                continue
            if char == "\r":
                self.lone_cr_problem(pos)
            elif (ord(char) < 0x20 and char not in "\t\n\r") or char == "\x7f":
                self.problem(pos, pos + 1, "Strings may not contain control characters.")
            chars.append(char)
            pos += 1
        return "".join(chars), None

    def _next_header_line(self, start: int) -> int | None:
        found = _NEXT_HEADER_LINE.search(self.text, start)
        return None if found is None else found.start() + 1

    def skip_blank_and_comments(self) -> int | None:
        """Skip blanks, line breaks and comments; the start of the last line entered, None if on the same line."""
        line_start = None
        text = self.text
        while self.pos < self.n:
            char = text[self.pos]
            if char in " \t":
                self.pos += 1
            elif char in "\r\n":
                self.lone_cr_problem(self.pos)
                self.pos = line_start = self.after_break(self.pos)
            elif char == "#":
                self.skip_comment()
            else:
                break
        return line_start

    def starts_statement(self, line_start: int) -> bool:
        """Whether the line at ``line_start``, inside an array, ends the array: a `key =` or a table header.

        A nested array item may start a line with `[` too: a header-shaped line
        counts as a header only when it does not read as an array item.
        """
        text = self.text
        if not _STATEMENT_LINE.match(text, line_start):
            return False
        shaped = _HEADER_SHAPED.match(text, line_start)
        if shaped is None:
            return not _HEADER_LINE.match(text, line_start)  # `key =` always; `[1, 2],` never
        trial = _Parser(text[line_start : shaped.end()])
        trial.skip_ws()
        trial.parse_value(1)
        return bool(trial.problems)

    def parse_array(self, depth: int) -> Array:
        start = self.pos
        self.pos += 1
        items: list[Value] = []
        expect_value = True
        while True:
            line_start = self.skip_blank_and_comments()
            if self.pos >= self.n:
                return self.unterminated_array(start, items)
            if line_start is not None and self.starts_statement(line_start):
                self.pos = line_start  # after the array's start: the caller goes on from there
                return self.unterminated_array(start, items)
            char = self.text[self.pos]
            if char == "]":
                self.pos += 1
                return Array(tuple(items), start, self.pos - start)
            if char == ",":
                if expect_value:
                    self.problem(self.pos, self.pos + 1, "Expected a value before this comma.")
                self.pos += 1
                expect_value = True
                continue
            if not expect_value:
                self.problem(self.pos, self.pos + 1, "Expected `,` or `]` between array items.")
            before = self.pos
            item = self.parse_value(depth + 1)
            if isinstance(item, Scalar) and item.kind == "missing":
                self.pos = max(self.pos, before + 1)
            else:
                items.append(item)
            if self.pos <= before:  # never expected; guarantees the loop advances
                self.pos = before + 1
            expect_value = False

    def unterminated_array(self, start: int, items: list[Value]) -> Array:
        self.problem(start, self.line_end(start), "This array is not closed: add `]`.")
        end = items[-1].end if items else self.line_end(start)
        return Array(tuple(items), start, max(end - start, 1), closed=False)

    def parse_inline_table(self, depth: int) -> InlineTable:
        # Codex reads TOML 1.1: inline tables may span lines, hold comments
        # and end with a trailing comma.
        text, start = self.text, self.pos
        self.pos += 1
        pairs: list[KeyValue] = []
        expect_pair = True
        while True:
            line_start = self.skip_blank_and_comments()
            if self.pos >= self.n or (line_start is not None and _HEADER_LINE.match(text, line_start)):
                if line_start is not None:
                    self.pos = line_start  # after the table's start: the caller goes on from there
                self.problem(start, self.line_end(start), "This inline table is not closed: add `}`.")
                span_end = pairs[-1].end if pairs else self.line_end(start)
                return InlineTable(tuple(pairs), start, max(span_end - start, 1), closed=False)
            char = text[self.pos]
            if char == "}":
                self.pos += 1
                return InlineTable(tuple(pairs), start, self.pos - start)
            if char == ",":
                if expect_pair:
                    self.problem(self.pos, self.pos + 1, "Expected `key = value` before this comma.")
                self.pos += 1
                expect_pair = True
                continue
            if not expect_pair:
                self.problem(self.pos, self.pos + 1, "Expected `,` or `}` between inline table entries.")
            pair_start = self.pos
            keys = self.parse_keys()
            if not keys:
                end = self.pos + 1
                while end < self.n and text[end] not in ",}\r\n":
                    end += 1
                self.problem(self.pos, end, "Expected `key = value` in this inline table.")
                self.pos = end
                continue
            pairs.append(self.parse_key_value_rest(keys, depth + 1))
            if self.pos <= pair_start:  # never expected; guarantees the loop advances
                self.pos = pair_start + 1
            expect_pair = False

    def parse_bare_value(self) -> Scalar:
        text, start = self.text, self.pos
        match = _TOKEN.match(text, start)
        end = match.end() if match else start
        if match and _DATE_THEN_TIME.match(text, start):
            end = start + 11 + len(_token_at(text, start + 11))  # `1979-05-27 07:32:00`: a space may part the two
        if not match:
            end = start + 1
            while end < self.n and text[end] not in _DELIMITERS:
                end += 1
            self.pos = end
            self.problem(start, end, f"`{text[start:end]}` is not a TOML value.")
            return Scalar("invalid", text[start:end], start, end - start)
        token = text[start:end]
        self.pos = end
        kind, value = classify_token(token)
        if kind == "invalid":
            self.problem(start, self.pos, _invalid_token_message(token))
        return Scalar(kind, value, start, self.pos - start)


def multiline_strings(document: ParsedDocument) -> Iterator[Scalar]:
    """Every string written with triple quotes, in text order (its lines are its text, not layout)."""
    for value in values(document):
        if isinstance(value, Scalar) and len(value.quote) == 3:
            yield value


def _blanks_end(text: str, pos: int) -> int:
    """The offset after the spaces and tabs at ``pos``."""
    found = _WS.match(text, pos)
    return found.end() if found else pos


def _token_at(text: str, pos: int) -> str:
    found = _TOKEN.match(text, pos)
    return found.group() if found else ""


def values(document: ParsedDocument) -> Iterator[Value]:
    """Every value of the document, those inside arrays and inline tables included, in text order."""
    pending: list[Value] = [s.value for s in reversed(document.statements) if isinstance(s, KeyValue)]
    while pending:
        value = pending.pop()
        yield value
        if isinstance(value, Array):
            pending.extend(reversed(value.items))
        elif isinstance(value, InlineTable):
            pending.extend(pair.value for pair in reversed(value.pairs))


def classify_token(token: str) -> tuple[str, object]:
    """The kind and Python value of an unquoted TOML value."""
    if token == "true":
        return "boolean", True
    if token == "false":
        return "boolean", False
    if _DEC_INT.match(token):
        if _LEADING_ZERO.match(token):
            return "invalid", token
        return _integer(token, token.replace("_", ""), 10)
    for pattern, base in ((_HEX_INT, 16), (_OCT_INT, 8), (_BIN_INT, 2)):
        if pattern.match(token):
            return _integer(token, token[2:].replace("_", ""), base)
    if _FLOAT.match(token) or _SPECIAL_FLOAT.match(token):
        return "float", float(token.replace("_", ""))
    moment = _parse_datetime(token)
    if moment is not None:
        return "datetime", moment
    return "invalid", token


def _integer(token: str, digits: str, base: int) -> tuple[str, object]:
    """A 64-bit integer, or ``invalid`` (TOML refuses any other): a long digit run is refused before converting."""
    if len(digits.lstrip("+-0")) > 64:  # more than 64 bits in any base
        return "invalid", token
    value = int(digits, base)
    return ("integer", value) if value in _INT64 else ("invalid", token)


def _parse_datetime(token: str) -> object | None:
    match = _DATETIME.match(token)
    try:
        if match:
            date_text, time_text, zone = match.groups()
            if time_text is None:
                return dt.date.fromisoformat(date_text)
            moment = dt.datetime.fromisoformat(f"{date_text}T{time_text[:15]}")
            if zone:
                offset = dt.timezone.utc if zone in "Zz" else _zone(zone)
                moment = moment.replace(tzinfo=offset)
            return moment
        if _TIME.match(token):
            return dt.time.fromisoformat(token[:15])
    except ValueError:
        return None
    return None


def _zone(text: str) -> dt.timezone:
    sign = -1 if text[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


def _shortened(token: str) -> str:
    return token if len(token) <= 40 else f"{token[:20]}…{token[-10:]}"


def _invalid_token_message(token: str) -> str:
    if re.fullmatch(r"[+-]?0\d[\d_]*", token):
        return f"`{token}`: integers may not have leading zeros."
    if any(pattern.match(token) for pattern in (_DEC_INT, _HEX_INT, _OCT_INT, _BIN_INT)):  # well formed, too wide
        return f"`{_shortened(token)}` is too large: TOML integers are 64-bit (at most 9223372036854775807)."
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.:+\-]*", token):
        return f'`{token}` is not a TOML value: strings need quotes, as in "{token}".'
    return f"`{token}` is not a valid TOML value."
