"""Garbage and requests out of order get an answer or a clear error; the server keeps running."""

from __future__ import annotations

import queue
import subprocess
import sys

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
    client.request("shutdown", None)
    client.notify("exit", None)
    assert client.process.wait(timeout=5) == 0
    logged = client.process.stderr.read().decode()
    assert "Traceback" not in logged and "ERROR" not in logged  # a refusal is an answer, not a failure


# -- the hardened protocol (lsp/protocol.py) -------------------------------------------------------------------------


@pytest.fixture
def hardened():
    started = Client(stderr=subprocess.PIPE)
    yield started
    close_even_if_ended(started)


def close_even_if_ended(client: Client) -> None:
    if client.process.poll() is None:
        client.close()
        return
    for stream in (client.process.stdin, client.process.stdout, client.process.stderr):
        if stream is not None:
            try:
                stream.close()
            except BrokenPipeError:  # unsent bytes to a server that has ended
                pass


def test_requests_after_shutdown_get_invalid_request_and_exit_then_ends_with_0(hardened):
    initialize(hardened)
    assert hardened.request("shutdown", None)["result"] is None
    late = hardened.request("textDocument/hover", POSITION)
    assert late["error"]["code"] == -32600
    hardened.notify("exit", None)
    assert hardened.process.wait(timeout=10) == 0


def test_exit_without_shutdown_ends_with_1(hardened):
    initialize(hardened)
    hardened.notify("exit", None)
    assert hardened.process.wait(timeout=10) == 1


def test_the_server_ends_when_its_client_process_dies():
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    server = Client()
    try:
        server.request("initialize", {"processId": editor.pid, "rootUri": None, "capabilities": {}})
        assert server.process.poll() is None
        editor.kill()
        editor.wait()
        assert server.process.wait(timeout=10) == 1
    finally:
        editor.kill()
        close_even_if_ended(server)


def test_invalid_params_are_answered_and_logged_in_one_line_without_traceback(hardened):
    initialize(hardened)
    hardened.send({"jsonrpc": "2.0", "id": "bad", "method": "textDocument/hover", "params": {"nonsense": True}})
    error = hardened.response_to("bad")["error"]
    assert error["code"] == -32602 and "textDocument/hover" in error["message"]
    hardened.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 3}})
    hardened.send_raw(b"[1, 2]")
    hardened.send({"jsonrpc": "2.0", "id": {"an": "object"}, "method": "textDocument/hover", "params": 7})
    hardened.send({"jsonrpc": "2.0", "id": [1], "result": 7})
    hardened.send({"id": "no-version", "method": "textDocument/hover", "params": POSITION})
    assert hardened.response_to("no-version")["error"]["code"] == -32600
    assert "result" in hardened.request("textDocument/hover", POSITION)  # still serving
    hardened.request("shutdown", None)
    hardened.notify("exit", None)
    hardened.process.wait(timeout=10)
    log = hardened.process.stderr.read().decode()
    assert "Traceback" not in log
    assert log.count("invalid params for textDocument/hover") == 2  # one line each


def test_incremental_edits_after_unicode_line_separators_land_where_the_editor_put_them(hardened):
    initialize(hardened)
    text = '# a\u2028b\x0cc\x85d\x1ce\nmodel = "gpt-5.5"\n'
    hardened.notify(
        "textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": text}}
    )
    # Line 1 for the editor is `model = "gpt-5.5"`; replace its value's first letter.
    change = {"range": {"start": {"line": 1, "character": 9}, "end": {"line": 1, "character": 12}}, "text": "zzz"}
    hardened.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [change]})
    items = hardened.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]["items"]
    found = [(d["code"], d["range"]["start"]["line"]) for d in items]
    assert found == [("toml-syntax", 0), ("unknown-model", 1)]  # a comment may not hold \x0c
    model = next(d for d in items if d["code"] == "unknown-model")
    assert model["range"]["start"] == {"line": 1, "character": 8} and "`zzz-5.5`" in model["message"]


class _Sink:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def close(self) -> None:
        pass


def test_notifications_leave_nothing_behind():
    """pygls 2.1.1 kept a finished future per notification (~2 KB a keystroke, never freed)."""
    import json

    from codex_config_lsp.lsp.protocol import HardenedProtocol
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("leak-check", "0", protocol_cls=HardenedProtocol)
    seen: list[str] = []

    @server.feature("textDocument/didChange")
    def on_change(ls, params):
        seen.append(ls.workspace.get_text_document(params.text_document.uri).source)

    protocol = server.protocol
    protocol.set_writer(_Sink())

    def deliver(message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message})
        protocol.handle_message(json.loads(body, object_hook=protocol.structure_message))

    deliver({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    deliver({"method": "initialized", "params": {}})
    for version in range(200):
        opened = {"uri": URI, "languageId": "toml", "version": version, "text": "a\u2028b\n"}
        deliver({"method": "textDocument/didOpen", "params": {"textDocument": opened}})
        change = {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "c"}
        changed = {"textDocument": {"uri": URI, "version": version + 1}, "contentChanges": [change]}
        deliver({"method": "textDocument/didChange", "params": changed})
        deliver({"method": "textDocument/didClose", "params": {"textDocument": {"uri": URI}}})
    assert seen == ["a\u2028b\nc"] * 200
    assert len(protocol._request_futures) <= 1  # the last message's, dropped when the next one comes (600 before)


def test_an_absurd_content_length_does_not_end_the_server(hardened):
    initialize(hardened)
    hardened.send_raw(b"")  # an empty message, then a header line of 20,000 bytes: skipped
    hardened.process.stdin.write(b"X-Padding: " + b"X" * 20_000 + b"\r\n")
    assert "result" in hardened.request("textDocument/hover", POSITION)
    hardened.process.stdin.write(b"Content-Length: 99999999999999\r\n\r\n")  # MemoryError before: the server died
    hardened.process.stdin.flush()
    with pytest.raises(queue.Empty):
        hardened.messages.get(timeout=2)  # nothing to say, and still running
    assert hardened.process.poll() is None
    hardened.process.stdin.close()  # the client is gone: the announced bytes never come
    assert hardened.process.wait(timeout=10) in (0, 1)
    assert "Traceback" not in hardened.process.stderr.read().decode()


def test_an_answer_that_does_not_fit_ends_the_wait_for_it(hardened):
    capabilities = {"workspace": {"configuration": True}}
    hardened.request("initialize", {"processId": None, "rootUri": None, "capabilities": capabilities})
    hardened.notify("initialized", {})
    asked = hardened.wait_for("workspace/configuration")
    hardened.send({"jsonrpc": "2.0", "id": asked["id"], "result": 5})  # a list was asked for
    assert "result" in hardened.request("textDocument/hover", POSITION)
    hardened.request("shutdown", None)
    hardened.notify("exit", None)
    hardened.process.wait(timeout=10)
    log = hardened.process.stderr.read().decode()
    assert "workspace/configuration failed" in log  # the handler went on (it waited forever before)
    assert "Traceback" not in log
