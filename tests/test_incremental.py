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


def test_tables_before_an_edit_are_reused_not_scanned_again():
    tables = "".join(f'[mcp_servers.s{i}]\ncommand = "tool-{i}"\n\n' for i in range(50))
    first = parse(tables)
    appended = parse(tables + 'model = "gpt-5.5"\n', first)
    # The statements of every earlier table are the very objects of the first scan.
    assert all(new is old for new, old in zip(appended.statements[:98], first.statements[:98], strict=True))
    typed_in_middle = tables.replace("tool-25", "tool-25x")
    middle = parse(typed_in_middle, first)
    assert middle.statements[49] is first.statements[49]  # before the edit: reused
    assert middle.statements[51] is not first.statements[51]  # the edited table: scanned again
    assert middle == parse(typed_in_middle)


def test_nothing_is_reused_when_the_first_line_changes():
    first = parse("[a]\nx = 1\n[b]\ny = 2\n")
    changed = parse('"""\n[a]\nx = 1\n[b]\ny = 2\n', first)
    assert changed == parse('"""\n[a]\nx = 1\n[b]\ny = 2\n')
    assert not any(new is old for new, old in zip(changed.statements, first.statements, strict=False))
