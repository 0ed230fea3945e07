"""The Helix and Zed setups, which no editor runs here: syntax, shape and file matching.

Neither editor can be installed on the test machines (see docs/editors/helix.md
and zed.md), so these tests check what can be checked without them: the files
parse, name the server and its `codexConfig` settings section, the globs pick
Codex config files and leave other config.toml files alone, and each doc shows
its files verbatim.
"""

from __future__ import annotations

import json
import re
import sys
from fnmatch import fnmatchcase

import pytest
from editor_common import DOCS, assert_documented

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HELIX = DOCS / "helix"
ZED = DOCS / "zed"

CODEX_PATHS = [
    "/home/me/.codex/config.toml",
    "/home/me/src/app/.codex/config.toml",
    "/home/me/src/app/.codex/work.config.toml",
]
OTHER_PATHS = [
    "/home/me/src/app/.cargo/config.toml",
    "/home/me/.cargo/config.toml",
    "/home/me/site/config.toml",
    "/home/me/src/app/codex/config.toml",
    "/home/me/src/app/.codex/config.json",
    "/home/me/src/app/Cargo.toml",
]


def helix_glob_matches(glob: str, path: str) -> bool:
    """Helix's documented rule: relative globs get a `*/` prefix and match the full path
    (globset's default: `*` also crosses `/`, like fnmatch)."""
    if not glob.startswith(("/", "*")):
        glob = "*/" + glob
    return fnmatchcase(path, glob)


def zed_glob_matches(glob: str, path: str) -> bool:
    """Zed matches file_types globs against the path; `**/` is any directory prefix."""
    return fnmatchcase(path, glob.replace("**/", "*/"))


# -- Helix ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def helix() -> dict:
    return tomllib.loads((HELIX / "languages.toml").read_text(encoding="utf-8"))


def test_helix_doc_shows_its_files():
    assert_documented(DOCS / "helix.md", HELIX / "languages.toml")
    assert_documented(DOCS / "helix.md", HELIX / "runtime" / "queries" / "codex-config" / "highlights.scm")


def test_helix_server_and_settings(helix):
    server = helix["language-server"]["codex-config-lsp"]
    assert [server["command"], *server["args"]] == ["codex-config-lsp", "serve"]
    assert isinstance(server["config"]["codexConfig"], dict)
    [language] = helix["language"]
    assert language["language-servers"] == ["codex-config-lsp"]
    assert language["grammar"] == "toml" and language["language-id"] == "toml"
    assert language["name"] != "toml"  # never the TOML language itself


def test_helix_globs_pick_only_codex_configs(helix):
    [language] = helix["language"]
    types = language["file-types"]
    assert all(isinstance(t, dict) and set(t) == {"glob"} for t in types), "only globs: no `toml` extension"
    globs = [t["glob"] for t in types]
    for path in CODEX_PATHS:
        assert any(helix_glob_matches(g, path) for g in globs), path
    for path in OTHER_PATHS:
        assert not any(helix_glob_matches(g, path) for g in globs), path


def test_helix_highlights_inherit_toml():
    text = (HELIX / "runtime" / "queries" / "codex-config" / "highlights.scm").read_text(encoding="utf-8")
    assert text.strip() == "; inherits: toml"


# -- Zed -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def zed() -> dict:
    ext = ZED / "extension"
    return {
        "settings": json.loads((ZED / "settings.json").read_text(encoding="utf-8")),
        "extension": tomllib.loads((ext / "extension.toml").read_text(encoding="utf-8")),
        "language": tomllib.loads((ext / "languages" / "codex-config" / "config.toml").read_text(encoding="utf-8")),
        "cargo": tomllib.loads((ext / "Cargo.toml").read_text(encoding="utf-8")),
        "lib": (ext / "src" / "lib.rs").read_text(encoding="utf-8"),
    }


def test_zed_doc_shows_its_files():
    doc = DOCS / "zed.md"
    assert_documented(doc, ZED / "settings.json")
    for part in ["extension.toml", "Cargo.toml", "languages/codex-config/config.toml", "src/lib.rs"]:
        assert_documented(doc, ZED / "extension" / part)


def test_zed_names_agree(zed):
    name = zed["language"]["name"]
    assert name == "Codex Config" and zed["language"]["grammar"] == "toml"
    assert zed["language"]["path_suffixes"] == []  # no `toml` suffix: settings pick the files
    server = zed["extension"]["language_servers"]["codex-config-lsp"]
    assert server["languages"] == [name]
    assert server["language_ids"] == {name: "toml"}
    assert list(zed["settings"]["file_types"]) == [name]
    assert isinstance(zed["settings"]["lsp"]["codex-config-lsp"]["settings"]["codexConfig"], dict)


def test_zed_globs_pick_only_codex_configs(zed):
    globs = zed["settings"]["file_types"]["Codex Config"]
    for path in CODEX_PATHS:
        assert any(zed_glob_matches(g, path) for g in globs), path
    for path in OTHER_PATHS:
        assert not any(zed_glob_matches(g, path) for g in globs), path


def test_zed_extension_runs_the_server(zed):
    assert zed["cargo"]["lib"]["crate-type"] == ["cdylib"]
    assert "zed_extension_api" in zed["cargo"]["dependencies"]
    lib = zed["lib"]
    assert '.which("codex-config-lsp")' in lib
    assert re.search(r'args:\s*vec!\["serve"\.into\(\)\]', lib)
    assert "zed::register_extension!(" in lib


def test_editor_docs_say_how_they_were_tried():
    for doc in ["neovim.md", "emacs.md", "helix.md", "zed.md"]:
        assert "## How it was tried" in (DOCS / doc).read_text(encoding="utf-8"), doc


def test_the_readme_shows_the_tried_neovim_and_emacs_setups():
    readme = DOCS.parent.parent / "README.md"
    assert_documented(readme, DOCS / "neovim" / "codex_config.lua")
    assert_documented(readme, DOCS / "emacs" / "codex-config.el")
