"""Folding ranges: tables, values over several lines, blocks of comments."""

from __future__ import annotations

from codex_config_lsp.analysis import analyze
from codex_config_lsp.folding import BLOCK, COMMENT, Fold, folds

TEXT = """\
# Codex config
# kept in git
model = "gpt-5.5"
notify = [
  "notify-send",
  "done",
]
developer_instructions = \"\"\"
# a heading inside a string, not a comment
# and another
\"\"\"

[tui]
animations = true
theme = "dark"

# the proxy
# (comments before a header stay out of the table above)
[model_providers.proxy]
name = "Proxy"
env_http_headers = { A = "B",
  C = "D" }
[empty]
[last]
a = 1
"""


def test_tables_values_and_comment_blocks_fold():
    assert folds(analyze(TEXT)) == [
        Fold(0, 1, COMMENT),
        Fold(3, 5, BLOCK),  # the closing bracket stays visible
        Fold(7, 9, BLOCK),  # and the closing quotes
        Fold(12, 14, BLOCK),  # [tui] up to its last key, not the blank line or the comments after it
        Fold(16, 17, COMMENT),
        Fold(18, 21, BLOCK),
        Fold(20, 21, BLOCK),  # an inline table over two lines, closed on the second
        Fold(23, 24, BLOCK),  # [empty] has nothing to fold; [last] has one key
    ]


def test_crlf_and_half_typed_text_fold_too():
    text = TEXT.replace("\n", "\r\n")
    assert folds(analyze(text)) == folds(analyze(TEXT))
    assert folds(analyze('notify = [\n  "a",\n  "b"\n[tui]\nx = 1\ny = 2\n')) == [Fold(0, 2, BLOCK), Fold(3, 5, BLOCK)]


def test_a_lone_cr_breaks_lines_and_unicode_separators_do_not():
    cr = "# one\r# two\rmodel = 1\n"
    assert folds(analyze(cr)) == [Fold(0, 1, COMMENT)]
    separators = "# one\u2028still one\n# two\x85\nmodel = 1\n"
    assert folds(analyze(separators)) == [Fold(0, 1, COMMENT)]
