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
from typing import Any, Literal, TypeVar, get_args

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


@dataclass(frozen=True, slots=True)
class Availability:
    """Where a model can be used; None where the source does not say."""

    cli_sdk: bool | None = None
    app_ide: bool | None = None
    cloud: bool | None = None
    chatgpt_credits: bool | None = None
    api: bool | None = None


Tier = Literal["recommended", "alternative", "other"]
_TIERS: dict[str, Tier] = {tier: tier for tier in get_args(Tier)}


@dataclass(frozen=True, slots=True)
class CatalogModel:
    """What one source says about one model. ``read_model`` reads our own shape and Codex's ``ModelInfo``."""

    slug: str
    display_name: str = ""
    description: str = ""
    capability: int | None = None  # 1-5
    speed: int | None = None  # 1-5
    availability: Availability = Availability()
    tier: Tier = "other"
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

    @property
    def title(self) -> str:
        return self.display_name or self.slug


class CatalogError(ValueError):
    """Why a catalog has no usable model list: where (``models.0.slug``) and what is wrong."""


# Catalogs are read by hand, not by a validation library: they are read on the way to the first
# diagnostics, and the library costs more to load (about 50 ms and 10 MB) than all the reading.


def read_models(data: object) -> tuple[CatalogModel, ...]:
    """The models of a catalog file's JSON (``{"models": [...]}``); raises ``CatalogError``."""
    if not isinstance(data, dict):
        raise CatalogError("the file: should be a valid dictionary with a `models` list")
    models = data.get("models")
    if not isinstance(models, list):
        raise CatalogError("models: should be a list")
    return tuple(read_model(model, f"models.{index}") for index, model in enumerate(models))


def read_model(data: object, where: str = "model") -> CatalogModel:
    """One model, in our shape or Codex's; raises ``CatalogError`` naming the first field that is wrong."""
    if not isinstance(data, dict):
        raise CatalogError(f"{where}: should be an object")
    fields = _our_shape(data)
    read = _FieldReader(fields, where)
    slug = read.text("slug", None)
    if not slug:
        raise CatalogError(f"{where}.slug: should be a string of at least one character")
    tier = _TIERS.get(read.text("tier", "other"))
    if tier is None:
        raise CatalogError(f"{where}.tier: should be one of {', '.join(_TIERS)}")
    return CatalogModel(
        slug=slug,
        display_name=read.text("display_name", ""),
        description=read.text("description", ""),
        capability=read.rating("capability"),
        speed=read.rating("speed"),
        availability=read.availability(),
        tier=tier,
        notes=read.texts("notes"),
        hidden=read.flag("hidden"),
        priority=read.integer("priority"),
        context_window=read.integer("context_window"),
        max_context_window=read.integer("max_context_window"),
        default_effort=read.text("default_effort", None),
        reasoning_efforts=read.texts("reasoning_efforts"),
        effort_descriptions=read.pairs("effort_descriptions"),
        plans=read.texts("plans"),
        minimal_client_version=read.text("minimal_client_version", None),
        upgrade=read.text("upgrade", None),
    )


def _our_shape(data: dict[str, Any]) -> dict[str, Any]:
    """Codex's own fields (visibility, supported_in_api, supported_reasoning_levels, ...) as ours."""
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


class _FieldReader:
    """Typed reads of one model's fields; a field of the wrong type raises ``CatalogError`` naming it."""

    def __init__(self, fields: dict[str, Any], where: str) -> None:
        self.fields, self.where = fields, where

    def _wrong(self, name: str, expected: str) -> CatalogError:
        return CatalogError(f"{self.where}.{name}: should be {expected}")

    def text(self, name: str, unset: _T) -> str | _T:
        value = self.fields.get(name)
        if value is None:
            return unset
        if not isinstance(value, str):
            raise self._wrong(name, "a string")
        return value

    def integer(self, name: str) -> int | None:
        value = self.fields.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise self._wrong(name, "an integer")
        return value

    def rating(self, name: str) -> int | None:
        value = self.integer(name)
        if value is not None and not 1 <= value <= 5:
            raise self._wrong(name, "from 1 to 5")
        return value

    def flag(self, name: str) -> bool:
        value = self.fields.get(name, False)
        if not isinstance(value, bool):
            raise self._wrong(name, "true or false")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.fields.get(name, ())
        if not isinstance(value, (list, tuple)):
            raise self._wrong(name, "a list of strings")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise self._wrong(f"{name}.{index}", "a string")
        return tuple(value)

    def pairs(self, name: str) -> tuple[tuple[str, str], ...]:
        value = self.fields.get(name, ())
        if not isinstance(value, (list, tuple)):
            raise self._wrong(name, "a list of [name, text] pairs")
        for index, item in enumerate(value):
            if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
                raise self._wrong(f"{name}.{index}", "a [name, text] pair of strings")
        return tuple((first, second) for first, second in value)

    def availability(self) -> Availability:
        value = self.fields.get("availability", {})
        if not isinstance(value, dict):
            raise self._wrong("availability", "an object")
        places = {}
        for place in AVAILABILITY_LABELS:
            said = value.get(place)
            if said is not None and not isinstance(said, bool):
                raise self._wrong(f"availability.{place}", "true or false")
            places[place] = said
        return Availability(**places)


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
        return ModelList(source, read_models(data))
    except CatalogError as invalid:
        return ModelList(source, (), f"{source.label}: {invalid}")


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
