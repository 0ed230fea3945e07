"""The oracle's own helpers (no Codex binary needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from corpus import Case, compare, key_path, load_cases, parse_doc
from oracle import Oracle, Verdict, defang, dump_toml, launches_programs, resolve_dotted, tomllib


def test_dump_toml_keeps_the_meaning_of_every_case():
    for case in load_cases():
        doc = parse_doc(case.text)
        if doc is not None:
            assert tomllib.loads(dump_toml(doc)) == doc, case.id


def test_dump_toml_odd_values():
    doc = {
        "a.b": {"": [1, 2.5, float("inf"), True]},
        "t": dt.datetime(1979, 5, 27, 7, 32, tzinfo=dt.timezone.utc),
        "s": 'q"\\\x7f\n🚀',
        "e": {},
        "d": dt.date(2020, 1, 2),
    }
    assert tomllib.loads(dump_toml(doc)) == doc


def test_resolve_dotted_finds_keys_with_dots_and_slashes():
    doc = tomllib.loads('[mcp_servers."a.b"]\ntype = 1\n[projects."/srv/app"]\ntrust = 1\n')
    assert resolve_dotted(doc, "mcp_servers.a.b.type") == ("mcp_servers", "a.b", "type")
    assert resolve_dotted(doc, "projects./srv/app.trust") == ("projects", "/srv/app", "trust")
    assert resolve_dotted(doc, "nope") is None
    assert key_path(doc, 'projects."/srv/app".trust') == ("projects", "/srv/app", "trust")


def test_defang_removes_everything_that_starts_programs():
    doc = tomllib.loads(
        'notify = ["x"]\n[mcp_servers.m]\ncommand = "x"\n[[hooks.Stop]]\n[model_providers.p]\nname = "p"\n'
        '[model_providers.p.auth]\ncommand = "x"\n'
        '[model_providers.amazon-bedrock.aws.credential_export]\ncommand = "aws"\n'
        '[plugins."a@b".mcp_servers.m]\ncommand = "x"\n[profiles.q.model_providers.r.auth]\ncommand = "x"\n'
    )
    assert launches_programs(doc)
    safe = defang(doc)
    assert not launches_programs(safe)
    assert "command" not in dump_toml(safe)
    assert safe["model_providers"]["p"] == {"name": "p"}
    assert not launches_programs(tomllib.loads('model = "x"\n[tui]\ntheme = "y"\n'))


def test_probe_refuses_snippets_that_start_programs(tmp_path):
    fake = tmp_path / "codex"
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "codex-cli 9.8.7"\nexit 99\n')
    fake.chmod(0o755)
    try:
        o = Oracle(fake, cache_dir=tmp_path / "cache")
    except Exception as e:  # no unshare here: nothing to check
        pytest.skip(str(e))
    assert o.version == "9.8.7"  # keyed by what the binary says, not by the pin
    assert o.cache_dir.name == "codex-9.8.7"
    for snippet in (
        '[mcp_servers.m]\ncommand = "x"',
        'notify = ["x"]',
        "[[hooks.Stop]]",
        '[model_providers.p.auth]\ncommand = "x"',
        '[mcp_servers.m\ncommand = "x"',
    ):
        with pytest.raises(ValueError):
            o.probe(snippet)


def test_compare_rules():
    case = Case("x", None, 'model = "a"\napproval_policy = "x"\n[tui]\ntheme = 1\n', False, ())  # type: ignore[arg-type]
    fail = Verdict("fail", error="unknown variant", error_key="approval_policy", error_line=2, error_column=19)
    err = {"severity": "error", "line": 2, "column": 19, "key": "approval_policy", "code": "invalid-value"}
    assert compare(case, fail, [err]) == []
    assert [d.kind for d in compare(case, fail, [])] == ["missing-error"]
    assert [d.kind for d in compare(case, fail, [dict(err, line=4, key="tui.theme")])] == ["error-location"]
    ok = Verdict("warning", ignored=("modle",), strict_unknown=("tui.bogus",), strict_checked=True)
    warn = {"severity": "warning", "line": 1, "code": "unknown-key"}
    assert compare(case, ok, [dict(warn, key="modle"), dict(warn, key="tui.bogus")]) == []
    kinds = sorted(
        d.kind for d in compare(case, ok, [dict(warn, key="model"), dict(err, key="tui.bogus", code="unknown-key")])
    )
    assert kinds == ["extra-error", "extra-unknown-key", "missing-unknown-key", "unknown-key-severity"]
