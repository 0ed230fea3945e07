"""Our checker vs the real Codex CLI, on every case of the corpus (``cases/**/*.toml``).

Rules (see KNOWN-DIFFERENCES.md):
  1. Codex refuses to load a config  <=>  we report at least one finding of severity "error".
  2. Where Codex loads it: every key Codex does not know (reported "is ignored" by ``codex doctor``, or
     dropped silently and rejected by ``--strict-config``)  <=>  we report ``unknown-key`` (severity
     "warning") with that dotted ``key``.
A disagreement listed in ``known-differences.toml`` makes its case xfail with the listed reason; any other
disagreement fails.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from corpus import compare, findings_json, intent_problems, load_cases, load_known, split_known
from harness import REPO, REPORT

CASE_IDS = [c.id for c in load_cases()]
KNOWN = load_known()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case(case_id, cases, verdicts, our_findings):
    case, verdict, findings = cases[case_id], verdicts[case_id], our_findings[case_id]
    diffs = compare(case, verdict, findings)
    known, new = split_known(case_id, diffs, KNOWN)
    for d, _ in known:
        REPORT["known"][d.kind] += 1
    for d in new:
        REPORT["new"][d.kind] += 1
    if not diffs:
        REPORT["agree"] += 1
    if new:
        codex = (
            f"Codex: status {verdict.status}"
            + (
                f", error {verdict.error_key or ''} @{verdict.error_line}:{verdict.error_column}: "
                f"{(verdict.error or '').splitlines()[0] if verdict.error else ''}"
                if not verdict.loads
                else ""
            )
            + (f", ignored {list(verdict.ignored)}" if verdict.ignored else "")
            + (f", strict-only unknown {list(verdict.strict_unknown)}" if verdict.strict_unknown else "")
        )
        pytest.fail(
            "\n".join(
                [
                    f"{case_id}: {len(new)} new disagreement(s) with Codex:",
                    *(f"  - {d}" for d in new),
                    codex,
                    "ours: " + findings_json(findings),
                    "Fix the checker, or list it in tests/differential/known-differences.toml.",
                ]
            ),
            pytrace=False,
        )
    if known:
        pytest.xfail("; ".join(sorted({f"{d.kind}: {k.reason} (wrong: {k.wrong})" for d, k in known})))


def test_corpus_claims(cases, verdicts):
    """Each case's ``# expect:`` line matches what Codex does (the corpus tests what it says it tests)."""
    bad = [f"{i}: {p}" for i in sorted(cases) for p in intent_problems(cases[i], verdicts[i])]
    if bad:
        pytest.fail("cases whose '# expect:' line Codex contradicts:\n" + "\n".join(bad), pytrace=False)


def test_known_differences_still_happen(cases, verdicts, our_findings):
    """Every entry in known-differences.toml still matches a disagreement (drop entries once fixed)."""
    used = set()
    for i in sorted(cases):
        for d in compare(cases[i], verdicts[i], our_findings[i]):
            for n, k in enumerate(KNOWN):
                if ":" in k.case:
                    continue  # schema:, release:, layered: entries are checked by their own tests
                if k.matches(i, d):
                    used.add(n)
                    break
    stale = [
        f"{k.case} {k.kind} {k.key or ''}: {k.reason[:80]}"
        for n, k in enumerate(KNOWN)
        if n not in used and ":" not in k.case
    ]
    if stale:
        pytest.fail("known differences that no longer occur (remove them):\n" + "\n".join(stale), pytrace=False)


def test_generated_cases_up_to_date():
    p = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen-differential-cases.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
