"""State and helpers shared by the differential tests and their conftest (kept out of conftest.py so
that test modules never need to import a module named ``conftest``)."""

from __future__ import annotations

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


def run_check(paths: list[Path]) -> tuple[int, Any, str]:
    """``codex-config-lsp check --format json PATH...`` in a subprocess: (exit code, parsed JSON, stderr)."""
    cmd = [sys.executable, "-m", "codex_config_lsp", "check", "--format", "json", *map(str, paths)]
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "server"), os.environ.get("PYTHONPATH")]))
    )
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, cwd=REPO, stdin=subprocess.DEVNULL)
    try:
        data = json.loads(p.stdout)
    except ValueError:
        data = None
    return p.returncode, data, p.stderr
