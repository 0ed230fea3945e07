"""`[mcp_servers.<name>]`: MCP servers, launched over stdio (`command`) or reached over HTTP (`url`).

Codex (0.169.0 and 0.171.0) reads one table type for both transports and then refuses keys of the other transport
(`env is not supported for streamable_http`, `url is not supported for stdio`, ...); measured with
`codex mcp list --json`, which loads the config without starting any server.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from ._base import CodexTable
from ._meta import U16, U64, F, Label, NonZero, Rule, Str, StrList, StrMap
from .constraints import not_negative

__all__ = ["McpServer", "McpToolConfig", "PluginMcpServer", "ToolApproval"]

ToolApproval = Literal["auto", "prompt", "writes", "approve"]


class McpToolConfig(CodexTable):
    """Settings for one tool of an MCP server."""

    approval_mode: ToolApproval = F("When Codex asks before calling this tool.")
    output_token_limit: NonZero = F("Token budget for this tool's output.")


class McpEnvVar(CodexTable):
    """An environment variable forwarded to the server, with where it comes from."""

    codex_unknown_fatal: ClassVar[bool] = True

    name: Str = F("Name of the environment variable.", required=True)
    source: Literal["local", "remote"] = F("Where the value is read: this machine or the remote environment.")


class McpOAuth(CodexTable):
    """OAuth client settings for an HTTP MCP server."""

    client_id: Str = F("OAuth client id to use instead of dynamic registration.")
    client_secret: Str = F("OAuth client secret.")
    token_endpoint_auth_method: Literal["client_secret_basic", "client_secret_post"] = F(
        "How the client secret is sent to the token endpoint."
    )
    callback_url: Str = F("Redirect URL for the OAuth flow.")
    callback_port: U16 = F("Fixed local port for the OAuth callback.")
    authorization_server_issuer: Str = F("Expected issuer of the authorization server.")


class McpServer(CodexTable):
    """An MCP server: set `command` to launch it over stdio, or `url` to reach it over HTTP."""

    codex_rule: ClassVar[str | None] = "mcp_server"

    # stdio
    command: Str = F("Program that starts the server (stdio transport).")
    args: StrList = F("Arguments for `command`.")
    env: StrMap = F("Extra environment variables for the server process.")
    env_vars: list[Annotated[Str | McpEnvVar, Label("string or table")]] = F(
        "Environment variables to forward from Codex's environment to the server."
    )
    cwd: Str = F("Working directory for the server process.")
    # streamable HTTP
    url: Str = F("URL of the server (streamable HTTP transport).")
    bearer_token_env_var: Str = F("Environment variable holding a bearer token for `url`.")
    http_headers: StrMap = F("Fixed HTTP headers sent to the server.")
    env_http_headers: StrMap = F("HTTP headers whose values come from environment variables (header = VAR).")
    http_headers_helper: Str = F("Command that prints extra HTTP headers for the server.")
    oauth: McpOAuth = F("OAuth client settings for this server.")
    oauth_resource: Str = F("OAuth resource parameter sent during sign-in.")
    auth: Literal["oauth", "chatgpt", "ema_auth"] = F("How Codex authenticates to the server.")
    scopes: StrList = F("OAuth scopes to request.")
    # both
    enabled: bool = F("Set to false to keep the server configured but not started.", "true")
    required: bool = F("Fail startup when this server cannot start.", "false")
    startup_timeout_sec: Annotated[float, Rule(not_negative, "number ≥ 0")] = F(
        "Seconds to wait for the server to start.", "10"
    )
    startup_timeout_ms: U64 = F("Start-up timeout in milliseconds (alternative to `startup_timeout_sec`).")
    tool_timeout_sec: Annotated[float, Rule(not_negative, "number ≥ 0")] = F("Seconds a tool call may take.", "60")
    startup_readiness: Literal["connection", "catalog"] = F(
        "When the server counts as started: once connected, or once its tool list is loaded."
    )
    enabled_tools: StrList = F("Only expose these tools (allow list).")
    disabled_tools: StrList = F("Hide these tools (applied after `enabled_tools`).")
    default_tools_approval_mode: ToolApproval = F("Default approval mode for this server's tools.")
    tools: dict[str, McpToolConfig] = F("Per-tool settings, keyed by tool name.")
    supports_parallel_tool_calls: bool = F("The server can handle several tool calls at once.")
    tool_input_schema_max_bytes: NonZero = F("Largest tool input schema, in bytes, Codex accepts from the server.")
    environment_id: Str = F("Run the server in this environment.")
    name: Str = F("Display name (legacy; the table name is used).")
    bearer_token: Str = F(
        "Not supported: Codex refuses literal tokens here.",
        deprecated="Codex refuses a literal bearer token; store it in an environment variable and set "
        "`bearer_token_env_var`.",
    )


class PluginMcpServer(CodexTable):
    """Overrides for an MCP server that a plugin provides."""

    enabled: bool = F("Set to false to turn this plugin server off.", "true")
    enabled_tools: StrList = F("Only expose these tools.")
    disabled_tools: StrList = F("Hide these tools.")
    default_tools_approval_mode: ToolApproval = F("Default approval mode for this server's tools.")
    tools: dict[str, McpToolConfig] = F("Per-tool settings, keyed by tool name.")
