"""Differential tests against the real Codex CLI: shared fixtures.

The binary is located once per session: ``$CODEX_BIN``, else the cache of ``scripts/fetch-codex.sh``,
else that script is run (set ``CODEX_NO_FETCH=1`` to never download). Without a binary, or where
``unshare --net`` does not work, every test here is skipped with the reason -- unless
``CODEX_DIFFERENTIAL_REQUIRED=1`` (CI), which turns that into a failure.

Knobs: ``CODEX_ORACLE_JOBS`` (parallel Codex runs, default 2), ``CODEX_ORACLE_CACHE`` (verdict cache,
default ``~/.cache/codex-config-lsp/oracle``). Select or deselect with ``-m differential``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # oracle.py / corpus.py are plain modules beside the tests

from corpus import Case, load_cases  # noqa: E402  (beside the tests, on the path just above)
from harness import REPO, REPORT, run_check  # noqa: E402
from oracle import Oracle, OracleUnavailable, Verdict, find_binary  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "differential: compares with the real Codex CLI (needs its binary and unshare)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(item.path).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.differential)


def _unavailable(reason: str):
    if os.environ.get("CODEX_DIFFERENTIAL_REQUIRED") == "1":
        pytest.fail(f"differential tests required but unavailable: {reason}", pytrace=False)
    pytest.skip(f"differential: {reason}")


@pytest.fixture(scope="session")
def oracle() -> Oracle:
    t0 = time.monotonic()
    try:
        binary = find_binary(fetch=os.environ.get("CODEX_NO_FETCH") != "1")
        REPORT["timings"]["locate/fetch binary"] = time.monotonic() - t0
        o = Oracle(binary, jobs=int(os.environ.get("CODEX_ORACLE_JOBS", "2")))
    except OracleUnavailable as e:
        _unavailable(str(e))
    REPORT["oracle"] = o
    return o


@pytest.fixture(scope="session")
def cases(oracle: Oracle) -> dict[str, Case]:
    """The corpus, with the ``# expect`` lines that hold for the binary's release."""
    return {c.id: c for c in load_cases(oracle.version)}


@pytest.fixture(scope="session")
def verdicts(oracle: Oracle, cases: dict[str, Case]) -> dict[str, Verdict]:
    t0 = time.monotonic()
    ids = sorted(cases)
    try:
        vs = oracle.verdicts([cases[i].text for i in ids])
    except OracleUnavailable as e:
        _unavailable(str(e))
    REPORT["timings"]["Codex verdicts"] = time.monotonic() - t0
    return dict(zip(ids, vs, strict=False))


@pytest.fixture(scope="session")
def our_findings(oracle: Oracle, cases: dict[str, Case]) -> dict[str, list[dict[str, Any]]]:
    """Our findings per case id, from one ``check`` run over the whole corpus, for the oracle's release."""
    t0 = time.monotonic()
    ids = sorted(cases)
    paths = [cases[i].path for i in ids]
    code, data, err = run_check(paths, codex_version=oracle.version)
    if not isinstance(data, list) or code not in (0, 1, 2):
        tail = (err.strip().splitlines() or [""])[-1]
        pytest.fail(f"`codex-config-lsp check --format json` gave no JSON array (exit {code}): {tail}", pytrace=False)
    by_path: dict[str, list[dict[str, Any]]] = {os.path.realpath(p): [] for p in paths}
    stray = []
    for f in data:
        key = os.path.realpath(os.path.join(REPO, str(f.get("path", ""))))
        (by_path[key] if key in by_path else stray).append(f)
    if stray:
        pytest.fail(f"check reported findings for paths it was not given: {stray[:2]}", pytrace=False)
    REPORT["timings"]["our check"] = time.monotonic() - t0
    return {i: by_path[os.path.realpath(cases[i].path)] for i in ids}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    o: Oracle | None = REPORT["oracle"]
    if o is None:
        return
    tr = terminalreporter
    tr.section("differential vs Codex " + o.version)
    total = REPORT["agree"] + sum(REPORT["known"].values()) + sum(REPORT["new"].values())
    if total:
        tr.write_line(
            f"cases compared: {REPORT['agree']} agree; disagreements: "
            f"{sum(REPORT['known'].values())} known, {sum(REPORT['new'].values())} new"
        )
        for kind, n in sorted((REPORT["known"] + REPORT["new"]).items()):
            tr.write_line(f"  {kind}: {n} ({REPORT['known'][kind]} known, {REPORT['new'][kind]} new)")
    s = o.stats
    tr.write_line(
        f"Codex runs: {s['runs']} ({s['seconds']:.1f}s of process time, {o.jobs} in parallel), "
        f"cached verdicts reused: {s['cache_hits']}; cache: {o.cache_dir}"
    )
    for what, secs in REPORT["timings"].items():
        tr.write_line(f"  {what}: {secs:.1f}s")
