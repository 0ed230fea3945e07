"""Diagnostics: each code on the text that earns it, at its span, and silence on good configs."""

from __future__ import annotations

import pytest

from codex_config_lsp.analysis import analyze
from support import with_spans

# (source with «marked» spans, the codes expected there in order)
CASES = [
    ('model = «"gpt-5.5-mini"»\n', ["unknown-model"]),
    ('review_model = «"gtp-5.4"»\n', ["unknown-model"]),
    ('[profiles.«fast»]\nmodel = «"gpt5"»\n', ["legacy-profile", "unknown-model"]),
    ('profiles.«fast».model = «"nope"»\n', ["legacy-profile", "unknown-model"]),
    ('profiles = { «fast» = { model = «"nope"» } }\n', ["legacy-profile", "unknown-model"]),
    ('[model_providers.local]\nname = "L"\nbase_url = "http://x/v1"\nwire_api = «"chat"»\n', ["wire-api-chat"]),
    ('model_providers.local.name = "L"\nmodel_providers.local.wire_api = «"chat"»\n', ["wire-api-chat"]),
    ('model_providers = { local = { name = "L", wire_api = «"chat"» } }\n', ["wire-api-chat"]),
    ('[model_providers.«local»]\nbase_url = "http://x/v1"\n', ["invalid-value"]),
    ('model_provider = «"loacl"»\n[model_providers.local]\nname = "L"\n', ["undefined-provider"]),
    ('model_provider = «"ollama-chat"»\n', ["undefined-provider"]),
    ('[model_providers.«openai»]\nname = "mine"\n', ["builtin-provider-override"]),
    ('profile = «"fast"»\n[profiles.«fast»]\nmodel = "gpt-5.4"\n', ["legacy-profile", "legacy-profile"]),
    ('profile = «"fats"»\n', ["undefined-profile"]),
    ('forced_login_method = "api"\nmodel = «"gpt-5.3-codex-spark"»\n', ["model-unavailable"]),
    ('model = «"gp»\n', ["toml-syntax"]),
    ('model = "gpt-5.5"\n«model» = "gpt-5.4"\n', ["toml-syntax"]),
]


@pytest.mark.parametrize("source, codes", CASES)
def test_each_problem_at_its_span(source, codes):
    text, spans = with_spans(source)
    problems = analyze(text).problems
    assert [(p.code, p.span) for p in problems] == list(zip(codes, spans))


QUIET = {
    "catalog model": 'model = "gpt-5.4"\n',
    "codex 0.169 model": 'model = "gpt-6.1-sol"\n',
    "custom provider model": 'model = "llama3.1:8b"\nmodel_provider = "local"\n[model_providers.local]\nname = "L"\nbase_url = "http://localhost:11434/v1"\n',
    "ollama model": 'model = "qwen3"\nmodel_provider = "ollama"\n',
    "lmstudio model": 'model = "qwen3"\nmodel_provider = "lmstudio"\n',
    "openai base url": 'openai_base_url = "http://proxy/v1"\nmodel = "my-alias"\n',
    "responses provider": '[model_providers.az]\nname = "Azure"\nbase_url = "https://x/openai"\nwire_api = "responses"\n',
    "bedrock adjustments": '[model_providers.amazon-bedrock]\nbase_url = "https://example/v1"\n',
    "empty": "",
}


@pytest.mark.parametrize("text", QUIET.values(), ids=QUIET.keys())
def test_no_false_alarms(text):
    assert analyze(text).problems == ()


def test_unknown_model_suggests_close_slugs_as_fixes():
    text = 'model = "gpt-5.4-mni"\n'
    (problem,) = analyze(text).problems
    assert "Did you mean `gpt-5.4-mini`" in problem.message
    assert problem.fixes[0].new_text == '"gpt-5.4-mini"' and problem.fixes[0].preferred
    assert len(problem.fixes) <= 3


def test_wire_api_chat_says_what_to_do_and_offers_the_fix():
    (problem,) = analyze('model_providers.x = { name = "X", wire_api = "chat" }\n').problems
    assert problem.severity == "error" and problem.deprecated
    assert 'wire_api = "responses"' in problem.message and "removed" in problem.message
    assert problem.fixes[0].new_text == '"responses"'
    assert problem.key == "model_providers.x.wire_api"


def test_a_user_catalog_makes_a_model_known():
    from codex_config_lsp.catalog import CatalogModel, bundled

    catalog = bundled().merged_with([CatalogModel(slug="gpt-5.5-mini", description="mine")])
    assert analyze('model = "gpt-5.5-mini"\n', catalog).problems == ()
