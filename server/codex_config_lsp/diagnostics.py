"""The diagnostics a person sees: problems with the severities the settings choose.

The language server (push and pull) and the ``check`` command both come here.
"""

from __future__ import annotations

from .analysis import Analysis
from .problems import Problem
from .settings import Settings


def visible(analysis: Analysis, settings: Settings) -> list[tuple[Problem, str]]:
    """Each problem the settings do not turn off, with the severity to show it with."""
    shown = []
    for problem in analysis.problems:
        level = settings.level(problem)
        if level != "off":
            shown.append((problem, level))
    return shown
