"""What a Codex binary knows about its config, read from the binary itself (no network, cached on disk).

* feature flags with stage and default: ``codex features list``;
* the bundled model catalog: the only ``{"models": [...]}`` JSON value inside the binary (byte-identical
  to ``codex debug models --bundled``);
* candidate key paths: the ``Config`` of ``codex app-server generate-json-schema`` (where the release has
  it), and serde field names from the binary's strings. Rust stores a struct's field names back to back
  (``historyrollout_tracesqlite_homelog_dir``), after their struct's name (``CodeModeToml``); each run is
  cut into names with the words of the names we know, and the unknown ones are leads, placed in the
  tables that hold the run's known names (:func:`string_keys`). Leads are only leads: the oracle decides
  (``probing.classify``).

Every answer is cached by binary (release, size, mtime) and vocabulary under
``$CODEX_CACHE/sync/codex-<version>/`` (default ``~/.cache/codex-config-lsp``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import mmap
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from oracle import Sandbox, default_cache_root

SURFACE_REVISION = "3"
_FEATURE_LINE = re.compile(
    r"^([a-z0-9_.]+)\s+(stable|experimental|deprecated|removed|under development)\s+(true|false)\s*$"
)
_CANDIDATE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")  # snake_case: field-like

Path_ = tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Surface:
    version: str
    sha256: str
    features: dict[str, tuple[str, bool]]  #: flag -> (stage, default)
    catalog: dict[str, Any] | None
    app_server_keys: tuple[Path_, ...]  #: pattern paths in the app-server's Config schema
    string_keys: tuple[Path_, ...]  #: pattern paths guessed from the binary's field-name strings

    def candidate_keys(self) -> set[Path_]:
        return set(self.app_server_keys) | set(self.string_keys)


def read_surface(sandbox: Sandbox, version: str, vocabulary: Iterable[Path_]) -> Surface:
    """The surface of ``sandbox.binary`` (whose ``--version`` is ``version``); cached."""
    vocabulary = sorted(set(vocabulary))
    stat = os.stat(sandbox.binary)
    key = hashlib.sha256(
        json.dumps([SURFACE_REVISION, version, stat.st_size, stat.st_mtime_ns, vocabulary]).encode()
    ).hexdigest()
    cache = default_cache_root() / "sync" / f"codex-{version}" / f"surface-{key[:16]}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return Surface(
            data["version"],
            data["sha256"],
            {k: (v[0], v[1]) for k, v in data["features"].items()},
            data["catalog"],
            tuple(tuple(p) for p in data["app_server_keys"]),
            tuple(tuple(p) for p in data["string_keys"]),
        )
    except (OSError, ValueError, KeyError):
        pass
    app_server = app_server_keys(sandbox)
    with open(sandbox.binary, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as blob:
        surface = Surface(
            version,
            hashlib.sha256(blob).hexdigest(),
            feature_flags(sandbox),
            bundled_catalog(blob),
            tuple(sorted(app_server)),
            tuple(sorted(string_keys(blob, set(vocabulary) | app_server))),
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(surface)), encoding="utf-8")
    os.replace(tmp, cache)
    return surface


def feature_flags(sandbox: Sandbox) -> dict[str, tuple[str, bool]]:
    run = sandbox.run("", ["features", "list"], 60)
    flags = {}
    for line in run.out.splitlines():
        m = _FEATURE_LINE.match(line.strip())
        if m:
            flags[m.group(1)] = (m.group(2), m.group(3) == "true")
    if not flags:
        raise RuntimeError(f"`codex features list` listed no flags: {run.out.strip()[-200:]!r}")
    return flags


def bundled_catalog(blob: mmap.mmap | bytes) -> dict[str, Any] | None:
    """The catalog as ``codex_config_lsp.catalog_extract`` reads it (one place knows how); None if absent."""
    from codex_config_lsp.catalog_extract import catalog_in_binary

    try:
        return catalog_in_binary(bytes(blob))
    except ValueError:
        return None


def app_server_keys(sandbox: Sandbox) -> set[Path_]:
    """Key paths of ``Config`` in ``codex app-server generate-json-schema``; empty where there is none."""
    if "generate-json-schema" not in sandbox.run("", ["app-server", "--help"], 60).out:
        return set()
    out = tempfile.mkdtemp(prefix="codex-sync-schema-")
    try:
        sandbox.run("", ["app-server", "generate-json-schema", "--out", out], 120)
        bundle = Path(out, "codex_app_server_protocol.v2.schemas.json")
        if not bundle.is_file():
            return set()
        defs = json.loads(bundle.read_text(encoding="utf-8")).get("definitions", {})
    finally:
        shutil.rmtree(out, ignore_errors=True)
    paths: set[Path_] = set()

    def walk(schema: dict[str, Any], prefix: Path_, depth: int) -> None:
        for name, prop in (schema.get("properties") or {}).items():
            paths.add(prefix + (name,))
            for ref in _refs(prop):
                target = defs.get(ref)
                if isinstance(target, dict) and depth < 3:
                    walk(target, prefix + (name,), depth + 1)

    if isinstance(defs.get("Config"), dict):
        walk(defs["Config"], (), 0)
    return paths


def _refs(prop: Any) -> list[str]:
    found = []
    if isinstance(prop, dict):
        ref = prop.get("$ref")
        if isinstance(ref, str):
            found.append(ref.rsplit("/", 1)[-1])
        for option in prop.get("anyOf", []) + prop.get("oneOf", []) + prop.get("allOf", []):
            found += _refs(option)
    return found


def string_keys(blob: mmap.mmap | bytes, vocabulary: set[Path_]) -> set[Path_]:
    """Leads for keys from the binary's serde field strings.

    A run of field names follows its struct's name (``CodeModeToml`` + ``heartbeat_interval_s``). Each run is
    cut into names (:func:`_fields`); the unknown names are placed in the
    tables that hold most of the run's known names, else in the table the struct is named after, else at the
    root (a new table: the struct name itself is a lead too).
    """
    tables: dict[str, set[Path_]] = {}
    for path in vocabulary:
        if path and path[-1] != "*":
            tables.setdefault(path[-1], set()).add(path[:-1])
    by_squashed: dict[str, set[Path_]] = {}
    for path in vocabulary:
        if path and path[-1] != "*":
            by_squashed.setdefault(path[-1].replace("_", ""), set()).add(path)
    parts = {part for name in tables for part in name.split("_") if part}
    found: set[Path_] = set()
    for struct, run in _struct_runs(blob):
        names = _fields(run, set(tables), parts, trusted=struct.endswith("Toml"))
        if names is None:
            continue
        known = [n for n in names if n in tables]
        unknown = [n for n in names if n not in tables and n not in _NOT_FIELDS and _CANDIDATE.match(n)]
        if not unknown:
            continue
        homes = _most_common_tables(known, tables)
        struct_name = _snake(struct)
        if not homes and struct_name and _CANDIDATE.match(struct_name):
            # Tables named like the struct, and a root table of that name (new tables live there).
            homes = {p for p in by_squashed.get(struct_name.replace("_", ""), set())} | {(struct_name,)}
            found.add((struct_name,))
        found |= {home + (n,) for home in homes for n in unknown}
    return found


def _most_common_tables(known: list[str], tables: dict[str, set[Path_]]) -> set[Path_]:
    """The tables that hold the most of ``known`` (the run's struct, in every place it appears)."""
    counts: dict[Path_, int] = {}
    for name in known:
        for table in tables[name]:
            counts[table] = counts.get(table, 0) + 1
    top = max(counts.values(), default=0)
    return {t for t, c in counts.items() if c == top}


# The end of a struct's name and the run of lowercase field names after it.
_AFTER_STRUCT = re.compile(rb"(?:Toml|Config)([a-z][a-z0-9_]{2,})")
_STRUCT_TAIL = re.compile(r"(?:[A-Z][a-z0-9]*)+$")


def _struct_runs(blob: mmap.mmap | bytes) -> Iterable[tuple[str, str]]:
    """(struct name, field run) for each struct name ending in Toml or Config that fields follow."""
    for m in _AFTER_STRUCT.finditer(blob):
        before = bytes(blob[max(0, m.start() - 80) : m.start(1)]).decode("ascii", "replace")
        tail = _STRUCT_TAIL.search(before)
        yield (tail.group(0) if tail else ""), m.group(1).decode("ascii")


_STRUCT_SUFFIX = re.compile(r"(?:Config)?(?:Toml)?(?:Config)?$")
# Words serde puts next to field names in its messages ("invalid type: ..., expected struct XToml").
_NOT_FIELDS = {"struct", "enum", "variant", "tuple", "map", "sequence", "option", "unit", "newtype"}


def _snake(struct: str) -> str:
    """``CodeModeToml`` -> ``code_mode``; ``GuardianV2ConfigToml`` -> ``guardian_v2``; "" for none and
    for the structs of requirements.toml (another file)."""
    stem = _STRUCT_SUFFIX.sub("", struct)
    stem = re.split(r"(?:Toml|Config)(?=[A-Z])", stem)[-1]  # the last of several names run together
    if "Requirement" in stem:
        return ""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", stem).lower()


def _fields(run: str, names: set[str], parts: set[str], trusted: bool) -> list[str] | None:
    """Cut a run of concatenated snake_case names into names.

    Between two underscores a chunk is one word, or the end of one name and the start of the next
    (``bytesmax`` in ``max_payload_bytesmax_bytes``): a chunk that splits into known words marks a
    boundary. None when the run does not look like field names (a known name or word covers < half),
    unless it is ``trusted`` (it follows a ``...Toml`` struct name: Codex's config structs).
    """
    chunks = run.split("_")
    fields: list[list[str]] = [[]]
    covered = 0
    for _i, chunk in enumerate(chunks):
        pieces = _split(chunk, parts) if chunk else [chunk]
        covered += sum(len(p) for p in pieces if p in parts)
        fields[-1].append(pieces[0])
        for piece in pieces[1:]:
            fields.append([piece])
    out = ["_".join(f) for f in fields if any(f)]
    if not trusted and covered * 2 < len(run.replace("_", "")) and not any(n in names for n in out):
        return None
    return out


def _split(chunk: str, parts: set[str]) -> list[str]:
    """``chunk`` cut into the known words that cover most of it (fewest pieces on a tie); an unknown
    piece of 3+ characters may stand at either end (``boundary`` + ``disable``) next to known words of
    4+ characters. ``[chunk]`` when no known word helps. A guess: ``heartbeat`` with ``beat`` known
    becomes ``heart`` + ``beat``; the oracle then finds neither, and the key is missed, not invented."""
    best = [chunk]
    best_score = (len(chunk) if chunk in parts else 0, -1)
    n = len(chunk)
    for start in range(n):
        for end in range(start + 1, n + 1):
            head, middle, tail = chunk[:start], chunk[start:end], chunk[end:]
            if (head and len(head) < 3) or (tail and (len(tail) < 3 or tail.startswith(_WORD_ENDINGS))):
                continue
            words = _known_words(middle, parts)
            if not words or ((head or tail) and min(map(len, words)) < 4):
                continue
            pieces = [x for x in (head, *words, tail) if x]
            score = (len(middle), -len(pieces))
            if score > best_score:
                best, best_score = pieces, score
    return best


# An unknown tail starting like this is the end of the word before it (``budget`` + ``ing``), not a new name.
_WORD_ENDINGS = ("ing", "ed", "er", "es")


def _known_words(text: str, parts: set[str]) -> list[str] | None:
    """``text`` as the fewest known words that make it up exactly, or None."""
    best: list[list[str] | None] = [None] * (len(text) + 1)
    best[0] = []
    for i in range(len(text)):
        if best[i] is None:
            continue
        for j in range(i + 1, len(text) + 1):
            word = text[i:j]
            if word in parts and (best[j] is None or len(best[j]) > len(best[i]) + 1):  # type: ignore[arg-type]
                best[j] = best[i] + [word]  # type: ignore[operator]
    return best[len(text)]
