"""Formatting: taplo's layout, the same meaning, nothing touched in broken text."""

from __future__ import annotations

from pathlib import Path

import pytest
from codex_config_lsp import formatting
from codex_config_lsp.analysis import analyze
from codex_config_lsp.formatting import format_edits
from support import applied
from test_robustness import TEXTS

CASES = Path(__file__).parent / "differential" / "cases"

MESSY = """\


  model="gpt-5.5"   \n\
approval_policy   =   "on-request"
notify = [ "notify-send","done" , ]
shell_environment_policy.set = {A="1",  B = "2" }



[ tui ]
\tanimations=true
[model_providers."my proxy"]
name = "P"   # a comment stays where it is   \n\
developer_instructions = \"\"\"
keep   \n\
  this  \n\

\"\"\"
[[ hooks . Stop ]]
matcher = "x"
[ mcp_servers . docs ]
args = [
  "-y",   # one
  "docs",
]



"""

TIDY = """\
model = "gpt-5.5"
approval_policy = "on-request"
notify = ["notify-send", "done"]
shell_environment_policy.set = { A = "1", B = "2" }


[tui]
animations = true
[model_providers."my proxy"]
name = "P"   # a comment stays where it is
developer_instructions = \"\"\"
keep   \n\
  this  \n\

\"\"\"
[[hooks.Stop]]
matcher = "x"
[mcp_servers.docs]
args = [
  "-y",   # one
  "docs",
]
"""


def formatted(text: str) -> str:
    return applied(text, format_edits(analyze(text)))


def test_a_messy_config_gets_taplos_layout():
    assert formatted(MESSY) == TIDY
    assert analyze(TIDY).tree.data == analyze(MESSY).tree.data


def test_formatting_twice_changes_nothing_more():
    assert format_edits(analyze(TIDY)) == []


def test_crlf_stays_crlf():
    assert formatted(MESSY.replace("\n", "\r\n")) == TIDY.replace("\n", "\r\n")


def test_broken_text_is_left_alone():
    assert format_edits(analyze('model  =  "gpt-5.5\n[tui\nanimations=true\n')) == []


@pytest.mark.parametrize("corpus", ["valid", "mistakes", "toml11"])
def test_every_config_of_the_corpus_keeps_its_meaning(corpus):
    for path in sorted((CASES / corpus).glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        analysis = analyze(text)
        result = formatted(text)
        if not analysis.document.problems and not analysis.tree.problems:
            assert analyze(result).tree.data == analysis.tree.data, path.name
            assert format_edits(analyze(result)) == [], path.name  # stable
        else:
            assert result == text, path.name


def test_any_text_formats_without_raising_or_changing_meaning():
    for text in [*TEXTS, *(t.replace("\n", "\r\n") for t in TEXTS[:100])]:
        analysis = analyze(text)
        result = formatted(text)  # the edits, applied
        whole = formatting.formatted(analysis)
        assert result == (text if whole is None else whole)  # the edits give the formatted text
        assert result == text or analyze(result).tree.data == analysis.tree.data


def test_nested_arrays_over_lines_are_formatted_not_refused():
    text = "matrix = [\n  [1,2],\n  [3]\n]\n"
    assert formatted(text) == "matrix = [\n  [1, 2],\n  [3]\n]\n"


def test_unicode_line_separators_are_text_not_line_breaks():
    text = '# a\u2028b\x85c\nx  =  "\u2029"\n'
    assert formatted(text) == '# a\u2028b\x85c\nx = "\u2029"\n'
    assert [span.start for span, _ in format_edits(analyze(text))] == [text.index("x")]
