"""The schema answers per Codex release: each fact that differs between 0.169.0 and 0.171.0, checked for both.

Every expectation below was measured on the release's binary with the oracle
(`CODEX_BIN=... python tests/differential/oracle.py probe '...'` for strict loads, `... verdict FILE` for
doctor's warnings); the comment next to a case quotes what the binary said.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from codex_config_lsp import releases
from codex_config_lsp.schema import (
    all_key_paths,
    child_keys,
    features_for,
    json_schema,
    key_info,
    table_kind,
    validate,
    value_doc,
)
from codex_config_lsp.schema.features import TABLE_FEATURES
from codex_config_lsp.schema.nodes import root_node

OLD, NEW = "0.169.0", "0.171.0"
BOTH = (OLD, NEW)


def problems(text: str, release: str) -> list[tuple[tuple[Any, ...], str]]:
    return [(p.path, p.code) for p in validate(tomllib.loads(text), release=release)]


def short(release: str) -> str:
    """How messages name ``release``: "0.171"."""
    parsed = releases.parse(release)
    assert parsed is not None, release
    return parsed.short


def message(text: str, release: str) -> str:
    found = validate(tomllib.loads(text), release=release)
    assert len(found) == 1, found
    return found[0].message


# --------------------------------------------------------------------------------------------------
# keys 0.171.0 added: 0.169.0 ignores them (strict: "unknown configuration field"), 0.171.0 loads them

ADDED_IN_0171 = [
    # (config, path of the key 0.169 reports)
    ("[rollout_trace]\nmax_payload_bytes = 1\nmax_bytes = 2", ("rollout_trace",)),
    ('[responses]\nprocess_mode = "after_complete_response"', ("responses",)),
    ("[code_mode]\nheartbeat_interval_s = 5", ("code_mode",)),
    ('[otel]\nheaders_helper = "x"', ("otel", "headers_helper")),
    ("[otel]\nheaders_helper_refresh_interval_ms = 5", ("otel", "headers_helper_refresh_interval_ms")),
    ('[tui.keymap.composer]\nundo = "ctrl-z"', ("tui", "keymap", "composer", "undo")),
    ('[tui.keymap.composer]\nredo = "ctrl-y"', ("tui", "keymap", "composer", "redo")),
    (
        '[tui.keymap.global]\nchoose_cloud_environment = "ctrl-e"',
        ("tui", "keymap", "global", "choose_cloud_environment"),
    ),
    ('[tui.keymap.pager]\nmark_markdown = "m"', ("tui", "keymap", "pager", "mark_markdown")),
]
NEW_FLAGS = (
    "catalog_apps_instructions",
    "file_backed_tool_audio",
    "guardian_nested_approval_context",
    "mcp_shared_repl_cwd",
    "multi_environment_mcp",
    "per_environment_context",
    "restored_history_prewarm",
    "safe_image_decoder",
    "utc_environment_date",
)
# 0.169.0 doctor: "`features.catalog_apps_instructions` is ignored"; 0.171.0 lists all nine (under development)
ADDED_IN_0171 += [(f"[features]\n{flag} = true", ("features", flag)) for flag in NEW_FLAGS]


@pytest.mark.parametrize(("text", "path"), ADDED_IN_0171)
def test_keys_added_in_0171(text: str, path: tuple[str, ...]) -> None:
    assert problems(text, NEW) == []  # 0.171.0: loads
    assert problems(text, OLD) == [(path, "unknown-key")]  # 0.169.0: unknown configuration field
    said = message(text, OLD)
    assert "added in Codex 0.171" in said and "Codex 0.169 ignores it" in said
    assert key_info(path, release=OLD) is None and key_info(path, release=NEW) is not None


def test_transparent_tcp_in_permission_profiles() -> None:
    base = 'default_permissions = "p"\n[permissions.p.network]\n'
    # 0.171.0: `transparent_tcp = "x"` -> invalid type: string "x", expected a boolean; 0.169.0 loads it (ignored)
    assert problems(base + "transparent_tcp = true", NEW) == []
    key = ("permissions", "p", "network", "transparent_tcp")
    assert problems(base + 'transparent_tcp = "x"', NEW) == [(key, "invalid-type")]
    assert problems(base + 'transparent_tcp = "x"', OLD) == [(key, "unknown-key")]


@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ('[responses]\nprocess_mode = "bogus"', ("responses", "process_mode"), "invalid-value"),  # unknown variant
        # expected u32
        ("[code_mode]\nheartbeat_interval_s = 4294967296", ("code_mode", "heartbeat_interval_s"), "invalid-value"),
        ("[rollout_trace]\nmax_payload_bytes = -1", ("rollout_trace", "max_payload_bytes"), "invalid-value"),  # usize
        ('[rollout_trace]\nmax_bytes = "x"', ("rollout_trace", "max_bytes"), "invalid-type"),  # expected u64
        ("[otel]\nheaders_helper = 1", ("otel", "headers_helper"), "invalid-type"),  # expected a string
        # expected a nonzero u64
        (
            "[otel]\nheaders_helper_refresh_interval_ms = 0",
            ("otel", "headers_helper_refresh_interval_ms"),
            "invalid-value",
        ),
        ("rollout_trace = 1", ("rollout_trace",), "invalid-type"),  # expected struct RolloutTraceToml
    ],
)
def test_new_keys_are_typed_in_0171(text: str, path: tuple[str, ...], code: str) -> None:
    assert problems(text, NEW) == [(path, code)]


def test_code_mode_heartbeat_zero_loads_in_0171() -> None:
    assert problems("[code_mode]\nheartbeat_interval_s = 0", NEW) == []  # 0.171.0: loads


# --------------------------------------------------------------------------------------------------
# feature flags: rows per release (`codex features list` on each binary)


def test_features_per_release() -> None:
    old, new = features_for(OLD), features_for(NEW)
    assert len(old) == 215 + 10 and len(new) == 224 + 10  # flags listed + legacy aliases
    assert set(new) - set(old) == set(NEW_FLAGS)
    assert all(new[f].stage == "under development" and not new[f].default for f in NEW_FLAGS)
    # incremental_tools_legacy: stable false -> stable true
    assert (old["incremental_tools_legacy"].stage, old["incremental_tools_legacy"].default) == ("stable", False)
    assert (new["incremental_tools_legacy"].stage, new["incremental_tools_legacy"].default) == ("stable", True)
    # tui_workspace: under development false -> stable true
    # tui_extensions_statusline: under development -> experimental
    assert (old["tui_workspace"].stage, old["tui_workspace"].default) == ("under development", False)
    assert (new["tui_workspace"].stage, new["tui_workspace"].default) == ("stable", True)
    assert (old["tui_extensions_statusline"].stage, new["tui_extensions_statusline"].stage) == (
        "under development",
        "experimental",
    )
    assert features_for("0.172.0") is new and features_for("0.100.0") is old


def test_feature_hover_facts_follow_the_release() -> None:
    old = key_info(("features", "incremental_tools_legacy"), release=OLD)
    new = key_info(("features", "incremental_tools_legacy"), release=NEW)
    assert old and new and (old.default, new.default) == ("false", "true")
    assert "off by default" in old.description and "on by default" in new.description
    tui = key_info(("features", "tui_workspace"), release=OLD)
    assert tui and tui.experimental
    tui = key_info(("features", "tui_workspace"), release=NEW)
    assert tui and not tui.experimental
    removed = key_info(("features", "apply_patch_freeform"), release=OLD)
    assert removed and removed.deprecated and "Codex 0.169" in removed.deprecated
    removed = key_info(("features", "apply_patch_freeform"), release=NEW)
    assert removed and removed.deprecated and "Codex 0.171" in removed.deprecated


# --------------------------------------------------------------------------------------------------
# table-valued feature flags: unknown keys are fatal in both releases

FEATURE_TABLE_KEYS_ADDED_IN_0171 = [
    ("token_budget", "context_window_as_tool_output = true"),
    ("rollout_budget", "limit_budget = 1.5"),
    ("rollout_budget", "reminder_at_context_start = true"),
    ("guardianv2", "async_elastic_budgeting = false"),
    ("multi_agent_v2", "interrupt_at_item_boundary = true"),
    ("network_proxy", "transparent_tcp = true"),
]


@pytest.mark.parametrize(("table", "line"), FEATURE_TABLE_KEYS_ADDED_IN_0171)
def test_feature_table_keys_added_in_0171(table: str, line: str) -> None:
    text = f"[features.{table}]\n{line}"
    key = line.split(" = ")[0]
    assert problems(text, NEW) == []  # 0.171.0: loads
    # 0.169.0: data did not match any variant of untagged enum FeatureToml (fatal)
    assert problems(text, OLD) == [(("features", table, key), "invalid-value")]
    said = message(text, OLD)
    assert "added in Codex 0.171" in said and "refuses to load" in said


def test_every_table_feature_has_an_options_model() -> None:
    from codex_config_lsp.schema.models import _FEATURE_TABLES

    assert set(_FEATURE_TABLES) == TABLE_FEATURES


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize("table", sorted(TABLE_FEATURES))
def test_unknown_key_in_a_feature_table_is_fatal(table: str, release: str) -> None:
    # both releases: `[features.<table>] bogus_zz = true`
    # -> "data did not match any variant of untagged enum FeatureToml"
    text = f"[features.{table}]\nbogus_zz = true"
    assert problems(text, release) == [(("features", table, "bogus_zz"), "invalid-value")]
    said = message(text, release)
    assert "refuses to load" in said and "bogus_zz" in said


@pytest.mark.parametrize("release", BOTH)
def test_fatal_unknown_key_names_the_known_keys_or_a_close_one(release: str) -> None:
    said = message("[features.token_budget]\nbogus_zz = true", release)
    assert "`reminder_threshold_tokens`" in said  # the table's keys
    found = validate(tomllib.loads("[features.token_budget]\nreminder_treshold_tokens = 1"), release=release)
    assert found[0].suggestions[:1] == ("reminder_threshold_tokens",)


@pytest.mark.parametrize("release", BOTH)
def test_context_management_table_has_no_enabled_key(release: str) -> None:
    # both releases: `enabled = true` in [features.context_management] is fatal; `experimental_mode` loads
    assert problems("[features.context_management]\nexperimental_mode = true", release) == []
    assert problems("[features.context_management]\nenabled = true", release) == [
        (("features", "context_management", "enabled"), "invalid-value")
    ]


# --------------------------------------------------------------------------------------------------
# rollout_budget and guardianv2: rules Codex applies when loading


ENABLED = "[features.rollout_budget]\nenabled = true\n"


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        # 0.169: "features.rollout_budget.limit_tokens is required when rollout_budget is enabled"
        # 0.171: "features.rollout_budget requires limit_tokens or limit_budget when enabled"
        ("[features.rollout_budget]\nenabled = true", "invalid-value", "invalid-value"),
        ("[features]\nrollout_budget = true", "invalid-value", "invalid-value"),
        # both: "...reminder_at_remaining_tokens is required when rollout_budget is enabled"
        ("[features.rollout_budget]\nenabled = true\nlimit_tokens = 1", "invalid-value", "invalid-value"),
        # both load
        ("[features.rollout_budget]\nenabled = true\nlimit_tokens = 1\nreminder_at_remaining_tokens = []", None, None),
        ("[features.rollout_budget]\nenforce_limit = true", None, None),
        ("[features]\nrollout_budget = false", None, None),
        # 0.171 loads; 0.169 does not know limit_budget (fatal)
        (ENABLED + "limit_budget = 1.5\nreminder_at_remaining_tokens = []", "invalid-value", None),
        # 0.171: "features.rollout_budget.limit_tokens and limit_budget cannot both be set"
        (
            ENABLED + "limit_tokens = 1\nlimit_budget = 2.0\nreminder_at_remaining_tokens = []",
            "invalid-value",
            "invalid-value",
        ),
        # both: "sync_elastic_sections is required when sync_elastic_budgeting is enabled"
        ("[features.guardianv2]\nsync_elastic_budgeting = true", "invalid-value", "invalid-value"),
        # 0.171: "async_elastic_sections is required when async_elastic_budgeting is enabled"; 0.169: unknown key
        ("[features.guardianv2]\nasync_elastic_budgeting = true", "invalid-value", "invalid-value"),
        ("[features.guardianv2]\nenabled = false\nmax_action_tokens = 1", "invalid-value", "invalid-value"),
        ("[features.guardianv2]\nenabled = false\nmax_action_tokens = 100", None, None),
    ],
)
def test_feature_table_rules(text: str, old: str | None, new: str | None) -> None:
    for release, code in ((OLD, old), (NEW, new)):
        assert [c for _, c in problems(text, release)] == ([code] if code else []), release


def test_rollout_budget_messages_follow_the_release() -> None:
    text = "[features.rollout_budget]\nenabled = true"
    assert "`limit_budget`" not in message(text, OLD) and "Codex 0.169" in message(text, OLD)
    assert "`limit_tokens` or `limit_budget`" in message(text, NEW)


# --------------------------------------------------------------------------------------------------
# [features] multi_agent: loads with a deprecation warning (both releases)


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize("value", ["true", "false"])
def test_multi_agent_is_a_deprecated_setting(release: str, value: str) -> None:
    # doctor (both): "`[features].multi_agent` is deprecated. It still controls the V1 fallback. ..."
    text = f"[features]\nmulti_agent = {value}"
    assert problems(text, release) == [(("features", "multi_agent"), "deprecated-setting")]
    said = message(text, release)
    assert "deprecated" in said and "V1" in said and "multi_agent_v2" in said
    assert f"Codex {short(release)}" in said


@pytest.mark.parametrize("release", BOTH)
def test_no_deprecation_warning_elsewhere(release: str) -> None:
    # doctor (both): no warning for the other deprecated-stage flags, nor for multi_agent in a legacy profile
    for flag in ("use_legacy_landlock", "web_search_cached", "web_search_request", "collab"):
        assert problems(f"[features]\n{flag} = true", release) == [], flag
    assert problems("[profiles.x.features]\nmulti_agent = true", release) == []


# --------------------------------------------------------------------------------------------------
# hooks: additionalContextLimit (usize) in command hooks, both releases


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1", None),
        ("0", None),
        ("4294967296", None),
        ("-1", "invalid-value"),  # invalid value: integer `-1`, expected usize
        ('"x"', "invalid-type"),  # invalid type: string "x", expected usize
        ("1.5", "invalid-type"),  # invalid type: floating point `1.5`, expected usize
        ("true", "invalid-type"),  # invalid type: boolean `true`, expected usize
    ],
)
def test_additional_context_limit(release: str, value: str, code: str | None) -> None:
    text = f'[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "true"\nadditionalContextLimit = {value}'
    assert [c for _, c in problems(text, release)] == ([code] if code else [])


# --------------------------------------------------------------------------------------------------
# the API per release


def test_one_tree_per_known_release() -> None:
    assert root_node(OLD) is root_node(OLD) and root_node(OLD) is not root_node(NEW)
    assert root_node() is root_node(NEW) is root_node("0.172.0")  # newer than known: the newest facts
    assert root_node("0.100.0") is root_node(OLD)
    assert root_node(OLD).release == OLD and root_node("0.172.0").release == NEW


def test_navigation_per_release() -> None:
    old = set(all_key_paths(release=OLD))
    new = set(all_key_paths(release=NEW))
    assert ("rollout_trace", "max_bytes") in new - old
    assert ("responses", "process_mode") in new - old
    assert old <= new  # 0.171.0 removed no key
    root_old = [k.name for k in child_keys((), release=OLD) or ()]
    root_new = [k.name for k in child_keys((), release=NEW) or ()]
    assert set(root_new) - set(root_old) == {"rollout_trace", "responses", "code_mode"}
    assert table_kind(("rollout_trace",), release=OLD) is None
    assert table_kind(("rollout_trace",), release=NEW) == "table"
    info = key_info(("responses", "process_mode"), release=NEW)
    assert info and info.values == ("streaming", "after_complete_response")


def test_json_schema_per_release() -> None:
    old, new = json_schema(release=OLD), json_schema(release=NEW)
    assert "rollout_trace" not in old["properties"] and "rollout_trace" in new["properties"]
    assert "Codex 0.169" in old["description"] and "Codex 0.171" in new["description"]
    assert "catalog_apps_instructions" not in old["$defs"]["Features"]["properties"]
    assert new["$defs"]["Features"]["properties"]["incremental_tools_legacy"]["default"] is True
    assert old["$defs"]["Features"]["properties"]["incremental_tools_legacy"]["default"] is False
    for schema in (old, new):
        text = json.dumps(schema)
        assert "x-since" not in text and "x-until" not in text and "{codex}" not in text


@pytest.mark.parametrize("release", BOTH)
def test_texts_name_the_release_they_speak_for(release: str) -> None:
    other = OLD if release == NEW else NEW
    other_short = short(other)
    for path in all_key_paths(release=release):
        info = key_info(tuple("x" if p == "*" else p for p in path), release=release)
        assert info is not None, path
        for text in (info.description, info.deprecated or ""):
            assert "{codex}" not in text and f"Codex {other_short}" not in text, (path, text)
    for text in (
        "debug = 1",
        "profile = 'x'",
        "experimental_thread_store_endpoint = 'x'",
        "[windows]\nsandbox_private_desktop = true",
    ):
        for found in validate(tomllib.loads(text), release=release):
            assert f"Codex {other_short}" not in found.message and "{codex}" not in found.message, found.message
    doc = value_doc(("approval_policy",), "untrusted", release=release)
    assert doc and f"Codex {short(release)}" in doc


@pytest.mark.parametrize("release", BOTH)
def test_feature_rules_apply_to_the_top_level_only(release: str) -> None:
    # both releases: a legacy profile's features are read (unknown keys in a feature table stay fatal) but
    # the rules that look at several keys are not applied to them: these load
    assert problems("[profiles.x.features]\nrollout_budget = true", release) == []
    assert problems("[profiles.x.features.rollout_budget]\nenabled = true", release) == []
    assert problems("[profiles.x.features.guardianv2]\nsync_elastic_budgeting = true", release) == []
    # ... while a value out of its range is refused there too: "Guardian v2 max_action_tokens must be between ..."
    assert problems("[profiles.x.features.guardianv2]\nmax_action_tokens = 1", release) == [
        (("profiles", "x", "features", "guardianv2", "max_action_tokens"), "invalid-value")
    ]
    assert problems("[profiles.x.features.token_budget]\nbogus_zz = true", release) == [
        (("profiles", "x", "features", "token_budget", "bogus_zz"), "invalid-value")
    ]


def test_enum_values_can_belong_to_releases() -> None:
    # The mechanism for an enum value a release added (no 0.171.0 enum changed: the binaries list the same
    # variants for every existing key), shown on a small model of its own.
    from typing import Annotated, Literal

    from codex_config_lsp.schema._base import CodexTable
    from codex_config_lsp.schema._meta import F, ValuesSince
    from codex_config_lsp.schema.compile import compile_model
    from codex_config_lsp.schema.nodes import EnumNode

    class Demo(CodexTable):
        mode: Annotated[Literal["a", "b", "c"], ValuesSince(b=NEW, until={"c": NEW})] = F("A demo key.")

    old, new = compile_model(Demo, OLD).fields["mode"].node, compile_model(Demo, NEW).fields["mode"].node
    assert isinstance(old, EnumNode) and isinstance(new, EnumNode)
    assert (old.values, new.values) == (("a", "c"), ("a", "b"))


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # both releases know these (sync-codex leads, then probed): "expected a nonzero usize", "expected i64", ...
        ("[auto_review]\nconversation_history_max_output_tokens = 5", None),
        ("[auto_review]\nconversation_history_max_output_tokens = -1", "invalid-value"),
        ('[auto_review]\nexperimental_conversation_history_prompt = "x"', None),
        ("[auto_review]\nexperimental_conversation_history_prompt = 1", "invalid-type"),
        ("[ghost_snapshot]\nignore_untracked_files_over_bytes = -1", None),
        ('[ghost_snapshot]\nlarge_untracked_dir_warning_threshold = "x"', "invalid-type"),
    ],
)
def test_keys_both_releases_know(release: str, text: str, code: str | None) -> None:
    assert [c for _, c in problems(text, release)] == ([code] if code else [])


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # keys found in the binaries' serde field lists, then loaded on both releases
        ('[features.token_budget]\nguidance_message = "x"', None),
        ("[features.network_proxy]\ncredentials = {}", None),
        ("[features.guardianv2]\nreview_threshold = 0.5", None),
        ("[features.guardianv2]\nreview_threshold = 1", None),
        # "Guardian v2 review_threshold must be between 0.0 and 1.0"
        ("[features.guardianv2]\nreview_threshold = 1.5", "invalid-value"),
        ('[features.guardianv2]\nreasoning_effort = "low"', None),
        ('[features.current_time_reminder]\nclock_source = "external"', None),
        ('[features.current_time_reminder]\ndelivery_mode = "after_user_or_tool_output"', None),
        # an unknown variant fails the whole table (untagged enum FeatureToml)
        ('[features.current_time_reminder]\nclock_source = "x"', "invalid-value"),
    ],
)
def test_feature_table_keys_both_releases_know(release: str, text: str, code: str | None) -> None:
    assert [c for _, c in problems(text, release)] == ([code] if code else [])


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # both releases: struct GoalsToml with 1 element
        ("[goals]\nmax_goal_token_budget = 5", None),
        ("[goals]\nmax_goal_token_budget = 0", "invalid-value"),  # expected a nonzero u64
        ("[goals]\nbogus_zz = 1", "unknown-key"),  # unknown configuration field `goals.bogus_zz`
        ("goals = 1", "invalid-type"),  # expected struct GoalsToml
    ],
)
def test_goals(release: str, text: str, code: str | None) -> None:
    assert [c for _, c in problems(text, release)] == ([code] if code else [])


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("lines", "key"),
    [
        # both releases; unset wait times default to min 10000, default 30000, max 3600000 (measured)
        ("max_wait_timeout_ms = 5000", "max_wait_timeout_ms"),  # "min ... must be at most ... max"
        ("max_wait_timeout_ms = 10000", "max_wait_timeout_ms"),  # "default ... must be at most ... max"
        ("min_wait_timeout_ms = 60000", "min_wait_timeout_ms"),  # "default ... must be at least ... min"
        ("default_wait_timeout_ms = 9999", "default_wait_timeout_ms"),  # "default ... must be at least ... min"
        ("min_wait_timeout_ms = 10\nmax_wait_timeout_ms = 5", "min_wait_timeout_ms"),
        ("max_wait_timeout_ms = 30000", None),
        ("min_wait_timeout_ms = 30000", None),
        ("default_wait_timeout_ms = 10000", None),
    ],
)
def test_multi_agent_v2_wait_times_are_ordered(release: str, lines: str, key: str | None) -> None:
    text = f"[features.multi_agent_v2]\n{lines}"
    assert problems(text, release) == ([(("features", "multi_agent_v2", key), "invalid-value")] if key else [])
    # a legacy profile's features are not held to it ("min_wait_timeout_ms = 10, max = 5" loads there)
    assert problems(f"[profiles.x.features.multi_agent_v2]\n{lines}", release) == []


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("lines", "code"),
    [
        # both releases: with `enabled` off the values load as typed ...
        ("limit_tokens = -1", None),
        ("reminder_at_remaining_tokens = [-1]", None),
        ("sampling_token_weight = -1.0", None),
        # ... and when it is on Codex checks them
        ("enabled = true\nlimit_tokens = 10\nreminder_at_remaining_tokens = [9]", None),
        # "reminder_at_remaining_tokens must contain only positive values below limit_tokens" (0.169) /
        # "... below the rollout allowance" (0.171)
        ("enabled = true\nlimit_tokens = 10\nreminder_at_remaining_tokens = [10]", "invalid-value"),
        ("enabled = true\nlimit_tokens = 10\nreminder_at_remaining_tokens = [0]", "invalid-value"),
        # "features.rollout_budget.limit_tokens must be positive" / "allowance must be finite and positive"
        ("enabled = true\nlimit_tokens = 0\nreminder_at_remaining_tokens = []", "invalid-value"),
        # "features.rollout_budget.sampling_token_weight must be finite and non-negative"
        (
            "enabled = true\nlimit_tokens = 10\nreminder_at_remaining_tokens = []\nsampling_token_weight = -1.0",
            "invalid-value",
        ),
    ],
)
def test_rollout_budget_values(release: str, lines: str, code: str | None) -> None:
    found = problems(f"[features.rollout_budget]\n{lines}", release)
    assert [c for _, c in found] == ([code] if code else [])


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # both releases; -1 for an unsigned key fails the whole table (untagged enum FeatureToml)
        # "model_async_compact_threshold_percent must be between 1 and 100" (top-level features only)
        ("[features.async_compaction]\nmodel_async_compact_threshold_percent = 0", "invalid-value"),
        ("[features.async_compaction]\nmodel_async_compact_threshold_percent = 256", "invalid-value"),  # u8
        ("[profiles.x.features.async_compaction]\nmodel_async_compact_threshold_percent = 101", None),  # loads there
        ("[features.code_mode]\ndefault_exec_yield_time_ms = -1", "invalid-value"),
        ("[features.code_mode]\ntool_input_schema_max_bytes = -1", "invalid-value"),
        ("[features.current_time_reminder]\nreminder_interval_seconds = 0", None),
        ("[features.current_time_reminder]\nreminder_interval_seconds = -1", "invalid-value"),
        ("[features.guardianv2]\nmax_tool_call_lag = -1", "invalid-value"),
        ("[features.guardianv2]\nasync_classifier_conversation_token_limit = 0", "invalid-value"),  # "must be positive"
        ("[features.token_budget]\nreminder_threshold_tokens = -1", None),
        ("[features.token_budget]\nauto_compact_fallback_buffer_tokens = -1", None),
    ],
)
def test_feature_table_value_ranges(release: str, text: str, code: str | None) -> None:
    assert [c for _, c in problems(text, release)] == ([code] if code else [])


# --------------------------------------------------------------------------------------------------
# [browser_use], [computer_use] and `daybreak`: both releases read them the same way (probed on each)

EXE = 'publisher_name = "p", product_name = "q"'


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ("daybreak = true", None, None),
        ('daybreak = "x"', ("daybreak",), "invalid-type"),  # expected a boolean
        # "unknown configuration field `profiles.x.daybreak`"
        ("[profiles.x]\ndaybreak = true", ("profiles", "x", "daybreak"), "unknown-key"),
        (
            "[browser_use]\nallow_history_access = true\n"
            '[browser_use.default_origin_policy]\naccess = "allow"\ndownloads = "deny"\n'
            'uploads = "deny"\nfull_cdp_access = "deny"',
            None,
            None,
        ),
        ('browser_use.allow_history_access = "x"', ("browser_use", "allow_history_access"), "invalid-type"),
        # "expected struct BrowserUseOriginPolicyConfigToml"
        ('browser_use.default_origin_policy = "x"', ("browser_use", "default_origin_policy"), "invalid-type"),
        # "unknown variant `zzz`, expected `allow` or `deny`"
        (
            'browser_use.default_origin_policy.full_cdp_access = "zzz"',
            ("browser_use", "default_origin_policy", "full_cdp_access"),
            "invalid-value",
        ),
        # doctor: "`browser_use.bogus` is ignored"; strict: unknown configuration field
        ("browser_use.bogus = 1", ("browser_use", "bogus"), "unknown-key"),
        (
            "browser_use.default_origin_policy.bogus = 1",
            ("browser_use", "default_origin_policy", "bogus"),
            "unknown-key",
        ),
        # origins: any key loads (not checked to be an origin), each value a policy table
        ('browser_use.origins."https://a.example" = { access = "allow", uploads = "deny" }', None, None),
        ('browser_use.origins.notanorigin = { access = "deny" }', None, None),
        ('browser_use.origins = "x"', ("browser_use", "origins"), "invalid-type"),  # expected a map
        (
            'browser_use.origins."https://a.example" = 1',
            ("browser_use", "origins", "https://a.example"),
            "invalid-type",
        ),
        (
            'browser_use.origins."https://a.example" = { bogus = 1 }',
            ("browser_use", "origins", "https://a.example", "bogus"),
            "unknown-key",
        ),
        (
            'computer_use.default_app_access = "deny"\n'
            'computer_use.macos.bundle_ids = { "com.apple.Safari" = "allow" }\n'
            'computer_use.windows.aumids = { "Microsoft.WindowsCalculator" = "deny" }\n'
            f'computer_use.windows.exes = [{{ {EXE}, binary_name = "b.exe", access = "allow" }}]',
            None,
            None,
        ),
        # "invalid type: unit variant, expected string only"
        ("computer_use.default_app_access = 1", ("computer_use", "default_app_access"), "invalid-type"),
        ('computer_use.default_app_access = "zzz"', ("computer_use", "default_app_access"), "invalid-value"),
        ("computer_use.bogus = 1", ("computer_use", "bogus"), "unknown-key"),
        ("computer_use.macos = 1", ("computer_use", "macos"), "invalid-type"),  # expected struct ...MacosConfigToml
        ("computer_use.macos.bogus = 1", ("computer_use", "macos", "bogus"), "unknown-key"),
        # a map of "allow" | "deny", not an array: "invalid type: sequence, expected a map"
        (
            'computer_use.macos.bundle_ids = ["com.apple.Safari"]',
            ("computer_use", "macos", "bundle_ids"),
            "invalid-type",
        ),
        ('computer_use.windows.aumids.x = "zzz"', ("computer_use", "windows", "aumids", "x"), "invalid-value"),
        ("computer_use.windows.bogus = 1", ("computer_use", "windows", "bogus"), "unknown-key"),
        ("computer_use.windows.exes = {}", ("computer_use", "windows", "exes"), "invalid-type"),  # expected a sequence
        ("computer_use.windows.exes = []", None, None),
        # binary_name is optional; "missing field `access`" / "missing field `product_name`"
        (f'computer_use.windows.exes = [{{ {EXE}, access = "deny" }}]', None, None),
        (f"computer_use.windows.exes = [{{ {EXE} }}]", ("computer_use", "windows", "exes", 0), "invalid-value"),
        (
            'computer_use.windows.exes = [{ publisher_name = "p" }]',
            ("computer_use", "windows", "exes", 0),
            "invalid-value",
        ),
        # doctor: "`computer_use.windows.exes.0.yy` is ignored"
        (
            f'computer_use.windows.exes = [{{ {EXE}, access = "allow", yy = 3 }}]',
            ("computer_use", "windows", "exes", 0, "yy"),
            "unknown-key",
        ),
    ],
)
def test_browser_and_computer_use(release: str, text: str, path: tuple[Any, ...] | None, code: str | None) -> None:
    assert problems(text, release) == ([(path, code)] if path else [])


@pytest.mark.parametrize("release", BOTH)
def test_missing_exe_fields_are_named_as_codex_names_them(release: str) -> None:
    # Codex names the first missing field in declaration order: publisher_name, product_name, access
    assert "`publisher_name`" in message("computer_use.windows.exes = [{}]", release)
    assert "`access`" in message(f"computer_use.windows.exes = [{{ {EXE} }}]", release)


@pytest.mark.parametrize("release", BOTH)
def test_browser_and_computer_use_keys_and_values(release: str) -> None:
    # the keys scripts/sync-codex finds in both binaries; every allow/deny value: "expected `allow` or `deny`"
    def names(path: tuple[Any, ...]) -> list[str]:
        return [k.name for k in child_keys(path, release=release)]

    policy = ["access", "downloads", "uploads", "full_cdp_access"]
    assert names(("browser_use",)) == ["allow_history_access", "default_origin_policy", "origins"]
    assert names(("browser_use", "default_origin_policy")) == policy
    assert names(("browser_use", "origins", "https://a.example")) == policy
    assert names(("computer_use",)) == ["default_app_access", "macos", "windows"]
    assert names(("computer_use", "windows", "exes", 0)) == ["publisher_name", "product_name", "binary_name", "access"]
    for path in (
        ("browser_use", "origins", "https://a.example", "full_cdp_access"),
        ("computer_use", "default_app_access"),
        ("computer_use", "windows", "exes", 0, "access"),
    ):
        info = key_info(path, release=release)
        assert info and info.values == ("allow", "deny"), path
    assert (info := key_info(("daybreak",), release=release)) and info.kind == "boolean" and info.root_only


# --------------------------------------------------------------------------------------------------
# feature-table keys whose values were found later (names and values from the binaries' strings, then
# loaded on both releases); any other value fails the whole table ("untagged enum FeatureToml")

BOARD = "[features.multi_agent_v2]\nmessage_board_remote = "


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ('[features.sleep_tool]\nmode = "model_driven"', None, None),
        ('[features.sleep_tool]\nmode = "always_on"', None, None),
        ('[features.sleep_tool]\nmode = "zzz"', ("features", "sleep_tool", "mode"), "invalid-value"),
        ('[features.runtime_agent_instances]\nmode = "dual_header"', None, None),
        ('[features.runtime_agent_instances]\nmode = "assertion_only"', None, None),
        (
            '[features.runtime_agent_instances]\nmode = "zzz"',
            ("features", "runtime_agent_instances", "mode"),
            "invalid-value",
        ),
        ('[features.guardianv2]\ntranscript_mode = "json"', None, None),
        ('[features.guardianv2]\ntranscript_mode = "line"', None, None),
        (
            '[features.guardianv2]\ntranscript_mode = "text"',
            ("features", "guardianv2", "transcript_mode"),
            "invalid-value",
        ),
        (
            '[features.guardianv2]\nasync_classifier_mode = "conversations"',
            ("features", "guardianv2", "async_classifier_mode"),
            "invalid-value",
        ),
        # `url` alone loads; any string is taken at load ("not a url" loads too)
        (BOARD + '{ url = "https://board.example/x" }', None, None),
        (BOARD + '{ url = "not a url", bearer_token = "t", bearer_token_env_var = "T" }', None, None),
        (BOARD + "{}", ("features", "multi_agent_v2", "message_board_remote"), "invalid-value"),  # url is required
        (BOARD + '{ bearer_token = "t" }', ("features", "multi_agent_v2", "message_board_remote"), "invalid-value"),
        (
            BOARD + '{ url = "u", zzz = 1 }',
            ("features", "multi_agent_v2", "message_board_remote", "zzz"),
            "invalid-value",
        ),
        (BOARD + '"x"', ("features", "multi_agent_v2", "message_board_remote"), "invalid-type"),
    ],
)
def test_feature_table_values_found_later(
    release: str, text: str, path: tuple[str, ...] | None, code: str | None
) -> None:
    assert problems(text, release) == ([(path, code)] if path else [])


@pytest.mark.parametrize("release", BOTH)
@pytest.mark.parametrize("value", ["conversation", "snapshot"])
def test_async_classifier_mode_is_a_deprecated_setting(release: str, value: str) -> None:
    # doctor (both): "`[features.guardianv2].async_classifier_mode` is deprecated and ignored. Async
    # classification always uses conversations; ..."; in a legacy profile it loads without a word
    text = f'[features.guardianv2]\nasync_classifier_mode = "{value}"'
    assert problems(text, release) == [(("features", "guardianv2", "async_classifier_mode"), "deprecated-setting")]
    assert f"Codex {short(release)}" in message(text, release)
    assert problems(f'[profiles.x.features.guardianv2]\nasync_classifier_mode = "{value}"', release) == []
