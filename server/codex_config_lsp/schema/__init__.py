"""The Codex CLI `config.toml` schema: key lookup, validation and JSON Schema, per Codex release.

Facts of every known release (:mod:`codex_config_lsp.releases`); each question takes ``release=`` and
answers for that release (default: the newest known). Knows nothing of text positions or LSP; other
layers map paths to spans.

Build time (pydantic, ``scripts/compile-schema``):

* :mod:`.models` - the pydantic models, the one declaration of every key (root :class:`CodexConfig`,
  legacy :class:`ConfigProfile`, and :class:`ProfileSettings`, the keys both take)
* :mod:`.compile` - compiles them into ``compiled/`` (the node trees and the JSON Schema of every release)

Run time (no pydantic):

* :mod:`.nodes` - :func:`~.nodes.root_node`, the node tree of a release, loaded on first use
* :mod:`.navigate` - :func:`key_info`, :func:`child_keys`, :func:`table_kind`, :func:`all_key_paths`
* :mod:`.validate` - :func:`validate` -> list of :class:`SchemaProblem`
* :mod:`.values` - :func:`value_doc`, what an enum value means
* :mod:`.features` - feature flags with stage and default: :func:`features_for`
* :mod:`.jsonschema` - :func:`json_schema` for the ``schema`` CLI command
"""

from __future__ import annotations

from typing import Any

from ._builtin import BUILTIN_PROVIDERS, BuiltinProvider
from .features import FeatureSpec, features_for
from .navigate import KeyInfo, all_key_paths, child_keys, key_info, table_kind
from .problem import SchemaProblem
from .validate import validate
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
]

_MODELS = ("CodexConfig", "ConfigProfile")


def __getattr__(name: str) -> Any:
    # The models import pydantic: only tests and the compiler use them, so they load on demand.
    if name in _MODELS:
        from . import models

        return getattr(models, name)
    if name == "FEATURES":
        return features_for()
    if name == "json_schema":
        from .jsonschema import json_schema

        return json_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
