"""Base class for every table model and the shape of table-level checks."""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel, model_validator

from ..releases import NEWEST, parse
from ._meta import CODEX

__all__ = ["CodexTable", "Issue", "codex_name"]


def codex_name(release: str) -> str:
    """How messages name a release: "Codex 0.171"."""
    parsed = parse(release)
    return f"Codex {parsed.short}" if parsed else f"Codex {release}"


class Issue(NamedTuple):
    """A problem found by a table-level check: where (relative to the table), code, message, suggestions."""

    subpath: tuple[str | int, ...]
    code: str
    message: str
    suggestions: tuple[str, ...] = ()


class CodexTable(BaseModel):
    """A TOML table of Codex's config with a fixed set of keys.

    Subclasses may override :meth:`codex_checks` for rules that involve several keys (both `command`
    and `url`, a required key, ...); ``release`` is the Codex release whose rules apply. The same checks
    run in ``validate()`` and (for the newest release) in pydantic validation.
    """

    model_config = CODEX

    # Codex refuses (instead of ignoring) unknown keys in this table (untagged enums in Rust).
    codex_unknown_fatal: ClassVar[bool] = False
    # Codex still parses unknown keys of this table as this type (and refuses other types).
    codex_unknown_value: ClassVar[Any] = None

    @classmethod
    def codex_checks(cls, table: dict[str, Any], release: str = NEWEST) -> list[Issue]:
        return []

    @classmethod
    def codex_key_facts(cls, key: str, release: str) -> dict[str, Any] | None:
        """What a key of this table says in ``release`` where that differs from its field (feature flags:
        stage and default per release): any of description, default, deprecated, experimental."""
        return None

    @model_validator(mode="before")
    @classmethod
    def _apply_codex_checks(cls, data: Any) -> Any:
        if isinstance(data, dict):
            issues = cls.codex_checks(data, NEWEST)
            if issues:
                raise ValueError(issues[0].message)
        return data
