"""Hostile input, measured: pathological texts through the scan, and a long random session against the server.

    python bench/hostile.py --cost [--before OLD/server]  # time and peak memory of pathological texts
    python bench/hostile.py --ops 100000 [--seed 7]       # random edits and requests over stdio; what it saw
    python bench/hostile.py --notifications 20000 [--stock]  # RSS growth per keystroke

The session keeps the client's own copy of the text and, after every edit,
checks on a pulled diagnostic report that the server's analysis is that of a
fresh ``analyze`` of the client's text (so the server's text cannot drift
unseen). Every request must be answered within the client's deadline.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import rpc  # noqa: E402  (shared with the tests)

URI = "untitled:hostile-config.toml"

# What random edits insert: TOML's punctuation, Codex keys, and what breaks positions.
# fmt: off
PIECES = [
    *"[]{}\"'=.,#\t \\ab0-_:",
    "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x00", "\x7f",
    "🚀", "é", "\U0001f600\U0001f601", "\ufeff",
    '"""', "'''", "[[", "]]", "= [", "= {", "model", "profiles.", "model = \"gpt-5.5\"\n", "[tui]\n",
    "notify = [\n  [1, 2],\n]\n", "x = 99999999999999999999\n",
]
# fmt: on
SEED_TEXT = 'model = "gpt-5.5"\n[profiles.fast]\nmodel = "o3"\n# 🚀 comment\r\nnotify = ["a",\n  "b"]\n'
REQUESTS = [
    "textDocument/hover", "textDocument/completion", "textDocument/foldingRange", "textDocument/documentSymbol",
    "textDocument/formatting", "textDocument/definition", "textDocument/documentHighlight", "textDocument/codeAction",
]  # fmt: skip


# -- the client's side, written apart from the server's code so a shared mistake cannot hide ------------------------


def client_position(text: str, offset: int) -> dict:
    """The LSP position (utf-16) of ``offset``: lines end at LF, CRLF or CR, nothing else."""
    prefix = text[:offset]
    if prefix.endswith("\r") and text[offset : offset + 1] == "\n":
        prefix = prefix[:-1]  # inside a CRLF: still on the line it ends
        tail = "\r"
    else:
        tail = ""
    breaks = list(re.finditer(r"\r\n|\r|\n", prefix))
    line_text = prefix[breaks[-1].end() :] if breaks else prefix
    line_text += tail
    return {"line": len(breaks), "character": len(line_text.encode("utf-16-le")) // 2}


def snap(text: str, offset: int) -> int:
    """Never split a CRLF: an editor's cursor is never between its two characters."""
    return offset - 1 if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n" else offset


def expected_diagnostics(text: str) -> list[tuple]:
    from codex_config_lsp.analysis import analyze

    return sorted(
        (
            tuple(client_position(text, p.span.start).values()),
            tuple(client_position(text, p.span.end).values()),
            p.code,
            p.message,
        )
        for p in analyze(text).problems
    )


def received_diagnostics(items: list[dict]) -> list[tuple]:
    return sorted(
        (
            (d["range"]["start"]["line"], d["range"]["start"]["character"]),
            (d["range"]["end"]["line"], d["range"]["end"]["character"]),
            d.get("code"),
            d["message"],
        )
        for d in items
    )


class Session:
    """One open document, edited at random; the client's text is the truth the server must match."""

    def __init__(self, client: rpc.Client, rng: random.Random, uri: str = URI) -> None:
        self.client, self.rng, self.uri = client, rng, uri
        self.text, self.version = SEED_TEXT, 1
        self.requests = 0
        self.max_latency = 0.0
        self.open()

    @staticmethod
    def start(timeout: float = 20.0) -> rpc.Client:
        home = tempfile.mkdtemp(prefix="hostile-home-")
        env = {**os.environ, "HOME": home, "CODEX_HOME": home}
        client = rpc.Client(stderr=subprocess.DEVNULL, timeout=timeout, env=env)
        capabilities = {"textDocument": {"diagnostic": {}}}  # pull: the session asks when it checks
        client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities})
        client.notify("initialized", {})
        return client

    def open(self) -> None:
        document = {"uri": self.uri, "languageId": "toml", "version": self.version, "text": self.text}
        self.client.notify("textDocument/didOpen", {"textDocument": document})

    def reopen(self) -> None:
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": self.uri}})
        self.version += 1
        self.open()

    def edit(self, start: int, end: int, new: str) -> None:
        text = self.text
        start, end = sorted((snap(text, min(start, len(text))), snap(text, min(end, len(text)))))
        change = {"range": {"start": client_position(text, start), "end": client_position(text, end)}, "text": new}
        self.text = text[:start] + new + text[end:]
        self.version += 1
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]},
        )

    def replace_all(self, new: str) -> None:
        self.text = new
        self.version += 1
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [{"text": new}]},
        )

    def request(self, method: str, params: dict) -> dict:
        began = time.perf_counter()
        answer = self.client.request(method, params)  # raises after the client's deadline
        self.max_latency = max(self.max_latency, time.perf_counter() - began)
        self.requests += 1
        assert "result" in answer or "error" in answer, answer
        return answer

    def check(self) -> None:
        """The server's diagnostics are those of a fresh analysis of the client's text."""
        answer = self.request("textDocument/diagnostic", {"textDocument": {"uri": self.uri}})
        got = received_diagnostics(answer["result"]["items"])
        want = expected_diagnostics(self.text)
        assert got == want, f"server and fresh analysis differ on {self.text!r}:\n{got}\n{want}"

    def random_request(self) -> None:
        method = self.rng.choice(REQUESTS)
        offset = snap(self.text, self.rng.randint(0, len(self.text)))
        position = client_position(self.text, offset)
        if self.rng.random() < 0.1:  # past the end, or nonsense: still an answer
            position = {"line": self.rng.randint(0, 10**6), "character": self.rng.randint(0, 10**6)}
        params: dict = {"textDocument": {"uri": self.uri}}
        if method in ("textDocument/hover", "textDocument/completion", "textDocument/definition",
                      "textDocument/documentHighlight"):  # fmt: skip
            params["position"] = position
        elif method == "textDocument/formatting":
            params["options"] = {"tabSize": 2, "insertSpaces": True}
        elif method == "textDocument/codeAction":
            params["range"] = {"start": position, "end": position}
            params["context"] = {"diagnostics": []}
        self.request(method, params)

    def random_edit(self) -> None:
        rng, size = self.rng, len(self.text)
        start = rng.randint(0, size)
        end = min(size, start + rng.choice([0, 0, 0, 1, 2, 5, 20]))
        new = "".join(rng.choice(PIECES) for _ in range(rng.choice([0, 1, 1, 2, 3, 6])))
        if size > 4000:  # keep texts small: many operations, not a few huge ones
            end, new = min(size, start + 200), ""
        self.edit(start, end, new)

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.6:
            self.random_edit()
        elif roll < 0.75:
            self.check()
        elif roll < 0.98:
            self.random_request()
        elif roll < 0.99:
            self.replace_all("".join(self.rng.choice(PIECES) for _ in range(self.rng.randint(0, 40))))
        else:
            self.reopen()


def run_notifications(count: int) -> None:
    """RSS of the server before and after ``count`` didChange notifications (and a request to sync on)."""
    client = Session.start()
    try:
        session = Session(client, random.Random(0))
        session.check()
        before = rss_mb(client.process.pid)
        for number in range(count):
            session.replace_all(f'model = "gpt-5.5"\n# {number}\n')
        session.check()
        after = rss_mb(client.process.pid)
        each = (after - before) * 1024 * 1024 / count
        print(f"{count:,} didChange: RSS {before:.1f} MB -> {after:.1f} MB ({each:.0f} bytes each)")
    finally:
        client.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_session(ops: int, seed: int) -> None:
    client = Session.start()
    try:
        session = Session(client, random.Random(seed))
        session.check()
        rss_start = rss_mb(client.process.pid)
        began = time.perf_counter()
        for done in range(1, ops + 1):
            session.step()
            if done % 10_000 == 0:
                print(f"  {done:,} operations, {session.requests:,} requests, "
                      f"RSS {rss_mb(client.process.pid):.1f} MB", flush=True)  # fmt: skip
        session.check()
        print(
            f"operations: {ops:,}\nrequests answered: {session.requests:,}\n"
            f"max latency: {session.max_latency * 1000:.1f} ms\n"
            f"RSS start/end: {rss_start:.1f} MB / {rss_mb(client.process.pid):.1f} MB\n"
            f"wall time: {time.perf_counter() - began:.0f} s"
        )
    finally:
        client.close()


# -- cost of pathological texts -------------------------------------------------------------------------------------

COST_CASES = {  # name: Python expression of the text
    "x = [\\n{\\r (8 bytes)": "'x = [\\n{\\r'",
    "integer of 5,000 digits": "'x = ' + '9' * 5_000",
    "dotted key of 1,000 parts": "'a' + '.a' * 1_000 + ' = 1\\n'",
    "dotted key of 10,000 parts (20 KB)": "'a' + '.a' * 10_000 + ' = 1\\n'",
    "one-line array, 2 MB": "'x = [' + ', '.join(['1'] * 700_000) + ']\\n'",
    "50,000 headers": "''.join(f'[t{i}]\\nk = {i}\\n' for i in range(50_000))",
    "3.8 MB config": '\'\'.join(f\'[profiles.p{i}]\\nmodel = "o3"\\nnotify = ["a", "b"]\\n\' for i in range(75_000))',
    "20 MB config (over the 4M limit)": "'[t]\\na = 1\\n' * 1_700_000",
}
# The scan (parse + build) of each case on commit 2c6ec5e, before this hardening, same machine.
SCAN_BEFORE = {
    "x = [\\n{\\r (8 bytes)": "never returns",
    "integer of 5,000 digits": "ValueError",
    "dotted key of 1,000 parts": "RecursionError (in analyze)",
    "dotted key of 10,000 parts (20 KB)": "RecursionError; 421 MB of paths",
    "one-line array, 2 MB": "see --before",
    "50,000 headers": "see --before",
    "3.8 MB config": "see --before",
    "20 MB config (over the 4M limit)": "see --before",
}

_MEASURE = """
import resource, sys, time
mode, expression = sys.argv[1], sys.argv[2]
text = eval(expression)
began = time.perf_counter()
try:
    if mode == "scan":
        from codex_config_lsp.syntax import parse
        from codex_config_lsp.tree import build
        build(parse(text))
    else:
        from codex_config_lsp.analysis import analyze
        analyze(text)
    outcome = f"{time.perf_counter() - began:.2f} s"
except BaseException as error:
    outcome = type(error).__name__
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{outcome}, {peak:.0f} MB")
"""


def _measure(mode: str, expression: str, server_path: str | None, limit: float) -> str:
    env = {**os.environ, "PYTHONPATH": server_path} if server_path else None
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, mode, expression], capture_output=True, text=True, timeout=limit, env=env
        )
    except subprocess.TimeoutExpired:
        return f"over {limit:.0f} s"
    return done.stdout.strip() or (done.stderr.strip().splitlines() or ["failed"])[-1][:40]


def run_cost(before: str | None) -> None:
    """Each case in a fresh process: time and peak RSS of the scan and of the whole analysis."""
    print(f"{'case':<36} {'scan before':>32} {'scan now':>18} {'analyze now':>18}")
    for name, expression in COST_CASES.items():
        scan_before = _measure("scan", expression, before, 120) if before else SCAN_BEFORE[name]
        scan_now = _measure("scan", expression, None, 120)
        analyze_now = _measure("analyze", expression, None, 600)
        print(f"{name:<36} {scan_before:>32} {scan_now:>18} {analyze_now:>18}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cost", action="store_true")
    parser.add_argument("--before", metavar="SERVER_DIR", help="with --cost: also scan with this older server/ tree")
    parser.add_argument("--ops", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--notifications", type=int, default=0, help="RSS growth over this many didChange")
    args = parser.parse_args()
    if args.cost:
        run_cost(args.before)
    if args.ops:
        run_session(args.ops, args.seed)
    if args.notifications:
        run_notifications(args.notifications)
    if not (args.cost or args.ops or args.notifications):
        parser.print_help()


if __name__ == "__main__":
    main()
