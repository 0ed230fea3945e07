"""Names a config defines in one place and refers to in others.

A provider is defined by ``[model_providers.<id>]`` and named by
``model_provider = "<id>"``; a legacy profile by ``[profiles.<name>]`` and
``profile = "<name>"``; a permission profile by ``[permissions.<name>]`` and
``default_permissions = "<name>"``. This module finds every place such a name
is written (for go to definition and references) and how to rename it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Iterator

from . import domain, stack
from .analysis import Analysis
from .schema import BUILTIN_PROVIDERS
from .syntax import (
    CONTROL_CHAR,
    Header,
    InlineTable,
    Key,
    KeyValue,
    ParsedDocument,
    Scalar,
    Statement,
    escape_basic,
    key_text,
)
from .text import Span
from .tree import KeyPath, Tree

# An array-of-tables element in a path: never equal to a name.
_ELEMENT = -1


@dataclass(frozen=True)
class Kind:
    """One sort of name: the table that defines it and the keys that refer to it."""

    noun: str
    table: str
    references: tuple[tuple[str, ...], ...]
    builtins: frozenset[str] = frozenset()
    builtin_prefix: str = ""  # names with this prefix are built in (`:workspace`)

    def is_builtin(self, name: str) -> bool:
        return name in self.builtins or bool(self.builtin_prefix) and name.startswith(self.builtin_prefix)


PROVIDER = Kind("provider", "model_providers", domain.PROVIDER_SLOTS, frozenset(BUILTIN_PROVIDERS))
PROFILE = Kind("profile", "profiles", (("profile",),))
PERMISSIONS = Kind(
    "permission profile",
    "permissions",
    (("default_permissions",),),
    frozenset(f":{name}" for name in domain.BUILTIN_PERMISSIONS),
    builtin_prefix=":",
)
KINDS = (PROVIDER, PROFILE, PERMISSIONS)


def kind_referred_to(path: KeyPath) -> Kind | None:
    """The kind of name a value at ``path`` refers to (`model_provider` -> a provider), if any."""
    return next((kind for kind in KINDS if domain.matches(path, kind.references)), None)


@dataclass(frozen=True)
class Occurrence:
    """One place a name is written: a key segment (a definition) or a string value."""

    span: Span  # the name itself: the key segment, or the text between a string's quotes
    definition: bool
    quote: str = ""  # a string value's delimiter
    node: Span | None = None  # a string value's whole span, quotes included


@dataclass(frozen=True)
class Symbol:
    kind: Kind
    name: str
    span: Span  # the occurrence under the cursor


@dataclass(frozen=True)
class Site:
    """An occurrence in one of the files of the document's stack."""

    file: PurePath | None  # None: the document asked about
    text: str  # that file's text, to turn spans into positions
    occurrence: Occurrence


class RenameRefused(Exception):
    """The name under the cursor cannot be renamed, or not to the name asked for; the message says why."""


def symbol_at(analysis: Analysis, offset: int) -> Symbol | None:
    """The defined or referenced name under ``offset``."""
    for kind in KINDS:
        for pattern in kind.references:
            for located in analysis.tree.matching(pattern):
                value = located.value
                name = located.string
                if name is not None and value.span.start <= offset <= value.span.end:
                    return Symbol(kind, name, _reference(value).span)
    for table, statement in _with_tables(analysis.document):
        if not statement.span.start <= offset <= statement.span.end:
            continue
        for path, key in _segments(table, statement):
            if key.span.start <= offset <= key.span.end:
                kind = _defining_kind(path)
                return Symbol(kind, key.name, key.span) if kind else None
    return None


def occurrences(document: ParsedDocument, tree: Tree, kind: Kind, name: str) -> list[Occurrence]:
    """Every place ``name`` is defined or referred to as a ``kind`` in one file, in text order."""
    found = [
        Occurrence(key.span, definition=True)
        for table, statement in _with_tables(document)
        if _head(table, statement) == kind.table
        for path, key in _segments(table, statement)
        if path == (kind.table, name)
    ]
    for pattern in kind.references:
        for located in tree.matching(pattern):
            if located.string == name:
                found.append(_reference(located.value))
    return sorted(found, key=lambda occurrence: occurrence.span.start)


def sites(analysis: Analysis, kind: Kind, name: str) -> list[Site]:
    """Every place ``name`` is written, in the document and in the other files of its stack.

    For the user config, the profile files beside it count too: they stack on
    top of it and name what it defines.
    """
    found = [Site(None, analysis.text, o) for o in occurrences(analysis.document, analysis.tree, kind, name)]
    for layer in _related(analysis):
        found += [Site(layer.path, layer.text or "", o) for o in occurrences(layer.document, layer.tree, kind, name)]
    return found


def _related(analysis: Analysis) -> list[stack.Layer]:
    layers = list(analysis.stack.others())
    own = analysis.stack.own_layer
    if own is not None and own.kind in ("system", "user"):
        known = {layer.path for layer in layers}
        layers += [layer for layer in stack.profile_layers(analysis.snapshot) if layer.path not in known]
    return layers


def definitions(analysis: Analysis, kind: Kind) -> dict[str, Site]:
    """Every name of ``kind`` defined in the document or the files stacked with it, where it is defined.

    Where several files define a name, the one Codex reads last wins (the document's own first).
    """
    found: dict[str, Site] = {}
    for layer in _related(analysis):
        for name, site in _definitions_in(layer.document, layer.tree, kind, layer.path, layer.text or "").items():
            found[name] = site
    found.update(_definitions_in(analysis.document, analysis.tree, kind, None, analysis.text))
    return found


def _definitions_in(
    document: ParsedDocument, tree: Tree, kind: Kind, file: PurePath | None, text: str
) -> dict[str, Site]:
    table = tree.get((kind.table,))
    if not isinstance(table, dict):
        return {}
    found = {}
    for name in table:
        definition = next((o for o in occurrences(document, tree, kind, name) if o.definition), None)
        if isinstance(name, str) and definition is not None:
            found[name] = Site(file, text, definition)
    return found


def renamable(analysis: Analysis, offset: int) -> Symbol:
    """The name under ``offset`` if it may be renamed; otherwise RenameRefused says why."""
    symbol = symbol_at(analysis, offset)
    if symbol is None:
        raise RenameRefused("Only provider, profile and permission profile names can be renamed.")
    if symbol.kind.is_builtin(symbol.name):
        raise RenameRefused(f"`{symbol.name}` is a built-in {symbol.kind.noun} of Codex; its name is fixed.")
    if not any(site.occurrence.definition for site in sites(analysis, symbol.kind, symbol.name)):
        raise RenameRefused(
            f"No {symbol.kind.noun} `{symbol.name}` is defined in this file or the files stacked with it."
        )
    return symbol


@dataclass(frozen=True)
class FileEdits:
    file: PurePath | None  # None: the document asked about
    text: str  # the file's text the spans refer to
    edits: list[tuple[Span, str]]


def rename(analysis: Analysis, offset: int, new_name: str) -> list[FileEdits]:
    """The edits, file by file, that rename the name under ``offset`` everywhere it is written."""
    symbol = renamable(analysis, offset)
    kind = symbol.kind
    if not new_name or CONTROL_CHAR.search(new_name):
        raise RenameRefused("A name must be non-empty and on one line.")
    if kind.is_builtin(new_name):
        raise RenameRefused(f"`{new_name}` is a built-in {kind.noun} of Codex; choose another name.")
    if new_name != symbol.name and any(site.occurrence.definition for site in sites(analysis, kind, new_name)):
        raise RenameRefused(f"A {kind.noun} named `{new_name}` is already defined.")
    by_file: dict[PurePath | None, FileEdits] = {}
    for site in sites(analysis, kind, symbol.name):
        file = by_file.setdefault(site.file, FileEdits(site.file, site.text, []))
        file.edits.append(_edit(site.occurrence, new_name))
    return list(by_file.values())


def _edit(occurrence: Occurrence, new_name: str) -> tuple[Span, str]:
    if occurrence.definition:
        return occurrence.span, key_text(new_name)
    if occurrence.quote.startswith('"'):
        return occurrence.span, escape_basic(new_name)
    if "'" not in new_name:
        return occurrence.span, new_name
    # A literal string cannot hold a quote: write a basic string instead.
    return occurrence.node, f'"{escape_basic(new_name)}"'


def _reference(value: Scalar) -> Occurrence:
    return Occurrence(value.inner, definition=False, quote=value.quote, node=value.span)


def _defining_kind(path: KeyPath) -> Kind | None:
    if len(path) != 2:
        return None
    return next((kind for kind in KINDS if kind.table == path[0]), None)


def _with_tables(document: ParsedDocument) -> Iterator[tuple[KeyPath, Statement]]:
    """Each statement with the table its keys start from (a header's keys start from the root)."""
    table: KeyPath = ()
    for statement in document.statements:
        if isinstance(statement, Header):
            yield (), statement
            table = tuple(key.name for key in statement.keys) + ((_ELEMENT,) if statement.array else ())
        else:
            yield table, statement


def _head(table: KeyPath, statement: Statement) -> object:
    """The top-level key a statement writes under."""
    if table:
        return table[0]
    return statement.keys[0].name if statement.keys else None


def _segments(table: KeyPath, statement: Statement) -> Iterator[tuple[KeyPath, Key]]:
    """Every key segment of a statement with the full path it names, in text order."""
    if isinstance(statement, Header):
        path: KeyPath = ()
        for key in statement.keys:
            path += (key.name,)
            yield path, key
    else:
        yield from _pair_segments(table, statement)


def _pair_segments(table: KeyPath, pair: KeyValue) -> Iterator[tuple[KeyPath, Key]]:
    path = table
    for key in pair.keys:
        path += (key.name,)
        yield path, key
    if isinstance(pair.value, InlineTable):
        for inner in pair.value.pairs:
            yield from _pair_segments(path, inner)
