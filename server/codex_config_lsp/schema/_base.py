"""Base class for every table model."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, model_validator

from ..releases import NEWEST
from ._meta import CODEX
from .constraints import TABLE_RULES

__all__ = ["CodexTable"]


class CodexTable(BaseModel):
    """A TOML table of Codex's config with a fixed set of keys.

    ``codex_rule`` names the rule of :mod:`.constraints` that Codex applies across the keys of this table
    (both `command` and `url`, a required key, ...). The same rule runs in ``validate()`` (for the release
    checked) and in pydantic validation (for the newest release).
    """

    model_config = CODEX

    # Codex refuses (instead of ignoring) unknown keys in this table (untagged enums in Rust).
    codex_unknown_fatal: ClassVar[bool] = False
    # Codex still parses unknown keys of this table as this type (and refuses other types).
    codex_unknown_value: ClassVar[Any] = None
    # The name of the table's rule in constraints.TABLE_RULES.
    codex_rule: ClassVar[str | None] = None

    @classmethod
    def codex_key_facts(cls, key: str, release: str) -> dict[str, Any] | None:
        """What a key of this table says in ``release`` where that differs from its field (feature flags:
        stage and default per release): any of description, default, deprecated, experimental."""
        return None

    @model_validator(mode="before")
    @classmethod
    def _apply_codex_rule(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls.codex_rule is not None:
            problems = TABLE_RULES[cls.codex_rule](data, NEWEST)
            if problems:
                raise ValueError(problems[0].message)
        return data
