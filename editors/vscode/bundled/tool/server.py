"""Start codex-config-lsp from the libraries bundled with the VS Code extension.

The layout of Microsoft's Python tool extensions: pure-Python libraries in
bundled/libs, run by the user's own interpreter. pydantic-core is compiled for
one CPython version at a time, so bundled/libs/_native/cpXY holds a build per
supported version, and this script puts the right one on sys.path.

Run as ``python -I server.py serve`` (or ``--version``): -I keeps PYTHONPATH
and user site-packages from shadowing the bundled libraries. Written for any
Python 3 to parse, so an old interpreter gets a clear message, not a SyntaxError.
"""

import os
import sys

NEEDED = (3, 10)
# Exit codes the extension tells apart from a server failure.
EXIT_UNSUPPORTED_PYTHON = 3


def _fail(message):
    sys.stderr.write("codex-config-lsp (bundled): %s\n" % message)
    sys.exit(EXIT_UNSUPPORTED_PYTHON)


def _bundled_paths():
    libs = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
    version = "%d.%d" % sys.version_info[:2]
    if sys.version_info[:2] < NEEDED:
        _fail("Python %d.%d or newer is needed; %s is Python %s" % (NEEDED + (sys.executable, version)))
    if sys.implementation.name != "cpython" or "t" in getattr(sys, "abiflags", ""):
        _fail(
            "CPython without free threading is needed; %s is %s %s%s"
            % (sys.executable, sys.implementation.name, version, getattr(sys, "abiflags", ""))
        )
    native = os.path.join(libs, "_native", "cp%d%d" % sys.version_info[:2])
    if not os.path.isdir(native):
        built = sorted(name for name in os.listdir(os.path.join(libs, "_native")) if name.startswith("cp"))
        _fail(
            "this build bundles pydantic-core for %s, not for Python %s (%s); choose another interpreter "
            "or install codex-config-lsp into this one (importStrategy fromEnvironment)"
            % (", ".join(built), version, sys.executable)
        )
    return [native, libs]


if __name__ == "__main__":
    sys.path[0:0] = _bundled_paths()
    from codex_config_lsp.cli import main

    sys.exit(main(sys.argv[1:] or ["serve"]))
