"""Absorb a Codex release: what its binary knows about config.toml, against our data for that release.

    scripts/sync-codex [VERSION] [--binary PATH] [--budget SECONDS] [--jobs N] [--json] [--behaviour]

Steps (docs/releases.md says how to act on the output):
  1. fetch the release with `npm pack` (scripts/fetch-codex.sh VERSION) unless --binary is given, and
     check that the binary says it is VERSION;
  2. read its surface (tests/differential/surface.py): feature flags, bundled catalog, candidate keys
     from `codex app-server generate-json-schema` and from the binary's serde field strings;
  3. ask the oracle (tests/differential/oracle.py, offline and sandboxed, cached on disk) about every
     candidate key and every enum key of ours: does Codex know it, which values does it list;
  4. print the differences with our data for that release: keys, enums, feature flags, catalog, default
     model (the session header on an empty config); with --behaviour also the corpus verdicts that changed
     since the previous known release.

Exit status: 0 when nothing differs, 1 when something does, 2 when the release cannot be examined.
Nothing but npm touches the network; Codex runs only inside `unshare --net`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "differential"))

import ours
import probing
import surface as surface_mod
from oracle import (
    Oracle,
    OracleUnavailable,
    default_cache_root,
    launches_programs,
    pinned_version,
    tomllib,
)
from probing import BAD_VARIANT, CONTROL_KEY, DATETIME, OPEN_TABLES, ask, classify, codex_variants

FETCH = REPO / "scripts" / "fetch-codex.sh"
Path_ = tuple[str, ...]


@dataclasses.dataclass
class Diff:
    release: str
    binary: str
    sha256: str
    keys_added: list[str] = dataclasses.field(default_factory=list)  #: Codex knows them, we do not
    keys_removed: list[str] = dataclasses.field(default_factory=list)  #: we have them, Codex does not know them
    keys_unclear: list[str] = dataclasses.field(default_factory=list)  #: probes Codex answered otherwise
    enums: list[str] = dataclasses.field(default_factory=list)
    features: list[str] = dataclasses.field(default_factory=list)
    catalog: list[str] = dataclasses.field(default_factory=list)
    defaults: list[str] = dataclasses.field(default_factory=list)
    behaviour: list[str] = dataclasses.field(default_factory=list)
    incomplete: list[str] = dataclasses.field(default_factory=list)  #: what was not compared, and why
    compared: list[str] = dataclasses.field(default_factory=list)  #: what was compared, in numbers

    SECTIONS = ("keys_added", "keys_removed", "enums", "features", "catalog", "defaults", "behaviour")

    def empty(self) -> bool:
        return not any(getattr(self, s) for s in self.SECTIONS)


# ------------------------------------------------------------------------------------------- binary
def fetch(version: str) -> str:
    p = subprocess.run(
        ["bash", str(FETCH), version], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if p.returncode != 0:
        raise OracleUnavailable((p.stderr.strip().splitlines() or [f"{FETCH.name} failed"])[-1])
    return p.stdout.strip().splitlines()[-1]


# --------------------------------------------------------------------------------------------- keys
def _probe_worthy(path: Path_) -> bool:
    """Key paths worth one probe: not in tables we never probe, and in a profile only its own keys."""
    if not path or probing.skipped(path):
        return False
    return not (path[0] == "profiles" and len(path) > 3)


def _dotted(path: Path_) -> str:
    return ".".join(path)


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def _ask_in_chunks(oracle: Oracle, snippets: list[str], deadline: Deadline) -> list[probing.Outcome | None]:
    """Outcomes in order; None for the snippets not asked because the time budget ran out."""
    out: list[probing.Outcome | None] = []
    step = 8 * oracle.jobs
    for i in range(0, len(snippets), step):
        if deadline.left() <= 0:
            return out + [None] * (len(snippets) - len(out))
        out += ask(oracle, snippets[i : i + step])
    return out


def compare_keys(oracle: Oracle, release: str, candidates: set[Path_], deadline: Deadline, diff: Diff) -> None:
    mine = {p for p in ours.key_paths(release) if _probe_worthy(p)}
    leads = {p for p in candidates if _probe_worthy(p) and p[-1] != "*"} - mine
    # A lead in a table that takes any name (roles, keymaps) tells nothing.
    leads = {p for p in leads if p[:-1] not in OPEN_TABLES}
    asker = _KeyAsker(oracle, release, deadline)
    tables = sorted({p[:-1] for p in leads})
    controls = dict(zip(tables, asker.datetime([t + (CONTROL_KEY,) for t in tables]), strict=False))
    typed = {t for t, o in controls.items() if o is not None and _UNTAGGED in o.message}
    taken = {
        t
        for t, o in controls.items()
        if o is None or (t not in typed and asker.verdict(o, t + (CONTROL_KEY,)) != "unknown")
    }
    if taken:
        diff.incomplete.append(
            "tables that take any key (leads there not probed): " + ", ".join(sorted(_dotted(t) for t in taken))
        )
    leads = {p for p in leads if p[:-1] not in taken}
    plain = sorted(mine) + sorted(p for p in leads if p[:-1] not in typed)
    verdicts = dict(
        zip(plain, (asker.verdict(o, p) for p, o in zip(plain, asker.datetime(plain), strict=False)), strict=False)
    )
    # A datetime can make a whole untagged enum fail: ask again about our own keys with a value of their type.
    retry = [p for p in mine if (verdicts.get(p) or "").startswith("inconclusive")]
    typed_values = ((p, _valid_value(ours.key_info(probing.concrete(p), release))) for p in retry)
    for p, o in zip(retry, asker.ask(typed_values), strict=False):
        if o is not None:
            verdicts[p] = asker.verdict(o, p)
    # Feature tables refuse a datetime and an unknown key alike: a lead is known if some plain value loads.
    for p in sorted(p for p in leads if p[:-1] in typed):
        outs = asker.ask((p, v) for v in (True, 1, "x"))
        verdicts[p] = None if None in outs else "known" if any(o.loaded for o in outs) else "unknown"
    # Doctor alone (for snippets that start programs) cannot see keys non-strict Codex drops silently.
    for p in leads:
        if verdicts.get(p) == "known" and asker.launches(p):
            verdicts[p] = "inconclusive: only non-strict `codex doctor` could be asked (the table starts programs)"
    unknown_to_codex: set[Path_] = set()
    for path, verdict in sorted(verdicts.items()):
        if verdict is None:
            continue
        if verdict.startswith("inconclusive"):
            diff.keys_unclear.append(f"{_dotted(path)}: {verdict}")
        elif path in mine and verdict == "unknown":
            unknown_to_codex.add(path)
        elif path not in mine and verdict == "known":
            diff.keys_added.append(_dotted(path))
    # Report only the outermost key Codex does not know (its children follow).
    diff.keys_removed += [
        _dotted(p) for p in sorted(unknown_to_codex) if not any(p[:n] in unknown_to_codex for n in range(1, len(p)))
    ]
    diff.compared.append(f"{len(mine)} keys of ours and {len(leads)} leads from the binary")
    if asker.skipped:
        diff.incomplete.append(f"{asker.skipped} key probes not run: time budget spent")


_UNTAGGED = "did not match any variant of untagged enum"


class _KeyAsker:
    """Probes of pattern paths at their concrete place, within the time budget (None once it is spent)."""

    def __init__(self, oracle: Oracle, release: str, deadline: Deadline):
        self.oracle, self.release, self.deadline = oracle, release, deadline
        self.skipped = 0

    def where(self, path: Path_) -> Path_:
        return probing.probe_path(probing.concrete(path))

    def ask(self, items: Iterable[tuple[Path_, Any]]) -> list[probing.Outcome | None]:
        items = list(items)

        def is_array(prefix):
            return ours.is_array(prefix, self.release)

        out = _ask_in_chunks(
            self.oracle, [probing.snippet(self.where(p), v, is_array) for p, v in items], self.deadline
        )
        self.skipped += sum(o is None for o in out)
        return out

    def launches(self, path: Path_) -> bool:
        return launches_programs(tomllib.loads(probing.snippet(self.where(path), DATETIME)))

    def datetime(self, paths: Iterable[Path_]) -> list[probing.Outcome | None]:
        return self.ask((p, DATETIME) for p in paths)

    def verdict(self, outcome: probing.Outcome | None, path: Path_) -> str | None:
        return None if outcome is None else classify(outcome, self.where(path))


def _valid_value(info: Any) -> Any:
    values = getattr(info, "values", None) or ()
    if values:
        return values[0]
    return {"boolean": True, "integer": 1, "float": 1.0, "array": [], "table": {}}.get(getattr(info, "kind", ""), "x")


# -------------------------------------------------------------------------------------------- enums
def compare_enums(oracle: Oracle, release: str, deadline: Deadline, diff: Diff) -> None:
    """Each enum key of ours gets a value no release defines: Codex's error lists its values. A value only
    one side lists is loaded on its own (a table-only variant, a value Codex takes as any string)."""
    enums = {p: v for p, v in ours.enum_values(release).items() if _probe_worthy(p)}
    asker = _KeyAsker(oracle, release, deadline)
    paths = sorted(enums)
    diff.compared.append(f"{len(paths)} enum keys")
    for path, outcome in zip(paths, asker.ask((p, BAD_VARIANT) for p in paths), strict=False):
        if outcome is None:
            continue
        mine = set(enums[path])
        listed = codex_variants(outcome)
        # Any string loads (ours are suggestions) or no variant list: each of ours must load on its own.
        check = sorted(mine) if outcome.loaded or listed is None else sorted(mine ^ set(listed))
        loads = {
            v: o is not None and o.loaded for v, o in zip(check, asker.ask((path, v) for v in check), strict=False)
        }
        refused = sorted(v for v in mine if v in loads and not loads[v])
        added = sorted(v for v in set(listed or ()) - mine if loads.get(v))
        if added or refused:
            diff.enums.append(
                f"{_dotted(path)}: Codex lists {list(listed) if listed else 'no variants'}; ours {sorted(mine)}"
                + (f"; Codex also takes {added}" if added else "")
                + (f"; Codex refuses our {refused}" if refused else "")
            )
    if asker.skipped:
        diff.incomplete.append(f"{asker.skipped} enum probes not run: time budget spent")


# ------------------------------------------------------------------------------ features, catalog
def compare_features(theirs: dict[str, tuple[str, bool]], mine: dict[str, tuple[str, bool]], diff: Diff) -> None:
    diff.compared.append(f"{len(theirs)} feature flags of Codex, {len(mine)} of ours")
    for name in sorted(theirs.keys() - mine.keys()):
        diff.features.append(f"+ {name}: {theirs[name][0]}, default {str(theirs[name][1]).lower()}")
    for name in sorted(mine.keys() - theirs.keys()):
        diff.features.append(f"- {name}: Codex no longer lists it")
    for name in sorted(theirs.keys() & mine.keys()):
        if theirs[name] != mine[name]:
            (s1, d1), (s2, d2) = mine[name], theirs[name]
            diff.features.append(
                f"~ {name}: ours {s1}, default {str(d1).lower()}; Codex {s2}, default {str(d2).lower()}"
            )


def compare_catalog(theirs: dict[str, Any] | None, mine: dict[str, Any] | None, diff: Diff) -> None:
    """Codex's bundled catalog, trimmed as we store it (catalog_extract.trim), against ours for the release."""
    from codex_config_lsp.catalog_extract import trim

    if theirs is None:
        diff.incomplete.append("no bundled catalog found in the binary")
        return
    theirs = trim(theirs)
    if mine is None:
        diff.catalog.append(
            f"we have no catalog for this release ({ours.catalog_path(diff.release).relative_to(REPO)}); "
            f"Codex bundles {len(theirs['models'])} models (scripts/sync-codex {diff.release} --write-catalog)"
        )
        return
    a = {m["slug"]: m for m in mine.get("models", []) if isinstance(m, dict) and "slug" in m}
    b = {m["slug"]: m for m in theirs["models"]}
    diff.compared.append(f"{len(b)} bundled models of Codex, {len(a)} of ours")
    diff.catalog += [f"+ {s}" for s in sorted(b.keys() - a.keys())]
    diff.catalog += [f"- {s}" for s in sorted(a.keys() - b.keys())]
    for slug in sorted(a.keys() & b.keys()):
        changed = sorted(f for f in a[slug].keys() | b[slug].keys() if a[slug].get(f) != b[slug].get(f))
        if changed:
            diff.catalog.append(f"~ {slug}: {', '.join(changed)} differ")
    if mine.get("default_model") != theirs.get("default_model"):
        diff.catalog.append(
            f"default model: ours {mine.get('default_model')}, Codex's catalog {theirs.get('default_model')}"
        )


def write_catalog(binary: str, release: str) -> Path:
    """Store the release's trimmed catalog where the language server reads it (a reviewed data change)."""
    from codex_config_lsp.catalog_extract import trimmed_catalog

    path = ours.catalog_path(release)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(trimmed_catalog(Path(binary).read_bytes()), encoding="utf-8")
    return path


def compare_defaults(oracle: Oracle, mine: dict[str, Any] | None, diff: Diff) -> None:
    """The model and provider Codex starts with when nothing sets them (its session header; doctor only
    says ``<default>``)."""
    from scenarios import by_id, codex_answer

    empty = codex_answer(oracle, by_id("user-empty/no-trust/no-profile/no-project-config/at-root/no-git"))
    if not empty.starts:
        diff.incomplete.append(f"Codex does not start on an empty config: {empty.error}")
        return
    default = (mine or {}).get("default_model")
    if default is None:
        diff.incomplete.append("our catalog for this release names no default_model")
    elif default != empty.model:
        diff.defaults.append(f"default model: ours {default}, Codex {empty.model}")
    try:
        from codex_config_lsp.explain import DEFAULT_PROVIDER
    except ImportError:
        diff.incomplete.append(
            "codex_config_lsp.explain.DEFAULT_PROVIDER does not exist: default provider not compared"
        )
        return
    if empty.provider != DEFAULT_PROVIDER:
        diff.defaults.append(f"default provider: ours {DEFAULT_PROVIDER}, Codex {empty.provider}")


# ------------------------------------------------------------------------------------------ corpus
def compare_behaviour(oracle: Oracle, previous: str, jobs: int, diff: Diff) -> None:
    """Corpus cases whose verdict changed since ``previous``: new fatal or ignored behaviour."""
    from corpus import load_cases

    cases = load_cases()
    before = Oracle(fetch(previous), jobs=jobs).verdicts([c.text for c in cases])
    after = oracle.verdicts([c.text for c in cases])
    for case, old, new in zip(cases, before, after, strict=False):
        if old.status == "unknown" or new.status == "unknown":
            diff.incomplete.append(f"{case.id}: no verdict from one of the releases")
        elif old.loads != new.loads:
            diff.behaviour.append(
                f"{case.id}: {previous} {'loads' if old.loads else 'refuses'} it, {diff.release} "
                + ("loads it" if new.loads else f"refuses it: {(new.error or '').splitlines()[0][:160]}")
            )
        elif set(old.unknown) != set(new.unknown):
            gone, came = sorted(set(old.unknown) - set(new.unknown)), sorted(set(new.unknown) - set(old.unknown))
            diff.behaviour.append(
                f"{case.id}: unknown keys"
                + (f" now known {gone}" if gone else "")
                + (f" newly unknown {came}" if came else "")
            )
        elif set(old.warnings) != set(new.warnings):
            diff.behaviour.append(f"{case.id}: startup warnings {sorted(old.warnings)} -> {sorted(new.warnings)}")


def compare_data(oracle: Oracle, surface: surface_mod.Surface, diff: Diff) -> None:
    """What needs no probing: feature flags, the bundled catalog, the default model and provider."""
    mine_catalog = ours.catalog(diff.release)
    compare_features(surface.features, ours.features(diff.release), diff)
    compare_catalog(surface.catalog, mine_catalog, diff)
    compare_defaults(oracle, mine_catalog, diff)


def compare_probed(oracle: Oracle, surface: surface_mod.Surface, deadline: Deadline, diff: Diff) -> None:
    """What the oracle must be asked: every candidate key, every enum key of ours."""
    candidates = ours.vocabulary(diff.release) | surface.candidate_keys()
    compare_keys(oracle, diff.release, candidates, deadline, diff)
    compare_enums(oracle, diff.release, deadline, diff)


# -------------------------------------------------------------------------------------------- main
def previous_release(release: str) -> str | None:
    releases = __import__("codex_config_lsp.releases", fromlist=["KNOWN", "parse"])
    current = releases.parse(release)
    older = [k for k in releases.KNOWN if releases.parse(k) < current]
    return older[-1] if older else None


def sync(version: str, binary: str | None, budget: float, jobs: int, behaviour: bool, write: bool) -> Diff:
    binary = binary or fetch(version)
    oracle = Oracle(binary, jobs=jobs)
    if oracle.version != version:
        raise OracleUnavailable(f"{binary} says it is {oracle.version}, not {version}")
    release = oracle.version
    if write:
        print(f"sync-codex: wrote {write_catalog(binary, release).relative_to(REPO)}", file=sys.stderr)
    deadline = Deadline(budget)
    surface = surface_mod.read_surface(oracle.sandbox, release, ours.vocabulary(release))
    diff = Diff(release, binary, surface.sha256)
    compare_data(oracle, surface, diff)
    compare_probed(oracle, surface, deadline, diff)
    previous = previous_release(release)
    if behaviour and previous:
        compare_behaviour(oracle, previous, jobs, diff)
    diff.incomplete += [f"our data: {g}" for g in ours.gaps()]
    return diff


def render(diff: Diff) -> str:
    titles = {
        "keys_added": "Keys Codex knows that our schema does not",
        "keys_removed": "Keys in our schema that Codex does not know",
        "enums": "Enum values",
        "features": "Feature flags (+ new in Codex, - gone from Codex, ~ stage or default differs)",
        "catalog": "Bundled model catalog (+ new in Codex, - gone, ~ changed)",
        "defaults": "Defaults",
        "behaviour": "Corpus verdicts that changed since the previous release",
        "keys_unclear": "Key probes Codex answered in an unexpected way (look at these by hand)",
        "incomplete": "Not compared",
        "compared": "Compared",
    }
    lines = [f"Codex {diff.release} ({diff.binary}, sha256 {diff.sha256[:16]}...) vs our data for {diff.release}"]
    for section, title in titles.items():
        items = getattr(diff, section)
        if items:
            lines += ["", f"{title}: {len(items)}", *(f"  {i}" for i in items)]
    lines += ["", "No differences." if diff.empty() else "Differences found: review them, then commit data and tests."]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="sync-codex", description=__doc__.split("\n\n")[0])
    ap.add_argument("version", nargs="?", default=None, help="release to examine (default: the pinned one)")
    ap.add_argument("--binary", help="use this Codex binary instead of fetching VERSION")
    ap.add_argument("--budget", type=float, default=900, help="seconds of probing at most (default 900)")
    ap.add_argument("--jobs", type=int, default=2, help="Codex processes at a time (default 2)")
    ap.add_argument("--behaviour", action="store_true", help="also compare corpus verdicts with the previous release")
    ap.add_argument("--json", action="store_true", help="print the diff as JSON")
    ap.add_argument(
        "--write-catalog",
        action="store_true",
        help="first store the release's bundled catalog as server/codex_config_lsp/data/catalogs/codex-VERSION.json",
    )
    args = ap.parse_args(list(argv) if argv is not None else None)
    version = (args.version or pinned_version()).removeprefix("v")
    t0 = time.monotonic()
    try:
        diff = sync(version, args.binary, args.budget, args.jobs, args.behaviour, args.write_catalog)
    except (OracleUnavailable, RuntimeError) as e:
        print(f"sync-codex: {e}", file=sys.stderr)
        return 2
    report = default_cache_root() / "sync" / f"codex-{diff.release}" / "diff.json"
    report.write_text(json.dumps(dataclasses.asdict(diff), indent=1), encoding="utf-8")
    print(json.dumps(dataclasses.asdict(diff), indent=1) if args.json else render(diff))
    print(f"sync-codex: {time.monotonic() - t0:.0f}s; report also in {report}", file=sys.stderr)
    return 0 if diff.empty() else 1


if __name__ == "__main__":
    sys.exit(main())
