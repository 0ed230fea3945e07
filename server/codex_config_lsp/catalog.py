"""The model catalog: which model slugs exist, what they are for, where they run.

The bundled catalog (``data/models.json``) comes from the Codex models page
and from the catalog built into Codex 0.169. A user catalog file in the same
shape adds or overrides models by slug; Codex's own ``models.json`` shape
(``{"models": [{"slug", "display_name", "description", "visibility", ...}]}``)
is accepted too, so a ``model_catalog_json`` file works as it is.
"""

from __future__ import annotations

import difflib
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

AVAILABILITY_LABELS = {
    "cli_sdk": "Codex CLI & SDK",
    "app_ide": "Codex app & IDE extension",
    "cloud": "Codex Cloud",
    "chatgpt_credits": "ChatGPT credits",
    "api": "API access",
}


class Availability(BaseModel):
    """Where a model can be used; None where the source does not say."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    cli_sdk: bool | None = None
    app_ide: bool | None = None
    cloud: bool | None = None
    chatgpt_credits: bool | None = None
    api: bool | None = None


class CatalogModel(BaseModel):
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
    context_window: int | None = None
    reasoning_efforts: tuple[str, ...] = ()
    upgrade: str | None = None
    sources: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _accept_codex_shape(cls, data: object) -> object:
        """Read Codex's own models.json fields (visibility, supported_in_api, ...)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if data.get("visibility") in ("hide", "none"):
            data.setdefault("hidden", True)
        if isinstance(data.get("supported_in_api"), bool):
            data.setdefault("availability", {"api": data["supported_in_api"]})
        levels = data.get("supported_reasoning_levels")
        if isinstance(levels, list):
            efforts = [level.get("effort") for level in levels if isinstance(level, dict)]
            data.setdefault("reasoning_efforts", [e for e in efforts if isinstance(e, str)])
        if isinstance(data.get("upgrade"), dict):  # newer Codex catalogs nest the target slug
            data["upgrade"] = data["upgrade"].get("model") or data["upgrade"].get("slug")
        return data

    @property
    def title(self) -> str:
        return self.display_name or self.slug


class CatalogFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    models: list[CatalogModel]
    default_model: str | None = None
    default_model_note: str | None = None


_TIER_ORDER = {"recommended": 0, "alternative": 1, "other": 2}


class Catalog:
    """Models by slug, in the order people should see them: recommended first."""

    def __init__(self, models: list[CatalogModel], default_model: str | None = None, default_note: str | None = None):
        by_slug: dict[str, CatalogModel] = {}
        for model in models:
            by_slug[model.slug] = model
        order = sorted(by_slug.values(), key=lambda m: _TIER_ORDER[m.tier])  # stable: file order within a tier
        self._models = {model.slug: model for model in order}
        self.default_model = default_model
        self.default_note = default_note

    def __contains__(self, slug: object) -> bool:
        return slug in self._models

    def get(self, slug: str) -> CatalogModel | None:
        return self._models.get(slug)

    def models(self, include_hidden: bool = False) -> list[CatalogModel]:
        return [m for m in self._models.values() if include_hidden or not m.hidden]

    def suggest(self, slug: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` slugs most like ``slug``, best first."""
        slugs = [m.slug for m in self.models()]
        found = difflib.get_close_matches(slug.lower(), slugs, n=limit, cutoff=0.6)
        return found

    def merged_with(self, extra: list[CatalogModel]) -> "Catalog":
        return Catalog([*self._models.values(), *extra], self.default_model, self.default_note)


class CatalogError(Exception):
    """A user catalog file that cannot be used; the message is one line."""


@cache
def bundled() -> Catalog:
    raw = (Path(__file__).parent / "data" / "models.json").read_text(encoding="utf-8")
    parsed = CatalogFile.model_validate_json(raw)
    return Catalog(parsed.models, parsed.default_model, parsed.default_model_note)


def load_user_catalog(path: str | Path) -> list[CatalogModel]:
    """The models of a user catalog file; raises CatalogError with a one-line reason.

    A config's `model_catalog_json` is read on every analysis (twice: for its
    models and for its problems); the file is parsed again only when it changed.
    """
    path = Path(path).expanduser()
    try:
        status = path.stat()
    except OSError as error:
        raise CatalogError(f"cannot read model catalog {path}: {error.strerror or error}") from None
    models, error = _read_catalog_file(path, status.st_mtime_ns, status.st_size)
    if error:
        raise CatalogError(error)
    return list(models)


@lru_cache(maxsize=16)
def _read_catalog_file(path: Path, mtime_ns: int, size: int) -> tuple[tuple[CatalogModel, ...], str | None]:
    """The models of the file as it is at (mtime, size), or the one-line reason it has none."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return (), f"cannot read model catalog {path}: {getattr(error, 'strerror', None) or error}"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return (), f"model catalog {path} is not JSON: {error.msg} at line {error.lineno}"
    if isinstance(data, list):
        data = {"models": data}
    try:
        return tuple(CatalogFile.model_validate(data).models), None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return (), f"model catalog {path}: {where}: {first['msg']}"


def catalog_with(path: str | Path | None) -> tuple[Catalog, str | None]:
    """The bundled catalog plus a user file, and the error that kept the file out, if any."""
    if not path:
        return bundled(), None
    try:
        return bundled().merged_with(load_user_catalog(path)), None
    except CatalogError as error:
        return bundled(), str(error)
