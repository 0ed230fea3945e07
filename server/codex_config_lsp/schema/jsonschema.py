"""JSON Schema for `config.toml`, generated from the models (for taplo, tombi, SchemaStore).

Run ``codex-config-lsp schema > codex-config.schema.json``. The schema follows draft 2020-12 and
describes what Codex 0.169.0 accepts; descriptions are the same one-liners the language server shows.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .models import CodexConfig

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["json_schema"]


class _Generator(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _toml_value(text: str) -> Any:
    try:
        return tomllib.loads("v = " + text)["v"]
    except tomllib.TOMLDecodeError:
        return text


def _polish(node: Any) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out[key] = _polish(value)
        if "default" in out and out["default"] is None:
            del out["default"]
        toml_default = out.pop("x-toml-default", None)
        if toml_default is not None:
            value = _toml_value(toml_default)
            if not (isinstance(value, str) and value.startswith("$")):
                out["default"] = value
        note = out.pop("x-deprecated", None)
        if note:
            out["deprecated"] = True
            out["description"] = (out.get("description", "") + " Deprecated: " + note).strip()
        if out.pop("x-experimental", None):
            out["description"] = (out.get("description", "") + " (experimental)").strip()
        return out
    if isinstance(node, list):
        return [_polish(v) for v in node]
    return node


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of Codex 0.169.0's `config.toml`."""
    schema = CodexConfig.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    schema = _polish(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Codex CLI config.toml",
        "description": "Configuration of OpenAI's Codex CLI (~/.codex/config.toml), as read by Codex 0.169.0.",
        "x-taplo-info": {"authors": ["codex-config-lsp"], "patterns": ["\\.codex/config\\.toml$"]},
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
