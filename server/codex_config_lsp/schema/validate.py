"""Check a parsed `config.toml` the way a given Codex release loads it (the newest known one by default).

* unknown keys: Codex warns and ignores them -> ``unknown-key`` (with "did you mean", "belongs in ..." and
  "added in Codex 0.171" when another release reads the key)
* wrong types: Codex refuses to start -> ``invalid-type`` (one problem per value, unions collapsed)
* bad enum values, out-of-range numbers, broken shapes: Codex refuses -> ``invalid-value``
* settings Codex loads but warns about as deprecated -> ``deprecated-setting``

Values are plain Python data as a TOML reader returns them. Like Codex, a TOML date-time is accepted
where a string is expected, an integer is accepted where a float is expected, and nothing else is coerced.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import string
from collections.abc import Callable
from typing import Any

from .. import releases
from ..suggest import closest
from .constraints import ValueRule
from .legacy import LEGACY, MCP_HINTS, PROVIDER_HINTS
from .nodes import (
    AnyNode,
    ArrayNode,
    BoolNode,
    EnumNode,
    FloatNode,
    IntNode,
    MapNode,
    Node,
    StringNode,
    TableNode,
    UnionNode,
    root_node,
)
from .problem import KeyPath, ProblemCode, SchemaProblem
from .texts import codex_name, for_release

__all__ = ["SchemaProblem", "validate", "format_table", "format_key"]

REFUSES = "Codex refuses to load the config"
IGNORES = "Codex ignores it"

_log = logging.getLogger(__name__)


def validate(config: object, release: str = releases.NEWEST) -> list[SchemaProblem]:
    """Problems Codex ``release`` would report for ``config``, in document order. Never raises: a bug in a
    rule is logged (to stderr, with its traceback) and the problems found until then are returned."""
    walker = _Walker(release)
    try:
        walker.run(config)
    except Exception:  # a safety net for the editor; the fuzz test runs _Walker without it
        _log.exception("schema validation stopped early (Codex %s); some problems may be missing", release)
    return walker.out


# --------------------------------------------------------------------------------------------------
# formatting helpers

# Characters of a bare TOML key: a key made only of these is written without quotes.
_BARE = frozenset(string.ascii_letters + string.digits + "_-")


def format_key(key: Any) -> str:
    text = str(key)
    if text and _BARE.issuperset(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_table(path: KeyPath) -> str:
    """`[a.b]` for a table path (array indices shown as [i]); "the top level" for the root."""
    if not path:
        return "the top level"
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            parts[-1:] = [(parts[-1] if parts else "") + f"[{p}]"]
        else:
            parts.append(format_key(p))
    if any(isinstance(p, int) for p in path):
        return "`" + ".".join(parts) + "`"
    return "`[" + ".".join(parts) + "]`"


def _pattern_table(pat: tuple[str, ...]) -> str:
    if not pat:
        return "the top level"
    return "`[" + ".".join("<id>" if p == "*" else format_key(p) for p in pat) + "]`"


def _describe(value: Any) -> str:
    t = type(value)
    if t is str:
        text = value if len(value) <= 40 else value[:37] + "..."
        return f'the string "{text}"'
    if t is bool:
        return f"the boolean {'true' if value else 'false'}"
    if t is int:
        return f"the integer {value}"
    if t is float:
        return f"the number {value!r}"
    if t is list:
        return "an array"
    if t is dict:
        return "a table"
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return "a date/time"
    return "an unsupported value"


def _article(label: str) -> str:
    if label.startswith('"') or label.startswith("string:"):
        return "one of " + label if label.startswith('"') else label
    return ("an " if label[:1] in "aeiou" else "a ") + label


# --------------------------------------------------------------------------------------------------
# where a key belongs, when it is written in the wrong table

_INDEX: dict[str, dict[str, list[tuple[str, ...]]]] = {}


def _key_index(root: TableNode) -> dict[str, list[tuple[str, ...]]]:
    """key -> the tables (pattern paths) where ``root``'s release reads it."""
    found = _INDEX.get(root.release)
    if found is None:
        index: dict[str, list[tuple[str, ...]]] = {}

        def walk(node: Node, pat: tuple[str, ...], depth: int) -> None:
            if depth > 8:
                return
            if isinstance(node, UnionNode):
                opt = node.table_option()
                if opt is not None:
                    walk(opt, pat, depth)
                return
            if isinstance(node, ArrayNode):
                walk(node.item, pat, depth)
                return
            if isinstance(node, MapNode):
                if pat in (("profiles",),):
                    return
                walk(node.value, pat + ("*",), depth + 1)
                return
            if isinstance(node, TableNode):
                if pat[:1] == ("features",) and len(pat) > 1:
                    return
                for key, spec in node.fields.items():
                    index.setdefault(key, []).append(pat)
                    walk(spec.node, pat + (key,), depth + 1)
                if node.extra is not None:
                    walk(node.extra, pat + ("*",), depth + 1)

        walk(root, (), 0)
        _INDEX[root.release] = found = index
    return found


def _scope(pat: tuple[str, ...]) -> str:
    if not pat:
        return "root"
    if pat == ("profiles", "*"):
        return "profile"
    if pat in (("tui",),):
        return "tui"
    if pat in (("windows",), ("profiles", "*", "windows")):
        return "windows"
    if pat in (("features",), ("profiles", "*", "features")):
        return "features"
    if pat == ("model_providers", "*"):
        return "provider"
    if pat == ("mcp_servers", "*"):
        return "mcp"
    return ""


def _provider_keys(root: TableNode) -> frozenset[str]:
    """Keys of a `[model_providers.<id>]` table that mean nothing elsewhere (`name` and `auth` do)."""
    providers = root.fields["model_providers"].node
    table = providers.value if isinstance(providers, MapNode) else None
    keys = frozenset(table.fields) if isinstance(table, TableNode) else frozenset()
    return keys - {"name", "auth"}


def _other_release(table: TableNode, key: str, release: str) -> str | None:
    """ "was added in Codex 0.171; Codex 0.169" when another known release reads ``key`` in this table."""
    spec = table.elsewhere.get(key)
    if spec is None:
        return None
    this = codex_name(release)
    if spec.since is not None and not releases.holds(release, since=spec.since):
        return f"was added in {codex_name(spec.since)}; {this}"
    if spec.until is not None:
        return f"was removed in {codex_name(spec.until)}; {this}"
    return None  # pragma: no cover - a spec is only set aside when one of the two holds


def _unknown_message(
    table: TableNode, pat: tuple[str, ...], path: KeyPath, key: str, root: TableNode, suggest: bool = True
) -> tuple[str, tuple[str, ...]]:
    where = format_table(path)
    k = f"`{key}`"
    suggestions = closest(key, table.candidates) if suggest else ()
    scope = _scope(pat)

    other = _other_release(table, key, root.release)
    if other:
        return f"{k} {other} ignores it.", suggestions
    legacy = LEGACY.get(scope, {}).get(key)
    if legacy:
        return f"{k} {for_release(legacy, root.release)}; {IGNORES} here.", suggestions
    if scope == "provider" and key in PROVIDER_HINTS:
        return f"{k} {PROVIDER_HINTS[key]}; {IGNORES}.", suggestions
    if scope == "mcp" and key in MCP_HINTS:
        return f"{k} {MCP_HINTS[key]}; {IGNORES}.", suggestions
    if scope == "profile" and key in root.fields:
        return (
            f"{k} is only read at the top level; {IGNORES} inside a profile: move it out of {where}.",
            suggestions,
        )
    if scope in ("root", "profile") and key in _provider_keys(root):
        return (
            f"{k} is a model provider setting, so {IGNORES} {'here' if scope == 'root' else 'in a profile'}: "
            f"put it in a `[model_providers.<id>]` table and select that provider with `model_provider`.",
            suggestions,
        )
    if pat and key in root.fields and not suggestions:
        return (
            f"{k} is a top-level setting, but written here it belongs to {where} (keys after a table header go "
            f"into that table), so {IGNORES}: move it above the first table header.",
            suggestions,
        )
    if not suggestions:
        homes = [p for p in _key_index(root).get(key, ()) if p != pat and p[:1] != ("profiles",)]
        if homes and len(homes) <= 2:
            return (
                f"{k} is not a setting of {where}, so {IGNORES}; it belongs in {_pattern_table(homes[0])}.",
                suggestions,
            )
    if suggestions:
        return f"Unknown key {k} {_in(where)}: {IGNORES}. Did you mean `{suggestions[0]}`?", suggestions
    return f"Unknown key {k} {_in(where)}: {IGNORES}; check the spelling or remove it.", suggestions


def _in(where: str) -> str:
    return "at the top level" if where == "the top level" else "in " + where


# --------------------------------------------------------------------------------------------------
# the walker


# "Did you mean" costs a similarity ranking per unknown key: a document with thousands of them
# (50,000 stray headers took 20 s per keystroke) gets suggestions for the first ones only.
SUGGESTED_UNKNOWN_KEYS = 200


class _Walker:
    __slots__ = ("out", "_seen", "_pending", "root", "release", "_unknown_keys")

    def __init__(self, release: str = releases.NEWEST) -> None:
        self.root = root_node(release)
        self.release = self.root.release
        self.out: list[SchemaProblem] = []
        self._seen: set[KeyPath] = set()
        # problems that a table's rule found on keys below the table, emitted when the walk gets there
        # (keeps document order and stops a second problem for the same value)
        self._pending: dict[KeyPath, SchemaProblem] = {}
        self._unknown_keys = 0

    def add(self, path: KeyPath, code: ProblemCode, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.emit(SchemaProblem(path, code, message, suggestions))

    def emit(self, problem: SchemaProblem) -> None:
        if problem.path in self._seen:
            return
        self._seen.add(problem.path)
        self.out.append(problem)

    def run(self, config: Any) -> None:
        if type(config) is not dict:
            self.add((), "invalid-type", f"The config must be a table of settings, but it is {_describe(config)}.")
            return
        self.table(self.root, config, (), ())
        for problem in list(self._pending.values()):
            self.emit(problem)

    # -- type errors -------------------------------------------------------------------------------

    def type_error(self, node: Node, value: Any, path: KeyPath) -> None:
        key = path[-1] if path else "the config"
        name = f"`{key}`" if not isinstance(key, int) else f"Item {key}"
        label = node.label
        fix = _type_fix(node, value)
        self.add(path, "invalid-type", f"{name} must be {_article(label)}, not {_describe(value)}: {REFUSES}. {fix}")

    def bad_value(self, path: KeyPath, reason: str, suggestions: tuple[str, ...] = (), fix: str = "") -> None:
        key = path[-1] if path else "config"
        name = f"`{key}`" if not isinstance(key, int) else f"Item {key}"
        text = f"{name} {reason}: {REFUSES}."
        if fix:
            text += " " + fix
        self.add(path, "invalid-value", text, suggestions)

    # -- nodes ---------------------------------------------------------------------------------------

    # Speed: most values of a config have nothing wrong with them. So the loops over the items of a table, an
    # array and a map pass a value that needs no check (see ``Node.plain_types``) without a call into it or a
    # path for it, and check the others with the method of their node directly. Only while a problem that a
    # table's rule left pending waits for its path does every item go through ``check``, which emits it there.

    def check(self, node: Node, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if self._pending and path in self._pending:
            self.emit(self._pending.pop(path))
            return
        _CHECKS[type(node)](self, node, value, path, pat)

    def array(self, node: ArrayNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not list:
            self.type_error(node, value, path)
            return
        item = node.item
        plain = item.plain_types
        check_item = _CHECKS[type(item)]
        pending = self._pending
        for i, v in enumerate(value):
            if pending:
                self.check(item, v, path + (i,), pat)
            elif type(v) not in plain:
                check_item(self, item, v, path + (i,), pat)

    def map(self, node: MapNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not dict:
            self.type_error(node, value, path)
            return
        entry = node.value
        if isinstance(entry, AnyNode):
            return
        plain = entry.plain_types
        check_entry = _CHECKS[type(entry)]
        pending = self._pending
        entry_pat = pat + ("*",)
        for k, v in value.items():
            if pending:
                self.check(entry, v, path + (k,), entry_pat)
            elif type(v) not in plain:
                check_entry(self, entry, v, path + (k,), entry_pat)

    def union(self, node: UnionNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        option = node.pick(value)
        if option is None:
            self.type_error(node, value, path)
        elif isinstance(option, EnumNode) and value not in option.values:
            table = node.table_option()
            if isinstance(table, TableNode) and value in table.fields:
                allowed = ", ".join(f'"{v}"' for v in option.values)
                self.bad_value(
                    path,
                    f'cannot be the string "{value}"',
                    option.values,
                    f"`{value}` is written as a table: `{path[-1]} = {{ {format_key(value)} = {{ ... }} }}` "
                    f"(or use one of {allowed}).",
                )
            else:
                self.enum(option, value, path, pat)
        else:
            self.check(option, value, path, pat)

    def boolean(self, node: BoolNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not bool:
            self.type_error(node, value, path)

    def anything(self, node: AnyNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        pass

    def string(self, node: StringNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not str:
            if not isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
                self.type_error(node, value, path)
            return
        reason = _broken_rule(node.rules, value)
        if reason:
            self.bad_value(path, reason)
            return
        if node.min_len is not None and len(value) < node.min_len:
            self.bad_value(path, f"must have at least {node.min_len} character(s)")
        elif node.max_len is not None and len(value) > node.max_len:
            self.bad_value(path, f"must have at most {node.max_len} characters")
        elif not node.matches(value):
            self.bad_value(path, f"must match {node.pattern}")

    def enum(self, node: EnumNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not str:
            self.type_error(node, value, path)
            return
        if value in node.values:
            return
        close = closest(value, node.values, limit=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        allowed = ", ".join(f'"{v}"' for v in node.values)
        self.bad_value(path, f'cannot be "{value}"', node.values, f"Use one of {allowed}{hint}.")

    def integer(self, node: IntNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not int:
            self.type_error(node, value, path)
            return
        lo, hi = node.lo, node.hi
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.bad_value(path, f"must be an {node.label}, not {value}")
            return
        reason = _broken_rule(node.rules, value)
        if reason:
            self.bad_value(path, reason)

    def number(self, node: FloatNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        t = type(value)
        if t is not float and t is not int:
            self.type_error(node, value, path)
            return
        reason = _broken_rule(node.rules, value)
        if reason:
            self.bad_value(path, f"{reason} (it is {value!r})")

    def table(self, node: TableNode, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        if type(value) is not dict:
            self.type_error(node, value, path)
            return
        # A table Codex cannot even read (an unknown key where those are fatal) never reaches its rule.
        if node.rule is not None and (not node.unknown_fatal or all(k in node.fields for k in value)):
            for found in node.rule(value, self.release):
                where = path + found.path
                placed = SchemaProblem(where, found.code, found.message, found.suggestions)
                if where == path:
                    self.emit(placed)
                else:
                    self._pending.setdefault(where, placed)
        field_nodes = node.field_nodes
        pending = self._pending
        checks = _CHECKS
        for key, v in value.items():
            known = field_nodes.get(key)
            if known is not None:
                if pending:
                    self.check(known, v, path + (key,), pat + (key,))
                    continue
                t = type(v)
                if t in known.plain_types:
                    continue
                if t is known.container_type:  # an array or a map at a key (`args`, `env`): common enough
                    plain = known.plain_items
                    for item in v if t is list else v.values():
                        if type(item) not in plain:
                            break
                    else:
                        continue  # every item passes as it is
                checks[type(known)](self, known, v, path + (key,), pat + (key,))
                continue
            child = path + (key,)
            if node.extra is not None:
                self.extra_entry(node, node.extra, key, v, child, pat)
                continue
            if node.free_extra:
                continue
            self.unknown(node, key, v, child, pat)
        missing = [k for k in node.required if k not in value] if node.required else None
        if missing:
            self.add(
                path,
                "invalid-value",
                f"{format_table(path)} is missing the required key `{missing[0]}`: {REFUSES}. "
                f"Add `{missing[0]} = ...`.",
            )

    def extra_entry(
        self, node: TableNode, extra: Node, key: str, value: Any, path: KeyPath, pat: tuple[str, ...]
    ) -> None:
        if isinstance(extra, TableNode) and type(value) is not dict and node.fields:
            close = closest(key, node.fields)
            if key in self.root.fields and not close:
                self.add(
                    path,
                    "invalid-type",
                    f"`{key}` is a top-level setting, but written here it is read as an entry of "
                    f"{format_table(path[:-1])}, which must be a table: {REFUSES}. Move it above the first "
                    "table header.",
                )
                return
            if close:
                self.add(
                    path,
                    "invalid-type",
                    f"`{key}` is read as an entry of {format_table(path[:-1])}, which must be a table, not "
                    f"{_describe(value)}: {REFUSES}. Did you mean `{close[0]}`?",
                    close,
                )
                return
        self.check(extra, value, path, pat + ("*",))

    def unknown(self, node: TableNode, key: str, value: Any, path: KeyPath, pat: tuple[str, ...]) -> None:
        self._unknown_keys += 1
        suggest = self._unknown_keys <= SUGGESTED_UNKNOWN_KEYS
        message, suggestions = _unknown_message(node, pat, path[:-1], key, self.root, suggest)
        expected = node.unknown_value
        if expected is not None and not expected.accepts(value):
            self.add(
                path,
                "invalid-type",
                f"`{key}` is not a known key, but Codex still reads every entry of {format_table(path[:-1])} "
                f"as {_article(expected.label)} and {_describe(value)} makes it refuse to load the config. "
                + (f"Did you mean `{suggestions[0]}`?" if suggestions else "Use true or false, or remove it."),
                suggestions,
            )
            return
        if node.unknown_fatal:
            message = _fatal_unknown_message(node, path, key, suggestions, self.release)
            self.add(path, "invalid-value", message, suggestions)
            return
        self.add(path, "unknown-key", message, suggestions)


# The method that checks each kind of node, found by the node's class in one look-up.
_CHECKS: dict[type[Node], Callable[[_Walker, Any, Any, KeyPath, tuple[str, ...]], None]] = {
    StringNode: _Walker.string,
    BoolNode: _Walker.boolean,
    EnumNode: _Walker.enum,
    TableNode: _Walker.table,
    IntNode: _Walker.integer,
    ArrayNode: _Walker.array,
    MapNode: _Walker.map,
    UnionNode: _Walker.union,
    FloatNode: _Walker.number,
    AnyNode: _Walker.anything,
}


def _fatal_unknown_message(node: TableNode, path: KeyPath, key: str, suggestions: tuple[str, ...], release: str) -> str:
    where = format_table(path[:-1])
    other = _other_release(node, key, release)
    if other:
        head = f"`{key}` {other} does not know it, and it rejects unknown keys in {where}: {REFUSES}."
    else:
        head = f"`{key}` is not a setting of {where}, and Codex rejects unknown keys in this table: {REFUSES}."
    if suggestions:
        return f"{head} Did you mean `{suggestions[0]}`?"
    known = ", ".join(f"`{k}`" for k in node.fields)
    return f"{head} Remove it" + (f"; the table's keys are {known}." if known else ".")


def _type_fix(node: Node, value: Any) -> str:
    expected = node
    if isinstance(node, UnionNode):
        expected = node.options[0]
    t = type(value)
    if isinstance(expected, BoolNode) and t is str and value.strip().lower() in ("true", "false"):
        return f"Write `{value.strip().lower()}` without quotes."
    if isinstance(expected, (IntNode, FloatNode)) and t is str:
        try:
            float(value)
            return "Write the number without quotes."
        except ValueError:
            return "Use a number."
    if isinstance(expected, IntNode) and t is float:
        if math.isfinite(value) and value == int(value):
            return f"Write {int(value)} without the decimal point."
        return "Use a whole number."
    if isinstance(expected, (StringNode, EnumNode)) and t in (int, float, bool):
        return "Put the value in quotes."
    if isinstance(expected, ArrayNode) and t is str:
        return 'Put it in brackets: ["..."].'
    if isinstance(expected, (TableNode, MapNode)):
        return "Use a table here: a `[section]` header or an inline `{ key = value }`."
    return f"Change it to {_article(node.label)}."


def _broken_rule(rules: tuple[ValueRule, ...], value: Any) -> str | None:
    """The reason of the first of Codex's extra rules that ``value`` breaks, if any."""
    for rule in rules:
        reason = rule(value)
        if reason:
            return reason
    return None
