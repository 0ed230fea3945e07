"""What a check reports, and the registry of every diagnostic code.

A ``Problem`` has a stable code, a span, a message and its fixes. ``CODES`` is the one
place that says what a code means: its default severity (and the others some of its
cases take), its tags, a one-line summary and its documentation. The README table, the
VS Code extension's severity setting, docs/diagnostics.md and the SARIF rules are all
generated from it (``scripts/generate-docs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, get_args

from .text import Span
from .toml_text import toml_string

Severity = Literal["error", "warning", "information", "hint"]
SEVERITIES: Final[tuple[Severity, ...]] = get_args(Severity)
ERROR: Final = "error"
WARNING: Final = "warning"
INFORMATION: Final = "information"
HINT: Final = "hint"

# Every diagnostic code, for the type checker; ``CODES`` describes each (checked at import to list the same).
CodeName = Literal[
    "toml-syntax",
    "unknown-model",
    "wire-api-chat",
    "unknown-key",
    "invalid-type",
    "invalid-value",
    "undefined-provider",
    "undefined-profile",
    "legacy-profile",
    "builtin-provider-override",
    "model-unavailable",
    "untrusted-project",
    "ignored-in-project",
    "deprecated-setting",
    "missing-file",
]

# Where the codes are documented, in the repository (generated from CODES, like the README's table).
CODES_PAGE: Final = "docs/diagnostics.md"

# How editors show the text a problem is about: "deprecated" struck through, "unnecessary" faded.
Tag = Literal["deprecated", "unnecessary"]
DEPRECATED: Final[frozenset[Tag]] = frozenset({"deprecated"})
UNNECESSARY: Final[frozenset[Tag]] = frozenset({"unnecessary"})


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``span`` with ``new_text``: what a quick fix applies."""

    title: str
    span: Span
    new_text: str
    preferred: bool = False


@dataclass(frozen=True, slots=True)
class Variant:
    """A case of a code that Codex treats differently from the others, so it has its own severity."""

    severity: Severity
    when: str  # the case, completing "<severity> when ...": "it is about a `[profiles.<name>]` table"


@dataclass(frozen=True, slots=True)
class Code:
    """What a diagnostic code means, wherever it is shown."""

    name: CodeName
    severity: Severity  # the default: what most of its cases are
    summary: str  # one line: the README table, the editor setting, SARIF's short description
    doc: str  # what Codex does and what to do, in Markdown: docs/diagnostics.md, SARIF's full description
    tags: frozenset[Tag] = frozenset()
    variants: tuple[Variant, ...] = ()

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity the code's problems may have: its default first."""
        return (self.severity, *(variant.severity for variant in self.variants))


@dataclass(frozen=True, slots=True, init=False)
class Problem:
    """What every check reports.

    The severity and the tags come from the code's entry in ``CODES``; a check passes a
    severity only for a case its code lists as a variant, and a tag only where the code's
    cases differ (``deprecated`` for one invalid value Codex used to accept).
    """

    code: CodeName
    span: Span
    message: str
    severity: Severity
    key: str | None  # dotted config path the problem is about
    fixes: tuple[Fix, ...]
    deprecated: bool  # editors strike the text through
    unnecessary: bool  # editors fade the text

    def __init__(
        self,
        code: CodeName,
        span: Span,
        message: str,
        severity: Severity | None = None,
        key: str | None = None,
        fixes: tuple[Fix, ...] = (),
        deprecated: bool = False,
        unnecessary: bool = False,
    ) -> None:
        described = CODES[code]
        if severity is not None and severity not in described.severities:
            raise ValueError(f"{code} is never {severity}: add a variant to its entry in CODES")
        values = {
            "code": code,
            "span": span,
            "message": message,
            "severity": described.severity if severity is None else severity,
            "key": key,
            "fixes": fixes,
            "deprecated": deprecated or "deprecated" in described.tags,
            "unnecessary": unnecessary or "unnecessary" in described.tags,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)


def line_span(text: str, span: Span) -> Span:
    """The whole lines ``span`` is on, with the line break after them: what deleting a statement removes."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return Span(start, len(text) if end == -1 else end + 1)


def replace_string(value_span: Span, new: str, title: str, preferred: bool = False) -> Fix:
    """A fix that writes ``new`` as the string at ``value_span``."""
    return Fix(title, value_span, toml_string(new), preferred)


def _registry(*codes: Code) -> Mapping[CodeName, Code]:
    registry = {code.name: code for code in codes}
    unmatched = set(get_args(CodeName)) ^ set(registry)
    if unmatched or len(registry) != len(codes):
        raise AssertionError(f"CODES and CodeName must list each code once: {sorted(unmatched)}")
    return registry


# Every diagnostic code, in the order the README and the docs list them.
CODES: Final = _registry(
    Code(
        "toml-syntax",
        ERROR,
        "The file is not valid TOML (Codex reads TOML 1.1); Codex refuses to load it.",
        "Codex parses config.toml as TOML 1.1 before it looks at any key, and stops at the first error: "
        "nothing in the file takes effect. The checker reads past an error, so the rest of the file is still "
        "checked. A key defined twice, a table opened twice, a string left open and a value missing after "
        "`=` are the usual causes.",
    ),
    Code(
        "unknown-model",
        WARNING,
        "A model slug no catalog lists; Codex loads it but falls back to generic model metadata.",
        "The slug is in no catalog Codex reads: the one bundled with the release, the account's "
        "`models_cache.json` or the config's own `model_catalog_json`. Codex loads the config but warns at "
        "session start that it has no metadata for the model and uses generic settings (context window, "
        "reasoning, tools), which can degrade its work. A model only the models page lists gets this too. "
        "The quick fixes offer the closest listed slugs. Models served by a provider with its own names "
        "(a custom `[model_providers.<id>]`, Ollama, LM Studio, Bedrock, Vertex, or `openai_base_url`) are "
        "not checked.",
    ),
    Code(
        "wire-api-chat",
        ERROR,
        "A provider on the removed Chat Completions wire API; Codex refuses to load it.",
        'Codex deprecated and then removed `wire_api = "chat"`: it refuses to load a config with it. '
        'Set `wire_api = "responses"`; the provider\'s server must speak the Responses API.',
        tags=DEPRECATED,
    ),
    Code(
        "unknown-key",
        WARNING,
        "A key Codex does not know; it ignores the key with a startup warning.",
        "Codex ignores a key it does not know and names it in a warning at startup, so a misspelt key "
        "silently has no effect. The message says where a key of that name belongs when it is in another "
        "table, and the quick fixes offer the closest known keys and the key's removal.",
        tags=UNNECESSARY,
        variants=(Variant(INFORMATION, "the Codex release is newer than the releases this checker knows"),),
    ),
    Code(
        "invalid-type",
        ERROR,
        "A value of the wrong type; Codex refuses to load the config.",
        "Codex deserializes the whole config strictly: a string where it expects a table, a number where it "
        "expects a string, and so on, stop it from loading. The message names the type Codex expects.",
    ),
    Code(
        "invalid-value",
        ERROR,
        "A value Codex does not accept (enum, range); Codex refuses to load the config.",
        "A value of the right type that Codex still refuses: a string outside its set of choices, a number "
        "out of range, a permission profile nobody defines, a model catalog file with no usable model. "
        "The quick fixes offer the closest accepted values. A value Codex used to accept "
        '(`approval_policy = "untrusted"`) is struck through.',
    ),
    Code(
        "undefined-provider",
        ERROR,
        "`model_provider` names no built-in or defined provider; Codex refuses to start.",
        "`model_provider` must name a built-in provider or a `[model_providers.<id>]` table of some file of "
        "the stack. The quick fixes offer the closest provider names and a table to complete. A removed "
        "provider (`ollama-chat`) is named with its replacement.",
        variants=(Variant(WARNING, "the name is in a legacy `[profiles.<name>]` table, which Codex ignores"),),
    ),
    Code(
        "undefined-profile",
        ERROR,
        "`profile` names no `[profiles.<name>]` table.",
        "`profile = ...` names a profile that no `[profiles.<name>]` table defines. Codex now refuses "
        "`profile = ...` altogether (see `legacy-profile`): remove the line and start Codex with "
        "`--profile <name>`.",
    ),
    Code(
        "legacy-profile",
        ERROR,
        "Legacy profiles: Codex refuses `profile = ...` (error) and ignores `[profiles.*]` tables (information).",
        "Codex reads a profile from `<name>.config.toml` beside config.toml when started with "
        "`--profile <name>`. It refuses a config that selects a profile with `profile = ...`, and ignores "
        "`[profiles.<name>]` tables (while one exists, `--profile <name>` fails). The quick fix moves a "
        "table's settings into `<name>.config.toml`.",
        tags=DEPRECATED,
        variants=(Variant(INFORMATION, "it is about a `[profiles.<name>]` table, which Codex ignores"),),
    ),
    Code(
        "builtin-provider-override",
        ERROR,
        "A `[model_providers.<id>]` that redefines a built-in provider; Codex refuses it.",
        "A built-in provider cannot be redefined: give your provider another id and point `model_provider` "
        "at it. Amazon Bedrock and Vertex (`amazon-bedrock`, `gcp`) may adjust a few fields (the message "
        "lists them); any other field of their table is refused.",
    ),
    Code(
        "model-unavailable",
        WARNING,
        "A model that is not available the way this config signs in.",
        'With `forced_login_method = "api"` Codex signs in with an API key only, and the model is not '
        "available through the API. Choose a model with API access or sign in with ChatGPT.",
    ),
    Code(
        "untrusted-project",
        INFORMATION,
        "A project's `.codex/config.toml` in a folder the user config does not trust: Codex ignores the file.",
        "Codex reads a project's `.codex/config.toml` only when the user config trusts the project: "
        '`[projects."<folder>"]` with `trust_level = "trusted"`. Codex offers to add it the first time it '
        "starts in the folder.",
    ),
    Code(
        "ignored-in-project",
        WARNING,
        "A key Codex ignores in a project's `.codex/config.toml` (only the user's own files may set it).",
        "A few keys (model providers, the URLs Codex talks to, `notify`, `otel`, legacy profiles) may only be "
        "set by the user's own files: Codex ignores them in a project config, with a startup warning, and "
        "checks nothing in them. Set them in the user config or a profile file.",
        tags=UNNECESSARY,
    ),
    Code(
        "deprecated-setting",
        WARNING,
        "A setting Codex still reads but warns about at startup as deprecated.",
        "Codex still applies the setting but warns at startup that it is deprecated; the message says what "
        "replaces it.",
        tags=DEPRECATED,
    ),
    Code(
        "missing-file",
        ERROR,
        "A file the config names is missing: Codex refuses to load (an agent role file: it drops the role).",
        "Codex reads `model_instructions_file`, `model_catalog_json` and `experimental_compact_prompt_file` "
        "when it loads the config, and refuses to load when one is missing, a folder or unreadable. Relative "
        "paths start at the folder of the file that names them. Only files the checker could look at are "
        "judged.",
        variants=(Variant(WARNING, "an agent role's `config_file` is missing: Codex drops the role"),),
    ),
)
