"""The Codex CLI `config.toml` schema: models, key lookup, validation and JSON Schema, per Codex release.

Facts of every known release (:mod:`codex_config_lsp.releases`); each question takes ``release=`` and
answers for that release (default: the newest known). Knows nothing of text positions or LSP; other
layers map paths to spans.

* :mod:`.models` - the pydantic models (root :class:`CodexConfig`, legacy :class:`ConfigProfile`, ...)
* :mod:`.tree` - :func:`~.tree.root_node` compiles them into one node tree per release
* :mod:`.navigate` - :func:`key_info`, :func:`child_keys`, :func:`table_kind`, :func:`all_key_paths`
* :mod:`.validate` - :func:`validate` -> list of :class:`SchemaProblem`
* :mod:`.features` - feature flags with stage and default: :func:`features_for`
* :mod:`.jsonschema` - :func:`json_schema` for the ``schema`` CLI command
"""

from ._providers import BUILTIN_PROVIDERS, BuiltinProvider
from .features import FEATURES, FeatureSpec, features_for
from .models import REASONING_EFFORTS, CodexConfig, ConfigProfile
from .navigate import KeyInfo, all_key_paths, child_keys, key_info, table_kind
from .validate import SchemaProblem, validate
from .values import value_doc

__all__ = [
    "KeyInfo",
    "SchemaProblem",
    "key_info",
    "child_keys",
    "table_kind",
    "all_key_paths",
    "features_for",
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
