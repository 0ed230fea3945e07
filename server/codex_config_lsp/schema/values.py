"""What the values of the most used enums mean, in a line each (hover and completion show them)."""

from __future__ import annotations

from .. import releases
from ._base import codex_name
from ._meta import CODEX_RELEASE

_EFFORTS = {
    "none": "No reasoning at all: fastest, for trivial edits.",
    "minimal": "The least reasoning that still plans a step.",
    "low": "Light reasoning: quick answers for routine work.",
    "medium": "Balanced depth and speed.",
    "high": "Deeper reasoning for hard problems; slower.",
    "xhigh": "Very deep reasoning for the hardest problems.",
    "max": "The deepest reasoning the model offers.",
    "ultra": "The deepest reasoning, and the model may hand parts of the task to sub-agents.",
}

VALUE_DOCS: dict[tuple[str, ...], dict[str, str]] = {
    ("approval_policy",): {
        "untrusted": "Ask before any command that is not known to be safe. {codex} refuses it at the top level.",
        "on-failure": "Run in the sandbox and ask only when a command fails there. Deprecated.",
        "on-request": "The model decides when to ask, for example to leave the sandbox.",
        "never": "Never ask; failures go back to the model.",
    },
    ("sandbox_mode",): {
        "read-only": "Commands may read files but not write them or use the network.",
        "workspace-write": "Commands may write inside the workspace (and the extra writable roots).",
        "danger-full-access": "No sandbox at all: commands can do anything you can.",
    },
    ("model_reasoning_effort",): _EFFORTS,
    ("plan_mode_reasoning_effort",): _EFFORTS,
    ("model_reasoning_summary",): {
        "auto": "Let the model choose how much of its reasoning to summarise.",
        "concise": "Short summaries of the reasoning.",
        "detailed": "Longer summaries of the reasoning.",
        "none": "No reasoning summaries.",
    },
    ("model_verbosity",): {
        "low": "Terse answers.",
        "medium": "Answers of ordinary length.",
        "high": "Thorough, longer answers.",
    },
    ("web_search",): {
        "disabled": "No web search tool.",
        "cached": "Web search answered from a cache instead of live results.",
        "live": "Live web search.",
    },
    ("personality",): {
        "none": "No personality template.",
        "friendly": "A warmer, more conversational tone.",
        "pragmatic": "A direct, matter-of-fact tone.",
    },
    ("forced_login_method",): {
        "chatgpt": "Only ChatGPT sign-in is allowed.",
        "api": "Only an API key is allowed.",
    },
    ("cli_auth_credentials_store",): {
        "file": "Keep the login in `auth.json` under the Codex home folder.",
        "keyring": "Keep the login in the system keyring.",
        "auto": "Use the keyring when there is one, else the file.",
        "ephemeral": "Keep the login in memory for this session only.",
    },
    ("history", "persistence"): {
        "save-all": "Write every message to `history.jsonl`.",
        "none": "Keep no history file.",
    },
    ("shell_environment_policy", "inherit"): {
        "core": "Pass only a core set of variables (HOME, PATH, USER, ...).",
        "all": "Pass the whole environment of Codex.",
        "none": "Start from an empty environment.",
    },
    ("model_providers", "*", "wire_api"): {
        "responses": "The Responses API (`<base_url>/responses`), the only one current Codex speaks.",
    },
}


def value_doc(pattern: tuple[str, ...], value: str, release: str = releases.NEWEST) -> str | None:
    """The meaning of ``value`` for the key at ``pattern`` (a KeyInfo path) in Codex ``release``, if written
    down. (The refusal of top-level "untrusted" was measured on 0.169.0 and 0.171.0.)"""
    docs = VALUE_DOCS.get(pattern)
    if docs is None and pattern[:1] == ("profiles",) and len(pattern) == 3:
        docs = VALUE_DOCS.get(pattern[2:])
    text = docs.get(value) if docs else None
    if text and CODEX_RELEASE in text:
        text = text.replace(CODEX_RELEASE, codex_name(releases.knowledge_for(release)))
    return text
