"""The registry of codes (``problems.CODES``) is the one source: what is generated from it is never stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from codex_config_lsp.problems import CODES, INFORMATION, WARNING, Problem
from codex_config_lsp.reports import sarif_log
from codex_config_lsp.text import Span

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import generate_docs  # noqa: E402


def test_the_generated_files_are_up_to_date():
    stale = [str(path.relative_to(ROOT)) for path in generate_docs.stale()]
    assert not stale, f"{', '.join(stale)} differ from problems.CODES: run {generate_docs.COMMAND}"


def test_a_stale_file_is_named_and_check_mode_leaves_it(tmp_path, monkeypatch, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- codes:start -->\n| `old-code` | error | gone |\n<!-- codes:end -->\nrest\n")
    monkeypatch.setattr(generate_docs, "ROOT", tmp_path)
    monkeypatch.setattr(generate_docs, "GENERATED", {readme: generate_docs.readme})
    assert generate_docs.main(["--check"]) == 1
    assert "README.md is stale: run scripts/generate-docs" in capsys.readouterr().err
    assert "old-code" in readme.read_text()
    assert generate_docs.main([]) == 0
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("<!-- codes:end -->\nrest\n") and "old-code" not in text
    assert "| `legacy-profile` | error | Legacy profiles:" in text
    assert generate_docs.main(["--check"]) == 0


def test_the_editor_setting_offers_every_code_with_its_default():
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    setting = package["contributes"]["configuration"]["properties"]["codexConfig.severity"]["properties"]
    assert list(setting) == list(CODES)
    assert setting["untrusted-project"]["enum"] == ["error", "warning", "information", "hint", "off"]
    assert setting["untrusted-project"]["markdownDescription"].endswith("Default: `information`.")


def test_the_docs_page_documents_each_code_and_its_variants():
    page = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"## `{code.name}`\n\nDefault severity: **{code.severity}**." in page
        assert code.doc in page
    assert "**information** when for a `[profiles.<name>]` table" not in page  # variants read as sentences
    assert "**information** when the Codex release is newer" in page


def test_sarif_rules_come_from_the_registry():
    rule = next(r for r in sarif_log([])["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "missing-file")
    assert rule["fullDescription"]["text"] == CODES["missing-file"].doc
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["helpUri"].endswith("/docs/diagnostics.md#missing-file")


def test_a_problem_takes_its_severity_and_tags_from_its_code():
    at = Span(0, 1)
    assert Problem("untrusted-project", at, "m").severity == INFORMATION
    assert Problem("unknown-key", at, "m").unnecessary and not Problem("unknown-key", at, "m").deprecated
    assert Problem("legacy-profile", at, "m").deprecated
    assert Problem("legacy-profile", at, "m", INFORMATION).severity == INFORMATION  # a registered variant
    assert (
        not Problem("invalid-value", at, "m").deprecated
        and Problem("invalid-value", at, "m", deprecated=True).deprecated
    )


def test_a_severity_the_registry_does_not_list_is_refused():
    with pytest.raises(ValueError, match="toml-syntax is never warning"):
        Problem("toml-syntax", Span(0, 1), "m", WARNING)
