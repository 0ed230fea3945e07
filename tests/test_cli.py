"""The `check` and `format` commands: output, exit codes and one-line errors, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "config.toml"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "codex_config_lsp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_the_bundled_example_has_findings_in_path_line_col_form():
    result = run("check", str(EXAMPLE))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{EXAMPLE}:4:9: warning unknown-model ") for line in lines)
    assert any(" error wire-api-chat " in line for line in lines)
    assert result.stderr == ""


def test_json_output_carries_spans_codes_and_keys(tmp_path):
    config = tmp_path / "config.toml"
    line = 'model_providers.local = { name = "🚀", wire_api = "chat" }'
    config.write_text(f"# 🚀\n{line}\n", encoding="utf-8")
    column = line.index('"chat"') + 1
    result = run("check", "--format", "json", str(config))
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)
    assert finding == {
        "path": str(config),
        "line": 2,
        "column": column,
        "end_line": 2,
        "end_column": column + 6,
        "severity": "error",
        "code": "wire-api-chat",
        "message": finding["message"],
        "key": "model_providers.local.wire_api",
    }


def test_a_clean_file_exits_zero(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('model = "gpt-5.5"\n', encoding="utf-8")
    result = run("check", str(config))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_without_a_path_it_checks_codex_home(tmp_path):
    (tmp_path / "config.toml").write_text('model = "gpt-5.5-mni"\n', encoding="utf-8")
    result = run("check", env={"CODEX_HOME": str(tmp_path)})
    assert result.returncode == 1
    assert result.stdout.startswith(str(tmp_path / "config.toml") + ":1:9: warning unknown-model")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.toml", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "latin1.toml").write_bytes(b'model = "caf\xe9"\n') and d / "latin1.toml", "not UTF-8"),
    ],
    ids=["missing", "directory", "not-utf8"],
)
def test_unreadable_input_gets_one_line_and_exit_2(tmp_path, make, message):
    result = run("check", str(make(tmp_path)))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_not_toml_is_a_finding_not_a_crash(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("this is { not toml\n", encoding="utf-8")
    result = run("check", str(config))
    assert result.returncode == 1
    assert "toml-syntax" in result.stdout and "Traceback" not in result.stderr


def test_a_broken_catalog_is_reported_once_and_the_bundled_one_works(tmp_path):
    catalog = tmp_path / "models.json"
    catalog.write_text("{not json", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('model = "gpt-5.5"\n', encoding="utf-8")
    result = run("check", "--catalog", str(catalog), str(config))
    assert result.returncode == 0
    assert len(result.stderr.splitlines()) == 1 and "not JSON" in result.stderr


def test_a_catalog_file_that_is_not_there_is_a_usage_error(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('model = "gpt-5.5"\n', encoding="utf-8")
    for missing in (tmp_path / "nope.json", tmp_path):
        result = run("check", "--catalog", str(missing), str(config))
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and "--catalog" in result.stderr


def test_a_user_catalog_adds_models(tmp_path):
    catalog = tmp_path / "models.json"
    catalog.write_text(json.dumps({"models": [{"slug": "team-model", "display_name": "Team"}]}), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('model = "team-model"\n', encoding="utf-8")
    assert run("check", "--catalog", str(catalog), str(config)).returncode == 0


def test_usage_version_and_bad_arguments():
    assert run("--version").stdout.startswith("codex-config-lsp ")
    assert "check" in run().stdout
    bad = run("check", "--bogus")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_an_untrusted_project_config_is_noted_but_passes(tmp_path):
    config = tmp_path / "project" / ".codex" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('model = "gpt-5.5"\n', encoding="utf-8")
    result = run("check", str(config), env={"CODEX_HOME": str(tmp_path / "home")})
    assert result.returncode == 0  # information never fails a check
    assert " information untrusted-project " in result.stdout


def test_format_rewrites_in_place_and_check_reports_without_writing(tmp_path):
    messy, tidy = tmp_path / "messy.toml", tmp_path / "tidy.toml"
    messy.write_bytes(b'model="gpt-5.5"   \r\n[ tui ]\r\nanimations=true\r\n')
    tidy.write_text('model = "gpt-5.5"\n', encoding="utf-8")
    checked = run("format", "--check", str(messy), str(tidy))
    assert checked.returncode == 1 and checked.stdout == f"{messy}: would be reformatted\n"
    assert messy.read_bytes().startswith(b'model="gpt-5.5"')  # --check writes nothing
    done = run("format", str(messy), str(tidy))
    assert done.returncode == 0 and done.stdout == f"{messy}: reformatted\n"
    assert messy.read_bytes() == b'model = "gpt-5.5"\r\n[tui]\r\nanimations = true\r\n'  # CRLF kept
    assert run("format", "--check", str(messy)).returncode == 0


def test_format_leaves_broken_text_and_unreadable_files_alone(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('model  =  "gpt-5.5\n', encoding="utf-8")
    result = run("format", str(broken))
    assert result.returncode == 1 and "syntax errors" in result.stderr
    assert broken.read_text(encoding="utf-8") == 'model  =  "gpt-5.5\n'
    missing = run("format", str(tmp_path / "missing.toml"))
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1 and "Traceback" not in missing.stderr
