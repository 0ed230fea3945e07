"""The schema as plain nodes, one tree per known Codex release, loaded from the compiled data on first use.

The pydantic models (:mod:`.models`) are the one declaration of Codex's config; ``scripts/compile-schema``
compiles them (:mod:`.compile`) into ``compiled/trees.json``, which this module turns back into nodes. So
checking, hover and completion never import pydantic, and nothing is built until a tree is asked for.

A tree holds the facts of one release: keys and enum values outside the release are left out (and kept
aside in ``TableNode.elsewhere`` so messages can say which release has them). A release newer than every
known one gets the tree of the newest known release. Tables that are the same in several releases are one
object shared by their trees.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .. import releases
from .constraints import TABLE_RULES, VALUE_RULES, TableRule, ValueRule

__all__ = [
    "Kind",
    "TableKind",
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
    "root_node",
    "decode_trees",
    "COMPILED_TREES",
]

# What kind of value a key takes, as hover and completion name it.
Kind = Literal["any", "string", "boolean", "integer", "float", "array", "table", "map"]
# "table": fixed keys; "map": keys are user ids; "free": anything goes.
TableKind = Literal["table", "map", "free"]

COMPILED_TREES = Path(__file__).with_name("compiled") / "trees.json"


# The types of value TOML has (`tomllib` reads dates and times as these exact `datetime` types).
_TOML_TYPES: frozenset[type] = frozenset((str, bool, int, float, list, dict, dt.datetime, dt.date, dt.time))
_DATE_TIME_TYPES: frozenset[type] = frozenset((dt.datetime, dt.date, dt.time))


_SHARED_TYPE_SETS: dict[frozenset[type], frozenset[type]] = {}


def _shared(types: frozenset[type]) -> frozenset[type]:
    """One object per distinct set: a schema has thousands of nodes and a handful of sets (saves ~0.6 MB)."""
    return _SHARED_TYPE_SETS.setdefault(types, types)


class Node:
    # Set once per node (``__post_init__``), for the validator to pass a value that needs no check (most
    # values of a config) with a set lookup, without a call into the node:
    # plain_types: the types of value the node takes as they are, with no rule, range or choice to check.
    # container_type, plain_items: list for an array node, dict for a map node, and the plain types of its
    # items; such a container whose items all have one of those types passes too. None and empty for others.
    __slots__ = ("plain_types", "container_type", "plain_items")
    label: str
    plain_types: frozenset[type]
    container_type: type | None
    plain_items: frozenset[type]

    def __post_init__(self) -> None:
        self.plain_types = _shared(self._plain_types())
        container_type, plain_items = self._plain_container()
        self.container_type, self.plain_items = container_type, _shared(plain_items)

    def _plain_types(self) -> frozenset[type]:
        return frozenset()

    def _plain_container(self) -> tuple[type | None, frozenset[type]]:
        return None, frozenset()

    @property
    def kind(self) -> Kind:
        return "any"

    def accepts(self, value: Any) -> bool:  # picks the member of a union a value is read as
        return True


@dataclass(eq=False, slots=True)
class StringNode(Node):
    label: str = "string"
    suggest: tuple[str, ...] = ()  # well-known values; any other string is accepted too
    docs: dict[str, str] = field(default_factory=dict)  # what each well-known value means
    rules: tuple[ValueRule, ...] = ()
    pattern: str | None = None
    min_len: int | None = None
    max_len: int | None = None

    def _plain_types(self) -> frozenset[type]:
        if self.rules or self.pattern is not None or self.min_len is not None or self.max_len is not None:
            return _DATE_TIME_TYPES  # read as a string but never checked against its rules
        return frozenset({str}) | _DATE_TIME_TYPES

    @property
    def kind(self) -> Kind:
        return "string"

    def accepts(self, value: Any) -> bool:
        return type(value) is str or isinstance(value, (dt.datetime, dt.date, dt.time))

    def matches(self, value: str) -> bool:
        return self.pattern is None or _regex(self.pattern).search(value) is not None


@lru_cache(maxsize=16)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(eq=False, slots=True)
class BoolNode(Node):
    label: str = "boolean"

    def _plain_types(self) -> frozenset[type]:
        return frozenset({bool})

    @property
    def kind(self) -> Kind:
        return "boolean"

    def accepts(self, value: Any) -> bool:
        return type(value) is bool


@dataclass(eq=False, slots=True)
class IntNode(Node):
    label: str = "integer"
    lo: int | None = None
    hi: int | None = None
    rules: tuple[ValueRule, ...] = ()

    def _plain_types(self) -> frozenset[type]:
        return frozenset({int}) if self.lo is None and self.hi is None and not self.rules else frozenset()

    @property
    def kind(self) -> Kind:
        return "integer"

    def accepts(self, value: Any) -> bool:
        return type(value) is int


@dataclass(eq=False, slots=True)
class FloatNode(Node):
    label: str = "number"
    rules: tuple[ValueRule, ...] = ()

    def _plain_types(self) -> frozenset[type]:
        return frozenset() if self.rules else frozenset({float, int})

    @property
    def kind(self) -> Kind:
        return "float"

    def accepts(self, value: Any) -> bool:
        return type(value) is float or type(value) is int


@dataclass(eq=False, slots=True)
class EnumNode(Node):
    label: str = ""
    values: tuple[str, ...] = ()
    docs: dict[str, str] = field(default_factory=dict)  # what each value means

    @property
    def kind(self) -> Kind:
        return "string"

    def accepts(self, value: Any) -> bool:
        return type(value) is str


@dataclass(eq=False, slots=True)
class AnyNode(Node):
    label: str = "any value"

    def _plain_types(self) -> frozenset[type]:
        return _TOML_TYPES


@dataclass(eq=False, slots=True)
class ArrayNode(Node):
    item: Node = field(default_factory=AnyNode)
    label: str = "array"

    def _plain_container(self) -> tuple[type | None, frozenset[type]]:
        return (list, self.item.plain_types) if self.item.plain_types else (None, frozenset())

    @property
    def kind(self) -> Kind:
        return "array"

    def accepts(self, value: Any) -> bool:
        return type(value) is list


@dataclass(eq=False, slots=True)
class MapNode(Node):
    """A table whose keys are chosen by the user (ids, names, paths)."""

    value: Node = field(default_factory=AnyNode)
    label: str = "table"
    description: str = ""

    def _plain_container(self) -> tuple[type | None, frozenset[type]]:
        return (dict, self.value.plain_types) if self.value.plain_types else (None, frozenset())

    @property
    def kind(self) -> Kind:
        return "map" if isinstance(self.value, (TableNode, MapNode)) else "table"

    @property
    def table_kind(self) -> TableKind:
        return "map" if isinstance(self.value, TableNode) else "free"

    def accepts(self, value: Any) -> bool:
        return type(value) is dict


@dataclass(eq=False, slots=True)
class FieldSpec:
    key: str  # the key as written in TOML
    node: Node
    description: str = ""
    default: str | None = None  # TOML text
    deprecated: str | None = None
    experimental: bool = False
    required: bool = False
    since: str | None = None  # first Codex release that reads the key
    until: str | None = None  # first Codex release that no longer reads it


@dataclass(eq=False, slots=True)
class TableNode(Node):
    name: str = ""  # the model it was compiled from
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    extra: Node | None = None  # type of user-id entries next to the fixed keys (agents roles, apps, ...)
    free_extra: bool = False  # any other key is accepted as-is (agent role inline config)
    unknown_fatal: bool = False  # Codex refuses unknown keys here instead of ignoring them
    unknown_value: Node | None = None  # type Codex still requires of unknown keys (feature flags: bool)
    rule: TableRule | None = None  # Codex's rule across the keys of this table
    description: str = ""
    label: str = "table"
    # keys that other known releases read but this one does not (for "added in Codex 0.171" messages)
    elsewhere: dict[str, FieldSpec] = field(default_factory=dict)
    # derived from the fields: keys that must be present, keys offered as "did you mean", the node of each key
    required: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    field_nodes: dict[str, Node] = field(default_factory=dict)
    release: str = ""  # set on a root: the release whose facts the tree holds

    @property
    def kind(self) -> Kind:
        return "table"

    def accepts(self, value: Any) -> bool:
        return type(value) is dict

    @property
    def table_kind(self) -> TableKind:
        return "map" if isinstance(self.extra, (TableNode, MapNode)) else "table"


@dataclass(eq=False, slots=True)
class UnionNode(Node):
    options: tuple[Node, ...] = ()
    label: str = ""

    @property
    def kind(self) -> Kind:
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


# --------------------------------------------------------------------------------------------------
# loading the compiled trees


def root_node(release: str = releases.NEWEST) -> TableNode:
    """The tree of the config (:class:`~.models.CodexConfig`) as Codex ``release`` reads it.

    Loaded on first use; a release newer than every known one gets the tree of the newest known release
    (:func:`codex_config_lsp.releases.knowledge_for`).
    """
    release = releases.knowledge_for(release)
    root = _ROOTS.get(release)
    if root is None:
        with _LOADING:
            root = _ROOTS.get(release)
            if root is None:
                # The parsed file is dropped once the tree is built (another release reads it again):
                # only the nodes stay, and the tables of an earlier release are reused.
                data = json.loads(COMPILED_TREES.read_text(encoding="utf-8"))
                root = _Decoder(data, _TABLES).root(release)
                _ROOTS[release] = root  # published whole: readers take it without the lock
    return root


_ROOTS: dict[str, TableNode] = {}
_TABLES: dict[str, TableNode] = {}  # table id -> its node, for every release loaded so far
_LOADING = threading.Lock()


def decode_trees(data: dict[str, Any]) -> dict[str, TableNode]:
    """release -> root, from the data :func:`.compile.encode_trees` writes."""
    decoder = _Decoder(data, {})
    return {release: decoder.root(release) for release in data["roots"]}


class _Decoder:
    """Turns compiled data into nodes, one release at a time; a table shared by releases is built once."""

    def __init__(self, data: dict[str, Any], tables: dict[str, TableNode]) -> None:
        self._roots: dict[str, str] = data["roots"]
        self._definitions: dict[str, Any] = data["tables"]
        self._tables = tables

    def root(self, release: str) -> TableNode:
        root = self.table(self._roots[release])
        root.release = release
        return root

    def table(self, ref: str) -> TableNode:
        found = self._tables.get(ref)
        if found is not None:
            return found
        spec = self._definitions[ref]
        found = self._tables[ref] = TableNode(
            name=spec["name"],
            description=spec.get("description", ""),
            label=spec.get("label", "table"),
            free_extra=spec.get("free_extra", False),
            unknown_fatal=spec.get("unknown_fatal", False),
            rule=TABLE_RULES[spec["rule"]] if "rule" in spec else None,
        )  # kept before its fields are read: tables may share sub-tables
        found.fields = {key: self.field_spec(key, f) for key, f in spec.get("fields", {}).items()}
        found.elsewhere = {key: self.field_spec(key, f) for key, f in spec.get("elsewhere", {}).items()}
        found.extra = self.node(spec["extra"]) if "extra" in spec else None
        found.unknown_value = self.node(spec["unknown_value"]) if "unknown_value" in spec else None
        found.required = tuple(k for k, f in found.fields.items() if f.required)
        found.candidates = tuple(k for k, f in found.fields.items() if not f.deprecated)
        found.field_nodes = {k: f.node for k, f in found.fields.items()}
        return found

    def field_spec(self, key: str, spec: dict[str, Any]) -> FieldSpec:
        return FieldSpec(
            key=key,
            node=self.node(spec["node"]) if "node" in spec else AnyNode(),
            description=spec.get("description", ""),
            default=spec.get("default"),
            deprecated=spec.get("deprecated"),
            experimental=spec.get("experimental", False),
            required=spec.get("required", False),
            since=spec.get("since"),
            until=spec.get("until"),
        )

    def node(self, spec: dict[str, Any]) -> Node:
        kind = spec["type"]
        if kind == "table":
            return self.table(spec["ref"])
        rules = tuple(VALUE_RULES[name] for name in spec.get("rules", ()))
        made: Node
        if kind == "string":
            made = StringNode(
                suggest=tuple(spec.get("suggest", ())),
                docs=spec.get("docs", {}),
                rules=rules,
                pattern=spec.get("pattern"),
                min_len=spec.get("min_len"),
                max_len=spec.get("max_len"),
            )
        elif kind == "enum":
            made = EnumNode(values=tuple(spec["values"]), docs=spec.get("docs", {}))
        elif kind == "boolean":
            made = BoolNode()
        elif kind == "integer":
            made = IntNode(lo=spec.get("lo"), hi=spec.get("hi"), rules=rules)
        elif kind == "float":
            made = FloatNode(rules=rules)
        elif kind == "array":
            made = ArrayNode(item=self.node(spec["item"]))
        elif kind == "map":
            made = MapNode(value=self.node(spec["value"]), description=spec.get("description", ""))
        elif kind == "union":
            made = UnionNode(options=tuple(self.node(option) for option in spec["options"]))
        elif kind == "any":
            made = AnyNode()
        else:  # pragma: no cover - the compiler writes only the kinds above
            raise ValueError(f"unknown node type {kind!r} in {COMPILED_TREES.name}")
        label = spec.get("label")
        if label is not None:
            made.label = label
        return made
