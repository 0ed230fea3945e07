"""The server's settings, as an editor sends them (``codexConfig`` section).

Three plain fields, checked by hand: the editor sends them with ``initialize``, and
answering that must not wait for a validation library to load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .problems import SEVERITIES, Problem, Severity

Level = Literal[Severity, "off"]  # what a setting may choose for a code
LEVELS: tuple[Level, ...] = (*SEVERITIES, "off")


@dataclass(frozen=True)
class Settings:
    catalog_path: str | None = None
    # The Codex release to judge for: "auto" (the codex on PATH, else the newest known) or a version.
    codex_version: str = "auto"
    severity: Mapping[str, Level] = field(default_factory=dict)

    def level(self, problem: Problem) -> Level:
        """The severity to show ``problem`` with, or "off"."""
        return self.severity.get(problem.code, problem.severity)


class _Unusable(ValueError):
    """A setting that cannot be used: its name and what is wrong."""


def read_settings(raw: object) -> tuple[Settings, str | None]:
    """Settings from an editor's object; unusable input gives defaults and a one-line reason."""
    if isinstance(raw, dict) and isinstance(raw.get("codexConfig"), dict):
        raw = raw["codexConfig"]
    if raw is None:
        return Settings(), None
    try:
        if not isinstance(raw, dict):
            raise _Unusable("codexConfig: should be an object")
        version = _text(raw, "codexVersion", "codex_version")
        return (
            Settings(
                catalog_path=_text(raw, "catalogPath", "catalog_path"),
                codex_version=Settings.codex_version if version is None else version,
                severity=_levels(raw.get("severity", {})),
            ),
            None,
        )
    except _Unusable as unusable:
        return Settings(), f"ignoring codexConfig settings: {unusable}"


def _text(raw: Mapping[str, object], name: str, python_name: str) -> str | None:
    """The setting ``name`` (or its Python spelling); None when the editor leaves it out."""
    value = raw.get(name, raw.get(python_name))
    if value is None or isinstance(value, str):
        return value
    raise _Unusable(f"{name}: should be a string")


def _levels(raw: object) -> dict[str, Level]:
    if not isinstance(raw, dict):
        raise _Unusable("severity: should be an object of code -> level")
    for code, level in raw.items():
        if level not in LEVELS:
            raise _Unusable(f"severity.{code}: should be one of {', '.join(LEVELS)}")
    return dict(raw)
