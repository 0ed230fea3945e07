"""Documentation text for models, keys and providers, as Markdown or plain text.

Hover and completion show the same words; this module writes them once.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

from . import domain
from .catalog import AVAILABILITY_LABELS, Catalog, CatalogModel, Model
from .releases import NEWEST, parse
from .schema import BuiltinProvider, KeyInfo, value_doc

_TIER_LABELS = {"recommended": "Recommended", "alternative": "Alternative", "other": "Not on the models page"}


Show = Callable[[object], str]  # how a literal is written: `code_for(markdown)`


def code_for(markdown: bool) -> Show:
    """How to show a literal: in backticks for Markdown, bare in plain text."""
    return (lambda text: f"`{text}`") if markdown else (lambda text: str(text))


def rating(value: int | None, symbol: str = "●", empty: str = "○") -> str:
    if value is None:
        return "not rated"
    return f"{symbol * value}{empty * (5 - value)} {value}/5"


def model_detail(model: Model) -> str:
    """One line for a completion item's detail: name, ratings, tier, and where it comes from."""
    parts = [model.title]
    if model.capability is not None:
        parts.append(f"capability {model.capability}/5")
    if model.speed is not None:
        parts.append(f"speed {model.speed}/5")
    parts.append(_TIER_LABELS[model.tier].lower())
    if model.said_by("models_page") is None:  # say whose model it is when the page does not know it
        parts.append(model.facts[0][0].label)
    return " · ".join(parts)


def model_doc(model: Model, markdown: bool) -> str:
    """Everything the sources say about a model; where they disagree, each value with its source."""
    tier = _TIER_LABELS[model.tier]
    title = f"**{model.title}** `{model.slug}` · {tier}" if markdown else f"{model.title} ({model.slug}) · {tier}"
    lines = [title, *_descriptions(model, markdown), *_ratings(model, markdown), *_availability(model, markdown)]
    notes = [*model.notes, *_catalog_facts(model, markdown)]
    if notes:
        lines.append("")
        lines += [f"- {note}" for note in notes] if markdown else notes
    sources = "; ".join(source.label for source, _ in model.facts)
    lines += ["", f"{'Sources' if len(model.facts) > 1 else 'Source'}: {sources}."]
    return "\n".join(lines)


# The words about each model, written once per catalog (catalogs are immutable and shared by every
# analysis on the same sources): completion offers every model on each keystroke, and writing their
# documentation took most of a request. Weak keys: a catalog nobody uses any more takes its words along.
_MODEL_TEXTS: WeakKeyDictionary[Catalog, dict[tuple[str, bool], tuple[str, str]]] = WeakKeyDictionary()


def model_texts(catalog: Catalog, model: Model, markdown: bool) -> tuple[str, str]:
    """``(model_detail(model), model_doc(model, markdown))`` for a model of ``catalog``, written once."""
    if catalog.get(model.slug) is not model:  # another catalog's model: written, not remembered
        return model_detail(model), model_doc(model, markdown)
    texts = _MODEL_TEXTS.setdefault(catalog, {})
    key = (model.slug, markdown)
    found = texts.get(key)
    if found is None:
        found = texts[key] = (model_detail(model), model_doc(model, markdown))
    return found


def _descriptions(model: Model, markdown: bool) -> list[str]:
    described = _per_source(model, lambda facts: facts.description)
    if len(described) == 1:
        return ["", described[0][0]]
    return [""] + [_line(f"{_label(labels, markdown)}: {text}", markdown) for text, labels in described]


def _ratings(model: Model, markdown: bool) -> list[str]:
    if model.capability is None and model.speed is None:
        return []
    capability = _line(f"Capability: {rating(model.capability)}", markdown)
    return ["", capability, f"Speed: {rating(model.speed, '⚡', '·')}"]


def _catalog_facts(model: Model, markdown: bool) -> list[str]:
    """What Codex's catalogs say: context window, efforts, upgrade, minimum version, visibility."""
    code = code_for(markdown)
    facts = [
        *_fact(model, "Context window", lambda m: f"{m.context_window:,} tokens" if m.context_window else None),
        *_fact(model, "Reasoning efforts", _efforts),
        *_fact(model, "Suggested upgrade", lambda m: m.upgrade and code(m.upgrade)),
        *_fact(model, "Needs Codex", lambda m: m.minimal_client_version and f"{m.minimal_client_version} or newer"),
    ]
    if model.hidden:
        facts.append("Codex knows this model but leaves it out of its model list")
    return facts


def model_key_doc(catalog: Catalog, markdown: bool) -> str:
    """What the `model` key does and what happens when it is unset."""
    code = code_for(markdown)
    recommended = [m.slug for m in catalog.models() if m.tier == "recommended"]
    lines = [
        ("**model**" if markdown else "model") + " — the model Codex uses for new conversations.",
        "",
        "When unset, Codex uses the first model of its catalog"
        + _default_model(catalog, code)
        + f"; {code('-m')}/{code('--model')} and {code('/model')} override it for one run.",
    ]
    if recommended:
        lines += ["", "Recommended: " + ", ".join(code(slug) for slug in recommended) + " (models page)."]
    return "\n".join(lines)


def _default_model(catalog: Catalog, code: Show) -> str:
    """`` (`gpt-6.2-sol` in Codex 0.171)``, or from the config's own catalog; empty when unknown."""
    if not catalog.default_model:
        return ""
    own = catalog.source("config_catalog")
    if own is not None:
        return f" ({code(catalog.default_model)}, from {own.source.label})"
    release = parse(catalog.release) if catalog.release else None
    return f" ({code(catalog.default_model)}" + (f" in Codex {release.short})" if release else ")")


def _per_source(model: Model, value_of: Callable[[CatalogModel], str | None]) -> list[tuple[str, list[str]]]:
    """The distinct values the sources give (empty ones skipped), each with the sources that give it."""
    found: dict[str, list[str]] = {}
    for source, facts in model.facts:
        value = value_of(facts)
        if value:
            found.setdefault(value, []).append(source.label)
    return list(found.items())


def _fact(model: Model, name: str, value_of: Callable[[CatalogModel], str | None]) -> list[str]:
    """``name: value``, or every source's value with its label when the sources disagree."""
    values = _per_source(model, value_of)
    if len(values) <= 1:
        return [f"{name}: {value}" for value, _ in values]
    return [f"{name}: " + "; ".join(f"{value} ({_label(labels, False)})" for value, labels in values)]


def _efforts(facts: CatalogModel) -> str | None:
    if not facts.reasoning_efforts:
        return None
    listed = ", ".join(facts.reasoning_efforts)
    return f"{listed} (default {facts.default_effort})" if facts.default_effort else listed


def _availability(model: Model, markdown: bool) -> list[str]:
    merged = model.availability
    rows = [(label, getattr(merged, field)) for field, label in AVAILABILITY_LABELS.items()]
    rows = [(label, value) for label, value in rows if value is not None]
    if not rows:
        return []
    lines = [""]
    if markdown:
        lines += ["| Where | Available |", "|---|:---:|"]
        lines += [f"| {label} | {'✓' if value else '✗'} |" for label, value in rows]
    else:
        lines += [f"{label}: {'yes' if value else 'no'}" for label, value in rows]
    for field, label in AVAILABILITY_LABELS.items():
        said = _per_source(model, _availability_in(field))
        if len(said) > 1:
            views = "; ".join(f"{_label(labels, False)} says {value}" for value, labels in said)
            lines += ["", f"{label}: {views}."]
    return lines


def _availability_in(field: str) -> Callable[[CatalogModel], str | None]:
    """What a source says about one place a model is available: yes, no or nothing."""
    return lambda facts: _yes_no(getattr(facts.availability, field))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _label(labels: list[str], markdown: bool) -> str:
    text = " and ".join(labels)
    return f"*{text}*" if markdown else text


def _line(text: str, markdown: bool) -> str:
    """A line that must not run into the next one when Markdown is rendered."""
    return text + "  " if markdown else text


def provider_doc(provider: BuiltinProvider, markdown: bool) -> str:
    title = (
        f"**{provider.name}** `{provider.id}` · built-in provider"
        if markdown
        else f"{provider.name} ({provider.id}) · built-in provider"
    )
    return "\n".join([title, "", provider.notes, "", f"Base URL: {domain.redacted(('base_url',), provider.base_url)}"])


def defined_provider_doc(name: str, table: dict[str, object], markdown: bool) -> str:
    """A provider defined in this file: its display name, URL and wire API; nothing that may be a secret."""
    code = code_for(markdown)
    shown = domain.redacted(("model_providers", name), table)
    table = shown if isinstance(shown, dict) else {}
    title = (
        f"**{table.get('name') or name}** {code(name)} · defined in this file"
        if markdown
        else f"{table.get('name') or name} ({name}) · defined in this file"
    )
    lines = [title, ""]
    for field, label in (
        ("base_url", "Base URL"),
        ("wire_api", "Wire API"),
        ("env_key", "API key from"),
        ("requires_openai_auth", "Uses Codex sign-in"),
    ):
        if field in table:
            lines.append(f"{label}: {code(table[field])}")
    if "wire_api" not in table:
        lines.append(f"Wire API: {code('responses')} (the default)")
    return "\n".join(lines)


def key_doc(info: KeyInfo, markdown: bool) -> str:
    code = code_for(markdown)
    lines = [info.description, ""]
    lines.append(f"Type: {info.type_label}")
    if info.values:
        lines.append("Values: " + ", ".join(code(v) for v in info.values))
    if info.default is not None:
        lines.append(f"Default: {code(info.default)}")
    where = "top level and profiles" if info.in_profile else ("top level only" if info.root_only else "")
    if where:
        lines.append(f"Where: {where}")
    if info.experimental:
        lines.append("Experimental: may change or go away in a future Codex.")
    if info.deprecated:
        lines.append(f"Deprecated: {info.deprecated}")
    if markdown:
        lines = [lines[0], ""] + [f"{line}  " for line in lines[2:]]
    return "\n".join(lines).rstrip()


def effort_support(value: str, slug: str, listed: tuple[str, ...], markdown: bool) -> str:
    """Whether the model in scope lists this reasoning effort."""
    quote = "`" if markdown else ""
    efforts = ", ".join(listed)
    if value in listed:
        return f"{quote}{slug}{quote} offers this effort ({efforts})."
    return f"{quote}{slug}{quote} does not list this effort; its catalog entry offers {efforts}."


def enum_value_doc(info: KeyInfo, value: str, markdown: bool, release: str = NEWEST) -> str:
    meaning = value_doc(info.path, value, release=release)
    title = f"`{value}` · {info.name}" if markdown else f"{value} · {info.name}"
    lines = [title, ""]
    if meaning:
        lines += [meaning, ""]
    return "\n".join([*lines, info.description])
