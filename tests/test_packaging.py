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
    """requires-python, the classifiers, the Pythons the extension's bundle is resolved for, its launcher's minimum."""
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


def test_pydantic_is_a_build_time_extra_only() -> None:
    """Run time reads the compiled schema (tests/test_schema_compiled.py): only compiling it needs pydantic."""
    project = PYPROJECT["project"]
    assert not [r for r in project["dependencies"] if re.match(r"pydantic\b", r)], project["dependencies"]
    extras = project["optional-dependencies"]
    assert [r for r in extras["schema"] if r.startswith("pydantic")] == ["pydantic>=2.7,<3"]
    assert "codex-config-lsp[schema]" in extras["test"], "the tests read the models and compile the schema"
    assert "pip install -e '.[schema]'" in (ROOT / "scripts" / "compile-schema").read_text(encoding="utf-8")


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


def test_the_wheel_requires_pydantic_only_under_the_schema_extra(dist) -> None:
    import zipfile

    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    with zipfile.ZipFile(dist["wheel"]) as wheel:
        metadata = wheel.read(f"codex_config_lsp-{__version__}.dist-info/METADATA").decode("utf-8")
    requires = [
        Requirement(line.partition(":")[2].strip())
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:")
    ]
    for_everyone = {r.name for r in requires if r.marker is None or "extra" not in str(r.marker)}
    assert for_everyone == {"pygls", "lsprotocol", "tomlkit", "tomli"}, metadata
    pydantic = [r for r in requires if r.name == "pydantic"]
    # hatchling writes the test extra's codex-config-lsp[schema] out as the schema extra's requirements
    assert sorted(str(r.marker) for r in pydantic) == ['extra == "schema"', 'extra == "test"']
    assert {r.specifier for r in pydantic} == {SpecifierSet(">=2.7,<3")}
    assert "Provides-Extra: schema" in metadata.splitlines()


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
    # and installing it brought no pydantic (a build-time dependency only)
    probe = "import importlib.util as u; print([m for m in ('pydantic', 'pydantic_core') if u.find_spec(m)])"
    assert run(python, "-I", "-c", probe, env=CLEAN_ENV).stdout.strip() == "[]"


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


def bundled_layout(tmp_path: Path) -> Path:
    """bundled/tool/server.py beside a bundled/libs holding this checkout's package, as the .vsix lays them out."""
    tool = tmp_path / "bundled" / "tool"
    tool.mkdir(parents=True)
    shutil.copy(ROOT / "editors" / "vscode" / "bundled" / "tool" / "server.py", tool)
    libs = tmp_path / "bundled" / "libs"
    shutil.copytree(ROOT / "server" / "codex_config_lsp", libs / "codex_config_lsp")
    init = libs / "codex_config_lsp" / "__init__.py"  # a version of its own shows which copy runs
    init.write_text(init.read_text(encoding="utf-8").replace(f'"{__version__}"', '"0.0.0+bundled"'), encoding="utf-8")
    return tool / "server.py"


def test_the_bootstrap_runs_the_bundled_package_whatever_pythonpath_says(tmp_path: Path) -> None:
    script = bundled_layout(tmp_path)
    done = run(sys.executable, "-I", script, "--version", env=CLEAN_ENV | {"PYTHONPATH": str(ROOT / "server")})
    assert (done.returncode, done.stdout.strip()) == (0, "codex-config-lsp 0.0.0+bundled"), done.stderr
    where = run(sys.executable, "-I", script, "schema", env=CLEAN_ENV)
    assert where.returncode == 0 and where.stdout.startswith("{"), where.stderr[-2000:]


def pythons_here() -> dict[tuple[int, int], str]:
    """The Python 3 interpreters that run on this machine, by version: this test run's, python3.X on PATH, pyenv's."""
    candidates = [sys.executable] + [shutil.which(f"python3.{minor}") or "" for minor in range(4, 20)]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    candidates += sorted(str(p) for p in pyenv.glob("3.*/bin/python3"))
    found: dict[tuple[int, int], str] = {}
    for path in filter(None, candidates):
        probe = "import sys; print('%d %d %s' % (sys.version_info[0], sys.version_info[1], sys.implementation.name))"
        try:
            done = subprocess.run([path, "-I", "-c", probe], capture_output=True, text=True, timeout=30)
        except OSError:
            continue
        words = done.stdout.split()
        if done.returncode == 0 and len(words) == 3 and words[2] == "cpython":  # an inactive pyenv shim fails
            found.setdefault((int(words[0]), int(words[1])), path)
    return found


PYTHONS_HERE = pythons_here()


def import_bundle_python():
    sys.path.insert(0, str(ROOT / "editors" / "vscode" / "scripts"))
    try:
        import bundle_python
    finally:
        sys.path.pop(0)
    return bundle_python


@pytest.fixture(scope="module")
def vsix_bundle(dist, tmp_path_factory) -> Path:
    """bundled/ as the .vsix for this machine holds it: scripts/bundle_python.py's libs from the built wheel."""
    bundle_python = import_bundle_python()
    root = tmp_path_factory.mktemp("extension") / "bundled"
    (root / "tool").mkdir(parents=True)
    shutil.copy(ROOT / "editors" / "vscode" / "bundled" / "tool" / "server.py", root / "tool")
    saved, bundle_python.LIBS = bundle_python.LIBS, root / "libs"
    try:
        bundle_python.bundle("linux-x64", dist["wheel"])
    finally:
        bundle_python.LIBS = saved
    return root / "tool" / "server.py"


def lsp_messages(*messages: dict) -> bytes:
    bodies = [json.dumps({"jsonrpc": "2.0", **m}).encode() for m in messages]
    return b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in bodies)


@pytest.mark.parametrize("python", [p for v, p in sorted(PYTHONS_HERE.items()) if v >= (3, 10)])
def test_the_bundle_serves_and_checks_on_any_supported_python(python: str, vsix_bundle: Path, tmp_path: Path) -> None:
    """One pure-Python bundled/libs for every 3.10+: nothing in it is built for one Python version."""
    libs = vsix_bundle.parent.parent / "libs"
    assert not (libs / "_native").exists() and not list(libs.glob("pydantic*"))
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    done = run(python, "-I", vsix_bundle, "check", config, env=CLEAN_ENV)
    assert done.returncode == 1, done.stderr[-2000:]
    assert re.search(r"config\.toml:2:1: warning unknown-key ", done.stdout), done.stdout + done.stderr
    # the language server itself: pygls, lsprotocol, cattrs, attrs from the bundle
    session = lsp_messages(
        {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"method": "initialized", "params": {}},
        {"id": 2, "method": "shutdown"},
        {"method": "exit"},
    )
    served = subprocess.run(
        [python, "-I", str(vsix_bundle), "serve"], input=session, capture_output=True, timeout=120, env=CLEAN_ENV
    )
    assert served.returncode == 0, served.stderr[-2000:]
    replies = [json.loads(b) for b in re.split(rb"Content-Length: \d+\r\n(?:[^\r\n]+\r\n)*\r\n", served.stdout) if b]
    initialized = next(r for r in replies if r.get("id") == 1)
    assert initialized["result"]["serverInfo"] == {"name": "codex-config-lsp", "version": __version__}
    assert "completionProvider" in initialized["result"]["capabilities"]


@pytest.mark.parametrize("python", [p for v, p in sorted(PYTHONS_HERE.items()) if v < (3, 10)])
def test_the_bootstrap_tells_a_real_old_python_it_is_too_old(python: str, tmp_path: Path) -> None:
    script = bundled_layout(tmp_path)
    done = run(python, "-I", script, "--version", env=CLEAN_ENV)
    assert (done.returncode, done.stdout) == (3, ""), done.stderr
    assert re.fullmatch(
        r"codex-config-lsp \(bundled\): Python 3\.10 or newer is needed; .* is Python 3\.\d\n", done.stderr
    )


def test_the_bootstrap_refuses_a_too_old_python_in_one_line(tmp_path: Path) -> None:
    script = bundled_layout(tmp_path)
    # Python 3.9 as the launcher sees it: its version check runs before anything is imported.
    old = (
        "import runpy, sys; sys.version_info = (3, 9, 18, 'final', 0); runpy.run_path(sys.argv[1], run_name='__main__')"
    )
    done = run(sys.executable, "-I", "-c", old, script, env=CLEAN_ENV)
    assert (done.returncode, done.stdout) == (3, "")
    assert (
        done.stderr == f"codex-config-lsp (bundled): Python 3.10 or newer is needed; {sys.executable} is Python 3.9\n"
    )


def test_the_extension_bundle_refuses_compiled_libraries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bundle_python.py: the launcher runs bundled/libs on any supported Python, so it must be pure Python."""
    bundle_python = import_bundle_python()
    monkeypatch.setattr(bundle_python, "LIBS", tmp_path)

    def dist_info(name: str, purelib: str, tag: str) -> None:
        (tmp_path / f"{name}.dist-info").mkdir()
        wheel = f"Wheel-Version: 1.0\nRoot-Is-Purelib: {purelib}\nTag: {tag}\n"
        (tmp_path / f"{name}.dist-info" / "WHEEL").write_text(wheel, encoding="utf-8")

    dist_info("tomlkit-0.13.2", "true", "py3-none-any")
    (tmp_path / "tomlkit").mkdir()
    (tmp_path / "tomlkit" / "__init__.py").write_text("", encoding="utf-8")
    bundle_python._check_pure_python()  # pure: accepted
    dist_info("pydantic_core-2.33.2", "false", "cp310-cp310-manylinux_2_17_x86_64")
    (tmp_path / "pydantic_core").mkdir()
    (tmp_path / "pydantic_core" / "_pydantic_core.cpython-310-x86_64-linux-gnu.so").write_bytes(b"")
    with pytest.raises(SystemExit) as refused:
        bundle_python._check_pure_python()
    message = str(refused.value)
    assert "pydantic_core-2.33.2.dist-info is not a pure-Python wheel (cp310-cp310-manylinux_2_17_x86_64)" in message
    assert "compiled file pydantic_core/_pydantic_core.cpython-310-x86_64-linux-gnu.so" in message
    assert "tomlkit" not in message
