"""One frozen semantic model of a document version: its tree and its problems.

``analyze`` runs every check once; the features (diagnostics, completion,
hover, actions) read the result and never parse again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import checks, files
from .catalog import Catalog, bundled
from .problems import Problem
from .syntax import ParsedDocument, parse
from .text import LineIndex
from .tree import Tree, build


@dataclass(frozen=True)
class Analysis:
    text: str
    document: ParsedDocument
    tree: Tree
    catalog: Catalog
    problems: tuple[Problem, ...]

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)


def analyze(text: str, catalog: Catalog | None = None, path: Path | None = None) -> Analysis:
    """Everything known about ``text``; ``path`` is its file, if saved, to find the files it names."""
    base_dir = path.parent if path else None
    catalog = catalog or bundled()
    document = parse(text)
    tree = build(document)
    own_models = files.catalog_models(tree, base_dir)
    if own_models:
        catalog = catalog.merged_with(own_models)
    problems = checks.run(document, tree, catalog, path)
    return Analysis(text, document, tree, catalog, problems)
