#!/usr/bin/env python3
"""Generate the systematic part of the differential corpus: tests/differential/cases/generated/.

    python scripts/gen-differential-cases.py          # rewrite the generated cases
    python scripts/gen-differential-cases.py --check  # exit 1 if the checked-in cases are stale

The key table below is written from Codex 0.169.0's behaviour, not from our own schema, so that the
differential run can catch our schema's mistakes; every claim holds for 0.171.0 as well (measured: the
corpus claims test passes on both binaries). Each case says in its
`# expect:` line what Codex does with it (`load`, `fail`, `load; unknown: a.b`); the differential test
checks those claims against the binary too, so a wrong entry here shows up as a corpus failure.

Groups:
  enum-*      one file per enum key and value kind: a valid value, an invalid one, a wrongly-cased one
  type-*      every known key given a value of the wrong type
  misspell-*  misspelled keys, in every table
  removed-*   keys and features Codex used to read and 0.169.0 ignores
  header-*    a key written after the wrong table header
  profile-*   keys allowed in [profiles.<name>] (valid), root-only keys inside it (ignored)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "differential" / "cases" / "generated"

# Tables a key can live in: TOML header lines that open the table (with required fields), and the
# dotted prefix Codex uses when it names the key.
CTX = {
    "": ("", ""),
    "profile": ("[profiles.work]", "profiles.work."),
    "tui": ("[tui]", "tui."),
    "history": ("[history]", "history."),
    "sww": ("[sandbox_workspace_write]", "sandbox_workspace_write."),
    "shell": ("[shell_environment_policy]", "shell_environment_policy."),
    "otel": ("[otel]", "otel."),
    "agents": ("[agents]", "agents."),
    "memories": ("[memories]", "memories."),
    "windows": ("[windows]", "windows."),
    "analytics": ("[analytics]", "analytics."),
    "feedback": ("[feedback]", "feedback."),
    "notice": ("[notice]", "notice."),
    "realtime": ("[realtime]", "realtime."),
    "audio": ("[audio]", "audio."),
    "auto_review": ("[auto_review]", "auto_review."),
    "tools": ("[tools]", "tools."),
    "ghost": ("[ghost_snapshot]", "ghost_snapshot."),
    "features": ("[features]", "features."),
    "project": ('[projects."/srv/app"]', "projects./srv/app."),
    "mcp_stdio": ('[mcp_servers.docs]\ncommand = "/nonexistent/docs-mcp"', "mcp_servers.docs."),
    "mcp_http": ('[mcp_servers.remote]\nurl = "https://mcp.example.com/mcp"', "mcp_servers.remote."),
    "mcp_tool": (
        '[mcp_servers.docs]\ncommand = "/nonexistent/docs-mcp"\n\n[mcp_servers.docs.tools.search]',
        "mcp_servers.docs.tools.search.",
    ),
    "provider": (
        '[model_providers.local]\nname = "Local"\nbase_url = "http://localhost:8080/v1"',
        "model_providers.local.",
    ),
    "provider_auth": (
        '[model_providers.local]\nname = "Local"\nbase_url = "http://localhost:8080/v1"\n\n'
        '[model_providers.local.auth]\ncommand = "/nonexistent/print-token"',
        "model_providers.local.auth.",
    ),
    "agent_role": ('[agents.reviewer]\ndescription = "Reviews diffs"', "agents.reviewer."),
    "skills_bundled": ("[skills.bundled]", "skills.bundled."),
    "permissions": ("[permissions.dev]", "permissions.dev."),
}

# Value kinds: a valid sample and a wrongly-typed sample, as TOML text.
KINDS = {
    "str": ('"text"', "42"),
    "url": ('"https://example.com/v1"', "42"),
    "bool": ("true", '"yes"'),
    "int": ("5", '"many"'),
    "float": ("30.0", '"slow"'),
    "path": ('"/srv/app"', "42"),
    "strs": ('["a", "b"]', '"a b"'),
    "paths": ('["/srv/app"]', '"/srv/app"'),
    "str_or_strs": ('"ws-1"', "42"),
    "bool_or_strs": ("true", '"yes"'),
    "map_str": ('{ A = "1" }', '"A=1"'),
    "table": ("{}", '"on"'),
    "enum": (None, "42"),
}

# (context, key, kind) for every key Codex 0.169.0 knows (probed with a wrong-typed value).
KEYS: list[tuple[str, str, str]] = [
    # root: model, provider, reasoning
    ("", "model", "str"),
    ("", "review_model", "str"),
    ("", "model_provider", "str"),
    ("", "openai_base_url", "url"),
    ("", "chatgpt_base_url", "url"),
    ("", "service_tier", "str"),
    ("", "model_reasoning_effort", "str"),
    ("", "plan_mode_reasoning_effort", "str"),
    ("", "oss_provider", "str"),
    ("", "model_context_window", "int"),
    ("", "model_auto_compact_token_limit", "int"),
    ("", "model_catalog_json", "path"),
    ("", "model_instructions_file", "path"),
    ("", "experimental_compact_prompt_file", "path"),
    ("", "log_dir", "path"),
    ("", "sqlite_home", "path"),
    # root: misc
    ("", "developer_instructions", "str"),
    ("", "instructions", "str"),
    ("", "compact_prompt", "str"),
    ("", "allow_login_shell", "bool"),
    ("", "hide_agent_reasoning", "bool"),
    ("", "show_raw_agent_reasoning", "bool"),
    ("", "disable_paste_burst", "bool"),
    ("", "check_for_update_on_startup", "bool"),
    ("", "suppress_unstable_features_warning", "bool"),
    ("", "include_permissions_instructions", "bool"),
    ("", "include_apps_instructions", "bool"),
    ("", "include_collaboration_mode_instructions", "bool"),
    ("", "include_environment_context", "bool"),
    ("", "include_environment_context_time", "bool"),
    ("", "experimental_use_unified_exec_tool", "bool"),
    ("", "allow_symlinked_codex_home", "bool"),
    ("", "project_doc_max_bytes", "int"),
    ("", "tool_output_token_limit", "int"),
    ("", "background_terminal_max_timeout", "int"),
    ("", "mcp_oauth_callback_port", "int"),
    ("", "mcp_optional_startup_grace_ms", "int"),
    ("", "model_post_turn_compact_threshold_percent", "int"),
    ("", "thread_unload_delay_secs", "int"),
    ("", "project_doc_fallback_filenames", "strs"),
    ("", "project_root_markers", "strs"),
    ("", "notify", "strs"),
    ("", "js_repl_node_module_dirs", "strs"),
    ("", "forced_chatgpt_workspace_id", "str_or_strs"),
    ("", "mcp_oauth_callback_url", "url"),
    ("", "apps_mcp_product_sku", "str"),
    ("", "js_repl_node_path", "str"),
    ("", "experimental_realtime_ws_base_url", "url"),
    ("", "experimental_realtime_ws_model", "str"),
    ("", "experimental_realtime_ws_backend_prompt", "str"),
    ("", "experimental_realtime_ws_startup_context", "str"),
    ("", "experimental_realtime_start_instructions", "str"),
    ("", "experimental_realtime_webrtc_call_base_url", "url"),
    # root tables
    *[
        ("", t, "table")
        for t in (
            "agents",
            "analytics",
            "apps",
            "audio",
            "auto_review",
            "features",
            "feedback",
            "ghost_snapshot",
            "history",
            "hooks",
            "memories",
            "notice",
            "otel",
            "permissions",
            "realtime",
            "sandbox_workspace_write",
            "shell_environment_policy",
            "skills",
            "tool_suggest",
            "tools",
            "tui",
            "windows",
            "mcp_servers",
            "model_providers",
            "profiles",
            "projects",
            "plugins",
            "marketplaces",
            "cloud",
            "goals",
            "experimental_thread_store",
            "orchestrator",
            "responses_api_metadata",
        )
    ],
    # [tui]
    ("tui", "animations", "bool"),
    ("tui", "notifications", "bool_or_strs"),
    ("tui", "show_tooltips", "bool"),
    ("tui", "status_line", "strs"),
    ("tui", "status_line_use_colors", "bool"),
    ("tui", "terminal_title", "strs"),
    ("tui", "theme", "str"),
    ("tui", "vim_mode_default", "bool"),
    ("tui", "raw_output_mode", "bool"),
    ("tui", "terminal_resize_reflow_max_rows", "int"),
    ("tui", "pet", "str"),
    ("tui", "keymap", "table"),
    ("tui", "screen_reader_detection_done", "bool"),
    ("tui", "fullscreen_transcript", "bool"),
    ("tui", "disable_paste_burst", "bool"),
    # other tables
    ("history", "max_bytes", "int"),
    ("sww", "writable_roots", "paths"),
    ("sww", "network_access", "bool"),
    ("sww", "exclude_tmpdir_env_var", "bool"),
    ("sww", "exclude_slash_tmp", "bool"),
    ("shell", "ignore_default_excludes", "bool"),
    ("shell", "exclude", "strs"),
    ("shell", "include_only", "strs"),
    ("shell", "set", "map_str"),
    ("shell", "experimental_use_profile", "bool"),
    ("otel", "environment", "str"),
    ("otel", "log_user_prompt", "bool"),
    ("otel", "span_attributes", "map_str"),
    ("agents", "max_threads", "int"),
    ("agents", "max_depth", "int"),
    ("agents", "job_max_runtime_seconds", "int"),
    ("agents", "interrupt_message", "bool"),
    ("agents", "max_concurrent_threads_per_session", "int"),
    ("agents", "enabled", "bool"),
    ("memories", "use_memories", "bool"),
    ("memories", "generate_memories", "bool"),
    ("memories", "dedicated_tools", "bool"),
    ("memories", "disable_on_external_context", "bool"),
    ("memories", "extract_model", "str"),
    ("memories", "consolidation_model", "str"),
    ("memories", "max_raw_memories_for_consolidation", "int"),
    ("memories", "max_rollout_age_days", "int"),
    ("memories", "max_rollouts_per_startup", "int"),
    ("memories", "max_unused_days", "int"),
    ("memories", "min_rate_limit_remaining_percent", "int"),
    ("memories", "min_rollout_idle_hours", "int"),
    ("analytics", "enabled", "bool"),
    ("feedback", "enabled", "bool"),
    ("notice", "hide_full_access_warning", "bool"),
    ("notice", "hide_world_writable_warning", "bool"),
    ("notice", "hide_rate_limit_model_nudge", "bool"),
    ("notice", "model_migrations", "map_str"),
    ("audio", "microphone", "str"),
    ("audio", "speaker", "str"),
    ("auto_review", "policy", "str"),
    ("features", "unified_exec", "bool"),
    ("features", "shell_snapshot", "bool"),
    ("features", "memories", "bool"),
    ("mcp_stdio", "args", "strs"),
    ("mcp_stdio", "env", "map_str"),
    ("mcp_stdio", "env_vars", "strs"),
    ("mcp_stdio", "cwd", "path"),
    ("mcp_stdio", "enabled", "bool"),
    ("mcp_stdio", "required", "bool"),
    ("mcp_stdio", "startup_timeout_sec", "float"),
    ("mcp_stdio", "startup_timeout_ms", "int"),
    ("mcp_stdio", "tool_timeout_sec", "float"),
    ("mcp_stdio", "enabled_tools", "strs"),
    ("mcp_stdio", "disabled_tools", "strs"),
    ("mcp_stdio", "supports_parallel_tool_calls", "bool"),
    ("mcp_http", "bearer_token_env_var", "str"),
    ("mcp_http", "http_headers", "map_str"),
    ("mcp_http", "env_http_headers", "map_str"),
    ("mcp_http", "oauth_resource", "str"),
    ("mcp_http", "scopes", "strs"),
    ("provider", "env_key", "str"),
    ("provider", "env_key_instructions", "str"),
    ("provider", "experimental_bearer_token", "str"),
    ("provider", "query_params", "map_str"),
    ("provider", "http_headers", "map_str"),
    ("provider", "env_http_headers", "map_str"),
    ("provider", "request_max_retries", "int"),
    ("provider", "stream_max_retries", "int"),
    ("provider", "stream_idle_timeout_ms", "int"),
    ("provider", "websocket_connect_timeout_ms", "int"),
    ("provider", "requires_openai_auth", "bool"),
    ("provider", "supports_websockets", "bool"),
    ("provider", "model_catalog_url", "url"),
    ("provider", "supports_standalone_web_search", "bool"),
    ("provider_auth", "args", "strs"),
    ("provider_auth", "timeout_ms", "int"),
    ("provider_auth", "refresh_interval_ms", "int"),
    ("agent_role", "nickname_candidates", "strs"),
    ("skills_bundled", "enabled", "bool"),
]

# Enum keys: (context, key, valid values). The invalid value is "definitely-not-a-variant".
ENUMS: list[tuple[str, str, tuple[str, ...]]] = [
    # root `approval_policy = "untrusted"` is a variant but fatal in 0.169.0 ("no longer supported"): a
    # hand-written case covers it (cases/mistakes/), so it is left out of the valid values here.
    ("", "approval_policy", ("on-failure", "on-request", "never")),
    ("", "approvals_reviewer", ("user", "auto_review", "guardian_subagent")),
    ("", "sandbox_mode", ("read-only", "workspace-write", "danger-full-access")),
    ("", "model_reasoning_summary", ("auto", "concise", "detailed", "none")),
    ("", "model_verbosity", ("low", "medium", "high")),
    ("", "personality", ("none", "friendly", "pragmatic")),
    ("", "web_search", ("disabled", "cached", "indexed", "live")),
    ("", "file_opener", ("vscode", "vscode-insiders", "windsurf", "cursor", "none")),
    ("", "forced_login_method", ("chatgpt", "api")),
    ("", "cli_auth_credentials_store", ("file", "keyring", "auto", "ephemeral")),
    ("", "mcp_oauth_credentials_store", ("auto", "file", "keyring")),
    ("", "model_auto_compact_token_limit_scope", ("total", "body_after_prefix")),
    ("history", "persistence", ("save-all", "none")),
    ("shell", "inherit", ("core", "all", "none")),
    ("project", "trust_level", ("trusted", "untrusted")),
    ("tui", "alternate_screen", ("auto", "always", "never")),
    ("tui", "notification_method", ("auto", "osc9", "osc777", "bel")),
    ("tui", "notification_condition", ("unfocused", "always")),
    ("tui", "session_picker_view", ("comfortable", "dense")),
    ("tui", "pet_anchor", ("composer", "screen-bottom")),
    ("windows", "sandbox", ("elevated", "unelevated", "mxc")),
    ("otel", "exporter", ("none", "statsig")),
    ("otel", "trace_exporter", ("none", "statsig")),
    ("otel", "metrics_exporter", ("none", "statsig")),
    ("realtime", "version", ("v1", "v2")),
    ("realtime", "type", ("conversational", "transcription")),
    ("realtime", "transport", ("webrtc", "websocket")),
    ("mcp_stdio", "default_tools_approval_mode", ("auto", "prompt", "writes", "approve")),
    ("mcp_tool", "approval_mode", ("auto", "prompt", "writes", "approve")),
    ("provider", "wire_api", ("responses",)),
    ("profile", "approval_policy", ("untrusted", "on-failure", "on-request", "never")),
    ("profile", "sandbox_mode", ("read-only", "workspace-write", "danger-full-access")),
    ("profile", "model_reasoning_summary", ("auto", "concise", "detailed", "none")),
    ("profile", "model_verbosity", ("low", "medium", "high")),
    ("profile", "personality", ("none", "friendly", "pragmatic")),
    ("profile", "web_search", ("disabled", "cached", "indexed", "live")),
    ("profile", "approvals_reviewer", ("user", "auto_review", "guardian_subagent")),
]

# Keys a legacy [profiles.<name>] table accepts, with a valid value.
PROFILE_KEYS = {
    "model": '"gpt-6-luna"',
    "model_provider": '"openai"',
    "approval_policy": '"on-request"',
    "approvals_reviewer": '"user"',
    "sandbox_mode": '"workspace-write"',
    "model_reasoning_effort": '"high"',
    "plan_mode_reasoning_effort": '"medium"',
    "model_reasoning_summary": '"concise"',
    "model_verbosity": '"low"',
    "personality": '"pragmatic"',
    "service_tier": '"priority"',
    "web_search": '"cached"',
    "oss_provider": '"ollama"',
    "chatgpt_base_url": '"https://chatgpt.com/backend-api/"',
    "experimental_use_unified_exec_tool": "true",
    "include_permissions_instructions": "false",
    "include_apps_instructions": "false",
    "include_collaboration_mode_instructions": "true",
    "include_environment_context": "true",
    "analytics": "{ enabled = false }",
    "features": "{ unified_exec = true }",
    "tools": "{ web_search = true }",
    "tui": '{ session_picker_view = "dense" }',
    "windows": '{ sandbox = "elevated" }',
}

# Root-only keys written inside [profiles.work] (Codex ignores them there), with a valid root value.
ROOT_ONLY_IN_PROFILE = {
    "review_model": '"gpt-6-sol"',
    "model_context_window": "200000",
    "notify": '["/usr/bin/true"]',
    "file_opener": '"cursor"',
    "hide_agent_reasoning": "true",
    "project_doc_max_bytes": "65536",
    "history": '{ persistence = "none" }',
    "otel": '{ environment = "prod" }',
    "model_providers": "{}",
    "mcp_servers": "{}",
    "projects": '{ "/srv/app" = { trust_level = "trusted" } }',
    "permissions": "{}",
    "shell_environment_policy": '{ inherit = "core" }',
    "sandbox_workspace_write": "{ network_access = true }",
    "default_permissions": '"dev"',
    "log_dir": '"/var/log/codex"',
    "memories": "{ use_memories = true }",
    "check_for_update_on_startup": "false",
    "developer_instructions": '"Be brief."',
    "cli_auth_credentials_store": '"keyring"',
    "model_auto_compact_token_limit": "180000",
}

# (context, wrong key, right key, value)
MISSPELLINGS = [
    ("", "modle", "model", '"gpt-6.1-sol"'),
    ("", "mdoel", "model", '"gpt-6.1-sol"'),
    ("", "Model", "model", '"gpt-6.1-sol"'),
    ("", "model_provder", "model_provider", '"openai"'),
    ("", "aproval_policy", "approval_policy", '"on-request"'),
    ("", "approval-policy", "approval_policy", '"on-request"'),
    ("", "sandbox-mode", "sandbox_mode", '"read-only"'),
    ("", "sandboxmode", "sandbox_mode", '"read-only"'),
    ("", "model_reasoning_efort", "model_reasoning_effort", '"high"'),
    ("", "reasoning_effort", "model_reasoning_effort", '"high"'),
    ("", "model_verbosty", "model_verbosity", '"low"'),
    ("", "web-search", "web_search", '"live"'),
    ("", "personallity", "personality", '"friendly"'),
    ("", "project_doc_max_byte", "project_doc_max_bytes", "1024"),
    ("", "notifiy", "notify", '["/usr/bin/true"]'),
    ("", "file_openner", "file_opener", '"cursor"'),
    ("tui", "themes", "theme", '"dracula"'),
    ("tui", "animation", "animations", "false"),
    ("tui", "notification", "notifications", "true"),
    ("tui", "alternate-screen", "alternate_screen", '"never"'),
    ("history", "persistance", "persistence", '"none"'),
    ("sww", "writeable_roots", "writable_roots", '["/srv/app"]'),
    ("sww", "network-access", "network_access", "true"),
    ("shell", "inherits", "inherit", '"core"'),
    ("shell", "exclude_default_excludes", "ignore_default_excludes", "true"),
    ("mcp_stdio", "arguments", "args", '["--stdio"]'),
    ("mcp_stdio", "enviroment", "env", '{ A = "1" }'),
    ("mcp_stdio", "startup_timeout", "startup_timeout_sec", "20"),
    ("mcp_stdio", "disable", "enabled", "true"),
    ("provider", "baseurl", "base_url", '"http://localhost:8080/v1"'),
    ("provider", "envkey", "env_key", '"LOCAL_API_KEY"'),
    ("provider", "request_retries", "request_max_retries", "3"),
    ("otel", "exporters", "exporter", '"none"'),
    ("otel", "enviroment", "environment", '"prod"'),
    ("notice", "hide_full_access_warnings", "hide_full_access_warning", "true"),
    ("windows", "sanbox", "sandbox", '"elevated"'),
    ("memories", "use_memory", "use_memories", "true"),
    ("project", "trust", "trust_level", '"trusted"'),
    ("analytics", "enable", "enabled", "false"),
    ("profile", "modle", "model", '"gpt-6-luna"'),
    ("profile", "sandbox", "sandbox_mode", '"read-only"'),
    ("history", "max_byte", "max_bytes", "1000"),
    ("features", "unified-exec", "unified_exec", "true"),
    ("features", "shell_snapshots", "shell_snapshot", "true"),
]

# Keys earlier Codex releases read that 0.169.0 ignores: (context, key, value).
REMOVED = [
    ("", "preferred_auth_method", '"apikey"'),
    ("", "model_supports_reasoning_summaries", "true"),
    ("", "approval_mode", '"auto"'),
    ("", "sandbox", '"workspace-write"'),
    ("", "sandbox_permissions", '["disk-full-read-access"]'),
    ("", "model_max_output_tokens", "4096"),
    ("", "model_reasoning_summary_format", '"experimental"'),
    ("", "model_family", '"gpt-5"'),
    ("", "disable_response_storage", "true"),
    ("", "hide_full_reasoning", "true"),
    ("", "experimental_instructions_file", '"/srv/instructions.md"'),
    ("", "experimental_use_exec_command_tool", "true"),
    ("", "experimental_use_freeform_apply_patch", "true"),
    ("", "include_apply_patch_tool", "true"),
    ("", "include_plan_tool", "true"),
    ("", "tools_web_search_request", "true"),
    ("", "experimental_resume", '"/tmp/x.jsonl"'),
    ("", "windows_wsl_setup_acknowledged", "true"),
    ("", "mcp_oauth_callback_host", '"127.0.0.1"'),
    ("", "profiles_dir", '"/srv/profiles"'),
    ("", "strict_config", "true"),
    ("", "base_url", '"http://localhost:1/v1"'),
    ("", "env_key", '"API_KEY"'),
    ("", "wire_api", '"responses"'),
    ("", "query_params", '{ api-version = "1" }'),
    ("", "theme", '"dracula"'),
    ("", "commit_attribution", "false"),
    ("", "debug", "{ config_lockfile = true }"),
    ("", "experimental_thread_config_endpoint", '"http://localhost:1"'),
    ("features", "view_image_tool", "true"),
    ("features", "streamable_shell", "true"),
    ("features", "rmcp_client", "true"),
    ("features", "ghost_commit", "false"),
    ("features", "experimental_sandbox_command_assessment", "true"),
    # in the stored schema, unknown to 0.169.0 (in [tui] dropped silently, rejected by --strict-config)
    ("tui", "hide_agent_reasoning", "true"),
    ("tui", "show_raw_agent_reasoning", "true"),
    ("tui", "show_mcp_startup_status", "true"),
    ("tui", "windows_wsl_setup_acknowledged", "true"),
    ("windows", "sandbox_private_desktop", "true"),
    ("mcp_stdio", "type", '"stdio"'),
    ("mcp_stdio", "transport", '"stdio"'),
    ("mcp_stdio", "description", '"Docs"'),
    ("mcp_stdio", "disabled", "false"),
    ("mcp_stdio", "autoApprove", '["search"]'),
    ("mcp_stdio", "timeout", "60"),
    ("mcp_http", "headers", '{ X-Team = "a" }'),
    ("provider", "api_key", '"sk-local"'),
    ("provider", "models", '["llama3"]'),
    ("provider", "organization", '"org-1"'),
    ("provider", "max_retries", "3"),
    ("provider", "api_version", '"2025-04-01"'),
    ("provider", "azure", "true"),
    ("provider", "timeout", "60"),
    ("provider", "chat_completion_parameters", "{ temperature = 0.2 }"),
]

# A root key written after a table header lands in that table.
WRONG_HEADER = [
    ("history", "file_opener", '"cursor"'),
    ("notice", "project_doc_max_bytes", "65536"),
    ("mcp_stdio", "network_access", "true"),
    ("tui", "model", '"gpt-6.1-sol"'),
    ("sww", "approval_policy", '"on-request"'),
    ("shell", "notify", '["/usr/bin/true"]'),
    ("provider", "model_reasoning_effort", '"high"'),
    ("project", "sandbox_mode", '"workspace-write"'),
    ("otel", "model_verbosity", '"low"'),
    ("windows", "personality", '"friendly"'),
    ("analytics", "check_for_update_on_startup", "false"),
    ("memories", "model", '"gpt-6-luna"'),
    ("sww", "project_doc_fallback_filenames", '["CLAUDE.md"]'),
    ("history", "hide_agent_reasoning", "true"),
]


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s).strip("_") or "root"


def _case(ctx: str, body: str, comment: str, expect: str) -> str:
    header, _ = CTX[ctx]
    lines = [f"# generated by scripts/gen-differential-cases.py: {comment}", f"# expect: {expect}"]
    if ctx.startswith("provider"):
        lines.append('model_provider = "local"')
    if header:
        lines.append(header)
    lines.append(body)
    return "\n".join(lines) + "\n"


def cases() -> dict[str, str]:
    out: dict[str, str] = {}

    def add(name: str, text: str) -> None:
        assert name not in out, name
        out[name] = text

    for ctx, key, values in ENUMS:
        prefix = CTX[ctx][1]
        base = _slug(f"{ctx}-{key}" if ctx else key)
        for _i, v in enumerate(values):
            add(
                f"enum-{base}-valid-{_slug(v)}",
                _case(ctx, f"{key} = {json.dumps(v)}", f"valid value {v!r} for {prefix}{key}", "load"),
            )
        add(
            f"enum-{base}-invalid",
            _case(ctx, f'{key} = "definitely-not-a-variant"', f"invalid value for {prefix}{key}", "fail"),
        )
        odd = values[0].upper() if values[0].upper() != values[0] else values[0] + "!"
        add(
            f"enum-{base}-wrong-case",
            _case(ctx, f"{key} = {json.dumps(odd)}", f"wrongly-cased value for {prefix}{key}", "fail"),
        )

    for ctx, key, kind in KEYS:
        prefix = CTX[ctx][1]
        wrong = KINDS[kind][1]
        add(
            f"type-{_slug(ctx or 'root')}-{_slug(key)}",
            _case(ctx, f"{key} = {wrong}", f"wrong type ({kind} expected) for {prefix}{key}", "fail"),
        )

    for ctx, wrong, right, value in MISSPELLINGS:
        prefix = CTX[ctx][1]
        expect = f"load; unknown: {prefix}{wrong}"
        add(
            f"misspell-{_slug(ctx or 'root')}-{_slug(wrong)}",
            _case(ctx, f"{wrong} = {value}", f"{prefix}{wrong} misspells {prefix}{right}", expect),
        )

    for ctx, key, value in REMOVED:
        prefix = CTX[ctx][1]
        add(
            f"removed-{_slug(ctx or 'root')}-{_slug(key)}",
            _case(ctx, f"{key} = {value}", f"{prefix}{key} is no longer read", f"load; unknown: {prefix}{key}"),
        )

    for ctx, key, value in WRONG_HEADER:
        header, prefix = CTX[ctx]
        add(
            f"header-{_slug(ctx)}-{_slug(key)}",
            _case(
                ctx,
                f"{key} = {value}",
                f"root key {key} written after {header.splitlines()[0]}",
                f"load; unknown: {prefix}{key}",
            ),
        )

    for key, value in PROFILE_KEYS.items():
        add(
            f"profile-allowed-{_slug(key)}",
            _case("profile", f"{key} = {value}", f"{key} is allowed in a legacy profile table", "load"),
        )
    for key, value in ROOT_ONLY_IN_PROFILE.items():
        add(
            f"profile-root-only-{_slug(key)}",
            _case(
                "profile",
                f"{key} = {value}",
                f"{key} is a root-only key, ignored inside a profile",
                f"load; unknown: profiles.work.{key}",
            ),
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only check that the files are up to date")
    args = ap.parse_args()
    want = {f"{name}.toml": text for name, text in cases().items()}
    have = {p.name: p.read_text(encoding="utf-8") for p in OUT.glob("*.toml")} if OUT.is_dir() else {}
    if args.check:
        stale = sorted(set(want) ^ set(have) | {n for n in want if n in have and want[n] != have[n]})
        if stale:
            print(
                f"gen-differential-cases: {len(stale)} generated cases are stale, e.g. {stale[:3]}; "
                "run scripts/gen-differential-cases.py",
                file=sys.stderr,
            )
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in set(have) - set(want):
        (OUT / name).unlink()
    for name, text in want.items():
        if have.get(name) != text:
            (OUT / name).write_text(text, encoding="utf-8")
    print(f"{len(want)} generated cases in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
