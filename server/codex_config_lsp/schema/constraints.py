"""Rules Codex applies once the types are right: to one value (``Rule`` in the models) and across the keys of
one table (``codex_check`` in the models). Plain functions, so that checking needs no pydantic: the models
name them and the compiled trees (:mod:`.nodes`) refer to them by name.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..releases import holds
from ._builtin import BUILTIN_PROVIDERS
from .problem import SchemaProblem
from .texts import codex_name

__all__ = ["ValueRule", "TableRule", "VALUE_RULES", "TABLE_RULES", "HTTP_ONLY", "STDIO_ONLY"]

# A rule for one value: None when Codex takes it, else a short reason ("must not be empty").
ValueRule = Callable[[Any], "str | None"]
# A rule across the keys of one table, as ``release`` applies it; paths are relative to the table.
TableRule = Callable[[dict[str, Any], str], list[SchemaProblem]]

REFUSES = "Codex refuses to load the config"


# --------------------------------------------------------------------------------------------------
# one value


def finite_positive(value: Any) -> str | None:
    try:
        ok = math.isfinite(value) and value > 0
    except TypeError:
        return None
    return None if ok else "must be a finite number greater than 0"


def not_empty(value: Any) -> str | None:
    return "must not be empty" if isinstance(value, str) and value == "" else None


def not_negative(value: Any) -> str | None:
    try:
        return "must not be negative" if value < 0 else None
    except TypeError:
        return None


def fraction(value: Any) -> str | None:
    try:
        return None if 0.0 <= value <= 1.0 else "must be between 0.0 and 1.0"
    except TypeError:
        return None


VALUE_RULES: dict[str, ValueRule] = {
    rule.__name__: rule for rule in (finite_positive, not_empty, not_negative, fraction)
}


# --------------------------------------------------------------------------------------------------
# across the keys of a table


def otel_exporter(table: dict[str, Any], release: str) -> list[SchemaProblem]:
    n = sum(1 for k in ("otlp-http", "otlp-grpc") if k in table)
    if n != 1 and all(k in ("otlp-http", "otlp-grpc") for k in table):
        return [
            SchemaProblem(
                (),
                "invalid-value",
                f"An exporter table needs exactly one of `otlp-http` or `otlp-grpc`: {REFUSES} otherwise.",
                ("otlp-http", "otlp-grpc"),
            )
        ]
    return []


def hook_handler(table: dict[str, Any], release: str) -> list[SchemaProblem]:
    kind = table.get("type")
    need = {"command": ("command",), "mcp_tool": ("server", "tool")}.get(kind, ()) if isinstance(kind, str) else ()
    missing = [k for k in need if k not in table]
    if missing:
        message = f'A `type = "{kind}"` hook needs `{missing[0]}`: {REFUSES}; add it.'
        return [SchemaProblem((), "invalid-value", message)]
    return []


STDIO_ONLY = ("args", "env", "env_vars", "cwd")
HTTP_ONLY = (
    "bearer_token_env_var",
    "http_headers",
    "env_http_headers",
    "http_headers_helper",
    "oauth",
    "oauth_resource",
    "auth",
)


# Keys an MCP server of each transport must not have; sets, to tell at once that a server has none of them.
_REFUSED_BY_STDIO = frozenset(HTTP_ONLY + ("bearer_token",))
_REFUSED_BY_HTTP = frozenset(STDIO_ONLY + ("bearer_token",))


def mcp_server(table: dict[str, Any], release: str) -> list[SchemaProblem]:
    """Codex reads one table type for both transports, then refuses keys of the other transport."""
    has_cmd = "command" in table
    has_url = "url" in table
    if has_cmd and has_url:
        message = f"This MCP server sets both `command` (stdio) and `url` (HTTP): {REFUSES}; keep only one of them."
        return [SchemaProblem((), "invalid-value", message)]
    if not has_cmd and not has_url:
        message = (
            f'This MCP server has neither `command` nor `url`: {REFUSES} ("invalid transport"); add '
            '`command = "..."` for a local server or `url = "..."` for an HTTP one.'
        )
        return [SchemaProblem((), "invalid-value", message)]
    if (_REFUSED_BY_STDIO if has_cmd else _REFUSED_BY_HTTP).isdisjoint(table):
        return []  # the common case, answered without building the messages
    problems: list[SchemaProblem] = []
    if "bearer_token" in table:
        message = (
            f"`bearer_token` is not supported: {REFUSES}; put the token in an environment variable and set "
            "`bearer_token_env_var` to its name."
        )
        problems.append(SchemaProblem(("bearer_token",), "invalid-value", message))
    wrong = HTTP_ONLY if has_cmd else STDIO_ONLY
    kind, other = ("stdio (`command`)", "HTTP (`url`)") if has_cmd else ("HTTP (`url`)", "stdio (`command`)")
    for key in wrong:
        if key in table:
            message = f"`{key}` only works for {other} servers, but this one is {kind}: {REFUSES}; remove `{key}`."
            problems.append(SchemaProblem((key,), "invalid-value", message))
    return problems


def model_provider(table: dict[str, Any], release: str) -> list[SchemaProblem]:
    if "auth" in table:
        clash = [k for k in ("env_key", "experimental_bearer_token", "requires_openai_auth") if k in table]
        if clash and not (clash == ["requires_openai_auth"] and table.get("requires_openai_auth") is False):
            message = (
                f"`auth` cannot be combined with `{clash[0]}` in the same provider: {REFUSES}; keep only one way "
                "to get the token."
            )
            return [SchemaProblem(("auth",), "invalid-value", message)]
    return []


def codex_config(table: dict[str, Any], release: str) -> list[SchemaProblem]:
    """Rules of the top level (and, through it, of `[features]` and `[model_providers]`)."""
    problems: list[SchemaProblem] = []
    if "experimental_thread_store_endpoint" in table:
        message = f"`experimental_thread_store_endpoint` is no longer supported: {REFUSES}; remove it."
        problems.append(SchemaProblem(("experimental_thread_store_endpoint",), "invalid-value", message))
    features = table.get("features")
    if isinstance(features, dict):
        problems += [
            SchemaProblem(("features", *found.path), found.code, found.message)
            for found in _feature_rules(features, release)
        ]
        if type(features.get("multi_agent")) is bool:
            message = (
                f"`[features].multi_agent` is deprecated: {codex_name(release)} loads the config but warns. It "
                "only steers the old (V1) sub-agent fallback; use `multi_agent_v2` for sub-agents, and "
                "`[agents] enabled = false` to switch sub-agent tools off."
            )
            problems.append(SchemaProblem(("features", "multi_agent"), "deprecated-setting", message))
    providers = table.get("model_providers")
    if isinstance(providers, dict):
        for pid, info in providers.items():
            if pid not in BUILTIN_PROVIDERS and isinstance(info, dict) and "name" not in info:
                message = (
                    f'Provider `{pid}` has no `name`: {REFUSES} ("provider name must not be empty"); add '
                    f'`name = "{pid}"`.'
                )
                problems.append(SchemaProblem(("model_providers", pid), "invalid-value", message))
    return problems


TABLE_RULES: dict[str, TableRule] = {
    rule.__name__: rule for rule in (otel_exporter, hook_handler, mcp_server, model_provider, codex_config)
}


# --------------------------------------------------------------------------------------------------
# `[features]`: rules Codex applies to the top-level table once it is read (not to a profile's features:
# measured on both releases, a profile with `rollout_budget = true` loads). Paths are below `features`.


def _feature_rules(features: dict[str, Any], release: str) -> list[SchemaProblem]:
    problems: list[SchemaProblem] = []
    budget = features.get("rollout_budget")
    if budget is True:
        problem = _rollout_budget_problem({"enabled": True}, release)
        message = (
            f"{problem} `rollout_budget = true` turns it on with no limit; write a `[features.rollout_budget]` "
            "table with the limit instead."
        )
        problems.append(SchemaProblem(("rollout_budget",), "invalid-value", message))
    elif isinstance(budget, dict) and budget.get("enabled") is True and _readable(budget, "rollout_budget", release):
        problem = _rollout_budget_problem(budget, release)
        if problem:
            problems.append(SchemaProblem(("rollout_budget",), "invalid-value", problem))
    compaction = features.get("async_compaction")
    if isinstance(compaction, dict) and _readable(compaction, "async_compaction", release):
        percent = compaction.get("model_async_compact_threshold_percent")
        if type(percent) is int and not 1 <= percent <= 100:
            message = f"`model_async_compact_threshold_percent` must be between 1 and 100, not {percent}: {REFUSES}."
            path = ("async_compaction", "model_async_compact_threshold_percent")
            problems.append(SchemaProblem(path, "invalid-value", message))
    agents = features.get("multi_agent_v2")
    if isinstance(agents, dict) and _readable(agents, "multi_agent_v2", release):
        problems += _wait_rules(agents)
    guardian = features.get("guardianv2")
    if isinstance(guardian, dict) and _readable(guardian, "guardianv2", release):
        pairs = [("sync_elastic_budgeting", "sync_elastic_sections")]
        if holds(release, since="0.171.0"):
            pairs.append(("async_elastic_budgeting", "async_elastic_sections"))
        for switch, sections in pairs:
            if guardian.get(switch) is True and sections not in guardian:
                message = (
                    f"`{switch} = true` needs `{sections}`: {REFUSES} without it; add `{sections}` or set "
                    f"`{switch} = false`."
                )
                problems.append(SchemaProblem(("guardianv2", switch), "invalid-value", message))
                break
        if guardian.get("async_classifier_mode") in _enum_values("guardianv2", "async_classifier_mode", release):
            message = (
                f"`async_classifier_mode` is deprecated: {codex_name(release)} loads the config but warns that it "
                "ignores it (background classification always reads the conversation); remove it."
            )
            problems.append(SchemaProblem(("guardianv2", "async_classifier_mode"), "deprecated-setting", message))
    return problems


def _feature_table_keys(feature: str, release: str) -> frozenset[str]:
    """The keys ``release`` reads in the table form of feature flag ``feature``."""
    from .nodes import TableNode, UnionNode, root_node  # the trees refer to these rules: import on use

    features = root_node(release).fields["features"].node
    assert isinstance(features, TableNode)
    flag = features.fields[feature].node
    table = flag.table_option() if isinstance(flag, UnionNode) else None
    return frozenset(table.fields) if isinstance(table, TableNode) else frozenset()


def _enum_values(feature: str, key: str, release: str) -> tuple[str, ...]:
    from .nodes import EnumNode, TableNode, UnionNode, root_node

    features = root_node(release).fields["features"].node
    assert isinstance(features, TableNode)
    flag = features.fields[feature].node
    table = flag.table_option() if isinstance(flag, UnionNode) else None
    spec = table.fields.get(key) if isinstance(table, TableNode) else None
    return spec.node.values if spec is not None and isinstance(spec.node, EnumNode) else ()


def _readable(table: dict[str, Any], feature: str, release: str) -> bool:
    """True when every key of ``table`` is one ``release`` reads in this feature's table (else Codex fails
    earlier, on the unknown key)."""
    return set(table) <= _feature_table_keys(feature, release)


# multi_agent_v2 wait times Codex assumes when a key is not set (measured on 0.169.0 and 0.171.0 by
# setting each key alone and reading which ordering rule failed).
_WAIT_DEFAULTS = {"min_wait_timeout_ms": 10000, "default_wait_timeout_ms": 30000, "max_wait_timeout_ms": 3600000}


def _wait_rules(table: dict[str, Any]) -> list[SchemaProblem]:
    """Codex wants min <= default <= max among the wait times, unset ones taking their defaults."""
    wait = {key: table.get(key, default) for key, default in _WAIT_DEFAULTS.items()}
    if not all(type(v) is int for v in wait.values()):
        return []
    low, mid, high = "min_wait_timeout_ms", "default_wait_timeout_ms", "max_wait_timeout_ms"
    for smaller, larger in ((low, high), (low, mid), (mid, high)):  # the order Codex checks them in
        if wait[smaller] > wait[larger]:
            where = smaller if smaller in table else larger

            def shown(key: str) -> str:
                return f"`{key}` ({wait[key]}{'' if key in table else ', its default'})"

            message = f"{shown(smaller)} must not be greater than {shown(larger)}: {REFUSES}."
            return [SchemaProblem(("multi_agent_v2", where), "invalid-value", message)]
    return []


def _rollout_budget_problem(table: dict[str, Any], release: str) -> str | None:
    """Why Codex refuses an enabled rollout budget with these settings (None: it does not).

    Measured on both releases; with `enabled` off none of these rules applies (values load as typed).
    """
    tokens, budget = table.get("limit_tokens"), table.get("limit_budget")
    if holds(release, since="0.171.0"):
        if tokens is None and budget is None:
            return f"An enabled rollout budget needs `limit_tokens` or `limit_budget`: {REFUSES} without one."
        if tokens is not None and budget is not None:
            return f"`limit_tokens` and `limit_budget` cannot both be set: {REFUSES}."
        limit, name = (tokens, "limit_tokens") if tokens is not None else (budget, "limit_budget")
    else:
        if tokens is None:
            return f"An enabled rollout budget needs `limit_tokens`: {codex_name(release)} refuses to load the config."
        limit, name = tokens, "limit_tokens"
    if isinstance(limit, (int, float)) and not (math.isfinite(limit) and limit > 0):
        return f"`{name}` of an enabled rollout budget must be greater than 0: {REFUSES}."
    reminders = table.get("reminder_at_remaining_tokens")
    if reminders is None:
        return f"An enabled rollout budget needs `reminder_at_remaining_tokens`: {REFUSES} without it."
    if isinstance(reminders, list) and isinstance(limit, (int, float)):
        if any(type(r) is int and not 0 < r < limit for r in reminders):
            return f"Each of `reminder_at_remaining_tokens` must be above 0 and below `{name}`: {REFUSES}."
    for weight in ("sampling_token_weight", "prefill_token_weight"):
        value = table.get(weight)
        if isinstance(value, (int, float)) and not (math.isfinite(value) and value >= 0):
            return f"`{weight}` of an enabled rollout budget must be a finite number ≥ 0: {REFUSES}."
    return None
