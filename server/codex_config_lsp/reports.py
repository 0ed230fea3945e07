"""What ``check`` prints: its findings as text, JSON, GitHub workflow annotations or SARIF 2.1.0.

A finding is the plain dict ``check --format json`` prints, described by
``FINDINGS_SCHEMA`` (and docs/check-json.md): lines and columns are 1-based,
columns count code points, and the end is exclusive (the position after the
last character). Pure: findings in, text out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from . import HOMEPAGE, __version__
from .problems import CODES, CODES_PAGE, SEVERITIES, Severity

FORMATS = ("text", "json", "github", "sarif")
TOOL_NAME = "codex-config-lsp"

_POSITION = {"type": "integer", "minimum": 1}
FINDINGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "codex-config-lsp check --format json",
    "description": "The problems found, in the order of the files given and, within a file, of the text. "
    "New properties may be added in a minor release; none is removed or changes meaning before 1.0 without "
    "a CHANGELOG entry.",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["path", "line", "column", "end_line", "end_column", "severity", "code", "message", "key"],
        "properties": {
            "path": {"type": "string", "description": "The file as it was named on the command line."},
            "line": _POSITION | {"description": "Line of the first character, from 1."},
            "column": _POSITION | {"description": "Column of the first character, from 1, in code points."},
            "end_line": _POSITION | {"description": "Line of the position after the last character."},
            "end_column": _POSITION
            | {"description": "Column of the position after the last character (exclusive), in code points."},
            "severity": {"enum": list(SEVERITIES), "description": "The severity after the settings applied."},
            "code": {
                "type": "string",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                "description": "The stable diagnostic code, e.g. unknown-model.",
            },
            "message": {"type": "string", "description": "What is wrong and what to do, one sentence or two."},
            "key": {
                "type": ["string", "null"],
                "description": "The dotted config key the problem is about, or null (a syntax error).",
            },
        },
    },
}


def render(findings: Sequence[Mapping[str, Any]], output: str) -> str:
    """``findings`` in the format named ``output`` (one of FORMATS); "" when a line format has nothing to say."""
    if output == "text":
        return "\n".join(text_line(f) for f in findings)
    if output == "json":
        return json.dumps(list(findings), indent=2, ensure_ascii=False)
    if output == "github":
        return "\n".join(github_annotation(f) for f in findings)
    if output == "sarif":
        return json.dumps(sarif_log(findings), indent=2, ensure_ascii=False)
    raise ValueError(f"unknown output format {output!r}; expected one of {', '.join(FORMATS)}")


def text_line(finding: Mapping[str, Any]) -> str:
    f = finding
    return f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['code']} {f['message']}"


# --- GitHub Actions workflow commands --------------------------------------------------------------

_GITHUB_LEVEL: dict[Severity, str] = {"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}


def github_annotation(finding: Mapping[str, Any]) -> str:
    """A workflow command such as ``::error file=a.toml,line=1,...,title=code::message``."""
    f = finding
    properties = {
        "file": f["path"],
        "line": f["line"],
        "col": f["column"],
        "endLine": f["end_line"],
        "endColumn": f["end_column"],
        "title": f"{TOOL_NAME} ({f['code']})",
    }
    listed = ",".join(f"{name}={_escape_property(str(value))}" for name, value in properties.items())
    return f"::{_GITHUB_LEVEL[f['severity']]} {listed}::{_escape_data(f['message'])}"


def _escape_data(text: str) -> str:
    """As @actions/core escapes a command's message: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As @actions/core escapes a property value: the message escapes plus ``:`` and ``,``."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# --- SARIF 2.1.0 ---------------------------------------------------------------------------------

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL: dict[Severity, str] = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}
SOURCE_ROOT = "%SRCROOT%"  # relative paths are relative to where check ran; code scanning maps it to the checkout


def sarif_log(findings: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run; every known code is a rule, so rule indices are stable."""
    rules: list[dict[str, Any]] = [
        {
            "id": code.name,
            "shortDescription": {"text": code.summary},
            "fullDescription": {"text": code.doc},
            "helpUri": f"{HOMEPAGE}/blob/main/{CODES_PAGE}#{code.name}",
            "defaultConfiguration": {"level": _SARIF_LEVEL[code.severity]},
        }
        for code in CODES.values()
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for f in findings:
        if f["code"] not in index:  # a code this build does not list: still a rule of its own
            index[f["code"]] = len(rules)
            rules.append({"id": f["code"]})
        result: dict[str, Any] = {
            "ruleId": f["code"],
            "ruleIndex": index[f["code"]],
            "level": _SARIF_LEVEL[f["severity"]],
            "message": {"text": f["message"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact_location(f["path"]),
                        "region": {
                            "startLine": f["line"],
                            "startColumn": f["column"],
                            "endLine": f["end_line"],
                            "endColumn": f["end_column"],
                        },
                    }
                }
            ],
        }
        if f.get("key"):
            result["properties"] = {"key": f["key"]}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                # Our columns count code points; SARIF's default is UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _artifact_location(path: str) -> dict[str, Any]:
    """A URI for ``path``: ``file:`` for an absolute path, else a relative reference under %SRCROOT%."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": SOURCE_ROOT}
