"""Pull the model catalog out of a Codex binary and keep only what the language server reads.

Each Codex release compiles its catalog into the binary as one pretty-printed
JSON value that starts with ``{\\n  "models": [``. ``codex debug models --bundled``
prints the same models in the same order, re-serialized: compact, without
``available_in_plans`` and ``minimal_client_version``, with ``upgrade.retirement_at``
added (measured on 0.169.0 and 0.171.0). So the binary is the fuller source,
and the kept fields agree with what ``debug models`` shows.

``scripts/sync-codex`` calls :func:`trimmed_catalog` on each release's binary
and stores the result as ``data/catalogs/codex-<version>.json``.
"""

from __future__ import annotations

import json
from typing import Any

from .catalog import default_model_of, read_models

CATALOG_START = b'{\n  "models": ['

# The catalog is under a megabyte; nothing this far past its start belongs to it.
_MAX_CATALOG_BYTES = 64 * 1024 * 1024

# The fields of a catalog entry that hover, completion and checks use.
KEPT_FIELDS = (
    "slug",
    "display_name",
    "description",
    "visibility",
    "priority",
    "supported_in_api",
    "available_in_plans",
    "default_reasoning_level",
    "supported_reasoning_levels",
    "context_window",
    "max_context_window",
    "minimal_client_version",
    "upgrade",
)


def catalog_in_binary(binary: bytes) -> dict[str, Any]:
    """The catalog JSON value inside a Codex binary (bytes or an mmap); ValueError unless there is exactly one."""
    start = binary.find(CATALOG_START)
    if start < 0:
        raise ValueError("no bundled model catalog found in this binary")
    if binary.find(CATALOG_START, start + 1) >= 0:
        raise ValueError("more than one bundled model catalog found in this binary")
    # Bytes after the value may not be UTF-8; replacing them cannot change the value itself.
    text = binary[start : start + _MAX_CATALOG_BYTES].decode("utf-8", errors="replace")
    value, _ = json.JSONDecoder().raw_decode(text)
    if not isinstance(value, dict) or not isinstance(value.get("models"), list):
        raise ValueError("the bundled model catalog has no model list")
    return value


def trim(catalog: dict[str, Any]) -> dict[str, Any]:
    """The catalog with each model cut down to :data:`KEPT_FIELDS`, in Codex's own shape.

    ``default_model`` is added for readers of the file (the release sync script);
    the language server itself derives it from the models the same way.
    """
    models = [_trim_model(model) for model in catalog["models"] if isinstance(model, dict)]
    return {"default_model": default_model_of(read_models({"models": models})), "models": models}


def trimmed_catalog(binary: bytes) -> str:
    """Bytes of a Codex binary in, the trimmed catalog as JSON text out (one model per block)."""
    return json.dumps(trim(catalog_in_binary(binary)), indent=2, ensure_ascii=False) + "\n"


def _trim_model(model: dict[str, Any]) -> dict[str, Any]:
    kept = {field: model[field] for field in KEPT_FIELDS if field in model}
    levels = kept.get("supported_reasoning_levels")
    if isinstance(levels, list):
        kept["supported_reasoning_levels"] = [
            {key: level[key] for key in ("effort", "description") if key in level}
            for level in levels
            if isinstance(level, dict)
        ]
    upgrade = kept.get("upgrade")
    if isinstance(upgrade, dict):  # the migration text is for Codex's own prompt, not for us
        kept["upgrade"] = {"model": upgrade.get("model")}
    return kept
