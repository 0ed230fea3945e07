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

Besides our keys and the generator's, each table is probed with the keys the binary suggests for it
(``surface.py``: serde field strings, the app-server schema), so a key Codex knows and we do not is found
even when nobody wrote it down. Our schema is asked for the release the binary says it is
(``ours.py``: ``key_info(path, release=...)`` once the schema takes a release).
"""

from __future__ import annotations

import fnmatch
import importlib.util
from typing import Any

import ours
import probing
import pytest
import surface
from corpus import load_known
from harness import REPO, collection_binary, collection_release
from oracle import Oracle, OracleUnavailable, Sandbox, launches_programs, tomllib
from probing import (
    BAD_VARIANT,
    DATETIME,
    MAP_INSTANCES,
    OPEN_TABLES,
    PROBE_REWRITE,
    SKIP_TABLES,
    ask,
    classify,
    codex_variants,
    dotted,
)

KNOWN = load_known()

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
RELEASE = collection_release()


def binary_leads() -> dict[tuple[str, ...], set[str]]:
    """Key names the binary's strings and app-server schema suggest, per concrete table (see surface.py)."""
    binary = collection_binary()
    if binary is None:
        return {}
    try:
        found = surface.read_surface(Sandbox(binary), RELEASE, ours.vocabulary(RELEASE))
    except (OracleUnavailable, RuntimeError):
        return {}  # no sandbox here: the oracle fixture skips (or fails, in CI) with the reason
    out: dict[tuple[str, ...], set[str]] = {}
    for path in found.candidate_keys():
        if path[-1] != "*":
            out.setdefault(probing.concrete(path[:-1]), set()).add(path[-1])
    return out


def _name(info: Any) -> str:
    for attr in ("name", "key"):
        v = getattr(info, attr, None)
        if isinstance(v, str):
            return v
    path = getattr(info, "path", None)
    if isinstance(path, (tuple, list)) and path:
        return str(path[-1])
    raise TypeError(f"cannot tell the name of {info!r} (expected .name, .key or .path)")


def walk_schema() -> tuple[dict[tuple[str, ...], list[str]], dict[tuple[str, ...], tuple[str, ...]]]:
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
        kids = ours.child_keys(path, RELEASE)
        inst = MAP_INSTANCES.get(path)
        if inst is not None:
            todo.append(path + (inst,))
        if not kids:
            continue
        tables[path] = names = [_name(k) for k in kids]
        for n in names:
            p = path + (n,)
            info = ours.key_info(p, RELEASE)
            values = tuple(str(v) for v in (getattr(info, "values", None) or ()))
            if values:
                enums[p] = values
            sub = ours.child_keys(p, RELEASE)
            if sub or p in MAP_INSTANCES:
                todo.append(p)
    return tables, enums


def snippet(path: tuple[str, ...], value: Any) -> str:
    return probing.snippet(path, value, lambda prefix: ours.is_array(prefix, RELEASE))


def valid_value(info: Any) -> Any:
    """A value of the type our schema gives a key (its first enum value for enums)."""
    values = getattr(info, "values", None) or ()
    if values:
        return values[0]
    return {"boolean": True, "integer": 1, "float": 1.0, "array": [], "table": {}}.get(getattr(info, "kind", ""), "x")


def _known_reason(case: str, kind: str, key: str | None) -> str | None:
    for k in KNOWN:
        if fnmatch.fnmatchcase(case, k.case) and k.kind == kind and (k.key is None or fnmatchcase_key(key, k.key)):
            return f"{k.reason} (wrong: {k.wrong})"
    return None


def fnmatchcase_key(key: str | None, pattern: str) -> bool:
    return fnmatch.fnmatchcase(key or "", pattern)


# ------------------------------------------------------------------------------------ parametrize
TABLES, ENUMS = walk_schema()
LEADS = binary_leads()

ENUM_IDS = sorted(dotted(p) for p in ENUMS)
TABLE_IDS = sorted(dotted(p) or "<root>" for p in TABLES)


def probeable_leads(oracle: Oracle, table: tuple[str, ...], leads: set[str]) -> set[str]:
    """The leads from the binary worth a strict probe in ``table``: none in a table that takes any key
    (its control key loads) or whose snippets start programs (only non-strict doctor may judge those)."""
    if not leads or table in OPEN_TABLES:
        return set()
    where = PROBE_REWRITE.get(table, table)
    if launches_programs(tomllib.loads(snippet(where + (probing.CONTROL_KEY,), DATETIME))):
        return set()
    (control,) = ask(oracle, [snippet(where + (probing.CONTROL_KEY,), DATETIME)])
    return leads if classify(control, where + (probing.CONTROL_KEY,)) == "unknown" else set()


def _path_of(table_id: str) -> tuple[str, ...]:
    return next(p for p in TABLES if (dotted(p) or "<root>") == table_id)


def test_schema_api_available():
    assert ENUMS, "the schema exposes no enum key (key_info(path).values is empty everywhere)"
    assert () in TABLES, "child_keys(()) gives no root keys"


@pytest.mark.parametrize("enum_key", ENUM_IDS)
def test_enum_values(enum_key: str, oracle: Oracle):
    path = next(p for p in ENUMS if dotted(p) == enum_key)
    mine = set(ENUMS[path])
    (bad,) = ask(oracle, [snippet(path, BAD_VARIANT)])
    listed = codex_variants(bad)
    problems: list[str] = []
    if bad.loaded:
        # Codex takes any string here: our values can only be suggestions (the corpus checks that we do
        # not reject other strings, e.g. cases/valid/reasoning-effort-strings.toml). Each must still load.
        outs = ask(oracle, [snippet(path, v) for v in sorted(mine)])
        refused = [v for v, o in zip(sorted(mine), outs, strict=False) if not o.loaded]
        if refused:
            problems.append(f"Codex refuses our values {refused}")
    elif listed is None:
        # No variant list (an untagged enum, a custom error): each of our values must load on its own.
        outs = ask(oracle, [snippet(path, v) for v in sorted(mine)])
        refused = [v for v, o in zip(sorted(mine), outs, strict=False) if not o.loaded]
        if refused:
            problems.append(
                f"Codex refuses our values {refused} ({next(o for o in outs if not o.loaded).message.splitlines()[0]})"
            )
    else:
        theirs = set(listed)
        one_sided = sorted(theirs ^ mine)
        loads = {
            v: o.loaded for v, o in zip(one_sided, ask(oracle, [snippet(path, v) for v in one_sided]), strict=False)
        }
        missing = sorted(v for v in theirs - mine if loads[v])  # variants that load as plain strings
        refused = sorted(v for v in mine - theirs if not loads[v])
        if missing:
            problems.append(f"Codex also accepts {missing}")
        if refused:
            problems.append(f"Codex refuses our {refused}")
    if problems:
        msg = f"{enum_key}: Codex lists {list(listed) if listed else 'no variants'}, ours {sorted(mine)}: " + "; ".join(
            problems
        )
        reason = _known_reason(f"schema:enum:{enum_key}", "enum-values", None)
        if reason:
            pytest.xfail(f"{msg} [known: {reason}]")
        pytest.fail(msg, pytrace=False)


@pytest.mark.parametrize("table", TABLE_IDS)
def test_key_names(table: str, oracle: Oracle):
    path = _path_of(table)
    mine = set(TABLES[path])
    cands: set[str] = set() if path in OPEN_TABLES else set(candidates().get(path, set()))
    if path == ("profiles", "work"):
        cands |= set(TABLES.get((), ())) | candidates().get((), set())
    cands |= probeable_leads(oracle, path, LEADS.get(path, set()) - mine)
    names = sorted(mine | cands)
    value = True if path == ("features",) else DATETIME
    probe_path = PROBE_REWRITE.get(path, path)
    outs = ask(oracle, [snippet(probe_path + (n,), value) for n in names])
    # A datetime can make a whole untagged enum fail ("data did not match any variant"): ask again with
    # a value of the type our schema gives, which tells known (loads) from unknown (rejected/ignored).
    retry = [
        i
        for i, (n, o) in enumerate(zip(names, outs, strict=False))
        if n in mine and classify(o, probe_path + (n,)).startswith("inconclusive")
    ]
    again = ask(
        oracle,
        [snippet(probe_path + (names[i],), valid_value(ours.key_info(path + (names[i],), RELEASE))) for i in retry],
    )
    for i, o in zip(retry, again, strict=False):
        outs[i] = o
    path = probe_path
    problems, xfails, unclear = [], [], []
    disagreed: set[tuple[str, str]] = set()
    case = f"schema:keys:{table}"
    for n, o in zip(names, outs, strict=False):
        c = classify(o, path + (n,))
        if c.startswith("inconclusive"):
            unclear.append(f"{n} ({c})")
            continue
        knows = c == "known"
        if n in mine and not knows:
            kind, what = "key-unknown-to-codex", f"{n}: in our schema, Codex says {c}"
        elif n not in mine and knows:
            kind, what = "key-missing-from-schema", f"{n}: Codex knows it, our schema does not"
        else:
            continue
        reason = _known_reason(case, kind, n)
        (xfails if reason else problems).append(what + (f" [known: {reason}]" if reason else ""))
        disagreed.add((kind, n))
    # An entry written for this very table that matches nothing any more is stale: the gap was closed.
    problems += [
        f"known difference no longer happens (remove it from known-differences.toml): {k.kind} {k.key}"
        for k in KNOWN
        if k.case == case and not any(k.kind == kind and fnmatchcase_key(n, k.key or "*") for kind, n in disagreed)
    ]
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
