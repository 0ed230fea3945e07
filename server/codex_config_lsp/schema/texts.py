"""How schema texts name the Codex release they speak for."""

from __future__ import annotations

from ..releases import parse

__all__ = ["CODEX_RELEASE", "PATH_LABEL", "codex_name", "for_release"]

# Placeholder in descriptions and notes for the release a text speaks for ("Codex 0.171").
CODEX_RELEASE = "{codex}"
# How the models label a string that names a file or folder (``PathStr``); hover and links look for it.
PATH_LABEL = "string (path)"


def codex_name(release: str) -> str:
    """How messages name a release: "Codex 0.171"."""
    parsed = parse(release)
    return f"Codex {parsed.short}" if parsed else f"Codex {release}"


def for_release(text: str, release: str) -> str:
    """``text`` with ``{codex}`` made to name ``release``."""
    return text.replace(CODEX_RELEASE, codex_name(release)) if CODEX_RELEASE in text else text
