"""The committed JSON Schema is what `codex-config-lsp schema` prints, and TOML tools can use it as documented."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SCHEMA = ROOT / "schemas" / "codex-config.schema.json"
TOMBI = shutil.which("tombi", path=str(Path(sys.executable).parent)) or shutil.which("tombi")


def test_the_committed_schema_is_the_generated_one():
    printed = subprocess.run(
        [sys.executable, "-m", "codex_config_lsp", "schema"], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json.loads(printed), (
        "run: codex-config-lsp schema > schemas/codex-config.schema.json"
    )


def test_the_schema_names_itself_and_the_catalog_entry_points_at_it():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    entry = json.loads((ROOT / "schemas" / "schemastore-catalog-entry.json").read_text(encoding="utf-8"))
    assert entry["url"] == schema["$id"] and entry["fileMatch"] == ["**/.codex/config.toml", "**/.codex/*.config.toml"]
    docs = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert docs.count(schema["$id"]) >= 4  # every recipe points at the published file


@pytest.mark.skipif(TOMBI is None, reason="tombi is not installed (pip install tombi)")
def test_tombi_validates_a_codex_config_with_the_schema(tmp_path):
    # The recipe of docs/schema.md, with the committed file instead of its published URL (no network).
    shutil.copy(SCHEMA, tmp_path / "codex-config.schema.json")
    (tmp_path / "tombi.toml").write_text(
        '[[schemas]]\npath = "codex-config.schema.json"\ninclude = ["**/.codex/config.toml"]\n', encoding="utf-8"
    )
    config = tmp_path / ".codex" / "config.toml"
    config.parent.mkdir()
    config.write_text('model = "gpt-5.5"\nsandbox_mode = "read-only"\n', encoding="utf-8")
    lint = [TOMBI, "lint", "--offline", ".codex/config.toml"]
    assert subprocess.run(lint, cwd=tmp_path, capture_output=True, timeout=60).returncode == 0
    config.write_text('model = "gpt-5.5"\nsandbox_mode = "nope"\n', encoding="utf-8")
    result = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "workspace-write" in result.stdout + result.stderr
