"""The README stays true: its code table matches the checker, its test command matches CI."""

from __future__ import annotations

import re
from pathlib import Path

from codex_config_lsp.problems import CODES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_code_table_lists_every_code_with_its_default():
    table = README.split("<!-- codes:start -->")[1].split("<!-- codes:end -->")[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| (\w+) \| (.+) \|$", table, re.MULTILINE)
    assert rows == [(code.name, code.severity, code.summary) for code in CODES.values()]


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    test_command = commands[1]
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest -q" in test_command and ".venv/bin/python -m pytest -q" in ci


def test_the_vscode_severity_setting_knows_every_code():
    import json

    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    configuration = package["contributes"]["configuration"]
    sections = configuration if isinstance(configuration, list) else [configuration]
    severity = next(
        s["properties"]["codexConfig.severity"] for s in sections if "codexConfig.severity" in s["properties"]
    )
    assert set(severity["properties"]) == set(CODES)
