"""Reads the machine into a :class:`~.snapshot.Snapshot`: the only module below lsp/ and the CLI that touches disk.

Every read is bounded and cannot block: only regular files are opened, never
more than a size cap, without following a FIFO or a device; a path that
cannot be looked at becomes a fact that says why ("unreadable"), never an
exception. Which paths to look at follows from the documents: the stack of
each (``stack.paths_to_probe``) and the files each layer names
(``files.named_paths``), repeated until nothing new turns up.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path, PurePath

from . import files, releases, stack
from .catalog import ModelList, parse_catalog, parse_models_cache, settings_catalog_source
from .snapshot import FileFact, Snapshot

MAX_TEXT_BYTES = 8 * 1024 * 1024  # larger configs and catalogs are not read (Codex's own are far smaller)
MAX_PROFILE_FILES = 64  # profile files read from `$CODEX_HOME` (for renames across them)
MODELS_CACHE = "models_cache.json"  # Codex's cache of the models the user's account may use
_ROUNDS = 4  # stack, then named files, then what those change (markers come from the user config)


def codex_home(environ: Mapping[str, str]) -> PurePath | None:
    """`$CODEX_HOME`, else `~/.codex`, as Codex finds it."""
    home = environ.get("CODEX_HOME")
    if home:
        return PurePath(os.path.abspath(os.path.expanduser(home)))
    user = environ.get("HOME")
    return PurePath(user) / ".codex" if user else None


def look(path: PurePath, read: bool) -> FileFact:
    """What ``path`` is; with ``read``, the text of a regular file (bounded, UTF-8)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return FileFact("missing")
    except OSError as error:
        return FileFact("unreadable", problem=_reason(error))
    except ValueError:  # a NUL byte in the path
        return FileFact("missing")
    if stat.S_ISDIR(info.st_mode):
        return FileFact("folder")
    if not stat.S_ISREG(info.st_mode):
        return FileFact("other")
    if not read:
        return FileFact("file")
    if info.st_size > MAX_TEXT_BYTES:
        return FileFact("file", problem=f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
    try:
        data = _read_regular(path)
    except OSError as error:
        return FileFact("unreadable", problem=_reason(error))
    if data is None:
        return FileFact("file", problem=f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
    try:
        return FileFact("file", data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return FileFact("file", problem=f"not UTF-8 text (byte {error.start})")


def _read_regular(path: PurePath) -> bytes | None:
    """The bytes of a regular file, or None past the cap; the file is re-checked after opening (no FIFO swap)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > MAX_TEXT_BYTES:
                return None
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def snapshot_for(
    documents: Iterable[tuple[PurePath, str]],
    environ: Mapping[str, str],
    *,
    release: str,
    installed_release: str | None = None,
    catalog_path: PurePath | None = None,
    sessions: Iterable[stack.Session] = (),
    known: Mapping[PurePath, FileFact] | None = None,
    cwd: PurePath | None = None,
    parses: Mapping[PurePath, stack.Parse] | None = None,
) -> Snapshot:
    """A snapshot holding every fact the stacks of ``documents`` (path, text) and ``sessions`` need.

    ``parses`` are parses of documents' texts the caller already holds (the server's current
    analyses): those documents are not parsed again.

    ``known`` facts are reused as they are (the server passes the ones that no
    file event has invalidated since the last snapshot).
    """
    home = codex_home(environ)
    facts = dict(known or {})
    for path in (home / MODELS_CACHE if home else None, catalog_path):
        if path is not None and _needs_look(facts.get(path), True):
            facts[path] = look(path, read=True)
    snapshot = Snapshot(
        codex_home=home,
        user_home=PurePath(environ["HOME"]) if environ.get("HOME") else None,
        release=release,
        installed_release=installed_release,
        account_models=_account_models(facts.get(home / MODELS_CACHE) if home else None),
        extra_models=_catalog_file(catalog_path, facts.get(catalog_path) if catalog_path else None),
        cwd=cwd,
        files=facts,
    )
    # Each document parsed at most once here and let go after (not kept in the layer cache): the server
    # keeps its own parse of each, and a second one would double the memory a large document takes.
    held = parses or {}
    parsed = [(path, text, held.get(path) or stack.parse_text(text)) for path, text in documents]
    wanted_sessions = list(sessions)
    profiles = dict.fromkeys(profile_files(snapshot.codex_home), True) if parsed else {}
    for _ in range(_ROUNDS):
        wanted: dict[PurePath, bool] = dict(profiles)
        for path, text, parse in parsed:
            session = stack.session_of(path, snapshot.codex_home, snapshot.cwd)
            _want(wanted, stack.document_stack(snapshot, path, text, parse), snapshot, session)
        for session in wanted_sessions:
            _want(wanted, stack.stack_for(snapshot, session), snapshot, session)
        new = {path: read for path, read in wanted.items() if _needs_look(snapshot.files.get(path), read)}
        if not new:
            break
        snapshot = snapshot.with_facts({path: look(path, read) for path, read in new.items()})
    return snapshot


def _account_models(fact: FileFact | None) -> ModelList | None:
    return parse_models_cache(fact.text) if fact is not None and fact.text is not None else None


def _catalog_file(path: PurePath | None, fact: FileFact | None) -> ModelList | None:
    """The catalog file a setting or `--catalog` names; a file that cannot be used says why in its error."""
    if path is None or fact is None:
        return None
    source = settings_catalog_source(str(path))
    if fact.text is None:
        reason = fact.problem or ("no such file" if fact.kind == "missing" else f"not a file ({fact.kind})")
        return ModelList(source, (), f"cannot read model catalog {path}: {reason}")
    listing = parse_catalog(fact.text, source)
    return (
        listing if listing.models or listing.error else ModelList(source, (), f"model catalog {path} lists no models")
    )


def profile_files(home: PurePath | None) -> list[PurePath]:
    """The profile files (`<name>.config.toml`) in `$CODEX_HOME`, at most MAX_PROFILE_FILES of them."""
    if home is None:
        return []
    try:
        with os.scandir(home) as entries:
            names = sorted(
                e.name for e in entries if e.name.endswith(stack.PROFILE_SUFFIX) and e.name != stack.PROFILE_SUFFIX
            )
    except (OSError, ValueError):
        return []
    return [home / name for name in names[:MAX_PROFILE_FILES]]


def _want(wanted: dict[PurePath, bool], layers: stack.Stack, snapshot: Snapshot, session: stack.Session | None) -> None:
    if session is not None:
        for path, read in stack.paths_to_probe(snapshot, session).items():
            wanted[path] = wanted.get(path, False) or read
    for layer in layers.layers:
        if layer.text is None:
            continue
        for path, read in files.named_paths(layer.tree, layer.folder, snapshot.user_home, snapshot.release).items():
            wanted[path] = wanted.get(path, False) or read


def _needs_look(fact: FileFact | None, read: bool) -> bool:
    return fact is None or (read and fact.kind == "file" and fact.text is None and fact.problem is None)


def refreshed(snapshot: Snapshot, changed: Iterable[PurePath]) -> Snapshot:
    """The snapshot without the facts of ``changed`` paths (looked at again by the next ``snapshot_for``)."""
    gone = set(changed)
    return replace(snapshot, files={p: f for p, f in snapshot.files.items() if p not in gone})


# -- which Codex the machine runs ----------------------------------------------------------------


def installed_codex_release(environ: Mapping[str, str]) -> str | None:
    """The release of the `codex` on PATH, read from its npm package files; nothing is run.

    `npm install -g @openai/codex` puts a script on PATH whose package folder
    holds `package.json` with the version. A codex installed any other way
    (a bare binary, Homebrew) cannot be told without running it: None.
    """
    found = shutil.which("codex", path=environ.get("PATH", ""))
    if not found:
        return None
    try:
        real = Path(found).resolve()
    except (OSError, RuntimeError):
        return None
    for folder in list(real.parents)[:4]:
        fact = look(folder / "package.json", read=True)
        if fact.text and '"@openai/codex"' in fact.text:
            return _version_in(fact.text)
    return None


def _version_in(package_json: str) -> str | None:
    try:
        data = json.loads(package_json)
    except ValueError:
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return str(releases.parse(version)) if isinstance(version, str) and releases.parse(version) else None
