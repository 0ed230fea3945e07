"""Our data for one Codex release, through whichever release-aware API the package has.

The schema and catalog learn releases one API at a time (``all_key_paths(release=...)``,
``key_info(path, release=...)``, ``features_for(release)``, ``data/catalogs/codex-<version>.json``).
Each function here uses the release-aware form when it exists and says so in :func:`gaps` when it
had to fall back to the release-blind one, so a diff never hides that it compared with the wrong data.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent
DATA = REPO / "server" / "codex_config_lsp" / "data"
if str(REPO / "server") not in sys.path:
    sys.path.insert(0, str(REPO / "server"))

_gaps: set[str] = set()


def gaps() -> list[str]:
    """The questions answered without regard to the release (the API for it is not there yet)."""
    return sorted(_gaps)


def _for_release(fn: Callable[..., Any], release: str, *args: Any) -> Any:
    if "release" in inspect.signature(fn).parameters:
        return fn(*args, release=release)
    _gaps.add(f"{fn.__module__}.{fn.__qualname__} takes no release")
    return fn(*args)


def schema():
    return importlib.import_module("codex_config_lsp.schema")


def key_paths(release: str) -> list[tuple[str, ...]]:
    """Every key path our schema knows for ``release`` (pattern paths: a user-chosen name is ``*``)."""
    navigate = importlib.import_module("codex_config_lsp.schema.navigate")
    return list(_for_release(navigate.all_key_paths, release))


def vocabulary(release: str) -> set[tuple[str, ...]]:
    """Every key path we know for ``release`` or any known release: the names the binary is read with."""
    releases = importlib.import_module("codex_config_lsp.releases")
    return {p for r in {release, *releases.KNOWN} for p in key_paths(r)}


def key_info(path: tuple[str, ...], release: str) -> Any:
    return _for_release(schema().key_info, release, path)


def child_keys(path: tuple[str, ...], release: str) -> Any:
    return _for_release(schema().child_keys, release, path)


def is_array(path: tuple[str, ...], release: str) -> bool:
    return getattr(key_info(path, release), "kind", None) == "array"


def enum_values(release: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Pattern path -> the values our schema lists for it, for every key that lists some."""
    from probing import concrete

    out = {}
    for path in key_paths(release):
        values = tuple(str(v) for v in (getattr(key_info(concrete(path), release), "values", None) or ()))
        if values:
            out[path] = values
    return out


def features(release: str) -> dict[str, tuple[str, bool]]:
    """Feature flag -> (stage, default) as our schema has them for ``release``."""
    mod = importlib.import_module("codex_config_lsp.schema.features")
    if callable(getattr(mod, "features_for", None)):
        found = mod.features_for(release)
    else:
        _gaps.add("codex_config_lsp.schema.features.features_for does not exist")
        found = mod.FEATURES
    specs = found.values() if isinstance(found, dict) else found
    return {f.name: (f.stage, bool(f.default)) for f in specs if f.stage != "legacy alias"}


def catalog_path(release: str) -> Path:
    return DATA / "catalogs" / f"codex-{release}.json"


def catalog(release: str) -> dict[str, Any] | None:
    """Our bundled catalog for ``release`` as stored (``data/catalogs/codex-<version>.json``), or None."""
    path = catalog_path(release)
    if not path.is_file():
        _gaps.add(f"no {path.relative_to(REPO)}")
        return None
    return json.loads(path.read_text(encoding="utf-8"))
