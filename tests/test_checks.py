"""Diagnostics: each code on the text that earns it, at its span, and silence on good configs."""

from __future__ import annotations

import pytest
from codex_config_lsp.analysis import analyze
from codex_config_lsp.snapshot import Snapshot
from support import analyze_on_disk, with_spans

# (source with «marked» spans, the codes expected there in order)
CASES = [
    ('model = «"gpt-5.5-mini"»\n', ["unknown-model"]),
    ('review_model = «"gtp-5.4"»\n', ["unknown-model"]),
    ('[profiles.«fast»]\nmodel = «"gpt5"»\n', ["legacy-profile", "unknown-model"]),
    ('profiles.«fast».model = «"nope"»\n', ["legacy-profile", "unknown-model"]),
    ('profiles = { «fast» = { model = «"nope"» } }\n', ["legacy-profile", "unknown-model"]),
    ('[model_providers.local]\nname = "L"\nbase_url = "http://x/v1"\nwire_api = «"chat"»\n', ["wire-api-chat"]),
    ('model_providers.local.name = "L"\nmodel_providers.local.wire_api = «"chat"»\n', ["wire-api-chat"]),
    ('model_providers = { local = { name = "L", wire_api = «"chat"» } }\n', ["wire-api-chat"]),
    ('[model_providers.«local»]\nbase_url = "http://x/v1"\n', ["invalid-value"]),
    ('model_provider = «"loacl"»\n[model_providers.local]\nname = "L"\n', ["undefined-provider"]),
    ('model_provider = «"ollama-chat"»\n', ["undefined-provider"]),
    ('[model_providers.«openai»]\nname = "mine"\n', ["builtin-provider-override"]),
    ('profile = «"fast"»\n[profiles.«fast»]\nmodel = "gpt-6-luna"\n', ["legacy-profile", "legacy-profile"]),
    ('profile = «"fats"»\n', ["undefined-profile"]),
    ('forced_login_method = "api"\nmodel = «"gpt-5.3-codex-spark"»\n', ["model-unavailable"]),
    ('model = «"gp»\n', ["toml-syntax"]),
    ('approval_policy = «"untrusted"»\n', ["invalid-value"]),
    ('[«permissions».dev]\ndescription = "x"\n', ["invalid-value"]),
    ('default_permissions = «"dev"»\n', ["invalid-value"]),
    ('default_permissions = «":workspace-write"»\n', ["invalid-value"]),
    (
        '[model_providers.amazon-bedrock]\n«name» = "B"\naws.«bogus» = "x"\naws.region = "us-east-1"\n',
        ["builtin-provider-override", "builtin-provider-override"],
    ),
    ('«modle» = "gpt-5.5"\n', ["unknown-key"]),
    ("[«tuii»]\nanimations = true\n", ["unknown-key"]),
    ("[tui]\n«bogus» = 1\n", ["unknown-key"]),
    ('[history]\n«file_opener» = "cursor"\n', ["unknown-key"]),
    ('[profiles.«p»]\n«notify» = ["x"]\n', ["legacy-profile", "unknown-key"]),
    ('approval_policy = «"sometimes"»\n', ["invalid-value"]),
    ('[tui]\nanimations = «"yes"»\n', ["invalid-type"]),
    ('history = «"save-all"»\n', ["invalid-type"]),
    ("notify = [«1»]\n", ["invalid-type"]),
    ('[model_providers.p]\nname = "P"\nrequest_max_retries = «-1»\n', ["invalid-value"]),
    ('model = "gpt-5.5"\n«model» = "gpt-5.4"\n', ["toml-syntax"]),
]


@pytest.mark.parametrize("source, codes", CASES)
def test_each_problem_at_its_span(source, codes):
    text, spans = with_spans(source)
    problems = analyze(text).problems
    assert [(p.code, p.span) for p in problems] == list(zip(codes, spans, strict=True))


QUIET = {
    "catalog model": 'model = "gpt-6.2-sol"\n',
    "a model of the 0.171 catalog the page does not list": 'model = "gpt-6.2-astra"\n',
    "codex 0.169 model": 'model = "gpt-6.1-sol"\n',
    "custom provider model": 'model = "llama3.1:8b"\nmodel_provider = "local"\n'
    '[model_providers.local]\nname = "L"\nbase_url = "http://localhost:11434/v1"\n',
    "ollama model": 'model = "qwen3"\nmodel_provider = "ollama"\n',
    "lmstudio model": 'model = "qwen3"\nmodel_provider = "lmstudio"\n',
    "openai base url": 'openai_base_url = "http://proxy/v1"\nmodel = "my-alias"\n',
    "responses provider": '[model_providers.az]\nname = "Azure"\nbase_url = "https://x/openai"\n'
    'wire_api = "responses"\n',
    "bedrock adjustments": '[model_providers.amazon-bedrock]\nbase_url = "https://example/v1"\n',
    "empty": "",
    "permissions that name each other": 'default_permissions = "dev"\n[permissions.dev]\ndescription = "x"\n',
    "built-in permissions": 'default_permissions = ":danger-full-access"\n',
    "gcp adjustments": '[model_providers.gcp]\nproject_id = "p"\nlocation = "us-central1"\n',
}


@pytest.mark.parametrize("text", QUIET.values(), ids=QUIET.keys())
def test_no_false_alarms(text):
    assert analyze(text).problems == ()


def test_unknown_model_suggests_close_slugs_as_fixes():
    text = 'model = "gpt-5.4-mni"\n'
    (problem,) = analyze(text).problems
    assert "Did you mean `gpt-5.4-mini`" in problem.message
    assert problem.fixes[0].new_text == '"gpt-5.4-mini"' and problem.fixes[0].preferred
    assert len(problem.fixes) <= 3


@pytest.mark.parametrize(
    "text, suggested",
    [
        ('model = "GPT-5.4-mini"\n', "gpt-5.4-mini"),  # names are case-sensitive: a case slip is suggested
        ('model_provider = "olama"\n', "ollama"),
        ('profile = "fsat"\n[profiles.fast]\n', "fast"),
        ('default_permissions = ":workspace-write"\n', ":workspace"),
        ('default_permissions = "deev"\n[permissions.dev]\ndescription = "x"\n', "dev"),
    ],
)
def test_every_kind_of_name_gets_the_same_did_you_mean(text, suggested):
    problem = next(p for p in analyze(text).problems if p.fixes and p.fixes[0].new_text == f'"{suggested}"')
    assert f"Did you mean `{suggested}`" in problem.message
    assert problem.fixes[0].preferred and problem.fixes[0].title == f"Change to `{suggested}`"
    assert not any(fix.preferred for fix in problem.fixes[1:])


def test_a_legacy_profile_table_is_information_and_struck_through():
    problems = analyze('profile = "fast"\n[profiles.fast]\nmodel = "gpt-6-luna"\n').problems
    assert [(p.code, p.severity, p.deprecated) for p in problems] == [
        ("legacy-profile", "error", True),
        ("legacy-profile", "information", True),
    ]


def test_wire_api_chat_says_what_to_do_and_offers_the_fix():
    (problem,) = analyze('model_providers.x = { name = "X", wire_api = "chat" }\n').problems
    assert problem.severity == "error" and problem.deprecated
    assert 'wire_api = "responses"' in problem.message and "removed" in problem.message
    assert problem.fixes[0].new_text == '"responses"'
    assert problem.key == "model_providers.x.wire_api"


def test_a_model_only_the_models_page_lists_gets_what_codex_says():
    # Measured on 0.169 and 0.171: `gpt-5.4` loads, and `codex exec` warns "Model metadata ... not found".
    (problem,) = analyze('model = "gpt-5.4"\n').problems
    assert problem.code == "unknown-model" and problem.severity == "warning"
    assert "on the models page, but Codex 0.171's catalog does not list it" in problem.message
    assert "no metadata" in problem.message and "requests" not in problem.message


def test_a_user_catalog_makes_a_model_known():
    from codex_config_lsp.catalog import CatalogModel, ModelList, settings_catalog_source

    mine = ModelList(settings_catalog_source("mine.json"), (CatalogModel(slug="gpt-5.5-mini", description="mine"),))
    assert analyze('model = "gpt-5.5-mini"\n', snapshot=Snapshot(extra_models=mine)).problems == ()


def test_unknown_keys_offer_their_spelling_and_removal():
    text = 'modle = "gpt-5.5"\napproval_policy = "never"\n'
    (problem,) = analyze(text).problems
    assert problem.severity == "warning" and problem.unnecessary
    assert "Codex ignores it" in problem.message and "Did you mean `model`" in problem.message
    assert [(f.new_text, text[f.span.start : f.span.end]) for f in problem.fixes] == [
        ("model", "modle"),
        ("", 'modle = "gpt-5.5"\n'),
    ]


def test_enum_values_offer_the_closest_values():
    (problem,) = analyze('sandbox_mode = "workspace_write"\n').problems
    assert problem.fixes[0].new_text == '"workspace-write"' and problem.fixes[0].preferred
    assert "refuses to load" in problem.message


def test_a_key_in_the_wrong_table_says_where_it_belongs():
    (problem,) = analyze('[history]\nfile_opener = "cursor"\n').problems
    assert "top-level setting" in problem.message and "[history]" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        '[model_providers.p]\nname = "P"\napi_key = "sk-VERYSECRET"\nhttp_headers = { X = 1 }\n',
        '[model_providers.p]\nname = "P"\nhttp_headers = "Authorization: Bearer sk-VERYSECRET"\n',
        '[mcp_servers.m]\ncommand = "x"\nenv = "TOKEN=sk-VERYSECRET"\n',
        "experimental_bearer_token = sk-VERYSECRET\n",
        '[mcp_servers.m]\ncommand = "x"\nenv = { TOKEN = sk-VERYSECRET }\n',
    ],
)
def test_secrets_never_reach_a_message(text):
    problems = analyze(text).problems
    assert problems
    for problem in problems:
        assert "VERYSECRET" not in problem.message


REAL_CONFIG = """
model = "gpt-5.5"
model_provider = "azure"
approval_policy = "on-request"
sandbox_mode = "workspace-write"
model_reasoning_effort = "high"
model_reasoning_summary = "concise"
model_verbosity = "medium"
web_search = "cached"
notify = ["notify-send", "Codex"]
file_opener = "cursor"
project_doc_fallback_filenames = ["CLAUDE.md"]

[sandbox_workspace_write]
writable_roots = ["/tmp/build"]
network_access = true

[shell_environment_policy]
inherit = "core"
exclude = ["AWS_*", "*TOKEN*"]
set = { CI = "1" }

[model_providers.azure]
name = "Azure OpenAI"
base_url = "https://example.openai.azure.com/openai"
env_key = "AZURE_OPENAI_API_KEY"
query_params = { api-version = "2025-04-01-preview" }
wire_api = "responses"
request_max_retries = 4
stream_idle_timeout_ms = 300000

[mcp_servers.docs]
command = "npx"
args = ["-y", "@upstash/context7-mcp"]
env = { API_KEY = "x" }
startup_timeout_sec = 20

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
bearer_token_env_var = "REMOTE_TOKEN"
enabled_tools = ["search"]

[tui]
notifications = ["agent-turn-complete", "approval-requested"]
animations = false
theme = "dracula"

[history]
persistence = "save-all"

[features]
unified_exec = true
web_search_request = true

[projects."/home/me/work"]
trust_level = "trusted"

[otel]
environment = "prod"
exporter = "none"

[[hooks.PreToolUse]]
matcher = "shell"
[[hooks.PreToolUse.hooks]]
type = "command"
command = "/usr/local/bin/check"
timeout = 30
"""


def test_a_realistic_config_that_codex_accepts_gets_no_error():
    problems = analyze(REAL_CONFIG).problems
    assert [(p.code, p.message) for p in problems if p.severity == "error"] == []


def test_files_codex_reads_at_load_must_exist(tmp_path):
    (tmp_path / "present.md").write_text("be brief", encoding="utf-8")
    text = (
        'model_instructions_file = "present.md"\nmodel_catalog_json = "nope.json"\n'
        'experimental_compact_prompt_file = "~/definitely-not-here-4711.md"\n'
    )
    problems = analyze_on_disk(tmp_path / "config.toml", text).problems
    assert [(p.code, p.key) for p in problems] == [
        ("missing-file", "model_catalog_json"),
        ("missing-file", "experimental_compact_prompt_file"),
    ]
    assert str(tmp_path / "nope.json") in problems[0].message
    assert analyze(text).problems == ()  # an unsaved buffer has no folder to look in


def test_the_configs_own_model_catalog_names_models_and_must_be_usable(tmp_path):
    (tmp_path / "models.json").write_text('{"models": [{"slug": "team-model"}]}', encoding="utf-8")
    text = 'model_catalog_json = "models.json"\nmodel = "team-model"\n'
    analysis = analyze_on_disk(tmp_path / "config.toml", text)
    assert analysis.problems == () and "team-model" in analysis.catalog
    (tmp_path / "models.json").write_text('{"models": []}', encoding="utf-8")
    (problem,) = analyze_on_disk(tmp_path / "config.toml", text).problems[:1]
    assert (problem.code, problem.key) == ("invalid-value", "model_catalog_json") and "no models" in problem.message
    (tmp_path / "models.json").write_text("{broken", encoding="utf-8")
    assert "not JSON" in analyze_on_disk(tmp_path / "config.toml", text).problems[0].message


def test_a_missing_agent_role_file_is_a_warning(tmp_path):
    (tmp_path / "reviewer.toml").write_text('model = "gpt-5.4"\n', encoding="utf-8")
    text = '[agents.reviewer]\nconfig_file = "reviewer.toml"\n[agents.writer]\nconfig_file = "writer.toml"\n'
    (problem,) = analyze_on_disk(tmp_path / "config.toml", text).problems
    assert (problem.code, problem.severity, problem.key) == ("missing-file", "warning", "agents.writer.config_file")


def test_a_project_config_in_an_untrusted_folder_gets_a_note(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    project = tmp_path / "project"
    config = project / ".codex" / "config.toml"
    text = 'model = "gpt-6.1-sol"\n'
    (problem,) = analyze_on_disk(config, text, home).problems
    assert (problem.code, problem.severity) == ("untrusted-project", "information")
    assert f'[projects."{project}"]' in problem.message and text[problem.span.start : problem.span.end] == "model"
    (home / "config.toml").write_text(f'[projects."{project}"]\ntrust_level = "trusted"\n', encoding="utf-8")
    assert analyze_on_disk(config, text, home).problems == ()
    # the user's own config and profile files are not gated by trust
    assert analyze_on_disk(home / "config.toml", text, home).problems == ()
    assert analyze_on_disk(home / "work.config.toml", text, home).problems == ()
