"""The floor: a pygls 2 language server with no features, for the comparison benchmark.

    python bench/bare_server.py

It answers initialize and shutdown, and keeps open documents the way every
pygls server does (pygls's own didOpen/didChange handlers), so its startup
and peak memory under the same workload are the cost of pygls and Python
alone. It has no hover, completion or diagnostics.
"""

from __future__ import annotations

from pygls.lsp.server import LanguageServer

server = LanguageServer("bare-pygls", "0")

if __name__ == "__main__":
    server.start_io()
