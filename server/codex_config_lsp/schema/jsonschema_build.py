"""Build time: the JSON Schema of `config.toml` for one release, made by pydantic from the models.

:mod:`.compile` stores what :func:`json_schema_of` returns for every known release; :mod:`.jsonschema`
serves it at run time without pydantic.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from pydantic.json_schema import GenerateJsonSchema
from tomlkit.exceptions import ParseError

from .. import releases
from .nodes import TableNode
from .texts import CODEX_RELEASE, codex_name

__all__ = ["json_schema_of", "SCHEMA_URL"]

# Where the committed schema (`schemas/codex-config.schema.json`) is published; its `$id`.
SCHEMA_URL = "https://raw.githubusercontent.com/codex-config-lsp/codex-config-lsp/main/schemas/codex-config.schema.json"


class _Generator(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def json_schema_of(release: str, root: TableNode) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `config.toml` as Codex ``release`` reads it; ``root`` is the
    compiled tree of that release (feature flags take their facts from it)."""
    from .models import CodexConfig

    schema = CodexConfig.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    schema = _polish(schema, release)
    _feature_facts(schema, root)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "Codex CLI config.toml",
        "description": f"Configuration of OpenAI's Codex CLI (~/.codex/config.toml), as read by {codex_name(release)}.",
        "x-taplo-info": {"authors": ["codex-config-lsp"], "patterns": ["\\.codex/config\\.toml$"]},
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def _toml_value(text: str) -> Any:
    try:
        return tomlkit.loads("v = " + text).unwrap()["v"]
    except ParseError:
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


def _feature_facts(schema: dict[str, Any], root: TableNode) -> None:
    """Feature flags: the description, default and deprecation of the release (the models hold none)."""
    features = schema.get("$defs", {}).get("Features", {}).get("properties", {})
    node = root.fields["features"].node
    specs = node.fields if isinstance(node, TableNode) else {}
    for name, prop in features.items():
        spec = specs.get(name)
        if spec is None:
            continue
        prop["description"] = spec.description
        prop["default"] = spec.default == "true"
        if spec.deprecated:
            prop["deprecated"] = True
            prop["description"] += " Deprecated: " + spec.deprecated
