"""The checks that turn a document into problems, the way Codex 0.169 behaves.

Each check reads the scanned document or its tree and yields problems; ``run``
keeps one problem per place, so a value that breaks two rules is reported once.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from . import domain, schema
from .catalog import Catalog
from .problems import ERROR, INFORMATION, WARNING, Fix, Problem
from .syntax import KeyValue, ParsedDocument, Scalar, key_text
from .text import Span
from .tree import Located, Tree


def run(document: ParsedDocument, tree: Tree, catalog: Catalog) -> tuple[Problem, ...]:
    problems = [
        *_syntax(document, tree),
        *_models(tree, catalog),
        *_wire_api(tree),
        *_providers(tree),
        *_profiles(document, tree),
        *_availability(tree, catalog),
        *_schema(document, tree),  # last: a domain check on the same span says it better
    ]
    return tuple(sorted(_one_per_place(problems), key=lambda p: (p.span.start, p.span.end)))


def _one_per_place(problems: Iterable[Problem]) -> Iterator[Problem]:
    seen: set[tuple[int, int]] = set()
    for problem in problems:
        place = (problem.span.start, problem.span.end)
        if place not in seen:
            seen.add(place)
            yield problem


def _syntax(document: ParsedDocument, tree: Tree) -> Iterator[Problem]:
    for found in (*document.problems, *tree.problems):
        yield Problem("toml-syntax", found.span, found.message, ERROR)


def line_span(text: str, span: Span) -> Span:
    """The whole lines ``span`` is on, with the line break after them: what deleting a statement removes."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    return Span(start, len(text) if end == -1 else end + 1)


def _string(located: Located) -> str | None:
    value = located.value
    if isinstance(value, Scalar) and value.kind == "string" and value.closed:
        return str(value.value)
    return None


def _replace_string(located: Located, new: str, title: str, preferred: bool = False) -> Fix:
    return Fix(title, located.value.span, f'"{new}"', preferred)


def _models(tree: Tree, catalog: Catalog) -> Iterator[Problem]:
    for located in domain.model_slots(tree):
        slug = _string(located)
        if slug is None or slug in catalog or domain.routes_elsewhere(tree, located.path):
            continue
        suggestions = catalog.suggest(slug)
        hint = f" Did you mean {', '.join(f'`{s}`' for s in suggestions)}?" if suggestions else ""
        yield Problem(
            "unknown-model",
            located.value.span,
            f"`{slug}` is not a model in the catalog.{hint} Codex accepts any name, but requests to OpenAI then fail.",
            WARNING,
            key=domain.dotted(located.path),
            fixes=tuple(_replace_string(located, s, f"Change to `{s}`", i == 0) for i, s in enumerate(suggestions)),
        )


def _wire_api(tree: Tree) -> Iterator[Problem]:
    for located in tree.matching(("model_providers", "*", "wire_api")):
        if _string(located) != "chat":
            continue
        provider = located.path[1]
        yield Problem(
            "wire-api-chat",
            located.value.span,
            f"Provider `{provider}` uses the Chat Completions API, which Codex deprecated and then removed: "
            'Codex refuses to load this config. Set `wire_api = "responses"` (the server must speak the Responses API).',
            ERROR,
            key=domain.dotted(located.path),
            fixes=(_replace_string(located, "responses", 'Use `wire_api = "responses"`', True),),
            deprecated=True,
        )


def _providers(tree: Tree) -> Iterator[Problem]:
    defined = domain.defined_providers(tree)
    for located in domain.provider_references(tree):
        name = _string(located)
        if name is None or name in defined or name in domain.BUILTIN_PROVIDERS:
            continue
        in_profile = located.path[0] == "profiles"
        if name in domain.REMOVED_PROVIDERS:
            replacement = domain.REMOVED_PROVIDERS[name]
            message = f"`{name}` is no longer a provider: Codex refuses to load this config. Use `{replacement}`."
            fixes = (_replace_string(located, replacement, f"Change to `{replacement}`", True),)
        else:
            choices = domain.closest(name, [*domain.BUILTIN_PROVIDERS, *defined])
            hint = f" Did you mean {', '.join(f'`{c}`' for c in choices)}?" if choices else ""
            message = (
                f"No provider `{name}`: it is neither built in ({', '.join(domain.BUILTIN_PROVIDERS)}) "
                f"nor defined in a `[model_providers.{name}]` table.{hint}"
                + ("" if in_profile else " Codex refuses to start with it.")
            )
            fixes = tuple(_replace_string(located, c, f"Change to `{c}`", i == 0) for i, c in enumerate(choices))
        yield Problem("undefined-provider", located.value.span, message, WARNING if in_profile else ERROR,
                      key=domain.dotted(located.path), fixes=fixes)
    for located in tree.matching(("model_providers", "*")):
        name = located.path[1]
        if name in domain.BUILTIN_PROVIDERS and name not in domain.ADJUSTABLE_PROVIDERS:
            yield Problem(
                "builtin-provider-override",
                located.key_span,
                f"`{name}` is a built-in provider and cannot be redefined: Codex refuses to load this config. "
                f"Rename this provider (for example `{name}-custom`) and point `model_provider` at the new name.",
                ERROR,
                key=domain.dotted(located.path),
            )


def _profiles(document: ParsedDocument, tree: Tree) -> Iterator[Problem]:
    profiles = domain.defined_profiles(tree)
    selector = tree.locations.get(("profile",))
    name = _string(selector) if selector else None
    if selector is not None and name is not None:
        if name in profiles:
            message = (
                f'Codex 0.169 no longer reads `profile = "{name}"` and refuses to load this config. '
                f"Remove this line and start Codex with `--profile {name}`, keeping the settings in `{name}.config.toml` beside this file."
            )
            remove = Fix(f'Remove `profile = "{name}"`', line_span(document.text, selector.key_span), "", True)
            yield Problem("legacy-profile", selector.value.span, message, ERROR, key="profile", fixes=(remove,), deprecated=True)
        else:
            choices = domain.closest(name, profiles)
            hint = f" Did you mean {', '.join(f'`{c}`' for c in choices)}?" if choices else ""
            message = (
                f"No `[profiles.{name}]` table is defined.{hint} Codex 0.169 also refuses `profile = ...` "
                f"altogether: remove this line and start Codex with `--profile <name>` instead."
            )
            yield Problem("undefined-profile", selector.value.span, message, ERROR, key="profile",
                          fixes=tuple(_replace_string(selector, c, f"Change to `{c}`", i == 0) for i, c in enumerate(choices)))
    for located in tree.matching(("profiles", "*")):
        profile = located.path[1]
        yield Problem(
            "legacy-profile",
            located.key_span,
            f"Codex 0.169 ignores `[profiles.{profile}]`, and `--profile {profile}` fails while it exists. "
            f"Move these settings to `{profile}.config.toml` beside this file and start Codex with `--profile {profile}`.",
            INFORMATION,
            key=domain.dotted(located.path),
            deprecated=True,
        )


def _availability(tree: Tree, catalog: Catalog) -> Iterator[Problem]:
    if tree.get(("forced_login_method",)) != "api":
        return
    for located in domain.model_slots(tree):
        slug = _string(located)
        model = catalog.get(slug) if slug else None
        if model is None or model.availability.api is not False or domain.routes_elsewhere(tree, located.path):
            continue
        yield Problem(
            "model-unavailable",
            located.value.span,
            f"`{slug}` is not available with an API key, and `forced_login_method = \"api\"` allows no other sign-in. "
            "Choose a model with API access or sign in with ChatGPT.",
            WARNING,
            key=domain.dotted(located.path),
        )


def _schema(document: ParsedDocument, tree: Tree) -> Iterator[Problem]:
    """Unknown keys, wrong types and values, as Codex's own deserializer sees them."""
    statement_keys = {id(statement.keys[-1]) for statement in document.statements if isinstance(statement, KeyValue)}
    for found in schema.validate(tree.data):
        located = _nearest(tree, found.path)
        if located is None:
            continue
        exact = located.path == found.path
        on_key = found.code == "unknown-key" or not exact or isinstance(tree.get(located.path), (dict, list))
        span = located.key_span if on_key else located.value_span
        if found.code == "unknown-key":
            fixes = tuple(
                Fix(f"Change to `{name}`", located.key_span, key_text(name), i == 0) for i, name in enumerate(found.suggestions)
            )
            if exact and located.key is not None and id(located.key) in statement_keys:
                fixes += (Fix(f"Remove `{domain.dotted(found.path)}`", line_span(document.text, located.key_span), ""),)
            yield Problem("unknown-key", span, found.message, WARNING, key=domain.dotted(found.path), fixes=fixes,
                          unnecessary=True)
            continue
        fixes = ()
        typed = tree.get(found.path)
        if found.code == "invalid-value" and exact and isinstance(typed, str) and found.suggestions:
            choices = domain.closest(typed, found.suggestions) or list(found.suggestions[:3])
            fixes = tuple(_replace_string(located, c, f'Change to "{c}"', i == 0) for i, c in enumerate(choices[:3]))
        yield Problem(found.code, span, found.message, ERROR, key=domain.dotted(found.path), fixes=fixes)


def _nearest(tree: Tree, path: tuple) -> Located | None:
    """The location of ``path``, or of its closest written ancestor."""
    for end in range(len(path), 0, -1):
        located = tree.locations.get(path[:end])
        if located is not None:
            return located
    return None

