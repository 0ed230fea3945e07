"""Garbage and requests out of order get an answer or a clear error; the server keeps running."""

from __future__ import annotations

import subprocess

import pytest
from rpc import Client

URI = "file:///w/codex-home/config.toml"
POSITION = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 9}}


@pytest.fixture
def client():
    started = Client(stderr=subprocess.PIPE)
    yield started
    started.close()


def initialize(client: Client) -> dict:
    answer = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    return answer


def test_requests_before_initialize_and_on_unknown_documents_get_answers(client):
    early = client.request("textDocument/hover", POSITION)
    assert "result" in early or "error" in early
    assert "capabilities" in initialize(client)["result"]
    document_only = {"textDocument": {"uri": URI}}
    for method, params in (
        ("textDocument/completion", POSITION),
        ("textDocument/hover", POSITION),
        ("textDocument/definition", POSITION),
        ("textDocument/references", {**POSITION, "context": {"includeDeclaration": True}}),
        ("textDocument/prepareRename", POSITION),
        ("textDocument/rename", {**POSITION, "newName": "x"}),
        ("textDocument/documentHighlight", POSITION),
        ("textDocument/documentSymbol", document_only),
        ("textDocument/documentLink", document_only),
        ("textDocument/foldingRange", document_only),
        ("textDocument/formatting", {**document_only, "options": {"tabSize": 2, "insertSpaces": True}}),
        ("textDocument/diagnostic", document_only),
    ):
        answer = client.request(method, params)
        assert "result" in answer or "error" in answer


def test_garbage_and_bad_params_do_not_stop_the_server(client):
    initialize(client)
    client.send_raw(b"{this is not json")
    client.send({"jsonrpc": "2.0", "id": "x1", "method": "no/such/method", "params": {}})
    assert "error" in client.response_to("x1")
    client.send({"jsonrpc": "2.0", "id": "x2", "method": "textDocument/hover", "params": {"nonsense": True}})
    assert "error" in client.response_to("x2")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": 'model = "gpt-5.5-mni"\n'}},
    )
    far = client.request(
        "textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 999, "character": 999}}
    )
    assert far.get("result") is None and "error" not in far
    pulled = client.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})
    assert [d["code"] for d in pulled["result"]["items"]] == ["unknown-model"]
    assert client.unparsable == []  # nothing but protocol on stdout


def test_a_change_to_a_closed_document_is_survived(client):
    initialize(client)
    client.notify(
        "textDocument/didChange", {"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": "x"}]}
    )
    client.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
    answer = client.request("textDocument/completion", POSITION)
    assert "result" in answer or "error" in answer


def test_settings_bring_a_user_catalog_and_a_broken_one_is_reported_once(tmp_path):
    catalog = tmp_path / "models.json"
    catalog.write_text('{"models": [{"slug": "team-model"}]}', encoding="utf-8")
    good = Client()
    try:
        good.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {},
                "initializationOptions": {"catalogPath": str(catalog)},
            },
        )
        good.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": 'model = "team-model"\n'}},
        )
        assert good.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]["items"] == []
    finally:
        good.close()

    broken = Client()
    try:
        options = {"catalogPath": str(tmp_path / "missing.json"), "severity": {"unknown-model": "error"}}
        broken.request(
            "initialize", {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": options}
        )
        broken.notify("workspace/didChangeConfiguration", {"settings": {"codexConfig": options}})
        broken.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": 'model = "team-model"\n'}},
        )
        items = broken.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]["items"]
        assert [(d["code"], d["severity"]) for d in items] == [("unknown-model", 1)]  # bundled catalog, user severity
        shown = [m for m in broken.seen if m.get("method") == "window/showMessage"]
        assert len(shown) == 1 and "cannot read" in shown[0]["params"]["message"]
    finally:
        broken.close()


def test_a_refused_rename_is_an_error_answer_and_the_server_goes_on(client):
    initialize(client)
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": 'model_provider = "openai"\n'}},
    )
    at = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 19}}
    for method, params in (("textDocument/prepareRename", at), ("textDocument/rename", {**at, "newName": "x"})):
        error = client.request(method, params)["error"]
        assert error["code"] == -32803 and "built-in provider" in error["message"]
    found = client.request("textDocument/references", {**at, "context": {"includeDeclaration": True}})["result"]
    assert [(r["range"]["start"]["character"], r["range"]["end"]["character"]) for r in found] == [(18, 24)]
    assert client.unparsable == []
