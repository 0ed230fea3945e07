"""All checks of a document, the way Codex 0.169 behaves: syntax, rules, files, trust, schema.

``run`` keeps one problem per place, so a value that breaks two rules is
reported once, by the check that says it best.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import PurePath

from . import domain, files, layers, rules, schema_check
from .catalog import Catalog
from .problems import CodeName, Problem
from .snapshot import Snapshot
from .stack import Stack
from .syntax import ParsedDocument
from .text import Span
from .tree import Tree


def run(
    document: ParsedDocument,
    tree: Tree,
    catalog: Catalog,
    path: PurePath | None,
    snapshot: Snapshot,
    stack: Stack,
) -> tuple[Problem, ...]:
    problems = [
        *document.problems,  # the scan and the tree report `toml-syntax` problems themselves
        *tree.problems,
        *rules.check(document, tree, catalog, stack),
        *files.check(tree, path.parent if path else None, snapshot),
        *layers.check(document, tree, stack),
        *schema_check.check(document, tree, snapshot.release),  # last: a rule on the same span says it better
    ]
    kept = _without_secrets(_one_per_place(_not_dropped(problems, stack)), document.text, tree)
    return tuple(sorted(kept, key=lambda p: (p.span.start, p.span.end)))


# Codex drops a project layer's user-only keys before it checks anything in them.
_SAID_OF_DROPPED_KEYS: frozenset[CodeName] = frozenset({"toml-syntax", "ignored-in-project"})


def _not_dropped(problems: Iterable[Problem], stack: Stack) -> Iterator[Problem]:
    dropped = stack.ignored_here
    for problem in problems:
        root = (problem.key or "").split(".", 1)[0]
        if root not in dropped or problem.code in _SAID_OF_DROPPED_KEYS:
            yield problem


def _without_secrets(problems: Iterable[Problem], text: str, tree: Tree) -> Iterator[Problem]:
    """Messages never quote a value that may be a secret (``domain.secret_at``): whole, cut short, or decoded.

    A message speaks of the values on its own lines; each of those that may be
    a secret is looked for as written and as TOML decodes it (`"sk-\\u0041..."`).
    What the scanner could not read is quoted as written: on a line that holds
    or names a secret, that text is hidden too (`args = ["--token", sk-...]`).
    """
    problems = list(problems)
    if not problems:
        return  # nothing can quote a secret (a clean file skips the walk over every value)
    lines = _merged(_lines_of(text, problem.span) for problem in problems)
    line_starts = [start for start, _ in lines]
    # Only the values on a problem's lines can be quoted by it: the secret test runs for those alone
    # (on every value of a large file it cost a third of the whole check).
    secrets = [
        (located.value_span, _forms(text, located.value_span, tree.get(located.path)))
        for located in tree.locations.values()
        if located.value is not None
        and _on_lines(located.value_span, lines, line_starts)
        and not isinstance(tree.get(located.path), (dict, list))
        and domain.secret_at(tree, located.path)
    ]
    secrets.sort(key=lambda secret: secret[0].start)
    # Scalars do not overlap: sorted by start, they are sorted by end too.
    starts = [span.start for span, _ in secrets]
    ends = [span.end for span, _ in secrets]
    for problem in problems:
        start, end = _lines_of(text, problem.span)
        message = problem.message
        near = secrets[bisect_right(ends, start) : bisect_right(starts, end)]  # the values on the problem's lines
        unread = (text[problem.span.start : problem.span.end],) if problem.code == "toml-syntax" else ()
        if unread and (near or domain.looks_secret(text[start:end])):
            near.append((problem.span, unread))
        for _, forms in near:
            for form in forms:
                message = _cut(message, form)
        yield problem if message == problem.message else replace(problem, message=message)


def _lines_of(text: str, span: Span) -> tuple[int, int]:
    """The offsets where the lines of ``span`` start and end."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return start, len(text) if end < 0 else end


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges sorted and joined where they overlap."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _on_lines(span: Span, lines: list[tuple[int, int]], line_starts: list[int]) -> bool:
    """Whether ``span`` touches one of ``lines`` (joined ranges, sorted, with their starts)."""
    index = bisect_right(line_starts, span.end) - 1
    return index >= 0 and lines[index][1] >= span.start


_RUN = 8  # a message's run of this many characters found in a secret is hidden; a shorter secret only whole
_SHORTEST = 4  # shorter values are no secrets, and replacing them would hit other words


def _forms(text: str, span: Span, value: object) -> tuple[str, ...]:
    """How a message may quote a value: as TOML decodes it, as written, as written without its quotes."""
    raw = text[span.start : span.end]
    forms = (str(value), raw.strip("\"'"), raw) if value is not None else (raw.strip("\"'"), raw)
    return tuple(form for form in dict.fromkeys(forms) if len(form) >= _SHORTEST)


def _cut(message: str, secret: str) -> str:
    """``message`` with ``secret``, and each run of _RUN or more characters it shares with it, replaced by HIDDEN."""
    if len(secret) < _RUN:
        return message.replace(secret, domain.HIDDEN)
    kept, i = [], 0
    while i < len(message):
        end = i + _RUN
        if end > len(message) or message[i:end] not in secret:
            kept.append(message[i])
            i += 1
            continue
        while end < len(message) and message[i : end + 1] in secret:
            end += 1
        end += next((len(tail) for tail in ("...", "…") if message.startswith(tail, end)), 0)  # a value cut short
        kept.append(domain.HIDDEN)
        i = end
    return "".join(kept)


def _one_per_place(problems: Iterable[Problem]) -> Iterator[Problem]:
    seen: set[tuple[int, int]] = set()
    for problem in problems:
        place = (problem.span.start, problem.span.end)
        if place not in seen:
            seen.add(place)
            yield problem
