"""Models come from labelled sources; each keeps its own facts, and hover shows them side by side."""

from __future__ import annotations

import json

import pytest
from codex_config_lsp.catalog import (
    MAX_CATALOG_CHARS,
    MODELS_PAGE,
    catalog_for,
    config_catalog_source,
    parse_catalog,
    parse_models_cache,
    settings_catalog_source,
)
from codex_config_lsp.docs import model_detail, model_doc, model_key_doc
from codex_config_lsp.suggest import closest
from hypothesis import given, settings
from hypothesis import strategies as st

# A models_cache.json in the shape Codex writes it (`codex-rs/models-manager` cache entry):
# the account sees one model the bundled catalog lacks, and describes gpt-5.5 its own way.
MODELS_CACHE = json.dumps(
    {
        "fetched_at": "2026-11-26T09:15:00.123456Z",
        "etag": '"abc123"',
        "client_version": "0.171.0",
        "cache_key": {"provider_id": "openai", "auth_mode": "chatgpt", "account_id": "acct-example"},
        "models": [
            {
                "slug": "gpt-7-preview",
                "display_name": "GPT-7 Preview",
                "description": "Early access model for this workspace.",
                "visibility": "list",
                "priority": 0,
                "supported_in_api": False,
                "default_reasoning_level": "high",
                "supported_reasoning_levels": [
                    {"effort": "medium", "description": "Balanced"},
                    {"effort": "high", "description": "Deeper"},
                ],
                "context_window": 400000,
                "shell_type": "shell_command",
                "base_instructions": "You are Codex...",
                "upgrade": None,
            },
            {
                "slug": "gpt-5.5",
                "display_name": "GPT-5.5",
                "description": "Retiring soon for this workspace.",
                "visibility": "list",
                "priority": 20,
                "supported_in_api": True,
                "context_window": 128000,
                "supported_reasoning_levels": [{"effort": "low"}, {"effort": "medium"}],
            },
        ],
    }
)

CONFIG_CATALOG = json.dumps(
    {
        "models": [
            {"slug": "team-small", "display_name": "Team Small", "visibility": "list", "priority": 5},
            {"slug": "team-large", "display_name": "Team Large", "visibility": "list", "priority": 2},
            {"slug": "team-hidden", "visibility": "hide", "priority": 1},
        ]
    }
)


def account():
    return parse_models_cache(MODELS_CACHE)


def test_the_account_list_is_read_with_its_date_and_version():
    listing = account()
    assert listing.error is None and [m.slug for m in listing.models] == ["gpt-7-preview", "gpt-5.5"]
    assert listing.source.label == "your account's model list (models_cache.json, fetched 2026-11-26)"
    assert (listing.fetched_at, listing.client_version) == ("2026-11-26T09:15:00.123456Z", "0.171.0")
    preview = listing.models[0]
    assert preview.reasoning_efforts == ("medium", "high") and preview.default_effort == "high"
    assert preview.availability.api is False and preview.upgrade is None


def test_effort_descriptions_come_from_the_release_catalog():
    sol = catalog_for("0.171.0").get("gpt-6.2-sol")
    assert sol.effort_description("ultra") == "Maximum reasoning with automatic task delegation"
    assert sol.effort_description("none") is None
    assert catalog_for("0.171.0").get("gpt-5.4").effort_description("low") is None  # the page lists no efforts


def test_an_account_model_joins_the_catalog_and_its_suggestions():
    catalog = catalog_for("0.171.0", account=account())
    assert "gpt-7-preview" in catalog and "gpt-7-preview" not in catalog_for("0.171.0")
    assert closest("gpt-7-preveiw", catalog.slugs())[0] == "gpt-7-preview"
    assert catalog.default_model == "gpt-6.2-sol"  # the release's own catalog decides the default


def test_each_source_keeps_its_own_facts():
    model = catalog_for("0.171.0", account=account()).get("gpt-5.5")
    labels = [source.label for source, _ in model.facts]
    assert labels == [
        "your account's model list (models_cache.json, fetched 2026-11-26)",
        "bundled with Codex 0.171",
        "models page",
    ]
    assert model.said_by("bundled").description == "Legacy coding model."
    assert model.said_by("models_page").capability == 5
    # Plain attributes answer with the strongest source that says something.
    assert model.description == "Retiring soon for this workspace." and model.context_window == 128000
    assert model.capability == 5 and model.tier == "recommended" and model.availability.cloud is False


def test_hover_labels_each_source_where_they_disagree():
    doc = model_doc(catalog_for("0.171.0").get("gpt-5.5"), markdown=True)
    assert "*bundled with Codex 0.171*: Legacy coding model." in doc
    assert "*models page*: OpenAI's newest frontier model" in doc
    assert "Capability: ●●●●● 5/5" in doc and "| Codex Cloud | ✗ |" in doc
    assert "Context window: 272,000 tokens" in doc and "(default medium)" in doc
    assert doc.endswith("Sources: bundled with Codex 0.171; models page.")


def test_hover_labels_each_value_of_a_fact_the_sources_disagree_on():
    doc = model_doc(catalog_for("0.171.0", account=account()).get("gpt-5.5"), markdown=False)
    window = next(line for line in doc.splitlines() if line.startswith("Context window"))
    assert window == (
        "Context window: 128,000 tokens (your account's model list (models_cache.json, fetched 2026-11-26)); "
        "272,000 tokens (bundled with Codex 0.171)"
    )
    assert "*" not in doc and "`" not in doc and "|" not in doc


def test_an_agreeing_fact_is_shown_once():
    doc = model_doc(catalog_for("0.171.0").get("gpt-6.2-sol"), markdown=True)
    assert doc.count("Fast, go-to model for coding and everyday work.") == 1 and "*bundled" not in doc
    assert "Source: bundled with Codex 0.171." in doc


def test_availability_disagreement_is_spelled_out():
    spark_in_api = {"slug": "gpt-5.3-codex-spark", "supported_in_api": True}  # the page says no API access
    listing = parse_models_cache(json.dumps({"fetched_at": "x", "models": [spark_in_api]}))
    doc = model_doc(catalog_for("0.171.0", account=listing).get("gpt-5.3-codex-spark"), markdown=False)
    assert "API access: your account's model list (models_cache.json) says yes; models page says no." in doc


def test_completion_detail_names_the_source_of_a_model_the_page_does_not_know():
    catalog = catalog_for("0.171.0", account=account())
    assert model_detail(catalog.get("gpt-7-preview")).endswith(
        "your account's model list (models_cache.json, fetched 2026-11-26)"
    )
    assert model_detail(catalog.get("gpt-5.4")) == "GPT-5.4 · capability 5/5 · speed 3/5 · recommended"


def test_a_configs_own_catalog_replaces_the_bundled_one():
    # Codex 0.171 with `model_catalog_json`: `codex debug models` lists only that file's models, and
    # `model = "gpt-6.2-sol"` then warns "Model metadata for `gpt-6.2-sol` not found".
    own = parse_catalog(CONFIG_CATALOG, config_catalog_source("/work/team.json"))
    catalog = catalog_for("0.171.0", config_catalog=own)
    assert "gpt-6.2-sol" not in catalog and "team-small" in catalog and "gpt-5.4" in catalog  # the page stays
    assert catalog.default_model == "team-large"  # first listed by priority; the hidden one does not count
    assert "(`team-large`, from model_catalog_json /work/team.json)" in model_key_doc(catalog, markdown=True)


def test_a_config_catalog_without_models_leaves_the_bundled_one():
    empty = parse_catalog('{"models": []}', config_catalog_source("x.json"))
    assert catalog_for("0.171.0", config_catalog=empty) is catalog_for("0.171.0")


def test_a_settings_catalog_is_the_strongest_word():
    ours = '[{"slug": "gpt-5.5", "description": "ours", "tier": "alternative"}]'
    extra = parse_catalog(ours, settings_catalog_source("m.json"))
    model = catalog_for("0.169.0", extra=extra).get("gpt-5.5")
    assert model.description == "ours" and model.tier == "alternative"
    assert model.facts[0][0].label == "catalog file m.json (editor settings)"


def test_the_model_key_names_the_default_of_the_release():
    assert "(`gpt-6.2-sol` in Codex 0.171)" in model_key_doc(catalog_for("0.171.0"), markdown=True)
    assert "(gpt-6.1-sol in Codex 0.169)" in model_key_doc(catalog_for("0.169.0"), markdown=False)


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "not JSON"),
        ("{", "not JSON"),
        ("[" * 100_000, "nested too deeply"),
        ('{"models": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
        ("1" * 5000, "not JSON"),
        ('"a string"', "valid dictionary"),
        ('{"models": {"slug": "x"}}', "models"),
        ('{"models": [{"slug": ""}]}', "models.0.slug"),
        ('{"models": [{"slug": "x", "priority": "first"}]}', "models.0.priority"),
        ('{"models": [{"slug": "x", "notes": [[["deep"]]]}]}', "models.0.notes"),
    ],
)
def test_garbage_gives_one_line_and_no_models(text, says):
    for listing in (parse_models_cache(text), parse_catalog(text, MODELS_PAGE)):
        assert listing.models == () and says in listing.error and "\n" not in listing.error


def test_an_absurdly_large_file_is_refused_without_parsing():
    listing = parse_catalog(" " * (MAX_CATALOG_CHARS + 1), MODELS_PAGE)
    assert listing.models == () and "too large" in listing.error


def test_a_cache_without_a_date_is_still_an_account_list():
    listing = parse_models_cache('{"fetched_at": "not a date", "models": [{"slug": "m"}]}')
    assert listing.source.label == "your account's model list (models_cache.json)" and listing.models[0].slug == "m"


# Keys a catalog uses, so generated values often look almost like a catalog.
_CATALOG_KEYS = st.sampled_from(
    ["models", "slug", "fetched_at", "visibility", "priority", "supported_reasoning_levels", "effort", "upgrade",
     "model", "availability", "api", "tier", "capability", "notes", "supported_in_api"]
)  # fmt: skip
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_CATALOG_KEYS, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_json_values)
def test_any_json_shape_never_raises(value):
    text = json.dumps(value)
    for listing in (parse_models_cache(text), parse_catalog(text, MODELS_PAGE)):
        assert (listing.error is None) or (listing.models == () and "\n" not in listing.error)
        if listing.models:
            catalog_for("0.171.0", extra=listing).models()  # and a catalog can be built from it


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_never_raises(text):
    assert parse_models_cache(text).source.kind == "account"
    assert parse_catalog(text, MODELS_PAGE).source == MODELS_PAGE
