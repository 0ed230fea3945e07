"""A plain tree of schema nodes per Codex release, compiled from the pydantic models on first use.

Navigation and ``validate()`` walk this tree instead of calling pydantic for every edit: it is built from
the model annotations (so the models stay the one source of truth) and lets us mirror Codex's own rules
(TOML date-times read as strings, one problem per value, messages per key).

The models hold the facts of every known release; a tree holds those of one (keys and enum values
outside the release are left out, and kept aside in ``TableNode.elsewhere`` so messages can say which
release has them). A release newer than every known one gets the tree of the newest known release.
"""

from __future__ import annotations

import re
import threading
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .. import releases
from ._base import CodexTable, codex_name
from ._meta import CODEX_RELEASE, PATH_LABEL, Label, Rule, Suggest, ValuesSince

__all__ = [
    "Node",
    "StringNode",
    "BoolNode",
    "IntNode",
    "FloatNode",
    "EnumNode",
    "AnyNode",
    "ArrayNode",
    "MapNode",
    "TableNode",
    "UnionNode",
    "FieldSpec",
    "compile_model",
    "root_node",
    "codex_name",
]


class Node:
    __slots__ = ()
    kind = "any"
    label: str

    def accepts(self, value: Any) -> bool:  # used to pick a member of a union
        return True


@dataclass(eq=False, slots=True)
class StringNode(Node):
    label: str = "string"
    suggest: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    pattern: re.Pattern[str] | None = None
    min_len: int | None = None
    max_len: int | None = None
    kind = "string"

    def accepts(self, value: Any) -> bool:
        return type(value) is str or _is_datetime(value)


@dataclass(eq=False, slots=True)
class BoolNode(Node):
    label: str = "boolean"
    kind = "boolean"

    def accepts(self, value: Any) -> bool:
        return type(value) is bool


@dataclass(eq=False, slots=True)
class IntNode(Node):
    label: str = "integer"
    lo: int | None = None
    hi: int | None = None
    rules: tuple[Rule, ...] = ()
    kind = "integer"

    def accepts(self, value: Any) -> bool:
        return type(value) is int


@dataclass(eq=False, slots=True)
class FloatNode(Node):
    label: str = "number"
    rules: tuple[Rule, ...] = ()
    kind = "float"

    def accepts(self, value: Any) -> bool:
        return type(value) is float or type(value) is int


@dataclass(eq=False, slots=True)
class EnumNode(Node):
    label: str = ""
    values: tuple[str, ...] = ()
    kind = "string"

    def accepts(self, value: Any) -> bool:
        return type(value) is str


@dataclass(eq=False, slots=True)
class AnyNode(Node):
    label: str = "any value"
    kind = "any"


@dataclass(eq=False, slots=True)
class ArrayNode(Node):
    item: Node = field(default_factory=AnyNode)
    label: str = "array"
    kind = "array"

    def accepts(self, value: Any) -> bool:
        return type(value) is list


@dataclass(eq=False, slots=True)
class MapNode(Node):
    """A table whose keys are chosen by the user (ids, names, paths)."""

    value: Node = field(default_factory=AnyNode)
    label: str = "table"
    description: str = ""

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "map" if isinstance(self.value, (TableNode, MapNode)) else "table"

    @property
    def table_kind(self) -> str:
        return "map" if isinstance(self.value, TableNode) else "free"

    def accepts(self, value: Any) -> bool:
        return type(value) is dict


@dataclass(eq=False, slots=True)
class FieldSpec:
    key: str  # the key as written in TOML
    node: Node
    description: str
    default: str | None
    deprecated: str | None
    experimental: bool
    required: bool
    since: str | None = None  # first Codex release that reads the key
    until: str | None = None  # first Codex release that no longer reads it


@dataclass(eq=False, slots=True)
class TableNode(Node):
    model: type[BaseModel] | None = None
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    extra: Node | None = None  # type of user-id entries next to the fixed keys (agents roles, apps, ...)
    free_extra: bool = False  # any other key is accepted as-is (agent role inline config)
    unknown_fatal: bool = False  # Codex refuses unknown keys here instead of ignoring them
    unknown_value: Node | None = None  # type Codex still requires of unknown keys (feature flags: bool)
    description: str = ""
    label: str = "table"
    # filled by compile_model: keys that must be present, keys offered as "did you mean", custom checks
    required: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    has_checks: bool = False
    # keys that other known releases read but this one does not (for "added in Codex 0.171" messages)
    elsewhere: dict[str, FieldSpec] = field(default_factory=dict)
    release: str = releases.NEWEST  # the release whose facts this node holds
    kind = "table"

    def accepts(self, value: Any) -> bool:
        return type(value) is dict

    @property
    def table_kind(self) -> str:
        return "map" if self.extra is not None and isinstance(self.extra, (TableNode, MapNode)) else "table"

    def checks(self, table: dict[str, Any]) -> list[Any]:
        model = self.model
        if model is not None and issubclass(model, CodexTable):
            return model.codex_checks(table, self.release)
        return []


@dataclass(eq=False, slots=True)
class UnionNode(Node):
    options: tuple[Node, ...] = ()
    label: str = ""

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.options[0].kind if self.options else "any"

    def accepts(self, value: Any) -> bool:
        return any(o.accepts(value) for o in self.options)

    def pick(self, value: Any) -> Node | None:
        for option in self.options:
            if option.accepts(value):
                return option
        return None

    def table_option(self) -> TableNode | MapNode | None:
        for option in self.options:
            if isinstance(option, (TableNode, MapNode)):
                return option
        return None


def _is_datetime(value: Any) -> bool:
    import datetime as dt

    return isinstance(value, (dt.datetime, dt.date, dt.time))


# --------------------------------------------------------------------------------------------------
# compiling annotations

_TABLES: dict[tuple[type, str], TableNode] = {}
# A node is cached before its fields are filled (shared sub-models); the lock keeps other threads from
# seeing it half built.
_BUILDING = threading.RLock()


def _plural(label: str) -> str:
    if " or " in label:
        return " or ".join(_plural(part) for part in label.split(" or "))
    return {
        "string": "strings",
        PATH_LABEL: "paths",
        "boolean": "booleans",
        "integer": "integers",
        "number": "numbers",
        "table": "tables",
        "integer ≥ 0": "integers ≥ 0",
    }.get(label, label)


def _int_label(lo: int | None, hi: int | None) -> str:
    if lo is not None and lo <= -(2**31):
        lo = None
    if hi is not None and hi >= 2**31 - 1 and (lo is None or lo < 0 or hi >= 2**32 - 1):
        hi = None
    if lo is None and hi is None:
        return "integer"
    if hi is None or hi >= 2**62:
        return f"integer ≥ {lo}"
    if lo is None:
        return f"integer ≤ {hi}"
    return f"integer {lo}–{hi}"


def _compile(tp: Any, meta: tuple[Any, ...] = (), release: str = releases.NEWEST) -> Node:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        base, *extra = get_args(tp)
        return _compile(base, (*meta, *extra), release)

    flat: list[Any] = []
    for m in meta:
        if isinstance(m, FieldInfo):
            flat.extend(m.metadata)
        else:
            flat.append(m)
    label = next((m.text for m in flat if isinstance(m, Label)), None)
    rules = tuple(m for m in flat if isinstance(m, Rule))

    if tp is str:
        node: Node = StringNode()
        suggest = next((m.values for m in flat if isinstance(m, Suggest)), ())
        node.suggest = suggest
        node.rules = rules
        for m in flat:
            pat = getattr(m, "pattern", None)
            if isinstance(pat, str):
                node.pattern = re.compile(pat)
            if isinstance(m, at.MinLen):
                node.min_len = m.min_length
            if isinstance(m, at.MaxLen):
                node.max_len = m.max_length
        if suggest and not label:
            node.label = "string: " + " | ".join(f'"{v}"' for v in suggest) + " (or any other string)"
    elif tp is bool:
        node = BoolNode()
    elif tp is int:
        lo = hi = None
        for m in flat:
            if isinstance(m, at.Ge):
                lo = int(m.ge)
            elif isinstance(m, at.Gt):
                lo = int(m.gt) + 1
            elif isinstance(m, at.Le):
                hi = int(m.le)
            elif isinstance(m, at.Lt):
                hi = int(m.lt) - 1
        node = IntNode(lo=lo, hi=hi, rules=rules)
        node.label = _int_label(lo, hi)
    elif tp is float:
        node = FloatNode(rules=rules)
        rule_label = next((r.label for r in rules if r.label), None)
        if rule_label:
            node.label = rule_label
    elif tp is Any:
        node = AnyNode()
    elif origin is Literal:
        ranges = next((m for m in flat if isinstance(m, ValuesSince)), None)
        values = tuple(str(v) for v in get_args(tp) if ranges is None or _value_holds(ranges, str(v), release))
        node = EnumNode(values=values, label=" | ".join(f'"{v}"' for v in values))
    elif origin in (Union, types.UnionType):
        opts = tuple(_compile(a, (), release) for a in get_args(tp) if a is not type(None))
        if len(opts) == 1:
            node = opts[0]
        else:
            node = UnionNode(options=opts, label=" or ".join(o.label for o in opts))
    elif origin is list:
        (item_tp,) = get_args(tp) or (Any,)
        item = _compile(item_tp, (), release)
        node = ArrayNode(item=item, label="array of " + _plural(item.label))
    elif origin is dict:
        _, value_tp = get_args(tp) or (str, Any)
        value = _compile(value_tp, (), release)
        if isinstance(value, AnyNode):
            node = MapNode(value=value, label="table")
        else:
            node = MapNode(value=value, label="table of " + _plural(value.label))
        if isinstance(value, TableNode):
            node.description = value.description
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        node = _TABLES.get((tp, release)) or _build(tp, release)
    else:  # pragma: no cover - every annotation in the models is handled above
        raise TypeError(f"cannot compile annotation {tp!r}")
    if label:
        node.label = label
    return node


def _value_holds(ranges: ValuesSince, value: str, release: str) -> bool:
    return releases.holds(release, ranges.since.get(value), ranges.until.get(value))


def _extra_of(field: FieldInfo) -> dict[str, Any]:
    extra = field.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _for_release(text: Any, release: str) -> Any:
    """A description or note with ``{codex}`` made to name ``release``."""
    if isinstance(text, str) and CODEX_RELEASE in text:
        return text.replace(CODEX_RELEASE, codex_name(release))
    return text


def compile_model(model: type[BaseModel], release: str = releases.NEWEST) -> TableNode:
    """The node of ``model`` holding the facts of ``release`` (built once per model and release)."""
    release = releases.knowledge_for(release)
    with _BUILDING:
        cached = _TABLES.get((model, release))
        return cached if cached is not None else _build(model, release)


def _build(model: type[BaseModel], release: str) -> TableNode:
    doc = (model.__doc__ or "").strip().split("\n")[0]
    node = TableNode(model=model, description=doc, release=release)
    _TABLES[(model, release)] = node  # before the fields: allows shared sub-models
    if issubclass(model, CodexTable):
        node.unknown_fatal = model.codex_unknown_fatal
        if model.codex_unknown_value is not None:
            node.unknown_value = _compile(model.codex_unknown_value, (), release)
    if model.model_config.get("extra") == "allow":
        extra_tp = model.__annotations__.get("__pydantic_extra__")
        hints = typing.get_type_hints(model, include_extras=True)
        extra_tp = hints.get("__pydantic_extra__", extra_tp)
        args = get_args(extra_tp) if extra_tp is not None else ()
        value_tp = args[1] if len(args) == 2 else Any
        if value_tp is Any:
            node.free_extra = True
        else:
            node.extra = _compile(value_tp, (), release)
    for name, info in model.model_fields.items():
        key = info.alias or name
        extra = _extra_of(info)
        facts = model.codex_key_facts(key, release) if issubclass(model, CodexTable) else None
        if facts:
            extra = {**extra, **facts}
        since, until = extra.get("x-since"), extra.get("x-until")
        spec = FieldSpec(
            key=key,
            node=AnyNode(),
            description=_for_release(extra.get("description", info.description or ""), release),
            default=extra.get("x-toml-default"),
            deprecated=_for_release(extra.get("x-deprecated"), release),
            experimental=bool(extra.get("x-experimental")),
            required=info.is_required(),
            since=since,
            until=until,
        )
        if not releases.holds(release, since, until):
            node.elsewhere[key] = spec
            continue
        spec.node = _compile(info.annotation, tuple(info.metadata), release)
        node.fields[key] = spec
    node.required = tuple(k for k, spec in node.fields.items() if spec.required)
    node.candidates = tuple(k for k, spec in node.fields.items() if not spec.deprecated)
    node.has_checks = (
        issubclass(model, CodexTable) and model.codex_checks.__func__ is not CodexTable.codex_checks.__func__
    )  # type: ignore[attr-defined]
    return node


def root_node(release: str = releases.NEWEST) -> TableNode:
    """The compiled tree of :class:`~codex_config_lsp.schema.models.CodexConfig` for ``release``.

    Built on first use, once per known release; a release newer than every known one gets the tree of
    the newest known release (:func:`codex_config_lsp.releases.knowledge_for`).
    """
    release = releases.knowledge_for(release)
    root = _ROOTS.get(release)
    if root is None:
        from .models import CodexConfig

        _ROOTS[release] = root = compile_model(CodexConfig, release)
    return root


_ROOTS: dict[str, TableNode] = {}  # fully built trees, read without the lock
