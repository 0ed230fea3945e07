"""The whole `config.toml` of Codex CLI as pydantic 2 models, for every known release (0.169.0, 0.171.0).

Facts come from Codex's JSON schema and from the binaries (which win where they differ; see
`/work/shared/reference/codex-config.md` §1.3, `codex-0.171.md` and the probes listed in the tests).
A key that only some releases read says so with ``since``/``until``; :mod:`.compile` compiles one tree per
release (``scripts/compile-schema``). Every description here is written for a person reading hover text in an
editor, and so is what each enum value means (``ValueDocs``, beside the enum).

The root model is :class:`CodexConfig`; :class:`ConfigProfile` is a legacy `[profiles.<name>]` table. Keys
that both accept are declared once, in :class:`ProfileSettings`, the base of both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field, create_model

from ._base import CodexTable
from ._mcp import McpServer, PluginMcpServer, ToolApproval
from ._meta import (
    CODEX_OPEN,
    I32,
    U8,
    U16,
    U32,
    U64,
    F,
    Label,
    NonZero,
    PathStr,
    Percent,
    Rule,
    Str,
    StrList,
    StrMap,
    Suggest,
    ValueDocs,
)
from ._providers import ModelProviderInfo
from ._tui import ProfileTui, Tui
from .constraints import fraction
from .features import all_feature_names, feature_since, features_for

__all__ = ["CodexConfig", "ConfigProfile", "ProfileSettings", "Features", "REASONING_EFFORTS"]

# --------------------------------------------------------------------------------------------------
# Enums, with what their values mean

_EFFORT_DOCS = {
    "none": "No reasoning at all: fastest, for trivial edits.",
    "minimal": "The least reasoning that still plans a step.",
    "low": "Light reasoning: quick answers for routine work.",
    "medium": "Balanced depth and speed.",
    "high": "Deeper reasoning for hard problems; slower.",
    "xhigh": "Very deep reasoning for the hardest problems.",
    "max": "The deepest reasoning the model offers.",
    "ultra": "The deepest reasoning, and the model may hand parts of the task to sub-agents.",
}
REASONING_EFFORTS = tuple(_EFFORT_DOCS)
ReasoningEffort = Annotated[Str, Suggest(*REASONING_EFFORTS), ValueDocs(_EFFORT_DOCS)]
ApprovalsReviewer = Literal["user", "auto_review", "guardian_subagent"]
SandboxMode = Annotated[
    Literal["read-only", "workspace-write", "danger-full-access"],
    ValueDocs(
        {
            "read-only": "Commands may read files but not write them or use the network.",
            "workspace-write": "Commands may write inside the workspace (and the extra writable roots).",
            "danger-full-access": "No sandbox at all: commands can do anything you can.",
        }
    ),
]
WebSearchMode = Annotated[
    Literal["disabled", "cached", "indexed", "live"],
    ValueDocs(
        {
            "disabled": "No web search tool.",
            "cached": "Web search answered from a cache instead of live results.",
            "live": "Live web search.",
        }
    ),
]
ReasoningSummary = Annotated[
    Literal["auto", "concise", "detailed", "none"],
    ValueDocs(
        {
            "auto": "Let the model choose how much of its reasoning to summarise.",
            "concise": "Short summaries of the reasoning.",
            "detailed": "Longer summaries of the reasoning.",
            "none": "No reasoning summaries.",
        }
    ),
]
Verbosity = Annotated[
    Literal["low", "medium", "high"],
    ValueDocs({"low": "Terse answers.", "medium": "Answers of ordinary length.", "high": "Thorough, longer answers."}),
]
Personality = Annotated[
    Literal["none", "friendly", "pragmatic"],
    ValueDocs(
        {
            "none": "No personality template.",
            "friendly": "A warmer, more conversational tone.",
            "pragmatic": "A direct, matter-of-fact tone.",
        }
    ),
]
LoginMethod = Annotated[
    Literal["chatgpt", "api"],
    ValueDocs({"chatgpt": "Only ChatGPT sign-in is allowed.", "api": "Only an API key is allowed."}),
]
CredentialsStore = Annotated[
    Literal["file", "keyring", "auto", "ephemeral"],
    ValueDocs(
        {
            "file": "Keep the login in `auth.json` under the Codex home folder.",
            "keyring": "Keep the login in the system keyring.",
            "auto": "Use the keyring when there is one, else the file.",
            "ephemeral": "Keep the login in memory for this session only.",
        }
    ),
]


# --------------------------------------------------------------------------------------------------
# Small tables


class GranularApproval(CodexTable):
    """Fine-grained approval rules: which kinds of prompts may be shown."""

    sandbox_approval: bool = F("Allow prompts to run a command outside the sandbox.", required=True)
    rules: bool = F("Allow prompts that come from exec-policy rules.", required=True)
    mcp_elicitations: bool = F("Allow MCP servers to ask you questions.", required=True)
    request_permissions: bool = F("Allow the model to ask for extra permissions.", "false")
    skill_approval: bool = F("Allow prompts to approve skills.", "false")


class ApprovalTable(CodexTable):
    """Approval policy written as a table."""

    granular: GranularApproval = F("Fine-grained approval rules.", required=True)


# (The refusal of top-level "untrusted" was measured on 0.169.0 and 0.171.0.)
ApprovalMode = Annotated[
    Literal["untrusted", "on-failure", "on-request", "never"],
    ValueDocs(
        {
            "untrusted": "Ask before any command that is not known to be safe. {codex} refuses it at the top level.",
            "on-failure": "Run in the sandbox and ask only when a command fails there. Deprecated.",
            "on-request": "The model decides when to ask, for example to leave the sandbox.",
            "never": "Never ask; failures go back to the model.",
        }
    ),
]
ApprovalPolicy = Annotated[
    ApprovalMode | ApprovalTable,
    Label('"untrusted" | "on-failure" | "on-request" | "never" or { granular = {...} }'),
]


class SandboxWorkspaceWrite(CodexTable):
    """Extra settings used when `sandbox_mode = "workspace-write"`."""

    writable_roots: list[PathStr] = F("More directories the sandbox may write to.", "[]")
    network_access: bool = F("Let sandboxed commands use the network.", "false")
    exclude_tmpdir_env_var: bool = F("Do not make $TMPDIR writable.", "false")
    exclude_slash_tmp: bool = F("Do not make /tmp writable.", "false")


class ShellEnvironmentPolicy(CodexTable):
    """Which environment variables commands started by Codex receive."""

    inherit: Annotated[
        Literal["core", "all", "none"],
        ValueDocs(
            {
                "core": "Pass only a core set of variables (HOME, PATH, USER, ...).",
                "all": "Pass the whole environment of Codex.",
                "none": "Start from an empty environment.",
            }
        ),
    ] = F("Starting set: a small core set, everything, or nothing.", '"all"')
    ignore_default_excludes: bool = F("Keep variables whose names contain KEY, SECRET or TOKEN.")
    exclude: StrList = F("Patterns of variable names to drop.")
    include_only: StrList = F("If set, keep only variables matching these patterns.")
    set: StrMap = F("Variables to set or override (name = value).")
    experimental_use_profile: bool = F("Run commands through the user's shell profile.", experimental=True)
    filters: dict[str, Any] = F("Newer filter rules (cannot be mixed with `exclude`/`include_only`).")


class History(CodexTable):
    """The message history file ($CODEX_HOME/history.jsonl)."""

    persistence: Annotated[
        Literal["save-all", "none"],
        ValueDocs({"save-all": "Write every message to `history.jsonl`.", "none": "Keep no history file."}),
    ] = F("Save every message, or keep no history file.", '"save-all"')
    max_bytes: U64 = F("Trim the history file to about this many bytes.")


class ExternalMigrationPrompts(CodexTable):
    """Bookkeeping for the prompt that offers to import other agents' config (written by Codex)."""

    home: bool = F("The prompt was answered for the home directory.")
    home_last_prompted_at: int = F("When the home prompt was last shown (Unix time).")
    project_last_prompted_at: dict[str, int] = F("When the prompt was last shown, per project.")
    projects: dict[str, bool] = F("Answer given, per project.")


class Notice(CodexTable):
    """Remembered "don't show again" choices; Codex writes these itself."""

    hide_full_access_warning: bool = F("Do not warn about full-access mode.")
    hide_world_writable_warning: bool = F("Do not warn about world-writable directories.")
    hide_rate_limit_model_nudge: bool = F("Do not suggest another model when near a rate limit.")
    hide_gpt5_1_migration_prompt: bool = F("Do not offer the GPT-5.1 migration again.")
    hide_gpt_5_1_codex_max_migration_prompt: bool = F(
        "Do not offer the gpt-5.1-codex-max migration again.", alias="hide_gpt-5.1-codex-max_migration_prompt"
    )
    hide_gov_cloud_guidance: bool = F("Do not show the government-cloud guidance again.")
    fast_default_opt_out: bool = F("You opted out of the fast service tier being the default.")
    model_migrations: StrMap = F("Model upgrades already offered (old slug = new slug).")
    external_config_migration_prompts: ExternalMigrationPrompts = F("State of the config-import prompt.")


class OtelTls(CodexTable):
    """TLS files for the OpenTelemetry exporter."""

    ca_certificate: PathStr = F("CA certificate to trust.", alias="ca-certificate")
    client_certificate: PathStr = F("Client certificate for mutual TLS.", alias="client-certificate")
    client_private_key: PathStr = F("Private key of the client certificate.", alias="client-private-key")


class OtlpHttp(CodexTable):
    """Export over OTLP/HTTP."""

    endpoint: Str = F("Collector URL.", required=True)
    protocol: Literal["binary", "json"] = F("Body encoding.", required=True)
    headers: StrMap = F("Extra HTTP headers.")
    tls: OtelTls = F("TLS settings.")


class OtlpGrpc(CodexTable):
    """Export over OTLP/gRPC."""

    endpoint: Str = F("Collector URL.", required=True)
    headers: StrMap = F("Extra metadata headers.")
    tls: OtelTls = F("TLS settings.")


class OtelExporterTable(CodexTable):
    """An OTLP exporter: exactly one of `otlp-http` or `otlp-grpc`."""

    codex_rule: ClassVar[str | None] = "otel_exporter"

    otlp_http: OtlpHttp = F("Send over OTLP/HTTP.", alias="otlp-http")
    otlp_grpc: OtlpGrpc = F("Send over OTLP/gRPC.", alias="otlp-grpc")


OtelExporter = Annotated[
    Literal["none", "statsig"] | OtelExporterTable,
    Label('"none" | "statsig" or { otlp-http = {...} } | { otlp-grpc = {...} }'),
]


class Otel(CodexTable):
    """OpenTelemetry export of logs, traces and metrics."""

    environment: Str = F("Environment name attached to the data.", '"dev"')
    exporter: OtelExporter = F("Where log events go.", '"none"')
    trace_exporter: OtelExporter = F("Where traces go.", '"none"')
    metrics_exporter: OtelExporter = F("Where metrics go.")
    log_user_prompt: bool = F("Include your prompt text in exported events.", "false")
    log_sse_deltas: bool = F("Export streaming deltas too.")
    log_agent_responses: bool = F("Export the agent's responses.")
    log_guardian_assessments: bool = F("Export guardian review results.")
    tool_result: dict[str, Any] = F("How tool results are logged.")
    span_attributes: StrMap = F("Extra attributes added to every span.")
    tracestate: dict[str, StrMap] = F("W3C tracestate entries to propagate.")
    headers_helper: Str = F("Program whose output gives the exporter's HTTP headers.", since="0.171.0")
    headers_helper_refresh_interval_ms: NonZero = F(
        "How often to run `headers_helper` again, in ms (at least 1).", since="0.171.0"
    )


class RolloutTrace(CodexTable):
    """Size limits of the rollout trace Codex records."""

    max_payload_bytes: U64 = F("Largest payload kept in one trace entry, in bytes.")
    max_bytes: U64 = F("Largest size of the whole trace, in bytes.")


class Responses(CodexTable):
    """How Codex handles Responses API answers."""

    process_mode: Literal["streaming", "after_complete_response"] = F(
        "Handle the answer while it streams, or only once it is complete."
    )


class CodeModeSettings(CodexTable):
    """Settings of code mode (the `code_mode` feature flag turns it on)."""

    heartbeat_interval_s: U32 = F("Seconds between heartbeats of a running code cell.")


class AgentRole(CodexTable):
    """A sub-agent role; besides these keys it may set config keys (model, sandbox_mode, ...) inline."""

    model_config = CODEX_OPEN
    __pydantic_extra__: dict[str, Any]

    description: Str = F("What this role is for; shown to the model when it picks a role.")
    config_file: PathStr = F("Config file for agents with this role (relative to this config file).")
    nickname_candidates: StrList = F("Names to give agents of this role.")


class Agents(CodexTable):
    """Sub-agents: limits, plus one `[agents.<role>]` table per role."""

    model_config = CODEX_OPEN
    __pydantic_extra__: dict[str, AgentRole]

    max_threads: NonZero = F("Most agent threads open at the same time (at least 1).")
    max_concurrent_threads_per_session: NonZero = F("Most agent threads running at once in one session.")
    max_depth: I32 = F("How deep agents may spawn other agents.")
    job_max_runtime_seconds: U64 = F("Default time limit for agent jobs, in seconds.")
    interrupt_message: bool = F("Tell the model when an agent turn was interrupted.", "true")
    enabled: bool = F("Turn sub-agents on or off.")
    default_subagent_model: Str = F("Model used for sub-agents unless a role sets one.")
    default_subagent_reasoning_effort: ReasoningEffort = F("Reasoning effort for sub-agents.")


class Memories(CodexTable):
    """Memories: what Codex remembers between sessions."""

    use_memories: bool = F("Give the model its stored memories.")
    generate_memories: bool = F("Write new memories from finished sessions.")
    dedicated_tools: bool = F("Expose memories through dedicated tools.")
    disable_on_external_context: bool = F("Pause memories when the session uses outside context.")
    dual_write: bool = F("Write memories in both the old and the new format.")
    extract_model: Str = F("Model that extracts memories from sessions.")
    consolidation_model: Str = F("Model that merges memories together.")
    consolidation_service_tier: Str = F("Service tier for the consolidation model.")
    max_raw_memories_for_consolidation: U64 = F("Most raw memories merged in one pass.")
    max_rollout_age_days: int = F("Ignore sessions older than this many days.")
    max_rollouts_per_startup: U64 = F("Most sessions processed at each start.")
    max_unused_days: int = F("Forget memories unused for this many days.")
    min_rate_limit_remaining_percent: int = F("Only work on memories while this much rate limit is left (%).")
    min_rollout_idle_hours: int = F("Wait until a session has been idle this many hours.")


class Goals(CodexTable):
    """Long-running goals (`/goal`)."""

    max_goal_token_budget: NonZero = F("Most tokens one goal may spend (at least 1).")


class Project(CodexTable):
    """Settings for one directory (the table name is its absolute path)."""

    trust_level: Literal["trusted", "untrusted"] = F("Trusted projects may load their own .codex/config.toml.")


class Analytics(CodexTable):
    """Usage analytics."""

    enabled: bool = F("Send usage analytics.", "true")


class Feedback(CodexTable):
    """The /feedback command."""

    enabled: bool = F("Allow sending feedback.", "true")


class Windows(CodexTable):
    """Windows sandbox settings."""

    sandbox: Literal["elevated", "unelevated", "mxc"] = F("Which Windows sandbox implementation to use.")
    allow_mxc: bool = F("Allow the MXC sandbox.")


class ProfileWindows(CodexTable):
    """Windows sandbox settings for a profile."""

    sandbox: Literal["elevated", "unelevated", "mxc"] = F("Which Windows sandbox implementation to use.")


AllowDeny = Literal["allow", "deny"]


class BrowserUseOriginPolicy(CodexTable):
    """What the agent's browser may do on a site."""

    access: AllowDeny = F("Whether the browser may open the site.")
    downloads: AllowDeny = F("Whether the browser may download files from the site.")
    uploads: AllowDeny = F("Whether the browser may upload files to the site.")
    full_cdp_access: AllowDeny = F("Whether the agent gets full Chrome DevTools Protocol access on the site.")


class BrowserUse(CodexTable):
    """The browser the agent drives (browser use)."""

    allow_history_access: bool = F("Let the agent read the browser's history.")
    default_origin_policy: BrowserUseOriginPolicy = F("Rules for sites not listed in `origins`.")
    origins: dict[str, BrowserUseOriginPolicy] = F('Rules per site, keyed by origin (e.g. "https://example.com").')


class ComputerUseMacos(CodexTable):
    """Apps the agent may operate on macOS."""

    bundle_ids: dict[str, AllowDeny] = F('Access per app, keyed by bundle id (id = "allow" | "deny").')


class ComputerUseWindowsExe(CodexTable):
    """A Windows desktop program, matched by publisher and product name (and optionally its file name)."""

    publisher_name: Str = F("Publisher of the program.", required=True)
    product_name: Str = F("Product name of the program.", required=True)
    binary_name: Str = F("File name of the program's executable.")
    access: AllowDeny = F("Whether the agent may operate the program.", required=True)


class ComputerUseWindows(CodexTable):
    """Apps the agent may operate on Windows."""

    aumids: dict[str, AllowDeny] = F('Access per app, keyed by AppUserModelID (id = "allow" | "deny").')
    exes: list[ComputerUseWindowsExe] = F("Access per desktop program.")


class ComputerUse(CodexTable):
    """Which desktop apps the agent may operate (computer use)."""

    default_app_access: AllowDeny = F("Whether the agent may operate apps not listed per platform.")
    macos: ComputerUseMacos = F("Apps on macOS.")
    windows: ComputerUseWindows = F("Apps on Windows.")


class GhostSnapshot(CodexTable):
    """Old snapshot settings; Codex still loads them but they do nothing."""

    disable_warnings: bool = F("Hide snapshot warnings.")
    ignore_large_untracked_files: int = F("Skip untracked files larger than this (bytes).")
    ignore_large_untracked_dirs: int = F("Skip untracked directories with more files than this.")
    ignore_untracked_files_over_bytes: int = F("Skip untracked files larger than this many bytes.")
    large_untracked_dir_warning_threshold: int = F("Warn about untracked directories with more files than this.")


class ThreadStore(CodexTable):
    """Where threads are stored (experimental)."""

    type: Literal["local", "in_memory"] = F("Storage backend.", required=True)


class Realtime(CodexTable):
    """Realtime voice sessions (experimental)."""

    version: Literal["v1", "v2", "v3"] = F("Realtime protocol version.")
    type: Literal["conversational", "transcription"] = F("Talk with the model, or only transcribe.")
    transport: Literal["webrtc", "websocket"] = F("Connection type.")
    voice: Literal[
        "alloy",
        "arbor",
        "ash",
        "aube",
        "ballad",
        "breeze",
        "bubbie",
        "cedar",
        "coral",
        "cove",
        "echo",
        "ember",
        "haetsal",
        "hanul",
        "himari",
        "juniper",
        "leher",
        "maple",
        "marin",
        "miko",
        "neer",
        "porto",
        "rindo",
        "rio",
        "rivage",
        "sage",
        "selva",
        "shimmer",
        "sol",
        "sonna",
        "spruce",
        "tinta",
        "vale",
        "verse",
        "viola",
    ] = F("Voice of the model.")


class Audio(CodexTable):
    """Audio devices for realtime sessions."""

    microphone: Str = F("Input device name.")
    speaker: Str = F("Output device name.")
    microphone_channel: Annotated[U64 | list[U64], Label("integer ≥ 0 or array of integers")] = F(
        "Input channel(s) to record from."
    )


class AutoReview(CodexTable):
    """The automatic reviewer of approval requests."""

    policy: Str = F("Extra policy text given to the reviewer.")
    circuit_break_action: Literal["default", "strict"] = F("What happens after repeated denials.")
    conversation_history_max_output_tokens: NonZero = F("Most tokens of conversation history the reviewer reads.")
    experimental_conversation_history_prompt: Str = F(
        "Prompt that introduces the conversation history to the reviewer.", experimental=True
    )


class BundledSkills(CodexTable):
    """Skills that ship with Codex."""

    enabled: bool = F("Load the bundled skills.", "true")


class SkillEntry(CodexTable):
    """Turn one skill on or off, by path or by name."""

    path: PathStr = F("Path of the skill.")
    name: Str = F("Name of the skill.")
    enabled: bool = F("Whether the skill is loaded.", required=True)


class Skills(CodexTable):
    """Skills (reusable instructions the model can load)."""

    bundled: BundledSkills = F("Skills that ship with Codex.")
    config: list[SkillEntry] = F("Per-skill on/off switches.")
    include_instructions: bool = F("Tell the model which skills exist.")
    max_context_tokens: NonZero = F("Token budget for skill descriptions.")


class PluginsDefault(CodexTable):
    """Defaults for all plugins."""

    enabled: bool = F("Whether plugins are on unless set per plugin.")


class Plugin(CodexTable):
    """One installed plugin (table name "name@marketplace")."""

    enabled: bool = F("Whether the plugin is on.", "true")
    mcp_servers: dict[str, PluginMcpServer] = F("Overrides for the MCP servers the plugin brings.")


class Plugins(CodexTable):
    """Installed plugins, keyed "name@marketplace"."""

    model_config = CODEX_OPEN
    __pydantic_extra__: dict[str, Plugin]

    default_: PluginsDefault = F("Defaults for all plugins.", alias="_default")


class Marketplace(CodexTable):
    """A plugin marketplace (written by `codex plugin marketplace add`)."""

    source: Str = F("Where the marketplace comes from (path, owner/repo or Git URL).")
    source_type: Literal["git", "local"] = F("Kind of source.")
    ref: Str = F("Git ref to fetch.")
    sparse_paths: StrList = F("Sparse-checkout paths.")
    last_updated: Str = F("When it was last updated.")
    last_revision: Str = F("Revision fetched last.")


class AppsDefault(CodexTable):
    """Defaults for all apps."""

    enabled: bool = F("Apps are on unless set per app.", "true")
    destructive_enabled: bool = F("Allow tools that change or delete data.")
    open_world_enabled: bool = F("Allow tools that reach the open internet.")
    approvals_reviewer: ApprovalsReviewer = F("Who reviews app tool approvals.")
    default_tools_approval_mode: ToolApproval = F("Default approval mode for app tools.")


class AppTool(CodexTable):
    """Settings for one tool of an app."""

    enabled: bool = F("Whether the tool is available.")
    approval_mode: ToolApproval = F("When Codex asks before calling the tool.")


class App(CodexTable):
    """Settings for one ChatGPT app/connector."""

    enabled: bool = F("Whether the app is on.", "true")
    destructive_enabled: bool = F("Allow tools that change or delete data.")
    open_world_enabled: bool = F("Allow tools that reach the open internet.")
    default_tools_enabled: bool = F("Whether tools are on unless set per tool.")
    default_tools_approval_mode: ToolApproval = F("Default approval mode for this app's tools.")
    approvals_reviewer: ApprovalsReviewer = F("Who reviews this app's approvals.")
    tools: dict[str, AppTool] = F("Per-tool settings, keyed by tool name.")
    omit_tools_from: StrList = F("Places where this app's tools are not offered.")
    links: dict[str, Any] = F("Links for the app.")


class Apps(CodexTable):
    """ChatGPT apps and connectors: `_default` plus one table per app id."""

    model_config = CODEX_OPEN
    __pydantic_extra__: dict[str, App]

    default_: AppsDefault = F("Defaults for all apps.", alias="_default")


class ToolRef(CodexTable):
    """A tool, by id and type."""

    id: Str = F("Id of the connector or plugin.", required=True)
    type: Literal["connector", "plugin"] = F("Kind of tool.", required=True)


class ToolSuggest(CodexTable):
    """Suggestions to install tools."""

    discoverables: list[ToolRef] = F("Tools that may be suggested.", "[]")
    disabled_tools: list[ToolRef] = F("Tools never to suggest.", "[]")


class WebSearchLocation(CodexTable):
    """Approximate location for web search results."""

    city: Str = F("City.")
    region: Str = F("Region or state.")
    country: Str = F('Country code, e.g. "US".')
    timezone: Str = F('IANA time zone, e.g. "America/Chicago".')


class WebSearchTool(CodexTable):
    """Web search tool options."""

    enabled: bool = F("Whether the tool is offered.")
    allowed_domains: StrList = F("Only search these domains.")
    context_size: Literal["low", "medium", "high"] = F("How much search context to give the model.")
    location: WebSearchLocation = F("Approximate user location.")
    allow_history_access: bool = F("Let web search use conversation history.")
    default_origin_policy: Any = F("Default policy for web origins.")


class RequestUserInputTool(CodexTable):
    """The request_user_input tool."""

    enabled: bool = F("Offer the tool.", "true")


class UpdatePlanTool(CodexTable):
    """The update_plan tool."""

    enabled: bool = F("Offer the tool.")


class Tools(CodexTable):
    """Built-in tool switches."""

    web_search: Annotated[bool | WebSearchTool, Label("boolean or table")] = F(
        "Web search tool: true/false (legacy) or a table of options."
    )
    experimental_request_user_input: RequestUserInputTool = F("The request_user_input tool.", experimental=True)
    update_plan: UpdatePlanTool = F("The update_plan tool.")
    client_search_provider: Literal["standalone", "search_mcp"] = F("Which search backend the client uses.")


class FilesystemPermissions(CodexTable):
    """File access of a permission profile: path (or special name) = "read" | "write" | "deny"."""

    model_config = CODEX_OPEN
    __pydantic_extra__: dict[
        str,
        Annotated[
            Literal["read", "write", "deny"] | dict[str, Literal["read", "write", "deny"]],
            Label('"read" | "write" | "deny" or table of them'),
        ],
    ]

    glob_scan_max_depth: NonZero = F("How deep glob patterns are expanded.")


class MitmHeader(CodexTable):
    """A request header added by the proxy."""

    name: Str = F("Header name.")
    prefix: Str = F('Text put before the secret value (e.g. "Bearer ").')
    secret_env_var: Str = F("Environment variable holding the value.")
    secret_file: PathStr = F("File holding the value.")


class MitmAction(CodexTable):
    """What the proxy does to matching requests."""

    inject_request_headers: list[MitmHeader] = F("Headers to add.", "[]")
    strip_request_headers: StrList = F("Headers to remove.", "[]")


class MitmHook(CodexTable):
    """Which requests an interception rule applies to."""

    host: Str = F("Host to match.", required=True)
    methods: StrList = F("HTTP methods to match.", required=True)
    path_prefixes: StrList = F("URL path prefixes to match.", required=True)
    action: StrList = F("Names of the actions to apply.", required=True)
    headers: dict[str, StrList] = F("Header values to match.")
    query: dict[str, StrList] = F("Query parameters to match.")
    body: Any = F("Body to match.")


class NetworkMitm(CodexTable):
    """TLS interception by the network proxy."""

    actions: dict[str, MitmAction] = F("Named actions.")
    hooks: dict[str, MitmHook] = F("Named matching rules.")


class NetworkRules(CodexTable):
    """Network rules: shared by permission profiles and the network_proxy feature."""

    enabled: bool = F("Allow network access.")
    mode: Literal["limited", "full"] = F("Limited (proxy rules) or full access.")
    domains: dict[str, Literal["allow", "deny"]] = F('Per-domain rules (domain = "allow" | "deny").')
    unix_sockets: dict[str, Literal["allow", "deny"]] = F('Per-socket rules (path = "allow" | "deny").')
    proxy_url: Str = F("HTTP proxy URL.")
    socks_url: Str = F("SOCKS5 proxy URL.")
    enable_socks5: bool = F("Start a SOCKS5 proxy.")
    enable_socks5_udp: bool = F("Allow UDP through the SOCKS5 proxy.")
    allow_upstream_proxy: bool = F("Chain through an upstream proxy.")
    allow_local_binding: bool = F("Allow binding local ports.")
    dangerously_allow_non_loopback_proxy: bool = F("Let the proxy listen on non-loopback addresses (unsafe).")
    dangerously_allow_all_unix_sockets: bool = F("Allow every Unix socket (unsafe).")
    transparent_tcp: bool = F("Route plain TCP connections through the proxy transparently.", since="0.171.0")


class NetworkPermissions(NetworkRules):
    """Network access of a permission profile."""

    mitm: NetworkMitm = F("TLS interception rules.")


class PermissionProfile(CodexTable):
    """A named permission profile (select it with `default_permissions`)."""

    description: Str = F("What the profile is for.")
    extends: Str = F('Profile to start from (a name, or a built-in like ":workspace").')
    filesystem: FilesystemPermissions = F("File access rules.")
    network: NetworkPermissions = F("Network access rules.")
    workspace_roots: dict[str, bool] = F("Extra workspace roots (path = true).")


class HookHandler(CodexTable):
    """One action run by a hook."""

    codex_rule: ClassVar[str | None] = "hook_handler"

    type: Literal["command", "mcp_tool", "prompt", "agent"] = F("Kind of action.", required=True)
    command: Str = F('Shell command to run (type = "command").')
    commandWindows: Str = F("Command to use on Windows instead.")
    command_windows: Str = F("Command to use on Windows instead (same as `commandWindows`).")
    statusMessage: Str = F("Message shown while the hook runs.")
    timeout: U64 = F("Time limit in seconds.")
    async_: bool = F("Run without waiting for the result.", "false", alias="async")
    additionalContextLimit: U64 = F(
        'Most characters of extra context the command may hand back to the model (type = "command").'
    )
    server: Str = F('MCP server name (type = "mcp_tool").')
    tool: Str = F('MCP tool name (type = "mcp_tool").')
    arguments: Any = F("Arguments for the MCP tool.")


class HookGroup(CodexTable):
    """Hooks for one event, optionally limited by a matcher."""

    matcher: Str = F("Regular expression; the hooks run only when it matches (e.g. a tool name).")
    hooks: list[HookHandler] = F("Actions to run.", "[]")


class HookState(CodexTable):
    """Trust record for a hook (written by Codex)."""

    trusted_hash: Str = F("Hash of the hook definition you trusted.")
    enabled: bool = F("Whether this hook is on.")


_HOOK_EVENTS = {
    "SessionStart": "When a session starts.",
    "SessionEnd": "When a session ends.",
    "UserPromptSubmit": "When you submit a prompt.",
    "PreModelRequest": "Before each request to the model.",
    "PreToolUse": "Before a tool runs.",
    "PostToolUse": "After a tool ran.",
    "PermissionRequest": "When Codex asks for a permission.",
    "PreCompact": "Before the history is compacted.",
    "PostCompact": "After the history was compacted.",
    "Stop": "When the agent stops.",
    "SubagentStart": "When a sub-agent starts.",
    "SubagentStop": "When a sub-agent stops.",
    "Interrupt": "When a turn is interrupted.",
}


def _hooks_model() -> type[CodexTable]:
    fields: dict[str, Any] = {
        name: (list[HookGroup], F(f"Hooks run {help[0].lower()}{help[1:]}")) for name, help in _HOOK_EVENTS.items()
    }
    fields["state"] = (dict[str, HookState], F("Trust records for hooks (written by Codex)."))
    model = create_model("Hooks", __base__=CodexTable, **fields)
    model.__doc__ = "Lifecycle hooks: commands Codex runs on events."
    return model


if TYPE_CHECKING:  # a model made from a list of names: type checkers see a table
    Hooks = CodexTable
else:
    Hooks = _hooks_model()


class RemoteMessageBoard(CodexTable):
    """A message board on a server, shared by the agents."""

    codex_unknown_fatal: ClassVar[bool] = True

    url: Str = F("Address of the board.", required=True)
    bearer_token: Str = F("Token sent to the board (prefer `bearer_token_env_var`).")
    bearer_token_env_var: Str = F("Environment variable holding the token.")


class MultiAgentV2(CodexTable):
    """Options of the multi_agent_v2 feature."""

    codex_unknown_fatal: ClassVar[bool] = True

    enabled: bool = F("Turn the feature on.")
    max_concurrent_threads_per_session: NonZero = F("Most sub-agent threads running at once.")
    min_wait_timeout_ms: Annotated[int, Field(ge=0, le=3600000)] = F("Shortest wait for agents, in ms.")
    max_wait_timeout_ms: Annotated[int, Field(ge=0, le=3600000)] = F("Longest wait for agents, in ms.")
    default_wait_timeout_ms: Annotated[int, Field(ge=0, le=3600000)] = F("Default wait for agents, in ms.")
    usage_hint_enabled: bool = F("Tell the model how to use sub-agents.")
    usage_hint_text: Str = F("Custom usage hint.")
    root_agent_usage_hint_text: Str = F("Usage hint for the root agent.")
    subagent_usage_hint_text: Str = F("Usage hint for sub-agents.")
    subagent_developer_instructions: Str = F("Developer instructions for sub-agents.")
    multi_agent_mode_hint_text: Str = F("Hint text for multi-agent mode.")
    preserve_fork_prefix: bool = F("Keep the shared history prefix when forking.")
    tool_namespace: Annotated[Str, Field(pattern=r"^[a-zA-Z0-9_-]+$", min_length=1, max_length=64)] = F(
        "Namespace for the agent tools (letters, digits, _ and -)."
    )
    hide_spawn_agent_metadata: bool = F("Hide spawn metadata from the model.")
    expose_spawn_agent_model_overrides: bool = F("Let the model choose sub-agent models.")
    wait_agent_enabled: bool = F("Offer the wait tool.")
    interrupt_at_item_boundary: bool = F("Interrupt sub-agents only between items, not mid-item.", since="0.171.0")
    disable_native_tools: bool = F("Turn off the built-in agent tools.")
    disable_direct_message: bool = F("Turn off direct messages between agents.")
    message_board_in_memory: bool = F("Keep the message board in memory.")
    message_board_remote: RemoteMessageBoard = F("Use a message board on a server.")
    non_code_mode_only: bool = F("Only outside code mode.")


# The options tables of table-valued feature flags. Codex reads `[features.<name>]` as "a boolean or
# this table" (an untagged enum), so any unknown key or wrong type in it stops the config from loading
# ("data did not match any variant of untagged enum FeatureToml"). Keys were measured on 0.169.0 and
# 0.171.0: candidates from the binary's serde field lists, each loaded with values of each type; the
# binary's own field count ("struct X with N elements") says whether a table is complete. Keys whose
# values could not be pinned down are typed Any.


class _FeatureTable(CodexTable):
    codex_unknown_fatal: ClassVar[bool] = True


class NetworkProxyFeature(NetworkRules):
    """Options of the network_proxy feature."""

    codex_unknown_fatal: ClassVar[bool] = True

    credential_broker: bool = F("Let the proxy hand out credentials to sandboxed commands.")
    credentials: dict[str, Any] = F("Credentials the proxy adds to requests (not checked).")


class AppsMcpPathOverride(_FeatureTable):
    """Options of the apps_mcp_path_override feature."""

    enabled: bool = F("Turn the override on.")
    path: Str = F("Path to use.")


class AsyncCompactionFeature(_FeatureTable):
    """Options of the async_compaction feature."""

    enabled: bool = F("Turn the feature on.")
    model_async_compact_threshold_percent: U8 = F("Share of the context window (1-100 %) at which compaction starts.")


class CodeModeFeature(_FeatureTable):
    """Options of the code_mode feature."""

    enabled: bool = F("Turn the feature on.")
    default_exec_yield_time_ms: U64 = F("How long a code cell runs before it yields, in ms.")
    experimental_show_cell_overhead: bool = F("Show the time spent around each cell.", experimental=True)
    tool_input_schema_max_bytes: U64 = F("Largest tool input schema shown to the model, in bytes.")
    excluded_tool_namespaces: StrList = F("Tool namespaces left out of code mode.")
    direct_only_tool_namespaces: StrList = F("Tool namespaces called directly, not from code.")


class CodeModeHostFeature(_FeatureTable):
    """Options of the code_mode_host feature."""

    enabled: bool = F("Turn the feature on.")
    disable_in_process_fallback: bool = F("Never fall back to running code inside the Codex process.")


class ContextManagementFeature(_FeatureTable):
    """Options of the context_management feature (it has no `enabled` key)."""

    experimental_mode: bool = F("Use the experimental context-management mode.", experimental=True)


class CurrentTimeReminderFeature(_FeatureTable):
    """Options of the current_time_reminder feature."""

    enabled: bool = F("Turn the feature on.")
    reminder_interval_seconds: U64 = F("How often the model is told the time, in seconds.")
    sleep_tool: bool = F("Also remind after the sleep tool ran.")
    clock_source: Literal["system", "external"] = F("Which clock the reminder reads.")
    delivery_mode: Literal["any_inference", "after_user_or_tool_output"] = F(
        "When the reminder is given: before any model call, or only after a user message or tool output."
    )


AsyncClassifierMode = Literal["conversation", "snapshot"]


class GuardianV2Feature(_FeatureTable):
    """Options of the guardianv2 feature."""

    enabled: bool = F("Turn the feature on.")
    sync_elastic_budgeting: bool = F("Size synchronous review sections to the budget.")
    sync_elastic_sections: Any = F("Sections for synchronous elastic budgeting (required when it is on).")
    async_elastic_budgeting: bool = F("Size background review sections to the budget.", since="0.171.0")
    async_elastic_sections: Any = F(
        "Sections for background elastic budgeting (required when it is on).", since="0.171.0"
    )
    transcript_mode: Literal["json", "line"] = F("How the transcript is written for the reviewer: JSON or lines.")
    async_classifier_mode: AsyncClassifierMode = F(
        "What the background classifier reads.",
        deprecated="{codex} ignores it with a warning (background classification always reads the conversation).",
    )
    async_classifier_conversation_token_limit: NonZero = F("Token limit of the conversation the classifier sees.")
    free_guardian: bool = F("Use the free reviewer.")
    thread_context: bool = F("Give the reviewer the thread's context.")
    persist_scores: bool = F("Store review scores.")
    classifier_instructions: Str = F("Extra instructions for the classifier.")
    review_threshold: Annotated[float, Rule(fraction, "number 0.0–1.0")] = F(
        "Score from which an action is reviewed (0.0-1.0)."
    )
    reasoning_effort: Str = F("Reasoning effort of the reviewer model.")
    max_tool_call_lag: U64 = F("How many tool calls a review may lag behind.")
    max_action_tokens: Annotated[int, Field(ge=100, le=100000)] = F("Token budget of the reviewed action (100-100000).")
    max_classifier_instruction_tokens: Annotated[int, Field(ge=100, le=100000)] = F(
        "Token budget of the classifier instructions (100-100000)."
    )
    reuse_parent_compaction: bool = F("Reuse the parent thread's compacted history.")
    max_parent_compaction_tokens: Annotated[int, Field(ge=100, le=100000)] = F(
        "Token budget of the parent's compacted history (100-100000)."
    )
    review_scope: dict[str, Any] = F("What the reviewer looks at.")
    transcript: dict[str, Any] = F("Transcript limits for the reviewer.")


class GuardianV3Feature(_FeatureTable):
    """Options of the guardianv3 feature."""

    enabled: bool = F("Turn the feature on.")


class NonPrefixedMcpToolNamesFeature(_FeatureTable):
    """Options of the non_prefixed_mcp_tool_names feature."""

    enabled: bool = F("Turn the feature on.")
    server_names: StrList = F("MCP servers whose tools keep their bare names.")


class RolloutBudget(_FeatureTable):
    """Options of the rollout_budget feature: a token allowance for a whole rollout."""

    enabled: bool = F("Turn the budget on (then a limit and `reminder_at_remaining_tokens` are required).")
    enforce_limit: bool = F("Stop the rollout when the budget is spent.")
    limit_tokens: int = F("The budget in tokens (above 0 when the budget is on).")
    limit_budget: float = F("The budget as an allowance (instead of `limit_tokens`).", since="0.171.0")
    reminder_at_context_start: bool = F("Remind the model of the budget when the context starts.", since="0.171.0")
    reminder_at_remaining_tokens: list[int] = F("Remind the model when this many tokens are left.")
    sampling_token_weight: float = F("Weight of sampled (output) tokens.")
    prefill_token_weight: float = F("Weight of prefill (input) tokens.")


class RuntimeAgentInstancesFeature(_FeatureTable):
    """Options of the runtime_agent_instances feature."""

    enabled: bool = F("Turn the feature on.")
    mode: Literal["dual_header", "assertion_only"] = F("Which of its two modes the feature runs in.")


class SleepToolFeature(_FeatureTable):
    """Options of the sleep_tool feature."""

    enabled: bool = F("Turn the feature on.")
    mode: Literal["model_driven", "always_on"] = F('"model_driven" (the model decides) or "always_on".')


class TokenBudgetFeature(_FeatureTable):
    """Options of the token_budget feature."""

    enabled: bool = F("Turn the feature on.")
    use_history_notes_extension: bool = F("Keep notes of dropped history.")
    context_window_as_tool_output: bool = F("Report the context window in tool output.", since="0.171.0")
    reminder_threshold_tokens: int = F("Remind the model when fewer tokens than this are left.")
    reminder_message_template: Str = F("Text of the reminder.")
    guidance_message: Str = F("Guidance text given to the model about its token budget.")
    auto_compact_fallback_prompt: Str = F("Prompt used when compaction falls back.")
    auto_compact_fallback_buffer_tokens: int = F("Tokens kept free for the compaction fallback.")


_FEATURE_TABLES: dict[str, type[CodexTable]] = {
    "apps_mcp_path_override": AppsMcpPathOverride,
    "async_compaction": AsyncCompactionFeature,
    "code_mode": CodeModeFeature,
    "code_mode_host": CodeModeHostFeature,
    "context_management": ContextManagementFeature,
    "current_time_reminder": CurrentTimeReminderFeature,
    "guardianv2": GuardianV2Feature,
    "guardianv3": GuardianV3Feature,
    "multi_agent_v2": MultiAgentV2,
    "network_proxy": NetworkProxyFeature,
    "non_prefixed_mcp_tool_names": NonPrefixedMcpToolNamesFeature,
    "rollout_budget": RolloutBudget,
    "runtime_agent_instances": RuntimeAgentInstancesFeature,
    "sleep_tool": SleepToolFeature,
    "token_budget": TokenBudgetFeature,
}


def _feature_field(name: str) -> tuple[Any, Any]:
    table = _FEATURE_TABLES.get(name)
    typ: Any = Annotated[bool | table, Label("boolean or table")] if table else bool
    # Description, default and notes come per release from features_for() (see codex_key_facts).
    return (typ, F(f"Feature flag `{name}`.", alias=name, since=feature_since(name)))


class _FeaturesBase(CodexTable):
    # Codex parses every entry of [features] as a boolean before it looks at the name.
    codex_unknown_value: ClassVar[Any] = bool

    @classmethod
    def codex_key_facts(cls, key: str, release: str) -> dict[str, Any] | None:
        spec = features_for(release).get(key)
        if spec is None:
            return None
        facts: dict[str, Any] = {
            "description": spec.description,
            "x-toml-default": "true" if spec.default else "false",
            "x-experimental": spec.experimental,
        }
        if spec.deprecated:
            facts["x-deprecated"] = spec.deprecated
        return facts


def _features_model() -> type[CodexTable]:
    fields: dict[str, Any] = {"f_" + name.replace(".", "__"): _feature_field(name) for name in all_feature_names()}
    model = create_model("Features", __base__=_FeaturesBase, **fields)
    model.__doc__ = "Feature flags: name = true/false (see `codex features list`)."
    return model


if TYPE_CHECKING:  # a model made from the list of flags: type checkers see a table
    Features = _FeaturesBase
else:
    Features = _features_model()


# --------------------------------------------------------------------------------------------------
# Profiles and the root


class ProfileSettings(CodexTable):
    """The keys a legacy profile may set: each is also a top-level key, declared here once for both."""

    model: Str = F('Model to use, e.g. "gpt-6.1-sol" (any slug the provider serves).')
    model_provider: Str = F("Provider id: a built-in one or a `[model_providers.<id>]` table.", '"openai"')
    approval_policy: ApprovalPolicy = F("When Codex asks you before running a command.")
    sandbox_mode: SandboxMode = F("How much the OS sandbox lets commands do.", '"read-only"')
    model_reasoning_effort: ReasoningEffort = F("How hard the model thinks (models list the levels they support).")
    plan_mode_reasoning_effort: ReasoningEffort = F('Reasoning effort while in Plan mode ("none" turns reasoning off).')
    model_reasoning_summary: ReasoningSummary = F("How much of the model's reasoning is summarized.")
    model_verbosity: Verbosity = F("How long the model's answers are.")
    personality: Personality = F("Tone of the model's messages.")
    service_tier: Annotated[Str, Suggest("default", "priority", "fast")] = F(
        'Service tier for requests ("priority" is faster; "fast" is an old name for it).'
    )
    web_search: WebSearchMode = F("Web search: off, cached results, indexed, or live.")
    approvals_reviewer: ApprovalsReviewer = F("Who reviews approval requests.", '"user"')
    oss_provider: Annotated[Str, Suggest("lmstudio", "ollama")] = F(
        'Local provider used by `--oss`: "lmstudio" or "ollama".'
    )
    chatgpt_base_url: Str = F("Base URL of the ChatGPT backend (not the API).", '"https://chatgpt.com/backend-api/"')
    model_catalog_json: PathStr = F("JSON file that replaces the built-in model list (must exist).")
    model_instructions_file: PathStr = F("File that replaces Codex's built-in base instructions (must exist).")
    experimental_compact_prompt_file: PathStr = F(
        "File with the prompt used to compact history (must exist).", experimental=True
    )
    experimental_use_unified_exec_tool: bool = F(
        "Old switch for the unified exec tool.", deprecated="Prefer `[features] unified_exec = true`."
    )
    include_permissions_instructions: bool = F("Tell the model about its sandbox and approval settings.", "true")
    include_apps_instructions: bool = F("Tell the model which apps are available.", "true")
    include_collaboration_mode_instructions: bool = F("Include collaboration-mode instructions.", "true")
    include_environment_context: bool = F("Tell the model about its environment (cwd, shell, ...).", "true")
    include_environment_context_time: bool = F("Include the current time in the environment context.", "true")
    js_repl_node_path: PathStr = F("Node.js binary for the JavaScript REPL.")
    js_repl_node_module_dirs: list[PathStr] = F("Directories where the JavaScript REPL looks for modules.")
    features: Features = F("Feature flags (name = true/false).")
    tools: Tools = F("Built-in tool switches.")
    analytics: Analytics = F("Usage analytics.")


class ConfigProfile(ProfileSettings):
    """A legacy profile: a named set of overrides (Codex now prefers `<name>.config.toml` files)."""

    tui: ProfileTui = F("TUI settings for this profile (only `session_picker_view`).")
    windows: ProfileWindows = F("Windows sandbox settings.")


class CodexConfig(ProfileSettings):
    """Codex CLI `config.toml`."""

    codex_rule: ClassVar[str | None] = "codex_config"

    # Besides the keys of ProfileSettings (model, approval_policy, sandbox_mode, features, ...):
    # model and provider
    review_model: Str = F("Model used by /review.")
    model_providers: dict[str, ModelProviderInfo] = F("Custom model providers, keyed by id.")
    openai_base_url: Str = F("Base URL for the built-in `openai` provider.")
    model_context_window: int = F("Context window of the model, in tokens (overrides the catalog).")
    model_auto_compact_token_limit: int = F("Compact the history when it grows past this many tokens.")
    model_auto_compact_token_limit_scope: Literal["total", "body_after_prefix"] = F(
        "What counts toward `model_auto_compact_token_limit`."
    )
    model_post_turn_compact_threshold_percent: Percent = F(
        "Compact after a turn once this share of the context window (0-100) is used."
    )
    # approvals and sandbox
    sandbox_workspace_write: SandboxWorkspaceWrite = F('Extra settings for `sandbox_mode = "workspace-write"`.')
    default_permissions: Str = F(
        'Permission profile to use (a `[permissions.<name>]` table or a built-in like ":workspace").'
    )
    permissions: dict[str, PermissionProfile] = F("Named permission profiles.")
    auto_review: AutoReview = F("Settings of the automatic approval reviewer.")
    shell_environment_policy: ShellEnvironmentPolicy = F("Environment variables passed to commands.")
    allow_login_shell: bool = F("Let the model run commands in a login shell.", "true")
    # instructions and context
    developer_instructions: Str = F("Extra instructions sent to the model as a developer message.")
    instructions: Str = F("Old way to add system instructions (prefer `developer_instructions`).")
    compact_prompt: Str = F("Prompt used when compacting the history.")
    project_doc_max_bytes: U64 = F("Read at most this many bytes of AGENTS.md.", "32768")
    project_doc_fallback_filenames: StrList = F("File names to try when a directory has no AGENTS.md.", "[]")
    project_root_markers: StrList = F("Files or directories that mark a project root.", '[".git"]')
    projects: dict[str, Project] = F("Per-directory settings, keyed by absolute path.")
    # tools, MCP, integrations
    mcp_servers: dict[str, McpServer] = F("MCP servers, keyed by a name you choose.")
    mcp_oauth_credentials_store: Literal["auto", "file", "keyring"] = F("Where MCP OAuth tokens are kept.", '"auto"')
    mcp_oauth_callback_port: U16 = F("Fixed local port for MCP OAuth callbacks.")
    mcp_oauth_callback_url: Str = F("Redirect URL for MCP OAuth sign-in.")
    mcp_optional_startup_grace_ms: U64 = F("How long to wait for optional MCP servers at startup, in ms.")
    mcp_enterprise_managed_auth: dict[str, Any] = F("Enterprise identity-provider sign-in for MCP servers.")
    hooks: Hooks = F("Lifecycle hooks: commands Codex runs on events.")
    skills: Skills = F("Skills settings.")
    plugins: Plugins = F("Installed plugins and their settings.")
    marketplaces: dict[str, Marketplace] = F("Plugin marketplaces (written by Codex).")
    apps: Apps = F("ChatGPT apps/connectors settings.")
    apps_mcp_product_sku: Str = F("Internal product id for the apps MCP server.")
    tool_suggest: ToolSuggest = F("Tool install suggestions.")
    tool_output_token_limit: U64 = F("Token budget for each stored tool output.")
    background_terminal_max_timeout: U64 = F("Longest wait when polling a background terminal, in ms.", "300000")
    notify: StrList = F("Program (argv array) run for notifications; Codex appends a JSON argument.")
    code_mode: CodeModeSettings = F("Code mode settings.", since="0.171.0")
    responses: Responses = F("How Responses API answers are handled.", since="0.171.0")
    # sub-agents, memories, goals
    agents: Agents = F("Sub-agent limits and roles.")
    memories: Memories = F("Memories settings.")
    goals: Goals = F("Settings for long-running goals.")
    orchestrator: dict[str, Any] = F("Orchestrator settings (internal).")
    # UI and local state
    tui: Tui = F("Terminal UI settings.")
    file_opener: Literal["vscode", "vscode-insiders", "windsurf", "cursor", "none"] = F(
        "Editor used to open file links in answers.", '"vscode"'
    )
    hide_agent_reasoning: bool = F("Hide the model's reasoning events.", "false")
    show_raw_agent_reasoning: bool = F("Show the model's raw reasoning when available.", "false")
    disable_paste_burst: bool = F("Turn off detection of fast pasted input.", "false")
    history: History = F("The message history file.", '{ persistence = "save-all" }')
    notice: Notice = F('Remembered "don\'t show again" choices (written by Codex).')
    daybreak: bool = F("Whether Daybreak (the /daybreak command) is on for new threads; Codex saves your choice.")
    check_for_update_on_startup: bool = F("Check for a newer Codex at startup.", "true")
    suppress_unstable_features_warning: bool = F("Do not warn about under-development features.", "false")
    log_dir: PathStr = F("Directory for log files.", '"$CODEX_HOME/log"')
    sqlite_home: PathStr = F("Directory for Codex's SQLite databases.")
    allow_symlinked_codex_home: bool = F("Allow $CODEX_HOME to be a symbolic link.")
    thread_unload_delay_secs: U64 = F("Unload idle threads after this many seconds.")
    # auth
    cli_auth_credentials_store: CredentialsStore = F("Where the CLI keeps your login.", '"file"')
    forced_login_method: LoginMethod = F("Only allow this way of signing in.")
    forced_chatgpt_workspace_id: Annotated[Str | list[Str], Label("string or array of strings")] = F(
        "Only allow these ChatGPT workspace ids."
    )
    # telemetry
    otel: Otel = F("OpenTelemetry export.")
    rollout_trace: RolloutTrace = F("Size limits of the rollout trace.", since="0.171.0")
    feedback: Feedback = F("The /feedback command.")
    # platform
    windows: Windows = F("Windows sandbox settings.")
    computer_use: ComputerUse = F("Which desktop apps the agent may operate (computer use).")
    browser_use: BrowserUse = F("What the agent's browser may do (browser use).")
    cloud: dict[str, Any] = F("Codex cloud settings.")
    desktop: dict[str, Any] = F("Settings of the Codex desktop app (not checked).")
    responses_api_metadata: dict[str, Any] = F("Metadata attached to Responses API requests.")
    # realtime and experiments
    realtime: Realtime = F("Realtime voice sessions.", experimental=True)
    audio: Audio = F("Audio devices for realtime sessions.", experimental=True)
    experimental_realtime_ws_base_url: Str = F("Base URL for realtime WebSocket sessions.", experimental=True)
    experimental_realtime_webrtc_call_base_url: Str = F("Base URL for realtime WebRTC calls.", experimental=True)
    experimental_realtime_ws_model: Str = F("Model for realtime sessions.", experimental=True)
    experimental_realtime_ws_backend_prompt: Str = F("Backend prompt for realtime sessions.", experimental=True)
    experimental_realtime_ws_startup_context: Str = F("Startup context for realtime sessions.", experimental=True)
    experimental_realtime_start_instructions: Str = F(
        "Instructions at the start of a realtime session.", experimental=True
    )
    experimental_thread_store: ThreadStore = F("Where threads are stored.", experimental=True)
    experimental_thread_store_endpoint: Str = F(
        "No longer supported: Codex refuses to start when it is set.",
        deprecated="{codex} refuses configs that set it; remove it.",
    )
    ghost_snapshot: GhostSnapshot = F(
        "Old snapshot settings.", deprecated="Still loads but has no effect; you can delete it."
    )
    # legacy profiles
    profile: Str = F(
        "Legacy: name of the `[profiles.<name>]` table to use.",
        deprecated="{codex} refuses `profile = ...`; run `codex --profile <name>` with `<name>.config.toml`.",
    )
    profiles: dict[str, ConfigProfile] = F(
        "Legacy named profiles.",
        deprecated="Move each profile into `$CODEX_HOME/<name>.config.toml` and use `codex --profile <name>`.",
    )
