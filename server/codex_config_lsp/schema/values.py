"""What enum values mean, in a line each (hover and completion show them).

The texts are declared beside their enums in the models (``ValueDocs``) and compiled into the trees; this
module finds them for a key.
"""

from __future__ import annotations

from typing import Any

from .. import releases
from .navigate import all_key_paths, resolve
from .nodes import EnumNode, Node, StringNode, UnionNode

__all__ = ["value_doc", "value_docs"]


def value_doc(pattern: tuple[str, ...], value: str, release: str = releases.NEWEST) -> str | None:
    """The meaning of ``value`` for the key at ``pattern`` (a KeyInfo path) in Codex ``release``, if written
    down."""
    concrete = tuple("x" if part == "*" else part for part in pattern)
    node = resolve(concrete, releases.knowledge_for(release))
    return _docs(node).get(value) if node is not None else None


def value_docs(release: str = releases.NEWEST) -> dict[tuple[str, ...], dict[str, str]]:
    """pattern -> value -> meaning, for every key of ``release`` whose values are documented."""
    out: dict[tuple[str, ...], dict[str, str]] = {}
    for pattern in all_key_paths(release):
        concrete = tuple("x" if part == "*" else part for part in pattern)
        node = resolve(concrete, releases.knowledge_for(release))
        docs = _docs(node) if node is not None else {}
        if docs:
            out[pattern] = docs
    return out


def _docs(node: Node) -> dict[str, str]:
    if isinstance(node, (EnumNode, StringNode)):
        return node.docs
    if isinstance(node, UnionNode):
        return {value: text for option in node.options for value, text in _docs(option).items()}
    return {}


def __getattr__(name: str) -> Any:
    # The table as it used to be written down, for callers that iterate over it.
    if name == "VALUE_DOCS":
        return value_docs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
