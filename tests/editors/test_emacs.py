"""The server in a real Emacs with Eglot, in batch, started by the documented config.

Needs `emacs` and Eglot (Emacs 29+, or Debian 12's
`apt-get install -y --no-install-recommends emacs-nox elpa-eglot`); skips otherwise.
The driver (emacs_driver.el) loads docs/editors/emacs/codex-config.el unchanged,
opens files with find-file and reads what Flymake holds; this file judges it.
Eglot (1.9 on Emacs 28) takes pushed diagnostics and speaks utf-16.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from editor_common import (
    CHAT_CHARS,
    DOCS,
    EXPECTED_MODELS,
    HERE,
    LINES,
    MISSPELLED,
    MODEL_LINE,
    ROCKET_LINE,
    TEXT,
    assert_documented,
    make_workspace,
    run_driver,
    shared_spec,
)

SNIPPET = DOCS / "emacs" / "codex-config.el"
CHECK_EGLOT = (
    '(progn (dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))'
    " (add-to-list 'load-path d)) (require 'eglot) (princ emacs-version))"
)


def find_emacs() -> tuple[str | None, str]:
    emacs = shutil.which("emacs")
    if not emacs:
        return None, "emacs is not installed (apt-get install -y --no-install-recommends emacs-nox elpa-eglot)"
    try:
        proc = subprocess.run(
            [emacs, "--batch", "-Q", "--eval", CHECK_EGLOT], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"emacs does not run: {error}"
    if proc.returncode != 0:
        return None, "Eglot is not available to emacs (Emacs 29+, or apt-get install elpa-eglot)"
    return emacs, ""


EMACS, WHY = find_emacs()


def offset_of(line: int, column: int) -> int:
    """0-based buffer offset (characters) of a line's column."""
    return sum(len(text) + 1 for text in TEXT.split("\n")[:line]) + column


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    if EMACS is None:
        pytest.skip(WHY)
    ws = make_workspace(tmp_path_factory.mktemp("emacs"))
    spec = {
        **shared_spec(ws),
        "snippet": str(SNIPPET),
        "expect_first": {"code": "wire-api-chat", "line": ROCKET_LINE, "flymake_type": "eglot-warning"},
        "completion": [
            # typed a prefix: what Eglot offers for it
            {"line": MODEL_LINE, "text": 'model = "gp"', "cursor_after": 'model = "gp', "accept": "gpt-6-luna"},
            # nothing typed yet between the quotes: pick one
            {"line": MODEL_LINE, "text": 'model = ""', "cursor_after": 'model = "', "accept": "gpt-6-luna"},
        ],
    }
    cmd = ["timeout", "60", EMACS, "--batch", "-Q", "-l", str(HERE / "emacs_driver.el")]
    return run_driver(cmd, ws, spec, "CODEX_EMACS_SPEC")


def test_docs_show_the_tested_snippet():
    assert_documented(DOCS / "emacs.md", SNIPPET)


def test_driver_ran_clean(run):
    assert run["errors"] == [], (run["errors"], run["_stderr"][-3000:])
    assert run["_returncode"] == 0
    assert run["total_ms"] < 30000


def test_server_starts_for_the_codex_config(run):
    assert run["major_mode"] == "codex-config-mode"
    assert run["server_info"]["name"] == "codex-config-lsp"
    assert run["language_id"] == "toml"


def test_diagnostics_are_pushed_at_the_right_column(run):
    first = run["first"]
    assert first["published"] >= 1
    assert first["codes"] == ["wire-api-chat"]
    [diag] = first["flymake"]
    # Eglot 1.9 counts utf-16 units; Emacs holds characters: the 🚀 is one
    assert diag["line"] == ROCKET_LINE
    assert (diag["beg"], diag["end"]) == (offset_of(ROCKET_LINE, CHAT_CHARS), offset_of(ROCKET_LINE, CHAT_CHARS + 6))
    assert diag["type"] == "eglot-warning"  # the user's severity setting reached the server


def test_hover_on_a_model_value_and_on_the_key(run):
    spark, key = run["hover"]
    # each source's word, labelled: the 0.171 catalog and the models page disagree on gpt-5.5
    assert "Legacy coding model." in spark["text"]
    assert "models page" in spark["text"]
    assert key["text"] and key["text"].strip()


def test_an_edit_in_the_buffer_updates_the_diagnostics(run):
    edit = run["edit"]
    assert edit["published"] >= 1
    assert sorted(edit["codes"]) == ["unknown-model", "wire-api-chat"]
    unknown = [d for d in edit["flymake"] if MISSPELLED in d["text"]]
    assert len(unknown) == 1, edit["flymake"]
    assert (unknown[0]["line"], unknown[0]["beg"]) == (MODEL_LINE, offset_of(MODEL_LINE, len("model = ")))


def test_model_completion_between_empty_quotes(run):
    comp = run["completion"][1]
    assert comp["position"] == {"line": MODEL_LINE, "character": len('model = "')}
    assert EXPECTED_MODELS <= set(comp["labels"]), comp["labels"]
    # Eglot's exit function applied the item's textEdit: a clean line
    assert comp["accepted"] is True
    assert comp["line_after"] == 'model = "gpt-6-luna"'
    assert "unknown-model" not in comp["codes_after"]


def test_the_server_answers_completion_after_a_typed_prefix(run):
    comp = run["completion"][0]
    assert comp["position"] == {"line": MODEL_LINE, "character": len('model = "gp')}
    assert EXPECTED_MODELS <= set(comp["labels_unfiltered"]), comp["labels_unfiltered"]


def test_model_completion_after_a_typed_prefix(run):
    comp = run["completion"][0]
    assert comp["typed"] == "gp"
    assert EXPECTED_MODELS <= set(comp["labels"]), (comp["labels"], comp["filter_texts"][:3])
    assert comp["line_after"] == 'model = "gpt-6-luna"'


def test_only_codex_config_files_get_the_server(run):
    ws = run["_workspace"]
    attached = {a["path"]: (a["mode"], a["attached"]) for a in run["attach"]}
    assert attached[str(ws.named)] == ("codex-config-mode", True)  # .codex/*.config.toml
    assert attached[str(ws.config)] == ("codex-config-mode", True)  # .codex/config.toml
    for decoy in ws.decoys:
        assert attached[str(decoy)] == ("conf-toml-mode", False), decoy


def test_clean_shutdown(run):
    assert run["servers"] >= 1
    assert run["stopped"] is True


def test_fixture_has_the_rocket_before_the_diagnostic():
    assert LINES[ROCKET_LINE].index("🚀") < CHAT_CHARS
