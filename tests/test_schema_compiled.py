"""The schema compiled at build time: the committed data is what the models say, and run time needs no pydantic."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from codex_config_lsp import releases
from codex_config_lsp.schema import validate, value_doc
from codex_config_lsp.schema.compile import OUTPUT, render
from codex_config_lsp.schema.nodes import MapNode, TableNode, root_node
from codex_config_lsp.schema.values import value_docs

ROOT = Path(__file__).parent.parent
OLD, NEW = releases.KNOWN[0], releases.KNOWN[-1]


def test_the_committed_compiled_schema_is_what_the_models_compile_to() -> None:
    for name, text in render().items():
        committed = (OUTPUT / name).read_text(encoding="utf-8")
        assert committed == text, f"{OUTPUT / name} is stale: run .venv/bin/python scripts/compile-schema"


def test_the_server_checking_hover_and_the_json_schema_import_no_pydantic() -> None:
    """pydantic declares the schema at build time only: at run time it would cost ~50 ms and ~10 MB."""
    probe = (
        "import sys\n"
        "import codex_config_lsp.lsp.server, codex_config_lsp.cli\n"
        "import codex_config_lsp.schema as schema\n"
        "from codex_config_lsp.analysis import analyze\n"
        "from codex_config_lsp.catalog import parse_catalog, parse_models_cache, MODELS_PAGE\n"
        "from codex_config_lsp.settings import read_settings\n"
        "schema.validate({'model': 1, 'mcp_servers': {'x': {}}, 'features': {'rollout_budget': True}})\n"
        "schema.key_info(('sandbox_mode',)); schema.child_keys(('tui',)); schema.value_doc(('sandbox_mode',), 'x')\n"
        "schema.json_schema()\n"
        "analyze('model = \"gpt-5.5\"\\n[mcp_servers.x]\\ncommand = 1\\n')\n"
        'parse_catalog(\'{"models": [{"slug": "m"}]}\', MODELS_PAGE); parse_models_cache(\'{"models": []}\')\n'
        "read_settings({'severity': {'unknown-model': 'off'}})\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'annotated_types'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_bug_in_a_rule_is_logged_and_the_problems_found_before_it_are_kept(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    servers = root_node(NEW).fields["mcp_servers"].node
    assert isinstance(servers, MapNode) and isinstance(servers.value, TableNode)

    def broken(table: object, release: str) -> list[object]:
        raise RuntimeError("a bug in the MCP rule")

    monkeypatch.setattr(servers.value, "rule", broken)
    with caplog.at_level(logging.ERROR, logger="codex_config_lsp.schema.validate"):
        found = validate({"model": 1, "mcp_servers": {"x": {"command": "a"}}}, release=NEW)
    assert [(p.path, p.code) for p in found] == [(("model",), "invalid-type")]
    [record] = caplog.records
    assert record.exc_info is not None and "a bug in the MCP rule" in str(record.exc_info[1])
    assert capsys.readouterr().out == ""  # stdout carries the protocol: logs go elsewhere


def test_tables_that_releases_read_alike_are_one_object() -> None:
    old, new = root_node(OLD), root_node(NEW)
    assert old is not new and (old.release, new.release) == (OLD, NEW)
    assert old.fields["history"].node is new.fields["history"].node
    assert old.fields["otel"].node is not new.fields["otel"].node  # 0.171.0 added `headers_helper`


def test_enum_values_are_documented_where_the_enum_is_used() -> None:
    # the keys whose values had a line each before the docs moved beside their enums
    documented = [
        ("approval_policy",),
        ("sandbox_mode",),
        ("model_reasoning_effort",),
        ("plan_mode_reasoning_effort",),
        ("model_reasoning_summary",),
        ("model_verbosity",),
        ("web_search",),
        ("personality",),
        ("forced_login_method",),
        ("cli_auth_credentials_store",),
        ("history", "persistence"),
        ("shell_environment_policy", "inherit"),
        ("model_providers", "*", "wire_api"),
    ]
    docs = value_docs()
    assert set(documented) <= set(docs)
    assert docs[("profiles", "*", "sandbox_mode")] == docs[("sandbox_mode",)]  # one declaration for both
    assert value_doc(("sandbox_mode",), "read-only") == "Commands may read files but not write them or use the network."
    assert value_doc(("sandbox_mode",), "bogus") is None and value_doc(("no_such_key",), "x") is None
    for release in (OLD, NEW):
        said = value_doc(("approval_policy",), "untrusted", release=release)
        parsed = releases.parse(release)
        assert said and parsed and f"Codex {parsed.short} refuses" in said


def test_a_profile_takes_the_shared_settings_and_its_own_tui_and_windows() -> None:
    from codex_config_lsp.schema.models import CodexConfig, ConfigProfile, ProfileSettings

    shared = set(ProfileSettings.model_fields)
    assert set(ConfigProfile.model_fields) - shared == {"tui", "windows"}
    assert shared < set(CodexConfig.model_fields)
    profile = root_node(NEW).fields["profiles"].node
    assert isinstance(profile, MapNode) and isinstance(profile.value, TableNode)
    for key in shared:  # the same facts in both places
        assert profile.value.fields[key].description == root_node(NEW).fields[key].description, key
