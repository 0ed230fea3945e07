"""Put codex-config-lsp and its libraries into editors/vscode/bundled/libs for one VS Code target.

    python scripts/bundle_python.py --target linux-x64 [--wheel dist/codex_config_lsp-*.whl]

The layout of Microsoft's Python tool extensions: the server and its pure-Python
dependencies in bundled/libs, run by the user's interpreter through
bundled/tool/server.py. pydantic-core is compiled per CPython version and platform,
so the .vsix is per platform (`vsce package --target`) and holds one pydantic-core
build per supported Python in bundled/libs/_native/cpXY. Everything comes from
PyPI as wheels for the target (pip --platform), so any host can build any target.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # editors/vscode
REPO = HERE.parent.parent
LIBS = HERE / "bundled" / "libs"
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")  # keep in step with requires-python and the README
# VS Code target -> the wheel platform tag pip should pick for it, and the target's
# environment markers (pip evaluates markers for the machine it runs on, not the target).
TARGET_MARKERS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "alpine": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    "win32": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
}
PLATFORMS = {
    "linux-x64": "manylinux_2_17_x86_64",
    "linux-arm64": "manylinux_2_17_aarch64",
    "alpine-x64": "musllinux_1_1_x86_64",
    "alpine-arm64": "musllinux_1_1_aarch64",
    "darwin-x64": "macosx_10_12_x86_64",
    "darwin-arm64": "macosx_11_0_arm64",
    "win32-x64": "win_amd64",
}


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args], check=True)


def for_target(platform: str, python: str) -> list[str]:
    return ["--only-binary=:all:", "--platform", platform, "--python-version", python, "--implementation", "cp"]


def build_wheel(into: Path) -> Path:
    pip("wheel", "--no-deps", "--wheel-dir", str(into), str(REPO))
    (wheel,) = into.glob("codex_config_lsp-*.whl")
    return wheel


def bundle(target: str, wheel: Path | None) -> None:
    platform = PLATFORMS[target]
    shutil.rmtree(LIBS, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = wheel or build_wheel(Path(tmp))
        # The server and every dependency, resolved for the oldest Python (it needs the most: tomli).
        pip("install", "--no-compile", "--target", str(LIBS), *for_target(platform, PYTHONS[0]), str(wheel))
    _add_conditional_requirements(platform, TARGET_MARKERS[target.split("-")[0]])
    (core,) = LIBS.glob("pydantic_core-*.dist-info")
    version = re.match(r"pydantic_core-(.+)\.dist-info", core.name).group(1)
    first = LIBS / "_native" / f"cp{PYTHONS[0].replace('.', '')}"
    first.mkdir(parents=True)
    for item in (LIBS / "pydantic_core", core):
        item.rename(first / item.name)
    for python in PYTHONS[1:]:
        into = LIBS / "_native" / f"cp{python.replace('.', '')}"
        pip(
            "install",
            "--no-compile",
            "--no-deps",
            "--target",
            str(into),
            *for_target(platform, python),
            f"pydantic-core=={version}",
        )
    for scripts in ("bin", "Scripts"):  # console scripts point at the build machine's Python
        shutil.rmtree(LIBS / scripts, ignore_errors=True)
    for cache in list(LIBS.rglob("__pycache__")):
        shutil.rmtree(cache)
    size = sum(f.stat().st_size for f in LIBS.rglob("*") if f.is_file())
    print(
        f"bundled/libs for {target} ({platform}): pydantic-core {version} for {', '.join(PYTHONS)}; "
        f"{size / 2**20:.1f} MiB"
    )


def _add_conditional_requirements(platform: str, markers: dict[str, str]) -> None:
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
            *for_target(platform, PYTHONS[0]),
            *sorted(missing),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, choices=sorted(PLATFORMS), help="the VS Code target (vsce --target)")
    parser.add_argument(
        "--wheel", type=Path, help="the codex-config-lsp wheel to bundle (default: built from this checkout)"
    )
    args = parser.parse_args()
    bundle(args.target, args.wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
