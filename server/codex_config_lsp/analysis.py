"""One frozen semantic model of a document version: its tree, its stack and its problems.

``analyze`` runs every check once; the features (diagnostics, completion,
hover, actions) read the result and never parse again. The result depends
on the text and on the snapshot of the machine only, never on the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath

from . import checks, files
from .catalog import Catalog
from .problems import Problem
from .snapshot import EMPTY, Snapshot
from .stack import Stack, document_stack, parse_text
from .syntax import ParsedDocument
from .text import LineIndex
from .tree import Tree


@dataclass(frozen=True)
class Analysis:
    text: str
    document: ParsedDocument
    tree: Tree
    catalog: Catalog
    problems: tuple[Problem, ...]
    stack: Stack
    snapshot: Snapshot
    path: PurePath | None = None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def folder(self) -> PurePath | None:
        return self.path.parent if self.path is not None else None


def analyze(
    text: str,
    path: PurePath | None = None,
    snapshot: Snapshot = EMPTY,
    previous_scan: ParsedDocument | None = None,
) -> Analysis:
    """Everything known about ``text``, the file at ``path`` (if saved), on the machine ``snapshot`` describes.

    ``previous_scan``, the scan of an earlier version of the same document, only
    makes it sooner: the result equals an analysis from scratch. It is used up (see
    ``syntax.parse``); the rest of an old analysis can be let go before the new one is built.
    """
    document, tree = own = parse_text(text, previous_scan)
    layers = document_stack(snapshot, path, text, own)
    catalog = snapshot.catalog(files.config_catalog(tree, path.parent if path else None, snapshot))
    problems = checks.run(document, tree, catalog, path, snapshot, layers)
    return Analysis(text, document, tree, catalog, problems, layers, snapshot, path)
