"""The stack of config files Codex merges, and the config that results.

Codex never reads one file alone. From lowest to highest precedence it
stacks the system config (`/etc/codex/config.toml`), the user config
(`$CODEX_HOME/config.toml`), the profile file picked with `--profile <name>`
(`$CODEX_HOME/<name>.config.toml`) and, when the project is trusted, each
`.codex/config.toml` from the project root down to the working folder.
Tables merge key by key; any other value replaces the one below it.

Which stack applies to a file follows from where the file is: the user
config alone (with the system one), a profile file over the user config,
or a project config as Codex sees it when started in that project's folder.
Everything here is a pure function of a :class:`~.snapshot.Snapshot`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import PurePath
from typing import Any, Literal

from . import releases
from .snapshot import Snapshot
from .syntax import ParsedDocument, parse
from .tree import KeyPath, Located, Tree, build

SYSTEM_CONFIG = PurePath("/etc/codex/config.toml")
MANAGED_CONFIG = PurePath("/etc/codex/managed_config.toml")  # legacy managed config: above every other file
USER_CONFIG_NAME = "config.toml"
PROFILE_SUFFIX = ".config.toml"
PROJECT_FOLDER = ".codex"
DEFAULT_ROOT_MARKERS = (".git",)

GIT = ".git"

LayerKind = Literal["system", "user", "profile", "project", "managed", "file"]

# Root keys Codex reads only from the user's own files: in a trusted project's `.codex/config.toml`
# it drops them, whole tables included, before validating anything, with one startup warning per
# file. Measured root key by root key with `codex doctor --json` on 0.169.0 and 0.171.0 (both list
# these twelve). Each entry: key -> (since, until) as in `releases.holds`.
PROJECT_IGNORED_KEYS: dict[str, tuple[str | None, str | None]] = {
    key: (None, None)
    for key in (
        "apps_mcp_product_sku",
        "chatgpt_base_url",
        "experimental_realtime_webrtc_call_base_url",
        "experimental_realtime_ws_base_url",
        "model_provider",
        "model_providers",
        "notify",
        "openai_base_url",
        "otel",
        "profile",
        "profiles",
        "responses_api_metadata",
    )
}


def project_ignored_keys(release: str) -> frozenset[str]:
    return frozenset(
        key for key, (since, until) in PROJECT_IGNORED_KEYS.items() if releases.holds(release, since, until)
    )


Parse = tuple[ParsedDocument, Tree]


def parse_text(text: str, previous: ParsedDocument | None = None) -> Parse:
    """``text`` scanned (reusing what ``previous``, an earlier version's scan, still holds) and built."""
    document = parse(text, previous)
    return document, build(document)


@lru_cache(maxsize=16)
def _parsed_layer(text: str) -> Parse:
    """One parse per layer text: layers that do not change are not parsed again on every keystroke."""
    return parse_text(text)


@dataclass(frozen=True)
class Layer:
    kind: LayerKind
    path: PurePath
    text: str | None  # None: the file does not exist (or could not be read)
    loaded: bool  # whether Codex reads this layer
    reason: str  # why it is (not) read, for people
    parse: Parse | None = field(default=None, compare=False, repr=False)  # the open document's own parse

    @property
    def folder(self) -> PurePath:
        return self.path.parent

    @property
    def tree(self) -> Tree:
        return (self.parse or _parsed_layer(self.text or ""))[1]

    @property
    def document(self) -> ParsedDocument:
        return (self.parse or _parsed_layer(self.text or ""))[0]

    def line_of(self, located: Located) -> int:
        """The 1-based line a key of this layer is written on."""
        return (self.text or "").count("\n", 0, located.key_span.start) + 1

    def label(self, home: PurePath | None = None) -> str:
        return label(self.path, home)


def label(path: PurePath, home: PurePath | None) -> str:
    """How people are shown a file of the stack: `$CODEX_HOME/fast.config.toml`, else its path."""
    if home is not None and path.parent == home:
        return f"$CODEX_HOME/{path.name}"
    return str(path)


@dataclass(frozen=True)
class Origin:
    """Where an effective value comes from."""

    layer: Layer
    located: Located


@dataclass(frozen=True)
class Stack:
    layers: tuple[Layer, ...]  # lowest precedence first
    own: int | None  # the index of the document's own layer, if it is one of them
    release: str

    @property
    def loaded(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in self.layers if layer.loaded and layer.text is not None)

    @property
    def own_layer(self) -> Layer | None:
        return self.layers[self.own] if self.own is not None else None

    @cached_property
    def effective(self) -> Effective:
        return Effective(self.loaded, self.release)

    def defined(self, table: str) -> dict[str, Origin]:
        """The names defined under ``[table.<name>]`` in any loaded layer, with the layer that wins."""
        found: dict[str, Origin] = {}
        for layer in self.loaded:
            if not self.effective.reads(layer, table):
                continue
            entries = layer.tree.get((table,))
            if not isinstance(entries, dict):
                continue
            for name in entries:
                located = layer.tree.locations.get((table, name))
                if located is not None:
                    found[name] = Origin(layer, located)
        return found

    @property
    def ignored_here(self) -> frozenset[str]:
        """The root keys Codex drops from the document itself (a project layer's user-only keys)."""
        own = self.own_layer
        return project_ignored_keys(self.release) if own is not None and own.kind == "project" else frozenset()

    def others(self) -> Iterator[Layer]:
        """The loaded layers other than the document's own."""
        own = self.own_layer
        return (layer for layer in self.loaded if layer is not own)


class Effective:
    """The merged config: its values, and for every value the layer that sets it.

    A single value is looked up from the top layer down, without merging
    anything: checks ask for a few values on every keystroke. The merged data
    and the origins of every value are built only when asked for (hover,
    explain).
    """

    def __init__(self, layers: tuple[Layer, ...], release: str) -> None:
        self._layers = layers
        self._ignored = project_ignored_keys(release)

    def reads(self, layer: Layer, key: object) -> bool:
        """Whether Codex reads root ``key`` from ``layer`` (a project layer may not set user-only keys)."""
        return not (layer.kind == "project" and key in self._ignored)

    def get(self, path: KeyPath) -> object | None:
        """The value Codex uses at ``path`` (a table: merged from every layer that writes into it)."""
        for layer in reversed(self._layers):
            if path and not self.reads(layer, path[0]):
                continue
            node: object = layer.tree.data
            for part in path:
                if not isinstance(node, dict):
                    return None  # this layer replaced a table above ``path`` with a value
                if part not in node:
                    node = _MISSING
                    break
                node = node[part]
            if node is _MISSING:
                continue
            return self._merged(path) if isinstance(node, dict) else node
        return None

    def _merged(self, path: KeyPath) -> object | None:
        node: object = self.data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    @property
    def data(self) -> dict[str, Any]:
        return self._merged_with_origins[0]

    @property
    def origins(self) -> dict[KeyPath, Origin]:
        return self._merged_with_origins[1]

    def origin(self, path: KeyPath) -> Origin | None:
        """The layer whose value wins at ``path`` (for a table: the last layer that wrote into it)."""
        return self.origins.get(path)

    @cached_property
    def _merged_with_origins(self) -> tuple[dict[str, Any], dict[KeyPath, Origin]]:
        """Tables merge key by key; anything else replaces what lower layers set (Codex's rule)."""
        data: dict[str, Any] = {}
        origins: dict[KeyPath, Origin] = {}
        for layer in self._layers:
            tree = layer.tree
            for key, value in tree.data.items():
                if self.reads(layer, key):
                    _merge_into(data, key, value, (key,), layer, tree, origins)
        return data, origins


_MISSING = object()


def _merge_into(
    target: dict[Any, Any],
    key: object,
    value: object,
    path: KeyPath,
    layer: Layer,
    tree: Tree,
    origins: dict[KeyPath, Origin],
) -> None:
    located = tree.locations.get(path)
    if located is not None:
        origins[path] = Origin(layer, located)
    if isinstance(value, dict) and isinstance(target.get(key), dict):
        for sub_key, sub_value in value.items():
            _merge_into(target[key], sub_key, sub_value, path + (sub_key,), layer, tree, origins)
        return
    if isinstance(value, dict):
        target[key] = {}
        for sub_key, sub_value in value.items():
            _merge_into(target[key], sub_key, sub_value, path + (sub_key,), layer, tree, origins)
        return
    if isinstance(target.get(key), dict):
        _forget_below(origins, path)  # a value replacing a table replaces what was inside it
    target[key] = value


def _forget_below(origins: dict[KeyPath, Origin], path: KeyPath) -> None:
    """A value that replaces a table also replaces the origins of what was inside it."""
    for known in [p for p in origins if len(p) > len(path) and p[: len(path)] == path]:
        del origins[known]


# -- which files make up a stack ------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """How Codex is started: in which folder, with which profile. None: not in a project / no profile."""

    cwd: PurePath | None = None
    profile: str | None = None


def session_of(path: PurePath, home: PurePath | None, cwd: PurePath | None = None) -> Session | None:
    """The start of Codex that reads ``path``; None for a file Codex never reads as config.

    A project config is read by Codex started in its project; the user's own
    files by Codex started in ``cwd`` (an editor's workspace folder), if any.
    """
    if home is not None and path.parent == home:
        if path.name == USER_CONFIG_NAME:
            return Session(cwd)
        if _is_profile_name(path.name):
            return Session(cwd, path.name[: -len(PROFILE_SUFFIX)])
        return None
    if path.name == USER_CONFIG_NAME and path.parent.name == PROJECT_FOLDER:
        return Session(cwd=path.parent.parent)
    if path == SYSTEM_CONFIG:
        return Session(cwd)
    return None


def document_stack(snapshot: Snapshot, path: PurePath | None, text: str, own_parse: Parse | None = None) -> Stack:
    """The stack an open document sits in: as Codex reads it, or alone when Codex never reads it."""
    session = session_of(path, snapshot.codex_home, snapshot.cwd) if path is not None else None
    if path is None or session is None:
        alone = Layer("file", path or PurePath("untitled"), text, True, "the file itself", own_parse)
        return Stack((alone,), 0, snapshot.release)
    return stack_for(snapshot, session, (path, text), own_parse)


def stack_for(
    snapshot: Snapshot, session: Session, own: tuple[PurePath, str] | None = None, own_parse: Parse | None = None
) -> Stack:
    """The layers Codex reads for ``session``; ``own`` is an open document's path and text, which win over disk."""
    home = snapshot.codex_home
    candidates: list[tuple[LayerKind, PurePath]] = [("system", SYSTEM_CONFIG)]
    if home is not None:
        candidates.append(("user", home / USER_CONFIG_NAME))
        if session.profile:
            candidates.append(("profile", home / f"{session.profile}{PROFILE_SUFFIX}"))
    layers: list[Layer] = []
    own_index: int | None = None
    for kind, path in candidates:
        is_own = bool(own and own[0] == path)
        text = own[1] if own and is_own else snapshot.text(path)
        if is_own:
            own_index = len(layers)
        layers.append(Layer(kind, path, text, True, _reason(kind, text), own_parse if is_own else None))
    if session.cwd is not None:
        user = Stack(tuple(layers), None, snapshot.release)
        for folder in project_folders(snapshot, session.cwd, user.effective):
            path = folder / PROJECT_FOLDER / USER_CONFIG_NAME
            if home is not None and path.parent == home:
                continue  # CODEX_HOME is the user's, never a project layer
            is_own = own is not None and own[0] == path
            text = own[1] if own is not None and is_own else snapshot.text(path)
            if text is None and not is_own:
                continue
            trusted, why = trust_of(snapshot, folder, session.cwd, user.effective)
            if is_own:
                own_index = len(layers)
            layers.append(Layer("project", path, text, trusted, why, own_parse if is_own else None))
    managed = own[1] if own and own[0] == MANAGED_CONFIG else snapshot.text(MANAGED_CONFIG)
    if managed is not None:
        if own and own[0] == MANAGED_CONFIG:
            own_index = len(layers)
        layers.append(Layer("managed", MANAGED_CONFIG, managed, True, "legacy managed config: wins over every file"))
    if own is not None and own_index is None:
        own_index = len(layers)
        layers.append(Layer("file", own[0], own[1], True, "the file itself", own_parse))
    return Stack(tuple(layers), own_index, snapshot.release)


def _reason(kind: LayerKind, text: str | None) -> str:
    if text is None:
        return "no such file"
    return {"system": "system config", "user": "user config", "profile": "selected with --profile"}.get(kind, "")


def root_markers(effective: Effective) -> tuple[str, ...]:
    markers = effective.get(("project_root_markers",))
    if isinstance(markers, list) and all(isinstance(m, str) for m in markers):
        return tuple(markers)
    return DEFAULT_ROOT_MARKERS


def project_root(snapshot: Snapshot, cwd: PurePath, markers: tuple[str, ...]) -> PurePath:
    """The nearest folder at or above ``cwd`` that holds a root marker; ``cwd`` itself when none does."""
    for folder in (cwd, *cwd.parents):
        if any(_is_marker(snapshot, folder, marker) for marker in markers):
            return folder
    return cwd


def _is_marker(snapshot: Snapshot, folder: PurePath, marker: str) -> bool:
    """Any marker counts by existing, but `.git` only as a file or as a folder with a `HEAD` (measured, 0.169/0.171)."""
    if marker != GIT:
        return _exists(snapshot, folder / marker)
    fact = snapshot.fact(folder / GIT)
    if fact is None or not fact.exists:
        return False
    return fact.kind != "folder" or _exists(snapshot, folder / GIT / "HEAD")


def git_root(snapshot: Snapshot, cwd: PurePath) -> PurePath | None:
    """The repository ``cwd`` is in; for a linked worktree (a `.git` file naming `<main>/.git/worktrees/x`),
    the main one."""
    for folder in (cwd, *cwd.parents):
        if not _is_marker(snapshot, folder, GIT):
            continue
        fact = snapshot.fact(folder / GIT)
        pointer = fact.text.strip() if fact is not None and fact.kind == "file" and fact.text else ""
        if pointer.startswith("gitdir:"):
            target = PurePath(pointer[len("gitdir:") :].strip())
            target = target if target.is_absolute() else folder / target
            if target.parent.name == "worktrees" and target.parent.parent.name == GIT:
                return target.parent.parent.parent
        return folder
    return None


def project_folders(snapshot: Snapshot, cwd: PurePath, user: Effective) -> list[PurePath]:
    """The folders whose `.codex/config.toml` Codex reads, from the project root down to ``cwd``."""
    root = project_root(snapshot, cwd, root_markers(user))
    folders = [cwd]
    for parent in cwd.parents:
        if not _is_within(parent, root):
            break
        folders.append(parent)
    return list(reversed(folders))


def trust_of(snapshot: Snapshot, folder: PurePath, cwd: PurePath, user: Effective) -> tuple[bool, str]:
    """Whether the user's own files trust the project layer in ``folder``, and why.

    The first `[projects."<path>"]` entry found decides, looking at the layer's
    own folder, then the project root, then the git repository (measured on
    0.169 and 0.171); an entry for any other folder trusts nothing.
    """
    projects = user.get(("projects",))
    candidates = dict.fromkeys(
        c for c in (folder, project_root(snapshot, cwd, root_markers(user)), git_root(snapshot, cwd)) if c is not None
    )
    for candidate in candidates:
        settings = projects.get(str(candidate)) if isinstance(projects, dict) else None
        if isinstance(settings, dict) and "trust_level" in settings:
            level = settings.get("trust_level")
            return level == "trusted", f'`[projects."{candidate}"]` says trust_level = "{level}"'
    return False, "untrusted: no `[projects]` entry for this folder, its project root or its repository"


def _exists(snapshot: Snapshot, path: PurePath) -> bool:
    fact = snapshot.fact(path)
    return fact is not None and fact.exists


def _is_within(path: PurePath, root: PurePath) -> bool:
    return path == root or root in path.parents


def profile_layers(snapshot: Snapshot) -> list[Layer]:
    """Every profile file in `$CODEX_HOME` the snapshot read, by name."""
    home = snapshot.codex_home
    found = [
        Layer("profile", path, fact.text, True, "a profile file beside the user config")
        for path, fact in snapshot.files.items()
        if home is not None and path.parent == home and _is_profile_name(path.name) and fact.text is not None
    ]
    return sorted(found, key=lambda layer: layer.path.name)


def _is_profile_name(name: str) -> bool:
    return name.endswith(PROFILE_SUFFIX) and len(name) > len(PROFILE_SUFFIX)


# -- what the environment must look at for a stack ------------------------------------------------


def paths_to_probe(snapshot: Snapshot, session: Session) -> dict[PurePath, bool]:
    """Every path whose fact ``stack_for`` reads for ``session`` (given what the snapshot knows so far),
    and whether its text is needed (config files, `.git` files) or only whether it exists (markers)."""
    home = snapshot.codex_home
    wanted: dict[PurePath, bool] = {SYSTEM_CONFIG: True, MANAGED_CONFIG: True}
    if home is not None:
        wanted[home / USER_CONFIG_NAME] = True
        if session.profile:
            wanted[home / f"{session.profile}{PROFILE_SUFFIX}"] = True
    if session.cwd is not None:
        base = stack_for(snapshot, Session(profile=session.profile))
        markers = root_markers(base.effective)
        for folder in (session.cwd, *session.cwd.parents):
            wanted.update(dict.fromkeys((folder / marker for marker in markers), False))
            wanted[folder / GIT] = True  # a worktree's `.git` file names its main repository
            wanted[folder / GIT / "HEAD"] = False
            wanted[folder / PROJECT_FOLDER / USER_CONFIG_NAME] = True
    return wanted
