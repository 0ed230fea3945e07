"""State and helpers shared by the differential tests and their conftest (kept out of conftest.py so
that test modules never need to import a module named ``conftest``)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# What the run did, for the summary printed at the end of the session.
REPORT: dict[str, Any] = {"agree": 0, "known": Counter(), "new": Counter(), "oracle": None, "timings": {}}


def _cli_env() -> dict[str, str]:
    return dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "server"), os.environ.get("PYTHONPATH")]))
    )


def cli(
    *args: str, timeout: float = 600, env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """``python -m codex_config_lsp ARGS...`` from the repository's source tree (``env`` adds to ours)."""
    cmd = [sys.executable, "-m", "codex_config_lsp", *args]
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**_cli_env(), **(env or {})},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@functools.cache
def cli_has_option(command: str, option: str) -> bool:
    """Whether ``codex-config-lsp COMMAND --help`` lists ``option`` (for flags that land while we work)."""
    p = cli(command, "--help", timeout=60)
    return p.returncode == 0 and option in p.stdout


def run_check(paths: list[Path], codex_version: str | None = None) -> tuple[int, Any, str]:
    """``codex-config-lsp check --format json [--codex-version V] PATH...``: (exit code, parsed JSON, stderr).

    The checker is told which release the oracle's binary is, once ``check`` takes ``--codex-version``.
    """
    release = ["--codex-version", codex_version] if codex_version and cli_has_option("check", "--codex-version") else []
    p = cli("check", "--format", "json", *release, *map(str, paths))
    try:
        data = json.loads(p.stdout)
    except ValueError:
        data = None
    return p.returncode, data, p.stderr


@functools.cache
def collection_binary() -> str | None:
    """The binary the session will use, if it is here already (tests are parametrized before fixtures run)."""
    from oracle import OracleUnavailable, find_binary

    try:
        return find_binary(fetch=False)
    except OracleUnavailable:
        return None


@functools.cache
def collection_release() -> str:
    """The release tests are parametrized for: what the binary says it is, else the pin."""
    from oracle import OracleUnavailable, Sandbox, pinned_version

    binary = collection_binary()
    if binary is not None:
        try:
            return Sandbox(binary).version()
        except OracleUnavailable:
            pass
    return pinned_version()
