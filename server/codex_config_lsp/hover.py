"""Hover: what a model, key, provider or profile under the cursor is."""

from __future__ import annotations

from dataclasses import dataclass

from . import docs, domain, names, schema
from .analysis import Analysis
from .cursor import HEADER, KEY, VALUE, locate
from .schema import BUILTIN_PROVIDERS
from .stack import label as stack_label
from .syntax import Scalar
from .text import Span


@dataclass(frozen=True, slots=True)
class HoverText:
    text: str
    span: Span


def hover(analysis: Analysis, offset: int, markdown: bool = True) -> HoverText | None:
    cursor = locate(analysis.document, offset)
    if cursor.kind == VALUE and isinstance(cursor.node, Scalar) and cursor.node.kind == "string":
        span = cursor.node.span
        text = _value_doc(analysis, cursor.path, str(cursor.node.value), markdown) or _unknown(analysis, span)
        return HoverText(text, span) if text else None
    if cursor.kind in (KEY, HEADER) and cursor.key is not None:
        path = cursor.path + (cursor.key.name,)
        span = cursor.key.span
        text = _key_doc(analysis, path, markdown) or _unknown(analysis, span)
        return HoverText(text, span) if text else None
    return None


# What hover says where it knows nothing: the finding that says the name is unknown, with the nearest names.
_UNKNOWN_CODES = frozenset({"unknown-key", "unknown-model", "invalid-value"})


def _unknown(analysis: Analysis, span: Span) -> str | None:
    found = next((p for p in analysis.problems if p.span == span and p.code in _UNKNOWN_CODES), None)
    return found.message if found else None


def _value_doc(analysis: Analysis, path: tuple[str, ...], value: str, markdown: bool) -> str | None:
    if domain.matches(path, domain.MODEL_SLOTS):
        model = analysis.catalog.get(value)
        return docs.model_texts(analysis.catalog, model, markdown)[1] if model else None
    kind = names.kind_referred_to(path)
    if kind is not None or path == ("oss_provider",):
        return _name_doc(analysis, kind or names.PROVIDER, value, markdown)
    info = schema.key_info(path, release=analysis.snapshot.release)
    if info is not None and value in info.values:
        text = docs.enum_value_doc(info, value, markdown, analysis.snapshot.release)
        scope = (
            domain.efforts_in_scope(analysis.tree, path, analysis.catalog, analysis.stack.effective)
            if domain.matches(path, domain.EFFORT_SLOTS)
            else None
        )
        if scope:
            text += "\n\n" + docs.effort_support(value, *scope, markdown)
        return text
    return None


def _name_doc(analysis: Analysis, kind: names.Kind, name: str, markdown: bool) -> str | None:
    """What a provider, profile or permission profile name stands for, and which file defines it."""
    code = docs.code_for(markdown)
    site = names.definitions(analysis, kind).get(name)
    if site is None:
        if kind is names.PROVIDER and name in BUILTIN_PROVIDERS:
            return docs.provider_doc(BUILTIN_PROVIDERS[name], markdown)
        builtin = domain.BUILTIN_PERMISSIONS.get(name[1:]) if kind is names.PERMISSIONS and name[:1] == ":" else None
        return f"Permission profile {code(name)}: {builtin}" if builtin else None
    table = analysis.stack.effective.get((kind.table, name)) if site.file else analysis.tree.get((kind.table, name))
    table = table if isinstance(table, dict) else {}
    where = "" if site.file is None else f"\n\nDefined in {code(stack_label(site.file, analysis.snapshot.codex_home))}"
    if kind is names.PROVIDER:
        return docs.defined_provider_doc(name, table, markdown) + where
    settings = ", ".join(code(k) for k in table) or "nothing"
    noun = kind.noun[0].upper() + kind.noun[1:]
    return f"{noun} {code(name)}: sets {settings}.{where}"


def _key_doc(analysis: Analysis, path: tuple[str, ...], markdown: bool) -> str | None:
    origin = _origin_note(analysis, path, markdown)
    if path == ("model",) or domain.matches(path, (("profiles", "*", "model"),)):
        return docs.model_key_doc(analysis.catalog, markdown) + origin
    info = schema.key_info(path, release=analysis.snapshot.release)
    if info is None:
        return None
    title = f"**{info.name}**" if markdown else info.name
    return f"{title}\n\n{docs.key_doc(info, markdown)}{origin}"


def _origin_note(analysis: Analysis, path: tuple[str, ...], markdown: bool) -> str:
    """Which file of the stack sets the value Codex uses, when another file than this one has a say."""
    layers = analysis.stack
    if len(layers.loaded) < 2:
        return ""  # nothing to merge: the file alone is what Codex reads
    origin = layers.effective.origin(path)
    if origin is None or origin.layer is layers.own_layer:
        return ""
    code = docs.code_for(markdown)
    where = code(f"{origin.layer.label(analysis.snapshot.codex_home)}:{origin.layer.line_of(origin.located)}")
    value = layers.effective.get(path)
    shown = (
        ""
        if isinstance(value, dict)
        else " = " + ("(hidden)" if domain.holds_secret(path, value) else code(_toml(value)))
    )
    own_index = layers.own if layers.own is not None else len(layers.layers)
    above = layers.layers.index(origin.layer) > own_index
    return f"\n\n{'Overridden by' if above else 'Inherited from'} {where}{shown}"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
