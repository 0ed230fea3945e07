"""Our schema's enums and key names vs the real Codex CLI.

* Enums: for every key whose ``codex_config_lsp.schema.key_info(path).values`` is non-empty, Codex is given
  ``key = "definitely-not-a-variant"`` and its ``unknown variant `x`, expected one of `a`, `b` `` error is
  compared with our values. A variant only one side lists is loaded on its own to see whether Codex takes it
  as a string (``granular`` in ``approval_policy`` is a table-only variant, for instance).
* Key names: in every table (root, ``[profiles.<name>]``, ``[tui]``, ``[mcp_servers.<name>]`` ...), each key
  our schema lists and each key of a list of candidates (scripts/gen-differential-cases.py's tables: keys
  Codex knows, removed keys) is given a TOML datetime, the wrong type for almost every key: a type error
  means Codex knows the key, "is ignored" / "unknown configuration field" means it does not. Root keys are
  also tried inside ``[profiles.<name>]`` to check where each key may appear.

Contract used (codex_config_lsp.schema): ``key_info(path: tuple[str, ...]) -> KeyInfo | None`` with
``.values``; ``child_keys(table_path) -> tuple[KeyInfo, ...] | None``. Until it exists these tests skip.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import importlib
import importlib.util
import re
from typing import Any

import pytest
from corpus import load_known
from harness import REPO
from oracle import Oracle, Probe, Verdict, dump_toml, launches_programs, tomllib

KNOWN = load_known()
BAD_VARIANT = "definitely-not-a-variant"
DATETIME = dt.datetime(1979, 5, 27, 7, 32, tzinfo=dt.timezone.utc)

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

# generator context name -> table path
GEN_CTX = {
    "": (),
    "profile": ("profiles", "work"),
    "sww": ("sandbox_workspace_write",),
    "shell": ("shell_environment_policy",),
    "ghost": ("ghost_snapshot",),
    "project": ("projects", "/srv/app"),
    "mcp_stdio": ("mcp_servers", "docs"),
    "mcp_http": ("mcp_servers", "docs"),
    "mcp_tool": ("mcp_servers", "docs", "tools", "search"),
    "provider": ("model_providers", "local"),
    "provider_auth": ("model_providers", "local", "auth"),
    "agent_role": ("agents", "reviewer"),
    "skills_bundled": ("skills", "bundled"),
    "permissions": ("permissions", "dev"),
}


def _gen_module():
    spec = importlib.util.spec_from_file_location(
        "gen_differential_cases", REPO / "scripts" / "gen-differential-cases.py"
    )
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _ctx_path(name: str) -> tuple[str, ...]:
    return GEN_CTX.get(name, (name,))


def candidates() -> dict[tuple[str, ...], set[str]]:
    """Key names worth asking Codex about, per table (besides our schema's own)."""
    g = _gen_module()
    out: dict[tuple[str, ...], set[str]] = {}
    for ctx, key, _kind in g.KEYS:
        out.setdefault(_ctx_path(ctx), set()).add(key)
    for ctx, key, _values in g.ENUMS:
        out.setdefault(_ctx_path(ctx), set()).add(key)
    for ctx, key, _value in [*g.REMOVED, *g.WRONG_HEADER]:
        out.setdefault(_ctx_path(ctx), set()).add(key)
    out.setdefault(("profiles", "work"), set()).update(g.PROFILE_KEYS, g.ROOT_ONLY_IN_PROFILE)
    return out


# ------------------------------------------------------------------------------------ schema access
def _schema():
    try:
        mod = importlib.import_module("codex_config_lsp.schema")
    except ImportError as e:  # pragma: no cover - depends on the tree
        return None, f"codex_config_lsp.schema does not import ({e})"
    if not (callable(getattr(mod, "key_info", None)) and callable(getattr(mod, "child_keys", None))):
        return None, "waits on codex_config_lsp.schema.key_info/child_keys (not there yet)"
    return mod, None


def _name(info: Any) -> str:
    for attr in ("name", "key"):
        v = getattr(info, attr, None)
        if isinstance(v, str):
            return v
    path = getattr(info, "path", None)
    if isinstance(path, (tuple, list)) and path:
        return str(path[-1])
    raise TypeError(f"cannot tell the name of {info!r} (expected .name, .key or .path)")


def walk_schema(schema) -> tuple[dict[tuple[str, ...], list[str]], dict[tuple[str, ...], tuple[str, ...]]]:
    """Our tables (path -> key names) and enum keys (path -> values), with concrete names for maps."""
    tables: dict[tuple[str, ...], list[str]] = {}
    enums: dict[tuple[str, ...], tuple[str, ...]] = {}
    todo: list[tuple[str, ...]] = [()]
    while todo:
        path = todo.pop(0)
        if path in tables or path in SKIP_TABLES or len(path) > 6:
            continue
        if len(path) > 2 and path[0] == "profiles" and path[2] != "tui":
            continue  # the same tables as at the root; only which keys a profile accepts is checked
        kids = schema.child_keys(path)
        inst = MAP_INSTANCES.get(path)
        if inst is not None:
            todo.append(path + (inst,))
        if not kids:
            continue
        tables[path] = names = [_name(k) for k in kids]
        for n in names:
            p = path + (n,)
            info = schema.key_info(p)
            values = tuple(str(v) for v in (getattr(info, "values", None) or ()))
            if values:
                enums[p] = values
            sub = schema.child_keys(p)
            if sub or p in MAP_INSTANCES:
                todo.append(p)
    return tables, enums


def snippet(path: tuple[str, ...], value: Any) -> str:
    """A config that sets ``path`` to ``value``, with the scaffolding its tables need. A prefix our schema
    calls an array (of tables) becomes a one-element array."""
    doc: dict[str, Any] = {}
    node: Any = doc
    for i in range(1, len(path)):
        prefix = path[:i]
        doc.update(ROOT_SCAFFOLD.get(prefix, {}))
        info = SCHEMA.key_info(prefix) if SCHEMA is not None else None
        if getattr(info, "kind", None) == "array":
            lst = node.setdefault(prefix[-1], [{}])
            node = lst[0]
        else:
            node = node.setdefault(prefix[-1], {})
        for k, v in SCAFFOLD.get(prefix, {}).items():
            node.setdefault(k, v)
    node[path[-1]] = value
    return dump_toml(doc)


def valid_value(info: Any) -> Any:
    """A value of the type our schema gives a key (its first enum value for enums)."""
    values = getattr(info, "values", None) or ()
    if values:
        return values[0]
    return {"boolean": True, "integer": 1, "float": 1.0, "array": [], "table": {}}.get(getattr(info, "kind", ""), "x")


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


# ------------------------------------------------------------------------------- reading the binary
class Outcome:
    """A Codex load of one snippet, from a strict probe or (for snippets that name programs) a verdict."""

    def __init__(self, loaded: bool, message: str, unknown: tuple[str, ...]):
        self.loaded, self.message, self.unknown = loaded, message, unknown

    @classmethod
    def of(cls, x: Probe | Verdict) -> "Outcome":
        if isinstance(x, Verdict):
            return cls(x.loads, x.error or "", x.unknown)
        unknown = tuple(re.findall(r"unknown configuration field `([^`]+)`", x.message or "")) if not x.loaded else ()
        return cls(x.loaded, "" if x.loaded else (x.message or ""), unknown)


def ask(oracle: Oracle, snippets: list[str]) -> list[Outcome]:
    """Strict-mode probes, or doctor-based verdicts for snippets that define programs (never exec'd)."""
    launch = [launches_programs(tomllib.loads(t)) for t in snippets]
    probes = dict(
        zip(
            [t for t, l in zip(snippets, launch) if not l],
            oracle.probes([t for t, l in zip(snippets, launch) if not l]),
        )
    )
    verdicts = dict(
        zip([t for t, l in zip(snippets, launch) if l], oracle.verdicts([t for t, l in zip(snippets, launch) if l]))
    )
    return [Outcome.of(verdicts[t] if l else probes[t]) for t, l in zip(snippets, launch)]


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
    if re.search(r"expected struct (AgentRoleToml|AppConfig)\b", o.message):
        return "entry"
    if re.search(
        r"invalid type|invalid value|expected|missing field|not supported|no longer supported"
        r"|in keybinding",
        o.message,
    ):
        return "known"
    return "inconclusive: " + (o.message.splitlines() or ["?"])[0][:160]


def _known_reason(case: str, kind: str, key: str | None) -> str | None:
    for k in KNOWN:
        if fnmatch.fnmatchcase(case, k.case) and k.kind == kind and (k.key is None or fnmatchcase_key(key, k.key)):
            return f"{k.reason} (wrong: {k.wrong})"
    return None


def fnmatchcase_key(key: str | None, pattern: str) -> bool:
    return fnmatch.fnmatchcase(key or "", pattern)


# ------------------------------------------------------------------------------------ parametrize
SCHEMA, WAITING = _schema()
if SCHEMA is not None:
    try:
        TABLES, ENUMS = walk_schema(SCHEMA)
    except Exception as e:  # the API exists but does not behave as the contract says
        SCHEMA, TABLES, ENUMS, WAITING = None, {}, {}, f"codex_config_lsp.schema does not follow the contract: {e!r}"
else:
    TABLES, ENUMS = {}, {}

ENUM_IDS = sorted(dotted(p) for p in ENUMS)
TABLE_IDS = sorted(dotted(p) or "<root>" for p in TABLES)


def _path_of(table_id: str) -> tuple[str, ...]:
    return next(p for p in TABLES if (dotted(p) or "<root>") == table_id)


def test_schema_api_available():
    if WAITING:
        pytest.skip(WAITING)
    assert ENUMS, "the schema exposes no enum key (key_info(path).values is empty everywhere)"
    assert () in TABLES, "child_keys(()) gives no root keys"


@pytest.mark.parametrize("enum_key", ENUM_IDS)
def test_enum_values(enum_key: str, oracle: Oracle):
    path = next(p for p in ENUMS if dotted(p) == enum_key)
    ours = set(ENUMS[path])
    (bad,) = ask(oracle, [snippet(path, BAD_VARIANT)])
    listed = codex_variants(bad)
    problems: list[str] = []
    if bad.loaded:
        # Codex takes any string here: our values can only be suggestions (the corpus checks that we do
        # not reject other strings, e.g. cases/valid/reasoning-effort-strings.toml). Each must still load.
        outs = ask(oracle, [snippet(path, v) for v in sorted(ours)])
        refused = [v for v, o in zip(sorted(ours), outs) if not o.loaded]
        if refused:
            problems.append(f"Codex refuses our values {refused}")
    elif listed is None:
        # No variant list (an untagged enum, a custom error): each of our values must load on its own.
        outs = ask(oracle, [snippet(path, v) for v in sorted(ours)])
        refused = [v for v, o in zip(sorted(ours), outs) if not o.loaded]
        if refused:
            problems.append(
                f"Codex refuses our values {refused} ({next(o for o in outs if not o.loaded).message.splitlines()[0]})"
            )
    else:
        theirs = set(listed)
        one_sided = sorted(theirs ^ ours)
        loads = {v: o.loaded for v, o in zip(one_sided, ask(oracle, [snippet(path, v) for v in one_sided]))}
        missing = sorted(v for v in theirs - ours if loads[v])  # variants that load as plain strings
        refused = sorted(v for v in ours - theirs if not loads[v])
        if missing:
            problems.append(f"Codex also accepts {missing}")
        if refused:
            problems.append(f"Codex refuses our {refused}")
    if problems:
        msg = f"{enum_key}: Codex lists {list(listed) if listed else 'no variants'}, ours {sorted(ours)}: " + "; ".join(
            problems
        )
        reason = _known_reason(f"schema:enum:{enum_key}", "enum-values", None)
        if reason:
            pytest.xfail(f"{msg} [known: {reason}]")
        pytest.fail(msg, pytrace=False)


@pytest.mark.parametrize("table", TABLE_IDS)
def test_key_names(table: str, oracle: Oracle):
    path = _path_of(table)
    ours = set(TABLES[path])
    cands: set[str] = set() if path in OPEN_TABLES else set(candidates().get(path, set()))
    if path == ("profiles", "work"):
        cands |= set(TABLES.get((), ())) | candidates().get((), set())
    names = sorted(ours | cands)
    value = True if path == ("features",) else DATETIME
    probe_path = PROBE_REWRITE.get(path, path)
    outs = ask(oracle, [snippet(probe_path + (n,), value) for n in names])
    # A datetime can make a whole untagged enum fail ("data did not match any variant"): ask again with
    # a value of the type our schema gives, which tells known (loads) from unknown (rejected/ignored).
    retry = [
        i
        for i, (n, o) in enumerate(zip(names, outs))
        if n in ours and classify(o, probe_path + (n,)).startswith("inconclusive")
    ]
    again = ask(
        oracle, [snippet(probe_path + (names[i],), valid_value(SCHEMA.key_info(path + (names[i],)))) for i in retry]
    )
    for i, o in zip(retry, again):
        outs[i] = o
    path = probe_path
    problems, xfails, unclear = [], [], []
    case = f"schema:keys:{table}"
    for n, o in zip(names, outs):
        c = classify(o, path + (n,))
        if c.startswith("inconclusive"):
            unclear.append(f"{n} ({c})")
            continue
        knows = c == "known"
        if n in ours and not knows:
            kind, what = "key-unknown-to-codex", f"{n}: in our schema, Codex says {c}"
        elif n not in ours and knows:
            kind, what = "key-missing-from-schema", f"{n}: Codex knows it, our schema does not"
        else:
            continue
        reason = _known_reason(case, kind, n)
        (xfails if reason else problems).append(what + (f" [known: {reason}]" if reason else ""))
    if problems:
        pytest.fail(
            f"[{table}] " + "; ".join(problems + xfails) + (f"; could not tell: {unclear}" if unclear else ""),
            pytrace=False,
        )
    if xfails:
        pytest.xfail("; ".join(xfails))
    if unclear and len(unclear) == len(names):
        pytest.fail(
            f"[{table}] Codex refused every probe for another reason (fix SCAFFOLD): {unclear[:3]}", pytrace=False
        )
