"""A bare JSON-RPC client over a language server's stdin/stdout.

Used where a test must send what no well-behaved client sends (garbage,
requests out of order), and by the benchmark. Every wait has a deadline, so a
server that hangs fails the caller instead of hanging it.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

SERVER = [sys.executable, "-m", "codex_config_lsp", "serve"]


class Client:
    def __init__(self, stderr=subprocess.DEVNULL, timeout: float = 20.0, env: dict | None = None) -> None:
        self.process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env)
        self.timeout = timeout
        self.next_id = 0
        self.messages: queue.Queue = queue.Queue()
        self.unparsable: list[bytes] = []  # stdout that was not a framed JSON message
        self.seen: list[dict] = []  # every message read so far, in order
        threading.Thread(target=self._read_all, daemon=True).start()

    def _read_all(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
                elif name.strip().lower() != "content-type":
                    self.unparsable.append(line)
            body = stream.read(length or 0)
            try:
                self.messages.put(json.loads(body))
            except ValueError:
                self.unparsable.append(body)

    def send(self, message: dict) -> None:
        self.send_raw(json.dumps(message).encode())

    def send_raw(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self) -> dict:
        message = self.messages.get(timeout=self.timeout)
        if message is None:
            raise RuntimeError("the server closed its output")
        self.seen.append(message)
        return message

    def request(self, method: str, params: object) -> dict:
        """Send a request and return its response, answering the server's own requests on the way."""
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.response_to(self.next_id)

    def response_to(self, request_id: object) -> dict:
        while True:
            message = self.read()
            if message.get("id") == request_id and "method" not in message:
                return message
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": [None]})

    def notify(self, method: str, params: object) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, method: str) -> dict:
        while True:
            message = self.read()
            if message.get("method") == method:
                return message

    def peak_memory_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                try:
                    stream.close()
                except OSError:  # the server is gone: what was still buffered for it is lost
                    pass
