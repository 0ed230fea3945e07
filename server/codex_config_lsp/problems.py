"""What a check reports: a problem with a stable code, a span, a message and its fixes."""

from __future__ import annotations

from dataclasses import dataclass

from .syntax import escape_basic
from .text import Span

ERROR, WARNING, INFORMATION, HINT = "error", "warning", "information", "hint"
SEVERITIES = (ERROR, WARNING, INFORMATION, HINT)


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``span`` with ``new_text``: what a quick fix applies."""

    title: str
    span: Span
    new_text: str
    preferred: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    """What every check reports. ``severity`` left out is the code's default (``CODES``)."""

    code: str
    span: Span
    message: str
    severity: str = ""
    key: str | None = None  # dotted config path the problem is about
    fixes: tuple[Fix, ...] = ()
    deprecated: bool = False  # editors strike the text through
    unnecessary: bool = False  # editors fade the text

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code].severity)


def line_span(text: str, span: Span) -> Span:
    """The whole lines ``span`` is on, with the line break after them: what deleting a statement removes."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return Span(start, len(text) if end == -1 else end + 1)


def replace_string(value_span: Span, new: str, title: str, preferred: bool = False) -> Fix:
    """A fix that writes ``new`` as the string at ``value_span``."""
    return Fix(title, value_span, f'"{escape_basic(new)}"', preferred)


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    severity: str
    summary: str


# Every diagnostic code, its default severity and what Codex does. The README
# table is generated from this list (tests check they agree).
CODES = {
    code.name: code
    for code in (
        Code("toml-syntax", ERROR, "The file is not valid TOML (Codex reads TOML 1.1); Codex refuses to load it."),
        Code(
            "unknown-model",
            WARNING,
            "A model slug no catalog lists; Codex loads it but falls back to generic model metadata.",
        ),
        Code("wire-api-chat", ERROR, "A provider on the removed Chat Completions wire API; Codex refuses to load it."),
        Code("unknown-key", WARNING, "A key Codex does not know; it ignores the key with a startup warning."),
        Code("invalid-type", ERROR, "A value of the wrong type; Codex refuses to load the config."),
        Code("invalid-value", ERROR, "A value Codex does not accept (enum, range); Codex refuses to load the config."),
        Code(
            "undefined-provider",
            ERROR,
            "`model_provider` names no built-in or defined provider; Codex refuses to start.",
        ),
        Code("undefined-profile", ERROR, "`profile` names no `[profiles.<name>]` table."),
        Code(
            "legacy-profile",
            ERROR,
            "Legacy profiles: Codex refuses `profile = ...` (error) and ignores `[profiles.*]` tables (information).",
        ),
        Code(
            "builtin-provider-override",
            ERROR,
            "A `[model_providers.<id>]` that redefines a built-in provider; Codex refuses it.",
        ),
        Code("model-unavailable", WARNING, "A model that is not available the way this config signs in."),
        Code(
            "untrusted-project",
            INFORMATION,
            "A project's `.codex/config.toml` in a folder the user config does not trust: Codex ignores the file.",
        ),
        Code(
            "ignored-in-project",
            WARNING,
            "A key Codex ignores in a project's `.codex/config.toml` (only the user's own files may set it).",
        ),
        Code(
            "deprecated-setting",
            WARNING,
            "A setting Codex still reads but warns about at startup as deprecated.",
        ),
        Code(
            "missing-file",
            ERROR,
            "A file the config names is missing: Codex refuses to load (an agent role file: it drops the role).",
        ),
    )
}
