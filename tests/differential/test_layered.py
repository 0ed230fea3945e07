"""Codex vs ``codex-config-lsp explain`` on layered scenarios (``scenarios.py``): several config files,
trusted and untrusted projects, profile files, nested project layers.

For each scenario, with CODEX_HOME set and started in the scenario's folder:
  1. Codex does not start (exec fails at load)  <=>  explain reports a finding of severity "error".
  2. Codex starts: explain's effective ``model`` and ``model_provider`` are the ones in exec's header.
  3. Every (file, key) a startup warning of Codex names (project-local keys Codex ignores, unknown keys
     per layer) is a finding of explain in that file with that key.
A disagreement listed in ``known-differences.toml`` (case ``layered:<scenario id>``) xfails with its
reason; any other fails. Skipped until ``explain`` exists.
"""

from __future__ import annotations

import json
import os

import pytest
from corpus import Disagreement, load_known, split_known
from harness import cli, cli_has_option
from oracle import Oracle
from scenarios import ROOT, Answer, Scenario, codex_answer, scenarios

SCENARIOS = scenarios()
KNOWN = load_known()


@pytest.fixture(scope="module")
def explain_ready() -> None:
    if not cli_has_option("explain", "--cwd"):
        pytest.skip("waits on `codex-config-lsp explain --cwd DIR --format json` (not there yet)")


def explain(scenario: Scenario, root, release: str) -> dict:
    """``codex-config-lsp explain`` for the scenario written under ``root``, paths shown as ``{root}``."""
    home, cwd = scenario.write(root)
    profile = ["--profile", scenario.profile] if scenario.profile else []
    p = cli(
        "explain",
        "--cwd",
        str(cwd),
        *profile,
        "--format",
        "json",
        "--codex-version",
        release,
        env={"CODEX_HOME": str(home), "HOME": str(home)},
        timeout=120,
    )
    try:
        data = json.loads(p.stdout.replace(os.path.realpath(root), ROOT).replace(str(root), ROOT))
    except ValueError:
        pytest.fail(f"explain gave no JSON (exit {p.returncode}): {p.stderr.strip()[-300:]}", pytrace=False)
    return data


def compare(answer: Answer, ours: dict) -> list[Disagreement]:
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
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_layered(scenario: Scenario, oracle: Oracle, explain_ready: None, tmp_path) -> None:
    answer = codex_answer(oracle, scenario)
    ours = explain(scenario, tmp_path, oracle.version)
    diffs = compare(answer, ours)
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
