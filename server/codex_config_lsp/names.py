"""Names a config defines in one place and refers to in others.

A provider is defined by ``[model_providers.<id>]`` and named by
``model_provider = "<id>"``; a legacy profile by ``[profiles.<name>]`` and
``profile = "<name>"``; a permission profile by ``[permissions.<name>]`` and
``default_permissions = "<name>"``. This module finds every place such a name
is written (for go to definition and references) and how to rename it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from . import domain, stack
from .analysis import Analysis
from .schema import BUILTIN_PROVIDERS
from .syntax import Header, InlineTable, Key, KeyValue, ParsedDocument, Scalar, Statement
from .text import Span
from .toml_text import CONTROL_CHAR, escape_basic, key_text
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
        for name, value in _references(analysis.tree, kind):
            if value.span.contains(offset):
                return Symbol(kind, name, _reference(value).span)
    statements = analysis.document.statements
    index = bisect_right(statements, offset, key=_start) - 1  # the statement under the cursor, or the one before
    for at in range(max(index - 1, 0), index + 1):  # the one before first: spans may touch
        statement = statements[at]
        if not statement.span.contains(offset):
            continue
        for path, key in _segments(_table_before(statements, at), statement):
            if key.span.contains(offset):
                defining = _defining_kind(path)
                return Symbol(defining, key.name, key.span) if defining else None
    return None


def occurrences(document: ParsedDocument, tree: Tree, kind: Kind, name: str) -> list[Occurrence]:
    """Every place ``name`` is defined or referred to as a ``kind`` in one file, in text order."""
    found = [Occurrence(key.span, definition=True) for defined, key in _definitions(document, kind) if defined == name]
    found += [_reference(value) for referred, value in _references(tree, kind) if referred == name]
    return sorted(found, key=lambda occurrence: occurrence.span.start)


def _references(tree: Tree, kind: Kind) -> Iterator[tuple[str, Scalar]]:
    """Every value that refers to a name of ``kind``, with the name (complete strings only)."""
    for pattern in kind.references:
        for located in tree.matching(pattern):
            name, value = located.string, located.value
            if name is not None and isinstance(value, Scalar):
                yield name, value


def _definitions(document: ParsedDocument, kind: Kind) -> Iterator[tuple[str, Key]]:
    """Every key segment that defines a name of ``kind`` (`[model_providers.<name>]`), in text order."""
    for table, statement in _under(document, kind.table):
        for path, key in _segments(table, statement):
            if len(path) == 2 and path[0] == kind.table and isinstance(path[1], str):
                yield path[1], key


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
    first: dict[str, Key] = {}
    for name, key in _definitions(document, kind):
        first.setdefault(name, key)
    return {name: Site(file, text, Occurrence(first[name].span, definition=True)) for name in table if name in first}


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
    return occurrence.node or occurrence.span, f'"{escape_basic(new_name)}"'


def _reference(value: Scalar) -> Occurrence:
    return Occurrence(value.inner, definition=False, quote=value.quote, node=value.span)


def _defining_kind(path: KeyPath) -> Kind | None:
    if len(path) != 2:
        return None
    return next((kind for kind in KINDS if kind.table == path[0]), None)


def _start(statement: Statement) -> int:
    return statement.span.start


def _table_path(header: Header) -> KeyPath:
    """The table the pairs after ``header`` go into."""
    return tuple(key.name for key in header.keys) + ((_ELEMENT,) if header.array else ())


def _table_before(statements: tuple[Statement, ...], index: int) -> KeyPath:
    """The table the keys of statement ``index`` start from (a header's keys start from the root)."""
    if isinstance(statements[index], Header):
        return ()
    for at in range(index - 1, -1, -1):  # back to the nearest header
        statement = statements[at]
        if isinstance(statement, Header):
            return _table_path(statement)
    return ()


def _under(document: ParsedDocument, top: str) -> Iterator[tuple[KeyPath, Statement]]:
    """The statements that write under the top-level key ``top``, each with the table its keys start from.

    One pass that builds table paths only for those: a large file has thousands of other statements.
    """
    table: KeyPath = ()
    for statement in document.statements:
        if isinstance(statement, Header):
            keys = statement.keys
            if keys and keys[0].name == top:
                yield (), statement
                table = _table_path(statement)
            else:  # the pairs below write elsewhere: only the table's first key matters
                table = (keys[0].name,) if keys else ()
        elif (table[0] if table else statement.keys[0].name if statement.keys else None) == top:
            yield table, statement


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
