"""A language server and checker for the config.toml of OpenAI's Codex."""

# The one place the version is written: pyproject.toml reads it (hatch's dynamic version),
# the CLI prints it, SARIF reports carry it.
__version__ = "0.1.0"
HOMEPAGE = "https://github.com/codex-config-lsp/codex-config-lsp"
