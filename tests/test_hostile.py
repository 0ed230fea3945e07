"""Hostile text at the pure layers: every scan ends, positions follow LSP's line breaks, nothing crashes.

Each test here failed before its fix. Speed is not asserted here: `bench/hostile.py` prints the figures.
"""

from __future__ import annotations

import random
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import rpc
from codex_config_lsp.syntax import MAX_TEXT, parse
from codex_config_lsp.text import LineIndex, lines_of
from codex_config_lsp.tree import MAX_DEPTH, build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@contextmanager
def deadline(seconds: float):
    """Fail instead of hanging: a scan that loops forever raises here."""

    def expire(*_):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def scan(text: str):
    with deadline(5):
        document = parse(text)
        tree = build(document)
    for problem in (*document.problems, *tree.problems):
        assert 0 <= problem.span.start <= problem.span.end <= len(text)
    return document, tree


# -- hangs ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["x = [\n{\r", "x = [\n{\r\r", "x = {\n[\r", "a = [\r{\r[\r", "x = [\n{\ra = 1\r"])
def test_a_lone_carriage_return_in_an_unclosed_value_ends(text):
    document, _ = scan(text)
    assert any("carriage return" in problem.message for problem in document.problems)


BREAKING = st.sampled_from(list("[]{}\"',=#.\r\n \tab1") + ["\r\n", "'''", '"""', "[[", "x = ", "\u2028", "\x0c"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BREAKING, max_size=30).map("".join))
def test_every_text_scans_to_an_end(text):
    scan(text)


# -- valid TOML ------------------------------------------------------------------


def test_nested_arrays_that_start_their_lines_are_items_not_headers():
    text = 'matrix = [\n  [1, 2],\n  [3, 4]\n]\nnested = [\n[["a"]],\n]\n[after]\nk = 1\n'
    document, tree = scan(text)
    assert document.problems == () and tree.problems == ()
    assert tree.data == tomllib.loads(text)


def test_a_header_below_an_unclosed_array_still_opens_its_table():
    document, tree = scan('notify = [\n  "a",\n[tui]\nanimations = true\n')
    assert [problem.message for problem in document.problems] == ["This array is not closed: add `]`."]
    assert tree.data["tui"] == {"animations": True}


# -- line breaks -----------------------------------------------------------------

NOT_LSP_BREAKS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("char", NOT_LSP_BREAKS)
def test_only_lf_crlf_and_cr_break_lines(char):
    text = f"a{char}b\nc\r\nd\re"
    lines = LineIndex(text)
    assert lines_of(text) == [f"a{char}b", "c", "d", "e"]
    assert lines.line_count == 4
    assert lines.position(text.index("e")) == (3, 0)
    assert lines.position(text.index("b")) == (0, 2)
    assert [lines.line_text(line) for line in range(4)] == lines_of(text)


def test_a_lone_cr_ends_a_line_for_positions_and_for_the_scan():
    text = 'model = "gpt\rprofile = 1\n'
    document, tree = scan(text)
    lines = LineIndex(text)
    unclosed = next(p for p in document.problems if "not closed" in p.message)
    assert lines.position(unclosed.span.end) == (0, 12)  # the string ends at the CR, its own line's end
    assert tree.data["profile"] == 1  # the next line is a statement of its own


# -- content that crashed --------------------------------------------------------


@pytest.mark.parametrize("digits", ["9" * 5000, "9223372036854775808", "-9223372036854775809", "0x1" + "0" * 16])
def test_integers_beyond_64_bits_are_a_problem_not_a_crash(digits):
    document, tree = scan(f"x = {digits}\n")
    assert tree.data == {}
    assert ["64-bit" in problem.message for problem in document.problems] == [True]


@pytest.mark.parametrize("token", ["1_", "0x_1", "1__0"])
def test_a_malformed_integer_is_not_called_too_large(token):
    document, _ = scan(f"x = {token}\n")
    assert [problem.message for problem in document.problems] == [f"`{token}` is not a valid TOML value."]


def test_the_widest_64_bit_integers_are_fine():
    _, tree = scan("a = 9223372036854775807\nb = -9223372036854775808\n")
    assert tree.data == {"a": 2**63 - 1, "b": -(2**63)}


@pytest.mark.parametrize(
    "text",
    ["a" + ".a" * 1000 + " = 1\n", "[" + "a." * 1000 + "a]\n", "[" + "a." * 60 + "a]\n" + "b." * 60 + "c = 1\n"],
)
def test_keys_deeper_than_the_limit_are_a_problem_not_a_crash(text):
    _, tree = scan(text)
    assert tree.data == {} or tree.data == {"a": {}} or len(tree.locations) <= MAX_DEPTH
    assert any("nested deeper" in problem.message for problem in tree.problems)


@pytest.mark.parametrize("text", ["x = " + "9" * 5000 + "\n", "a" + ".a" * 1000 + " = 1\n", "[" + "a." * 1000 + "a]\n"])
def test_the_whole_analysis_survives_what_crashed_it(text):
    from codex_config_lsp.analysis import analyze

    with deadline(20):
        problems = analyze(text).problems
    assert [problem.code for problem in problems] == ["toml-syntax"]


def test_a_long_dotted_key_costs_locations_in_proportion_to_the_limit():
    _, tree = scan("a" + ".a" * 10_000 + " = 1\n")  # 20 KB: 421 MB of prefix paths before
    assert len(tree.locations) == 0 and len(tree.problems) == 1


def test_a_key_at_the_limit_still_reads():
    _, tree = scan("k" + ".k" * (MAX_DEPTH - 1) + " = 1\n")
    assert tree.problems == () and len(tree.locations) == MAX_DEPTH


def test_text_past_the_size_limit_is_one_problem():
    document, _ = scan("a = 1\n" * (MAX_TEXT // 6 + 1))
    assert document.statements == () and ["too large" in p.message for p in document.problems] == [True]


# -- the server, driven at random over stdio ----------------------------------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import hostile  # noqa: E402  (the session driver, shared with bench/hostile.py --ops)

EDIT_TEXT = st.lists(st.sampled_from(hostile.PIECES) | st.characters(codec="utf-8"), max_size=6).map("".join)


@pytest.fixture(scope="module")
def server():
    client = hostile.Session.start(timeout=20.0)
    yield client
    client.close()


class EditingSession(RuleBasedStateMachine):
    """Random edits and requests in any order; after each check the server's analysis is a fresh one's."""

    client: rpc.Client
    opened = 0

    def __init__(self) -> None:
        super().__init__()
        EditingSession.opened += 1
        uri = f"untitled:hostile-{EditingSession.opened}.toml"
        self.session = hostile.Session(self.client, random.Random(EditingSession.opened), uri)

    @rule(data=st.data(), new=EDIT_TEXT)
    def edit(self, data, new):
        size = len(self.session.text)
        start = data.draw(st.integers(0, size))
        end = data.draw(st.integers(start, min(size, start + 8)))
        self.session.edit(start, end, new)

    @rule(new=EDIT_TEXT)
    def replace_all(self, new):
        self.session.replace_all(new)

    @rule()
    def reopen(self):
        self.session.reopen()

    @rule()
    def some_request(self):
        self.session.random_request()

    @rule()
    def diagnostics_match_a_fresh_analysis(self):
        self.session.check()

    def teardown(self):
        self.session.check()
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": self.session.uri}})


def test_random_sessions_keep_the_server_in_step(server):
    EditingSession.client = server
    run_state_machine_as_test(EditingSession, settings=settings(max_examples=25, stateful_step_count=25, deadline=None))
