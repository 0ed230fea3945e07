"""A JSON-RPC client over any language server's stdin/stdout, for the comparison benchmark.

Like ``tests/rpc.py`` but the command is a parameter (so one run can drive three
servers), every wait takes its own deadline, and requests from the server are
answered with what an editor with no settings would say.
"""

from __future__ import annotations

import json
import queue
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Message = dict[str, Any]


class ServerGone(RuntimeError):
    """The server closed its output, did not answer in time, or answered with an error."""


class LspClient:
    def __init__(
        self, command: list[str], cwd: str | None = None, env: dict[str, str] | None = None, timeout: float = 20.0
    ) -> None:
        self.command = command
        self.timeout = timeout
        self.next_id = 0
        self.messages: queue.Queue[Message | None] = queue.Queue()
        self.backlog: list[Message] = []  # notifications read while waiting for something else
        self.registered: set[str] = set()  # methods the server registered dynamically
        self.stderr = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server must never block on it
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr
        )
        threading.Thread(target=self._read_all, daemon=True).start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read_all(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                length = 0
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = stream.read(length)
                try:
                    self.messages.put(json.loads(body))
                except ValueError:
                    continue  # not ours to judge here; the waits will time out if it matters
        finally:
            self.messages.put(None)

    def send(self, message: Message) -> None:
        body = json.dumps(message).encode()
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise ServerGone(f"cannot write to the server: {error}") from error

    def notify(self, method: str, params: object) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: object, timeout: float | None = None, allow_error: bool = False) -> Message:
        """Send a request; return its response (raising on an error response unless ``allow_error``)."""
        self.next_id += 1
        request_id = self.next_id
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        response = self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout, method)
        if "error" in response and not allow_error:
            raise ServerGone(f"{method} answered with an error: {response['error'].get('message', '?')}")
        return response

    def wait_for_diagnostics(self, uri: str, version: int, timeout: float | None = None) -> Message:
        """The next publishDiagnostics for ``uri`` at ``version`` (or with no version given)."""

        def wanted(message: Message) -> bool:
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message.get("params") or {}
            return params.get("uri") == uri and params.get("version", version) == version

        return self.wait(wanted, timeout, "publishDiagnostics")

    def wait(self, wanted: Callable[[Message], bool], timeout: float | None, what: str) -> Message:
        """The first message ``wanted`` accepts, earliest first; others are kept for later waits."""
        for index, message in enumerate(self.backlog):
            if wanted(message):
                return self.backlog.pop(index)
        limit = self.timeout if timeout is None else timeout
        deadline = time.perf_counter() + limit
        while True:
            message = self._next(deadline, what, limit)
            if wanted(message):
                return message
            if "method" in message and "id" in message:
                self.answer(message)
            else:
                self.backlog.append(message)

    def _next(self, deadline: float, what: str, limit: float) -> Message:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise ServerGone(f"no {what} within {limit:g} s")
        try:
            message = self.messages.get(timeout=left)
        except queue.Empty:
            raise ServerGone(f"no {what} within {limit:g} s") from None
        if message is None:
            self.messages.put(None)  # keep the end visible to later waits
            raise ServerGone(f"the server closed its output while we waited for {what}{self._last_words()}")
        return message

    def _last_words(self) -> str:
        """The last line the server wrote to stderr, to say why it ended."""
        self.stderr.seek(0)
        lines = [line for line in self.stderr.read().decode(errors="replace").splitlines() if line.strip()]
        return f" (its stderr: {lines[-1].strip()[:200]})" if lines else ""

    def answer(self, request: Message) -> None:
        """What an editor with no user settings answers to a server's request."""
        result: object = None
        if request["method"] == "client/registerCapability":
            for registration in (request.get("params") or {}).get("registrations", []):
                self.registered.add(registration.get("method", ""))
        elif request["method"] == "workspace/configuration":
            result = [None for _ in request.get("params", {}).get("items", [])]
        self.send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def drain(self) -> None:
        """Forget what has arrived so far (stale pushes), answering server requests."""
        self.backlog.clear()
        while True:
            try:
                message = self.messages.get_nowait()
            except queue.Empty:
                return
            if message is None:
                self.messages.put(None)
                return
            if "method" in message and "id" in message:
                self.answer(message)

    def peak_memory_mb(self) -> float:
        """VmHWM, the resident set's high-water mark, of the server process."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise ServerGone("no VmHWM in /proc status")

    def close(self) -> None:
        """Shut down politely if the server lets us, and kill it in any case."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=3)
                self.notify("exit", None)
                self.process.wait(timeout=3)
        except (ServerGone, subprocess.TimeoutExpired, OSError):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout, self.stderr):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
