"""`[model_providers.<id>]` and the built-in provider ids (measured on 0.169.0; 0.171.0 changed none of them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from ..releases import NEWEST
from ._base import CodexTable, Issue
from ._meta import U64, F, NonZero, PathStr, Rule, Str, StrList, StrMap, not_empty

__all__ = ["ModelProviderInfo", "BuiltinProvider", "BUILTIN_PROVIDERS"]


class ProviderAuthCommand(CodexTable):
    """A command that prints a bearer token for the provider."""

    command: Annotated[Str, Rule(not_empty, "non-empty string")] = F(
        "Program to run; its standard output is used as the token.", required=True
    )
    args: StrList = F("Arguments for the token command.", "[]")
    cwd: PathStr = F("Working directory for the token command.")
    timeout_ms: NonZero = F("How long the token command may run, in milliseconds.", "5000")
    refresh_interval_ms: U64 = F("How often to fetch a fresh token, in milliseconds.", "300000")


class AwsCommand(CodexTable):
    """A command Codex runs for AWS credentials."""

    command: Str = F("Program to run.", required=True)
    args: StrList = F("Arguments for the command.")
    timeout_ms: NonZero = F("How long the command may run, in milliseconds.")


class ProviderAws(CodexTable):
    """AWS SigV4 signing (Amazon Bedrock providers only)."""

    profile: Str = F("AWS profile name to take credentials from.")
    region: Str = F('AWS region, e.g. "us-east-1".')
    credential_export: AwsCommand = F("Command that exports AWS credentials (cannot be combined with `profile`).")
    auth_refresh: AwsCommand = F("`aws` command Codex runs to refresh expired credentials.")


class ModelProviderInfo(CodexTable):
    """A custom model provider (an OpenAI-compatible endpoint) that `model_provider` can select."""

    name: Annotated[Str, Rule(not_empty, "non-empty string")] = F("Display name of the provider; must not be empty.")
    base_url: Str = F("Base URL of the API; Codex sends requests to `<base_url>/responses`.")
    env_key: Str = F("Environment variable that holds the API key.")
    env_key_instructions: Str = F("Help text shown when that environment variable is not set.")
    wire_api: Literal["responses"] = F("Wire protocol; only the Responses API is supported.", '"responses"')
    query_params: StrMap = F("Extra query parameters added to every request (e.g. Azure `api-version`).")
    http_headers: StrMap = F("Fixed HTTP headers sent with every request.")
    env_http_headers: StrMap = F("HTTP headers whose values come from environment variables (header = VAR).")
    requires_openai_auth: bool = F("Use the Codex login (ChatGPT or API key) instead of `env_key`.", "false")
    experimental_bearer_token: Str = F("Literal bearer token (discouraged: prefer `env_key`).")
    auth: ProviderAuthCommand = F("Get the bearer token from a command.")
    aws: ProviderAws = F("Sign requests with AWS SigV4 (Amazon Bedrock only).")
    request_max_retries: U64 = F("How many times a failed HTTP request is retried (capped at 100).", "4")
    stream_max_retries: U64 = F("How many times a dropped response stream is reconnected (capped at 100).", "5")
    stream_idle_timeout_ms: U64 = F("Give up on a stream after this many idle milliseconds.", "300000")
    websocket_connect_timeout_ms: U64 = F("Timeout for opening a Responses WebSocket, in milliseconds.", "15000")
    supports_websockets: bool = F("The provider can serve the Responses API over WebSockets.", "false")
    supports_standalone_web_search: bool = F("The provider offers its own web search tool.")
    model_catalog_url: Str = F("URL of a model catalog to fetch for this provider.")
    gateway_oauth: dict[str, Any] = F("OAuth sign-in settings for a gateway provider.")
    project_id: Str = F("Google Cloud project id (for the `gcp` provider).")
    location: Str = F('Google Cloud location, e.g. "us-central1" (for the `gcp` provider).')
    credential_file: PathStr = F("Absolute path to a Google Cloud credentials file (for the `gcp` provider).")

    @classmethod
    def codex_checks(cls, table: dict[str, Any], release: str = NEWEST) -> list[Issue]:
        issues: list[Issue] = []
        if "auth" in table:
            clash = [k for k in ("env_key", "experimental_bearer_token", "requires_openai_auth") if k in table]
            if clash and not (clash == ["requires_openai_auth"] and table.get("requires_openai_auth") is False):
                issues.append(
                    Issue(
                        ("auth",),
                        "invalid-value",
                        f"`auth` cannot be combined with `{clash[0]}` in the same provider: Codex refuses to load "
                        "the config; keep only one way to get the token.",
                    )
                )
        return issues


@dataclass(frozen=True, slots=True)
class BuiltinProvider:
    id: str
    name: str
    base_url: str
    notes: str


BUILTIN_PROVIDERS: dict[str, BuiltinProvider] = {
    p.id: p
    for p in (
        BuiltinProvider(
            "openai",
            "OpenAI",
            "https://api.openai.com/v1 (API key) or https://chatgpt.com/backend-api/codex (ChatGPT sign-in)",
            "Default provider. Uses your Codex login; `openai_base_url` changes its URL. Cannot be redefined.",
        ),
        BuiltinProvider(
            "ollama",
            "Ollama",
            "http://localhost:11434/v1",
            "Local Ollama server (Responses API). Port/URL can be changed with CODEX_OSS_PORT / CODEX_OSS_BASE_URL.",
        ),
        BuiltinProvider(
            "lmstudio",
            "LM Studio",
            "http://localhost:1234/v1",
            "Local LM Studio server. Port/URL can be changed with CODEX_OSS_PORT / CODEX_OSS_BASE_URL.",
        ),
        BuiltinProvider(
            "amazon-bedrock",
            "Amazon Bedrock",
            "https://bedrock-mantle.<region>.api.aws/openai/v1",
            "AWS SigV4 auth. A [model_providers.amazon-bedrock] table may change only base_url, auth, "
            "http_headers and aws.{profile, region, credential_export, auth_refresh}.",
        ),
        BuiltinProvider(
            "amazon-bedrock-runtime",
            "Amazon Bedrock Runtime",
            "Amazon Bedrock runtime endpoint for your AWS region",
            "AWS SigV4 auth through the Bedrock runtime API; default model global.openai.<model>.",
        ),
        BuiltinProvider(
            "gcp",
            "Google Cloud Vertex AI",
            "https://aiplatform.googleapis.com/v1/projects/<project>/locations/<location>/...",
            "Google Cloud auth. A [model_providers.gcp] table may change only base_url, auth, http_headers, "
            "project_id, location and credential_file.",
        ),
    )
}
