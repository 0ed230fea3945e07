"""Codex vs ``codex-config-lsp explain`` on layered scenarios (``scenarios.py``): several config files,
trusted and untrusted projects, profile files, nested project layers.

For each scenario, with CODEX_HOME set and started in the scenario's folder:
  1. Codex does not start (exec fails at load)  <=>  explain reports a finding of severity "error".
  2. Codex starts: explain's effective ``model`` and ``model_provider`` are the ones in exec's header.
  3. Every (file, key) a startup warning of Codex names (project-local keys Codex ignores, unknown keys
     per layer) is a finding of explain in that file with that key, and each ``unknown-key`` or
     ``ignored-in-project`` finding of explain in a layer it says Codex reads is named by one (profile
     runs excepted: doctor, which gives the warnings, takes no profile).
A disagreement listed in ``known-differences.toml`` (case ``layered:<scenario id>``) xfails with its
reason; any other fails. Skipped until ``explain`` exists.
"""

from __future__ import annotations

import contextlib
import io
import json
import os

import pytest
from corpus import Disagreement, load_known, split_known
from harness import cli_has_option
from oracle import Oracle
from scenarios import ROOT, Answer, Scenario, codex_answer, scenarios

SCENARIOS = scenarios()
KNOWN = load_known()


@pytest.fixture(scope="module")
def explain_ready() -> None:
    if not cli_has_option("explain", "--cwd"):
        pytest.skip("waits on `codex-config-lsp explain --cwd DIR --format json` (not there yet)")


def explain(scenario: Scenario, root, release: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    """``codex-config-lsp explain --format json`` for the scenario written under ``root``, paths shown as
    ``{root}``. In-process through the CLI's own ``main`` (61 interpreter starts would cost a minute)."""
    from codex_config_lsp.cli import main

    home, cwd = scenario.write(root)
    monkeypatch.setenv("CODEX_HOME", str(home))
    monkeypatch.setenv("HOME", str(home))
    profile = ["--profile", scenario.profile] if scenario.profile else []
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["explain", "--cwd", str(cwd), *profile, "--format", "json", "--codex-version", release])
    text = out.getvalue().replace(os.path.realpath(root), ROOT).replace(str(root), ROOT)
    try:
        return json.loads(text)
    except ValueError:
        pytest.fail(f"explain gave no JSON (exit {status}): {text.strip()[-300:]}", pytrace=False)


# Our codes for "Codex ignores this key in this file", the findings Codex's startup warnings name.
IGNORED_CODES = {"unknown-key", "ignored-in-project"}


def compare(answer: Answer, ours: dict, warnings_asked: bool = True) -> list[Disagreement]:
    """Codex's answer vs explain's JSON. ``warnings_asked``: doctor was run (it takes no profile)."""
    out = []
    findings = ours.get("findings") or []
    errors = [f for f in findings if f.get("severity") == "error"]
    effective = ours.get("effective") or {}
    if not answer.starts:
        if not errors:
            first = (answer.error or "").splitlines()[0][:200] if answer.error else ""
            out.append(Disagreement("missing-error", None, f"Codex does not start ({first}); explain reports no error"))
        return out
    for f in errors:
        out.append(
            Disagreement(
                "extra-error", f.get("key"), f"Codex starts; explain reports {f.get('code')}: {f.get('message')}"
            )
        )
    for ours_key, theirs in (("model", answer.model), ("model_provider", answer.provider)):
        if effective.get(ours_key) != theirs:
            out.append(
                Disagreement(
                    "effective-" + ours_key,
                    ours_key,
                    f"Codex uses {theirs!r}; explain says {effective.get(ours_key)!r}",
                )
            )
    named = {(f.get("path"), f.get("key")) for f in findings}
    for path, key in answer.ignored:
        if (path, key) not in named:
            out.append(
                Disagreement("missing-layer-warning", key, f"Codex warns that {path} sets {key}; explain does not")
            )
    if warnings_asked:
        # Only layers explain says Codex reads: a file Codex skips (an untrusted project) gets no warning.
        read = {layer.get("path") for layer in ours.get("layers") or [] if layer.get("loaded")}
        for f in findings:
            if f.get("code") not in IGNORED_CODES or f.get("path") not in read:
                continue
            if (f.get("path"), f.get("key")) not in answer.ignored:
                out.append(
                    Disagreement(
                        "extra-layer-warning",
                        f.get("key"),
                        f"explain says {f.get('code')} in {f.get('path')}; Codex's startup warnings do not name it",
                    )
                )
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_layered(scenario: Scenario, oracle: Oracle, explain_ready: None, tmp_path, monkeypatch) -> None:
    answer = codex_answer(oracle, scenario)
    ours = explain(scenario, tmp_path, oracle.version, monkeypatch)
    diffs = compare(answer, ours, warnings_asked=scenario.profile is None)
    known, new = split_known(f"layered:{scenario.id}", diffs, KNOWN)
    if new:
        pytest.fail(
            "\n".join(
                [
                    f"{scenario.id}: {len(new)} disagreement(s) with Codex {oracle.version}:",
                    *(f"  - {d}" for d in new),
                    f"Codex: {json.dumps(answer.__dict__, default=list)[:1500]}",
                    f"explain: effective {ours.get('effective')}, findings "
                    + json.dumps(
                        [{k: f.get(k) for k in ("path", "key", "code", "severity")} for f in ours.get("findings") or []]
                    ),
                    "Run `python tests/differential/scenarios.py show ID` to see the files.",
                ]
            ),
            pytrace=False,
        )
    if known:
        pytest.xfail("; ".join(sorted({f"{d.kind}: {k.reason}" for d, k in known})))


def test_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 50
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert any(s.profile for s in SCENARIOS) and any(not s.git_roots for s in SCENARIOS)
