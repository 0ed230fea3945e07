"""Codex's rules that span keys: models, providers, profiles, permissions.

Each function reads the tree and yields problems; the key-by-key rules
(types, enums, unknown keys) are the schema's.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import domain
from .catalog import Catalog
from .problems import INFORMATION, WARNING, Fix, Problem, line_span, replace_string
from .schema import BUILTIN_PROVIDERS
from .stack import Effective, Stack
from .suggest import closest, did_you_mean, replacement_fixes
from .syntax import InlineTable, ParsedDocument
from .text import Span, line_break
from .toml_text import escape_basic, key_text, toml_string
from .tree import Tree


def check(document: ParsedDocument, tree: Tree, catalog: Catalog, stack: Stack) -> Iterator[Problem]:
    """Rules over this file, reading names and values the other files of its stack define."""
    release = domain.release_name(stack.release)
    inherited = stack.effective
    yield from _availability(tree, catalog, inherited)  # before `_models`: says more of the same value
    yield from _models(tree, catalog, inherited, release)
    yield from _wire_api(tree)
    yield from _providers(document, tree, stack)
    own = stack.own_layer
    yield from _profiles(document, tree, release, own is not None and own.kind == "profile")
    yield from _approval(document, tree, release)
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
        suggestions = closest(slug, catalog.slugs())
        where = (
            f"`{slug}` is on the models page, but Codex {release}'s catalog does not list it."
            if model is not None
            else f"`{slug}` is in no model list Codex {release} knows.{did_you_mean(suggestions)}"
        )
        yield Problem(
            "unknown-model",
            located.value_span,
            f"{where} {_NO_METADATA}",
            key=domain.dotted(located.path),
            fixes=replacement_fixes(located.value_span, suggestions, toml_string),
        )


def _wire_api(tree: Tree) -> Iterator[Problem]:
    for located in tree.matching(("model_providers", "*", "wire_api")):
        if located.string != "chat":
            continue
        provider = located.path[1]
        yield Problem(
            "wire-api-chat",
            located.value_span,
            f"Provider `{provider}` uses the Chat Completions API, which Codex deprecated and then removed: "
            'Codex refuses to load this config. Set `wire_api = "responses"` '
            "(the server must speak the Responses API).",
            key=domain.dotted(located.path),
            fixes=(replace_string(located.value_span, "responses", 'Use `wire_api = "responses"`', True),),
        )


def _providers(document: ParsedDocument, tree: Tree, stack: Stack) -> Iterator[Problem]:
    defined = [*domain.defined_providers(tree), *stack.defined("model_providers")]
    for located in domain.provider_references(tree):
        name = located.string
        if name is None or name in defined or name in BUILTIN_PROVIDERS:
            continue
        in_profile = located.path[0] == "profiles"  # a legacy profile table, which Codex ignores
        fixes: tuple[Fix, ...]
        if name in domain.REMOVED_PROVIDERS:
            replacement = domain.REMOVED_PROVIDERS[name]
            message = f"`{name}` is no longer a provider: Codex refuses to load this config. Use `{replacement}`."
            fixes = (replace_string(located.value_span, replacement, f"Change to `{replacement}`", True),)
        else:
            choices = closest(name, [*BUILTIN_PROVIDERS, *defined])
            message = (
                f"No provider `{name}`: it is neither built in ({', '.join(BUILTIN_PROVIDERS)}) "
                f"nor defined in a `[model_providers.{name}]` table.{did_you_mean(choices)}"
                + ("" if in_profile else " Codex refuses to start with it.")
            )
            fixes = replacement_fixes(located.value_span, choices, toml_string) + _define_provider(document, tree, name)
        yield Problem(
            "undefined-provider",
            located.value_span,
            message,
            WARNING if in_profile else None,
            key=domain.dotted(located.path),
            fixes=fixes,
        )
    for located in tree.matching(("model_providers", "*")):
        name = str(located.path[1])
        allowed = domain.ADJUSTABLE_PROVIDERS.get(name)
        if allowed is not None:
            yield from _adjustments(tree, name, allowed)
        elif name in BUILTIN_PROVIDERS:
            yield Problem(
                "builtin-provider-override",
                located.key_span,
                f"`{name}` is a built-in provider and cannot be redefined: Codex refuses to load this config. "
                f"Rename this provider (for example `{name}-custom`) and point `model_provider` at the new name.",
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
                f"Remove this line and start Codex with `--profile {name}`, "
                f"keeping the settings in `{name}.config.toml` beside this file."
            )
            remove = Fix(f'Remove `profile = "{name}"`', line_span(document.text, selector.key_span), "", True)
            yield Problem("legacy-profile", selector.value_span, message, key="profile", fixes=(remove,))
        else:
            choices = closest(name, profiles)
            message = (
                f"No `[profiles.{name}]` table is defined.{did_you_mean(choices)} Codex {release} also refuses "
                f"`profile = ...` altogether: remove this line and start Codex with `--profile <name>` instead."
            )
            yield Problem(
                "undefined-profile",
                selector.value_span,
                message,
                key="profile",
                fixes=replacement_fixes(selector.value_span, choices, toml_string),
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
                else f"Codex {release} ignores `[profiles.{profile}]`, and `--profile {profile}` fails while it "
                f"exists. Move these settings to `{profile}.config.toml` beside this file and start Codex with "
                f"`--profile {profile}`."
            ),
            INFORMATION,
            key=domain.dotted(located.path),
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
            located.value_span,
            f'`{slug}` is not available with an API key, and `forced_login_method = "api"` allows no other sign-in. '
            "Choose a model with API access or sign in with ChatGPT.",
            key=domain.dotted(located.path),
        )


def _approval(document: ParsedDocument, tree: Tree, release: str) -> Iterator[Problem]:
    # Codex's enum still lists "untrusted", but 0.169 and 0.171 refuse it at the top level.
    located = tree.locations.get(("approval_policy",))
    if located is None or located.string != "untrusted":
        return
    yield Problem(
        "invalid-value",
        located.value_span,
        f'Codex {release} no longer supports `approval_policy = "untrusted"` and refuses to load this config: '
        'remove the line (or choose "on-request").',
        key="approval_policy",
        fixes=(
            Fix("Remove `approval_policy`", line_span(document.text, located.key_span), "", True),
            replace_string(located.value_span, "on-request", 'Change to "on-request"'),
        ),
        deprecated=True,  # a value Codex used to accept
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
                key="permissions",
            )
        return
    if name is None:
        return
    if name.startswith(":"):
        if name[1:] not in domain.BUILTIN_PERMISSIONS:
            builtins = ", ".join(f"`:{b}`" for b in domain.BUILTIN_PERMISSIONS)
            choices = closest(name, [f":{b}" for b in domain.BUILTIN_PERMISSIONS])
            yield Problem(
                "invalid-value",
                selector.value_span,
                f"`{name}` is not a built-in permission profile ({builtins}): Codex refuses to load this config."
                + did_you_mean(choices),
                key="default_permissions",
                fixes=replacement_fixes(selector.value_span, choices, toml_string),
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
    choices = closest(name, defined)
    yield Problem(
        "invalid-value",
        selector.value_span,
        message + did_you_mean(choices),
        key="default_permissions",
        fixes=replacement_fixes(selector.value_span, choices, toml_string),
    )
