"""Quick fixes: the fixes of the problems that touch a range of the document."""

from __future__ import annotations

from typing import Iterator

from .analysis import Analysis
from .problems import Fix, Problem
from .settings import Settings
from .text import Span


def fixes_at(analysis: Analysis, span: Span, settings: Settings) -> Iterator[tuple[Problem, Fix]]:
    for problem in analysis.problems:
        touches = problem.span.start <= span.end and span.start <= problem.span.end
        if touches and settings.level(problem) != "off":
            for fix in problem.fixes:
                yield problem, fix
