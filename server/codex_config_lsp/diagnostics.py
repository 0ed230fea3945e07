"""The diagnostics a person sees: problems with the severities the settings choose, less those a
``# codex-config: ignore[CODE]`` comment silences.

The language server (push and pull) and the ``check`` command both come here.
"""

from __future__ import annotations

from .analysis import Analysis
from .problems import Problem, Severity
from .settings import Settings
from .suppression import suppressed


def visible(analysis: Analysis, settings: Settings) -> list[tuple[Problem, Severity]]:
    """Each problem the settings do not turn off and no comment silences, with the severity to show it with."""
    shown: list[tuple[Problem, Severity]] = []
    for problem in analysis.problems:
        level = settings.level(problem)
        if level != "off":
            shown.append((problem, level))
    silenced = suppressed(analysis.document, [(problem.code, problem.span) for problem, _ in shown], analysis.lines)
    return [item for item, hidden in zip(shown, silenced, strict=True) if not hidden]
