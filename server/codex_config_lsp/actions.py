"""Quick fixes: the fixes of the problems that touch a range, and moving legacy profiles out."""

from __future__ import annotations

from collections.abc import Iterator

from .analysis import Analysis
from .migration import ProfileMove, move_profile
from .problems import Fix, Problem
from .settings import Settings
from .suppression import suppression_edit
from .text import Span


def _touching(analysis: Analysis, span: Span, settings: Settings) -> Iterator[Problem]:
    for problem in analysis.problems:
        if problem.span.start <= span.end and span.start <= problem.span.end and settings.level(problem) != "off":
            yield problem


def fixes_at(analysis: Analysis, span: Span, settings: Settings) -> Iterator[tuple[Problem, Fix]]:
    """The problems' own fixes, then for each a comment that silences it (`# codex-config: ignore[CODE]`)."""
    problems = list(_touching(analysis, span, settings))
    for problem in problems:
        for fix in problem.fixes:
            yield problem, fix
    for problem in problems:
        edit = suppression_edit(analysis.document, problem.code, problem.span, analysis.lines)
        if edit is not None:
            yield problem, Fix(f"Ignore {problem.code} on this line", *edit)


def profile_moves_at(analysis: Analysis, span: Span, settings: Settings) -> Iterator[tuple[Problem, ProfileMove]]:
    """For a legacy `[profiles.<name>]` under ``span``: its settings moved to `<name>.config.toml`."""
    for problem in _touching(analysis, span, settings):
        parts = (problem.key or "").split(".")
        if problem.code == "legacy-profile" and len(parts) == 2 and parts[0] == "profiles":
            move = move_profile(analysis.text, parts[1])
            if move is not None:
                yield problem, move
