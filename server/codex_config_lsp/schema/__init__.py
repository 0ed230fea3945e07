"""The Codex CLI `config.toml` schema: models, key lookup, validation and JSON Schema.

Modelled on Codex CLI 0.169.0. Knows nothing of text positions or LSP; other layers map paths to spans.

* :mod:`.models` - the pydantic models (root :class:`CodexConfig`, legacy :class:`ConfigProfile`, ...)
* :mod:`.navigate` - :func:`key_info`, :func:`child_keys`, :func:`table_kind`
* :mod:`.validate` - :func:`validate` -> list of :class:`SchemaProblem`
* :mod:`.features` - feature flags with stage and default
* :mod:`.jsonschema` - :func:`json_schema` for the ``schema`` CLI command
"""

from ._providers import BUILTIN_PROVIDERS, BuiltinProvider
from .features import FEATURES, FeatureSpec
from .models import REASONING_EFFORTS, CodexConfig, ConfigProfile
from .navigate import KeyInfo, child_keys, key_info, table_kind
from .validate import SchemaProblem, validate
from .values import value_doc

__all__ = [
    "KeyInfo",
    "SchemaProblem",
    "key_info",
    "child_keys",
    "table_kind",
    "validate",
    "value_doc",
    "json_schema",
    "BUILTIN_PROVIDERS",
    "BuiltinProvider",
    "FEATURES",
    "FeatureSpec",
    "CodexConfig",
    "ConfigProfile",
    "REASONING_EFFORTS",
]


def __getattr__(name: str):
    # The JSON Schema is only for `codex-config-lsp schema`: build its module on demand.
    if name == "json_schema":
        from .jsonschema import json_schema

        return json_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
