"""Asking Codex whether it knows a key, and which values an enum key takes: the snippets and how to read
the answers. Shared by ``test_schema_agreement.py`` and ``scripts/sync-codex``.

A key is given a TOML datetime, the wrong type for almost every key: a type error means Codex knows the
key, "is ignored" / "unknown configuration field" means it does not. An enum key is given
``definitely-not-a-variant``: its ``unknown variant `x`, expected one of `a`, `b` `` error lists the values.
Paths are pattern paths as ``schema.navigate.all_key_paths()`` gives them (a user-chosen name is ``*``)
or concrete ones; :func:`concrete` picks a name for each ``*``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from oracle import Oracle, Probe, Verdict, dump_toml, launches_programs, tomllib

BAD_VARIANT = "definitely-not-a-variant"
DATETIME = dt.datetime(1979, 5, 27, 7, 32, tzinfo=dt.timezone.utc)
#: A name no release will ever define: a table that "knows" it accepts any key (see :func:`is_open`).
CONTROL_KEY = "zz_codex_config_lsp_control"

# Concrete names for tables keyed by a user-chosen name.
MAP_INSTANCES: dict[tuple[str, ...], str] = {
    ("profiles",): "work",
    ("mcp_servers",): "docs",
    ("model_providers",): "local",
    ("projects",): "/srv/app",
    ("permissions",): "dev",
    ("mcp_servers", "docs", "tools"): "search",
    ("plugins",): "gmail@openai-curated",
    ("marketplaces",): "curated",
    ("agents",): "reviewer",
}
# What a table needs around it to load at all (a server needs a transport, a provider a name ...).
SCAFFOLD: dict[tuple[str, ...], dict[str, Any]] = {
    ("mcp_servers", "docs"): {"command": "/nonexistent/docs-mcp"},
    ("model_providers", "local"): {"name": "Local", "base_url": "http://localhost:8080/v1"},
    ("model_providers", "local", "auth"): {"command": "/nonexistent/print-token"},
    ("agents", "reviewer"): {"description": "Reviews diffs"},
    ("approval_policy", "granular"): {"sandbox_approval": True, "rules": True, "mcp_elicitations": True},
    ("tool_suggest", "disabled_tools"): {"id": "linear", "type": "connector"},
    ("tool_suggest", "discoverables"): {"id": "linear", "type": "connector"},
    ("mcp_servers", "docs", "env_vars"): {"name": "HOME"},
    ("skills", "config"): {"path": "/srv/skills/pdf", "enabled": True},
    **{
        ("otel", e, "otlp-http"): {"endpoint": "http://localhost:4318"}
        for e in ("exporter", "trace_exporter", "metrics_exporter")
    },
    **{
        ("otel", e, "otlp-grpc"): {"endpoint": "http://localhost:4317"}
        for e in ("exporter", "trace_exporter", "metrics_exporter")
    },
}
ROOT_SCAFFOLD: dict[tuple[str, ...], dict[str, Any]] = {("permissions", "dev"): {"default_permissions": "dev"}}
# Tables whose entries are arbitrary names (roles, features, maps of strings): unknown names there are
# not "unknown keys", so only our own names are checked.
OPEN_TABLES = {
    ("agents",),
    ("features",),
    ("apps",),
    ("notice", "model_migrations"),
    ("tui", "keymap"),
    ("tui", "model_availability_nux"),
}
# Tables not probed: launching programs (hooks) or not reachable with a datetime.
SKIP_TABLES = {("hooks",), ("desktop",)}
# Tables probed at another concrete path (aws settings are refused on custom providers).
PROBE_REWRITE: dict[tuple[str, ...], tuple[str, ...]] = {
    ("model_providers", "local", "aws"): ("model_providers", "amazon-bedrock", "aws"),
    ("model_providers", "local", "aws", "credential_export"): (
        "model_providers",
        "amazon-bedrock",
        "aws",
        "credential_export",
    ),
    ("model_providers", "local", "aws", "auth_refresh"): ("model_providers", "amazon-bedrock", "aws", "auth_refresh"),
}


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


def concrete(path: tuple[str, ...]) -> tuple[str, ...]:
    """A pattern path with a name for each ``*`` (``mcp_servers.*.tools.*`` -> ``mcp_servers.docs.tools.search``)."""
    out: list[str] = []
    for part in path:
        if part == "*":
            part = MAP_INSTANCES.get(tuple(out), "x")
        out.append(part)
    return tuple(out)


def probe_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """Where to ask about a concrete key path (some tables are only accepted at one place)."""
    for n in range(len(path), 0, -1):
        if path[:n] in PROBE_REWRITE:
            return PROBE_REWRITE[path[:n]] + path[n:]
    return path


def skipped(path: tuple[str, ...]) -> bool:
    return any(path[: len(t)] == t for t in SKIP_TABLES)


def snippet(path: tuple[str, ...], value: Any, is_array: Callable[[tuple[str, ...]], bool] = lambda p: False) -> str:
    """A config that sets concrete ``path`` to ``value``, with the scaffolding its tables need; a prefix
    ``is_array`` calls an array (of tables) becomes a one-element array."""
    doc: dict[str, Any] = {}
    node: Any = doc
    for i in range(1, len(path)):
        prefix = path[:i]
        doc.update(ROOT_SCAFFOLD.get(prefix, {}))
        if is_array(prefix):
            node = node.setdefault(prefix[-1], [{}])[0]
        else:
            node = node.setdefault(prefix[-1], {})
        for k, v in SCAFFOLD.get(prefix, {}).items():
            node.setdefault(k, v)
    node[path[-1]] = value
    return dump_toml(doc)


class Outcome:
    """A Codex load of one snippet, from a strict probe or (for snippets that name programs) a verdict."""

    def __init__(self, loaded: bool, message: str, unknown: tuple[str, ...]):
        self.loaded, self.message, self.unknown = loaded, message, unknown

    @classmethod
    def of(cls, x: Probe | Verdict) -> Outcome:
        if isinstance(x, Verdict):
            return cls(x.loads, x.error or "", x.unknown)
        unknown = tuple(re.findall(r"unknown configuration field `([^`]+)`", x.message or "")) if not x.loaded else ()
        return cls(x.loaded, "" if x.loaded else (x.message or ""), unknown)


def ask(oracle: Oracle, snippets: list[str]) -> list[Outcome]:
    """Strict-mode probes, or doctor-based verdicts for snippets that define programs (never exec'd)."""
    launch = [launches_programs(tomllib.loads(t)) for t in snippets]
    execs = [t for t, launches in zip(snippets, launch, strict=True) if not launches]
    doctors = [t for t, launches in zip(snippets, launch, strict=True) if launches]
    probes = dict(zip(execs, oracle.probes(execs), strict=False))
    verdicts = dict(zip(doctors, oracle.verdicts(doctors), strict=False))
    return [Outcome.of(verdicts[t] if launches else probes[t]) for t, launches in zip(snippets, launch, strict=True)]


def codex_variants(o: Outcome) -> tuple[str, ...] | None:
    """The variants an ``unknown variant`` error lists; None if Codex did not reject the value that way."""
    m = re.search(r"unknown variant `[^`]*`, expected (?:one of )?(.*)", o.message)
    if o.loaded or not m:
        return None
    return tuple(re.findall(r"`([^`]+)`", m.group(1)))


def classify(o: Outcome, path: tuple[str, ...]) -> str:
    """'known' | 'unknown' | 'entry' (taken as a map entry / agent role) | 'inconclusive: <why>'."""
    d = dotted(path)
    if any(d == u or d.startswith(u + ".") for u in o.unknown):
        return "unknown"
    if o.loaded:
        return "known"
    field = re.search(r"unknown field `([^`]+)`", o.message)
    if field and field.group(1) == path[-1]:
        return "unknown"  # a table that denies unknown fields
    if re.search(r"expected struct (AgentRoleToml|AppConfig)\b", o.message):
        return "entry"
    if re.search(
        r"invalid type|invalid value|expected|missing field|not supported|no longer supported"
        r"|in keybinding",
        o.message,
    ):
        return "known"
    return "inconclusive: " + (o.message.splitlines() or ["?"])[0][:160]
