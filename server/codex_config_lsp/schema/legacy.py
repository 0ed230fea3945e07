"""Keys that Codex no longer reads (0.169.0 and 0.171.0), with what to do instead.

All were probed on the 0.169.0 binary: each is reported as an unknown (ignored) setting, and 0.171.0
changed none of them. The text says why and names the replacement (``{codex}`` stands for the release
checked); ``validate()`` adds "Codex ignores it".
"""

from __future__ import annotations

from .features import GONE_FEATURES

__all__ = ["LEGACY", "PROVIDER_HINTS", "MCP_HINTS"]

# scope -> key -> explanation (a sentence fragment that follows "`key` ...")
LEGACY: dict[str, dict[str, str]] = {
    "root": {
        "preferred_auth_method": "was removed; to restrict how you sign in use `forced_login_method` "
        '("chatgpt" or "api")',
        "approval_mode": "was removed; use `approval_policy`",
        "sandbox": "was renamed; use `sandbox_mode` (and `[sandbox_workspace_write]` for its options)",
        "sandbox_permissions": "was removed; use `sandbox_mode` and `[sandbox_workspace_write]`",
        "model_supports_reasoning_summaries": "is no longer read; Codex takes this from its model catalog",
        "model_max_output_tokens": "was removed; there is no replacement",
        "model_reasoning_summary_format": "was removed; the model catalog decides the format",
        "model_family": "was removed; the model catalog describes each model",
        "disable_response_storage": "was removed; there is no replacement",
        "hide_full_reasoning": "was removed; use `hide_agent_reasoning`",
        "experimental_instructions_file": "was renamed; use `model_instructions_file`",
        "experimental_use_exec_command_tool": "was removed; the unified exec tool replaced it "
        "(`[features] unified_exec`, on by default)",
        "experimental_use_freeform_apply_patch": "was removed; the free-form apply_patch tool is built in",
        "include_apply_patch_tool": "was removed; the apply_patch tool is always available",
        "include_plan_tool": "was removed; the plan tool is always available",
        "tools_web_search_request": 'was removed; use `web_search = "live"`',
        "experimental_resume": "was removed; use `codex resume`",
        "windows_wsl_setup_acknowledged": "is no longer read",
        "mcp_oauth_callback_host": "was removed; use `mcp_oauth_callback_url`",
        "profiles_dir": "was removed; profiles are `$CODEX_HOME/<name>.config.toml` files chosen with "
        "`codex --profile <name>`",
        "strict_config": "is not a config setting; pass `--strict-config` on the command line",
        "responses_originator_header_internal_override": "is no longer read",
        "commit_attribution": "is no longer read",
        "debug": "is not read by {codex}",
        "experimental_thread_config_endpoint": "is not read by {codex}",
        "model_context_window_override": "is not a setting; use `model_context_window`",
        "api_key": "is not read from config.toml; sign in with `codex login` or set OPENAI_API_KEY",
    },
    "tui": {
        "show_mcp_startup_status": "is no longer read by {codex}",
        "windows_wsl_setup_acknowledged": "is no longer read",
        "hide_agent_reasoning": "is read only at the top level (`hide_agent_reasoning = true` before any table header)",
        "show_raw_agent_reasoning": "is read only at the top level (`show_raw_agent_reasoning = true` before "
        "any table header)",
    },
    "windows": {
        "sandbox_private_desktop": "is no longer read by {codex}",
    },
    "features": {name: f"is no longer a feature flag: {why}" for name, why in GONE_FEATURES.items()},
}

PROVIDER_HINTS: dict[str, str] = {
    "api_key": "is not read; put the key in an environment variable and set `env_key` to its name",
    "headers": "is not read; use `http_headers` (or `env_http_headers`)",
    "model": "is not read here; set `model` at the top level (or in a profile)",
    "models": "is not read; choose the model with the top-level `model` key",
    "organization": 'is not read; send it as a header: `http_headers = { "OpenAI-Organization" = "..." }`',
    "timeout": "is not read; use `stream_idle_timeout_ms`",
    "max_retries": "is not read; use `request_max_retries` / `stream_max_retries`",
    "api_version": 'is not read; use `query_params = { api-version = "..." }`',
    "bearer_token": "is not read; use `env_key` (or `experimental_bearer_token`)",
    "type": "is not read; every provider speaks the Responses API",
}

MCP_HINTS: dict[str, str] = {
    "type": "is not read; Codex picks the transport from `command` (stdio) or `url` (HTTP)",
    "transport": "is not read; Codex picks the transport from `command` (stdio) or `url` (HTTP)",
    "headers": "is not read; use `http_headers` (or `env_http_headers`)",
    "timeout": "is not read; use `startup_timeout_sec` or `tool_timeout_sec`",
    "disabled": "is not read; use `enabled = false`",
    "autoApprove": "is not read; set `default_tools_approval_mode` or "
    "`[mcp_servers.<name>.tools.<tool>] approval_mode`",
    "alwaysAllow": "is not read; set `default_tools_approval_mode` or "
    "`[mcp_servers.<name>.tools.<tool>] approval_mode`",
    "description": "is not read",
    "output_token_limit": "is read per tool: put it in `[mcp_servers.<name>.tools.<tool>]`",
    "environment": "is not read; use `env`",
    "working_directory": "is not read; use `cwd`",
}
