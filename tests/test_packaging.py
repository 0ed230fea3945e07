"""The release artefacts: one version, PyPI metadata, an sdist that holds what its tests read,
a wheel and an sdist that install and run in clean virtual environments, the pre-commit hook.

The tests that build share one module-scoped build (with the installs, about 30 s; they
need PyPI, as `pip install` does).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from codex_config_lsp import HOMEPAGE, __version__

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = "# a Codex config with one mistake\nbogus_key = 1\n"


def run(*argv: str | Path, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


# --- what the files say ------------------------------------------------------------------------


def test_the_version_is_written_once() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "server/codex_config_lsp/__init__.py"
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == __version__, "the extension ships with the server of the same version"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d[^\]]*)\]", changelog, re.MULTILINE)
    assert releases and releases[0] == __version__, "CHANGELOG.md's newest release is this version"
    assert f"[{__version__}]: " in changelog


def test_python_versions_agree_everywhere() -> None:
    """requires-python, the classifiers and the pydantic-core builds the extension bundles."""
    sys.path.insert(0, str(ROOT / "editors" / "vscode" / "scripts"))
    try:
        import bundle_python
    finally:
        sys.path.pop(0)
    project = PYPROJECT["project"]
    classified = [
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.match(r"Programming Language :: Python :: 3\.\d+$", c)
    ]
    assert classified == list(bundle_python.PYTHONS)
    assert project["requires-python"] == f">={bundle_python.PYTHONS[0]}"
    bootstrap = (ROOT / "editors" / "vscode" / "bundled" / "tool" / "server.py").read_text(encoding="utf-8")
    assert f"NEEDED = ({bundle_python.PYTHONS[0].replace('.', ', ')})" in bootstrap


def test_project_metadata_for_pypi() -> None:
    project = PYPROJECT["project"]
    assert project["urls"]["Homepage"] == HOMEPAGE
    assert {"Changelog", "Issues", "Source"} <= set(project["urls"])
    assert all(url.startswith(HOMEPAGE) for url in project["urls"].values())
    assert "codex" in project["keywords"] and "language-server" in project["keywords"]
    assert (
        "License :: OSI Approved :: MIT License" not in project["classifiers"]
    )  # PEP 639: the license expression says it


def test_pre_commit_hooks_run_the_cli_on_codex_configs() -> None:
    import yaml  # pre-commit's own dependency

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["codex-config-check"]["entry"] == "codex-config-lsp check"
    assert hooks["codex-config-format"]["entry"] == "codex-config-lsp format"
    pattern = re.compile(hooks["codex-config-check"]["files"])
    for path in (".codex/config.toml", "a/.codex/config.toml", ".codex/work.config.toml"):
        assert pattern.search(path), path
    for path in (
        "config.toml",
        "Cargo.toml",
        ".codex/config.toml.bak",
        ".codex/sub/config.toml",
        "x.codex/config.toml",
    ):
        assert not pattern.search(path), path


# --- what is built -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist, and the wheel built from it (as `python -m build` does)."""
    out = tmp_path_factory.mktemp("dist")
    done = run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (sdist,) = out.glob("codex_config_lsp-*.tar.gz")
    (wheel,) = out.glob("codex_config_lsp-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_artefacts_carry_the_version_and_pass_twine_check_strict(dist) -> None:
    assert dist["sdist"].name == f"codex_config_lsp-{__version__}.tar.gz"
    assert dist["wheel"].name == f"codex_config_lsp-{__version__}-py3-none-any.whl"
    done = run(sys.executable, "-m", "twine", "check", "--strict", dist["sdist"], dist["wheel"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sdist_holds_every_tracked_file(dist) -> None:
    """So that its tests find what they read (docs/, editors/, .ci/run, scripts/, ...)."""
    listed = run("git", "ls-files", "-z", cwd=ROOT)
    if listed.returncode != 0:
        pytest.skip("not a git checkout (the sdist itself): nothing to compare with")
    tracked = {name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()}
    with tarfile.open(dist["sdist"]) as archive:
        prefix = f"codex_config_lsp-{__version__}/"
        packed = {m.name.removeprefix(prefix) for m in archive.getmembers() if m.isfile()}
    assert sorted(tracked - packed) == []
    assert {"LICENSE", "CHANGELOG.md", "README.md", ".ci/run", "editors/vscode/package.json"} <= packed


# The environment of a clean install: nothing of this test run's Python settings leaks in.
CLEAN_ENV = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}


def clean_venv(where: Path) -> Path:
    """A virtual environment with nothing installed; its python."""
    done = run(sys.executable, "-m", "venv", "--without-pip", where)
    assert done.returncode == 0, done.stderr
    return where / ("Scripts" if os.name == "nt" else "bin") / "python"


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_each_artefact_installs_in_a_clean_venv_and_checks(kind: str, dist, tmp_path: Path) -> None:
    python = clean_venv(tmp_path / "venv")
    done = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check", dist[kind]
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    script = python.parent / "codex-config-lsp"
    assert run(script, "--version", env=CLEAN_ENV).stdout.strip() == f"codex-config-lsp {__version__}"
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    checked = run(python, "-m", "codex_config_lsp", "check", config, cwd=tmp_path, env=CLEAN_ENV)
    assert checked.returncode == 1, checked.stderr
    assert re.search(r"config\.toml:2:1: warning unknown-key ", checked.stdout), checked.stdout
    # it runs from the venv, not from this checkout
    where = run(python, "-c", "import codex_config_lsp; print(codex_config_lsp.__file__)", env=CLEAN_ENV).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")


# Tests that read files beyond the package (README, docs, .ci/run, editors/): run from the
# unpacked sdist, with its own package, they prove the sdist is complete enough to test.
SDIST_TESTS = [
    "tests/test_readme.py",
    "tests/editors/test_snippets.py",
    "tests/test_reports.py",
    "tests/test_suppression.py",
    "tests/test_packaging.py::test_the_version_is_written_once",
    "tests/test_packaging.py::test_python_versions_agree_everywhere",
    "tests/test_packaging.py::test_pre_commit_hooks_run_the_cli_on_codex_configs",
]


def test_the_sdist_passes_its_own_tests(dist, tmp_path: Path) -> None:
    with tarfile.open(dist["sdist"]) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12+: refuse odd members, and no warning
            archive.extractall(tmp_path, filter="data")
        else:
            archive.extractall(tmp_path)
    (unpacked,) = tmp_path.iterdir()
    env = os.environ | {"PYTHONPATH": str(unpacked / "server")}
    where = run(sys.executable, "-c", "import codex_config_lsp; print(codex_config_lsp.__file__)", env=env)
    assert Path(where.stdout.strip()).is_relative_to(unpacked), "the sdist's own package is tested"
    done = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_TESTS, cwd=unpacked, env=env)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"\d+ passed", done.stdout) and "skipped" not in done.stdout.splitlines()[-1]


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_try_repo_checks_codex_configs_only(tmp_path: Path) -> None:
    """The real `pre-commit try-repo` with this repository's hook, in a throwaway git repository."""
    if run("git", "rev-parse", "--git-dir", cwd=ROOT).returncode != 0:
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    project = tmp_path / "project"
    (project / ".codex").mkdir(parents=True)
    (project / ".codex" / "config.toml").write_text(CONFIG, encoding="utf-8")
    (project / ".codex" / "work.config.toml").write_text("# nothing set here\n", encoding="utf-8")
    (project / "config.toml").write_text("bogus = 1\n", encoding="utf-8")  # not a Codex config: left alone
    for argv in (["init", "-q"], ["add", "-A"]):
        assert run("git", *argv, cwd=project).returncode == 0
    home = tmp_path / "codex-home"  # trusts the project, so Codex would read its config
    home.mkdir()
    (home / "config.toml").write_text(f'[projects."{project}"]\ntrust_level = "trusted"\n', encoding="utf-8")
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "CODEX_HOME": str(home)}
    done = run(
        sys.executable, "-m", "pre_commit", "try-repo", ROOT, "codex-config-check", "--all-files", cwd=project, env=env
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"\.codex/config\.toml:2:1: warning unknown-key ", done.stdout), done.stdout
    assert "work.config.toml" not in done.stdout and "bogus = 1" not in done.stdout
    assert not re.search(r"^config\.toml:", done.stdout, re.MULTILINE)


# --- the VS Code extension's bootstrap ---------------------------------------------------------


def bundled_layout(tmp_path: Path, natives: list[str]) -> Path:
    """bundled/tool/server.py beside a bundled/libs holding this checkout's package and the given _native folders."""
    tool = tmp_path / "bundled" / "tool"
    tool.mkdir(parents=True)
    shutil.copy(ROOT / "editors" / "vscode" / "bundled" / "tool" / "server.py", tool)
    libs = tmp_path / "bundled" / "libs"
    shutil.copytree(ROOT / "server" / "codex_config_lsp", libs / "codex_config_lsp")
    init = libs / "codex_config_lsp" / "__init__.py"  # a version of its own shows which copy runs
    init.write_text(init.read_text(encoding="utf-8").replace(f'"{__version__}"', '"0.0.0+bundled"'), encoding="utf-8")
    for name in natives:
        (libs / "_native" / name).mkdir(parents=True)
    return tool / "server.py"


def test_the_bootstrap_runs_the_bundled_package_whatever_pythonpath_says(tmp_path: Path) -> None:
    here = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    script = bundled_layout(tmp_path, ["cp310", here])
    done = run(sys.executable, "-I", script, "--version", env=CLEAN_ENV | {"PYTHONPATH": str(ROOT / "server")})
    assert (done.returncode, done.stdout.strip()) == (0, "codex-config-lsp 0.0.0+bundled"), done.stderr
    where = run(sys.executable, "-I", script, "schema", env=CLEAN_ENV)
    assert where.returncode == 0 and where.stdout.startswith("{"), where.stderr[-2000:]


def test_the_bootstrap_says_which_pythons_it_has_for(tmp_path: Path) -> None:
    script = bundled_layout(tmp_path, ["cp310", "cp399"])
    done = run(sys.executable, "-I", script, "--version", env=CLEAN_ENV)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert f"bundles pydantic-core for cp310, cp399, not for Python {version}" in done.stderr
