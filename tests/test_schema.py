"""Tests of codex_config_lsp.schema: coverage of Codex's JSON schema, key lookup, validate(), JSON Schema."""

from __future__ import annotations

import ast
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from codex_config_lsp.releases import KNOWN, NEWEST
from codex_config_lsp.schema import (
    BUILTIN_PROVIDERS,
    FEATURES,
    CodexConfig,
    KeyInfo,
    SchemaProblem,
    child_keys,
    json_schema,
    key_info,
    table_kind,
    validate,
)
from codex_config_lsp.schema.navigate import all_key_paths
from codex_config_lsp.schema.nodes import ArrayNode, MapNode, Node, TableNode, UnionNode, root_node
from codex_config_lsp.schema.validate import _CHECKS, _Walker

HERE = Path(__file__).parent
PACKAGE = HERE.parent / "server" / "codex_config_lsp" / "schema"
CODEX_SCHEMA = Path("/work/shared/reference/codex-config.schema.json")

# Keys of Codex's JSON schema that Codex 0.169.0 does not know (it reports them as unrecognized; probed with
# `codex exec --strict-config` and `codex doctor`). The first three are documented in the reference §1.3.
UNKNOWN_IN_0169 = {
    ("debug",),
    ("experimental_thread_config_endpoint",),
    ("model_supports_reasoning_summaries",),
    ("tui", "show_mcp_startup_status"),
    ("windows", "sandbox_private_desktop"),
    ("profiles", "x", "windows", "sandbox_private_desktop"),
    ("features", "child_agents_md"),
    ("features", "responses_websocket_response_processed"),
    ("profiles", "x", "features", "child_agents_md"),
    ("profiles", "x", "features", "responses_websocket_response_processed"),
}


# --------------------------------------------------------------------------------------------------
# every key of Codex's own JSON schema is known


def _schema_paths(schema: dict[str, Any]) -> set[tuple[str, ...]]:
    defs = schema.get("definitions", {})
    out: set[tuple[str, ...]] = set()

    def walk(node: Any, path: tuple[str, ...], refs: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in refs:
                walk(defs[name], path, refs | {name})
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in node.get(key, ()):
                walk(sub, path, refs)
        for key, sub in node.get("properties", {}).items():
            out.add(path + (key,))
            walk(sub, path + (key,), refs)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            walk(extra, path + ("x",), refs)
        items = node.get("items")
        if isinstance(items, dict):
            walk(items, path, refs)

    walk(schema, (), frozenset())
    return out


def test_every_codex_schema_key_is_known() -> None:
    if not CODEX_SCHEMA.exists():
        pytest.skip("reference schema not available")
    paths = _schema_paths(json.loads(CODEX_SCHEMA.read_text()))
    assert len(paths) > 500
    missing = sorted(p for p in paths if p[:2] != ("debug",) and p[:1] != ("debug",) and key_info(p) is None)
    missing = [p for p in missing if p not in UNKNOWN_IN_0169]
    assert missing == []
    for p in UNKNOWN_IN_0169:
        assert key_info(p) is None, p


def test_keys_known_to_0169_but_not_in_the_schema() -> None:
    for path in [
        ("allow_symlinked_codex_home",),
        ("include_environment_context_time",),
        ("js_repl_node_module_dirs",),
        ("mcp_optional_startup_grace_ms",),
        ("model_post_turn_compact_threshold_percent",),
        ("thread_unload_delay_secs",),
        ("experimental_realtime_webrtc_call_base_url",),
        ("goals",),
        ("cloud",),
        ("tui", "screen_reader_detection_done"),
        ("tui", "fullscreen_transcript"),
        ("tui", "disable_paste_burst"),
        ("agents", "enabled"),
        ("agents", "max_concurrent_threads_per_session"),
        ("audio", "microphone_channel"),
        ("model_providers", "p", "model_catalog_url"),
        ("model_providers", "p", "supports_standalone_web_search"),
        ("model_providers", "gcp", "project_id"),
        ("agents", "reviewer", "model_reasoning_effort"),
        ("features", "context_management"),
    ]:
        assert key_info(path) is not None, path
    assert "indexed" in known(("web_search",)).values
    assert "osc777" in known(("tui", "notification_method")).values
    assert "mxc" in known(("windows", "sandbox")).values
    assert "writes" in known(("mcp_servers", "x", "default_tools_approval_mode")).values


def test_profile_keys_match_0169() -> None:
    # 0.169.0 accepts exactly these 30 keys in [profiles.<name>] (probed one by one).
    expected = {
        "model", "model_provider", "approval_policy", "approvals_reviewer", "sandbox_mode",
        "model_reasoning_effort", "plan_mode_reasoning_effort", "model_reasoning_summary", "model_verbosity",
        "personality", "service_tier", "web_search", "oss_provider", "chatgpt_base_url", "model_catalog_json",
        "model_instructions_file", "experimental_compact_prompt_file", "experimental_use_unified_exec_tool",
        "include_permissions_instructions", "include_apps_instructions",
        "include_collaboration_mode_instructions", "include_environment_context",
        "include_environment_context_time", "js_repl_node_path", "js_repl_node_module_dirs", "analytics",
        "features", "tools", "tui", "windows",
    }  # fmt: skip
    got = {k.name for k in child_keys(("profiles", "p")) or ()}
    assert got == expected
    for name in expected:
        info = key_info((name,))
        assert info is not None and info.in_profile and not info.root_only, name
    info = key_info(("mcp_servers",))
    assert info is not None and info.root_only and not info.in_profile


# --------------------------------------------------------------------------------------------------
# key_info / child_keys / table_kind


def known(path: tuple[str | int, ...]) -> KeyInfo:
    """The key at ``path``, which the schema must know."""
    info = key_info(path)
    assert info is not None, path
    return info


def test_key_info_examples() -> None:
    info: KeyInfo | None = known(("model_providers", "my-proxy", "wire_api"))
    assert info is not None and info == KeyInfo(
        name="wire_api",
        path=("model_providers", "*", "wire_api"),
        description=info.description,
        type_label='"responses"',
        kind="string",
        values=("responses",),
        default='"responses"',
        deprecated=None,
        experimental=False,
        in_profile=False,
        root_only=False,
    )
    info = key_info(("profiles", "fast", "model"))
    assert info and info.path == ("profiles", "*", "model") and info.in_profile
    info = key_info(("mcp_servers", "docs", "tools", "search", "approval_mode"))
    assert info and info.values == ("auto", "prompt", "writes", "approve")
    info = key_info(("features", "unified_exec"))
    assert info and info.kind == "boolean" and info.default == "true" and not info.experimental
    info = key_info(("features", "multi_agent"))
    assert info and info.deprecated
    info = key_info(("project_root_markers",))
    assert info and info.default == '[".git"]' and info.type_label == "array of strings" and info.kind == "array"
    info = key_info(("tui", "alternate_screen"))
    assert info and info.type_label == '"auto" | "always" | "never"'
    info = key_info(("tui", "notifications"))
    assert info and info.type_label == "boolean or array of strings" and info.kind == "boolean"
    info = key_info(("model_reasoning_effort",))
    assert info and info.values == ("none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra")
    info = key_info(("project_doc_max_bytes",))
    assert info and info.type_label == "integer ≥ 0" and info.default == "32768"
    info = key_info(("model_providers", "my-proxy"))
    assert info and info.kind == "table" and info.path == ("model_providers", "*")
    info = key_info(("hooks", "PreToolUse", 0, "hooks", 1, "command"))
    assert info and info.path == ("hooks", "PreToolUse", "hooks", "command")
    assert key_info(("modle",)) is None
    assert key_info(("model", "sub")) is None
    assert key_info(()) is None
    for name in ("model", "approval_policy", "sandbox_mode", "mcp_servers", "model_providers", "tui", "features"):
        info = key_info((name,))
        assert info is not None and info.description and len(info.description) < 140


def test_every_key_has_a_description() -> None:
    paths = all_key_paths()
    assert len(paths) > 900
    for path in paths:
        concrete = tuple("x" if p == "*" else p for p in path)
        info = key_info(concrete)
        assert info is not None, path
        assert info.description.strip(), path
        assert "\n" not in info.description, path


def test_child_keys() -> None:
    root = child_keys(())
    assert root is not None and root[0].name == "model"
    names = [k.name for k in root]
    assert "debug" not in names and "profiles" in names
    assert names.index("profile") > names.index("tui")  # deprecated keys come last
    assert child_keys(("model_providers",)) == ()
    agents = [k.name for k in child_keys(("agents",)) or ()]
    assert "max_threads" in agents and "description" not in agents
    provider = [k.name for k in child_keys(("model_providers", "p")) or ()]
    assert provider[:3] == ["name", "base_url", "env_key"]
    assert [k.name for k in child_keys(("approval_policy", "granular")) or ()][:3] == [
        "sandbox_approval",
        "rules",
        "mcp_elicitations",
    ]
    assert child_keys(("model",)) is None
    assert child_keys(("nope",)) is None
    assert len(child_keys(("features",)) or ()) == len(FEATURES)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ((), "table"),
        (("model_providers",), "map"),
        (("profiles",), "map"),
        (("mcp_servers",), "map"),
        (("projects",), "map"),
        (("permissions",), "map"),
        (("plugins",), "map"),
        (("agents",), "map"),
        (("desktop",), "free"),
        (("notice", "model_migrations"), "free"),
        (("tui",), "table"),
        (("mcp_servers", "x", "tools"), "map"),
        (("features",), "table"),
        (("features", "multi_agent_v2"), "table"),
        (("hooks", "PreToolUse"), "table"),
        (("model",), None),
        (("bogus",), None),
    ],
)
def test_table_kind(path: tuple[str, ...], kind: str | None) -> None:
    assert table_kind(path) == kind


# --------------------------------------------------------------------------------------------------
# validate(): data-driven cases

CASES = tomllib.loads((HERE / "schema_cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validate_cases(case: dict[str, Any]) -> None:
    problems = validate(tomllib.loads(case["config"]), release=case.get("release", NEWEST))
    got = [(list(p.path), p.code) for p in problems]
    want = [(e["path"], e["code"]) for e in case["expect"]]
    assert got == want, "\n".join(p.message for p in problems)
    for problem, expected in zip(problems, case["expect"], strict=True):
        if "says" in expected:
            assert expected["says"] in problem.message
        if "suggest" in expected:
            assert list(problem.suggestions) == expected["suggest"]
        assert problem.message.count("Codex") >= 1
        assert ("ignores" in problem.message) == (problem.code == "unknown-key") or "refuses" in problem.message


def test_problem_shape() -> None:
    (problem,) = validate({"modle": "x"})
    assert isinstance(problem, SchemaProblem)
    assert problem.path == ("modle",) and problem.code == "unknown-key"
    assert problem.suggestions == ("model",)
    (problem,) = validate({"approval_policy": "sometimes"})
    assert problem.suggestions == ("untrusted", "on-failure", "on-request", "never")
    assert "refuses to load" in problem.message


def test_one_problem_per_location() -> None:
    config = {
        "tui": {"notifications": 5, "keymap": {"global": {"copy": 5}}},
        "approval_policy": {"granular": 3},
        "otel": {"exporter": 7},
        "mcp_servers": {"x": {"url": "u", "env": 3, "args": "a"}},
    }
    problems = validate(config)
    paths = [p.path for p in problems]
    assert len(paths) == len(set(paths))
    assert ("mcp_servers", "x", "env") in paths and ("mcp_servers", "x", "args") in paths


def test_non_dict_config() -> None:
    (problem,) = validate([1, 2])
    assert problem.code == "invalid-type" and problem.path == ()


# --------------------------------------------------------------------------------------------------
# never raises


def _random_value(rng: random.Random, depth: int) -> Any:
    choice = rng.randrange(12 if depth < 4 else 8)
    if choice == 0:
        return rng.choice(["", "x", "true", "42", "never", "gpt-6.1-sol", "🚀", "read-only"])
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 1, 2**63 - 1, -(2**63), 101])
    if choice == 3:
        return rng.choice([0.0, -1.5, float("nan"), float("inf"), 2.0])
    if choice == 4:
        return rng.choice([dt.datetime(1979, 5, 27, 7, 32), dt.date(2020, 1, 1), dt.time(7, 32)])
    if choice == 5:
        return None
    if choice in (6, 7):
        return rng.choice([object(), b"bytes", (1, 2), {1, 2}])
    if choice in (8, 9):
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return _random_table(rng, depth + 1)


_KEYS = sorted({p for release in KNOWN for p in all_key_paths(release=release)})


def _random_table(rng: random.Random, depth: int) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for _ in range(rng.randrange(6)):
        path = rng.choice(_KEYS)
        key: Any = path[min(depth, len(path) - 1)]
        if key == "*" or rng.random() < 0.15:
            key = rng.choice(["x", "bogus", 3, None, "_default", "name", "enabled", "command", "url"])
        out[key] = _random_value(rng, depth)
    return out


def test_fuzz_never_raises() -> None:
    rng = random.Random(20261124)
    for i in range(3000):
        config: dict[Any, Any] = {}
        for _ in range(rng.randrange(8)):
            path = rng.choice(_KEYS)
            node: dict[Any, Any] = config
            for part in path[:-1]:
                part = "x" if part == "*" else part
                nxt = node.get(part)
                if not isinstance(nxt, dict):
                    nxt = {}
                    node[part] = nxt
                node = nxt
            node[path[-1] if path[-1] != "*" else "x"] = _random_value(rng, len(path))
        if i % 3 == 0:
            config.update(_random_table(rng, 0))
        walker = _Walker(KNOWN[i % len(KNOWN)])
        walker.run(config)  # no safety net here: must not raise
        for problem in walker.out:
            assert problem.code in ("unknown-key", "invalid-type", "invalid-value", "deprecated-setting")
            assert problem.message
        paths = [p.path for p in walker.out]
        assert len(paths) == len(set(paths))


def _tree_nodes(node: Node, seen: dict[int, Node]) -> None:
    if id(node) in seen:
        return
    seen[id(node)] = node
    children: list[Node] = []
    if isinstance(node, TableNode):
        children = [spec.node for spec in (*node.fields.values(), *node.elsewhere.values())]
        children += [n for n in (node.extra, node.unknown_value) if n is not None]
    elif isinstance(node, ArrayNode):
        children = [node.item]
    elif isinstance(node, MapNode):
        children = [node.value]
    elif isinstance(node, UnionNode):
        children = list(node.options)
    for child in children:
        _tree_nodes(child, seen)


# Values of every type TOML has, the edge cases of each included.
_SAMPLES: list[Any] = [
    "", "x", "gpt-5", -1, 0, 7, 2**70, -0.5, 0.0, 1.5, float("nan"), float("inf"), True, False,
    dt.datetime(2026, 1, 2, 3, 4), dt.date(2026, 1, 2), dt.time(3, 4), [], ["x"], {}, {"a": "b"},
]  # fmt: skip


def test_values_the_walker_passes_unchecked_have_no_problem() -> None:
    """The walker passes a value whose type is in its node's ``plain_types`` (and an array or map whose
    items all are) without checking it: for every node of every release, the full check agrees."""
    nodes: dict[int, Node] = {}
    for release in KNOWN:
        _tree_nodes(root_node(release), nodes)
    passed = 0
    for node in nodes.values():
        check = _CHECKS[type(node)]
        values = [v for v in _SAMPLES if type(v) in node.plain_types]
        if node.container_type is list:
            values += [[v for v in _SAMPLES if type(v) in node.plain_items]]
        elif node.container_type is dict:
            values += [{f"k{i}": v for i, v in enumerate(_SAMPLES) if type(v) in node.plain_items}]
        for value in values:
            walker = _Walker()
            check(walker, node, value, ("key",), ("key",))
            assert walker.out == [], (node, value)
            passed += 1
    assert passed > 100


def test_a_rule_problem_below_a_table_comes_in_document_order() -> None:
    # `args` and `env` need no check of their own here, but the MCP server rule refuses them on an HTTP server
    config = {
        "mcp_servers": {
            "web": {"url": "https://x", "args": ["--port", "1"], "startup_timeout_sec": -1, "env": {"A": "b"}}
        },
        "model": 1,
    }
    found = [(p.path, p.code) for p in validate(config)]
    assert found == [
        (("mcp_servers", "web", "args"), "invalid-value"),
        (("mcp_servers", "web", "startup_timeout_sec"), "invalid-value"),
        (("mcp_servers", "web", "env"), "invalid-value"),
        (("model",), "invalid-type"),
    ]


# --------------------------------------------------------------------------------------------------
# the models, the JSON Schema, features and providers


def _valid_configs() -> list[dict[str, Any]]:
    return [tomllib.loads(c["config"]) for c in CASES if not c["expect"]]


def test_pydantic_models_accept_the_valid_cases() -> None:
    for config in _valid_configs():
        CodexConfig.model_validate(config)


def test_pydantic_models_reject_type_errors() -> None:
    from pydantic import ValidationError

    for bad in ({"allow_login_shell": "true"}, {"tui": {"notifications": "x"}}, {"approval_policy": "x"}):
        with pytest.raises(ValidationError):
            CodexConfig.model_validate(bad)


def test_json_schema() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    props = schema["properties"]
    assert props["model"]["type"] == "string" and props["model"]["description"]
    assert props["project_root_markers"]["default"] == [".git"]
    assert "debug" not in props
    assert {"enum": list(known(("model_reasoning_effort",)).values)} in props["model_reasoning_effort"]["anyOf"]
    assert props["profile"]["deprecated"] is True
    text = json.dumps(schema)
    assert "x-toml-default" not in text and '"default": null' not in text
    assert json.loads(text) == schema
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for config in _valid_configs():
        if "model" in config and not isinstance(config["model"], str):
            continue  # TOML date-time has no JSON equivalent
        assert list(validator.iter_errors(json.loads(json.dumps(config, default=str)))) == []


def test_features() -> None:
    assert len(FEATURES) == 234  # 0.171.0: 224 flags from `codex features list` + 10 legacy aliases
    stages = {f.stage for f in FEATURES.values()}
    assert stages == {"stable", "experimental", "deprecated", "removed", "under development", "legacy alias"}
    assert FEATURES["unified_exec"].default is True and FEATURES["memories"].default is False
    assert FEATURES["multi_agent"].stage == "deprecated"
    assert FEATURES["multi_agent_v2"].table
    assert "view_image_tool" not in FEATURES
    assert known(("features", "agent_message_board")).experimental


def test_builtin_providers() -> None:
    assert set(BUILTIN_PROVIDERS) == {"openai", "ollama", "lmstudio", "amazon-bedrock", "amazon-bedrock-runtime", "gcp"}
    assert BUILTIN_PROVIDERS["ollama"].base_url == "http://localhost:11434/v1"
    assert all(p.name and p.notes for p in BUILTIN_PROVIDERS.values())


def test_schema_package_does_not_import_the_protocol_stack() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("pygls", "lsprotocol")), f"{path.name} imports {name}"


def test_did_you_mean_is_offered_for_the_first_unknown_keys_only() -> None:
    # Thousands of stray keys (50,000 headers) once cost 20 s per keystroke in similarity rankings alone.
    from codex_config_lsp.schema.validate import SUGGESTED_UNKNOWN_KEYS

    config = {f"modle_{i}": 1 for i in range(SUGGESTED_UNKNOWN_KEYS + 5)}
    found = validate(config)
    assert len(found) == len(config) and all(p.code == "unknown-key" for p in found)
    assert found[0].suggestions and not found[-1].suggestions
