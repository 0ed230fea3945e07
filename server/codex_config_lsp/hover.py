"""Hover: what a model, key, provider or profile under the cursor is."""

from __future__ import annotations

from dataclasses import dataclass

from . import docs, domain, schema
from .analysis import Analysis
from .cursor import HEADER, KEY, VALUE, locate
from .schema import BUILTIN_PROVIDERS
from .syntax import Scalar
from .text import Span


@dataclass(frozen=True, slots=True)
class HoverText:
    text: str
    span: Span


def hover(analysis: Analysis, offset: int, markdown: bool = True) -> HoverText | None:
    cursor = locate(analysis.document, offset)
    if cursor.kind == VALUE and isinstance(cursor.node, Scalar) and cursor.node.kind == "string":
        text = _value_doc(analysis, cursor.path, str(cursor.node.value), markdown)
        return HoverText(text, cursor.node.span) if text else None
    if cursor.kind in (KEY, HEADER) and cursor.key is not None:
        path = cursor.path + (cursor.key.name,)
        text = _key_doc(analysis, path, markdown)
        return HoverText(text, cursor.key.span) if text else None
    return None


def _value_doc(analysis: Analysis, path: tuple[str, ...], value: str, markdown: bool) -> str | None:
    if domain.matches(path, domain.MODEL_SLOTS):
        model = analysis.catalog.get(value)
        return docs.model_doc(model, markdown) if model else None
    if domain.matches(path, domain.PROVIDER_SLOTS) or path == ("oss_provider",):
        table = analysis.tree.get(("model_providers", value))
        if isinstance(table, dict):
            return docs.defined_provider_doc(value, table, markdown)
        builtin = BUILTIN_PROVIDERS.get(value)
        return docs.provider_doc(builtin, markdown) if builtin else None
    info = schema.key_info(path)
    if info is not None and value in info.values:
        text = docs.enum_value_doc(info, value, markdown)
        scope = (
            domain.efforts_in_scope(analysis.tree, path, analysis.catalog)
            if domain.matches(path, domain.EFFORT_SLOTS)
            else None
        )
        if scope:
            text += "\n\n" + docs.effort_support(value, *scope, markdown)
        return text
    if path == ("profile",):
        table = analysis.tree.get(("profiles", value))
        if not isinstance(table, dict):
            return None
        settings = ", ".join(f"`{k}`" if markdown else k for k in table) or "nothing"
        return f"Profile {value}: sets {settings}."
    return None


def _key_doc(analysis: Analysis, path: tuple[str, ...], markdown: bool) -> str | None:
    if path == ("model",) or domain.matches(path, (("profiles", "*", "model"),)):
        return docs.model_key_doc(analysis.catalog, markdown)
    info = schema.key_info(path)
    if info is None:
        return None
    title = f"**{info.name}**" if markdown else info.name
    return f"{title}\n\n{docs.key_doc(info, markdown)}"
