"""No secret is ever shown: canary values in every place a Codex config keeps one, through every feature.

Each canary carries the marker `CANARY` (or, escaped in the TOML, `\\u0043ANARY`); no output of any
feature, command or server log may hold `ANARY` or `CANA` (a value cut short after four characters).
The canaries hold no secret word of their own (`token`, `key`), except where the text is what gives
the secret away (`?api-key=` in a URL, `Bearer` in an argument): the rules of where a secret sits
are what must hide them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from codex_config_lsp import actions, completion, domain, folding, formatting, hover, navigation
from codex_config_lsp.analysis import analyze
from codex_config_lsp.diagnostics import visible
from codex_config_lsp.settings import Settings
from codex_config_lsp.text import Span
from rpc import Client
from support import machine

CONFIG = r"""model = "gpt-5.5"
review_model = "sk-CANARY-as-a-model-name-01"
notify = ["notify-send", "-H", "Authorization: Bearer CANARY-notify-02"]

[profiles.work]
model_provider = "corp"

[model_providers.corp]
name = "Corp"
base_url = "https://llm.example.com/v1?api-key=CANARY-url-query-03"
experimental_bearer_token = "CANARY-bearer-04"
http_headers = { "X-Corp" = "CANARY-header-05" }
env_http_headers = { "X-Env" = "CANARY_ENV_HEADER_06" }
query_params = { "api-version" = "2025-04-01", "code" = "CANARY-query-07" }

[model_providers.wrong]
name = "Wrong"
http_headers = "CANARY-wrong-type-and-long-enough-to-be-cut-short-08"
experimental_bearer_token = 4242424242

[model_providers.escaped]
name = "Escaped"
http_headers = "sk-\u0043ANARY-escaped-wrong-type-09"
experimental_bearer_token = "sk-\u0043ANARY-escaped-10"

[mcp_servers.db]
command = "db-server"
args = ["--api-key", "CANARY-arg-11", "--token", "CANARY-arg-12", "--verbose"]
env = { DB_URL = "CANARY-mcp-env-13" }
bearer_token_env_var = "CANARY_BEARER_VAR_14"

[mcp_servers.remote]
url = "https://user:CANARY-url-password-15@mcp.example.com/sse"
bearer_token_env_var = "CANARY_BEARER_VAR_16"
http_headers = { "X-Remote" = "CANARY-mcp-header-17" }
env_http_headers = { "X-Remote-Env" = "CANARY_MCP_ENV_HEADER_18" }

[shell_environment_policy]
set = { DEPLOY = "CANARY-shell-set-19" }

[otel]
exporter.otlp-http = { endpoint = "https://otel.example.com", protocol = "binary", headers = { x = "CANARY-otel-20" } }
"""

CANARIES = 20
UNTIDY = CONFIG.replace("\nname = ", "\nname   =   ").replace("\nargs = ", "\n  args=")  # for the formatter
# Code points: the escaped canaries are read back as `sk-CANARY-...` (decoded) and shown raw as `\u0043ANARY`.
FRAGMENTS = re.compile(r"ANARY|CANA")


def leaks(*outputs: object) -> list[str]:
    """The canary fragments in ``outputs`` (their text, or their repr for data)."""
    texts = [output if isinstance(output, str) else repr(output) for output in outputs]
    return [found for text in texts for found in FRAGMENTS.findall(text)]


def test_the_config_carries_every_canary_and_reads_as_codex_would():
    assert CONFIG.count("ANARY") == CANARIES == len(set(re.findall(r"ANARY\S*?(\d\d)\b", CONFIG)))
    analysis = analyze(CONFIG)
    codes = {problem.code for problem in analysis.problems}
    assert "toml-syntax" not in codes and "unknown-key" not in codes  # every canary is where Codex reads it
    # The secrets of the wrong type and in the wrong place are what the messages could quote.
    assert {"invalid-type", "unknown-model", "invalid-value", "legacy-profile"} <= codes


@pytest.fixture(scope="module")
def analysis():
    return analyze(CONFIG)


def test_messages_and_fixes_hide_every_secret(analysis):
    assert len(analysis.problems) >= 4
    found = [(p.code, p.message, [(f.title, f.new_text) for f in p.fixes]) for p in analysis.problems]
    assert leaks(found) == [], found
    assert leaks([(p.message, level) for p, level in visible(analysis, Settings())]) == []


def test_a_secret_cut_short_or_escaped_in_a_message_is_hidden_whole(analysis):
    wrong = [p.message for p in analysis.problems if p.code == "invalid-type" and p.key.endswith("http_headers")]
    assert len(wrong) == 2 and all('not the string "…"' in message for message in wrong), wrong


@pytest.mark.parametrize(
    "text",
    [
        '[mcp_servers.m]\ncommand = "x"\nargs = ["--token", CANARY-bare-word]\n',  # the array is left out of the data
        '[mcp_servers.m]\ncommand = "x"\nargs = ["--token" "CANARY-no-comma"]\n',
        '[mcp_servers.m]\ncommand = "x"\nenv = { A = CANARY-bare-word }\n',
        '[mcp_servers.m]\ncommand = "x"\nenv = { A = "CANARY-no-comma" B = 1 }\n',
        "experimental_bearer_token = CANARY-bare-word\n",
        'experimental_bearer_token = "CANARY-then-more" extra\n',
        "experimental_bearer_token = 'CANARY-unclosed\n",
        'notify = ["x", "Bearer CANARY-in-a-broken-array",]]\n',
        'notify = ["x", "-H", "Authorization": Bearer CANARY-split-off"]\n',  # quoted as written
    ],
)
def test_a_secret_that_does_not_scan_is_not_quoted_either(text):
    problems = analyze(text).problems
    assert problems and leaks([problem.message for problem in problems]) == []


@pytest.mark.parametrize(
    "path, value, shown",
    [
        (("args",), ["--token ", "CANARY", " --api-key", "CANARY"], ["--token ", "…", " --api-key", "…"]),
        (("args",), ["--api-key=CANARY", "-v"], ["…", "-v"]),
        (("url",), "https://user:CANARY@host.example/x?y=1", "https://…@host.example/x?…"),
        (("url",), "https://user:CAN#ARY@host.example/x", "…"),  # `#` in a password: where is the host?
        (("url",), "https://host.example/v1?api-key=CANARY", "https://host.example/v1?…"),
        (("url",), "https://host.example/token/CANARY", "…"),
        (("command",), "Bearer CANARY", "…"),
        (("model_providers", "p", "query_params", "sig"), "CANARY", "…"),
        (("name",), "Corp", "Corp"),
    ],
)
def test_what_may_be_shown_of_a_value(path, value, shown):
    assert domain.redacted(path, value) == shown


def test_hover_at_every_offset_shows_no_secret(analysis):
    shown = []
    for offset in range(len(CONFIG) + 1):
        for markdown in (True, False):
            found = hover.hover(analysis, offset, markdown)
            if found is not None:
                shown.append(found.text)
    assert len(shown) > 200 and any("https://llm.example.com/v1?…" in text for text in shown)
    assert leaks(shown) == []


def test_completion_at_every_offset_shows_no_secret(analysis):
    items = []
    for offset in range(len(CONFIG) + 1):
        for item in completion.complete(analysis, offset, markdown=offset % 2 == 0, snippets=True):
            items.append((item.label, item.insert, item.detail, item.documentation, item.filter))
    assert any(label == "corp" and "llm.example.com" in doc for label, _, _, doc, _ in items)
    assert leaks(items) == []


def test_code_actions_outline_and_folding_show_no_secret(analysis):
    whole = Span(0, len(CONFIG))
    fixes = [(fix.title, fix.new_text) for _, fix in actions.fixes_at(analysis, whole, Settings())]
    moves = list(actions.profile_moves_at(analysis, whole, Settings()))
    assert moves and 'model_provider = "corp"' in moves[0][1].profile_text
    assert any(title.startswith("Ignore invalid-type") for title, _ in fixes)
    outline = navigation.outline(analysis)
    details = []

    def walk(entries):
        for entry in entries:
            details.append((entry.name, entry.detail))
            walk(entry.children)

    walk(outline)
    # Values are still summarised where they are no secret, and a URL keeps its host.
    assert ("name", "Corp") in details and ("base_url", "https://llm.example.com/v1?…") in details
    assert ("args", "['--api-key', '…', '--token', '…', '--v…") in details
    assert leaks(fixes, details, folding.folds(analysis)) == []
    # Moving the profile out rewrites the file itself: its secrets stay where they were, none is copied.
    ((_, move),) = moves
    assert leaks(move.profile_text) == [] and len(leaks(move.config_text)) == len(leaks(CONFIG))


def test_formatting_copies_no_secret_anywhere_new(analysis):
    # The formatted file holds the secrets the file holds (it is the file), each where it was, none twice.
    untidy = analyze(UNTIDY)
    result = formatting.formatted(untidy)
    assert result is not None and result != UNTIDY
    assert len(leaks(result)) == len(leaks(UNTIDY))
    edits = formatting.format_edits(untidy)
    assert edits and all(len(leaks(new)) == len(leaks(UNTIDY[span.start : span.end])) for span, new in edits)


# -- the command line and the server, as real processes -----------------------------------------------------------


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "codex_config_lsp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home" / ".codex"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(UNTIDY, encoding="utf-8")
    return folder


@pytest.mark.parametrize("output", ["text", "json", "github", "sarif"])
def test_check_shows_no_secret_in_any_format(home, output):
    result = run("check", "--format", output, str(home / "config.toml"), env={"CODEX_HOME": str(home)})
    assert result.returncode == 1 and "invalid-type" in result.stdout
    assert leaks(result.stdout, result.stderr) == []


@pytest.mark.parametrize("output", ["text", "json"])
def test_explain_shows_no_secret(home, tmp_path, output):
    env = {"CODEX_HOME": str(home), "HOME": str(home.parent)}
    result = run("explain", "--format", output, "--cwd", str(tmp_path), env=env)
    assert "model_providers.corp.name" in result.stdout and "Corp" in result.stdout
    assert leaks(result.stdout, result.stderr) == []


def test_format_prints_no_secret(home):
    for args in (("format", "--check"), ("format",)):
        result = run(*args, str(home / "config.toml"))
        assert "config.toml: " in result.stdout
        assert leaks(result.stdout, result.stderr) == []


def test_the_server_log_shows_no_secret_while_it_serves(home):
    uri = (home / "config.toml").as_uri()
    document = {"textDocument": {"uri": uri}}
    opened = {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": CONFIG}}
    lines = CONFIG.splitlines()
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": len(lines), "character": 0}}
    client = Client(stderr=subprocess.PIPE, env={**os.environ, "CODEX_HOME": str(home), "HOME": str(home.parent)})
    answers: dict[str, list] = {}
    try:
        client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", opened)
        requests = [
            (method, {**document, "position": {"line": line, "character": character}})
            for line, text in enumerate(lines)
            for character in range(0, len(text) + 1, 3)
            for method in ("textDocument/hover", "textDocument/completion")
        ]
        requests += [
            ("textDocument/diagnostic", document),
            ("textDocument/documentSymbol", document),
            ("textDocument/foldingRange", document),
            ("textDocument/codeAction", {**document, "range": whole, "context": {"diagnostics": []}}),
        ]
        for method, params in requests:
            answers.setdefault(method, []).append(client.request(method, params))
        # What a confused client sends: the log says what was wrong, never what the text was.
        changed = {"contentChanges": [{"text": CONFIG}]}
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": "two"}, **changed})
        client.notify("textDocument/didOpen", {"textDocument": {**opened["textDocument"], "version": None}})
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri + ".closed", "version": 2}, **changed})
        client.request("shutdown", None)
        client.notify("exit", None)
        client.process.wait(timeout=10)
        log = client.process.stderr.read().decode()
    finally:
        if client.process.poll() is None:
            client.close()
    for stream in (client.process.stdin, client.process.stdout, client.process.stderr):
        stream.close()
    (symbols,) = answers["textDocument/documentSymbol"]
    assert any(symbol["name"] == "model_providers" for symbol in symbols["result"])
    assert sum(bool(answer.get("result")) for answer in answers["textDocument/hover"]) > 50
    assert leaks(answers) == []
    assert "invalid params for textDocument/didChange" in log  # the confused client was logged
    assert leaks(log) == [], log


# -- a value another file of the stack sets ----------------------------------------------------------------------


def test_hover_hides_a_secret_another_file_of_the_stack_sets(tmp_path):
    home, root = tmp_path / "home", tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("")
    (root / ".codex").mkdir()
    project = '[mcp_servers.db]\ncommand = "db"\nargs = ["--token", "CANARY-origin"]\n'
    (root / ".codex" / "config.toml").write_text(project)
    home.mkdir()
    user = home / "config.toml"
    text = f'[mcp_servers.db]\ncommand = "db"\nargs = ["x"]\n[projects."{root}"]\ntrust_level = "trusted"\n'
    user.write_text(text)
    analysis = analyze(text, user, machine(home, (user, text), cwd=root))
    note = hover.hover(analysis, text.index("args") + 1).text
    assert "Overridden by" in note
    assert leaks(note) == []
