"""The model providers built into Codex (measured on 0.169.0; 0.171.0 changed none of them)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BuiltinProvider", "BUILTIN_PROVIDERS"]


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
