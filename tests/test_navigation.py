"""Go to definition, the outline, and quick fixes at a range."""

from __future__ import annotations

from codex_config_lsp.actions import fixes_at
from codex_config_lsp.analysis import analyze
from codex_config_lsp.navigation import definition, outline
from codex_config_lsp.settings import Settings
from codex_config_lsp.text import Span
from support import analyzed_at, with_cursor


def test_a_provider_reference_leads_to_its_table():
    source = 'model_provider = "lo$0cal"\n[model_providers.local]\nname = "L"\n'
    analysis, offset = analyzed_at(source)
    text, _ = with_cursor(source)
    target = definition(analysis, offset)
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
    assert [fix.new_text for _, fix in first_line][0] == '"gpt-5.4-mini"' and len(first_line) <= 3
    second = text.index('"chat"') + 2
    assert [fix.new_text for _, fix in fixes_at(analysis, Span(second, second), Settings())] == ['"responses"']
    off = Settings(severity={"unknown-model": "off"})
    assert list(fixes_at(analysis, Span(10, 10), off)) == []
