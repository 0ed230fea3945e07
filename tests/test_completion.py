"""Completion, data-driven: a `$0` cursor in the source and what must be offered there."""

from __future__ import annotations

import pytest

from codex_config_lsp.completion import complete
from support import analyzed_at, with_cursor

RECOMMENDED = ["gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.3-codex-spark"]


def labels(source: str, **options) -> list[str]:
    analysis, offset = analyzed_at(source)
    return [item.label for item in complete(analysis, offset, **options)]


def item_for(source: str, label: str):
    analysis, offset = analyzed_at(source)
    return next(item for item in complete(analysis, offset) if item.label == label)


MODEL_PLACES = [
    'model = $0',
    'model =$0',
    'model = "$0',
    'model = "gp$0',
    'model = "gpt-5.4$0"',
    "model = 'gp$0'",
    'model = "$0"\n[tui]\nanimations = true\n',
    'review_model = "$0"',
    '[profiles.fast]\nmodel = "$0"',
    'profiles.fast.model = "$0"',
    'profiles = { fast = { model = "$0" } }',
    '[agents.reviewer]\nmodel = "$0"',
    '[memories]\nextract_model = "$0"',
    'model = "gp$0\n[tui]\nanimations = true\n',
]


@pytest.mark.parametrize("source", MODEL_PLACES)
def test_models_are_offered_wherever_codex_takes_a_slug(source):
    offered = labels(source)
    assert offered[:5] == RECOMMENDED
    assert "gpt-5.2" in offered and "gpt-6.1-sol" in offered
    assert "codex-auto-review" not in offered  # hidden models stay out


@pytest.mark.parametrize("source, replaced, insert", [
    ('model = $0', "", '"gpt-5.5"'),
    ('model = "gp$0', "gp", 'gpt-5.5"'),
    ('model = "gp$0"', "gp", "gpt-5.5"),
    ('model = "gp$0t-5.4"', "gpt-5.4", "gpt-5.5"),
    ("model = 'gp$0'", "gp", "gpt-5.5"),
    ('model = """gp$0"""', "gp", "gpt-5.5"),
    ('model = gp$0', "gp", '"gpt-5.5"'),
])
def test_items_replace_the_typed_part_and_filter_on_the_word(source, replaced, insert):
    text, _ = with_cursor(source)
    item = item_for(source, "gpt-5.5")
    assert text[item.replace.start : item.replace.end] == replaced
    assert item.insert == insert and item.filter == "gpt-5.5"
    assert item.preselect
    edited = text[: item.replace.start] + item.insert + text[item.replace.end :]
    assert edited.count('"') % 2 == 0 and edited.count("'") % 2 == 0


def test_model_items_carry_ratings_and_the_catalog_doc():
    item = item_for('model = "$0', "gpt-5.3-codex-spark")
    assert "capability 3/5" in item.detail and "speed 5/5" in item.detail
    assert "research preview" in item.documentation and "| API access | ✗ |" in item.documentation
    plain = next(i for i in complete(*analyzed_at('model = "$0'), markdown=False) if i.label == "gpt-5.3-codex-spark")
    assert "API access: no" in plain.documentation and "|" not in plain.documentation


@pytest.mark.parametrize("source", [
    'model = "gpt-5.5"$0',
    '# model = "$0',
    'notify = ["$0"]',
    'model_provider = "openai"\n[tui]\nanimations = $0x',
])
def test_no_model_items_elsewhere(source):
    assert "gpt-5.5" not in labels(source)


def test_providers_and_profiles_are_offered_by_name():
    source = 'model_provider = "$0"\n[model_providers.local]\nname = "L"\n'
    offered = labels(source)
    assert offered[0] == "local"
    assert {"openai", "ollama", "lmstudio", "amazon-bedrock", "gcp"} <= set(offered)
    assert labels('oss_provider = "$0"') == ["ollama", "lmstudio"]
    assert labels('profile = "$0"\n[profiles.fast]\n[profiles.deep]\n') == ["fast", "deep"]
