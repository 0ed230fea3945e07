"""A language server and checker for the config.toml of OpenAI's Codex."""

__version__ = "0.1.0"
