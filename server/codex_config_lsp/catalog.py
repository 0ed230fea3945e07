"""The model catalog: which model slugs a user can mean, and which source says what about each.

Models come from labelled sources, strongest first:

- a catalog file named in the editor settings (``catalogPath``): the user's own word;
- the config's ``model_catalog_json``, which replaces Codex's bundled catalog for
  that config (measured on Codex 0.171: ``codex debug models`` then lists only
  its models, and a model missing from it gets the "Model metadata ... not found"
  warning);
- the user's account list, Codex's cache of the server's list (``models_cache.json``);
- the catalog bundled with the Codex release the user runs (``data/catalogs/``);
- the Codex models page (``data/models.json``): ratings, availability, tier, notes.

A :class:`Model` keeps every source's facts apart, so hover can show them side
by side; its plain attributes answer with the strongest source that says
anything. Everything here is pure, texts in and catalogs out, apart from
reading the package's own data files and the compatibility helpers at the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .releases import KNOWN, NEWEST, knowledge_for, parse

AVAILABILITY_LABELS = {
    "cli_sdk": "Codex CLI & SDK",
    "app_ide": "Codex app & IDE extension",
    "cloud": "Codex Cloud",
    "chatgpt_credits": "ChatGPT credits",
    "api": "API access",
}

# Files bigger than this are not catalogs anyone wrote; refuse them rather than parse them.
MAX_CATALOG_CHARS = 32 * 1024 * 1024

_DATA = Path(__file__).parent / "data"
_T = TypeVar("_T")


class Availability(BaseModel):
    """Where a model can be used; None where the source does not say."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    cli_sdk: bool | None = None
    app_ide: bool | None = None
    cloud: bool | None = None
    chatgpt_credits: bool | None = None
    api: bool | None = None


class CatalogModel(BaseModel):
    """What one source says about one model. Reads our own shape and Codex's ``ModelInfo``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    slug: str = Field(min_length=1)
    display_name: str = ""
    description: str = ""
    capability: int | None = Field(default=None, ge=1, le=5)
    speed: int | None = Field(default=None, ge=1, le=5)
    availability: Availability = Availability()
    tier: Literal["recommended", "alternative", "other"] = "other"
    notes: tuple[str, ...] = ()
    hidden: bool = False
    priority: int | None = None
    context_window: int | None = None
    max_context_window: int | None = None
    default_effort: str | None = None
    reasoning_efforts: tuple[str, ...] = ()
    effort_descriptions: tuple[tuple[str, str], ...] = ()
    plans: tuple[str, ...] = ()
    minimal_client_version: str | None = None
    upgrade: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_codex_shape(cls, data: object) -> object:
        """Read Codex's own fields (visibility, supported_in_api, supported_reasoning_levels, ...)."""
        if not isinstance(data, dict):
            return data
        data = {key: value for key, value in data.items() if value is not None}  # null means "not said"
        if data.get("visibility") in ("hide", "none"):
            data.setdefault("hidden", True)
        if isinstance(data.get("supported_in_api"), bool):
            data.setdefault("availability", {"api": data["supported_in_api"]})
        levels = data.get("supported_reasoning_levels")
        if isinstance(levels, list):
            levels = [level for level in levels if isinstance(level, dict) and isinstance(level.get("effort"), str)]
            data.setdefault("reasoning_efforts", [level["effort"] for level in levels])
            described = [(level["effort"], level.get("description")) for level in levels]
            data.setdefault("effort_descriptions", [(e, d) for e, d in described if isinstance(d, str)])
        if isinstance(data.get("default_reasoning_level"), str):
            data.setdefault("default_effort", data["default_reasoning_level"])
        if isinstance(data.get("available_in_plans"), list):
            data.setdefault("plans", data["available_in_plans"])
        if isinstance(data.get("upgrade"), dict):  # Codex nests the target slug
            data["upgrade"] = data["upgrade"].get("model") or data["upgrade"].get("slug")
        return data

    @property
    def title(self) -> str:
        return self.display_name or self.slug


class CatalogFile(BaseModel):
    """A catalog file: ``{"models": [...]}`` in our shape or Codex's."""

    model_config = ConfigDict(extra="ignore")

    models: list[CatalogModel]


SourceKind = Literal["settings", "config_catalog", "account", "bundled", "models_page"]
CODEX_KINDS: frozenset[SourceKind] = frozenset({"config_catalog", "account", "bundled"})


@dataclass(frozen=True, slots=True)
class Source:
    """Where a model fact comes from, and how hover names it."""

    kind: SourceKind
    label: str


MODELS_PAGE = Source("models_page", "models page")


def bundled_source(release: str) -> Source:
    found = parse(release)
    return Source("bundled", f"bundled with Codex {found.short if found else release}")


def config_catalog_source(path: str) -> Source:
    return Source("config_catalog", f"model_catalog_json {path}")


def settings_catalog_source(path: str) -> Source:
    return Source("settings", f"catalog file {path} (editor settings)")


@dataclass(frozen=True, slots=True)
class ModelList:
    """The models one source gives, or the one-line reason it gives none."""

    source: Source
    models: tuple[CatalogModel, ...] = ()
    error: str | None = None
    fetched_at: str | None = None  # models_cache.json only: when Codex fetched the list
    client_version: str | None = None  # models_cache.json only: the Codex that fetched it


@dataclass(frozen=True, slots=True)
class Model:
    """One slug and what each source says about it, strongest source first."""

    slug: str
    facts: tuple[tuple[Source, CatalogModel], ...]

    def said_by(self, kind: SourceKind) -> CatalogModel | None:
        return next((model for source, model in self.facts if source.kind == kind), None)

    @property
    def codex_facts(self) -> tuple[tuple[Source, CatalogModel], ...]:
        """The facts of the catalogs Codex itself reads. Codex warns "Model metadata for `<slug>` not
        found" at session start (0.169, 0.171) for a model none of them lists, e.g. one only on the page."""
        return tuple((source, model) for source, model in self.facts if source.kind in CODEX_KINDS)

    def _first(self, read: Callable[[CatalogModel], _T], unset: _T) -> _T:
        """What the strongest source that says anything gives (a source that leaves it unset says nothing)."""
        return next((value for _, m in self.facts if (value := read(m)) not in (unset, "", ())), unset)

    @property
    def display_name(self) -> str:
        return self._first(lambda m: m.display_name, "")

    @property
    def title(self) -> str:
        return self.display_name or self.slug

    @property
    def description(self) -> str:
        return self._first(lambda m: m.description, "")

    @property
    def capability(self) -> int | None:
        return self._first(lambda m: m.capability, None)

    @property
    def speed(self) -> int | None:
        return self._first(lambda m: m.speed, None)

    @property
    def tier(self) -> str:
        return self._first(lambda m: m.tier, "other")

    @property
    def notes(self) -> tuple[str, ...]:
        return self._first(lambda m: m.notes, ())

    @property
    def hidden(self) -> bool:
        """Hidden when the strongest source hides it (a source that lists a model decides)."""
        return self.facts[0][1].hidden

    @property
    def priority(self) -> int | None:
        return self._first(lambda m: m.priority, None)

    @property
    def context_window(self) -> int | None:
        return self._first(lambda m: m.context_window, None)

    @property
    def reasoning_efforts(self) -> tuple[str, ...]:
        return self._first(lambda m: m.reasoning_efforts, ())

    @property
    def default_effort(self) -> str | None:
        return self._first(lambda m: m.default_effort, None)

    def effort_description(self, effort: str) -> str | None:
        """How the strongest source that describes ``effort`` for this model puts it."""
        return next((text for _, m in self.facts for name, text in m.effort_descriptions if name == effort), None)

    @property
    def upgrade(self) -> str | None:
        return self._first(lambda m: m.upgrade, None)

    @property
    def availability(self) -> Availability:
        """Each place from the strongest source that says anything about it."""
        merged = {
            name: next((v for _, m in self.facts if (v := getattr(m.availability, name)) is not None), None)
            for name in AVAILABILITY_LABELS
        }
        return Availability(**merged)


_TIER_ORDER = {"recommended": 0, "alternative": 1, "other": 2}
_LAST = float("inf")


class Catalog:
    """Models by slug from labelled sources, in the order people should see them: recommended first."""

    def __init__(self, sources: Sequence[ModelList], default_model: str | None = None, release: str | None = None):
        self.sources = tuple(sources)  # strongest first
        self.default_model = default_model
        self.release = release  # the Codex release whose bundled catalog this holds, if any
        facts: dict[str, list[tuple[Source, CatalogModel]]] = {}
        for listing in self.sources:
            for model in listing.models:
                said = facts.setdefault(model.slug, [])
                if all(source != listing.source for source, _ in said):  # a source's first entry counts
                    said.append((listing.source, model))
        page = next((listing.models for listing in self.sources if listing.source == MODELS_PAGE), ())
        page_order = {model.slug: i for i, model in enumerate(page)}
        models = [Model(slug, tuple(said)) for slug, said in facts.items()]
        models.sort(
            key=lambda m: (
                _TIER_ORDER.get(m.tier, 2),
                page_order.get(m.slug, _LAST),
                m.priority if m.priority is not None else _LAST,
            )
        )
        self._models = {model.slug: model for model in models}

    def __contains__(self, slug: object) -> bool:
        return slug in self._models

    def get(self, slug: str) -> Model | None:
        return self._models.get(slug)

    def models(self, include_hidden: bool = False) -> list[Model]:
        return [m for m in self._models.values() if include_hidden or not m.hidden]

    def slugs(self) -> list[str]:
        """The slugs of the listed models: what a mistyped slug may have meant (``suggest.closest``)."""
        return [m.slug for m in self.models()]

    def source(self, kind: SourceKind) -> ModelList | None:
        return next((listing for listing in self.sources if listing.source.kind == kind), None)

    def merged_with(self, extra: Sequence[CatalogModel], source: Source | None = None) -> Catalog:
        """This catalog with ``extra`` as a new strongest source (a user catalog file by default)."""
        listing = ModelList(source or Source("settings", "your catalog file"), tuple(extra))
        return Catalog((listing, *self.sources), self.default_model, self.release)


def default_model_of(models: Sequence[CatalogModel]) -> str | None:
    """The model Codex picks when none is configured: the first listed one by priority."""
    listed = [m for m in models if not m.hidden]
    ranked = sorted(listed, key=lambda m: m.priority if m.priority is not None else _LAST)
    return ranked[0].slug if ranked else None


# --- Parsing: text in, models or a one-line reason out; never raises on garbage. ---


@lru_cache(maxsize=8)
def parse_catalog(text: str, source: Source) -> ModelList:
    """A catalog file's models (``{"models": [...]}`` or a bare list), or why it has none (parsed once per text)."""
    data, error = _json(text, source.label)
    if error is None and isinstance(data, list):
        data = {"models": data}
    return _models(data, source, error)


@lru_cache(maxsize=4)
def parse_models_cache(text: str) -> ModelList:
    """The account's model list from ``$CODEX_HOME/models_cache.json``, or why it has none (parsed once per text).

    Codex writes ``{"fetched_at", "etag"?, "client_version"?, "cache_key"?, "models": [...]}``.
    """
    data, error = _json(text, "models_cache.json")
    fetched = data.get("fetched_at") if isinstance(data, dict) else None
    version = data.get("client_version") if isinstance(data, dict) else None
    fetched = fetched if isinstance(fetched, str) else None
    source = Source("account", "your account's model list (models_cache.json" + _fetched_on(fetched) + ")")
    listing = _models(data, source, error)
    return ModelList(source, listing.models, listing.error, fetched, version if isinstance(version, str) else None)


def _fetched_on(fetched_at: str | None) -> str:
    if not fetched_at:
        return ""
    try:
        return f", fetched {datetime.fromisoformat(fetched_at.replace('Z', '+00:00')).date().isoformat()}"
    except ValueError:
        return ""


def _json(text: str, label: str) -> tuple[Any, str | None]:
    if not isinstance(text, str):
        return None, f"{label} is not text"
    if len(text) > MAX_CATALOG_CHARS:
        return None, f"{label} is too large to be a model catalog ({len(text):,} characters)"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"{label} is not JSON: {error.msg} at line {error.lineno}"
    except RecursionError:  # absurd nesting: Python's parser gives up before running out of stack
        return None, f"{label} is not a model catalog: nested too deeply"
    except ValueError as error:  # e.g. an integer with too many digits
        return None, f"{label} is not JSON: {str(error).splitlines()[0] if str(error) else 'unreadable'}"


def _models(data: Any, source: Source, error: str | None) -> ModelList:
    if error is not None:
        return ModelList(source, (), error)
    try:
        return ModelList(source, tuple(CatalogFile.model_validate(data).models))
    except ValidationError as invalid:
        first = invalid.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        return ModelList(source, (), f"{source.label}: {where}: {first['msg']}")


# --- Building catalogs ---


@cache
def models_page() -> ModelList:
    """The models page's six models, as this package ships them."""
    return parse_catalog((_DATA / "models.json").read_text(encoding="utf-8"), MODELS_PAGE)


@cache
def bundled_models(release: str) -> ModelList:
    """The catalog bundled with a known Codex release (``release`` must be one of ``KNOWN``)."""
    if release not in KNOWN:
        raise ValueError(f"no bundled catalog for Codex {release}")
    text = (_DATA / "catalogs" / f"codex-{release}.json").read_text(encoding="utf-8")
    return parse_catalog(text, bundled_source(release))


def catalog_for(
    release: str = NEWEST,
    *,
    account: ModelList | None = None,
    config_catalog: ModelList | None = None,
    extra: ModelList | None = None,
) -> Catalog:
    """The models a config for ``release`` can mean, from every source that is given.

    ``config_catalog`` (a config's `model_catalog_json`) replaces the bundled
    catalog as Codex does, when it has models. A source without models counts
    as not given. A release we have not measured is described by the newest
    known one that is not newer. Catalogs are cached, so equal inputs give the
    same object.
    """
    given = (listing if listing and listing.models else None for listing in (account, config_catalog, extra))
    return _catalog_for(knowledge_for(release), *given)


@lru_cache(maxsize=32)
def _catalog_for(
    known: str, account: ModelList | None, config_catalog: ModelList | None, extra: ModelList | None
) -> Catalog:
    if config_catalog is not None:
        codex_catalog = config_catalog
        layers = [extra, config_catalog, account, models_page()]
    else:
        codex_catalog = bundled_models(known)
        layers = [extra, account, codex_catalog, models_page()]
    usable = [layer for layer in layers if layer is not None]
    return Catalog(usable, default_model_of(codex_catalog.models), known)


def bundled() -> Catalog:
    """The catalog for the newest known Codex release, with the models page."""
    return catalog_for(NEWEST)
