"""The server's settings, as an editor sends them (``codexConfig`` section)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .problems import Problem, Severity

Level = Literal[Severity, "off"]  # what a setting may choose for a code


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    catalog_path: str | None = Field(default=None, alias="catalogPath")
    # The Codex release to judge for: "auto" (the codex on PATH, else the newest known) or a version.
    codex_version: str = Field(default="auto", alias="codexVersion")
    severity: dict[str, Level] = Field(default_factory=dict)

    def level(self, problem: Problem) -> Level:
        """The severity to show ``problem`` with, or "off"."""
        return self.severity.get(problem.code, problem.severity)


def read_settings(raw: object) -> tuple[Settings, str | None]:
    """Settings from an editor's object; unusable input gives defaults and a one-line reason."""
    if isinstance(raw, dict) and isinstance(raw.get("codexConfig"), dict):
        raw = raw["codexConfig"]
    if raw is None:
        return Settings(), None
    try:
        return Settings.model_validate(raw), None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return Settings(), f"ignoring codexConfig settings: {where}: {first['msg']}"
