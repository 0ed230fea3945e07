"""The one record of a schema finding: where it is (a key path), what kind it is, what Codex does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ProblemCode", "SchemaProblem", "KeyPath"]

ProblemCode = Literal["unknown-key", "invalid-type", "invalid-value", "deprecated-setting"]
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """A finding about the value at ``path``: from ``validate()`` the path is the whole key path; from a rule
    of one table (:mod:`.constraints`) it is relative to that table. ``suggestions`` are names or values
    that would fix it, best first."""

    path: KeyPath
    code: ProblemCode
    message: str
    suggestions: tuple[str, ...] = ()
