"""Unknown keys, wrong types and wrong values, as Codex's own deserializer sees them, placed on the text.

``schema.validate`` judges the plain data of a file; this module puts each finding on the key or value
it is about and adds the fixes.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import domain, releases, schema
from .problems import INFORMATION, WARNING, Fix, Problem, line_span
from .suggest import closest, replacement_fixes
from .syntax import KeyValue, ParsedDocument
from .toml_text import key_text, toml_string
from .tree import KeyPath, Located, Tree


def check(document: ParsedDocument, tree: Tree, release: str) -> Iterator[Problem]:
    """Unknown keys, wrong types and values, as Codex's own deserializer sees them."""
    statement_keys: set[int] | None = None  # the last key of each statement, once an unknown key needs them
    # A Codex newer than our facts may know keys we do not: say so, never warn about them.
    newer = releases.is_newer_than_known(release)
    for found in schema.validate(tree.data, release=release):
        located = _nearest(tree, found.path)
        if located is None:
            continue
        exact = located.path == found.path
        on_key = found.code == "unknown-key" or not exact or isinstance(tree.get(located.path), (dict, list))
        span = located.key_span if on_key else located.value_span
        if found.code == "unknown-key":
            fixes = replacement_fixes(located.key_span, found.suggestions, key_text)
            if statement_keys is None:
                statement_keys = {id(s.keys[-1]) for s in document.statements if isinstance(s, KeyValue)}
            if exact and located.key is not None and id(located.key) in statement_keys:
                fixes += (Fix(f"Remove `{domain.dotted(found.path)}`", line_span(document.text, located.key_span), ""),)
            yield Problem(
                "unknown-key",
                span,
                found.message + (_NEWER_NOTE.format(release=release) if newer else ""),
                INFORMATION if newer else WARNING,
                key=domain.dotted(found.path),
                fixes=fixes,
            )
            continue
        fixes = ()
        typed = tree.get(found.path)
        if found.code == "invalid-value" and exact and isinstance(typed, str) and found.suggestions:
            choices = closest(typed, found.suggestions) or found.suggestions[:3]
            fixes = replacement_fixes(located.value_span, choices, toml_string, 'Change to "{}"')
        yield Problem(found.code, span, found.message, key=domain.dotted(found.path), fixes=fixes)


_NEWER_NOTE = " (Codex {release} is newer than the releases this checker knows: it may know this key.)"


def _nearest(tree: Tree, path: KeyPath) -> Located | None:
    """The location of ``path``, or of its closest written ancestor."""
    for end in range(len(path), 0, -1):
        located = tree.locations.get(path[:end])
        if located is not None:
            return located
    return None
