"""Build time: compile the pydantic models into the data the language server reads (no pydantic at run time).

``scripts/compile-schema`` writes what :func:`render` returns into ``compiled/``; a test compiles again in
memory and compares. Two files:

* ``trees.json`` - the node tree of every known release (:mod:`.nodes` loads it): tables by id, shared by
  the releases whose facts they hold alike, and the root of each release.
* ``json-schema.json`` - the JSON Schema of every known release (:mod:`.jsonschema` serves it).

Everything here reads annotations the way Codex reads TOML: a date-time where a string is expected is a
string, an integer where a float is expected is a float, nothing else is coerced.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .. import releases
from ._base import CodexTable
from ._meta import PATH_LABEL, Label, Rule, Suggest, ValueDocs, ValuesSince
from .constraints import TABLE_RULES, VALUE_RULES
from .nodes import TableNode, decode_trees
from .texts import for_release

__all__ = ["OUTPUT", "render", "encode_trees", "compile_model"]

OUTPUT = Path(__file__).with_name("compiled")

# The label a node of each type has unless the models say otherwise (the data leaves these out).
_DEFAULT_LABELS = {
    "string": "string",
    "boolean": "boolean",
    "integer": "integer",
    "float": "number",
    "any": "any value",
    "array": "array",
    "map": "table",
    "table": "table",
}


def render() -> dict[str, str]:
    """file name (in ``compiled/``) -> its text, for every known release."""
    trees = encode_trees(releases.KNOWN)
    from .jsonschema_build import json_schema_of  # pydantic's JSON Schema generator, build time only

    schemas = {release: json_schema_of(release, decode_trees(trees)[release]) for release in releases.KNOWN}
    return {"trees.json": _dump(trees), "json-schema.json": _dump(schemas)}


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def encode_trees(known: typing.Sequence[str]) -> dict[str, Any]:
    """The trees of ``known`` releases as plain data; the newest release's tables keep their model names."""
    from .models import CodexConfig

    encoder = _Encoder()
    roots = {release: encoder.table(CodexConfig, release, root=True) for release in reversed(known)}
    return {"roots": {release: roots[release] for release in known}, "tables": encoder.tables}


def compile_model(model: type[BaseModel], release: str = releases.NEWEST) -> TableNode:
    """The node of ``model`` holding the facts of ``release`` (for tests of the compiler itself)."""
    encoder = _Encoder()
    ref = encoder.table(model, releases.knowledge_for(release), root=True)
    return decode_trees({"roots": {release: ref}, "tables": encoder.tables})[release]


class _Encoder:
    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Any]] = {}
        self._refs: dict[tuple[type[BaseModel], str], str] = {}
        self._building: set[tuple[type[BaseModel], str]] = set()

    # -- tables ---------------------------------------------------------------------------------------

    def table(self, model: type[BaseModel], release: str, root: bool = False) -> str:
        """The id of ``model``'s table as ``release`` reads it: its name, or ``name@release`` when another
        release's table of that name differs (a root always names its release)."""
        known = self._refs.get((model, release))
        if known is not None:
            return known
        if (model, release) in self._building:  # pragma: no cover - no model contains itself
            raise TypeError(f"{model.__name__} contains itself")
        self._building.add((model, release))
        spec = self._table_spec(model, release)
        self._building.discard((model, release))
        ref = f"{model.__name__}@{release}" if root else model.__name__
        if ref in self.tables and self.tables[ref] != spec:
            ref = f"{model.__name__}@{release}"
        self.tables[ref] = spec
        self._refs[(model, release)] = ref
        return ref

    def _table_spec(self, model: type[BaseModel], release: str) -> dict[str, Any]:
        spec: dict[str, Any] = {"name": model.__name__}
        doc = (model.__doc__ or "").strip().split("\n")[0]
        if doc:
            spec["description"] = doc
        if issubclass(model, CodexTable):
            if model.codex_unknown_fatal:
                spec["unknown_fatal"] = True
            if model.codex_unknown_value is not None:
                spec["unknown_value"] = self.node(model.codex_unknown_value, (), release)
            if model.codex_rule is not None:
                if model.codex_rule not in TABLE_RULES:  # pragma: no cover - a typo in the models
                    raise KeyError(f"{model.__name__}.codex_rule: no rule {model.codex_rule!r} in constraints")
                spec["rule"] = model.codex_rule
        if model.model_config.get("extra") == "allow":
            hints = typing.get_type_hints(model, include_extras=True)
            args = get_args(hints.get("__pydantic_extra__"))
            value_tp = args[1] if len(args) == 2 else Any
            if value_tp is Any:
                spec["free_extra"] = True
            else:
                spec["extra"] = self.node(value_tp, (), release)
        fields: dict[str, Any] = {}
        elsewhere: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            key = info.alias or name
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            facts = model.codex_key_facts(key, release) if issubclass(model, CodexTable) else None
            if facts:
                extra = {**extra, **facts}
            since, until = extra.get("x-since"), extra.get("x-until")
            field: dict[str, Any] = {}
            description = extra.get("description", info.description or "")
            if description:
                field["description"] = for_release(str(description), release)
            if extra.get("x-toml-default") is not None:
                field["default"] = extra["x-toml-default"]
            if extra.get("x-deprecated"):
                field["deprecated"] = for_release(str(extra["x-deprecated"]), release)
            if extra.get("x-experimental"):
                field["experimental"] = True
            if info.is_required():
                field["required"] = True
            if since is not None:
                field["since"] = since
            if until is not None:
                field["until"] = until
            if not releases.holds(release, _text(since), _text(until)):
                elsewhere[key] = field
                continue
            fields[key] = {"node": self.node(info.annotation, tuple(info.metadata), release), **field}
        if fields:
            spec["fields"] = fields
        if elsewhere:
            spec["elsewhere"] = elsewhere
        return spec

    # -- values -----------------------------------------------------------------------------------------

    def node(self, tp: Any, meta: tuple[Any, ...], release: str) -> dict[str, Any]:
        node = self._node(tp, meta, release)
        if node.get("label") == _DEFAULT_LABELS.get(node["type"]):
            del node["label"]
        return node

    def label(self, node: dict[str, Any]) -> str:
        if node["type"] == "table":
            return str(self.tables[node["ref"]].get("label", "table"))
        return str(node.get("label", _DEFAULT_LABELS.get(node["type"], "")))

    def _node(self, tp: Any, meta: tuple[Any, ...], release: str) -> dict[str, Any]:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            base, *extra = get_args(tp)
            return self._node(base, (*meta, *extra), release)
        flat: list[Any] = []
        for m in meta:
            flat.extend(m.metadata if isinstance(m, FieldInfo) else (m,))
        label = next((m.text for m in flat if isinstance(m, Label)), None)
        rules = [_rule_name(m) for m in flat if isinstance(m, Rule)]
        docs = next((m.docs for m in flat if isinstance(m, ValueDocs)), {})
        docs = {value: for_release(text, release) for value, text in docs.items()}
        node: dict[str, Any]
        if tp is str:
            suggest = next((m.values for m in flat if isinstance(m, Suggest)), ())
            node = {"type": "string", "label": "string"}
            if suggest:
                node["suggest"] = list(suggest)
                if not label:
                    label = "string: " + " | ".join(f'"{v}"' for v in suggest) + " (or any other string)"
            _check_docs(docs, suggest)
            if docs:
                node["docs"] = docs
            if rules:
                node["rules"] = rules
            for m in flat:
                pattern = getattr(m, "pattern", None)
                if isinstance(pattern, str):
                    node["pattern"] = pattern
                if isinstance(m, at.MinLen):
                    node["min_len"] = m.min_length
                if isinstance(m, at.MaxLen):
                    node["max_len"] = m.max_length
        elif tp is bool:
            node = {"type": "boolean"}
        elif tp is int:
            lo = hi = None
            for m in flat:
                if isinstance(m, at.Ge):
                    lo = typing.cast(int, m.ge)
                elif isinstance(m, at.Gt):
                    lo = typing.cast(int, m.gt) + 1
                elif isinstance(m, at.Le):
                    hi = typing.cast(int, m.le)
                elif isinstance(m, at.Lt):
                    hi = typing.cast(int, m.lt) - 1
            node = {"type": "integer", "label": _int_label(lo, hi)}
            if lo is not None:
                node["lo"] = lo
            if hi is not None:
                node["hi"] = hi
            if rules:
                node["rules"] = rules
        elif tp is float:
            node = {"type": "float"}
            rule_label = next((m.label for m in flat if isinstance(m, Rule) and m.label), None)
            if rule_label:
                node["label"] = rule_label
            if rules:
                node["rules"] = rules
        elif tp is Any:
            node = {"type": "any"}
        elif origin is Literal:
            ranges = next((m for m in flat if isinstance(m, ValuesSince)), None)
            values = [str(v) for v in get_args(tp) if ranges is None or _value_holds(ranges, str(v), release)]
            _check_docs(docs, tuple(str(v) for v in get_args(tp)))
            node = {"type": "enum", "values": values, "label": " | ".join(f'"{v}"' for v in values)}
            docs = {value: text for value, text in docs.items() if value in values}
            if docs:
                node["docs"] = docs
        elif origin in (Union, types.UnionType):
            options = [self.node(a, (), release) for a in get_args(tp) if a is not type(None)]
            if len(options) == 1:
                node = options[0]
            else:
                node = {"type": "union", "options": options, "label": " or ".join(self.label(o) for o in options)}
        elif origin is list:
            (item_tp,) = get_args(tp) or (Any,)
            item = self.node(item_tp, (), release)
            node = {"type": "array", "item": item, "label": "array of " + _plural(self.label(item))}
        elif origin is dict:
            _, value_tp = get_args(tp) or (str, Any)
            value = self.node(value_tp, (), release)
            node = {"type": "map", "value": value, "label": "table"}
            if value["type"] != "any":
                node["label"] = "table of " + _plural(self.label(value))
            if value["type"] == "table" and self.tables[value["ref"]].get("description"):
                node["description"] = self.tables[value["ref"]]["description"]
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            if label:  # pragma: no cover - a table's label would be shared by every use of the table
                raise TypeError(f"Label on the table {tp.__name__}: put it on the union that holds it")
            return {"type": "table", "ref": self.table(tp, release)}
        else:  # pragma: no cover - every annotation in the models is handled above
            raise TypeError(f"cannot compile annotation {tp!r}")
        if label:
            node["label"] = label
        return node


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _rule_name(rule: Rule) -> str:
    name = rule.check.__name__
    if VALUE_RULES.get(name) is not rule.check:  # pragma: no cover - a rule the trees could not refer to
        raise KeyError(f"Rule({name}): put the function in constraints.VALUE_RULES")
    return name


def _check_docs(docs: dict[str, str], values: tuple[str, ...]) -> None:
    unknown = set(docs) - set(values)
    if unknown:  # pragma: no cover - a typo in the models
        raise ValueError(f"ValueDocs for values the type does not have: {sorted(unknown)}")


def _value_holds(ranges: ValuesSince, value: str, release: str) -> bool:
    return releases.holds(release, ranges.since.get(value), ranges.until.get(value))


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
