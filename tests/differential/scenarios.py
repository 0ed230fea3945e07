"""Layered scenarios: a CODEX_HOME with config.toml and profile files, a project tree with ``.git`` and
``.codex/config.toml`` layers, trusted or not, and the folder Codex starts in. What Codex makes of each
(effective model and provider, startup warnings, whether it starts at all) is compared with our
``codex-config-lsp explain`` by ``test_layered.py``.

    python tests/differential/scenarios.py list          # the generated scenarios
    python tests/differential/scenarios.py show ID       # one scenario's files and Codex's answer

The scenarios are generated (:func:`scenarios`): every combination of the dimensions below, then a
fixed-seed sample, so the set is stable and reviewable. Files name the scenario's root as ``{root}``
(the trust table needs absolute paths); it is replaced when the scenario is written to disk.

How Codex is asked (:func:`codex_answer`), always inside the oracle's sandbox (``unshare --net``):
* ``codex exec [--profile NAME] --skip-git-repo-check --ephemeral hi`` in the start folder, killed once
  its header names the provider: the effective ``model`` and ``provider`` (or the load error). The
  scenarios define no MCP server, hook or notifier, so nothing is started before it is killed.
* ``codex doctor --json`` in the start folder (no profile: doctor takes none): the startup warnings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from oracle import ORACLE_REVISION, Oracle, _doctor_json, _error_text

ROOT = "{root}"
HOME = "home"  #: CODEX_HOME, relative to the scenario root
PROJECT = "work/app"  #: the project folder
SAMPLE = 60
SEED = 171

# --------------------------------------------------------------------------------------- dimensions
MINE = '[model_providers.mine]\nname = "Mine"\nbase_url = "http://localhost:8080/v1"\n'
USER = {
    "user-empty": "",
    "user-model": 'model = "gpt-5.5"\n',
    "user-provider": 'model = "llama3"\nmodel_provider = "mine"\n\n' + MINE,
    "user-defines-provider": 'model = "gpt-5.5"\n\n' + MINE,
}
TRUST = {
    "no-trust": None,
    "trusted": "trusted",
    "untrusted": "untrusted",
}
PROFILE = {
    "no-profile": None,
    "profile-model": ("fast", 'model = "gpt-6.2-astra"\n'),
    "profile-provider": ("local", 'model = "llama3"\nmodel_provider = "mine"\n'),
}
PROJECT_LAYER = {
    "no-project-config": None,
    "project-model": 'model = "gpt-6.2-astra"\n',
    "project-provider": 'model_provider = "mine"\n',
    "project-model-and-unknown": 'model = "gpt-5.4"\nbogus_setting = 1\n',
    "project-profile-key": 'model = "gpt-6.2-astra"\nmodel_reasoning_effort = "high"\n',
}
START = {
    "at-root": "",
    "in-subfolder": "src/lib",
    "nested-layer": "src",  # a second .codex/config.toml in src/, Codex started there
}
GIT = {"git": True, "no-git": False}


@dataclasses.dataclass(frozen=True)
class Scenario:
    id: str
    files: dict[str, str]  #: path under the root -> text (``{root}`` = the root's absolute path)
    git_roots: tuple[str, ...]  #: folders that are git repositories
    cwd: str  #: where Codex starts, under the root
    profile: str | None

    def key(self) -> str:
        """What identifies the scenario's content (for caching Codex's answer)."""
        return json.dumps([self.files, self.git_roots, self.cwd, self.profile], sort_keys=True)

    def write(self, root: Path) -> tuple[Path, Path]:
        """Write the scenario under ``root`` (an empty folder); return (CODEX_HOME, start folder)."""
        real = os.path.realpath(root)
        for rel, text in self.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.replace(ROOT, real), encoding="utf-8")
        for rel in self.git_roots:
            git = root / rel / ".git"
            (git / "objects").mkdir(parents=True, exist_ok=True)
            (git / "refs").mkdir(parents=True, exist_ok=True)
            (git / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        (root / HOME).mkdir(parents=True, exist_ok=True)
        cwd = root / self.cwd
        cwd.mkdir(parents=True, exist_ok=True)
        return root / HOME, cwd


def _scenario(user: str, trust: str, profile: str, layer: str, start: str, git: str) -> Scenario:
    files: dict[str, str] = {}
    config = USER[user]
    if TRUST[trust]:
        config += f'\n[projects."{ROOT}/{PROJECT}"]\ntrust_level = "{TRUST[trust]}"\n'
    files[f"{HOME}/config.toml"] = config
    chosen = PROFILE[profile]
    if chosen:
        files[f"{HOME}/{chosen[0]}.config.toml"] = chosen[1]
    if PROJECT_LAYER[layer] is not None:
        files[f"{PROJECT}/.codex/config.toml"] = PROJECT_LAYER[layer]
    if start == "nested-layer":
        files[f"{PROJECT}/src/.codex/config.toml"] = 'model = "gpt-6.2-sol"\n'
    files[f"{PROJECT}/README.md"] = "a project\n"
    cwd = f"{PROJECT}/{START[start]}".rstrip("/")
    return Scenario(
        f"{user}/{trust}/{profile}/{layer}/{start}/{git}",
        files,
        (PROJECT,) if GIT[git] else (),
        cwd,
        chosen[0] if chosen else None,
    )


def scenarios() -> list[Scenario]:
    """A fixed sample of every combination of the dimensions, plus the all-defaults one."""
    every = list(itertools.product(USER, TRUST, PROFILE, PROJECT_LAYER, START, GIT))
    picked = random.Random(SEED).sample(every, SAMPLE)
    first = (next(iter(USER)), next(iter(TRUST)), next(iter(PROFILE)), next(iter(PROJECT_LAYER)), "at-root", "git")
    if first not in picked:
        picked.append(first)
    return sorted((_scenario(*combo) for combo in picked), key=lambda s: s.id)


def by_id(scenario_id: str) -> Scenario:
    """Any combination of the dimensions by its id (``user-model/trusted/no-profile/...``), sampled or not."""
    parts = scenario_id.split("/")
    dimensions = (USER, TRUST, PROFILE, PROJECT_LAYER, START, GIT)
    if len(parts) != len(dimensions) or any(part not in dim for part, dim in zip(parts, dimensions, strict=False)):
        raise ValueError(f"not a scenario id: {scenario_id!r} (one name from each of {[list(d) for d in dimensions]})")
    return _scenario(*parts)


# ------------------------------------------------------------------------------------------- Codex
_HEADER_VALUE = re.compile(r"^(model|provider): (.*)$", re.MULTILINE)
_PROVIDER_LINE = re.compile(r"^provider: [^\n]*\n", re.MULTILINE)  # the whole line, not its first bytes
_PROJECT_IGNORED = re.compile(r"Ignored unsupported project-local config keys in (.+?): (.+?)\. If you want")
_LAYER_IGNORED = re.compile(r"^\s*\w+ \((.+?)\): `([^`]+)` is ignored", re.MULTILINE)
EXEC_TIMEOUT = 30.0
DOCTOR_TIMEOUT = 60.0
#: Bump when how Codex is asked changes, so that cached answers are recomputed.
LAYERED_REVISION = "2"


@dataclasses.dataclass(frozen=True)
class Answer:
    """What Codex made of a scenario (paths under the scenario root written as ``{root}``)."""

    starts: bool  #: exec got as far as its session header
    model: str | None
    provider: str | None
    error: str | None  #: the load error when it does not start
    warnings: tuple[str, ...]  #: doctor's startup warnings ("" profile scenarios: not asked)
    ignored: tuple[tuple[str, str], ...]  #: (file, key) pairs the warnings name: unsupported or unknown keys

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        return cls(
            data["starts"],
            data["model"],
            data["provider"],
            data["error"],
            tuple(data["warnings"]),
            tuple(tuple(pair) for pair in data["ignored"]),  # type: ignore[misc]
        )


def codex_answer(oracle: Oracle, scenario: Scenario) -> Answer:
    """Codex's answer for ``scenario``, cached by (Codex version, oracle revision, scenario content)."""
    digest = hashlib.sha256(
        f"layered\0{ORACLE_REVISION}.{LAYERED_REVISION}\0{oracle.version}\0{scenario.key()}".encode()
    ).hexdigest()
    path = oracle.cache_dir / "layered" / f"{digest}.json"
    try:
        return Answer.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        pass
    answer = _ask_codex(oracle, scenario)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(answer)), encoding="utf-8")
    os.replace(tmp, path)
    return answer


def _ask_codex(oracle: Oracle, scenario: Scenario) -> Answer:
    root = Path(tempfile.mkdtemp(prefix="codex-layered-"))
    try:
        home, cwd = scenario.write(root)
        real = os.path.realpath(root)
        every_text = "\n".join(scenario.files.values())

        def tidy(text: str) -> str:
            return text.replace(real, ROOT).replace(str(root), ROOT)

        profile = ["--profile", scenario.profile] if scenario.profile else []
        run = oracle.run_in(
            str(home),
            str(cwd),
            ["exec", *profile, "--skip-git-repo-check", "--ephemeral", "hi"],
            EXEC_TIMEOUT,
            stop_at=_PROVIDER_LINE,
            hosts_from=every_text,
        )
        out = tidy(run.out)
        values = dict(_HEADER_VALUE.findall(out))
        starts = "provider" in values
        if not starts and run.timed_out:
            raise RuntimeError(f"{scenario.id}: codex exec neither started nor failed in {EXEC_TIMEOUT:.0f}s")
        warnings: tuple[str, ...] = ()
        if not scenario.profile:
            doctor = oracle.run_in(str(home), str(cwd), ["doctor", "--json"], DOCTOR_TIMEOUT, hosts_from=every_text)
            report = _doctor_json(tidy(doctor.out)) or {}
            details = (report.get("checks", {}).get("config.load") or {}).get("details") or {}
            found = details.get("startup warning") or []
            warnings = tuple([found] if isinstance(found, str) else found)
        ignored = sorted(
            {
                (file, key.strip())
                for w in warnings
                for file, keys in _PROJECT_IGNORED.findall(w)
                for key in keys.split(",")
            }
            | {(file, key) for w in warnings for file, key in _LAYER_IGNORED.findall(w)}
        )
        return Answer(
            starts,
            values.get("model"),
            values.get("provider"),
            None if starts else (_error_text(out).strip() or "no output"),
            warnings,
            tuple(ignored),
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _main(argv: list[str]) -> int:
    if argv[:1] == ["list"]:
        for s in scenarios():
            print(s.id)
        return 0
    if len(argv) == 2 and argv[0] == "show":
        from oracle import find_binary

        scenario = by_id(argv[1])
        for rel, text in scenario.files.items():
            print(f"--- {rel}\n{text}")
        print(f"start in {scenario.cwd}" + (f" with --profile {scenario.profile}" if scenario.profile else ""))
        print(json.dumps(dataclasses.asdict(codex_answer(Oracle(find_binary()), scenario)), indent=1))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
