"""What the real-editor tests share: the workspace they open, and the documented snippets.

Each editor test writes a throw-away home with a Codex config and some decoys
(Cargo's and Hugo's config.toml), puts a `codex-config-lsp` on PATH that runs
this checkout's server, and loads the snippet from docs/editors/ unchanged, so
the documented setup is the one that is tried.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "editors"
HERE = Path(__file__).resolve().parent

MODEL_LINE = 1
REVIEW_LINE = 2
ROCKET_LINE = 3
PERMISSIONS_LINE = 4  # default_permissions = "dev"; its table follows
LINES = [
    "# Codex CLI config, opened in a real editor",
    'model = "gpt-5.5"',
    'review_model = "gpt-5.5"',
    # a non-BMP character before the diagnostic on the same line: 1 column in
    # utf-32, 2 in utf-16, 4 bytes in utf-8, so a wrong encoding shows
    'model_providers = { "🚀" = { name = "Rocket", base_url = "http://localhost:1/v1", wire_api = "chat" } }',
    # a permission profile and its reference, to rename together
    'default_permissions = "dev"',
    "[permissions.dev]",
    'description = "Day-to-day work"',
]
TEXT = "\n".join(LINES) + "\n"
CHAT_CHARS = LINES[ROCKET_LINE].index('"chat"')  # code points before `"chat"`
CHAT_BYTES = len(LINES[ROCKET_LINE][:CHAT_CHARS].encode("utf-8"))
MISSPELLED = "gpt-5.5-mnii"
EXPECTED_MODELS = {"gpt-5.5", "gpt-6.2-sol", "gpt-6-luna", "gpt-5.4"}

DECOY = '[build]\ntarget-dir = "target"\n'


@dataclass
class Workspace:
    root: Path
    config: Path  # <root>/project/.codex/config.toml
    named: Path  # <root>/project/.codex/work.config.toml
    codex_home: Path  # $CODEX_HOME
    home_config: Path  # $CODEX_HOME/config.toml
    decoys: list[Path]  # config.toml files that must not get the server
    bin: Path  # holds the codex-config-lsp the snippets run
    env: dict[str, str]


def make_workspace(root: Path) -> Workspace:
    project = root / "project"
    config = project / ".codex" / "config.toml"
    named = project / ".codex" / "work.config.toml"
    codex_home = root / "codex-home"
    home_config = codex_home / "config.toml"
    decoys = [
        project / ".cargo" / "config.toml",
        root / "hugo-site" / "config.toml",
        project / ".codex" / "nested" / "config.toml",
        project / "codex" / "config.toml",
    ]
    for path in [config, named, home_config]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT, encoding="utf-8")
    # Codex reads the project's config only in a trusted project: trust it, as a user would.
    with home_config.open("a", encoding="utf-8") as file:
        file.write(f'\n[projects."{project}"]\ntrust_level = "trusted"\n')
    for path in decoys:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DECOY, encoding="utf-8")

    # The snippets start `codex-config-lsp serve` from PATH: make that this
    # checkout's server, run by the interpreter running the tests.
    bin_dir = root / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "codex-config-lsp"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m codex_config_lsp "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    home = root / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NVIM", "VIM", "XDG_", "EMACS", "CODEX_"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        CODEX_HOME=str(codex_home),
        TERM="dumb",
    )
    return Workspace(root, config, named, codex_home, home_config, decoys, bin_dir, env)


def fenced_blocks(markdown: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^```[a-z]*\n(.*?)^```$", markdown, re.M | re.S)]


def assert_documented(doc: Path, snippet: Path) -> None:
    """The snippet file appears verbatim as a fenced block of the doc."""
    blocks = fenced_blocks(doc.read_text(encoding="utf-8"))
    assert snippet.read_text(encoding="utf-8") in blocks, f"{doc.name} does not show {snippet.name} verbatim"


def shared_spec(ws: Workspace) -> dict:
    """The steps both editor drivers take alike: the settings, the file, hovers, an edit, which files attach."""
    return {
        "out": str(ws.root / "report.json"),
        # how a user changes a setting on top of the snippet
        "settings": {"codexConfig": {"severity": {"wire-api-chat": "warning"}}},
        # The user's own config: a project config may not set `model_providers` (Codex drops it there).
        "file": str(ws.home_config),
        "hover": [
            {"line": REVIEW_LINE, "find": "gpt-5.5", "offset": 3},
            {"line": MODEL_LINE, "find": "model", "offset": 1},
        ],
        "edit": {"line": MODEL_LINE, "text": f'model = "{MISSPELLED}"', "wait_code": "unknown-model"},
        "attach": [str(ws.named), str(ws.config)],
        "no_attach": [str(p) for p in ws.decoys],
        "timeout_ms": 10000,
    }


def run_driver(cmd: list[str], ws: Workspace, spec: dict, spec_variable: str) -> dict:
    """Run an editor on ``spec`` (its path in ``spec_variable``) and return its report, with what the tests need."""
    spec_path = ws.root / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    env = dict(ws.env, **{spec_variable: str(spec_path)})
    proc = subprocess.run(cmd, cwd=ws.root, env=env, capture_output=True, text=True, timeout=90)
    out = Path(spec["out"])
    assert out.exists(), (
        f"the editor wrote no report (exit code {proc.returncode}); "
        f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    report.update(_returncode=proc.returncode, _workspace=ws, _stderr=proc.stderr)
    return report
