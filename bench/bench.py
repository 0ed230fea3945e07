"""Benchmark ours, tombi and a bare pygls server over stdio, side by side, the way an editor uses them.

    python bench/bench.py [--repeat 200] [--rounds 7] [--changes 30] [--json figures.json] [--ours SERVER_DIR]

Prints the machine, one table (rows: measures; columns: ours, tombi, bare
pygls, the ratios, the issue's goal and whether ours meets it), how it
measures, and then figures only our server has (completion and hover on 20
lines, references, folding, formatting). ``--json`` writes every figure to a
file as well. bench/README.md says more.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsp_client import LspClient

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent

HOW_IT_MEASURES = """\
How it measures. Each server runs as its own process over stdin/stdout, driven by one
JSON-RPC client (bench/lsp_client.py); times are wall clock on the client, from the
moment the message is written until the answer is read, so they include JSON and pipe
costs, as an editor sees them. Servers take turns (ours, tombi, bare, ours, ...) sample
by sample, so machine noise falls on all alike. Our sources are byte-compiled before
the run, as an installed wheel's are (where PYTHONDONTWRITEBYTECODE is set, an editable
install would otherwise compile them at every start). Startup: spawn until the initialize
response arrives, a fresh process each round; the same round then opens a ~20-line
config and times its first diagnostics ("fresh server"). The editor session (one process
per server, a client that can pull diagnostics) opens further 20-line configs (warm;
each closed once its diagnostics are in), then a 5,000-line one: hover and completion
inside the `model = "..."` value, then didChange with the full text for (a) a line
appended at the end, (b) one character typed in the middle of the file (one more each
sample, as typing goes, so every later offset moves), each timed until diagnostics arrive.
The client declares what VS Code does for completion (documentation resolved lazily). The
round-trip row times a request no server implements, answered with an error: the floor
every request pays for pipes, JSON and dispatch, ours included.
Diagnostics are pulled (textDocument/diagnostic) from a server that offers it
(diagnosticProvider in its initialize result, or registered dynamically; ours and tombi
both offer it, and then push nothing); the "pushed" rows come from a second session
whose client cannot pull, where the wait is for publishDiagnostics of the version sent.
Files are real, in a temporary folder: each session has its own CODEX_HOME, the
5,000-line config is the user's config there and the 20-line ones are project configs
(.codex/config.toml, a folder each). Peak memory is VmHWM from /proc/<pid>/status after
the whole editor session. The bare pygls server (bench/bare_server.py) has no features:
it gets the same opens and changes (pygls keeps the documents), so its startup and
memory are the floor; its latency cells are n/a. tombi runs `tombi lsp --offline` and
answers from its generic TOML schema store (no network), so it may answer null for
Codex's keys: only its latency counts. Cells are median / p95 in ms unless said; ratios
divide ours by the other on the statistic the goal names."""


# -- configs -------------------------------------------------------------------


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
    out = small_config().rstrip("\n").split("\n")
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


def appended_line(text: str, sample: int) -> str:
    """The text with one line added at its end (a different one each sample, so each is new)."""
    return text + f"tool_timeout_sec = {30 + sample}\n"


def keystroke_in_the_middle(text: str, sample: int) -> str:
    """The text as it is after the next keystroke into a string halfway down.

    Each sample has one letter more than the one before (a word being typed, starting over
    after 26 letters), so every offset after it moves, as typing moves them.
    """
    lines = text.split("\n")
    middle = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith("command = "))
    typed = "abcdefghijklmnopqrstuvwxyz"[: sample % 26 + 1]
    lines[middle] = lines[middle][:-1] + typed + '"'
    return "\n".join(lines)


# -- servers -------------------------------------------------------------------


@dataclass
class Server:
    name: str
    command: list[str] | None  # None: not found on this machine
    missing: str = ""  # why command is None
    has_features: bool = True  # False for the bare server: no hover, completion or diagnostics
    env: dict[str, str] | None = None  # None: ours


def tombi_command() -> list[str] | None:
    beside_python = Path(sys.executable).parent / "tombi"
    found = str(beside_python) if beside_python.exists() else shutil.which("tombi")
    return [found, "lsp", "--offline"] if found else None


def our_server(source: Path | None) -> Server:
    """Ours as installed, or from another ``server/`` tree (a ``git archive`` of a commit, say)."""
    env = None
    if source is not None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source.resolve()), os.environ.get("PYTHONPATH", "")])}
    return Server("ours", [sys.executable, "-m", "codex_config_lsp", "serve"], env=env)


def the_servers(ours_source: Path | None) -> list[Server]:
    tombi = tombi_command()
    return [
        our_server(ours_source),
        Server("tombi", tombi, "" if tombi else "tombi not found (pip install tombi)"),
        Server("bare pygls", [sys.executable, str(BENCH / "bare_server.py")], has_features=False),
    ]


def editor_capabilities(can_pull: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {  # what VS Code declares: documentation comes by completionItem/resolve
            "completionItem": {
                "snippetSupport": True,
                "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]},
                "documentationFormat": ["markdown", "plaintext"],
            }
        },
        "publishDiagnostics": {"versionSupport": True},
        "synchronization": {"didSave": True},
    }
    if can_pull:
        document["diagnostic"] = {"dynamicRegistration": True}
    return {"textDocument": document, "general": {"positionEncodings": ["utf-16"]}}


class Session:
    """One server process as an editor drives it: open files on disk, change them, ask."""

    def __init__(self, server: Server, folder: Path, can_pull: bool) -> None:
        assert server.command is not None
        self.server = server
        self.folder = folder
        self.can_pull = can_pull
        self.versions: dict[str, int] = {}
        self.diagnostics_mode = ""  # "pull" or "push", decided at the first wait for diagnostics
        self.codex_home = folder / "codex-home"
        self.codex_home.mkdir(parents=True, exist_ok=True)
        # Codex's home is the session's own, so what ~/.codex holds on this machine does not count.
        env = {**(server.env or os.environ), "CODEX_HOME": str(self.codex_home)}
        began = time.perf_counter()
        self.client = LspClient(server.command, cwd=str(folder), env=env)
        try:
            initialized = self.client.request("initialize", self._initialize_params())
        except Exception:
            self.client.close()
            raise
        self.startup_ms = (time.perf_counter() - began) * 1000
        self.capabilities: dict[str, Any] = initialized.get("result", {}).get("capabilities", {})
        self.client.notify("initialized", {})

    def _initialize_params(self) -> dict[str, Any]:
        return {
            "processId": os.getpid(),
            "rootUri": self.folder.as_uri(),
            "workspaceFolders": [{"uri": self.folder.as_uri(), "name": self.folder.name}],
            "capabilities": editor_capabilities(self.can_pull),
        }

    def place(self, relative: str, text: str) -> str:
        """Write the file where an editor would have it on disk (tombi wants a real .toml path); its URI."""
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path.as_uri()

    def open(self, uri: str, text: str) -> str:
        self.versions[uri] = 1
        document = {"uri": uri, "languageId": "toml", "version": 1, "text": text}
        self.client.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def close_document(self, uri: str) -> None:
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": self.versions[uri]}, "contentChanges": [{"text": text}]},
        )

    def diagnostics(self, uri: str) -> None:
        """Return once the server has given diagnostics for the document's current version."""
        if not self.diagnostics_mode:
            self.diagnostics_mode = self._decide_mode(uri)
            if self.pulls():
                return  # the deciding pull was the answer
        if self.pulls():
            self.client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        else:
            self.client.wait_for_diagnostics(uri, self.versions[uri])

    def pulls(self) -> bool:
        return self.diagnostics_mode.startswith("pull")

    def _decide_mode(self, uri: str) -> str:
        if not self.can_pull:
            return "push"
        if "diagnosticProvider" in self.capabilities:
            self.client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            return "pull (diagnosticProvider in its initialize result)"
        if "textDocument/diagnostic" in self.client.registered:
            self.client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            return "pull (registered dynamically)"
        answer = self.client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, allow_error=True)
        if answer.get("result"):
            return "pull (not offered, but answered)"
        self.client.wait_for_diagnostics(uri, self.versions[uri])
        return "push"

    def settle(self) -> None:
        """Wait until the server has read everything sent (any answer, even an error, proves it)."""
        self.client.request("codex-bench/ping", None, allow_error=True)

    def close(self) -> None:
        self.client.close()


# -- measuring -----------------------------------------------------------------


@dataclass
class Cell:
    samples: list[float] = field(default_factory=list)
    failed: str = ""  # one line: why this server has no figure
    not_applicable: bool = False
    not_found: bool = False  # the server is not installed here


def one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:240]


def take_turns(
    sessions: list[Session | None],
    cells: dict[str, Cell],
    samples: int,
    sample: Callable[[Session, int], float | None],
) -> None:
    """Sample each live session in turn, ``samples`` times; None means the server has no such feature."""
    for index in range(samples):
        for session in sessions:
            if session is None:
                continue
            cell = cells[session.server.name]
            if cell.failed:
                continue
            try:
                figure = sample(session, index)
            except Exception as error:  # a server's failure is a figure too; the run goes on
                cell.failed = one_line(error)
                continue
            if figure is None:
                cell.not_applicable = True
            else:
                cell.samples.append(figure)


def milliseconds_since(began: float) -> float:
    return (time.perf_counter() - began) * 1000


@dataclass
class Measure:
    key: str
    label: str
    statistic: str  # "median", "p95" or "peak": the one ratios and the goal use
    goal: str = ""
    unit: str = "ms"
    cells: dict[str, Cell] = field(default_factory=dict)


def measures(servers: list[Server]) -> dict[str, Measure]:
    table = [
        Measure("startup", "startup: spawn to initialize answered", "median", "<= 1.15 x bare pygls"),
        Measure("first_cold", "first diagnostics after didOpen, 20 lines, fresh server", "p95", "<= 50 ms"),
        Measure("first_warm", "diagnostics after didOpen, 20 lines, warm server", "p95", "<= 50 ms"),
        Measure("hover", "hover in the model value, 5,000 lines", "p95", "<= 1 ms"),
        Measure("completion", "completion in the model value, 5,000 lines", "p95", "<= 1 ms"),
        Measure("round_trip", "round trip floor: a request no one knows (error)", "p95"),
        Measure("append", "change-to-diagnostics, line appended, 5,000 lines", "median", "<= tombi"),
        Measure("keystroke", "change-to-diagnostics, char typed mid-file, 5,000 lines", "median", "<= tombi"),
        Measure("append_push", "  same, pushed (client cannot pull): line appended", "median"),
        Measure("keystroke_push", "  same, pushed (client cannot pull): char typed mid-file", "median"),
        Measure("memory", "peak memory (VmHWM) after the editor session", "peak", "<= 50 MB", unit="MB"),
    ]
    for measure in table:
        measure.cells = {server.name: Cell() for server in servers}
        for server in servers:
            if server.command is None:
                measure.cells[server.name] = Cell(failed=server.missing, not_found=True)
    return {measure.key: measure for measure in table}


def mark_failed(table: dict[str, Measure], keys: tuple[str, ...], name: str, why: str) -> None:
    for key in keys:
        cell = table[key].cells[name]
        if not cell.failed and not cell.not_applicable:
            cell.failed = why


def start_sessions(
    servers: list[Server], folder: Path, can_pull: bool, table: dict[str, Measure], keys: tuple[str, ...]
) -> list[Session | None]:
    """One session per server found; one that does not start fails every row in ``keys``."""
    sessions: list[Session | None] = []
    for server in servers:
        if server.command is None:
            sessions.append(None)
            continue
        try:
            sessions.append(Session(server, folder / server.name.replace(" ", "-"), can_pull))
        except Exception as error:
            mark_failed(table, keys, server.name, f"did not start: {one_line(error)}")
            sessions.append(None)
    return sessions


def close_all(sessions: list[Session | None]) -> None:
    for session in sessions:
        if session is not None:
            session.close()


def measure_startup(servers: list[Server], folder: Path, rounds: int, table: dict[str, Measure]) -> None:
    """Fresh processes in turn: time to initialize answered, then the first document's diagnostics."""
    for index in range(rounds):
        for server in servers:
            if server.command is None or table["startup"].cells[server.name].failed:
                continue
            round_folder = folder / f"round{index}-{server.name.replace(' ', '-')}"
            try:
                session = Session(server, round_folder, can_pull=True)
            except Exception as error:
                mark_failed(table, ("startup", "first_cold"), server.name, one_line(error))
                continue
            table["startup"].cells[server.name].samples.append(session.startup_ms)
            try:
                take_turns([session], table["first_cold"].cells, 1, first_diagnostics("cold"))
            finally:
                session.close()


def first_diagnostics(folder: str) -> Callable[[Session, int], float | None]:
    """Open a new 20-line config (its own folder each sample), time its diagnostics, close it.

    Closing keeps one document open at a time, as when a user opens a config
    and goes back to work: ours gets slower with every other config open.
    """

    def sample(session: Session, index: int) -> float | None:
        uri = session.place(f"{folder}{index}/.codex/config.toml", small_config())
        began = time.perf_counter()
        session.open(uri, small_config())
        if not session.server.has_features:
            session.close_document(uri)
            return None
        session.diagnostics(uri)
        elapsed = milliseconds_since(began)
        session.close_document(uri)
        return elapsed

    return sample


def request_at_model_value(method: str, uris: dict[str, str]) -> Callable[[Session, int], float | None]:
    def sample(session: Session, index: int) -> float | None:
        if not session.server.has_features:
            return None
        at = {"textDocument": {"uri": uris[session.server.name]}, "position": {"line": 0, "character": 10}}
        began = time.perf_counter()
        session.client.request(method, at)
        return milliseconds_since(began)

    return sample


def round_trip(session: Session, index: int) -> float:
    """What any request costs at least: framing, JSON and the server's dispatch, answered with an error."""
    began = time.perf_counter()
    session.client.request("codex-bench/ping", None, allow_error=True)
    return milliseconds_since(began)


def change_to_diagnostics(
    edit: Callable[[str, int], str], uris: dict[str, str], text: str
) -> Callable[[Session, int], float | None]:
    def sample(session: Session, index: int) -> float | None:
        uri = uris[session.server.name]
        edited = edit(text, index)
        session.client.drain()  # stale pushes must not pass for this change's
        began = time.perf_counter()
        session.change(uri, edited)
        if not session.server.has_features:
            return None
        session.diagnostics(uri)
        return milliseconds_since(began)

    return sample


def open_large(
    sessions: list[Session | None], table: dict[str, Measure], keys: tuple[str, ...], text: str
) -> dict[str, str]:
    """Open the 5,000-line config in every session and wait for its first diagnostics (untimed)."""
    uris: dict[str, str] = {}

    def sample(session: Session, index: int) -> float | None:
        uri = session.place("codex-home/config.toml", text)  # the user's config, where big ones grow
        uris[session.server.name] = session.open(uri, text)
        if session.server.has_features:
            session.diagnostics(uris[session.server.name])
        return 0.0

    opening = {name: Cell() for name in table[keys[0]].cells}
    take_turns(sessions, opening, 1, sample)
    for name, cell in opening.items():
        if cell.failed:
            mark_failed(table, keys, name, f"opening the 5,000-line config: {cell.failed}")
    return uris


EDITOR_ROWS = ("first_warm", "hover", "completion", "round_trip", "append", "keystroke", "memory")
PUSH_ROWS = ("append_push", "keystroke_push")


def editor_session(
    servers: list[Server], folder: Path, options: argparse.Namespace, table: dict[str, Measure]
) -> dict[str, str]:
    """The editor's session with each server, in turns; returns how each gave its diagnostics."""
    sessions = start_sessions(servers, folder / "editor", True, table, EDITOR_ROWS)
    try:
        take_turns(sessions, table["first_warm"].cells, options.changes, first_diagnostics("warm"))
        text = large_config()
        uris = open_large(sessions, table, EDITOR_ROWS[1:], text)
        hover = request_at_model_value("textDocument/hover", uris)
        take_turns(sessions, table["hover"].cells, options.repeat, hover)
        completion = request_at_model_value("textDocument/completion", uris)
        take_turns(sessions, table["completion"].cells, options.repeat, completion)
        take_turns(sessions, table["round_trip"].cells, options.repeat, round_trip)
        append = change_to_diagnostics(appended_line, uris, text)
        take_turns(sessions, table["append"].cells, options.changes, append)
        keystroke = change_to_diagnostics(keystroke_in_the_middle, uris, text)
        take_turns(sessions, table["keystroke"].cells, options.changes, keystroke)
        take_turns(sessions, table["memory"].cells, 1, peak_memory)
        return diagnostics_modes(sessions)
    finally:
        close_all(sessions)


def peak_memory(session: Session, index: int) -> float:
    session.settle()
    return session.client.peak_memory_mb()


def push_session(servers: list[Server], folder: Path, options: argparse.Namespace, table: dict[str, Measure]) -> None:
    """A second session per server whose client cannot pull, so diagnostics must be pushed."""
    with_features = [server for server in servers if server.has_features]
    for server in servers:
        if not server.has_features:
            for key in PUSH_ROWS:
                table[key].cells[server.name].not_applicable = True
    sessions = start_sessions(with_features, folder / "push", False, table, PUSH_ROWS)
    try:
        text = large_config()
        uris = open_large(sessions, table, PUSH_ROWS, text)
        append = change_to_diagnostics(appended_line, uris, text)
        take_turns(sessions, table["append_push"].cells, options.changes, append)
        keystroke = change_to_diagnostics(keystroke_in_the_middle, uris, text)
        take_turns(sessions, table["keystroke_push"].cells, options.changes, keystroke)
    finally:
        close_all(sessions)


def diagnostics_modes(sessions: list[Session | None]) -> dict[str, str]:
    return {
        session.server.name: session.diagnostics_mode or "never asked"
        for session in sessions
        if session is not None and session.server.has_features
    }


# -- figures -------------------------------------------------------------------


def percentile_95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def figure(cell: Cell, statistic: str) -> float | None:
    if not cell.samples:
        return None
    if statistic == "p95":
        return percentile_95(cell.samples)
    if statistic == "peak":
        return max(cell.samples)
    return statistics.median(cell.samples)


def cell_text(cell: Cell, measure: Measure) -> str:
    if cell.not_applicable:
        return "n/a"
    if cell.not_found:
        return "not found"
    if cell.failed:
        return "failed"
    if not cell.samples:
        return "-"
    if measure.unit == "MB":
        return f"{max(cell.samples):.1f} MB"
    median = statistics.median(cell.samples)
    return f"{median:.2f} / {percentile_95(cell.samples):.2f}"


def ratio(measure: Measure, ours: str, other: str) -> float | None:
    mine, theirs = figure(measure.cells[ours], measure.statistic), figure(measure.cells[other], measure.statistic)
    if mine is None or theirs is None or measure.cells[other].not_applicable or theirs == 0:
        return None
    return mine / theirs


def goal_met(measure: Measure) -> str:
    """Whether ours meets the issue's goal: yes, NO, or ? when a figure is missing."""
    if not measure.goal:
        return ""
    mine = figure(measure.cells["ours"], measure.statistic)
    if mine is None:
        return "?"
    if measure.goal.startswith("<= 1.15 x"):
        against = ratio(measure, "ours", "bare pygls")
        met = against is not None and against <= 1.15
    elif measure.goal == "<= tombi":
        tombi = figure(measure.cells["tombi"], measure.statistic)
        if tombi is None:
            return "?"
        met = mine <= tombi
    else:
        met = mine <= float(measure.goal.split()[1])
    return "yes" if met else "NO"


def sample_count(measure: Measure) -> str:
    counts = sorted({len(cell.samples) for cell in measure.cells.values() if cell.samples})
    return "/".join(str(count) for count in counts) or "-"


def print_table(table: dict[str, Measure], servers: list[Server]) -> None:
    names = [server.name for server in servers]
    header = ["measure", "n", *names, "ours/tombi", "ours/bare", "goal (stat)", "met"]
    rows = [header]
    for measure in table.values():
        ratios = [ratio(measure, "ours", other) for other in ("tombi", "bare pygls")]
        goal = f"{measure.goal} ({measure.statistic})" if measure.goal else f"({measure.statistic})"
        rows.append(
            [
                measure.label,
                sample_count(measure),
                *(cell_text(measure.cells[name], measure) for name in names),
                *(f"{value:.2f}x" if value is not None else "-" for value in ratios),
                goal,
                goal_met(measure),
            ]
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    for number, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [text.rjust(width) for text, width in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    print_failures(table)


def print_failures(table: dict[str, Measure]) -> None:
    """One line per server and reason, naming the rows it emptied."""
    rows_by_reason: dict[tuple[str, str], list[str]] = {}
    for measure in table.values():
        for name, cell in measure.cells.items():
            if cell.failed:
                rows_by_reason.setdefault((name, cell.failed.removeprefix("did not start: ")), []).append(measure.key)
    for (name, why), keys in rows_by_reason.items():
        print(f"  failed: {name} ({', '.join(keys)}): {why}")


def byte_compile(ours: Server) -> None:
    """Compile our sources as a wheel install does, so startup is not timed with compiling in it."""
    assert ours.command is not None
    code = "import codex_config_lsp as m, compileall, os; compileall.compile_dir(os.path.dirname(m.__file__), quiet=2)"
    subprocess.run([ours.command[0], "-c", code], env=ours.env, cwd=tempfile.gettempdir(), timeout=120, check=False)


def our_origin(ours: Server) -> str:
    """The version and the folder our server is imported from, as its command will import it."""
    assert ours.command is not None
    code = "import codex_config_lsp as m, os; print(m.__version__, os.path.dirname(m.__file__))"
    try:
        done = subprocess.run(
            [ours.command[0], "-c", code],
            capture_output=True,
            text=True,
            timeout=30,
            env=ours.env,
            cwd=tempfile.gettempdir(),
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({one_line(error)})"
    return done.stdout.strip() or f"unknown ({done.stderr.strip().splitlines()[-1:]})"


def machine(servers: list[Server]) -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": f"{usable} usable of {os.cpu_count()}",
        "os": platform.platform(),
        "python": platform.python_version(),
        "pygls": importlib.metadata.version("pygls"),
        "tombi": tombi_version(servers),
        "ours": our_origin(servers[0]),
        "load average (1 min) at the end": f"{os.getloadavg()[0]:.2f}",
    }


def tombi_version(servers: list[Server]) -> str:
    command = next(server.command for server in servers if server.name == "tombi")
    if command is None:
        return "not found"
    try:
        done = subprocess.run([command[0], "--version"], capture_output=True, text=True, timeout=10)
        return done.stdout.strip().removeprefix("tombi ") or "unknown"
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({one_line(error)})"


# -- ours only -----------------------------------------------------------------


def ours_only(ours: Server, folder: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Figures the comparison has no column for, from a fresh session of ours; name: median, p95."""
    session = Session(ours, folder / "ours-only", can_pull=True)
    figures: dict[str, dict[str, float]] = {}
    try:
        for size, text in (("20 lines", small_config()), ("5,000 lines", large_config())):
            uri = session.place(f"{size.split()[0].replace(',', '')}/.codex/config.toml", text)
            session.open(uri, text)
            session.diagnostics(uri)
            for name, method, params in feature_requests(uri):
                samples = timed_requests(session, method, params, repeat)
                figures[f"{name}, {size}"] = {"median": statistics.median(samples), "p95": percentile_95(samples)}
        messy_text = large_config().replace(" = ", "=")
        messy = session.open(session.place("messy/.codex/config.toml", messy_text), messy_text)
        options = {"textDocument": {"uri": messy}, "options": {"tabSize": 2, "insertSpaces": True}}
        samples = timed_requests(session, "textDocument/formatting", options, 10)
        figures["formatting, 5,000 lines, every line changed"] = {
            "median": statistics.median(samples),
            "p95": percentile_95(samples),
        }
    finally:
        session.close()
    return figures


def feature_requests(uri: str) -> list[tuple[str, str, dict[str, Any]]]:
    at_model = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}}
    at_provider = {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 20}}
    return [
        ("completion", "textDocument/completion", at_model),
        ("hover", "textDocument/hover", at_model),
        ("references", "textDocument/references", {**at_provider, "context": {"includeDeclaration": True}}),
        ("folding", "textDocument/foldingRange", {"textDocument": {"uri": uri}}),
    ]


def timed_requests(session: Session, method: str, params: dict[str, Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        session.client.request(method, params)
        samples.append(milliseconds_since(began))
    return samples


# -- the run -------------------------------------------------------------------


def as_json(table: dict[str, Measure], about: dict[str, str], extra: dict[str, Any]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for measure in table.values():
        rows[measure.key] = {
            "label": measure.label,
            "unit": measure.unit,
            "statistic": measure.statistic,
            "goal": measure.goal,
            "met": goal_met(measure),
            "servers": {
                name: {
                    "n": len(cell.samples),
                    "median": statistics.median(cell.samples) if cell.samples else None,
                    "p95": percentile_95(cell.samples) if cell.samples else None,
                    "samples": [round(sample, 3) for sample in cell.samples],  # in the order taken
                    "failed": cell.failed or None,
                    "not_applicable": cell.not_applicable,
                }
                for name, cell in measure.cells.items()
            },
            "ours/tombi": ratio(measure, "ours", "tombi"),
            "ours/bare": ratio(measure, "ours", "bare pygls"),
        }
    return {"machine": about, "measures": rows, **extra}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="hover/completion requests per server (200)")
    parser.add_argument("--rounds", type=int, default=7, help="fresh starts and warm opens per server (7)")
    parser.add_argument(
        "--changes", type=int, default=30, help="warm didOpens, and didChanges per edit and mode, per server (30)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--ours",
        type=Path,
        metavar="SERVER_DIR",
        help="run our server from this server/ tree instead of the installed one",
    )
    return parser.parse_args()


def main() -> None:
    options = arguments()
    servers = the_servers(options.ours)
    byte_compile(servers[0])
    table = measures(servers)
    began = time.perf_counter()
    load_at_start = os.getloadavg()[0]  # other work on the machine: the figures' noise
    with tempfile.TemporaryDirectory(prefix="codex-bench-") as temporary:
        folder = Path(temporary)
        measure_startup(servers, folder, options.rounds, table)
        extra: dict[str, Any] = {"diagnostics_modes": editor_session(servers, folder, options, table)}
        push_session(servers, folder, options, table)
        try:
            extra["ours_only"] = ours_only(servers[0], folder, options.repeat)
        except Exception as error:
            extra["ours_only_failed"] = one_line(error)
    extra["run_seconds"] = time.perf_counter() - began
    about = {"load average (1 min) at the start": f"{load_at_start:.2f}", **machine(servers)}
    print_report(table, servers, about, extra)
    if options.json:
        options.json.write_text(json.dumps(as_json(table, about, extra), indent=2) + "\n")


def print_report(
    table: dict[str, Measure], servers: list[Server], about: dict[str, str], extra: dict[str, Any]
) -> None:
    print("Machine:")
    for name, value in about.items():
        print(f"  {name}: {value}")
    print()
    print_table(table, servers)
    modes = extra["diagnostics_modes"].items()
    print("Diagnostics in the editor session: " + "; ".join(f"{name} {how}" for name, how in modes))
    print()
    print(textwrap.fill(HOW_IT_MEASURES, width=88))
    print()
    print("Ours only (median / p95 ms):")
    if "ours_only_failed" in extra:
        print(f"  failed: {extra['ours_only_failed']}")
    for name, values in extra.get("ours_only", {}).items():
        print(f"  {name:<46} {values['median']:8.2f} / {values['p95']:.2f}")
    print(f"\nThe whole run took {extra['run_seconds']:.0f} s.")


if __name__ == "__main__":
    main()
