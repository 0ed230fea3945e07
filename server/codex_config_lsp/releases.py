"""The Codex releases we have measured, and how a fact says which of them it holds for.

Every fact about Codex (a key, an enum value, a feature flag, a bundled model,
a fatal or ignored behaviour) belongs to releases. A fact carries ``since``
(the first release that has it) and ``until`` (the first release that no longer
has it), both optional; :func:`holds` answers whether it applies to a release.
Releases are compared as numbers, so a release newer than every one we know
is judged by the newest facts (see :func:`knowledge_for`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Every release whose behaviour was measured on its binary, oldest first.
KNOWN = ("0.169.0", "0.171.0")
NEWEST = KNOWN[-1]
OLDEST = KNOWN[0]

_VERSION = re.compile(r"^\s*v?(\d+)\.(\d+)\.(\d+)(?:[-+.].*)?\s*$")


@dataclass(frozen=True, order=True, slots=True)
class Release:
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def short(self) -> str:
        """How messages name it: `0.171`, or `0.171.2` for a patch release."""
        return f"{self.major}.{self.minor}" + (f".{self.patch}" if self.patch else "")


@lru_cache(maxsize=256)  # facts ask about the same few release strings hundreds of times per analysis
def parse(text: str) -> Release | None:
    """`0.171.0`, `v0.171.0`, `0.171.0-alpha.1` or `codex-cli 0.171.0`; None for anything else."""
    match = _VERSION.match(text.split()[-1]) if text.strip() else None
    return Release(*(int(part) for part in match.groups())) if match else None


def holds(release: str | Release, since: str | None = None, until: str | None = None) -> bool:
    """True when a fact that appeared in ``since`` and went away in ``until`` applies to ``release``."""
    current = release if isinstance(release, Release) else parse(release)
    if current is None:
        return True
    if since is not None and current < _must(since):
        return False
    return until is None or current < _must(until)


def knowledge_for(release: str | Release) -> str:
    """The known release whose facts describe ``release``: the newest known one not newer than it.

    A release older than every known one is described by the oldest we know.
    """
    current = release if isinstance(release, Release) else parse(release)
    if current is None:
        return NEWEST
    best = OLDEST
    for known in KNOWN:
        if _must(known) <= current:
            best = known
    return best


def is_newer_than_known(release: str | Release) -> bool:
    current = release if isinstance(release, Release) else parse(release)
    return current is not None and current > _must(NEWEST)


def _must(text: str) -> Release:
    found = parse(text)
    if found is None:
        raise ValueError(f"not a release: {text!r}")
    return found
