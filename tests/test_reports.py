"""check's output formats: text, JSON (against its documented schema), GitHub annotations, SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from codex_config_lsp import __version__, cli
from codex_config_lsp.problems import CODES
from codex_config_lsp.reports import FINDINGS_SCHEMA, FORMATS, github_annotation, render, sarif_log

FINDING = {
    "path": "proj/.codex/config.toml",
    "line": 2,
    "column": 9,
    "end_line": 2,
    "end_column": 23,
    "severity": "warning",
    "code": "unknown-model",
    "message": 'Unknown model "gpt-5.5-mini"; did you mean "gpt-5.5"?',
    "key": "model",
}
SYNTAX = FINDING | {"severity": "error", "code": "toml-syntax", "message": "Expected a value.", "key": None}

# The parts of SARIF 2.1.0 that check writes, written from the OASIS specification
# (sections 3.11 to 3.52): required properties, value sets and minimums. The objects we
# emit list their allowed properties, so a misspelt property name fails here.
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_MESSAGE = {
    "type": "object",
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
    "properties": {"text": {"type": "string"}, "id": {"type": "string"}},
    "additionalProperties": False,
}
SARIF_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "run": {
            "type": "object",
            "required": ["tool"],
            "additionalProperties": False,
            "properties": {
                "tool": {
                    "type": "object",
                    "required": ["driver"],
                    "additionalProperties": False,
                    "properties": {"driver": {"$ref": "#/$defs/toolComponent"}},
                },
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
            },
        },
        "toolComponent": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "semanticVersion": {"type": "string"},
                "informationUri": {"type": "string", "format": "uri"},
                "rules": {"type": "array", "items": {"$ref": "#/$defs/reportingDescriptor"}},
            },
        },
        "reportingDescriptor": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "shortDescription": _MESSAGE,
                "fullDescription": _MESSAGE,
                "helpUri": {"type": "string", "format": "uri"},
                "defaultConfiguration": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"level": _LEVEL},
                },
            },
        },
        "result": {
            "type": "object",
            "required": ["message"],
            "additionalProperties": False,
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": _LEVEL,
                "message": _MESSAGE,
                "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}},
                "properties": {"type": "object"},
            },
        },
        "location": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "physicalLocation": {
                    "type": "object",
                    "anyOf": [{"required": ["artifactLocation"]}, {"required": ["address"]}],
                    "additionalProperties": False,
                    "properties": {
                        "artifactLocation": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "uri": {"type": "string", "format": "uri-reference"},
                                "uriBaseId": {"type": "string"},
                            },
                        },
                        "region": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                name: {"type": "integer", "minimum": 1}
                                for name in ("startLine", "startColumn", "endLine", "endColumn")
                            },
                        },
                    },
                }
            },
        },
    },
}


def validate(instance, schema) -> None:
    jsonschema.validate(instance, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_schemas_are_valid_json_schemas() -> None:
    jsonschema.Draft202012Validator.check_schema(FINDINGS_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(SARIF_SCHEMA)


def test_text_is_one_line_per_finding() -> None:
    assert render([FINDING, SYNTAX], "text").splitlines() == [
        'proj/.codex/config.toml:2:9: warning unknown-model Unknown model "gpt-5.5-mini"; did you mean "gpt-5.5"?',
        "proj/.codex/config.toml:2:9: error toml-syntax Expected a value.",
    ]
    assert render([], "text") == ""


def test_json_is_the_findings_and_matches_the_schema() -> None:
    out = json.loads(render([FINDING, SYNTAX], "json"))
    assert out == [FINDING, SYNTAX]
    validate(out, FINDINGS_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        validate([FINDING | {"severity": "fatal"}], FINDINGS_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        validate([{k: v for k, v in FINDING.items() if k != "key"}], FINDINGS_SCHEMA)


def test_json_from_the_real_check_matches_the_schema(tmp_path: Path, capsys) -> None:
    config = tmp_path / "config.toml"
    config.write_text('model = "gpt-5.5-mini"\nbogus_key = 1\n[tui\n', encoding="utf-8")
    status = cli.main(["check", "--format", "json", str(config)])
    out = json.loads(capsys.readouterr().out)
    assert status == 1 and len(out) >= 2
    validate(out, FINDINGS_SCHEMA)
    validate(sarif_log(out), SARIF_SCHEMA)


def test_github_annotation_has_every_position_and_escapes() -> None:
    assert github_annotation(FINDING) == (
        "::warning file=proj/.codex/config.toml,line=2,col=9,endLine=2,endColumn=23,"
        'title=codex-config-lsp (unknown-model)::Unknown model "gpt-5.5-mini"; did you mean "gpt-5.5"?'
    )
    # GitHub's rules (@actions/core): messages escape %, CR, LF; properties also ':' and ','
    odd = FINDING | {"path": "C:\\a,b%.toml", "message": "50% off\r\nnext: line", "severity": "information"}
    assert github_annotation(odd) == (
        "::notice file=C%3A\\a%2Cb%25.toml,line=2,col=9,endLine=2,endColumn=23,"
        "title=codex-config-lsp (unknown-model)::50%25 off%0D%0Anext: line"
    )
    assert github_annotation(SYNTAX).startswith("::error ")
    assert github_annotation(FINDING | {"severity": "hint"}).startswith("::notice ")
    assert render([FINDING, SYNTAX], "github").count("\n") == 1


def test_sarif_is_valid_and_says_where_and_what() -> None:
    log = json.loads(render([FINDING, SYNTAX | {"path": "/abs/dir with space/config.toml"}], "sarif"))
    validate(log, SARIF_SCHEMA)
    (run,) = log["runs"]
    assert run["tool"]["driver"]["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    first, second = run["results"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "unknown-model"
    assert first["level"] == "warning" and second["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "proj/.codex/config.toml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 23},
    }
    assert first["properties"] == {"key": "model"} and "properties" not in second
    assert second["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///abs/dir%20with%20space/config.toml"
    }


def test_sarif_lists_an_unknown_code_as_a_rule_of_its_own() -> None:
    log = sarif_log([FINDING | {"code": "brand-new", "severity": "information"}])
    validate(log, SARIF_SCHEMA)
    (result,) = log["runs"][0]["results"]
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]] == {"id": "brand-new"}
    assert result["level"] == "note"


def test_sarif_with_no_findings_is_still_a_log() -> None:
    log = json.loads(render([], "sarif"))
    validate(log, SARIF_SCHEMA)
    assert log["runs"][0]["results"] == []


def test_unknown_format_is_refused() -> None:
    assert FORMATS == ("text", "json", "github", "sarif")
    with pytest.raises(ValueError, match="unknown output format"):
        render([], "xml")
