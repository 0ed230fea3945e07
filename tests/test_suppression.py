"""Inline suppression comments: which problems a `# codex-config: ignore[...]` silences, and the edit that adds one.

Sources mark each problem's span with `«…»`; the problem's code is the first word inside it
when the test needs more than one code.
"""

from __future__ import annotations

import pytest
from codex_config_lsp.analysis import analyze
from codex_config_lsp.suppression import directives, suppressed, suppression_edit
from codex_config_lsp.syntax import parse
from codex_config_lsp.text import Span
from support import applied, with_spans


def check_suppressed(source: str, code: str, expected: list[bool]) -> None:
    text, spans = with_spans(source)
    assert suppressed(parse(text), [(code, span) for span in spans]) == expected


@pytest.mark.parametrize(
    ("source", "code", "expected"),
    [
        # a trailing comment silences its own line only
        ('«model» = "x"  # codex-config: ignore[unknown-model]\n«other» = 1\n', "unknown-model", [True, False]),
        # a comment alone on its line silences the next line only
        ("# codex-config: ignore[unknown-key]\n«a» = 1\n«b» = 2\n", "unknown-key", [True, False]),
        # the line above is a statement with its own directive: it does not reach down
        ("x = 1  # codex-config: ignore[unknown-key]\n«a» = 1\n", "unknown-key", [False]),
        # several codes, spaces allowed
        ("«a» = 1  # codex-config: ignore[unknown-model , unknown-key]\n", "unknown-key", [True]),
        # another code is not silenced
        ("«a» = 1  # codex-config: ignore[unknown-model]\n", "unknown-key", [False]),
        # bare ignore silences every code
        ("«a» = 1  # codex-config: ignore\n", "invalid-type", [True]),
        ("«a» = 1  # codex-config:ignore -- the team wants this\n", "invalid-type", [True]),
        # the directive may follow other comment text
        ("«a» = 1  # kept for the old release; codex-config: ignore[unknown-key]\n", "unknown-key", [True]),
        # look-alikes silence nothing
        ("«a» = 1  # codex-config: ignored\n", "unknown-key", [False]),
        ("«a» = 1  # codex-config: ignore[unknown-key\n", "unknown-key", [False]),
        ("«a» = 1  # codex: ignore[unknown-key]\n", "unknown-key", [False]),
        # a `#` inside a string is no comment
        ('«a» = "# codex-config: ignore"\n', "unknown-key", [False]),
        ("«a» = '# codex-config: ignore'\n", "unknown-key", [False]),
        ('«a» = "say \\"hi\\" # codex-config: ignore"\n', "unknown-key", [False]),
        # nor is one inside a multi-line string, even on a line of its own
        ('s = """\n# codex-config: ignore\n"""\n«a» = 1\n', "unknown-key", [False]),
        ("s = '''\n# codex-config: ignore\n'''\n«a» = 1\n", "unknown-key", [False]),
        # after a multi-line string closes, comments count again (a quote inside it is no end)
        ('s = """a \\""" b"""  # codex-config: ignore\n«a» = 1  # codex-config: ignore\n', "x", [True]),
        # an unterminated string ends at its line; the next line's comment still counts
        ('s = "open\n«a» = 1  # codex-config: ignore\n', "x", [True]),
        # CRLF files, and a problem whose span starts mid-line
        ("a = «1»  # codex-config: ignore[invalid-type]\r\nb = «2»\r\n", "invalid-type", [True, False]),
        # a directive applies to a problem that starts on its line, however far the span runs
        ("# codex-config: ignore[invalid-type]\n«a = [\n  1,\n]»\n", "invalid-type", [True]),
        # indented comment line above a table key
        ("[tui]\n  # codex-config: ignore[unknown-key]\n  «colour» = 1\n", "unknown-key", [True]),
    ],
)
def test_suppressed(source: str, code: str, expected: list[bool]) -> None:
    check_suppressed(source, code, expected)


def test_directives_say_their_lines_codes_and_text() -> None:
    text = "a = 1  # codex-config: ignore[b-code, a-code]\n# codex-config: ignore\nb = 2\n"
    first, second = directives(parse(text))
    assert (first.line, first.target_line, first.codes) == (0, 0, frozenset({"a-code", "b-code"}))
    assert text[first.span.start : first.span.end] == "codex-config: ignore[b-code, a-code]"
    assert (second.line, second.target_line, second.codes) == (1, 2, None)


def check_edit(source: str, code: str, expected: str | None) -> None:
    text, (span,) = with_spans(source)
    edit = suppression_edit(parse(text), code, span)
    if expected is None:
        assert edit is None
        return
    assert edit is not None
    after = applied(text, [edit])
    assert after == expected
    # the edit does what it says: the problem, found again in the new text, is silenced
    (where, new) = edit
    shift = len(new) - len(where) if where.end <= span.start else 0
    moved = Span(span.start + shift, span.end + shift)
    assert after[moved.start : moved.end] == text[span.start : span.end]
    assert suppressed(parse(after), [(code, moved)]) == [True]


@pytest.mark.parametrize(
    ("source", "code", "expected"),
    [
        ('model = «"gpt-x"»\n', "unknown-model", 'model = "gpt-x"  # codex-config: ignore[unknown-model]\n'),
        ('model = «"gpt-x"»', "unknown-model", 'model = "gpt-x"  # codex-config: ignore[unknown-model]'),
        # CRLF: the comment goes before the line break
        ("«a» = 1\r\nb = 2\r\n", "unknown-key", "a = 1  # codex-config: ignore[unknown-key]\r\nb = 2\r\n"),
        # a line with a comment of its own keeps it; the directive follows it
        ("«a» = 1 # why\n", "unknown-key", "a = 1 # why  # codex-config: ignore[unknown-key]\n"),
        # a directive for the line already: the code joins its list, sorted
        (
            "«a» = 1  # codex-config: ignore[wire-api-chat]\n",
            "unknown-key",
            "a = 1  # codex-config: ignore[unknown-key, wire-api-chat]\n",
        ),
        (
            "  # codex-config: ignore[wire-api-chat]\n  «a» = 1\n",
            "unknown-key",
            "  # codex-config: ignore[unknown-key, wire-api-chat]\n  a = 1\n",
        ),
        # silenced already: no edit
        ("«a» = 1  # codex-config: ignore\n", "unknown-key", None),
        ("«a» = 1  # codex-config: ignore[unknown-key]\n", "unknown-key", None),
        # the line ends inside a multi-line string: a comment line above, with the line's indentation
        (
            '[x]\n    «s» = """\n  text\n"""\n',
            "unknown-key",
            '[x]\n    # codex-config: ignore[unknown-key]\n    s = """\n  text\n"""\n',
        ),
        (
            "«s» = '''\r\ntext'''\r\n",
            "unknown-key",
            "# codex-config: ignore[unknown-key]\r\ns = '''\r\ntext'''\r\n",
        ),
    ],
)
def test_suppression_edit(source: str, code: str, expected: str | None) -> None:
    check_edit(source, code, expected)


def test_edit_silences_a_real_problem_and_keeps_the_toml_valid() -> None:
    text = 'model = "gpt-nonexistent"\nmodel_reasoning_summary = "loud"\n'
    problems = [(p.code, p.span) for p in analyze(text).problems]
    assert len(problems) == 2 and suppressed(parse(text), problems) == [False, False]
    for _ in range(len(problems)):  # silence the first problem still shown, then analyze again
        code, span = next(
            p for p, hidden in zip(problems, suppressed(parse(text), problems), strict=True) if not hidden
        )
        edit = suppression_edit(parse(text), code, span)
        assert edit is not None
        text = applied(text, [edit])
        problems = [(p.code, p.span) for p in analyze(text).problems]
    assert [code for code, _ in problems] == ["unknown-model", "invalid-value"]  # no syntax error came in
    assert suppressed(parse(text), problems) == [True, True]
