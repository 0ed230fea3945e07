"""Incremental analysis: a scan that reuses an earlier version's tables equals a scan from scratch.

Random edit sequences (hypothesis) type, delete and paste TOML fragments that
open and close strings, arrays, inline tables and headers anywhere; after every
edit the incremental scan, tree and problems must equal a fresh analysis.
"""

from __future__ import annotations

from codex_config_lsp.analysis import analyze
from codex_config_lsp.syntax import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE = """\
model = "gpt-5.5"
approval_policy = "on-request"

[model_providers.local]
name = "Local"
base_url = "http://localhost:8080/v1"

[mcp_servers.docs]
command = "npx"
args = [
  "-y",
  "docs-mcp",
]
env = { NAME = "value" }

[profiles.fast]
model = "gpt-5.4-mini"
notes = \"\"\"
[not.a.header]
\"\"\"

[[skills.config]]
path = "/skills/a"

[tui]
animations = true
"""

# What people type and paste: the characters that open and close things, whole lines, line breaks.
FRAGMENTS = [
    "[",
    "]",
    "[[",
    "{",
    "}",
    '"',
    "'",
    '"""',
    "'''",
    "=",
    "#",
    ",",
    "\n",
    "\r\n",
    "\r",
    "\\",
    " ",
    "x",
    "[t]\n",
    "[mcp_servers.new]\n",
    'k = "v"\n',
    "a = [\n",
    'notes = """\n',
    "p = { a = 1,\n",
    "\ufeff",
]

edits = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),  # where, as a share of the text
        st.integers(min_value=0, max_value=12),  # how many characters to delete there
        st.sampled_from(FRAGMENTS + [""]),  # what to type or paste
    ),
    min_size=1,
    max_size=12,
)


def _edited(text: str, where: float, delete: int, insert: str) -> str:
    at = int(where * len(text))
    return text[:at] + insert + text[at + delete :]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_incremental_scan_equals_a_fresh_scan_after_every_edit(sequence):
    text, document = BASE, parse(BASE)
    for where, delete, insert in sequence:
        text = _edited(text, where, delete, insert)
        document = parse(text, document)
        assert document == parse(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_incremental_analysis_equals_a_fresh_analysis(sequence):
    text = BASE
    analysis = analyze(text)
    for where, delete, insert in sequence:
        text = _edited(text, where, delete, insert)
        analysis = analyze(text, previous_scan=analysis.document)
        fresh = analyze(text)
        assert analysis.document == fresh.document
        assert analysis.tree.data == fresh.tree.data and analysis.tree.locations == fresh.tree.locations
        assert analysis.problems == fresh.problems


def test_tables_around_an_edit_are_reused_not_scanned_again():
    tables = "".join(f'[mcp_servers.s{i}]\ncommand = "tool-{i}"\n\n' for i in range(50))
    first = parse(tables)
    before = first.statements
    appended = parse(tables + 'model = "gpt-5.5"\n', first)
    # The statements of every earlier table are the very objects of the first scan.
    assert all(new is old for new, old in zip(appended.statements[:98], before[:98], strict=True))
    assert first.statements == () and first.text == ""  # used up: its objects belong to the new scan now

    previous = parse(tables)
    before = previous.statements
    typed_in_middle = tables.replace("tool-25", "tool-25x")  # statement 51, in table 25
    middle = parse(typed_in_middle, previous)
    assert middle.statements[49] is before[49]  # before the edit: reused
    assert middle.statements[51] is not before[51]  # the edited table: scanned again
    assert all(new is old for new, old in zip(middle.statements[52:], before[52:], strict=True))  # after: moved
    assert middle == parse(typed_in_middle)


def test_a_moved_tail_keeps_its_problems_comments_and_resume_points_in_step():
    tail = '[b]\nx = [1, 2 # open\n"quoted.key" = { y = 1, }\n[c]\nbad = \n'
    old_text = "[a]\nv = 1\n" + tail
    new_text = "[a]\nv = 1234\n# new\n" + tail
    previous = parse(old_text)
    moved = parse(new_text, previous)
    fresh = parse(new_text)
    assert moved == fresh
    assert moved.problems and moved.comments and len(moved.resume_points) == 3


def test_nothing_is_reused_when_the_first_line_changes():
    first = parse("[a]\nx = 1\n[b]\ny = 2\n")
    changed = parse('"""\n[a]\nx = 1\n[b]\ny = 2\n', first)
    assert changed == parse('"""\n[a]\nx = 1\n[b]\ny = 2\n')
    assert not any(new is old for new, old in zip(changed.statements, first.statements, strict=False))
