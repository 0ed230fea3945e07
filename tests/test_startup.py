"""What `codex-config-lsp serve` imports before it answers `initialize`: the protocol and the analysis, no more.

The command line's other commands and the features (completion, hover, actions, formatting, ...) are
imported on first use; each module imported at start delays every editor's first answer.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Imported by the command line's other commands or by a feature's first request, never at start.
LATER = [
    "argparse",
    "tomlkit",
    "codex_config_lsp.actions",
    "codex_config_lsp.completion",
    "codex_config_lsp.explain",
    "codex_config_lsp.folding",
    "codex_config_lsp.formatting",
    "codex_config_lsp.hover",
    "codex_config_lsp.migration",
    "codex_config_lsp.names",
    "codex_config_lsp.navigation",
    "codex_config_lsp.reports",
]
# What the first document needs: imported at start, so that its diagnostics come at once.
AT_START = ["codex_config_lsp.analysis", "codex_config_lsp.environment", "codex_config_lsp.diagnostics"]


def modules_at_start() -> set[str]:
    """The modules loaded once `serve` is about to read its first message."""
    probe = (
        "import json, sys\n"
        "import codex_config_lsp.lsp.server as server\n"
        "server.serve = lambda: None  # stop where the server would start reading\n"
        "from codex_config_lsp.cli import main\n"
        "main(['serve'])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(done.stdout))


def test_serve_imports_the_protocol_and_the_analysis_only():
    loaded = modules_at_start()
    assert [name for name in LATER if name in loaded] == []
    assert [name for name in AT_START if name not in loaded] == []
