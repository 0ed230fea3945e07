"""Base class for every table model and the shape of table-level checks."""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel, model_validator

from ._meta import CODEX

__all__ = ["CodexTable", "Issue"]


class Issue(NamedTuple):
    """A problem found by a table-level check: where (relative to the table), code, message, suggestions."""

    subpath: tuple[str | int, ...]
    code: str
    message: str
    suggestions: tuple[str, ...] = ()


class CodexTable(BaseModel):
    """A TOML table of Codex's config with a fixed set of keys.

    Subclasses may override :meth:`codex_checks` for rules that involve several keys (both `command`
    and `url`, a required key, ...). The same checks run in ``validate()`` and in pydantic validation.
    """

    model_config = CODEX

    # Codex refuses (instead of ignoring) unknown keys in this table (untagged enums in Rust).
    codex_unknown_fatal: ClassVar[bool] = False
    # Codex still parses unknown keys of this table as this type (and refuses other types).
    codex_unknown_value: ClassVar[Any] = None

    @classmethod
    def codex_checks(cls, table: dict[str, Any]) -> list[Issue]:
        return []

    @model_validator(mode="before")
    @classmethod
    def _apply_codex_checks(cls, data: Any) -> Any:
        if isinstance(data, dict):
            issues = cls.codex_checks(data)
            if issues:
                raise ValueError(issues[0].message)
        return data
