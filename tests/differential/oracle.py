"""Ask the real Codex CLI how it treats a ``config.toml``: offline, sandboxed, cached.

Used by the differential tests (``test_differential.py``, ``test_schema_agreement.py``) and runnable by
hand::

    python tests/differential/oracle.py verdict FILE...      # load status, ignored keys, load error
    python tests/differential/oracle.py probe 'tui.alternate_screen = "x"'   # one strict-mode load

Binary: ``$CODEX_BIN`` or the one ``scripts/fetch-codex.sh`` unpacks (version pinned in ``CODEX_VERSION``).

What runs, and why it is safe
-----------------------------
* Every run is ``codex ...`` inside ``unshare --net`` (a network namespace with only a downed loopback:
  nothing is reachable), with ``PATH=/nonexistent``, a throwaway ``CODEX_HOME``/``HOME`` holding only the
  config, ``cwd`` = that directory (no project ``.codex/`` layers) and stdin from ``/dev/null``. When a
  mount namespace is available too, ``/etc/hosts`` is replaced by one that maps every host named in the
  config (and Codex's own endpoints) to 127.0.0.1, and ``/etc/codex`` by an empty directory (no system
  layers). That makes ``codex doctor`` finish in ~50 ms instead of waiting 5-10 s for DNS timeouts.
  Every run is its own session and process group, killed as a whole when it ends. (No PID namespace:
  ``exec`` hangs on permission-profile configs under ``unshare --pid --fork``.)
* ``codex doctor --json`` gives the load status and the ignored keys (non-strict mode). It does not start
  MCP servers, hooks or the notifier. It names only 3 ignored keys per run, so they are removed from the
  config and doctor is asked again until it names no new ones.
* ``codex exec --strict-config`` is used (a) on configs doctor says fail to load, to get the error text and
  position (Codex stops at load), (b) on a *defanged* copy of configs that load (``mcp_servers``, ``hooks``,
  ``notify`` and provider ``auth`` commands removed), to find the unknown keys that non-strict Codex drops
  without any warning (``tui.*``, hook and agent-role fields ...), (c) on tiny probe snippets (refused if
  they define any of those). Every exec is killed as soon as it prints its session header (= config loaded),
  and by a timeout in any case: nothing ever reaches a model request.
* Verdicts are cached by (the binary's own ``--version``, oracle revision, sha256 of the config text) under
  ``$CODEX_ORACLE_CACHE`` (default ``${CODEX_CACHE:-~/.cache/codex-config-lsp}/oracle/``), outside the repo.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import hashlib
import json
import math
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
VERSION_FILE = HERE / "CODEX_VERSION"
REPO = HERE.parent.parent
FETCH_SCRIPT = REPO / "scripts" / "fetch-codex.sh"

#: Bump when the oracle's logic changes so that cached verdicts are recomputed.
ORACLE_REVISION = "7"

DOCTOR_TIMEOUT = 60.0
EXEC_TIMEOUT = 30.0
MAX_ROUNDS = 60

#: exec prints this once the config has loaded (before any model request): stop there.
_HEADER = re.compile(r"^(OpenAI Codex v\d|workdir: )", re.MULTILINE)
_IGNORED = re.compile(r"`([^`]+)` is ignored")
_IGNORING = re.compile(r"Codex is ignoring (\d+) unrecognized configuration setting")
_POSITIONED = re.compile(r"config\.toml:(\d+):(\d+): (.*)")
_UNKNOWN_FIELD = re.compile(r"unknown configuration field `([^`]+)`")
_IN_KEY = re.compile(r"^in `([^`]*)`\s*$", re.MULTILINE)
_URL_HOST = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/@\s\"']*@)?([A-Za-z0-9.-]+)")
_SAFE_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
#: Hosts Codex itself contacts in doctor's network checks; mapped to the (down) loopback.
_DEFAULT_HOSTS = (
    "api.openai.com",
    "chatgpt.com",
    "auth.openai.com",
    "api.github.com",
    "github.com",
    "ab.chatgpt.com",
    "openaipublic.blob.core.windows.net",
    "registry.npmjs.org",
    "aiplatform.googleapis.com",
    "us-central1-aiplatform.googleapis.com",
    "oauth2.googleapis.com",
    "bedrock-mantle.us-east-1.api.aws",
    "bedrock-runtime.us-east-1.amazonaws.com",
    "sts.amazonaws.com",
)
#: Keys whose values name programs Codex may start once a session runs (never in an exec'd config).
_LAUNCHING_ROOT_KEYS = ("mcp_servers", "hooks", "notify")


class OracleUnavailable(RuntimeError):
    """The Codex binary or a usable sandbox is missing; the message says which."""


class _Transient(RuntimeError):
    """One run went wrong (timeout): no verdict for this text, and nothing cached."""


def pinned_version() -> str:
    for line in VERSION_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    raise OracleUnavailable(f"no version= line in {VERSION_FILE}")


def default_cache_root() -> Path:
    base = os.environ.get("CODEX_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "codex-config-lsp")
    return Path(base)


# --------------------------------------------------------------------------------------------- results
@dataclasses.dataclass(frozen=True)
class Verdict:
    """How Codex treats one config text."""

    status: str  #: "ok" | "warning" | "fail" (doctor's ``config.load`` status); "unknown" = oracle trouble
    ignored: tuple[str, ...] = ()  #: keys non-strict Codex reports as "`k` is ignored" (all of them)
    strict_unknown: tuple[str, ...] = ()  #: more keys only ``--strict-config`` rejects (dropped silently otherwise)
    strict_checked: bool = False  #: the strict probe ran to the end (on a defanged copy)
    error: str | None = None  #: the load error Codex prints (status "fail")
    error_key: str | None = None  #: the dotted key the error names (``in `a.b` ``), if any
    error_line: int | None = None  #: 1-based position of the error in the file, if Codex gives one
    error_column: int | None = None
    warnings: tuple[str, ...] = ()  #: other startup warnings (deprecations, malformed agent roles, ...)
    model: str | None = None
    provider: str | None = None
    notes: tuple[str, ...] = ()  #: oracle trouble (timeouts, keys it could not strip, ...)

    @property
    def loads(self) -> bool:
        return self.status in ("ok", "warning")

    @property
    def unknown(self) -> tuple[str, ...]:
        """Every key Codex does not know: reported as ignored, or rejected only in strict mode."""
        return self.ignored + tuple(k for k in self.strict_unknown if k not in self.ignored)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Verdict:
        fields = {f.name for f in dataclasses.fields(cls)}
        kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in fields}
        return cls(**kw)


@dataclasses.dataclass(frozen=True)
class Probe:
    """Outcome of one strict-mode load of a snippet."""

    loaded: bool
    message: str | None = None  #: first error line without the ``file:line:col:`` prefix
    line: int | None = None
    column: int | None = None
    key: str | None = None  #: ``in `key` `` or the unknown field's path

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class _Run:
    out: str
    returncode: int | None
    timed_out: bool
    stopped_at_header: bool
    seconds: float


# ------------------------------------------------------------------------------------ TOML utilities
def _toml_key(k: str) -> str:
    return json.dumps(k, ensure_ascii=False)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def dump_toml(doc: dict[str, Any]) -> str:
    """Write a parsed document back as TOML with the same meaning (every table inline)."""
    return "".join(f"{_toml_key(k)} = {_toml_value(v)}\n" for k, v in doc.items())


def key_paths(doc: Any, prefix: tuple[str, ...] = ()) -> Iterable[tuple[str, ...]]:
    """Every key path in a parsed document (tables inside arrays are not entered)."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            p = prefix + (k,)
            yield p
            yield from key_paths(v, p)


def resolve_dotted(doc: dict[str, Any], dotted: str) -> tuple[str, ...] | None:
    """Codex names keys as ``a.b.c`` without quoting; find the path in ``doc`` that prints that way."""
    for p in key_paths(doc):
        if ".".join(p) == dotted:
            return p
    return None


def _delete(doc: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = doc
    for k in path[:-1]:
        if not isinstance(node, dict) or k not in node:
            return False
        node = node[k]
    if isinstance(node, dict) and path[-1] in node:
        del node[path[-1]]
        return True
    return False


def defang(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` without anything that could make a Codex session start a program."""
    d = copy.deepcopy(doc)
    for k in _LAUNCHING_ROOT_KEYS:
        d.pop(k, None)
    profiles = d.get("profiles")
    profile_tables = [p for p in profiles.values() if isinstance(p, dict)] if isinstance(profiles, dict) else []
    for table in (d.get("model_providers"), *(p.get("model_providers") for p in profile_tables)):
        if isinstance(table, dict):
            for prov in table.values():
                if isinstance(prov, dict):
                    prov.pop("auth", None)  # a command that prints a token
                    prov.pop("aws", None)  # credential_export / auth_refresh commands
    plugins = d.get("plugins")
    if isinstance(plugins, dict):
        for plug in plugins.values():
            if isinstance(plug, dict):
                plug.pop("mcp_servers", None)
    return d


def launches_programs(doc: dict[str, Any]) -> bool:
    if any(k in doc for k in _LAUNCHING_ROOT_KEYS):
        return True
    return defang(doc) != doc


# ------------------------------------------------------------------------------------------ sandbox
class Sandbox:
    """Runs the Codex binary without network, with an empty PATH and a throwaway CODEX_HOME."""

    def __init__(self, binary: str | os.PathLike[str]):
        self.binary = str(binary)
        if not os.path.isfile(self.binary) or not os.access(self.binary, os.X_OK):
            raise OracleUnavailable(f"Codex binary not found or not executable: {self.binary}")
        self.unshare = shutil.which("unshare") or "/usr/bin/unshare"
        self.sh = shutil.which("sh") or "/bin/sh"
        self.mount = shutil.which("mount") or "/bin/mount"
        self.prefix, self.with_mounts = self._detect()

    def _detect(self) -> tuple[list[str], bool]:
        if not os.path.exists(self.unshare):
            raise OracleUnavailable("`unshare` (util-linux) is not installed")
        probe_dir = tempfile.mkdtemp(prefix="codex-oracle-probe-")
        try:
            Path(probe_dir, "hosts").write_text("127.0.0.1 localhost\n")
            script = f'{self.mount} --bind "$1/hosts" /etc/hosts'
            u = self.unshare
            # No PID namespace: `exec` hangs before loading permission-profile configs under
            # `unshare --pid --fork` (measured on 0.171.0). Each run is its own session and process
            # group instead, killed as a whole when it ends (see _run_killable).
            candidates = [
                ([u, "--net", "--mount", "--propagation", "private"], True),
                ([u, "--map-root-user", "--net", "--mount", "--propagation", "private"], True),
                ([u, "--net"], False),
                ([u, "--map-root-user", "--net"], False),
            ]
            errors = []
            for prefix, mounts in candidates:
                cmd = prefix + ([self.sh, "-c", script, "sh", probe_dir] if mounts else [self.sh, "-c", "exit 0"])
                try:
                    p = subprocess.run(cmd, capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
                except (OSError, subprocess.TimeoutExpired) as e:
                    errors.append(str(e))
                    continue
                if p.returncode == 0:
                    return prefix, mounts
                errors.append((p.stderr or p.stdout).strip().splitlines()[-1:] or [f"exit {p.returncode}"])
            raise OracleUnavailable(f"`unshare --net` does not work here ({errors[-1]})")
        finally:
            shutil.rmtree(probe_dir, ignore_errors=True)

    def version(self) -> str:
        """The release the binary says it is (``codex-cli 0.171.0`` -> ``0.171.0``): what verdicts are keyed by."""
        r = self.run("", ["--version"], 30)
        m = re.search(r"^codex-cli (\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\s*$", r.out, re.MULTILINE)
        if r.timed_out or not m:
            raise OracleUnavailable(f"`{self.binary} --version` gave no version: {r.out.strip()[-120:]!r}")
        return m.group(1)

    def run(self, text: str, args: Sequence[str], timeout: float, stop_at_header: bool = False) -> _Run:
        """Codex with a throwaway CODEX_HOME holding ``text`` as its config.toml, started there."""
        home = tempfile.mkdtemp(prefix="codex-oracle-")
        try:
            Path(home, "config.toml").write_text(text, encoding="utf-8")
            r = self.run_in(home, home, args, timeout, stop_at_header, hosts_from=text)
            r.out = r.out.replace(os.path.realpath(home), "$CODEX_HOME").replace(home, "$CODEX_HOME")
            return r
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def run_in(
        self,
        codex_home: str,
        cwd: str,
        args: Sequence[str],
        timeout: float,
        stop_at_header: bool = False,
        hosts_from: str = "",
        stop_at: re.Pattern[str] | None = None,
    ) -> _Run:
        """Codex with an existing CODEX_HOME, started in ``cwd`` (for scenarios of several files); every
        host named in ``hosts_from`` points at the downed loopback. Killed once its output matches
        ``stop_at`` (or the session header, with ``stop_at_header``)."""
        etc = tempfile.mkdtemp(prefix="codex-oracle-etc-")
        try:
            hosts = set(_DEFAULT_HOSTS) | {h for h in _URL_HOST.findall(hosts_from) if _SAFE_HOST.match(h)}
            hosts -= {"localhost", "127.0.0.1"}
            Path(etc, "hosts").write_text(
                "127.0.0.1 localhost\n::1 localhost\n" + "".join(f"127.0.0.1 {h}\n" for h in sorted(hosts))
            )
            Path(etc, "resolv.conf").write_text("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
            os.mkdir(os.path.join(etc, "empty"))
            env = {
                "CODEX_HOME": codex_home,
                "HOME": codex_home,
                "PATH": "/nonexistent",
                "TMPDIR": codex_home,
                "NO_COLOR": "1",
                "RUST_BACKTRACE": "0",
                "LANG": "C.UTF-8",
                "TERM": "dumb",
                # Anything that ignores /etc/hosts still fails at once: the proxy is on the downed loopback.
                "HTTPS_PROXY": "http://127.0.0.1:9",
                "HTTP_PROXY": "http://127.0.0.1:9",
                "https_proxy": "http://127.0.0.1:9",
                "http_proxy": "http://127.0.0.1:9",
                "NO_PROXY": "",
                "no_proxy": "",
            }
            if self.with_mounts:
                m = self.mount
                script = (
                    f'set -e; {m} --bind "$1/hosts" /etc/hosts; '
                    f'if [ -e /etc/resolv.conf ]; then {m} --bind "$1/resolv.conf" /etc/resolv.conf; fi; '
                    f'if [ -d /etc/codex ]; then {m} --bind "$1/empty" /etc/codex; fi; '
                    'b=$2; shift 2; exec "$b" "$@"'
                )
                cmd = self.prefix + [self.sh, "-c", script, "sh", etc, self.binary, *args]
            else:
                cmd = self.prefix + [self.binary, *args]
            return _run_killable(cmd, env, cwd, timeout, stop_at or (_HEADER if stop_at_header else None))
        finally:
            shutil.rmtree(etc, ignore_errors=True)


def _run_killable(
    cmd: list[str], env: dict[str, str], cwd: str, timeout: float, stop_at: re.Pattern[str] | None
) -> _Run:
    t0 = time.monotonic()
    p = subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert p.stdout is not None
    os.set_blocking(p.stdout.fileno(), False)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    chunks: list[bytes] = []
    timed_out = stopped = False
    try:
        while True:
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                timed_out = True
                break
            if not sel.select(min(left, 0.5)):
                if p.poll() is not None:
                    break
                continue
            data = p.stdout.read()
            if not data:
                break
            chunks.append(data)
            if stop_at and stop_at.search(b"".join(chunks).decode("utf-8", "replace")):
                stopped = True
                break
    finally:
        sel.close()
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            rest = p.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:  # pragma: no cover - only if something ignores SIGKILL
            rest = b""
        if rest:
            chunks.append(rest)
        p.stdout.close()
    out = b"".join(chunks).decode("utf-8", "replace")
    return _Run(out, p.returncode, timed_out, stopped, time.monotonic() - t0)


# ------------------------------------------------------------------------------------------- oracle
def _doctor_json(out: str) -> dict[str, Any] | None:
    m = re.search(r"^\{", out, re.MULTILINE)
    if not m:
        return None
    try:
        return json.JSONDecoder().raw_decode(out[m.start() :])[0]
    except ValueError:
        return None


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else [str(x) for x in v]


def _error_text(out: str) -> str:
    """The error part of an exec/doctor failure, without the code frame and noise lines."""
    keep = []
    for line in out.splitlines():
        s = line.rstrip()
        if not s.strip() or "PATH aliases" in s or re.match(r"^\s*\d*\s*\|", s) or s.startswith("Reading additional"):
            continue
        keep.append(s)
    return "\n".join(keep)[:2000]


class Oracle:
    """Codex verdicts for config texts, cached on disk and computed ``jobs`` at a time."""

    def __init__(
        self,
        binary: str | os.PathLike[str],
        cache_dir: str | os.PathLike[str] | None = None,
        jobs: int = 2,
    ):
        self.sandbox = Sandbox(binary)
        self.version = self.sandbox.version()
        root = os.environ.get("CODEX_ORACLE_CACHE") or (default_cache_root() / "oracle")
        self.cache_dir = Path(cache_dir or root) / f"codex-{self.version}"
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.jobs = max(1, jobs)
        self.stats = {"runs": 0, "cache_hits": 0, "seconds": 0.0}
        self._lock = threading.Lock()

    # ---- cache
    def _cache_path(self, kind: str, text: str) -> Path:
        h = hashlib.sha256(f"{kind}\0{ORACLE_REVISION}\0{self.version}\0{text}".encode()).hexdigest()
        return self.cache_dir / h[:2] / f"{h}.json"

    def _cached(self, kind: str, text: str, compute) -> dict[str, Any]:
        path = self._cache_path(kind, text)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            with self._lock:
                self.stats["cache_hits"] += 1
            return data
        except (OSError, ValueError):
            pass
        data = compute(text)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        return data

    def _run(self, text: str, args: Sequence[str], timeout: float, stop_at_header: bool = False) -> _Run:
        r = self.sandbox.run(text, args, timeout, stop_at_header)
        with self._lock:
            self.stats["runs"] += 1
            self.stats["seconds"] += r.seconds
        return r

    def run_in(self, codex_home: str, cwd: str, args: Sequence[str], timeout: float, **kw: Any) -> _Run:
        """:meth:`Sandbox.run_in`, counted in :attr:`stats` (for scenarios of several files)."""
        r = self.sandbox.run_in(codex_home, cwd, args, timeout, **kw)
        with self._lock:
            self.stats["runs"] += 1
            self.stats["seconds"] += r.seconds
        return r

    # ---- public API
    def verdict(self, text: str) -> Verdict:
        """Codex's verdict; status "unknown" (not cached) when Codex could not be asked this time."""
        try:
            return Verdict.from_json(self._cached("verdict", text, lambda t: self._verdict(t).to_json()))
        except _Transient as e:
            return Verdict("unknown", notes=(f"oracle: {e}",))

    def verdicts(self, texts: Sequence[str]) -> list[Verdict]:
        with ThreadPoolExecutor(self.jobs) as pool:
            return list(pool.map(self.verdict, texts))

    def probe(self, snippet: str) -> Probe:
        """Load a tiny snippet in strict mode (``codex exec --strict-config``)."""
        try:
            doc = tomllib.loads(snippet)
        except tomllib.TOMLDecodeError:
            doc = None
        if doc is not None and launches_programs(doc):
            raise ValueError("refusing to exec a snippet that defines mcp_servers, hooks, notify or auth commands")
        if doc is None and re.search(r"mcp_servers|hooks|notify|command", snippet):
            raise ValueError("refusing to exec an unparsable snippet that mentions launch keys")
        try:
            return Probe(**self._cached("probe", snippet, self._probe))
        except _Transient as e:
            return Probe(False, f"oracle: {e}")

    def probes(self, snippets: Sequence[str]) -> list[Probe]:
        with ThreadPoolExecutor(self.jobs) as pool:
            return list(pool.map(self.probe, snippets))

    # ---- internals
    def _exec(self, text: str, strict: bool) -> _Run:
        args = ["exec"] + (["--strict-config"] if strict else []) + ["--skip-git-repo-check", "--ephemeral", "hi"]
        r = self._run(text, args, EXEC_TIMEOUT, stop_at_header=True)
        if r.timed_out:
            raise _Transient(f"codex exec timed out after {EXEC_TIMEOUT:.0f}s before loading the config")
        return r

    def _probe(self, snippet: str) -> dict[str, Any]:
        r = self._exec(snippet, strict=True)
        if r.stopped_at_header:
            return Probe(True).to_json()
        p = self._parse_error(r.out)
        if "Error loading config.toml" not in r.out and self._doctor(snippet)[0] != "fail":
            # Loaded; exec then stopped for a reason outside the config (no keyring, sandbox helper ...).
            return Probe(True, p.message).to_json()
        return p.to_json()

    @staticmethod
    def _parse_error(out: str) -> Probe:
        text = _error_text(out)
        m = _POSITIONED.search(text)
        key = None
        km = _IN_KEY.search(text)
        if km:
            key = km.group(1)
        if m:
            msg = m.group(3).strip()
            um = _UNKNOWN_FIELD.search(msg)
            if um and not key:
                key = um.group(1)
            return Probe(False, msg, int(m.group(1)), int(m.group(2)), key)
        lines = [line for line in text.splitlines() if not line.startswith(("in `", "More info", "How to fix"))]
        msg = "\n".join(lines)
        msg = re.sub(r"^(Error loading config\.toml:|Error:)\s*", "", msg).strip()
        return Probe(False, msg or text.strip() or "oracle: no output", None, None, key)

    def _doctor(self, text: str) -> tuple[str, list[str], int, dict[str, Any], str]:
        r = self._run(text, ["doctor", "--json"], DOCTOR_TIMEOUT)
        data = _doctor_json(r.out)
        if data is None:
            if r.timed_out:
                raise _Transient(f"codex doctor timed out after {DOCTOR_TIMEOUT:.0f}s")
            # Some failures end doctor before it writes its report.
            return "fail", [], 0, {"output": _error_text(r.out)}, r.out
        check = data.get("checks", {}).get("config.load") or {}
        details = check.get("details") or {}
        warns = [w for x in ("startup warning",) for w in _as_list(details.get(x))]
        ignored = [k for w in warns for k in _IGNORED.findall(w)]
        total = sum(int(n) for w in warns for n in _IGNORING.findall(w))
        return check.get("status", "fail"), ignored, total, details, r.out

    def _verdict(self, text: str) -> Verdict:
        status, ignored, total, details, _ = self._doctor(text)
        warnings = tuple(w for w in _as_list(details.get("startup warning")) if not _IGNORING.search(w))
        model, provider = details.get("model"), details.get("model provider")
        notes: list[str] = []
        if status == "fail":
            return self._failed(text, status, notes)

        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            notes.append(f"Codex loads it but tomllib does not: {e}")
            return Verdict(
                status, tuple(ignored), (), False, warnings=warnings, model=model, provider=provider, notes=tuple(notes)
            )

        # doctor names at most 3 ignored keys per run: strip them and ask again.
        found: list[str] = []
        work = copy.deepcopy(doc)
        for _ in range(MAX_ROUNDS):
            new = [k for k in ignored if k not in found]
            if not new:
                break
            found += new
            for k in new:
                path = resolve_dotted(work, k)
                if path is None or not _delete(work, path):
                    notes.append(f"could not strip ignored key {k!r}")
            if total and len(found) >= total and not any("could not strip" in n for n in notes):
                break
            st, ignored, _t, _d, _o = self._doctor(dump_toml(work))
            if st == "fail":
                notes.append("config fails to load once ignored keys are stripped")
                break
        if total and len(found) < total:
            notes.append(f"doctor says {total} keys are ignored, found {len(found)}")

        strict, checked = self._strict_unknown(work, notes)
        return Verdict(
            status,
            tuple(found),
            tuple(strict),
            checked,
            warnings=warnings,
            model=model,
            provider=provider,
            notes=tuple(notes),
        )

    def _strict_unknown(self, work: dict[str, Any], notes: list[str]) -> tuple[list[str], bool]:
        """Unknown keys non-strict Codex drops silently: strict exec on a defanged copy, one key per run."""
        d = defang(work)
        strict: list[str] = []
        for _ in range(MAX_ROUNDS):
            r = self._exec(dump_toml(d), strict=True)
            if r.stopped_at_header:
                return strict, True
            p = self._parse_error(r.out)
            m = _UNKNOWN_FIELD.search(p.message or "")
            if not m:
                # Loaded in strict mode, then stopped for reasons outside the config (no keyring, no
                # bubblewrap, no network ...). A load error here would contradict doctor: note it.
                if "Error loading config.toml" in r.out:
                    notes.append(f"strict mode refuses it although doctor loads it: {p.message}")
                    return strict, False
                return strict, True
            key = m.group(1)
            path = resolve_dotted(d, key)
            if path is None or not _delete(d, path):
                notes.append(f"could not strip strict-unknown key {key!r}")
                return strict, False
            strict.append(key)
        notes.append("strict probe: too many rounds")
        return strict, False

    def _failed(self, text: str, status: str, notes: list[str]) -> Verdict:
        # The config does not load, so exec stops at load too (and is killed at its header if not).
        plain = self._parse_error(self._exec(text, strict=False).out)
        line, col = plain.line, plain.column
        if line is None:
            strict = self._parse_error(self._exec(text, strict=True).out)
            if (
                strict.line is not None
                and strict.message
                and plain.message
                and (strict.message.splitlines()[0] == plain.message.splitlines()[0])
            ):
                line, col = strict.line, strict.column
        return Verdict(
            status, error=plain.message, error_key=plain.key, error_line=line, error_column=col, notes=tuple(notes)
        )


# ------------------------------------------------------------------------------------ binary lookup
def find_binary(fetch: bool = True) -> str:
    """``$CODEX_BIN``, else the pinned release's cached binary from ``scripts/fetch-codex.sh`` (fetched if
    ``fetch``). Which release it really is comes from the binary (``Sandbox.version``), not from here."""
    env = os.environ.get("CODEX_BIN")
    if env:
        if not os.access(env, os.X_OK):
            raise OracleUnavailable(f"CODEX_BIN={env} is not an executable file")
        return env
    cached = default_cache_root() / f"codex-{pinned_version()}" / "codex"
    if cached.is_file() and os.access(cached, os.X_OK):
        return str(cached)
    if not fetch:
        raise OracleUnavailable(f"no Codex binary at {cached}; run scripts/fetch-codex.sh or set CODEX_BIN")
    try:
        p = subprocess.run(
            ["bash", str(FETCH_SCRIPT)], capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise OracleUnavailable(f"scripts/fetch-codex.sh did not finish: {e}") from e
    if p.returncode != 0:
        raise OracleUnavailable((p.stderr.strip().splitlines() or ["scripts/fetch-codex.sh failed"])[-1])
    return p.stdout.strip().splitlines()[-1]


def _main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("verdict", "probe"):
        print(__doc__)
        return 2
    oracle = Oracle(find_binary())
    if argv[0] == "verdict":
        texts = [Path(f).read_text(encoding="utf-8") for f in argv[1:]]
        for f, v in zip(argv[1:], oracle.verdicts(texts), strict=False):
            print(json.dumps({"file": f, **v.to_json()}, ensure_ascii=False))
    else:
        for s in argv[1:]:
            print(json.dumps(oracle.probe(s.replace("\\n", "\n")).to_json(), ensure_ascii=False))
    print(json.dumps(oracle.stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
