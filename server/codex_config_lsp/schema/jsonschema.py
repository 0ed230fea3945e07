"""JSON Schema for `config.toml` (for taplo, tombi, SchemaStore), as compiled from the models.

Run ``codex-config-lsp schema > codex-config.schema.json``. The schema follows draft 2020-12 and
describes what one Codex release accepts (the newest known by default): keys of other releases are left
out, and the descriptions are the one-liners the language server shows for that release. It is made at
build time (:mod:`.jsonschema_build`, ``scripts/compile-schema``) and read here from ``compiled/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import releases

__all__ = ["json_schema", "COMPILED_SCHEMAS"]

COMPILED_SCHEMAS = Path(__file__).with_name("compiled") / "json-schema.json"


def json_schema(release: str = releases.NEWEST) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `config.toml` as Codex ``release`` reads it."""
    schemas: dict[str, dict[str, Any]] = json.loads(COMPILED_SCHEMAS.read_text(encoding="utf-8"))
    return schemas[releases.knowledge_for(release)]
