"""JSON Schema for `config.toml`, generated from the models (for taplo, tombi, SchemaStore).

Run ``codex-config-lsp schema > codex-config.schema.json``. The schema follows draft 2020-12 and
describes what one Codex release accepts (the newest known by default): keys of other releases are left
out, and the descriptions are the one-liners the language server shows for that release.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .. import releases
from ._base import codex_name
from ._meta import CODEX_RELEASE
from .models import CodexConfig
from .nodes import compile_model

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["json_schema", "SCHEMA_URL"]

# Where the committed schema (`schemas/codex-config.schema.json`) is published; its `$id`.
SCHEMA_URL = "https://raw.githubusercontent.com/codex-config-lsp/codex-config-lsp/main/schemas/codex-config.schema.json"


class _Generator(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _toml_value(text: str) -> Any:
    try:
        return tomllib.loads("v = " + text)["v"]
    except tomllib.TOMLDecodeError:
        return text


def _holds(prop: Any, release: str) -> bool:
    if not isinstance(prop, dict):
        return True
    return releases.holds(release, prop.get("x-since"), prop.get("x-until"))


def _polish(node: Any, release: str) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                value = {k: v for k, v in value.items() if _holds(v, release)}
                if "required" in node:
                    out["required"] = [k for k in node["required"] if k in value]
            if key == "required" and "required" in out:
                continue
            out[key] = _polish(value, release)
        out.pop("x-since", None)
        out.pop("x-until", None)
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
        return [_polish(v, release) for v in node]
    if isinstance(node, str) and CODEX_RELEASE in node:
        return node.replace(CODEX_RELEASE, codex_name(release))
    return node


def _feature_facts(schema: dict[str, Any], release: str) -> None:
    """Feature flags: the description, default and deprecation of ``release`` (the models hold none)."""
    features = schema.get("$defs", {}).get("Features", {}).get("properties", {})
    node = compile_model(CodexConfig, release).fields["features"].node
    specs = getattr(node, "fields", {})
    for name, prop in features.items():
        spec = specs.get(name)
        if spec is None:
            continue
        prop["description"] = spec.description
        prop["default"] = spec.default == "true"
        if spec.deprecated:
            prop["deprecated"] = True
            prop["description"] += " Deprecated: " + spec.deprecated


def json_schema(release: str = releases.NEWEST) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `config.toml` as Codex ``release`` reads it."""
    release = releases.knowledge_for(release)
    schema = CodexConfig.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    schema = _polish(schema, release)
    _feature_facts(schema, release)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "Codex CLI config.toml",
        "description": f"Configuration of OpenAI's Codex CLI (~/.codex/config.toml), as read by {codex_name(release)}.",
        "x-taplo-info": {"authors": ["codex-config-lsp"], "patterns": ["\\.codex/config\\.toml$"]},
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
