"""The server's input: bounded reads from a pipe the event loop reads, pygls's reader threads elsewhere, EOF ends it.

The hostile-framing tests that drive the real server over pipes are in test_protocol_robustness.py.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest
from codex_config_lsp.lsp.protocol import BoundedInput, BoundedPipeInput
from rpc import SERVER, Client

URI = "file:///w/codex-home/config.toml"
MAX_LINE = BoundedInput.MAX_HEADER_LINE


def framed(*messages: dict) -> bytes:
    bodies = [json.dumps({"jsonrpc": "2.0", **message}).encode() for message in messages]
    return b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in bodies)


def answers(output: bytes) -> dict[object, dict]:
    """The responses in a server's output, by id."""
    found = {}
    while output:
        header, _, rest = output.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        message = json.loads(rest[:length])
        output = rest[length:]
        if "method" not in message:
            found[message["id"]] = message
    return found


SESSION = [
    {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
    {"method": "initialized", "params": {}},
    {
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": 'model = "gp"\n'}},
    },
    {
        "id": 2,
        "method": "textDocument/completion",
        "params": {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 11}},
    },
    {"id": 3, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": URI}}},
]


def assert_session_answered(found: dict[object, dict]) -> None:
    assert "capabilities" in found[1]["result"]
    assert "gpt-5.5" in [item["label"] for item in found[2]["result"]["items"]]
    assert [d["code"] for d in found[3]["result"]["items"]] == ["unknown-model"]


# -- BoundedPipeInput -------------------------------------------------------------------------------------------------


def fed(data: bytes) -> BoundedPipeInput:
    stream = BoundedPipeInput.stream()
    stream.feed_data(data)
    stream.feed_eof()
    return BoundedPipeInput(stream)


async def test_header_lines_come_whole_up_to_the_bound_and_longer_ones_in_pieces():
    exact = b"X-Exact: " + b"x" * (MAX_LINE - 11) + b"\r\n"
    assert len(exact) == MAX_LINE
    long = b"X-Padding: " + b"X" * 20_000 + b"\r\n"
    reader = fed(b"Content-Length: 2\r\n" + exact + long + b"\r\n{}")
    assert await reader.readline() == b"Content-Length: 2\r\n"
    assert await reader.readline() == exact
    pieces = []
    while not pieces or not pieces[-1].endswith(b"\n"):
        pieces.append(await reader.readline())
    assert b"".join(pieces) == long and max(map(len, pieces)) == MAX_LINE  # what BoundedInput.readline gives too
    assert await reader.readline() == b"\r\n"
    assert await reader.readexactly(2) == b"{}"
    assert await reader.readline() == b""  # the end of input


async def test_a_body_over_the_bound_is_dropped_and_the_next_message_is_read(monkeypatch):
    monkeypatch.setattr(BoundedInput, "MAX_BODY", 10)
    monkeypatch.setattr(BoundedInput, "CHUNK", 4)
    reader = fed(b"y" * 25 + b"Content-Length: 2\r\n")
    assert await reader.readexactly(25) == b"null"  # no message at all, and the framing stays in step
    assert await reader.readline() == b"Content-Length: 2\r\n"
    assert await reader.readexactly(10) == b""  # announced, never sent: the end


async def test_the_end_of_input_reads_as_nothing():
    assert await fed(b"Content-Len").readline() == b"Content-Len"  # the last, unfinished line, as a file gives it
    assert await fed(b"").readline() == b""
    assert await fed(b'{"jsonrpc"').readexactly(40) == b""  # a body cut short is not handled


async def test_a_dropped_body_cut_short_reads_as_the_end(monkeypatch):
    monkeypatch.setattr(BoundedInput, "MAX_BODY", 10)
    assert await fed(b"z" * 15).readexactly(99) == b""


# -- the server over stdin --------------------------------------------------------------------------------------------


def test_a_regular_file_on_stdin_is_read_and_answered(tmp_path):
    """`serve < messages`: no event loop can wait on a regular file; pygls's threads read it."""
    messages = tmp_path / "messages"
    messages.write_bytes(framed(*SESSION, {"id": 4, "method": "shutdown"}, {"method": "exit"}))
    with messages.open("rb") as stdin:
        done = subprocess.run(SERVER, stdin=stdin, capture_output=True, timeout=60)
    assert done.returncode == 0  # exit after shutdown
    assert_session_answered(answers(done.stdout))
    assert b"Traceback" not in done.stderr


def test_a_regular_file_that_ends_without_exit_ends_the_server(tmp_path):
    messages = tmp_path / "messages"
    messages.write_bytes(framed(*SESSION))
    with messages.open("rb") as stdin:
        done = subprocess.run(SERVER, stdin=stdin, capture_output=True, timeout=60)
    assert done.returncode == 0
    assert_session_answered(answers(done.stdout))
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    "last_words",
    [b"", b"Content-Length: 40", b'Content-Length: 40\r\n\r\n{"jsonrpc": "2.0", '],
    ids=["between-messages", "inside-a-header", "inside-a-body"],
)
def test_the_end_of_a_piped_input_ends_the_server(last_words):
    client = Client(stderr=subprocess.PIPE)
    try:
        assert "capabilities" in client.request("initialize", SESSION[0]["params"])["result"]
        client.process.stdin.write(last_words)
        client.process.stdin.close()
        assert client.process.wait(timeout=10) == 0
        assert b"Traceback" not in client.process.stderr.read()
    finally:
        if client.process.poll() is None:
            client.process.kill()
        client.process.wait()
        client.process.stdout.close()
        client.process.stderr.close()


def test_a_socket_that_is_both_stdin_and_stdout_gets_long_answers_whole():
    """socat and inetd give one socket for both: the event loop would make it non-blocking, and a write
    larger than the socket's buffer would fail while the client is not reading yet."""
    ours, theirs = socket.socketpair()
    lines = "".join(f'[profiles.p{n}]\nmodel = "gpt-5.5"\napproval_policy = "never"\n' for n in range(3000))
    session = [
        SESSION[0],
        {
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": URI, "languageId": "toml", "version": 1, "text": lines}},
        },
        {"id": 2, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": URI}}},
        {"id": 3, "method": "shutdown"},
        {"method": "exit"},
    ]
    server = subprocess.Popen(SERVER, stdin=theirs, stdout=theirs, stderr=subprocess.PIPE)
    theirs.close()
    try:
        ours.sendall(framed(*session))
        time.sleep(1.0)  # the answer fills the socket's buffer before anyone reads
        output = bytearray()
        ours.settimeout(30)
        while chunk := ours.recv(1 << 20):
            output += chunk
        assert server.wait(timeout=30) == 0
        found = answers(bytes(output))
        (profiles,) = found[2]["result"]
        assert len(output) > 1_000_000 and len(profiles["children"]) == 3000 and found[3]["result"] is None
        assert b"Traceback" not in server.stderr.read()
    finally:
        ours.close()
        if server.poll() is None:
            server.kill()
        server.wait()
        server.stderr.close()


@pytest.mark.skipif(sys.platform == "win32", reason="pipes are read by threads there")
def test_piped_input_is_answered_in_order_under_a_burst():
    """Many messages written at once arrive in the pipe reader's buffer together: each one is answered."""
    client = Client()
    try:
        client.request("initialize", SESSION[0]["params"])
        burst = [{"id": f"n{n}", "method": "no/such/method", "params": {}} for n in range(200)]
        client.process.stdin.write(framed(*burst))
        client.process.stdin.flush()
        got = [client.response_to(f"n{n}")["error"]["code"] for n in range(200)]
        assert got == [-32601] * 200
    finally:
        client.close()


def test_messages_that_arrive_together_leave_room_for_the_work_each_one_starts():
    """`initialized` starts asking the client for settings: that request goes out before later messages are handled,
    as with pygls's reader threads (Neovim's first diagnostics waited for it)."""
    client = Client()
    try:
        capabilities = {"workspace": {"configuration": True}, "textDocument": {"diagnostic": {}}}
        client.request("initialize", {"processId": None, "rootUri": None, "capabilities": capabilities})
        pull = {"id": "pull", "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": URI}}}
        client.process.stdin.write(framed({"method": "initialized", "params": {}}, SESSION[2], pull))
        client.process.stdin.flush()
        assert client.read().get("method") == "workspace/configuration"
    finally:
        client.close()
