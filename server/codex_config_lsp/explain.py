"""The effective config Codex would use, every value with the file that sets it (`explain`).

Like `git config --show-origin --list`: the layers Codex stacks for a start
in a folder with a profile, whether each is read and why, and the merged
values. Secret values are never shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from . import domain, releases
from .catalog import Catalog
from .snapshot import Snapshot
from .stack import Effective, Origin, Session, Stack, stack_for
from .toml_text import key_text
from .tree import KeyPath

HIDDEN = "(hidden: may hold a secret)"
DEFAULT_PROVIDER = "openai"


@dataclass(frozen=True)
class Value:
    key: str
    value: Any
    path: str | None  # None: Codex's own default
    line: int | None


@dataclass(frozen=True)
class Explanation:
    release: str
    codex_home: PurePath | None
    session: Session
    stack: Stack
    values: tuple[Value, ...]
    effective: dict[str, Value]  # model and model_provider, defaults applied


def explain(snapshot: Snapshot, session: Session, catalog: Catalog | None = None) -> Explanation:
    layers = stack_for(snapshot, session)
    merged = layers.effective
    values = tuple(_values(merged))
    default_model = (catalog or snapshot.catalog()).default_model
    chosen = {
        "model": _with_default(merged, "model", default_model),
        "model_provider": _with_default(merged, "model_provider", DEFAULT_PROVIDER),
    }
    return Explanation(snapshot.release, snapshot.codex_home, session, layers, values, chosen)


def _with_default(merged: Effective, key: str, default: str | None) -> Value:
    origin = merged.origin((key,))
    value = merged.get((key,))
    if origin is None or value is None:
        return Value(key, default, None, None)
    return Value(key, value, str(origin.layer.path), _line(origin))


def _line(origin: Origin) -> int:
    return origin.layer.line_of(origin.located)


def _values(merged: Effective, node: object = None, path: KeyPath = ()) -> list[Value]:
    node = merged.data if node is None else node
    found: list[Value] = []
    if isinstance(node, dict) and (node or not path):
        for key, sub in node.items():
            found.extend(_values(merged, sub, path + (key,)))
        return found
    origin = merged.origin(path)
    shown = HIDDEN if domain.holds_secret(path, node) else _plain(node)
    return [Value(_dotted(path), shown, str(origin.layer.path) if origin else None, _line(origin) if origin else None)]


def _plain(value: object) -> Any:
    """A JSON-friendly copy of a TOML value (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _dotted(path: KeyPath) -> str:
    return ".".join(key_text(str(part)) for part in path)


# -- output ----------------------------------------------------------------------------------------


def as_json(explanation: Explanation, findings: list[dict[str, Any]]) -> str:
    session = explanation.session
    return json.dumps(
        {
            "codex_version": explanation.release,
            "codex_home": str(explanation.codex_home) if explanation.codex_home else None,
            "cwd": str(session.cwd) if session.cwd else None,
            "profile": session.profile,
            "layers": [
                {
                    "kind": layer.kind,
                    "path": str(layer.path),
                    "loaded": layer.loaded and layer.text is not None,
                    "reason": layer.reason,
                }
                for layer in explanation.stack.layers
            ],
            "values": [vars(value) for value in explanation.values],
            "effective": {key: value.value for key, value in explanation.effective.items()},
            "findings": findings,
        },
        indent=2,
        ensure_ascii=False,
    )


def as_text(explanation: Explanation, findings: list[str]) -> str:
    session = explanation.session
    release = releases.parse(explanation.release) or releases.parse(releases.NEWEST)
    short = release.short if release else explanation.release
    where = f"in {session.cwd}" if session.cwd else "outside any project"
    profile = f" with --profile {session.profile}" if session.profile else ""
    lines = [
        f"Codex {short} started {where}{profile} (CODEX_HOME={explanation.codex_home})",
        "",
        "layers, lowest first:",
    ]
    width = max((len(str(layer.path)) for layer in explanation.stack.layers), default=0)
    for layer in explanation.stack.layers:
        status = "read" if layer.loaded and layer.text is not None else "not read"
        lines.append(f"  {layer.kind:<8} {str(layer.path):<{width}}  {status}: {layer.reason}")
    lines += ["", "effective values:"]
    for key, value in explanation.effective.items():
        source = f"{value.path}:{value.line}" if value.path else f"default of Codex {short}"
        lines.append(f"  {key} = {json.dumps(value.value)}  ({source})")
    for value in explanation.values:
        if value.key in explanation.effective:
            continue
        lines.append(f"  {value.key} = {json.dumps(value.value, ensure_ascii=False)}  ({value.path}:{value.line})")
    if findings:
        lines += ["", "findings:", *(f"  {finding}" for finding in findings)]
    return "\n".join(lines)
