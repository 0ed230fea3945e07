"""Codex facts that span tables: where models are named, which providers exist.

Key-by-key facts (types, enums, docs) live in ``schema``; this module knows how
the pieces of a config refer to each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import releases
from .catalog import Catalog
from .tree import KeyPath, Located, Tree, fits

if TYPE_CHECKING:
    from .stack import Effective

# Every place Codex reads a model slug from.
MODEL_SLOTS: tuple[tuple[str, ...], ...] = (
    ("model",),
    ("review_model",),
    ("profiles", "*", "model"),
    ("agents", "*", "model"),
    ("memories", "extract_model"),
    ("memories", "consolidation_model"),
)

PROVIDER_SLOTS: tuple[tuple[str, ...], ...] = (("model_provider",), ("profiles", "*", "model_provider"))

# Keys that pick a reasoning effort for the model in their scope (root or profile).
EFFORT_SLOTS: tuple[tuple[str, ...], ...] = (
    ("model_reasoning_effort",),
    ("plan_mode_reasoning_effort",),
    ("profiles", "*", "model_reasoning_effort"),
    ("profiles", "*", "plan_mode_reasoning_effort"),
)


# Built-in providers whose table may adjust a few fields, and which (Codex 0.169's own list).
ADJUSTABLE_PROVIDERS: dict[str, frozenset[str]] = {
    "amazon-bedrock": frozenset(
        {"base_url", "auth", "http_headers", "aws.profile", "aws.region", "aws.credential_export", "aws.auth_refresh"}
    ),
    "gcp": frozenset({"base_url", "auth", "http_headers", "project_id", "location", "credential_file"}),
}

# `default_permissions = ":<name>"` picks one of these (probed on Codex 0.169), and what each allows.
BUILTIN_PERMISSIONS = {
    "read-only": "Built in: commands may read files but not change them.",
    "workspace": "Built in: commands may change files inside the workspace only.",
    "danger-full-access": "Built in: no sandbox; commands may change anything.",
}

# Provider ids Codex used to accept and now refuses, with their replacement.
REMOVED_PROVIDERS = {"ollama-chat": "ollama"}

# Providers whose models are OpenAI's own catalog models.
_OPENAI_PROVIDERS = frozenset({"openai"})


# -- secrets: the one place that says which values are never shown ------------------------------

HIDDEN = "…"  # what stands for a value that may be a secret

_SECRET_WORDS = re.compile(r"token|secret|password|passwd|api[_-]?key|authorization|credential|cookie", re.IGNORECASE)
# Tables whose every value may be a secret: environments, headers, query parameters (`?key=`, Azure `sig=`).
_SECRET_TABLES = frozenset({"env", "http_headers", "headers", "env_http_headers", "set", "query_params"})
# Text that is a credential by its form, wherever it stands: API keys and tokens of well-known services,
# a bearer header, a JWT, a URL that carries a password (`https://user:pass@host`).
_SECRET_FORMS = re.compile(
    r"(?<![A-Za-z0-9])(?:sk-|sk_(?:live|test)_|rk_live_|gh[pousr]_|github_pat_|glpat-|xox[abpsr]-|AKIA[0-9A-Z]{12}"
    r"|AIza|eyJ[A-Za-z0-9_-]{8,}\.)|\bbearer\s|://[^/?#@\s]*:[^/?@]*@",
    re.IGNORECASE,
)


def is_secret(path: KeyPath) -> bool:
    """True for values that may hold a secret by where they are (their key or table); their text is never shown."""
    names = [str(part) for part in path if not isinstance(part, int)]
    return bool(names) and (any(name in _SECRET_TABLES for name in names) or bool(_SECRET_WORDS.search(names[-1])))


def looks_secret(text: str) -> bool:
    """True for a string that may carry a secret itself: a token, or an argument or URL that names one."""
    return bool(_SECRET_WORDS.search(text) or _SECRET_FORMS.search(text))


def holds_secret(path: KeyPath, value: object) -> bool:
    """True when the value at ``path`` is or contains something never to show (see :func:`redacted`)."""
    return redacted(path, value) != value


def redacted(path: KeyPath, value: object) -> object:
    """``value`` (at ``path``) as it may be shown: each part that may be a secret replaced by HIDDEN.

    A part may be a secret by where it is (:func:`is_secret`), by its text
    (:func:`looks_secret`), or as the argument after a flag that names one
    (`args = ["--api-key", "..."]`). A URL keeps its scheme, host and path.
    """
    if isinstance(value, dict):
        return {key: redacted(path + (key,), item) for key, item in value.items()}
    if isinstance(value, list):
        flagged = secret_items(value)
        return [
            HIDDEN if flag else redacted(path + (i,), item)
            for i, (item, flag) in enumerate(zip(value, flagged, strict=True))
        ]
    if is_secret(path):
        return HIDDEN
    return _masked(value) if isinstance(value, str) and looks_secret(value) and not _names_secret(value) else value


def secret_items(items: list[object]) -> list[bool]:
    """For each item of an array: True when it follows a flag that names a secret (`--token`, `--api-key`)."""
    flags: list[bool] = []
    after_flag = False
    for item in items:
        flags.append(after_flag)
        after_flag = isinstance(item, str) and _names_secret(item)
    return flags


def _names_secret(flag: str) -> bool:
    """`--api-key`, `--token`: a flag whose next argument is a secret (`--token=...` carries one itself)."""
    flag = flag.strip()
    plain = flag.startswith("-") and "=" not in flag and not any(c.isspace() for c in flag)
    return plain and bool(_SECRET_WORDS.search(flag))


def secret_at(tree: Tree, path: KeyPath) -> bool:
    """True when the value written at ``path`` may be a secret, by any rule :func:`redacted` applies."""
    if path and isinstance(path[-1], int) and path[-1] > 0:
        # As written: an array with an item that did not scan is left out of the data, its items are still located.
        before = tree.locations.get(path[:-1] + (path[-1] - 1,))
        if before is not None and before.string is not None and _names_secret(before.string):
            return True
    return holds_secret(path, tree.get(path))


def _masked(text: str) -> str:
    """A URL with its credentials, query and fragment hidden; any other text that looks secret: HIDDEN."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return HIDDEN
    if not (parts.scheme and parts.netloc) or any(c.isspace() for c in text.strip()):
        return HIDDEN
    if "@" in text and "@" not in parts.netloc:  # `user:pa#ss@host`: where the host starts is not clear
        return HIDDEN
    host = parts.netloc.rpartition("@")[2]
    kept = f"{parts.scheme}://{'…@' if '@' in parts.netloc else ''}{host}{parts.path}"
    if looks_secret(f"{parts.scheme}://{host}{parts.path}"):
        return HIDDEN
    return kept + ("?…" if parts.query else "") + ("#…" if parts.fragment else "")


def dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path if not isinstance(part, int))


def release_name(release: str) -> str:
    """How messages name the Codex ``release`` judged for: `0.171`; the newest known one when it is no version."""
    parsed = releases.parse(release) or releases.parse(releases.NEWEST)
    assert parsed is not None, "releases.NEWEST is a version"
    return parsed.short


def matches(path: KeyPath, patterns: Iterable[tuple[str, ...]]) -> bool:
    """True when ``path`` fits one of ``patterns``; ``*`` matches any one key."""
    return any(fits(path, pattern) for pattern in patterns)


def model_slots(tree: Tree) -> Iterator[Located]:
    for pattern in MODEL_SLOTS:
        yield from tree.matching(pattern)


def provider_references(tree: Tree) -> Iterator[Located]:
    for pattern in PROVIDER_SLOTS:
        yield from tree.matching(pattern)


def defined_providers(tree: Tree) -> list[str]:
    providers = tree.get(("model_providers",))
    return [name for name in providers if isinstance(name, str)] if isinstance(providers, dict) else []


def defined_profiles(tree: Tree) -> list[str]:
    profiles = tree.get(("profiles",))
    return list(profiles) if isinstance(profiles, dict) else []


def _in_scope(tree: Tree, path: KeyPath, key: str, inherited: Effective | None) -> str | None:
    """The string ``key`` that applies at ``path``: its legacy profile's, else the top-level one.

    ``inherited`` is the config of the whole stack: a value this file does
    not set may come from another layer.
    """
    if path[:1] == ("profiles",) and len(path) > 2:
        in_profile = tree.get(path[:2] + (key,))
        if isinstance(in_profile, str):
            return in_profile
    root = tree.get((key,))
    if isinstance(root, str):
        return root
    merged = inherited.get((key,)) if inherited is not None else None
    return merged if isinstance(merged, str) else None


def provider_for(tree: Tree, path: KeyPath, inherited: Effective | None = None) -> str:
    """The provider id that serves the model named at ``path``."""
    return _in_scope(tree, path, "model_provider", inherited) or "openai"


def model_in_scope(tree: Tree, path: KeyPath, inherited: Effective | None = None) -> str | None:
    """The model a key at ``path`` applies to: its profile's `model`, else the top-level one."""
    return _in_scope(tree, path, "model", inherited)


def efforts_in_scope(
    tree: Tree, path: KeyPath, catalog: Catalog, inherited: Effective | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """The model a reasoning-effort key at ``path`` applies to, and the efforts the catalog lists for it."""
    slug = model_in_scope(tree, path, inherited) or catalog.default_model
    model = catalog.get(slug) if slug else None
    return (model.slug, model.reasoning_efforts) if model and model.reasoning_efforts else None


def routes_elsewhere(tree: Tree, path: KeyPath, inherited: Effective | None = None) -> bool:
    """True when the model at ``path`` goes to a server that is not OpenAI's own.

    Such servers have their own model names (Ollama's `llama3`, a proxy's
    aliases), so the catalog cannot judge them.
    """
    provider = provider_for(tree, path, inherited)
    if provider not in _OPENAI_PROVIDERS:
        return True
    return isinstance(_in_scope(tree, (), "openai_base_url", inherited), str)
