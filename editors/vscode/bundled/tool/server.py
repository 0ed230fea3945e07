"""Start codex-config-lsp from the libraries bundled with the VS Code extension.

The layout of Microsoft's Python tool extensions: pure-Python libraries in
bundled/libs (scripts/bundle_python.py refuses compiled ones), run by the user's
own interpreter, any CPython 3.10 or newer without free threading (what the
server is tested on); this script checks that and puts them first on sys.path.

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
    return [libs]


if __name__ == "__main__":
    sys.path[0:0] = _bundled_paths()
    from codex_config_lsp.cli import main

    sys.exit(main(sys.argv[1:] or ["serve"]))
