"""Files a config names: links to those that exist, problems for missing ones Codex needs.

A missing file Codex reads at load stops Codex; a missing agent role file
drops the role. Only what the snapshot says about a path is used (nothing a
config names is ever run, and nothing is read here). Relative paths resolve
against the folder of the file that names them and `~` against the home
folder, as Codex does. Without a folder (an unsaved buffer) relative paths
are left alone, and a path the snapshot never looked at gets no finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import PurePath

from .catalog import ModelList, config_catalog_source, parse_catalog
from .problems import WARNING, Problem
from .releases import NEWEST
from .schema.navigate import key_info
from .snapshot import FileFact, Snapshot
from .syntax import Scalar
from .text import Span
from .tree import Located, Tree

# Keys whose file Codex reads when it loads the config, and what it calls them.
READ_AT_LOAD = {
    "model_instructions_file": "model instructions file",
    "model_catalog_json": "model catalog",
    "experimental_compact_prompt_file": "compact prompt file",
}
# Of those, the files analysis reads itself (for their models).
_READ_BY_US = frozenset({("model_catalog_json",)})
# Keys that take a path sit at most this deep (`agents.<role>.config_file`, `mcp_servers.<id>.cwd`).
_DEEPEST_PATH_KEY = 4
AGENT_ROLE_FILES = ("agents", "*", "config_file")


def resolve(value: str, base_dir: PurePath | None, user_home: PurePath | None) -> PurePath | None:
    """The file ``value`` names, or None when it cannot be told without guessing."""
    if value == "~" or value.startswith("~/"):
        return user_home / value[2:] if user_home is not None else None
    path = PurePath(value)
    if path.is_absolute():
        return path
    return base_dir / path if base_dir is not None else None


def _named_files(
    tree: Tree, base_dir: PurePath | None, user_home: PurePath | None, release: str
) -> Iterator[tuple[Located, PurePath]]:
    """Each value whose key takes a path, with the file it names (paths that cannot be told are left out)."""
    for located in tree.locations.values():
        value = located.string
        if not value or located.key is None or len(located.path) > _DEEPEST_PATH_KEY:
            continue
        info = key_info(tuple(p for p in located.path if isinstance(p, str)), release)
        if info is None or not info.names_file:
            continue
        path = resolve(value, base_dir, user_home)
        if path is not None:
            yield located, path


def named_paths(
    tree: Tree, base_dir: PurePath | None, user_home: PurePath | None, release: str = NEWEST
) -> dict[PurePath, bool]:
    """Every file the config names, and whether analysis needs its text (True) or only whether it exists."""
    wanted: dict[PurePath, bool] = {}
    for located, path in _named_files(tree, base_dir, user_home, release):
        wanted[path] = wanted.get(path, False) or located.path in _READ_BY_US
    return wanted


def check(tree: Tree, base_dir: PurePath | None, snapshot: Snapshot) -> Iterator[Problem]:
    if base_dir is None:
        return
    yield from _agent_role_files(tree, base_dir, snapshot)
    for key, what in READ_AT_LOAD.items():
        located = tree.locations.get((key,))
        value = located.string if located else None
        path = resolve(value, base_dir, snapshot.user_home) if value else None
        fact = snapshot.fact(path) if path is not None else None
        if located is None or path is None or fact is None:
            continue
        if fact.kind == "file":
            if key == "model_catalog_json":
                yield from _catalog_content(path, fact, located)
            continue
        yield Problem(
            "missing-file",
            located.value_span,
            f"The {what} `{path}` {_why_unusable(fact)}: Codex refuses to load this config. Create it or fix the path "
            "(relative paths start at this file's folder).",
            key=key,
        )


def _why_unusable(fact: FileFact) -> str:
    if fact.kind == "folder":
        return "is a folder"
    if fact.kind == "missing":
        return "does not exist"
    if fact.kind == "other":
        return "is not a regular file"
    return f"cannot be read ({fact.problem or 'unreadable'})"


def links(tree: Tree, base_dir: PurePath | None, snapshot: Snapshot) -> Iterator[tuple[Span, PurePath]]:
    """The existing files the config names: where each path is written and the file it leads to."""
    for located, path in _named_files(tree, base_dir, snapshot.user_home, snapshot.release):
        fact = snapshot.fact(path)
        if fact is not None and fact.kind == "file" and isinstance(located.value, Scalar):  # a string
            yield located.value.inner, path


def config_catalog(tree: Tree, base_dir: PurePath | None, snapshot: Snapshot) -> ModelList | None:
    """The config's own `model_catalog_json`, which Codex uses instead of its bundled catalog."""
    located = tree.locations.get(("model_catalog_json",))
    value = located.string if located else None
    path = resolve(value, base_dir, snapshot.user_home) if value else None
    text = snapshot.text(path) if path is not None else None
    if path is None or text is None:
        return None
    return _parsed_catalog(text, str(path))


@lru_cache(maxsize=8)
def _parsed_catalog(text: str, path: str) -> ModelList:
    """Parsed once per text of the file, not on every keystroke in the config."""
    return parse_catalog(text, config_catalog_source(path))


def _catalog_content(path: PurePath, fact: FileFact, located: Located) -> Iterator[Problem]:
    if fact.text is None:
        reason = f"cannot read model catalog {path}: {fact.problem or 'unreadable'}"
    else:
        listing = _parsed_catalog(fact.text, str(path))
        if listing.models:
            return
        reason = listing.error or f"model catalog {path} lists no models"
    yield Problem(
        "invalid-value",
        located.value_span,
        f"{reason[0].upper()}{reason[1:]}: Codex refuses to load this config.",
        key="model_catalog_json",
    )


def _agent_role_files(tree: Tree, base_dir: PurePath, snapshot: Snapshot) -> Iterator[Problem]:
    """An agent role whose `config_file` is missing is dropped with a warning; the config still loads."""
    for located in tree.matching(AGENT_ROLE_FILES):
        value = located.string
        path = resolve(value, base_dir, snapshot.user_home) if value else None
        fact = snapshot.fact(path) if path is not None else None
        if fact is None or fact.kind == "file":
            continue
        role = located.path[1]
        yield Problem(
            "missing-file",
            located.value_span,
            f"The config file of agent role `{role}` (`{path}`) does not exist: Codex ignores "
            "this role. Create the file or fix the path (relative paths start at this file's folder).",
            WARNING,
            key=f"agents.{role}.config_file",
        )
