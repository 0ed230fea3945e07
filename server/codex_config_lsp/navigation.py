"""Navigation: go to a provider or profile definition, and the document outline."""

from __future__ import annotations

from dataclasses import dataclass

from . import domain
from .analysis import Analysis
from .cursor import VALUE, locate
from .syntax import Scalar
from .text import Span
from .tree import Path

TABLE, KEY, ARRAY = "table", "key", "array"


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    kind: str
    span: Span  # everything the entry covers
    selection: Span  # its name
    detail: str = ""
    children: tuple["Outline", ...] = ()


def definition(analysis: Analysis, offset: int) -> Span | None:
    """Where the provider or profile named under ``offset`` is defined."""
    cursor = locate(analysis.document, offset)
    if cursor.kind != VALUE or not isinstance(cursor.node, Scalar) or cursor.node.kind != "string":
        return None
    name = str(cursor.node.value)
    if domain.matches(cursor.path, domain.PROVIDER_SLOTS):
        target = analysis.tree.locations.get(("model_providers", name))
    elif cursor.path == ("profile",):
        target = analysis.tree.locations.get(("profiles", name))
    else:
        return None
    return target.key_span if target else None


def outline(analysis: Analysis) -> list[Outline]:
    """Tables and keys as they nest, for the editor's outline view."""
    return _children(analysis, analysis.tree.data, ())


def _children(analysis: Analysis, node: dict, path: Path) -> list[Outline]:
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


def _summary(path: Path, value: object) -> str:
    if domain.is_secret(path):
        return "…"
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:39] + "…"
