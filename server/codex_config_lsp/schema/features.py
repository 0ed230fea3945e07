"""Feature flags (`[features]`) per Codex release, with stage and default.

Measured with `codex features list` on the 0.169.0 and 0.171.0 binaries. Legacy alias names and names
that are gone (reported as ignored) were probed with `codex exec --strict-config`. Each flag keeps its
history: its row as of the oldest known release, then what each later release changed
(:data:`_CHANGES`); :func:`features_for` answers for one release.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .. import releases
from .texts import codex_name as _codex

__all__ = [
    "FeatureSpec",
    "GONE_FEATURES",
    "TABLE_FEATURES",
    "STAGE_LABELS",
    "Stage",
    "features_for",
    "all_feature_names",
    "feature_since",
]

Stage = Literal["stable", "experimental", "deprecated", "removed", "under development", "legacy alias"]

# The one-letter stage codes of the rows below.
STAGE_LABELS: dict[str, Stage] = {
    "S": "stable",
    "E": "experimental",
    "D": "deprecated",
    "R": "removed",
    "U": "under development",
    "A": "legacy alias",
}


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    name: str
    stage: Stage
    default: bool
    description: str
    table: bool  # also accepts a table form `[features.<name>]`
    replacement: str | None = None  # for aliases and deprecated flags: the flag to use instead
    release: str = releases.NEWEST  # the Codex release this row describes

    @property
    def experimental(self) -> bool:
        return self.stage in ("experimental", "under development")

    @property
    def deprecated(self) -> str | None:
        if self.stage == "removed":
            return (
                f"Removed flag: {_codex(self.release)} still accepts it but it no longer changes anything; delete it."
            )
        if self.stage == "deprecated":
            hint = f"; use `{self.replacement}` instead" if self.replacement else ""
            return f"Deprecated flag, kept for old configs{hint}."
        if self.stage == "legacy alias":
            hint = f"; prefer `{self.replacement}`" if self.replacement else ""
            return f"Old name that Codex still accepts{hint}."
        return None


# (name, stage code, default) as printed by `codex features list` on 0.169.0 (the oldest known release).
_ROWS: tuple[tuple[str, str, bool], ...] = (
    ("agent_message_board", "U", False),
    ("agent_message_board_mcp", "U", False),
    ("analytics_plan_history", "E", False),
    ("api_key_cyber_access_programs", "S", True),
    ("api_key_model_discovery", "S", True),
    ("app_server_websocket_compression", "U", False),
    ("apply_patch_freeform", "R", False),
    ("apply_patch_preserve_line_endings", "R", False),
    ("apply_patch_streaming_events", "U", False),
    ("apps", "S", True),
    ("apps_early_resource_discovery", "U", False),
    ("apps_mcp_path_override", "R", False),
    ("artifact", "U", False),
    ("async_compaction", "U", False),
    ("async_compaction_root_only", "U", False),
    ("auth_elicitation", "S", True),
    ("background_paginated_rollout_migration", "U", False),
    ("bedrock_setup_wizard", "S", True),
    ("browser_annotation_api", "S", True),
    ("browser_use", "S", True),
    ("browser_use_external", "S", True),
    ("browser_use_full_cdp_access", "S", True),
    ("chronicle", "U", False),
    ("cli_daybreak", "S", True),
    ("cli_resume_account_check", "U", False),
    ("code_mode", "U", False),
    ("code_mode_buffered_exec", "R", False),
    ("code_mode_host", "S", True),
    ("code_mode_host_grpc", "S", True),
    ("code_mode_host_output_truncation", "S", True),
    ("code_mode_interrupt", "S", True),
    ("code_mode_only", "U", False),
    ("code_mode_only_strict_3p_tools", "U", False),
    ("code_mode_prewarm", "U", False),
    ("code_mode_tool_description_first", "R", False),
    ("code_mode_tool_search", "U", False),
    ("codex_apps_mcp_2026_07_28", "U", False),
    ("codex_git_commit", "R", False),
    ("collaboration_modes", "R", True),
    ("command_sessions_world_state", "U", False),
    ("compaction_image_budget", "S", True),
    ("computer_use", "S", True),
    ("concurrent_reasoning_summaries", "U", False),
    ("content_item_kinds", "S", True),
    ("context_management", "U", False),
    ("credential_masking", "U", False),
    ("critical_path_timing", "U", False),
    ("current_time_reminder", "U", False),
    ("cwd_relative_turn_diffs", "U", False),
    ("daemon_auto_start", "S", True),
    ("daybreak_program_propagation", "U", False),
    ("default_mode_request_user_input", "U", False),
    ("defer_mailbox_preemption", "U", False),
    ("deferred_executor", "U", False),
    ("deferred_tool_world_state", "S", True),
    ("elevated_windows_sandbox", "R", False),
    ("enable_fanout", "R", False),
    ("enable_mcp_apps", "U", False),
    ("enable_request_compression", "S", True),
    ("exec_permission_approvals", "U", False),
    ("executed_tool_call_metadata", "U", False),
    ("executor_capability_discovery", "U", False),
    ("executor_capability_discovery_v2", "U", False),
    ("experimental_windows_sandbox", "R", False),
    ("external_agent_memory_import", "U", False),
    ("external_migration", "R", False),
    ("fast_mode", "S", True),
    ("gateway_setup_wizard", "S", False),
    ("gcp_setup_wizard", "S", False),
    ("goals", "S", True),
    ("guardian_approval", "S", True),
    ("guardian_conversation_history_tools", "U", False),
    ("guardian_denial_reconsideration", "U", False),
    ("guardian_enhanced_node_repl_transcripts", "U", False),
    ("guardian_ext", "R", False),
    ("guardian_include_additional_context", "S", True),
    ("guardian_native_multi_agent_history", "U", False),
    ("guardian_node_repl_transcript_images", "U", False),
    ("guardian_recorded_items", "U", False),
    ("guardian_reuse_parent_compaction", "S", True),
    ("guardian_root_handoff_context", "U", False),
    ("guardian_trust_orchestrator_connectors", "U", False),
    ("guardianv2", "U", False),
    ("guardianv2.thread_context", "R", False),
    ("guardianv2_decisions_comparison", "U", False),
    ("guardianv3", "U", False),
    ("hooks", "S", True),
    ("hosted_search_policy", "U", False),
    ("image_detail_original", "R", False),
    ("image_generation", "S", True),
    ("image_generation_animation", "U", False),
    ("image_resize_notice", "U", False),
    ("in_app_browser", "S", True),
    ("in_app_chat", "S", True),
    ("in_app_dictation", "S", True),
    ("in_app_local_automation", "S", True),
    ("in_app_updates", "S", True),
    ("in_app_voice", "S", True),
    ("incremental_exec_tools", "U", False),
    ("incremental_tools", "S", True),
    ("incremental_tools_legacy", "S", False),
    ("incremental_tools_legacy_gcp", "S", True),
    ("instant_interrupt", "U", True),
    ("interrupt_on_cancel", "U", False),
    ("item_ids", "R", True),
    ("js_repl", "R", False),
    ("js_repl_tools_only", "R", False),
    ("local_thread_store_compression", "U", False),
    ("local_thread_store_shared_compression", "R", False),
    ("login_shell_package_path", "E", False),
    ("mcp_2026_07_28", "U", False),
    ("mcp_connection_sharing", "U", False),
    ("mcp_lazy_stdio_startup", "U", False),
    ("mcp_oauth_refresh_coordination", "S", True),
    ("mcp_tool_list_changed", "U", False),
    ("memories", "S", False),
    ("mentions_v2", "S", True),
    ("model_catalog_in_context", "U", False),
    ("multi_agent", "D", True),
    ("multi_agent_mode", "R", False),
    ("multi_agent_v2", "S", False),
    ("multi_agent_v2_dynamic_tools", "U", False),
    ("multi_env_copy_file", "U", False),
    ("network_proxy", "E", False),
    ("non_prefixed_mcp_tool_names", "U", False),
    ("nonfatal_clock_read_errors", "U", False),
    ("omit_app_server_notification_media", "U", False),
    ("omit_skill_descriptions", "U", False),
    ("output_token_replay", "U", False),
    ("personality", "R", False),
    ("plugin_discovery_prefetch", "R", False),
    ("plugin_hooks", "R", False),
    ("plugin_sharing", "S", True),
    ("plugins", "S", True),
    ("powershell_shell_version", "U", False),
    ("prediction_preserve_parent_tools", "S", True),
    ("prefer_mxc", "U", False),
    ("prevent_idle_sleep", "E", False),
    ("psp", "U", False),
    ("realtime_conversation", "R", True),
    ("reasoning_effort_override", "S", True),
    ("recommended_plugins", "S", False),
    ("remote_compaction_v2", "R", False),
    ("remote_control", "R", False),
    ("remote_models", "R", False),
    ("remote_plugin", "S", True),
    ("request_permissions_tool", "U", False),
    ("request_rule", "R", False),
    ("resize_all_images", "R", True),
    ("respect_system_proxy", "E", False),
    ("responses_websockets", "R", False),
    ("responses_websockets_v2", "R", False),
    ("retain_client_developer_messages", "U", False),
    ("retain_client_tool_outputs", "S", True),
    ("rollout_budget", "U", False),
    ("runtime_agent_instances", "U", False),
    ("runtime_metrics", "U", False),
    ("search_tool", "R", False),
    ("secret_auth_storage", "S", False),
    ("send_async_message", "R", False),
    ("send_message_to_user_async", "U", False),
    ("shell_snapshot", "S", True),
    ("shell_snapshot_v2", "U", False),
    ("shell_tool", "S", True),
    ("shell_zsh_fork", "R", False),
    ("simplified_selection_hints", "U", False),
    ("skill_catalog_deltas", "U", False),
    ("skill_env_var_dependency_prompt", "R", False),
    ("skill_mcp_dependency_install", "S", True),
    ("skill_search", "S", True),
    ("skip_host_skill_discovery", "U", False),
    ("sleep_tool", "S", True),
    ("sqlite", "R", True),
    ("stable_environment_tools", "R", False),
    ("standalone_web_search", "U", False),
    ("steer", "R", True),
    ("step_model_switching", "U", False),
    ("subagent_default_context_limits", "U", False),
    ("subagent_thread_environments", "U", False),
    ("suppress_model_change_announcements", "S", False),
    ("system_proxy_fallback", "S", True),
    ("terminal_resize_reflow", "R", True),
    ("terminal_visualization_instructions", "U", False),
    ("token_budget", "U", False),
    ("tool_call_mcp_elicitation", "S", True),
    ("tool_search", "R", False),
    ("tool_search_always_defer_mcp_tools", "R", True),
    ("tool_suggest", "S", True),
    ("transcript_v2", "R", False),
    ("tui_app_server", "R", True),
    ("tui_extensions_statusline", "U", False),
    ("tui_multi_backend", "U", False),
    ("tui_workspace", "U", False),
    ("ultrafast_mode", "S", True),
    ("unavailable_dummy_tools", "R", False),
    ("unbounded_connection_retries", "S", True),
    ("undo", "R", False),
    ("unified_exec", "S", True),
    ("unified_exec_tty", "S", True),
    ("unified_exec_zsh_fork", "R", False),
    ("unified_image_budget", "S", True),
    ("untrusted_as_tool_output", "S", True),
    ("use_agent_identity", "U", False),
    ("use_legacy_landlock", "D", False),
    ("use_linux_sandbox_bwrap", "R", False),
    ("use_xaa", "U", False),
    ("view_image", "S", True),
    ("wake_on_agent_messages", "U", False),
    ("web_search_cached", "D", False),
    ("web_search_request", "D", False),
    ("windows_sandbox_service", "U", False),
    ("workspace_dependencies", "S", True),
    ("workspace_owner_usage_nudge", "R", False),
    ("worktrees", "R", True),
    ("write_stdin_approval", "S", True),
)

# What later releases changed, oldest first: (release, name, stage code, default). A name that is not in
# _ROWS is a flag that release added; the row holds until the next change of the same flag.
_CHANGES: tuple[tuple[str, str, str, bool], ...] = (
    # 0.171.0: nine new flags, all under development and off (`codex features list`, 215 -> 224 rows)
    ("0.171.0", "catalog_apps_instructions", "U", False),
    ("0.171.0", "file_backed_tool_audio", "U", False),
    ("0.171.0", "guardian_nested_approval_context", "U", False),
    ("0.171.0", "mcp_shared_repl_cwd", "U", False),
    ("0.171.0", "multi_environment_mcp", "U", False),
    ("0.171.0", "per_environment_context", "U", False),
    ("0.171.0", "restored_history_prewarm", "U", False),
    ("0.171.0", "safe_image_decoder", "U", False),
    ("0.171.0", "utc_environment_date", "U", False),
    # 0.171.0: changed stage or default
    ("0.171.0", "incremental_tools_legacy", "S", True),
    ("0.171.0", "tui_workspace", "S", True),
    ("0.171.0", "tui_extensions_statusline", "E", False),
)

# Legacy names that Codex still accepts (probed on 0.169.0 and 0.171.0), with the flag they stand for.
_ALIASES: dict[str, str | None] = {
    "codex_hooks": "hooks",
    "collab": "multi_agent",
    "connectors": "apps",
    "enable_experimental_windows_sandbox": "experimental_windows_sandbox",
    "experimental_use_unified_exec_tool": "unified_exec",
    "imagegenext": "image_generation",
    "memory_tool": "memories",
    "request_permissions": "request_permissions_tool",
    "telepathy": None,
    "web_search": "web_search_request",
}

# Names seen in real configs that Codex no longer knows (0.169.0 and 0.171.0 warn that they are ignored).
GONE_FEATURES: dict[str, str] = {
    "view_image_tool": "the image viewer is the `view_image` flag now (on by default)",
    "streamable_shell": "the streaming shell became `unified_exec` (on by default)",
    "rmcp_client": "the Rust MCP client is always used now",
    "ghost_commit": "ghost commits were dropped",
    "experimental_sandbox_command_assessment": "command risk assessment was dropped",
    "child_agents_md": "AGENTS.md handling for sub-agents is built in now",
    "responses_websocket_response_processed": "it was folded into the WebSocket transport",
}

# Flags that also accept a table (`[features.<name>]`); Codex rejects unknown keys inside these tables.
TABLE_FEATURES = frozenset(
    {
        "apps_mcp_path_override",
        "async_compaction",
        "code_mode",
        "code_mode_host",
        "context_management",
        "current_time_reminder",
        "guardianv2",
        "guardianv3",
        "multi_agent_v2",
        "network_proxy",
        "non_prefixed_mcp_tool_names",
        "rollout_budget",
        "runtime_agent_instances",
        "sleep_tool",
        "token_budget",
    }
)

_REPLACEMENTS = {
    "multi_agent": "multi_agent_v2",
    "web_search_request": 'web_search = "live" (top level)',
    "web_search_cached": 'web_search = "cached" (top level)',
    "use_legacy_landlock": None,
}

_DESCRIPTIONS: dict[str, str] = {
    "apps": "ChatGPT apps and connectors as tools.",
    "apply_patch_freeform": "Free-form apply_patch tool (now built in).",
    "browser_use": "Let the agent drive a browser.",
    "browser_use_external": "Let the agent drive an external browser.",
    "code_mode": "Code mode, where the model writes code that calls tools.",
    "collaboration_modes": "Collaboration modes such as Plan mode.",
    "computer_use": "Let the agent operate the desktop (computer use).",
    "context_management": "Extra context-management behaviour; also takes a table of options.",
    "enable_request_compression": "Compress request bodies sent to the model API.",
    "fast_mode": "Allow the fast (priority) service tier for models that offer it.",
    "goals": "Long-running goals (`/goal`).",
    "guardian_approval": "Automatic review of approval requests by a guardian model.",
    "hooks": "Lifecycle hooks from `[hooks]`.",
    "image_generation": "Image generation tool.",
    "in_app_browser": "Built-in browser in the app.",
    "js_repl": "JavaScript REPL tool (removed).",
    "memories": "Memories: Codex remembers facts across sessions.",
    "mentions_v2": "New @-mention handling.",
    "multi_agent": "Old multi-agent (sub-agent) support; still steers the V1 fallback.",
    "multi_agent_v2": "Multi-agent V2 sub-agents; also takes a table of options.",
    "network_proxy": "Network proxy for sandboxed commands; also takes a table of options.",
    "personality": "Personality templates (now always available).",
    "plugins": "Plugins from marketplaces.",
    "prevent_idle_sleep": "Keep the machine awake while a turn runs.",
    "realtime_conversation": "Realtime voice conversation.",
    "remote_plugin": "Plugins served remotely.",
    "request_permissions_tool": "Tool that lets the model ask for more permissions.",
    "responses_websockets": "Responses API over WebSockets (removed).",
    "runtime_metrics": "Collect runtime metrics.",
    "shell_snapshot": "Snapshot the login shell environment once and reuse it for commands.",
    "shell_tool": "The shell tool.",
    "skill_mcp_dependency_install": "Offer to install MCP servers that skills depend on.",
    "sqlite": "SQLite state database (now always on).",
    "steer": "Send input while a turn is running to steer it (now always on).",
    "tool_suggest": "Suggest installable tools (connectors, plugins).",
    "undo": "Undo of agent changes (removed).",
    "unified_exec": "Unified exec: one PTY-backed tool for running and talking to commands.",
    "use_legacy_landlock": "Use the old Landlock-only Linux sandbox.",
    "use_linux_sandbox_bwrap": "Bubblewrap-based Linux sandbox (removed, now the default).",
    "view_image": "Tool that lets the model look at local images.",
    "web_search_cached": 'Old switch for cached web search; use top-level `web_search = "cached"`.',
    "web_search_request": 'Old switch for live web search; use top-level `web_search = "live"`.',
    "worktrees": "Managed git worktrees.",
}


def _describe(name: str, stage: Stage, default: bool) -> str:
    text = _DESCRIPTIONS.get(name)
    if text is None:
        words = name.replace("_", " ")
        text = f"Feature flag for {words}."
    state = "on" if default else "off"
    return f"{text} ({stage}, {state} by default)"


def _history() -> dict[str, list[tuple[str | None, str, bool]]]:
    """name -> its states, oldest first: (first release of the state or None for "known since the oldest
    release", stage code, default)."""
    out: dict[str, list[tuple[str | None, str, bool]]] = {}
    for name, code, default in _ROWS:
        out[name] = [(None, code, default)]
    for release, name, code, default in _CHANGES:
        out.setdefault(name, []).append((release, code, default))
    return out


_HISTORY = _history()


def feature_since(name: str) -> str | None:
    """The first release that knows flag ``name`` (None: known since the oldest known release)."""
    states = _HISTORY.get(name)
    return states[0][0] if states else None


def all_feature_names() -> tuple[str, ...]:
    """Every flag and alias name any known release accepts, sorted."""
    return tuple(sorted({*_HISTORY, *_ALIASES}))


@lru_cache(maxsize=8)
def _features(release: str) -> dict[str, FeatureSpec]:
    out: dict[str, FeatureSpec] = {}
    for name in sorted(_HISTORY):
        state = None
        for since, code, default in _HISTORY[name]:
            if releases.holds(release, since):
                state = (code, default)
        if state is None:  # the flag came later than this release
            continue
        code, default = state
        stage = STAGE_LABELS[code]
        out[name] = FeatureSpec(
            name=name,
            stage=stage,
            default=default,
            description=_describe(name, stage, default),
            table=name in TABLE_FEATURES,
            replacement=_REPLACEMENTS.get(name),
            release=release,
        )
    for name, target in _ALIASES.items():
        hint = f"; stands for `{target}`" if target else ""
        out[name] = FeatureSpec(
            name=name,
            stage="legacy alias",
            default=False,
            description=f"Old feature name still accepted by Codex{hint}.",
            table=False,
            replacement=target,
            release=release,
        )
    return out


def features_for(release: str = releases.NEWEST) -> dict[str, FeatureSpec]:
    """The flags ``release`` knows, with its stage and default of each (a newer release than every known
    one is described by the newest known). Do not change the returned dict."""
    return _features(releases.knowledge_for(release))


def __getattr__(name: str) -> dict[str, FeatureSpec]:
    # FEATURES, the flags of the newest known release, is built when first asked for, not at import.
    if name == "FEATURES":
        return features_for(releases.NEWEST)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
