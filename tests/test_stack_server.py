"""The server reads the machine once and again on saves and file events, never per keystroke."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pygls.uris import from_fs_path
from rpc import Client

PROVIDER = '[model_providers.mine]\nname = "Mine"\nbase_url = "http://localhost:1/v1"\n'


@pytest.fixture
def machine(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "CODEX_HOME": str(home), "HOME": str(tmp_path)}
    client = Client(env=env)
    capabilities = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
    client.request("initialize", {"processId": None, "rootUri": None, "capabilities": capabilities})
    client.notify("initialized", {})
    yield client, home
    client.close()


def open_file(client: Client, path: Path, text: str) -> None:
    item = {"uri": from_fs_path(str(path)), "languageId": "toml", "version": 1, "text": text}
    client.notify("textDocument/didOpen", {"textDocument": item})


def codes_published(client: Client, path: Path) -> list[str]:
    uri = from_fs_path(str(path))
    while True:
        message = client.wait_for("textDocument/publishDiagnostics")
        if message["params"]["uri"] == uri:
            return [d["code"] for d in message["params"]["diagnostics"]]


def test_a_save_reads_the_files_a_config_names_again(machine):
    client, home = machine
    config = home / "config.toml"
    text = 'model_instructions_file = "rules.md"\n'
    config.write_text(text, encoding="utf-8")
    open_file(client, config, text)
    assert codes_published(client, config) == ["missing-file"]
    (home / "rules.md").write_text("Be brief.\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": from_fs_path(str(config))}})
    assert codes_published(client, config) == []


def test_a_profile_file_sees_the_user_config_and_follows_its_changes(machine):
    client, home = machine
    user = home / "config.toml"
    user.write_text(PROVIDER, encoding="utf-8")
    profile = home / "fast.config.toml"
    open_file(client, profile, 'model_provider = "mine"\nmodel = "llama3"\n')
    assert codes_published(client, profile) == []
    registration = next(m for m in client.seen if m.get("method") == "client/registerCapability")
    (watched,) = registration["params"]["registrations"]
    assert watched["method"] == "workspace/didChangeWatchedFiles"
    patterns = [w["globPattern"] for w in watched["registerOptions"]["watchers"]]
    assert "**/.codex/*.toml" in patterns and {"baseUri": from_fs_path(str(home)), "pattern": "*"} in patterns
    user.write_text("", encoding="utf-8")  # the provider goes away on disk
    change = {"changes": [{"uri": from_fs_path(str(user)), "type": 2}]}
    client.notify("workspace/didChangeWatchedFiles", change)
    assert codes_published(client, profile) == ["undefined-provider"]
