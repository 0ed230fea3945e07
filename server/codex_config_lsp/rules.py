"""Codex's rules that span keys: models, providers, profiles, permissions.

Each function reads the tree and yields problems; the key-by-key rules
(types, enums, unknown keys) are the schema's.
"""

from __future__ import annotations

from typing import Iterator

from . import domain, releases
from .catalog import Catalog
from .problems import ERROR, INFORMATION, WARNING, Fix, Problem, line_span, replace_string
from .schema import BUILTIN_PROVIDERS
from .stack import Effective, Stack
from .syntax import InlineTable, ParsedDocument, escape_basic, key_text
from .text import Span, line_break
from .tree import Tree


def check(document: ParsedDocument, tree: Tree, catalog: Catalog, stack: Stack) -> Iterator[Problem]:
    """Rules over this file, reading names and values the other files of its stack define."""
    release = releases.parse(stack.release) or releases.parse(releases.NEWEST)
    inherited = stack.effective
    yield from _availability(tree, catalog, inherited)  # before `_models`: says more of the same value
    yield from _models(tree, catalog, inherited, release.short)
    yield from _wire_api(tree)
    yield from _providers(document, tree, stack)
    own = stack.own_layer
    yield from _profiles(document, tree, release.short, own is not None and own.kind == "profile")
    yield from _approval(document, tree, release.short)
    yield from _permissions(tree, stack)


# What Codex 0.169 and 0.171 do with a model no catalog of theirs lists (measured: `codex exec` stderr).
_NO_METADATA = (
    "Codex loads it, but at session start warns that it found no metadata for the model and falls back to "
    "generic settings, which can degrade its work."
)


def _models(tree: Tree, catalog: Catalog, inherited: Effective, release: str) -> Iterator[Problem]:
    for located in domain.model_slots(tree):
        slug = located.string
        if slug is None or domain.routes_elsewhere(tree, located.path, inherited):
            continue
        model = catalog.get(slug)
        if model is not None and any(source.kind != "models_page" for source, _ in model.facts):
            continue  # a catalog Codex reads lists it, or the user's own catalog file does
        suggestions = [s for s in catalog.suggest(slug) if s != slug]
        hint = f" Did you mean {', '.join(f'`{s}`' for s in suggestions)}?" if suggestions else ""
        where = (
            f"`{slug}` is on the models page, but Codex {release}'s catalog does not list it."
            if model is not None
            else f"`{slug}` is in no model list Codex {release} knows.{hint}"
        )
        yield Problem(
            "unknown-model",
            located.value.span,
            f"{where} {_NO_METADATA}",
            WARNING,
            key=domain.dotted(located.path),
            fixes=tuple(
                replace_string(located.value.span, s, f"Change to `{s}`", i == 0) for i, s in enumerate(suggestions)
            ),
        )


def _wire_api(tree: Tree) -> Iterator[Problem]:
    for located in tree.matching(("model_providers", "*", "wire_api")):
        if located.string != "chat":
            continue
        provider = located.path[1]
        yield Problem(
            "wire-api-chat",
            located.value.span,
            f"Provider `{provider}` uses the Chat Completions API, which Codex deprecated and then removed: "
            'Codex refuses to load this config. Set `wire_api = "responses"` (the server must speak the Responses API).',
            ERROR,
            key=domain.dotted(located.path),
            fixes=(replace_string(located.value.span, "responses", 'Use `wire_api = "responses"`', True),),
            deprecated=True,
        )


def _providers(document: ParsedDocument, tree: Tree, stack: Stack) -> Iterator[Problem]:
    defined = [*domain.defined_providers(tree), *stack.defined("model_providers")]
    for located in domain.provider_references(tree):
        name = located.string
        if name is None or name in defined or name in BUILTIN_PROVIDERS:
            continue
        in_profile = located.path[0] == "profiles"
        if name in domain.REMOVED_PROVIDERS:
            replacement = domain.REMOVED_PROVIDERS[name]
            message = f"`{name}` is no longer a provider: Codex refuses to load this config. Use `{replacement}`."
            fixes = (replace_string(located.value.span, replacement, f"Change to `{replacement}`", True),)
        else:
            choices = domain.closest(name, [*BUILTIN_PROVIDERS, *defined])
            hint = f" Did you mean {', '.join(f'`{c}`' for c in choices)}?" if choices else ""
            message = (
                f"No provider `{name}`: it is neither built in ({', '.join(BUILTIN_PROVIDERS)}) "
                f"nor defined in a `[model_providers.{name}]` table.{hint}"
                + ("" if in_profile else " Codex refuses to start with it.")
            )
            fixes = tuple(
                replace_string(located.value.span, c, f"Change to `{c}`", i == 0) for i, c in enumerate(choices)
            ) + _define_provider(document, tree, name)
        yield Problem(
            "undefined-provider",
            located.value.span,
            message,
            WARNING if in_profile else ERROR,
            key=domain.dotted(located.path),
            fixes=fixes,
        )
    for located in tree.matching(("model_providers", "*")):
        name = located.path[1]
        allowed = domain.ADJUSTABLE_PROVIDERS.get(name)
        if allowed is not None:
            yield from _adjustments(tree, name, allowed)
        elif name in BUILTIN_PROVIDERS:
            yield Problem(
                "builtin-provider-override",
                located.key_span,
                f"`{name}` is a built-in provider and cannot be redefined: Codex refuses to load this config. "
                f"Rename this provider (for example `{name}-custom`) and point `model_provider` at the new name.",
                ERROR,
                key=domain.dotted(located.path),
            )


def _define_provider(document: ParsedDocument, tree: Tree, name: str) -> tuple[Fix, ...]:
    """A fix that appends a `[model_providers.<name>]` table for the user to complete."""
    providers = tree.locations.get(("model_providers",))
    if providers is not None and isinstance(providers.value, InlineTable):
        return ()  # an inline table cannot be extended by a header
    text = document.text
    eol = line_break(text)
    lines = [
        "",
        f"[model_providers.{key_text(name)}]",
        f'name = "{escape_basic(name)}"',
        'base_url = "https://YOUR-PROVIDER/v1"  # where its Responses API is served',
    ]
    table = ("" if not text or text.endswith("\n") else eol) + eol.join(lines) + eol
    return (Fix(f"Define `[model_providers.{key_text(name)}]`", Span(len(text), len(text)), table),)


def _adjustments(tree: Tree, provider: str, allowed: frozenset[str]) -> Iterator[Problem]:
    """Fields a built-in provider's table may not change (Codex names the allowed ones)."""
    table = tree.get(("model_providers", provider))
    if not isinstance(table, dict):
        return
    for field, value in table.items():
        paths = [(field, sub) for sub in value] if field == "aws" and isinstance(value, dict) else [(field,)]
        for path in paths:
            if ".".join(path) in allowed or (len(path) == 1 and field in allowed):
                continue
            located = tree.locations.get(("model_providers", provider, *path))
            if located is None:
                continue
            listed = ", ".join(f"`{a}`" for a in sorted(allowed))
            yield Problem(
                "builtin-provider-override",
                located.key_span,
                f"`{provider}` is built in: its table may only change {listed}. Codex refuses to load this config; "
                f"remove `{'.'.join(path)}`.",
                ERROR,
                key=domain.dotted(located.path),
            )


def _profiles(document: ParsedDocument, tree: Tree, release: str, in_profile_file: bool) -> Iterator[Problem]:
    profiles = domain.defined_profiles(tree)
    selector = tree.locations.get(("profile",))
    name = selector.string if selector else None
    if selector is not None and name is not None:
        if name in profiles:
            message = (
                f'Codex {release} no longer reads `profile = "{name}"` and refuses to load this config. '
                f"Remove this line and start Codex with `--profile {name}`, keeping the settings in `{name}.config.toml` beside this file."
            )
            remove = Fix(f'Remove `profile = "{name}"`', line_span(document.text, selector.key_span), "", True)
            yield Problem(
                "legacy-profile", selector.value.span, message, ERROR, key="profile", fixes=(remove,), deprecated=True
            )
        else:
            choices = domain.closest(name, profiles)
            hint = f" Did you mean {', '.join(f'`{c}`' for c in choices)}?" if choices else ""
            message = (
                f"No `[profiles.{name}]` table is defined.{hint} Codex {release} also refuses `profile = ...` "
                f"altogether: remove this line and start Codex with `--profile <name>` instead."
            )
            yield Problem(
                "undefined-profile",
                selector.value.span,
                message,
                ERROR,
                key="profile",
                fixes=tuple(
                    replace_string(selector.value.span, c, f"Change to `{c}`", i == 0) for i, c in enumerate(choices)
                ),
            )
    for located in tree.matching(("profiles", "*")):
        profile = located.path[1]
        yield Problem(
            "legacy-profile",
            located.key_span,
            (
                f"Codex {release} ignores `[profiles.{profile}]` in a profile file (measured: it loads silently). "
                f"Move these settings to `{profile}.config.toml` and start Codex with `--profile {profile}`."
                if in_profile_file
                else f"Codex {release} ignores `[profiles.{profile}]`, and `--profile {profile}` fails while it exists. "
                f"Move these settings to `{profile}.config.toml` beside this file and start Codex with `--profile {profile}`."
            ),
            INFORMATION,
            key=domain.dotted(located.path),
            deprecated=True,
        )


def _availability(tree: Tree, catalog: Catalog, inherited: Effective) -> Iterator[Problem]:
    login = tree.get(("forced_login_method",))
    if (login if login is not None else inherited.get(("forced_login_method",))) != "api":
        return
    for located in domain.model_slots(tree):
        slug = located.string
        model = catalog.get(slug) if slug else None
        if (
            model is None
            or model.availability.api is not False
            or domain.routes_elsewhere(tree, located.path, inherited)
        ):
            continue
        yield Problem(
            "model-unavailable",
            located.value.span,
            f'`{slug}` is not available with an API key, and `forced_login_method = "api"` allows no other sign-in. '
            "Choose a model with API access or sign in with ChatGPT.",
            WARNING,
            key=domain.dotted(located.path),
        )


def _approval(document: ParsedDocument, tree: Tree, release: str) -> Iterator[Problem]:
    # Codex's enum still lists "untrusted", but 0.169 and 0.171 refuse it at the top level.
    located = tree.locations.get(("approval_policy",))
    if located is None or located.string != "untrusted":
        return
    yield Problem(
        "invalid-value",
        located.value.span,
        f'Codex {release} no longer supports `approval_policy = "untrusted"` and refuses to load this config: '
        'remove the line (or choose "on-request").',
        ERROR,
        key="approval_policy",
        fixes=(
            Fix("Remove `approval_policy`", line_span(document.text, located.key_span), "", True),
            replace_string(located.value.span, "on-request", 'Change to "on-request"'),
        ),
        deprecated=True,
    )


def _permissions(tree: Tree, stack: Stack) -> Iterator[Problem]:
    """`default_permissions` and `[permissions.<name>]` must name each other, in any file of the stack."""
    profiles = tree.get(("permissions",))
    defined = [*(profiles if isinstance(profiles, dict) else ()), *stack.defined("permissions")]
    selector = tree.locations.get(("default_permissions",))
    name = selector.string if selector else None
    if selector is None:
        table = tree.locations.get(("permissions",))
        chosen_elsewhere = stack.effective.get(("default_permissions",)) is not None
        if defined and table is not None and not chosen_elsewhere:
            yield Problem(
                "invalid-value",
                table.key_span,
                "Permission profiles are defined but `default_permissions` is not set: Codex refuses to load this "
                f'config. Add `default_permissions = "{defined[0]}"` at the top level.',
                ERROR,
                key="permissions",
            )
        return
    if name is None:
        return
    if name.startswith(":"):
        if name[1:] not in domain.BUILTIN_PERMISSIONS:
            builtins = ", ".join(f"`:{b}`" for b in domain.BUILTIN_PERMISSIONS)
            choices = domain.closest(name, [f":{b}" for b in domain.BUILTIN_PERMISSIONS])
            yield Problem(
                "invalid-value",
                selector.value.span,
                f"`{name}` is not a built-in permission profile ({builtins}): Codex refuses to load this config.",
                ERROR,
                key="default_permissions",
                fixes=tuple(
                    replace_string(selector.value.span, c, f"Change to `{c}`", i == 0) for i, c in enumerate(choices)
                ),
            )
        return
    if name in defined:
        return
    if not defined:
        message = (
            f"`default_permissions` names `{name}`, but there is no `[permissions]` table: Codex refuses to load "
            f"this config. Define `[permissions.{name}]` or use a built-in profile such as `:workspace`."
        )
    else:
        message = f"No `[permissions.{name}]` profile is defined: Codex refuses to load this config."
    choices = domain.closest(name, defined)
    yield Problem(
        "invalid-value",
        selector.value.span,
        message,
        ERROR,
        key="default_permissions",
        fixes=tuple(replace_string(selector.value.span, c, f"Change to `{c}`", i == 0) for i, c in enumerate(choices)),
    )
