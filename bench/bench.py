"""Benchmark the language server over stdio, the way an editor uses it; prints figures.

    python bench/bench.py [--repeat 200]

Measures startup (spawn to initialize answered), completion, hover, references, folding and formatting latency
(median and p95) on a 20-line and a 5,000-line config, didChange-to-diagnostics
on the 5,000-line one (pushed and pulled), and the server's peak memory.
Targets to compare with (not asserted): p95 under 5 ms, change-to-diagnostics
under 80 ms, startup under 400 ms, under 80 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from rpc import Client  # noqa: E402  (shared with the tests)


def small_config() -> str:
    return (
        "\n".join(
            [
                'model = "gpt-5.5"',
                'model_provider = "local"',
                'approval_policy = "on-request"',
                'sandbox_mode = "workspace-write"',
                'model_reasoning_effort = "high"',
                "",
                "[model_providers.local]",
                'name = "Local"',
                'base_url = "http://localhost:8080/v1"',
                'wire_api = "responses"',
                "",
                "[tui]",
                "animations = true",
                "",
                "[mcp_servers.docs]",
                'command = "npx"',
                'args = ["-y", "docs-mcp"]',
                "",
                "[history]",
                'persistence = "save-all"',
            ]
        )
        + "\n"
    )


def large_config(lines: int = 5000) -> str:
    out = [small_config().rstrip("\n")]
    index = 0
    while len(out) < lines:
        out += [
            f"[mcp_servers.server{index}]",
            f'command = "tool-{index}"',
            f'args = ["--port", "{index}"]',
            "startup_timeout_sec = 10",
            f'env = {{ NAME = "value{index}" }}',
            "",
        ]
        index += 1
    return "\n".join(out[:lines]) + "\n"


def capabilities(pull: bool) -> dict:
    document = {"hover": {"contentFormat": ["markdown"]}, "completion": {"completionItem": {"snippetSupport": True}}}
    if pull:
        document["diagnostic"] = {}
    return {"textDocument": document, "general": {"positionEncodings": ["utf-16"]}}


def start(pull: bool) -> tuple[Client, float]:
    began = time.perf_counter()
    client = Client()
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities(pull)})
    elapsed = time.perf_counter() - began
    client.notify("initialized", {})
    return client, elapsed


def timed(action, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms"


def change_timings(client: Client, uri: str, text: str, diagnostics_arrive, count: int = 30) -> list[float]:
    """Milliseconds from a full-text didChange until ``diagnostics_arrive()`` returns, ``count`` times."""
    samples = []
    for version in range(2, count + 2):
        edited = text.replace('model = "gpt-5.5"', f'model = "gpt-5.{version % 7}"', 1)
        began = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]},
        )
        diagnostics_arrive()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def open_document(client: Client, uri: str, text: str) -> None:
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    startups = []
    for _ in range(5):
        client, elapsed = start(pull=True)
        startups.append(elapsed * 1000)
        client.close()
    print(f"startup (spawn to initialize answered): median {statistics.median(startups):.0f} ms over 5 runs")

    client, _ = start(pull=True)
    for name, text in (("20 lines", small_config()), ("5,000 lines", large_config())):
        uri = f"file:///bench/{name.replace(' ', '-')}/.codex/config.toml"
        open_document(client, uri, text)
        client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})  # first analysis
        at_model = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}}
        complete = timed(lambda at=at_model: client.request("textDocument/completion", at), args.repeat)
        hover = timed(lambda at=at_model: client.request("textDocument/hover", at), args.repeat)
        at_provider = {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 20}}
        references = timed(
            lambda at=at_provider: client.request(
                "textDocument/references", {**at, "context": {"includeDeclaration": True}}
            ),
            args.repeat,
        )
        document = {"textDocument": {"uri": uri}}
        folding = timed(lambda d=document: client.request("textDocument/foldingRange", d), args.repeat)
        print(f"completion, {name:>11}: {summary(complete)}")
        print(f"hover,      {name:>11}: {summary(hover)}")
        print(f"references, {name:>11}: {summary(references)}")
        print(f"folding,    {name:>11}: {summary(folding)}")

    messy = large_config().replace(" = ", "=")  # every key/value line needs an edit
    uri = "file:///bench/messy/.codex/config.toml"
    open_document(client, uri, messy)
    options = {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}
    formatting = timed(lambda: client.request("textDocument/formatting", options), 10)
    print(f"formatting, 5,000 lines, every line changed: {summary(formatting)}")
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    text = large_config()
    uri = "file:///bench/change/.codex/config.toml"
    open_document(client, uri, text)
    client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    pulled = change_timings(
        client, uri, text, lambda: client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    )
    print(f"didChange to pulled diagnostics, 5,000 lines: {summary(pulled)}")
    memory = client.peak_memory_mb()
    client.close()

    pusher, _ = start(pull=False)
    open_document(pusher, uri, text)
    pusher.wait_for("textDocument/publishDiagnostics")
    pushed = change_timings(pusher, uri, text, lambda: pusher.wait_for("textDocument/publishDiagnostics"))
    print(f"didChange to pushed diagnostics, 5,000 lines: {summary(pushed)}")
    pusher.close()
    print(f"peak memory of the server (VmHWM): {memory:.0f} MB")


if __name__ == "__main__":
    main()
