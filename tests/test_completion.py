"""Completion, data-driven: a `$0` cursor in the source and what must be offered there."""

from __future__ import annotations

from dataclasses import replace

import pytest
from codex_config_lsp import docs
from codex_config_lsp.catalog import CatalogModel, bundled
from codex_config_lsp.completion import complete
from codex_config_lsp.hover import hover
from support import analyzed_at, with_cursor

RECOMMENDED = ["gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.3-codex-spark"]
# On the models page but in no catalog of Codex 0.171: Codex warns "Model metadata ... not found" for them.
PAGE_ONLY = {"gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.3-codex-spark", "gpt-5.2"}


def labels(source: str, **options) -> list[str]:
    analysis, offset = analyzed_at(source)
    return [item.label for item in complete(analysis, offset, **options)]


def item_for(source: str, label: str):
    analysis, offset = analyzed_at(source)
    return next(item for item in complete(analysis, offset) if item.label == label)


MODEL_PLACES = [
    "model = $0",
    "model =$0",
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
    assert offered[0] == "gpt-5.5"  # recommended on the models page and listed by Codex 0.171
    known = [slug for slug in offered if slug not in PAGE_ONLY]
    assert offered[: len(known)] == known and set(offered[len(known) :]) == PAGE_ONLY  # what Codex knows first
    assert "gpt-6.2-sol" in known and "gpt-6.1-sol" in known
    assert "codex-auto-review" not in offered  # hidden models stay out


@pytest.mark.parametrize(
    "source, replaced, insert",
    [
        ("model = $0", "", '"gpt-5.5"'),
        ('model = "gp$0', "gp", 'gpt-5.5"'),
        ('model = "gp$0"', "gp", "gpt-5.5"),
        ('model = "gp$0t-5.4"', "gpt-5.4", "gpt-5.5"),
        ("model = 'gp$0'", "gp", "gpt-5.5"),
        ('model = """gp$0"""', "gp", "gpt-5.5"),
        ("model = gp$0", "gp", '"gpt-5.5"'),
    ],
)
def test_items_replace_the_typed_part_and_filter_on_the_word(source, replaced, insert):
    text, _ = with_cursor(source)
    item = item_for(source, "gpt-5.5")
    assert text[item.replace.start : item.replace.end] == replaced
    assert item.insert == insert and item.filter == "gpt-5.5"
    assert item.preselect
    edited = text[: item.replace.start] + item.insert + text[item.replace.end :]
    assert edited.count('"') % 2 == 0 and edited.count("'") % 2 == 0


def test_model_words_are_written_once_per_catalog_and_each_catalog_gets_its_own():
    analysis, offset = analyzed_at('model = "gpt-5.5$0"')
    own = CatalogModel(slug="gpt-5.5", description="Our own notes on it.")
    extra = CatalogModel(slug="house-model", display_name="House", description="The model of this house.")
    other = replace(analysis, catalog=analysis.catalog.merged_with([own, extra]))
    for _ in range(2):  # the second round comes from the cache
        for current in (analysis, other):
            items = complete(current, offset)
            models = sorted(current.catalog.models(), key=lambda model: not model.codex_facts)
            assert [item.label for item in items] == [model.slug for model in models]
            for item, model in zip(items, models, strict=True):
                assert (item.detail, item.documentation) == (docs.model_detail(model), docs.model_doc(model, True))
            shown = hover(current, offset)
            assert shown is not None and ("Our own notes on it." in shown.text) == (current is other)
    assert "house-model" in [item.label for item in complete(other, offset)]
    assert "house-model" not in [item.label for item in complete(analysis, offset)]


def test_model_items_carry_ratings_and_the_catalog_doc():
    item = item_for('model = "$0', "gpt-5.3-codex-spark")
    assert "capability 3/5" in item.detail and "speed 5/5" in item.detail
    assert "research preview" in item.documentation and "| API access | ✗ |" in item.documentation
    plain = next(i for i in complete(*analyzed_at('model = "$0'), markdown=False) if i.label == "gpt-5.3-codex-spark")
    assert "API access: no" in plain.documentation and "|" not in plain.documentation


@pytest.mark.parametrize(
    "source",
    [
        'model = "gpt-5.5"$0',
        '# model = "$0',
        'notify = ["$0"]',
        'model_provider = "openai"\n[tui]\nanimations = $0x',
    ],
)
def test_no_model_items_elsewhere(source):
    assert "gpt-5.5" not in labels(source)


def test_providers_and_profiles_are_offered_by_name():
    source = 'model_provider = "$0"\n[model_providers.local]\nname = "L"\n'
    offered = labels(source)
    assert offered[0] == "local"
    assert {"openai", "ollama", "lmstudio", "amazon-bedrock", "gcp"} <= set(offered)
    assert labels('oss_provider = "$0"') == ["ollama", "lmstudio"]
    assert labels('profile = "$0"\n[profiles.fast]\n[profiles.deep]\n') == ["fast", "deep"]


# -- keys, headers and values from the schema ------------------------------------------


@pytest.mark.parametrize(
    "source, present, absent",
    [
        ("$0", ["model", "approval_policy", "sandbox_mode", "tui", "model_providers"], []),
        ('model = "x"\n$0', ["approval_policy"], ["model"]),  # keys already set are not offered again
        ("[tui]\n$0", ["animations", "theme", "notification_method"], ["model"]),
        ("[tui]\nanimations = true\n$0", ["theme"], ["animations"]),
        ("tui.$0", ["animations", "theme"], ["model"]),
        ("tui = { $0 }", ["animations"], ["model"]),
        ("[profiles.fast]\n$0", ["model", "approval_policy", "sandbox_mode"], ["mcp_servers", "notify", "history"]),
        ("[model_providers.local]\n$0", ["name", "base_url", "wire_api", "env_key"], ["model"]),
        ("[mcp_servers.docs]\n$0", ["command", "args", "url", "enabled_tools"], []),
        ("[sandbox_workspace_write]\n$0", ["writable_roots", "network_access"], []),
        ("[[hooks.PreToolUse]]\n$0", ["matcher", "hooks"], []),
        ("[features]\n$0", ["unified_exec", "web_search_request"], []),
        ("[shell_environment_policy]\nin$0", ["inherit", "include_only"], []),
    ],
)
def test_keys_for_the_table_at_the_cursor(source, present, absent):
    offered = labels(source)
    assert set(present) <= set(offered), offered
    assert not set(absent) & set(offered)


def test_deprecated_keys_come_last_and_are_marked():
    analysis, offset = analyzed_at("[features]\n$0")
    items = complete(analysis, offset)
    deprecated = [item for item in items if item.deprecated]
    assert deprecated and items[-len(deprecated) :] == deprecated


@pytest.mark.parametrize(
    "source, snippets, insert",
    [
        ("[tui]\nanim$0", False, "animations = true"),
        ("[tui]\nanim$0", True, "animations = ${1|true,false|}"),
        ("[tui]\nalternate_s$0", True, 'alternate_screen = "${1|auto,always,never|}"'),
        ("[tui]\nanim$0 = false", True, "animations"),  # the value is there already
        ("mcp_ser$0", False, "mcp_servers."),
        ("[model_providers.x]\nwire$0", False, 'wire_api = "responses"'),
    ],
)
def test_key_items_insert_a_value_placeholder(source, snippets, insert):
    analysis, offset = analyzed_at(source)
    label = insert.split(" ")[0].rstrip(".")
    item = next(i for i in complete(analysis, offset, snippets=snippets) if i.label == label)
    assert item.insert == insert and item.snippet == (snippets and "$" in insert)


@pytest.mark.parametrize(
    "source, present, absent",
    [
        (
            "[$0",
            ["tui", "model_providers", "mcp_servers", "profiles", "features", "history"],
            ["model", "approval_policy"],
        ),
        ("[[hooks.$0", ["PreToolUse", "Stop"], ["state"]),
        ("[hooks.$0", ["state"], ["PreToolUse"]),
        ("[profiles.$0]\n[profiles.fast]\n[profiles.deep]\n", ["fast", "deep"], []),
        ("[profiles.fast.$0]", ["features", "tools", "tui"], ["mcp_servers"]),
    ],
)
def test_table_headers(source, present, absent):
    offered = labels(source)
    assert set(present) <= set(offered), offered
    assert not set(absent) & set(offered)


def test_an_unclosed_header_gets_its_bracket():
    analysis, offset = analyzed_at("[tu$0")
    item = next(i for i in complete(analysis, offset) if i.label == "tui")
    assert item.insert == "tui]"


@pytest.mark.parametrize(
    "source, expected",
    [
        ('approval_policy = "$0"', ["untrusted", "on-failure", "on-request", "never"]),
        ("sandbox_mode = $0", ["read-only", "workspace-write", "danger-full-access"]),
        (  # a model without effort data in the catalog: the schema's order
            'model = "gpt-5.4"\nmodel_reasoning_effort = "$0"',
            ["none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra"],
        ),
        ('model_reasoning_summary = "$0"', ["auto", "concise", "detailed", "none"]),
        ('model_verbosity = "$0"', ["low", "medium", "high"]),
        ('personality = "$0"', ["none", "friendly", "pragmatic"]),
        ('web_search = "$0"', ["disabled", "cached", "indexed", "live"]),
        ('forced_login_method = "$0"', ["chatgpt", "api"]),
        ('[profiles.fast]\napproval_policy = "$0"', ["untrusted", "on-failure", "on-request", "never"]),
        ('[tui]\nnotification_method = "$0"', ["auto", "osc9", "osc777", "bel"]),
        ('[history]\npersistence = "$0"', ["save-all", "none"]),
        ('[model_providers.x]\nwire_api = "$0"', ["responses"]),
        ("[tui]\nanimations = $0", ["true", "false"]),
    ],
)
def test_enum_and_boolean_values(source, expected):
    assert labels(source) == expected


@pytest.mark.parametrize(
    "source, model",
    [
        ('model = "gpt-6-luna"\nmodel_reasoning_effort = "$0"', "gpt-6-luna"),
        ('model = "gpt-5.4"\n[profiles.p]\nmodel = "gpt-6-luna"\nplan_mode_reasoning_effort = $0', "gpt-6-luna"),
        ('model = "gpt-6-luna"\n[profiles.p]\nmodel_reasoning_effort = "$0"', "gpt-6-luna"),
        ('model_reasoning_effort = "$0"', bundled().default_model),  # no model set: Codex's default
    ],
)
def test_reasoning_efforts_the_model_in_scope_offers_come_first(source, model):
    analysis, offset = analyzed_at(source)
    items = complete(analysis, offset)
    offered = bundled().get(model).reasoning_efforts
    assert offered and [item.label for item in items[: len(offered)]] == list(offered)
    assert all(model in item.detail and "offers" in item.detail for item in items[: len(offered)])
    rest = items[len(offered) :]
    assert rest and all(item.label not in offered and "not among" in item.detail for item in rest)


def test_the_deprecated_approval_value_is_marked():
    analysis, offset = analyzed_at('approval_policy = "$0"')
    marked = {item.label for item in complete(analysis, offset) if item.deprecated}
    assert marked == {"on-failure"}
