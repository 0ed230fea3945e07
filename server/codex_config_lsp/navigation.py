"""Navigation: definitions and references of providers and profiles, and the document outline."""

from __future__ import annotations

from dataclasses import dataclass

from . import domain, names
from .analysis import Analysis
from .text import Span
from .tree import KeyPath

TABLE, KEY, ARRAY = "table", "key", "array"


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    kind: str
    span: Span  # everything the entry covers
    selection: Span  # its name
    detail: str = ""
    children: tuple[Outline, ...] = ()


def occurrences_at(analysis: Analysis, offset: int) -> list[names.Occurrence]:
    """Every place in this document the provider or profile named under ``offset`` is written."""
    symbol = names.symbol_at(analysis, offset)
    return names.occurrences(analysis.document, analysis.tree, symbol.kind, symbol.name) if symbol else []


def sites_at(analysis: Analysis, offset: int) -> list[names.Site]:
    """The same, in every file of the document's stack."""
    symbol = names.symbol_at(analysis, offset)
    return names.sites(analysis, symbol.kind, symbol.name) if symbol else []


def definition(analysis: Analysis, offset: int) -> names.Site | None:
    """Where the name under ``offset`` is defined: in this file if it is, else in the layer that wins."""
    found = [site for site in sites_at(analysis, offset) if site.occurrence.definition]
    own = [site for site in found if site.file is None]
    return own[0] if own else found[-1] if found else None


def references(analysis: Analysis, offset: int, include_definition: bool = True) -> list[names.Site]:
    return [site for site in sites_at(analysis, offset) if include_definition or not site.occurrence.definition]


def outline(analysis: Analysis) -> list[Outline]:
    """Tables and keys as they nest, for the editor's outline view."""
    return _children(analysis, analysis.tree.data, ())


def _children(analysis: Analysis, node: dict[str, object], path: KeyPath) -> list[Outline]:
    entries = []
    for name, value in node.items():
        child_path = path + (name,)
        located = analysis.tree.locations.get(child_path)
        if located is None:
            continue
        if isinstance(value, dict):
            children = tuple(_children(analysis, value, child_path))
            entries.append(_entry(str(name), TABLE, located.key_span, children, ""))
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            children = tuple(
                _entry(
                    f"[{index}]",
                    TABLE,
                    analysis.tree.locations[child_path + (index,)].key_span,
                    tuple(_children(analysis, item, child_path + (index,))),
                    "",
                )
                for index, item in enumerate(value)
                if child_path + (index,) in analysis.tree.locations
            )
            entries.append(_entry(str(name), ARRAY, located.key_span, children, f"{len(value)} tables"))
        else:
            entries.append(
                Outline(
                    str(name),
                    KEY,
                    Span(located.key_span.start, located.value_span.end),
                    located.key_span,
                    _summary(child_path, value),
                )
            )
    return entries


def _entry(name: str, kind: str, selection: Span, children: tuple[Outline, ...], detail: str) -> Outline:
    start = min([selection.start, *(child.span.start for child in children)])
    end = max([selection.end, *(child.span.end for child in children)])
    return Outline(name, kind, Span(start, end), selection, detail, children)


def _summary(path: KeyPath, value: object) -> str:
    """The value beside a key in the outline, with every part that may be a secret hidden."""
    shown = domain.redacted(path, value)
    text = shown if isinstance(shown, str) else repr(shown)
    return text if len(text) <= 40 else text[:39] + "…"
