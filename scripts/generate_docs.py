"""Write the files generated from the registry of diagnostic codes (``problems.CODES``).

The README's table of codes, the VS Code extension's ``codexConfig.severity`` setting and
docs/diagnostics.md are copies of the registry: edit ``problems.CODES``, then run

    scripts/generate-docs           # rewrite the generated files
    scripts/generate-docs --check   # change nothing; exit 1 naming each stale file

tests/test_generated_docs.py fails while any of them is stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from codex_config_lsp.problems import CODES, CODES_PAGE, SEVERITIES, Code  # noqa: E402

COMMAND = "scripts/generate-docs"
README = ROOT / "README.md"
PACKAGE_JSON = ROOT / "editors" / "vscode" / "package.json"
PAGE = ROOT / CODES_PAGE
TABLE_START, TABLE_END = "<!-- codes:start -->", "<!-- codes:end -->"
_TAG_EFFECT = {"deprecated": "struck through", "unnecessary": "faded"}


def readme(text: str) -> str:
    """``text`` (the README) with its table of codes, between the markers, as the registry says."""
    before, rest = text.split(TABLE_START, 1)
    _, after = rest.split(TABLE_END, 1)
    rows = [f"| `{code.name}` | {code.severity} | {code.summary} |" for code in CODES.values()]
    table = "\n".join(["| code | default | meaning |", "|---|---|---|", *rows])
    return f"{before}{TABLE_START}\n{table}\n{TABLE_END}{after}"


def package_json(text: str) -> str:
    """``text`` (the extension's package.json) with a severity setting for every code."""
    package = json.loads(text)
    configuration = package["contributes"]["configuration"]
    sections = configuration if isinstance(configuration, list) else [configuration]
    setting = next(
        s["properties"]["codexConfig.severity"] for s in sections if "codexConfig.severity" in s["properties"]
    )
    setting["properties"] = {
        code.name: {
            "type": "string",
            "enum": [*SEVERITIES, "off"],
            "markdownDescription": f"{code.summary} Default: `{code.severity}`.",
        }
        for code in CODES.values()
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def codes_page(_: str = "") -> str:
    """docs/diagnostics.md: every code, its severities, how editors show it, and what to do."""
    lines = [
        "# Diagnostic codes",
        "",
        f"<!-- Generated from problems.CODES by {COMMAND}: edit the registry, not this file. -->",
        "",
        "Every problem codex-config-lsp reports has one of these codes. Change a code's severity or turn it off",
        'with the `severity` setting (`{ "unknown-key": "hint", "model-unavailable": "off" }`) or',
        "`check --severity CODE=LEVEL`, and silence it on one line with `# codex-config: ignore[CODE]`.",
        "",
        "| code | default | meaning |",
        "|---|---|---|",
        *(f"| [`{code.name}`](#{code.name}) | {code.severity} | {code.summary} |" for code in CODES.values()),
    ]
    for code in CODES.values():
        lines += ["", f"## `{code.name}`", "", _severities(code), "", code.doc]
    return "\n".join(lines) + "\n"


def _severities(code: Code) -> str:
    said = f"Default severity: **{code.severity}**."
    said += "".join(f" **{variant.severity}** when {variant.when}." for variant in code.variants)
    said += "".join(f" Editors show its text {_TAG_EFFECT[tag]}." for tag in sorted(code.tags))
    return said


# Each generated file and how to make it from its current text.
GENERATED: dict[Path, Callable[[str], str]] = {README: readme, PACKAGE_JSON: package_json, PAGE: codes_page}


def stale() -> dict[Path, str]:
    """The generated files whose text differs from what the registry makes, with that text."""
    found = {}
    for path, make in GENERATED.items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        wanted = make(current)
        if wanted != current:
            found[path] = wanted
    return found


def main(argv: list[str]) -> int:
    if argv not in ([], ["--check"]):
        print(__doc__, file=sys.stderr)
        return 2
    outdated = stale()
    for path, text in outdated.items():
        if argv:
            print(f"{path.relative_to(ROOT)} is stale: run {COMMAND}", file=sys.stderr)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if argv and outdated else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
