"""Whether Codex reads a project's `.codex/config.toml` at all.

Codex loads a project's config only when the folder it starts in is trusted
in the user's config (`[projects."<folder>"] trust_level = "trusted"`);
otherwise it ignores the file without a word (measured on Codex 0.169).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from .problems import INFORMATION, Problem
from .syntax import KeyValue, ParsedDocument, escape_basic, parse
from .text import Span
from .tree import build


def codex_home() -> Path:
    home = os.environ.get("CODEX_HOME")
    return Path(home).expanduser() if home else Path.home() / ".codex"


def check(document: ParsedDocument, path: Path | None, home: Path | None = None) -> Iterator[Problem]:
    """For `<project>/.codex/config.toml`: a note when the user config does not trust the project."""
    if path is None or path.name != "config.toml" or path.parent.name != ".codex":
        return  # only a project's config.toml is gated by trust
    base_dir = path.parent
    home = home or codex_home()
    if _same(base_dir, home):
        return  # the user's own config, always read
    project = base_dir.parent
    if _trusted(project, home):
        return
    first = next((s.keys[0].span for s in document.statements if isinstance(s, KeyValue) and s.keys), None)
    headers = [s for s in document.statements if not isinstance(s, KeyValue)]
    span = first or (headers[0].span if headers else Span(0, 0))
    yield Problem(
        "untrusted-project",
        span,
        f"Codex ignores this project config unless `{project}` is trusted: add "
        f'`[projects."{escape_basic(str(project))}"]` with `trust_level = "trusted"` to {home / "config.toml"} '
        "(Codex offers this when it first starts in the folder).",
        INFORMATION,
    )


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def _trusted(project: Path, home: Path) -> bool:
    """True when the user config trusts ``project``; also when it cannot be read (no guessing)."""
    try:
        text = (home / "config.toml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True
    projects = build(parse(text)).get(("projects",))
    if not isinstance(projects, dict):
        return False
    wanted = {str(project), str(_resolved(project))}
    for folder, settings in projects.items():
        if isinstance(settings, dict) and settings.get("trust_level") == "trusted":
            if folder in wanted or str(_resolved(Path(folder).expanduser())) in wanted:
                return True
    return False


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path
