"""Files a config names: links to those that exist, problems for missing ones Codex needs.

A missing file Codex reads at load stops Codex; a missing agent role file
drops the role. Only existence is checked (nothing a config names is ever
run). Relative paths resolve against the config file's folder and `~`
against the home folder, as Codex does. Without a folder (an unsaved
buffer) relative paths are left alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .catalog import CatalogError, CatalogModel, load_user_catalog
from .problems import ERROR, WARNING, Problem
from .schema.navigate import key_info
from .text import Span
from .tree import Located, Tree

# Keys whose file Codex reads when it loads the config, and what it calls them.
READ_AT_LOAD = {
    "model_instructions_file": "model instructions file",
    "model_catalog_json": "model catalog",
    "experimental_compact_prompt_file": "compact prompt file",
}


def resolve(value: str, base_dir: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base_dir / path


def check(tree: Tree, base_dir: Path | None) -> Iterator[Problem]:
    if base_dir is None:
        return
    yield from _agent_role_files(tree, base_dir)
    for key, what in READ_AT_LOAD.items():
        located = tree.locations.get((key,))
        value = located.string if located else None
        if not value:
            continue
        path = resolve(value, base_dir)
        if path.is_file():
            if key == "model_catalog_json":
                yield from _catalog_content(path, located)
            continue
        reason = "is a folder" if path.is_dir() else "does not exist"
        yield Problem(
            "missing-file",
            located.value.span,
            f"The {what} `{path}` {reason}: Codex refuses to load this config. Create it or fix the path "
            "(relative paths start at this file's folder).",
            ERROR,
            key=key,
        )


def links(tree: Tree, base_dir: Path | None) -> Iterator[tuple[Span, Path]]:
    """The existing files the config names: where each path is written and the file it leads to."""
    for located in tree.locations.values():
        value = located.string
        if not value or located.key is None:
            continue
        info = key_info(located.path)
        if info is None or not info.names_file:
            continue
        path = resolve(value, base_dir) if base_dir else Path(value).expanduser()
        if path.is_absolute() and path.is_file():
            yield located.value.inner, path


def catalog_models(tree: Tree, base_dir: Path | None) -> list[CatalogModel]:
    """The models of the config's own `model_catalog_json`, which Codex uses instead of its bundled ones."""
    located = tree.locations.get(("model_catalog_json",))
    value = located.string if located else None
    if base_dir is None or not value:
        return []
    try:
        return load_user_catalog(resolve(value, base_dir))
    except CatalogError:
        return []  # `check` reports it


def _catalog_content(path: Path, located: Located) -> Iterator[Problem]:
    try:
        models = load_user_catalog(path)
    except CatalogError as error:
        reason = str(error)
    else:
        if models:
            return
        reason = f"model catalog {path} lists no models"
    yield Problem(
        "invalid-value",
        located.value.span,
        f"{reason[0].upper()}{reason[1:]}: Codex refuses to load this config.",
        ERROR,
        key="model_catalog_json",
    )


def _agent_role_files(tree: Tree, base_dir: Path) -> Iterator[Problem]:
    """An agent role whose `config_file` is missing is dropped with a warning; the config still loads."""
    for located in tree.matching(("agents", "*", "config_file")):
        value = located.string
        path = resolve(value, base_dir) if value else None
        if path is None or path.is_file():
            continue
        role = located.path[1]
        yield Problem(
            "missing-file",
            located.value.span,
            f"The config file of agent role `{role}` (`{path}`) does not exist: Codex ignores "
            "this role. Create the file or fix the path (relative paths start at this file's folder).",
            WARNING,
            key=f"agents.{role}.config_file",
        )
