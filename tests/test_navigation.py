"""Go to definition, references, rename, links to files, the outline, and quick fixes at a range."""

from __future__ import annotations

import re
import sys

import pytest
from codex_config_lsp.actions import fixes_at
from codex_config_lsp.analysis import analyze
from codex_config_lsp.files import links
from codex_config_lsp.names import RenameRefused, renamable, rename
from codex_config_lsp.navigation import definition, outline, references
from codex_config_lsp.settings import Settings
from codex_config_lsp.text import Span
from support import analyze_on_disk, analyzed_at, applied, with_cursor, with_spans

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_a_provider_reference_leads_to_its_table():
    source = 'model_provider = "lo$0cal"\n[model_providers.local]\nname = "L"\n'
    analysis, offset = analyzed_at(source)
    text, _ = with_cursor(source)
    target = definition(analysis, offset).occurrence.span
    assert text[target.start : target.end] == "local" and target.start > text.index("[")


def test_a_profile_reference_leads_to_its_table():
    analysis, offset = analyzed_at('profile = "fa$0st"\n[profiles.fast]\nmodel = "gpt-5.4"\n')
    assert definition(analysis, offset) is not None
    analysis, offset = analyzed_at('profile = "no$0ne"\n')
    assert definition(analysis, offset) is None


def test_the_outline_nests_tables_and_hides_secrets():
    text = (
        'model = "gpt-5.5"\n[model_providers.p]\nexperimental_bearer_token = "sk-SECRET"\n'
        '[[hooks.Stop]]\nmatcher = "x"\n[mcp_servers.m]\nenv = { API_KEY = "sk-SECRET" }\n'
    )
    entries = outline(analyze(text))
    assert [e.name for e in entries] == ["model", "model_providers", "hooks", "mcp_servers"]
    providers = entries[1]
    assert [c.name for c in providers.children] == ["p"]
    token = providers.children[0].children[0]
    assert token.name == "experimental_bearer_token" and "SECRET" not in token.detail
    assert all("SECRET" not in repr(e) for e in entries)
    for entry in entries:
        for child in entry.children:
            assert entry.span.start <= child.span.start and child.span.end <= entry.span.end


def test_fixes_at_a_range_come_from_the_problems_there():
    text = 'model = "gpt-5.4-mni"\nmodel_providers.x.wire_api = "chat"\n'
    analysis = analyze(text)
    first_line = list(fixes_at(analysis, Span(10, 10), Settings()))
    assert [fix.new_text for _, fix in first_line][0] == '"gpt-5.4-mini"' and len(first_line) <= 4
    # Last, a comment that silences the problem, for a code the user chooses to live with.
    assert first_line[-1][1].title == "Ignore unknown-model on this line"
    ignore = first_line[-1][1]
    assert "# codex-config: ignore[unknown-model]" in applied(text, [(ignore.span, ignore.new_text)])
    second = text.index('"chat"') + 2
    fixes = [fix.new_text for _, fix in fixes_at(analysis, Span(second, second), Settings())]
    assert fixes[0] == '"responses"' and "ignore[wire-api-chat]" in fixes[1] and len(fixes) == 2
    off = Settings(severity={"unknown-model": "off"})
    assert list(fixes_at(analysis, Span(10, 10), off)) == []


# References: `«»` marks every place the name is written, `$0` where it is asked for.
REFERENCE_CASES = {
    "provider in headers, profiles and subtables": (
        'model_provider = "«lo$0cal»"\n[profiles.p]\nmodel_provider = "«local»"\n'
        '[model_providers.«local»]\nname = "L"\n[model_providers.«local».http_headers]\nX = "y"\n'
        '[mcp_servers.local]\ncommand = "x"\n[tui]\nlocal = 1\n'
    ),
    "provider in dotted keys, from a literal string": (
        'model_providers.«local».base_url = "http://h"\nmodel_providers.«local».name = "L"\n'
        "model_provider = '«lo$0cal»'\n"
    ),
    "provider in an inline table, from its definition": (
        'model_providers = { «p$0» = { name = "P" } }\nmodel_provider = "«p»"\n'
    ),
    "provider defined by a quoted key": (
        '[model_providers.«"my proxy"»]\nname = "M"\n[profiles.x]\nmodel_provider = "«my pr$0oxy»"\n'
    ),
    "permission profile": 'default_permissions = "«dev$0»"\n[permissions.«dev»]\ndescription = "d"\n',
    "legacy profile": 'profile = "«fa$0st»"\n[profiles.«fast»]\nmodel = "gpt-5.4"\n[profiles.slow]\n',
    "a built-in provider has references only": (
        'model_provider = "«oll$0ama»"\n[profiles.p]\nmodel_provider = "«ollama»"\n'
    ),
}


@pytest.mark.parametrize("source", REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys())
def test_references_find_every_place_a_name_is_written(source):
    marked, offset = with_cursor(source)
    text, spans = with_spans(marked)
    offset -= marked[:offset].count("«") + marked[:offset].count("»")
    analysis = analyze(text)
    assert spans_of(references(analysis, offset)) == spans
    definitions = [span for span in spans if text[span.start - 1] != '"' and text[span.start - 1] != "'"]
    assert spans_of(references(analysis, offset, include_definition=False)) == [
        s for s in spans if s not in definitions
    ]


def spans_of(sites) -> list[Span]:
    assert all(site.file is None for site in sites)  # a document alone: every site is in it
    return sorted((site.occurrence.span for site in sites), key=lambda span: span.start)


def test_no_references_away_from_names():
    analysis, offset = analyzed_at('model = "gpt$0-5.4"\n[model_providers.local]\nname = "L"\n')
    assert references(analysis, offset) == []
    analysis, offset = analyzed_at('[model_providers.local]\nna$0me = "L"\n')
    assert references(analysis, offset) == []


def renamed(source: str, new_name: str) -> str:
    analysis, offset = analyzed_at(source)
    (own,) = rename(analysis, offset, new_name)
    assert own.file is None
    return applied(analysis.document.text, own.edits)


def test_rename_rewrites_keys_and_strings_in_their_own_style():
    source = (
        'model_provider = "lo$0cal"\n[model_providers.local]\nname = "L"\n'
        "[profiles.p]\nmodel_provider = 'local'\n[model_providers.local.http_headers]\nX = \"y\"\n"
    )
    assert renamed(source, "proxy") == (
        'model_provider = "proxy"\n[model_providers.proxy]\nname = "L"\n'
        "[profiles.p]\nmodel_provider = 'proxy'\n[model_providers.proxy.http_headers]\nX = \"y\"\n"
    )
    # A name that is not a bare key is quoted; a literal string that cannot hold it becomes a basic one.
    result = renamed(source, "it's")
    assert '[model_providers."it\'s"]' in result and 'model_provider = "it\'s"' in result
    assert tomllib.loads(result)["model_providers"]["it's"] == {"name": "L", "http_headers": {"X": "y"}}
    assert tomllib.loads(result)["profiles"]["p"]["model_provider"] == "it's"


def test_a_renamed_provider_still_resolves():
    source = 'model_providers = { p$0 = { name = "P", base_url = "http://h/v1" } }\nmodel_provider = "p"\n'
    result = renamed(source, "local-proxy")
    assert result == (
        'model_providers = { local-proxy = { name = "P", base_url = "http://h/v1" } }\nmodel_provider = "local-proxy"\n'
    )
    assert not [p for p in analyze(result).problems if p.code == "undefined-provider"]


@pytest.mark.parametrize(
    "source, new_name, reason",
    [
        ('model_provider = "ope$0nai"\n', "mine", "built-in provider"),
        ('[model_providers.amazon-bed$0rock]\nbase_url = "http://h"\n', "aws", "built-in provider"),
        ('default_permissions = ":work$0space"\n', "mine", "built-in permission profile"),
        ('model_provider = "nowh$0ere"\n', "x", "No provider `nowhere` is defined"),
        ('model = "gpt$0-5.4"\n', "x", "Only provider, profile and permission profile names"),
        ('[model_providers.a$0]\nname = "A"\n[model_providers.b]\nname = "B"\n', "b", "already defined"),
        ('[model_providers.a$0]\nname = "A"\n', "ollama", "built-in provider"),
        ('[permissions.dev$0]\ndescription = "d"\n', ":workspace", "built-in permission profile"),
        ('[model_providers.a$0]\nname = "A"\n', "", "non-empty"),
        ('[model_providers.a$0]\nname = "A"\n', "two\nlines", "one line"),
    ],
)
def test_rename_refuses_what_it_cannot_do_and_says_why(source, new_name, reason):
    analysis, offset = analyzed_at(source)
    with pytest.raises(RenameRefused, match=re.escape(reason)):
        rename(analysis, offset, new_name)


def test_renaming_to_the_same_name_changes_nothing():
    source = '[model_providers.a$0]\nname = "A"\nmodel_provider = "a"\n'
    assert renamed(source, "a") == with_cursor(source)[0]


def test_prepare_rename_gives_the_name_under_the_cursor():
    analysis, offset = analyzed_at('model_provider = "my pr$0oxy"\n[model_providers."my proxy"]\nname = "M"\n')
    symbol = renamable(analysis, offset)
    assert symbol.name == "my proxy" and analysis.document.text[symbol.span.start : symbol.span.end] == "my proxy"


def test_links_lead_to_the_files_a_config_names(tmp_path):
    (tmp_path / "instructions.md").write_text("Be brief.\n", encoding="utf-8")
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "reviewer.toml").write_text("", encoding="utf-8")
    catalog = tmp_path / "elsewhere" / "models.json"
    catalog.parent.mkdir()
    catalog.write_text('{"models": []}', encoding="utf-8")
    text, spans = with_spans(
        'model_instructions_file = "«instructions.md»"\n'
        'model = "instructions.md"\n'  # not a path
        'experimental_compact_prompt_file = "missing.md"\n'  # no such file: the diagnostic speaks instead
        f"model_catalog_json = '«{catalog}»'\n"
        "log_dir = 'roles'\n"  # a folder
        '[agents.reviewer]\nconfig_file = "«roles/reviewer.toml»"\n'
    )
    analysis = analyze_on_disk(tmp_path / "config.toml", text)
    assert list(links(analysis.tree, tmp_path, analysis.snapshot)) == [
        (spans[0], tmp_path / "instructions.md"),
        (spans[1], catalog),
        (spans[2], tmp_path / "roles" / "reviewer.toml"),
    ]
    # An unsaved buffer has no folder: only absolute paths lead anywhere.
    assert list(links(analysis.tree, None, analysis.snapshot)) == [(spans[1], catalog)]


@pytest.mark.parametrize(
    "text, name",
    [
        ('model_provider = "my proxy"\n', "my proxy"),
        ('model_provider = "mine"', "mine"),  # no line break at the end
        ('[profiles.p]\r\nmodel_provider = "mine"\r\n', "mine"),  # CRLF stays CRLF
    ],
)
def test_an_undefined_provider_can_be_defined_by_a_fix(text, name):
    (problem,) = [p for p in analyze(text).problems if p.code == "undefined-provider"]
    (define,) = [f for f in problem.fixes if f.title.startswith("Define")]
    result = applied(text, [(define.span, define.new_text)])
    providers = tomllib.loads(result.replace("\r\n", "\n"))["model_providers"]
    assert providers == {name: {"name": name, "base_url": "https://YOUR-PROVIDER/v1"}}
    assert not [p for p in analyze(result).problems if p.code in ("undefined-provider", "toml-syntax")]
    crlf = "\r\n" in text
    assert result.count("\r\n") == (result.count("\n") if crlf else 0)


def test_no_define_fix_where_a_header_cannot_follow():
    analysis = analyze('model_providers = { a = { name = "A" } }\nmodel_provider = "b"\n')
    (problem,) = [p for p in analysis.problems if p.code == "undefined-provider"]
    assert not [f for f in problem.fixes if f.title.startswith("Define")]


def test_navigation_and_rename_cross_the_files_of_the_stack(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    user = home / "config.toml"
    user.write_text('model_provider = "mine"\n[model_providers.mine]\nname = "Mine"\n', encoding="utf-8")
    profile = home / "fast.config.toml"
    profile.write_text('model_provider = "mine"\nmodel = "llama3"\n', encoding="utf-8")
    # From the profile file, the definition is in the user config.
    text, offset = with_cursor('model_provider = "mi$0ne"\nmodel = "llama3"\n')
    analysis = analyze_on_disk(profile, text, home)
    target = definition(analysis, offset)
    assert target.file == user and target.text[target.occurrence.span.start : target.occurrence.span.end] == "mine"
    assert [(site.file, site.occurrence.definition) for site in references(analysis, offset)] == [
        (None, False),
        (user, False),
        (user, True),
    ]
    # Renaming in the user config renames in the profile files beside it: one edit per file.
    text, offset = with_cursor('model_provider = "mine"\n[model_providers.mi$0ne]\nname = "Mine"\n')
    analysis = analyze_on_disk(user, text, home)
    files = {file.file: file for file in rename(analysis, offset, "proxy")}
    assert set(files) == {None, profile}
    assert applied(text, files[None].edits) == 'model_provider = "proxy"\n[model_providers.proxy]\nname = "Mine"\n'
    assert applied(files[profile].text, files[profile].edits) == 'model_provider = "proxy"\nmodel = "llama3"\n'
    # A name the user config defines is taken, also when asked from a profile file.
    user.write_text(text + '[model_providers.taken]\nname = "T"\n', encoding="utf-8")
    text, offset = with_cursor('model_provider = "mi$0ne"\n')
    with pytest.raises(RenameRefused, match="already defined"):
        rename(analyze_on_disk(profile, text, home), offset, "taken")
