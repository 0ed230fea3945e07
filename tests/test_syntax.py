"""The tolerant scan and the tree: valid TOML reads like tomllib, broken TOML recovers."""

from __future__ import annotations

import sys

import pytest
from codex_config_lsp.syntax import parse
from codex_config_lsp.toml_text import escape_basic, key_text
from codex_config_lsp.tree import build
from support import with_spans

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

VALID = {
    "scalars": "a = \"x\"\nb = 'lit'\nc = 42\nd = 0x1F\ne = 0o17\nf = 0b101\ng = 3.5e2\nh = inf\ni = true\nj = 1_000\n",
    "dates": (
        "a = 1979-05-27T07:32:00Z\nb = 1979-05-27 07:32:00\nc = 1979-05-27\nd = 07:32:00\n"
        "e = 1979-05-27T00:32:00.999999-07:00\n"
    ),
    "escapes": 'a = "tab\\tquote\\" \\u00e9 \\U0001F680"\n',
    "multiline": 'a = """\nfirst\\\n   second"""\nb = \'\'\'\nraw \\n\'\'\'\nc = """two ""quotes"" ok"""\n',
    "tables": '[a]\nx = 1\n[a.b]\ny = 2\n[c."quoted key".d]\nz = 3\n',
    "dotted": 'a.b.c = 1\na.b.d = 2\n"x y".z = 3\n',
    "inline": "p = { a = 1, b = { c = [1, 2] } }\nq = {}\n",
    "arrays of tables": '[[h.Pre]]\nm = "x"\n[[h.Pre.hooks]]\nt = "c"\n[[h.Pre]]\nm = "y"\n',
    "multi-line arrays": 'a = [\n  1, # one\n  2,\n]\nb = [[1, 2], ["x"]]\n',
    "nested arrays over lines": 'a = [\n  [1, 2],\n  ["x", "y"],\n  [3]\n]\nb = [\n[[4]],\n[true]\n]\n',
    "comments and blanks": "# top\n\n  a = 1 # trailing\n\t\n[t] # table\n",
    "crlf": 'a = 1\r\n[t]\r\nb = "x"\r\n',
    "non-ascii": 'a = "héllo 🚀"\n"ключ" = "значение"\n',
    "tabs": "a\t=\t1\n[\tt\t]\nb = 2\n",
}


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_valid_toml_reads_like_tomllib(text):
    document = parse(text)
    tree = build(document)
    assert document.problems == () and tree.problems == ()
    assert tree.data == tomllib.loads(text)


def test_a_bom_is_skipped():
    tree = build(parse('\ufeffmodel = "x"\n'))
    assert tree.problems == () and tree.data == {"model": "x"}


def test_toml_1_1_inline_tables_may_span_lines_like_codex_reads_them():
    text = "tui = { animations = true,\n  # comment\n  show_tooltips = false, }\n"
    document = parse(text)
    assert document.problems == ()
    assert build(document).data == {"tui": {"animations": True, "show_tooltips": False}}


# Each broken text has one problem, at the marked span.
BROKEN = [
    ('model = «"gp»\n[tui]\nanimations = true\n', "not closed"),
    ("model = «»\n", "Expected a value"),
    ("«[profiles.»\n", "not closed"),
    ("«model» \n", "Expected `=`"),
    ("model = «gpt-5»\n", 'strings need quotes, as in "gpt-5"'),
    ("a = «012»\n", "leading zeros"),
    ('a = "«\\q»"\n', "Invalid escape"),
    ("«ключ» = 1\n", "put this key in quotes"),
    ("a = 1 «b = 2»\n", "end of the line"),
    ("a = «[1, 2»\nb = 3\n", "array is not closed"),
    ("a = «{ x = 1»\n[t]\n", "inline table is not closed"),
    ("«[]»\n", "Expected a table name"),
    ('a = «"""never closed»\n[t]\nb = 1\n', "multi-line string is not closed"),
    ("a = [1, «,»]\n", "value before this comma"),
    ("a = «@»\n", "not a TOML value"),
]


@pytest.mark.parametrize("source, message", BROKEN)
def test_broken_text_gives_one_problem_at_its_span(source, message):
    text, spans = with_spans(source)
    problems = parse(text).problems
    assert [p.span for p in problems] == spans
    assert message in problems[0].message


def test_an_unterminated_string_does_not_swallow_the_next_table():
    tree = build(parse('model = "gp\n[tui]\nanimations = true\n'))
    assert tree.data == {"tui": {"animations": True}}


def test_an_unclosed_array_ends_where_the_next_statement_starts():
    tree = build(parse('notify = ["a",\nmodel = "x"\n'))
    assert tree.data == {"model": "x"}


TREE_PROBLEMS = [
    ("a = 1\n«a» = 2\n", "Duplicate key `a` (first on line 1)"),
    ("[t]\n[«t»]\n", "Table `[t]` is already defined by another header"),
    ("a = 1\n[«a».b]\n", "already set to a value"),
    ("t.x = 1\n[«t»]\n", "already defined by dotted keys"),
    ("[a.b]\nc = 1\n[a]\n«b».d = 2\n", "dotted keys cannot add to it"),
    ("a = [1]\n[[«a»]]\n", "other than an array of tables"),
    ("p = { a = 1, «a» = 2 }\n", "Duplicate key `p.a`"),
]


@pytest.mark.parametrize("source, message", TREE_PROBLEMS)
def test_toml_definition_rules(source, message):
    text, spans = with_spans(source)
    problems = build(parse(text)).problems
    assert [p.span for p in problems] == spans
    assert message in problems[0].message
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)


def test_locations_give_key_and_value_spans():
    text = '[model_providers."my-proxy"]\nwire_api = "chat"\n'
    tree = build(parse(text))
    located = tree.locations[("model_providers", "my-proxy", "wire_api")]
    assert text[located.key_span.start : located.key_span.end] == "wire_api"
    assert text[located.value_span.start : located.value_span.end] == '"chat"'
    header = tree.locations[("model_providers", "my-proxy")]
    assert text[header.key_span.start : header.key_span.end] == '"my-proxy"'


@pytest.mark.parametrize(
    "value", ["plain", 'quote " and \\ backslash', "line\nbreak\ttab\r", "bell \x07 del \x7f", "🚀 é"]
)
def test_escaped_strings_and_keys_read_back_as_written(value):
    assert tomllib.loads(f'x = "{escape_basic(value)}"')["x"] == value
    assert tomllib.loads(f"{key_text(value)} = 1") == {value: 1}


def test_the_scan_keeps_every_comment_and_whether_it_has_its_line_alone():
    text = (
        '# top\na = "x # not a comment"  # after a value\n'
        "b = [\n  1, # in an array\n  # alone in an array\n]\n"
        'c = """\n# in a string\n"""\n[t] # after a header\n'
    )
    comments = parse(text).comments
    assert [text[c.span.start : c.span.end] for c in comments] == [
        "# top",
        "# after a value",
        "# in an array",
        "# alone in an array",
        "# after a header",
    ]
    assert [c.alone for c in comments] == [True, False, False, True, False]


def test_values_walks_every_value_in_text_order():
    from codex_config_lsp.syntax import values

    text = 'a = [1, [2, 3], { x = 4, y = [5] }]\nb = "six"\n'
    walked = [text[v.span.start : v.span.end] for v in values(parse(text))]
    assert walked == [
        "[1, [2, 3], { x = 4, y = [5] }]",
        "1",
        "[2, 3]",
        "2",
        "3",
        "{ x = 4, y = [5] }",
        "4",
        "[5]",
        "5",
        '"six"',
    ]
