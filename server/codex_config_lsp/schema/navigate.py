"""Questions about keys: what is this key, which keys can go in this table, what kind of table is it.

Paths are concrete document paths (``("model_providers", "my-proxy", "wire_api")``); array indices may
appear as ints and are otherwise skipped. Answers come from the tree compiled from the models for the
Codex release asked about (``release=``, the newest known release by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import releases
from .nodes import (
    AnyNode,
    ArrayNode,
    EnumNode,
    FieldSpec,
    Kind,
    MapNode,
    Node,
    StringNode,
    TableKind,
    TableNode,
    UnionNode,
    root_node,
)
from .texts import PATH_LABEL

__all__ = ["KeyInfo", "key_info", "child_keys", "table_kind", "all_key_paths", "resolve"]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    name: str
    path: tuple[str, ...]
    description: str
    type_label: str
    kind: Kind
    values: tuple[str, ...]
    default: str | None
    deprecated: str | None
    experimental: bool
    in_profile: bool
    root_only: bool
    since: str | None = None  # first Codex release that reads the key (None: every known release)
    until: str | None = None  # first Codex release that no longer reads it

    @property
    def names_file(self) -> bool:
        """True when the value is the path of a file or folder."""
        return self.type_label == PATH_LABEL


def _profile_keys(release: str) -> frozenset[str]:
    profiles = root_node(release).fields["profiles"].node
    assert isinstance(profiles, MapNode) and isinstance(profiles.value, TableNode)
    return frozenset(profiles.value.fields)


def _descend(node: Node, part: Any) -> Node:
    """Step through unions and arrays so that ``part`` can be looked up."""
    for _ in range(4):
        if isinstance(node, UnionNode):
            if isinstance(part, int):
                arr = next((o for o in node.options if isinstance(o, ArrayNode)), None)
                if arr is None:
                    return node
                node = arr
                continue
            opt = node.table_option()
            if opt is None:
                return node
            node = opt
        elif isinstance(node, ArrayNode) and not isinstance(part, int):
            node = node.item
        else:
            return node
    return node


@dataclass(slots=True)
class _Hit:
    node: Node
    spec: FieldSpec | None
    pattern: tuple[str, ...]
    parent_label: str


def _resolve(path: tuple[Any, ...], release: str) -> _Hit | None:
    root = root_node(release)
    node: Node = root
    spec: FieldSpec | None = None
    pattern: tuple[str, ...] = ()
    parent = ""
    for part in path:
        node = _descend(node, part)
        if isinstance(part, int):
            if isinstance(node, ArrayNode):
                node = node.item
                continue
            return None
        if not isinstance(part, str):
            return None
        parent = pattern[-1] if pattern else ""
        if isinstance(node, TableNode):
            found = node.fields.get(part)
            if found is not None:
                spec, node = found, found.node
                pattern += (part,)
            elif node.extra is not None:
                spec, node = None, node.extra
                pattern += ("*",)
            elif node.free_extra:
                inline = root.fields.get(part)  # agent roles accept config keys inline
                if inline is None:
                    return None
                spec, node = inline, inline.node
                pattern += (part,)
            else:
                return None
        elif isinstance(node, MapNode):
            spec, node = None, node.value
            pattern += ("*",)
        else:
            return None
    return _Hit(node, spec, pattern, parent)


def _values(node: Node) -> tuple[str, ...]:
    if isinstance(node, EnumNode):
        return node.values
    if isinstance(node, StringNode):
        return node.suggest
    if isinstance(node, UnionNode):
        out: list[str] = []
        for option in node.options:
            out.extend(_values(option))
        return tuple(out)
    return ()


@lru_cache(maxsize=8192)
def _key_info(path: tuple[Any, ...], release: str) -> KeyInfo | None:
    if not path or not isinstance(path[-1], str):
        return None
    hit = _resolve(path, release)
    if hit is None:
        return None
    node, spec, pattern = hit.node, hit.spec, hit.pattern
    if spec is not None:
        description = spec.description
        default, deprecated, experimental = spec.default, spec.deprecated, spec.experimental
        since, until = spec.since, spec.until
    else:
        since = until = None
        description = getattr(node, "description", "") or f"An entry of `{hit.parent_label or pattern[0]}`."
        default, deprecated, experimental = None, None, False
    in_profile = root_only = False
    if len(pattern) == 1:
        in_profile = pattern[0] in _profile_keys(release)
        root_only = not in_profile
    elif len(pattern) == 3 and pattern[0] == "profiles":
        in_profile = True
    return KeyInfo(
        name=path[-1],
        path=pattern,
        description=description,
        type_label=node.label,
        kind=node.kind,
        values=_values(node),
        default=default,
        deprecated=deprecated,
        experimental=experimental,
        in_profile=in_profile,
        root_only=root_only,
        since=since,
        until=until,
    )


def key_info(path: tuple[str | int, ...], release: str = releases.NEWEST) -> KeyInfo | None:
    """What the key at this concrete path is, or None when Codex ``release`` does not know it."""
    try:
        return _key_info(tuple(path), releases.knowledge_for(release))
    except TypeError:  # unhashable parts
        return None


def _table_at(path: tuple[Any, ...], release: str) -> TableNode | MapNode | None:
    if not path:
        return root_node(release)
    hit = _resolve(tuple(path), release)
    if hit is None:
        return None
    node = hit.node
    for _ in range(3):
        if isinstance(node, UnionNode):
            opt = node.table_option()
            if opt is None:
                arr = next((o for o in node.options if isinstance(o, ArrayNode)), None)
                if arr is None:
                    return None
                node = arr
            else:
                node = opt
        elif isinstance(node, ArrayNode):
            node = node.item
        else:
            break
    return node if isinstance(node, (TableNode, MapNode)) else None


@lru_cache(maxsize=2048)
def _child_keys(path: tuple[Any, ...], release: str) -> tuple[KeyInfo, ...] | None:
    node = _table_at(path, release)
    if node is None:
        return None
    if isinstance(node, MapNode):
        return ()
    keys = [k for k in node.fields]
    infos = [key_info(path + (k,), release) for k in keys]
    current = [i for i in infos if i is not None and not i.deprecated]
    old = [i for i in infos if i is not None and i.deprecated]
    return tuple(current + old)


def child_keys(table_path: tuple[str, ...], release: str = releases.NEWEST) -> tuple[KeyInfo, ...] | None:
    """Keys Codex ``release`` knows in the table at this concrete path (root = ``()``), current ones first;
    None if there is no table there."""
    try:
        return _child_keys(tuple(table_path), releases.knowledge_for(release))
    except TypeError:
        return None


def resolve(path: tuple[Any, ...], release: str = releases.NEWEST) -> Node | None:
    """The node of the value at this concrete path in Codex ``release``'s tree, or None if it knows none."""
    try:
        hit = _resolve(tuple(path), releases.knowledge_for(release))
    except TypeError:  # unhashable parts
        return None
    return hit.node if hit is not None else None


def table_kind(table_path: tuple[str, ...], release: str = releases.NEWEST) -> TableKind | None:
    """ "table" (fixed keys), "map" (keys are user ids), "free" (anything goes) or None (not a table)."""
    try:
        node = _table_at(tuple(table_path), releases.knowledge_for(release))
    except TypeError:
        return None
    if node is None:
        return None
    return node.table_kind


def all_key_paths(release: str = releases.NEWEST) -> list[tuple[str, ...]]:
    """Every pattern path Codex ``release`` knows (user ids as "*"), for tests and docs."""
    out: list[tuple[str, ...]] = []

    def walk(node: Node, pat: tuple[str, ...]) -> None:
        if isinstance(node, UnionNode):
            for option in node.options:
                walk(option, pat)
        elif isinstance(node, ArrayNode):
            walk(node.item, pat)
        elif isinstance(node, MapNode):
            if not isinstance(node.value, AnyNode):
                walk(node.value, pat + ("*",))
        elif isinstance(node, TableNode):
            for key, spec in node.fields.items():
                out.append(pat + (key,))
                walk(spec.node, pat + (key,))
            if node.extra is not None:
                walk(node.extra, pat + ("*",))

    walk(root_node(release), ())
    return out
