"""`check` in CI: GitHub and SARIF output, stdin, directories, --select/--ignore/--severity and
inline suppression comments, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

UNKNOWN_KEY = "bogus_key = 1\n"


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "codex_config_lsp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "CODEX_HOME": str(cwd or Path.cwd())},
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(UNKNOWN_KEY, encoding="utf-8")
    return path


def test_github_format_prints_one_annotation_per_finding(config: Path, tmp_path: Path) -> None:
    result = run("check", "--format", "github", "config.toml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith(
        "::warning file=config.toml,line=1,col=1,endLine=1,endColumn=10,title=codex-config-lsp (unknown-key)::"
    )


def test_sarif_format_is_a_sarif_log(config: Path, tmp_path: Path) -> None:
    result = run("check", "--format", "sarif", "config.toml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (finding,) = log["runs"][0]["results"]
    assert finding["ruleId"] == "unknown-key"
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "config.toml"


def test_stdin_with_a_filename(tmp_path: Path) -> None:
    result = run("check", "-", "--stdin-filename", "sub/config.toml", stdin=UNKNOWN_KEY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("sub/config.toml:1:1: warning unknown-key ")
    plain = run("check", "-", stdin="# nothing to see\n", cwd=tmp_path)
    assert (plain.returncode, plain.stdout) == (0, "")
    not_for_format = run("format", "-", stdin="a=1\n", cwd=tmp_path)
    assert not_for_format.returncode == 2 and "is for check" in not_for_format.stderr
    assert not (tmp_path / "-").exists()
    lonely = run("check", "--stdin-filename", "x.toml", cwd=tmp_path)
    assert lonely.returncode == 2 and lonely.stderr.count("\n") == 1 and "add - to the paths" in lonely.stderr


def test_a_directory_stands_for_the_codex_configs_below_it(tmp_path: Path) -> None:
    for name in ("a/.codex/config.toml", "a/.codex/work.config.toml", "b/c/.codex/config.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(UNKNOWN_KEY, encoding="utf-8")
    # not Codex configs, or in folders a search skips
    for name in (
        "a/config.toml",
        "a/.codex/sessions/config.toml",
        "node_modules/x/.codex/config.toml",
        "a/.codex/notes.toml",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(UNKNOWN_KEY, encoding="utf-8")
    result = run("check", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    paths = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert paths == ["a/.codex/config.toml", "a/.codex/work.config.toml", "b/c/.codex/config.toml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("check", "empty", cwd=tmp_path)
    assert (nothing.returncode, nothing.stdout) == (2, "")
    assert nothing.stderr.count("\n") == 1 and "empty: is a directory with no Codex config files" in nothing.stderr


def test_select_ignore_and_severity(config: Path, tmp_path: Path) -> None:
    assert run("check", "--ignore", "unknown-key", "config.toml", cwd=tmp_path).returncode == 0
    assert run("check", "--select", "unknown-model,invalid-type", "config.toml", cwd=tmp_path).returncode == 0
    selected = run("check", "--select", "unknown-key", "config.toml", cwd=tmp_path)
    assert selected.returncode == 1 and " warning unknown-key " in selected.stdout
    softer = run("check", "--severity", "unknown-key=information", "config.toml", cwd=tmp_path)
    assert softer.returncode == 0 and " information unknown-key " in softer.stdout
    harder = run("check", "--severity", "unknown-key=error", "config.toml", cwd=tmp_path)
    assert harder.returncode == 1 and " error unknown-key " in harder.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--ignore", "no-such-code"], "--ignore: no diagnostic code 'no-such-code'"),
        (["--select", "unknown-key,typo"], "--select: no diagnostic code 'typo'"),
        (["--severity", "unknown-key"], "expected CODE=LEVEL"),
        (["--severity", "unknown-key=fatal"], "expected CODE=LEVEL"),
        (["--severity", "typo=error"], "--severity: no diagnostic code 'typo'"),
    ],
)
def test_bad_options_get_one_line_and_exit_2(args: list[str], says: str, config: Path, tmp_path: Path) -> None:
    result = run("check", *args, "config.toml", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr


def test_suppression_comments_silence_their_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "bogus_key = 1  # codex-config: ignore[unknown-key]\n# codex-config: ignore\nother = 2\nthird = 3\n",
        encoding="utf-8",
    )
    result = run("check", "--format", "json", "config.toml", cwd=tmp_path)
    assert [(f["line"], f["code"]) for f in json.loads(result.stdout)] == [(4, "unknown-key")]


def test_the_editor_leaves_out_silenced_problems_too() -> None:
    """One place decides what is shown (diagnostics.visible), for the server and check alike."""
    from codex_config_lsp.analysis import analyze
    from codex_config_lsp.diagnostics import visible
    from codex_config_lsp.settings import Settings

    text = "bogus_key = 1  # codex-config: ignore[unknown-key]\nother = 2\n"
    shown = [(problem.code, problem.key) for problem, _ in visible(analyze(text), Settings())]
    assert shown == [("unknown-key", "other")]
