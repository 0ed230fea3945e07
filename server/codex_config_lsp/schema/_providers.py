"""`[model_providers.<id>]`: a custom model provider (the built-in ones are in :mod:`._builtin`)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from ._base import CodexTable
from ._meta import U64, F, NonZero, PathStr, Rule, Str, StrList, StrMap, ValueDocs
from .constraints import not_empty

__all__ = ["ModelProviderInfo"]


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

    codex_rule: ClassVar[str | None] = "model_provider"

    name: Annotated[Str, Rule(not_empty, "non-empty string")] = F("Display name of the provider; must not be empty.")
    base_url: Str = F("Base URL of the API; Codex sends requests to `<base_url>/responses`.")
    env_key: Str = F("Environment variable that holds the API key.")
    env_key_instructions: Str = F("Help text shown when that environment variable is not set.")
    wire_api: Annotated[
        Literal["responses"],
        ValueDocs({"responses": "The Responses API (`<base_url>/responses`), the only one current Codex speaks."}),
    ] = F("Wire protocol; only the Responses API is supported.", '"responses"')
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
