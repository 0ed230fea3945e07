"""The machine as an analysis sees it: one immutable snapshot, built by ``environment`` for lsp/ and the CLI.

An analysis is a pure function of a document's text and a snapshot. The
snapshot says which Codex release findings speak for, where `$CODEX_HOME` is,
and what each path that matters looks like: the config files Codex stacks,
the project markers above a folder, the files a config names. A path that
was never looked at has no fact, and checks say nothing about it rather
than guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Literal

from .catalog import Catalog, ModelList, catalog_for
from .releases import NEWEST

FileKind = Literal["file", "folder", "missing", "other", "unreadable"]


@dataclass(frozen=True, slots=True)
class FileFact:
    """What one path is. ``text`` is kept for the files analysis reads (configs, catalogs)."""

    kind: FileKind
    text: str | None = None
    problem: str | None = None  # why a file could not be read, in a few words

    @property
    def exists(self) -> bool:
        return self.kind not in ("missing",)


@dataclass(frozen=True)
class Snapshot:
    codex_home: PurePath | None = None
    user_home: PurePath | None = None  # what `~` means in a path a config names
    cwd: PurePath | None = None  # where Codex is taken to start for the user's own files (an editor's workspace)
    release: str = NEWEST  # the Codex release findings speak for
    installed_release: str | None = None  # what the machine runs, when it could be told
    account_models: ModelList | None = None  # `$CODEX_HOME/models_cache.json`: the models the user's account sees
    extra_models: ModelList | None = None  # a catalog file the editor's settings or `--catalog` name
    files: Mapping[PurePath, FileFact] = field(default_factory=dict)

    def fact(self, path: PurePath) -> FileFact | None:
        """What ``path`` is, or None when nobody looked."""
        return self.files.get(path)

    def text(self, path: PurePath) -> str | None:
        found = self.files.get(path)
        return found.text if found is not None else None

    def catalog(self, config_catalog: ModelList | None = None) -> Catalog:
        """Every model a config may name for this release; a config's own `model_catalog_json` replaces Codex's."""
        return catalog_for(
            self.release, account=self.account_models, config_catalog=config_catalog, extra=self.extra_models
        )

    def with_facts(self, facts: Mapping[PurePath, FileFact]) -> Snapshot:
        return replace(self, files={**self.files, **facts})


# What analysis sees when it is given no machine at all: nothing on disk, the newest release.
EMPTY = Snapshot()
