"""Documentation text for models, keys and providers, as Markdown or plain text.

Hover and completion show the same words; this module writes them once.
"""

from __future__ import annotations

from .catalog import AVAILABILITY_LABELS, Catalog, CatalogModel
from .schema import BuiltinProvider, KeyInfo, value_doc

_TIER_LABELS = {"recommended": "Recommended", "alternative": "Alternative", "other": "Also in Codex's catalog"}


def code_for(markdown: bool):
    """How to show a literal: in backticks for Markdown, bare in plain text."""
    return (lambda text: f"`{text}`") if markdown else (lambda text: str(text))


def rating(value: int | None, symbol: str = "●", empty: str = "○") -> str:
    if value is None:
        return "not rated"
    return f"{symbol * value}{empty * (5 - value)} {value}/5"


def model_detail(model: CatalogModel) -> str:
    """One line for a completion item's detail."""
    parts = [model.title]
    if model.capability is not None:
        parts.append(f"capability {model.capability}/5")
    if model.speed is not None:
        parts.append(f"speed {model.speed}/5")
    parts.append(_TIER_LABELS[model.tier].lower())
    return " · ".join(parts)


def model_doc(model: CatalogModel, markdown: bool) -> str:
    lines: list[str] = []
    tier = _TIER_LABELS[model.tier]
    if markdown:
        lines.append(f"**{model.title}** `{model.slug}` · {tier}")
    else:
        lines.append(f"{model.title} ({model.slug}) · {tier}")
    if model.description:
        lines += ["", model.description]
    if model.capability is not None or model.speed is not None:
        lines += ["", f"Capability: {rating(model.capability)}", f"Speed: {rating(model.speed, '⚡', '·')}"]
        if markdown:
            lines[-2] += "  "  # Markdown line break
    availability = [(label, getattr(model.availability, field)) for field, label in AVAILABILITY_LABELS.items()]
    known = [(label, value) for label, value in availability if value is not None]
    if known:
        lines.append("")
        if markdown:
            lines += ["| Where | Available |", "|---|:---:|"]
            lines += [f"| {label} | {'✓' if value else '✗'} |" for label, value in known]
        else:
            lines += [f"{label}: {'yes' if value else 'no'}" for label, value in known]
    extras = []
    if model.context_window:
        extras.append(f"Context window: {model.context_window:,} tokens")
    if model.reasoning_efforts:
        extras.append(f"Reasoning efforts: {', '.join(model.reasoning_efforts)}")
    if model.upgrade:
        extras.append(f"Codex suggests upgrading to {model.upgrade}")
    notes = [*model.notes, *extras]
    if notes:
        lines.append("")
        lines += [f"- {note}" for note in notes] if markdown else notes
    return "\n".join(lines)


def model_key_doc(catalog: Catalog, markdown: bool) -> str:
    """What the `model` key does and what happens when it is unset."""
    code = code_for(markdown)
    recommended = [m.slug for m in catalog.models() if m.tier == "recommended"]
    lines = [
        ("**model**" if markdown else "model") + " — the model Codex uses for new conversations.",
        "",
        "When unset, Codex picks its own default"
        + (f" ({code(catalog.default_model)} in Codex 0.169)" if catalog.default_model else "")
        + f"; {code('-m')}/{code('--model')} and {code('/model')} override it for one run.",
    ]
    if recommended:
        lines += ["", "Recommended: " + ", ".join(code(slug) for slug in recommended) + "."]
    return "\n".join(lines)


def provider_doc(provider: BuiltinProvider, markdown: bool) -> str:
    title = (
        f"**{provider.name}** `{provider.id}` · built-in provider"
        if markdown
        else f"{provider.name} ({provider.id}) · built-in provider"
    )
    return "\n".join([title, "", provider.notes, "", f"Base URL: {provider.base_url}"])


def defined_provider_doc(name: str, table: dict, markdown: bool) -> str:
    """A provider defined in this file: its display name, URL and wire API."""
    code = code_for(markdown)
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


def enum_value_doc(info: KeyInfo, value: str, markdown: bool) -> str:
    meaning = value_doc(info.path, value)
    title = f"`{value}` · {info.name}" if markdown else f"{value} · {info.name}"
    lines = [title, ""]
    if meaning:
        lines += [meaning, ""]
    return "\n".join([*lines, info.description])
