"""Put codex-config-lsp and its libraries into editors/vscode/bundled/libs for one VS Code target.

    python scripts/bundle_python.py --target linux-x64 [--wheel dist/codex_config_lsp-*.whl]

The layout of Microsoft's Python tool extensions: the server and its dependencies in
bundled/libs, run by the user's interpreter through bundled/tool/server.py. They are all
pure Python (pydantic, the one compiled library, is needed only to compile the schema, not
at run time), so one bundle serves every supported Python, and this script refuses a
dependency that is not pure Python. The .vsix is still packaged per platform
(`vsce package --target`): the target's environment markers choose the dependencies.
Everything comes from PyPI as pure-Python wheels (pip --platform any), so any host can
build any target.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # editors/vscode
REPO = HERE.parent.parent
LIBS = HERE / "bundled" / "libs"
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")  # keep in step with requires-python and the README
# The VS Code target's environment markers, by its OS (pip evaluates markers for the machine it
# runs on, not the target).
TARGET_MARKERS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "alpine": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    "win32": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
}
TARGETS = ("linux-x64", "linux-arm64", "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64", "win32-x64")


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args], check=True)


def pure_wheels(python: str) -> list[str]:
    """pip options that accept only pure-Python wheels (py3-none-any) for that Python version."""
    return [
        "--only-binary=:all:",
        "--platform",
        "any",
        "--implementation",
        "py",
        "--abi",
        "none",
        "--python-version",
        python,
    ]


def build_wheel(into: Path) -> Path:
    pip("wheel", "--no-deps", "--wheel-dir", str(into), str(REPO))
    (wheel,) = into.glob("codex_config_lsp-*.whl")
    return wheel


def bundle(target: str, wheel: Path | None) -> None:
    shutil.rmtree(LIBS, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = wheel or build_wheel(Path(tmp))
        # The server and every dependency, resolved for the oldest Python (it needs the most: tomli).
        pip("install", "--no-compile", "--target", str(LIBS), *pure_wheels(PYTHONS[0]), str(wheel))
    _add_conditional_requirements(TARGET_MARKERS[target.split("-")[0]])
    _check_pure_python()
    for scripts in ("bin", "Scripts"):  # console scripts point at the build machine's Python
        shutil.rmtree(LIBS / scripts, ignore_errors=True)
    for cache in list(LIBS.rglob("__pycache__")):
        shutil.rmtree(cache)
    size = sum(f.stat().st_size for f in LIBS.rglob("*") if f.is_file())
    names = sorted(d.name.removesuffix(".dist-info") for d in LIBS.glob("*.dist-info"))
    print(
        f"bundled/libs for {target}, pure Python for {', '.join(PYTHONS)}: {', '.join(names)}; {size / 2**20:.1f} MiB"
    )


# Files that only run on the Python and platform they were built for.
COMPILED_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")


def _check_pure_python() -> None:
    """Every bundled distribution is a pure-Python wheel: the launcher runs them on any supported Python."""
    problems = []
    for wheel in sorted(LIBS.glob("*.dist-info/WHEEL")):
        fields = [line.partition(":") for line in wheel.read_text(encoding="utf-8").splitlines()]
        purelib = {key.strip(): value.strip() for key, _, value in fields}.get("Root-Is-Purelib")
        tags = [value.strip() for key, _, value in fields if key.strip() == "Tag"]
        if purelib != "true" or not tags or any(not tag.endswith("-none-any") for tag in tags):
            problems.append(f"{wheel.parent.name} is not a pure-Python wheel ({', '.join(tags) or 'no tag'})")
    problems += [
        f"compiled file {path.relative_to(LIBS)}" for path in LIBS.rglob("*") if path.suffix in COMPILED_SUFFIXES
    ]
    if problems:
        raise SystemExit(
            "bundle_python: bundled/libs must be pure Python (bundled/tool/server.py runs it on any supported "
            "Python):\n  " + "\n  ".join(problems)
        )


def _add_conditional_requirements(markers: dict[str, str]) -> None:
    """Install what a bundled package needs on some supported Python or on the target only (tomli on 3.10).

    pip resolved with this machine's markers; read every Requires-Dist again with the target's.
    """
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    while True:
        installed = {canonicalize_name(d.name.split("-")[0]) for d in LIBS.glob("*.dist-info")}
        missing = set()
        for metadata in LIBS.glob("*.dist-info/METADATA"):
            for line in metadata.read_text(encoding="utf-8").splitlines():
                if not line.startswith("Requires-Dist:"):
                    continue
                requirement = Requirement(line.partition(":")[2].strip())
                if canonicalize_name(requirement.name) in installed:
                    continue
                environments = [
                    markers | {"python_version": v, "python_full_version": f"{v}.0", "extra": ""} for v in PYTHONS
                ]
                if requirement.marker is None or any(requirement.marker.evaluate(e) for e in environments):
                    requirement.marker = None
                    missing.add(str(requirement))
        if not missing:
            return
        print(f"adding for the target: {', '.join(sorted(missing))}")
        pip(
            "install",
            "--no-compile",
            "--no-deps",
            "--target",
            str(LIBS),
            *pure_wheels(PYTHONS[0]),
            *sorted(missing),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, choices=TARGETS, help="the VS Code target (vsce --target)")
    parser.add_argument(
        "--wheel", type=Path, help="the codex-config-lsp wheel to bundle (default: built from this checkout)"
    )
    args = parser.parse_args()
    bundle(args.target, args.wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
