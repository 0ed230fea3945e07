"""Findings about a file's place in the stack: a project config Codex skips, keys it ignores there.

Codex reads a project's `.codex/config.toml` only when the user config
trusts the project, and even then ignores a few keys that only the user's
own files may set (measured on the binary, see ``stack.PROJECT_IGNORED_KEYS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from . import domain
from .problems import Fix, Problem, line_span
from .stack import Layer, Stack
from .syntax import KeyValue, ParsedDocument
from .text import Span
from .toml_text import escape_basic
from .tree import Tree


def check(document: ParsedDocument, tree: Tree, stack: Stack) -> Iterator[Problem]:
    own = stack.own_layer
    if own is None or own.kind != "project":
        return
    home = stack.layers[1].path.parent if len(stack.layers) > 1 and stack.layers[1].kind == "user" else None
    if not own.loaded:
        yield _untrusted(document, own, home)
        return
    yield from _ignored_keys(document, tree, stack, home)


def _untrusted(document: ParsedDocument, own: Layer, home: PurePath | None) -> Problem:
    project = own.folder.parent
    first = next((s.keys[0].span for s in document.statements if isinstance(s, KeyValue) and s.keys), None)
    headers = [s for s in document.statements if not isinstance(s, KeyValue)]
    span = first or (headers[0].span if headers else Span(0, 0))
    user_config = f"{home}/config.toml" if home else "your user config"
    return Problem(
        "untrusted-project",
        span,
        f"Codex ignores this project config unless `{project}` is trusted: add "
        f'`[projects."{escape_basic(str(project))}"]` with `trust_level = "trusted"` to {user_config} '
        "(Codex offers this when it first starts in the folder).",
    )


def _ignored_keys(document: ParsedDocument, tree: Tree, stack: Stack, home: PurePath | None) -> Iterator[Problem]:
    ignored = stack.ignored_here
    short = domain.release_name(stack.release)
    user_config = f"{home}/config.toml" if home else "your user config"
    for key in tree.data:
        located = tree.locations.get((key,))
        if key not in ignored or located is None:
            continue
        fixes: tuple[Fix, ...] = ()
        if located.value is not None and located.header is None:
            fixes = (Fix(f"Remove `{key}`", line_span(document.text, located.key_span), ""),)
        yield Problem(
            "ignored-in-project",
            located.key_span,
            f"Codex {short} ignores `{key}` in a project config, with a startup warning, and checks nothing in it: "
            f"only your own files may set it. Set it in {user_config} or a profile file instead.",
            key=str(key),
            fixes=fixes,
        )
