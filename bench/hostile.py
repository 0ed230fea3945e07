"""Hostile input, measured: the cost of pathological texts and a long random session against the server.

    python bench/hostile.py --serve      # the server with HardenedProtocol (what tests drive until it is wired)
"""

from __future__ import annotations

import sys


def serve_hardened() -> None:
    """The real server with ``HardenedProtocol`` swapped in (a no-op once lsp/server.py uses it)."""
    from codex_config_lsp.lsp import server as module
    from codex_config_lsp.lsp.protocol import HardenedProtocol

    old = module.server.protocol
    if not isinstance(old, HardenedProtocol):
        new = HardenedProtocol(module.server, old._converter)
        new.fm._features, new.fm._feature_options, new.fm._commands = (
            old.fm._features,
            old.fm._feature_options,
            old.fm._commands,
        )
        module.server.protocol = new
    module.serve()


if __name__ == "__main__":
    if "--serve" in sys.argv:
        serve_hardened()
