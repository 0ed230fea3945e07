"""Only lsp/ speaks the protocol: no other module imports pygls or lsprotocol."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "server" / "codex_config_lsp"
PROTOCOL = ("pygls", "lsprotocol")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_protocol_types_stay_inside_lsp():
    outside = [p for p in PACKAGE.rglob("*.py") if "lsp" not in p.relative_to(PACKAGE).parts[:-1]]
    assert len(outside) > 10
    leaks = {
        str(path.relative_to(PACKAGE)): sorted(m for m in imported_modules(path) if m.split(".")[0] in PROTOCOL)
        for path in outside
    }
    assert {path: mods for path, mods in leaks.items() if mods} == {}


def test_the_lsp_package_does_use_the_protocol():
    assert any(m.split(".")[0] in PROTOCOL for p in (PACKAGE / "lsp").glob("*.py") for m in imported_modules(p))
