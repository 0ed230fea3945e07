"""The differential corpus (``cases/**/*.toml``), the comparison rules, and the known differences.

Each case starts with comment lines; one of them says what Codex does with the file::

    # expect: load                                  Codex loads it and ignores nothing
    # expect: load; unknown: tui.bogus, modle       loads; these keys are unknown to it
    # expect: fail                                  Codex refuses to load it

A line may hold for some releases only (``releases.holds``): ``# expect until 0.171.0: load; unknown:
rollout_trace`` for the releases before 0.171.0, ``# expect since 0.171.0: load`` from it on. Exactly one
line must hold for the release under test.

The differential test compares Codex with our checker; the intent test checks these claims against
Codex itself, so a case that does not test what it says it tests is caught.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from oracle import Verdict, resolve_dotted

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
KNOWN_FILE = HERE / "known-differences.toml"

_EXPECT = re.compile(
    r"^#\s*expect(?:\s+since\s+(\S+?))?(?:\s+until\s+(\S+?))?:\s*(load|fail)\s*(?:;\s*unknown:\s*(.*?))?\s*$",
    re.MULTILINE,
)


@dataclasses.dataclass(frozen=True)
class Case:
    id: str  #: path under cases/ without .toml, e.g. "mistakes/duplicate-key"
    path: Path
    text: str
    expect_loads: bool | None  #: None: no ``# expect:`` line holds for the release (or several do)
    expect_unknown: tuple[str, ...]


def load_cases(release: str | None = None) -> list[Case]:
    """Every case, with the ``# expect`` line that holds for ``release`` (None: the first line)."""
    from codex_config_lsp.releases import holds

    out = []
    for p in sorted(CASES.rglob("*.toml")):
        text = p.read_text(encoding="utf-8")
        lines = [m for m in _EXPECT.finditer(text) if release is None or holds(release, m.group(1), m.group(2))]
        m = lines[0] if len(lines) == 1 or (lines and release is None) else None
        exp_loads = None if not m else m.group(3) == "load"
        unknown = tuple(k.strip() for k in (m.group(4) or "").split(",") if k.strip()) if m else ()
        out.append(Case(str(p.relative_to(CASES).with_suffix("")), p, text, exp_loads, unknown))
    return out


# ------------------------------------------------------------------------------------- key matching
def _parse_dotted_toml(key: str) -> tuple[str, ...] | None:
    """``a."b.c".d`` written the TOML way, as a path; None if it is not a valid TOML key."""
    try:
        doc = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
        return None
    path: list[str] = []
    node: Any = doc
    while isinstance(node, dict) and len(node) == 1:
        ((k, node),) = node.items()
        path.append(k)
    return tuple(path) if node == 0 else None


def key_path(doc: dict[str, Any] | None, key: str) -> tuple[str, ...]:
    """Normalise a dotted key (Codex's unquoted form or a TOML-quoted one) to a path tuple."""
    if doc is not None:
        p = resolve_dotted(doc, key)
        if p is not None:
            return p
    p = _parse_dotted_toml(key)
    return p if p is not None else tuple(key.split("."))


def parse_doc(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


# ----------------------------------------------------------------------------------- disagreements
@dataclasses.dataclass(frozen=True)
class Disagreement:
    # missing-error | extra-error | error-location | missing-unknown-key | extra-unknown-key | unknown-key-severity
    kind: str
    key: str | None
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}{f' [{self.key}]' if self.key else ''}: {self.detail}"


def compare(case: Case, verdict: Verdict, findings: list[dict[str, Any]]) -> list[Disagreement]:
    """Codex's verdict vs our findings for one case, by the rules in README/KNOWN-DIFFERENCES.md."""
    out: list[Disagreement] = []
    if verdict.status not in ("ok", "warning", "fail"):
        return [Disagreement("oracle-error", None, f"no verdict from Codex: {list(verdict.notes)}")]
    errors = [f for f in findings if f.get("severity") == "error"]
    if not verdict.loads and not errors:
        out.append(
            Disagreement(
                "missing-error",
                verdict.error_key,
                f"Codex refuses to load it ({_one_line(verdict.error)}); we report no error",
            )
        )
    if verdict.loads and errors:
        for f in errors:
            out.append(
                Disagreement(
                    "extra-error",
                    f.get("key"),
                    f"Codex loads it; we report error {f.get('code')} at "
                    f"{f.get('line')}:{f.get('column')}: {_one_line(f.get('message'))}",
                )
            )
    if not verdict.loads:
        if errors and not _same_place(case, verdict, errors):
            where = f"line {verdict.error_line}" if verdict.error_line else ""
            where += f"{', ' if where else ''}key {verdict.error_key}" if verdict.error_key else ""
            out.append(
                Disagreement(
                    "error-location",
                    verdict.error_key,
                    f"Codex's error is at {where} ({_one_line(verdict.error)}); ours at "
                    + ", ".join(f"{f.get('line')}:{f.get('column')} {f.get('key') or ''}" for f in errors),
                )
            )
        return out  # Codex stops at the first fatal problem: nothing more to compare
    doc = parse_doc(case.text)
    theirs = {key_path(doc, k): k for k in verdict.unknown}
    ours: dict[tuple[str, ...], dict[str, Any]] = {}
    for f in findings:
        if f.get("code") == "unknown-key" and f.get("key"):
            ours.setdefault(key_path(doc, f["key"]), f)
    for path, k in theirs.items():
        if path not in ours:
            how = "ignores it" if k in verdict.ignored else "drops it silently; --strict-config rejects it"
            out.append(Disagreement("missing-unknown-key", k, f"Codex {how}; we report no unknown-key"))
        elif ours[path].get("severity") != "warning":
            out.append(
                Disagreement(
                    "unknown-key-severity",
                    k,
                    f"Codex only ignores it (strict mode rejects it); we say "
                    f"{ours[path].get('severity')}, the contract says warning",
                )
            )
    for path, f in ours.items():
        if path not in theirs:
            how = "not ignored, accepted by --strict-config" if verdict.strict_checked else "not ignored"
            out.append(
                Disagreement(
                    "extra-unknown-key",
                    f["key"],
                    f"we report unknown-key ({_one_line(f.get('message'))}); Codex knows the key ({how})",
                )
            )
    return out


_HEADER_LINE = re.compile(r"^\s*\[\[?\s*([^\]#]+?)\s*\]\]?\s*(?:#.*)?$")


def _same_place(case: Case, verdict: Verdict, errors: list[dict[str, Any]]) -> bool:
    """One of our errors is where Codex's is: the same line, the same key, or a key inside the key or
    table (header line) Codex names -- being more precise than Codex is fine."""
    if verdict.error_line is None and not verdict.error_key:
        return True  # Codex does not say where
    doc = parse_doc(case.text)
    scopes = []
    if verdict.error_key:
        scopes.append(key_path(doc, verdict.error_key))
    if verdict.error_line is not None:
        lines = case.text.splitlines()
        if 0 < verdict.error_line <= len(lines):
            m = _HEADER_LINE.match(lines[verdict.error_line - 1])
            if m:
                scopes.append(_parse_dotted_toml(m.group(1)) or tuple(m.group(1).split(".")))
    for f in errors:
        if verdict.error_line is not None and f.get("line") == verdict.error_line:
            return True
        if f.get("key"):
            ours = key_path(doc, f["key"])
            if any(ours[: len(sc)] == sc for sc in scopes if sc):
                return True
    return False


def _one_line(s: Any) -> str:
    s = str(s or "").strip().splitlines()
    return (s[0] if s else "")[:200]


def intent_problems(case: Case, verdict: Verdict) -> list[str]:
    """Where a case's ``# expect:`` line does not match what Codex does."""
    if case.expect_loads is None:
        return [f"{case.id}: not exactly one '# expect' line holds for this release"]
    probs = []
    if verdict.loads != case.expect_loads:
        probs.append(
            f"expected Codex to {'load' if case.expect_loads else 'refuse'} it, but status is "
            f"{verdict.status}{': ' + _one_line(verdict.error) if verdict.error else ''}"
        )
    if verdict.loads and case.expect_loads:
        doc = parse_doc(case.text)
        want = {key_path(doc, k) for k in case.expect_unknown}
        got = {key_path(doc, k) for k in verdict.unknown}
        if want != got:
            probs.append(
                f"expected unknown keys {sorted(case.expect_unknown)}, Codex: ignored "
                f"{list(verdict.ignored)}, strict-only {list(verdict.strict_unknown)}"
            )
    notes = [n for n in verdict.notes if not n.startswith("Codex loads it but tomllib")]
    if notes:
        probs.append(f"oracle notes: {notes}")
    return probs


# ------------------------------------------------------------------------------- known differences
@dataclasses.dataclass(frozen=True)
class Known:
    case: str  #: glob over case ids
    kind: str
    key: str | None  #: glob over keys; None = any
    wrong: str  #: "ours" | "codex" | "both" -- which side is wrong in our judgment
    reason: str

    def matches(self, case_id: str, d: Disagreement) -> bool:
        return (
            fnmatch.fnmatchcase(case_id, self.case)
            and self.kind == d.kind
            and (self.key is None or fnmatch.fnmatchcase(d.key or "", self.key))
        )


def load_known() -> list[Known]:
    if not KNOWN_FILE.exists():
        return []
    data = tomllib.loads(KNOWN_FILE.read_text(encoding="utf-8"))
    out = []
    for i, e in enumerate(data.get("difference", [])):
        missing = {"case", "kind", "wrong", "reason"} - set(e)
        if missing:
            raise ValueError(f"{KNOWN_FILE.name}: difference #{i + 1} lacks {sorted(missing)}")
        out.append(Known(e["case"], e["kind"], e.get("key"), e["wrong"], e["reason"].strip()))
    return out


def split_known(
    case_id: str, diffs: Iterable[Disagreement], known: list[Known]
) -> tuple[list[tuple[Disagreement, Known]], list[Disagreement]]:
    matched, new = [], []
    for d in diffs:
        k = next((k for k in known if k.matches(case_id, d)), None)
        if k is None:
            new.append(d)
        else:
            matched.append((d, k))
    return matched, new


def findings_json(findings: list[dict[str, Any]]) -> str:
    return json.dumps(
        [{k: f.get(k) for k in ("line", "column", "severity", "code", "key", "message")} for f in findings],
        ensure_ascii=False,
        indent=1,
    )
