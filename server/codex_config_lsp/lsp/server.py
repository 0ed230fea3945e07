"""The routing table: one short handler per LSP method.

The session (settings, catalog, open documents) changes only on
notifications; each request reads one frozen ``Analysis`` of the document's
current text, computed once per text and shared by every feature.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__, environment, files, releases
from ..analysis import Analysis, analyze
from ..diagnostics import visible
from ..settings import Settings, read_settings
from ..snapshot import Snapshot
from ..text import LineIndex, Span
from . import convert
from .protocol import HardenedProtocol, JsonAnswer, Refusal, quiet_refusals, start_io

if TYPE_CHECKING:
    from ..completion import Item
    from ..names import Site
    from ..stack import Parse

# The features (completion, hover, names, navigation, actions, folding, formatting) are imported by their
# handlers, on first use: the server answers `initialize` and checks the first document without them.

log = logging.getLogger(__name__)

TRIGGER_CHARACTERS = ['"', "'", ".", "[", "=", " "]


class CodexConfigServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("codex-config-lsp", __version__, protocol_cls=HardenedProtocol)
        self.settings = Settings()
        self.pull_diagnostics = False
        self.markdown_hover = False
        self.markdown_completion = False
        self.snippets = False
        self.resolves_documentation = False  # completionItem/resolve asked for an item's documentation
        self._analyses: dict[str, Analysis] = {}
        self._answers: dict[str, dict[tuple[object, ...], Any]] = {}  # per document: given from its analysis
        self._catalog_error: str | None = None
        self._snapshot: Snapshot | None = None  # the machine as analyses see it; None: to be read again
        self._snapshot_paths: frozenset[PurePath] = frozenset()  # the documents it was read for
        self._told_newer: str | None = None

    # -- session -----------------------------------------------------------

    def apply_settings(self, raw: object) -> None:
        settings, problem = read_settings(raw)
        if problem:
            self.tell(types.MessageType.Warning, problem)
        changed = (settings.catalog_path, settings.codex_version) != (
            self.settings.catalog_path,
            self.settings.codex_version,
        )
        self.settings = settings
        if changed:
            self._snapshot = None

    def client_formats(self) -> tuple[bool, bool, bool, bool]:
        """What the client said at initialize it shows: Markdown in hovers, in completion items, snippets,
        and whether it resolves completion items' documentation."""
        return self.markdown_hover, self.markdown_completion, self.snippets, self.resolves_documentation

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A refusal is an answer, not a fault of the server."""
        if isinstance(error, Refusal):
            log.info("refused a request: %s", error)
        else:
            super().report_server_error(error, source)

    def tell(self, kind: types.MessageType, message: str) -> None:
        log.warning(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def release(self) -> tuple[str, str | None]:
        """The release findings speak for, and the installed one if its package files tell."""
        installed = environment.installed_codex_release(os.environ)
        chosen = releases.parse(self.settings.codex_version)
        release = str(chosen) if chosen else installed or releases.NEWEST
        if releases.is_newer_than_known(release) and self._told_newer != release:
            self._told_newer = release
            self.tell(
                types.MessageType.Info,
                f"Codex {release} is newer than the releases codex-config-lsp knows (newest: {releases.NEWEST}): "
                "keys it added are shown as information, not warnings.",
            )
        return release, installed

    def snapshot(self) -> Snapshot:
        """The machine as analyses see it: read once, extended for newly opened files, read again on changes."""
        uris = list(self.workspace.text_documents)
        paths = frozenset(path for path in map(_file_of, uris) if path is not None)
        if self._snapshot is None or not paths <= self._snapshot_paths:
            documents = self._open_files()
            release, installed = self.release()
            known = self._snapshot.files if self._snapshot is not None else None
            self._snapshot = environment.snapshot_for(
                documents,
                os.environ,
                release=release,
                installed_release=installed,
                catalog_path=_catalog_path(self.settings.catalog_path),
                known=known,
                cwd=self._workspace_folder(),
                parses=self._current_parses(documents),
            )
            self._snapshot_paths = paths | (self._snapshot_paths if known is not None else frozenset())
            self._report_catalog_file(self._snapshot)
        return self._snapshot

    def _report_catalog_file(self, snapshot: Snapshot) -> None:
        """A settings catalog that cannot be used is said once (until it changes); the others keep working."""
        listing = snapshot.extra_models
        error = listing.error if listing is not None else None
        if error and error != self._catalog_error:
            self.tell(types.MessageType.Warning, f"{error}; using the bundled catalog")
        self._catalog_error = error

    def _workspace_folder(self) -> PurePath | None:
        """Where Codex is taken to start for the user's own files: the first workspace folder."""
        for folder in self.workspace.folders.values():
            path = _file_of(folder.uri)
            if path is not None:
                return path
        root = self.workspace.root_uri
        return _file_of(root) if root else None

    def _current_parses(self, documents: list[tuple[PurePath, str]]) -> dict[PurePath, Parse]:
        """The parse of each open document whose current analysis is of its text as it is now."""
        texts = dict(documents)
        held: dict[PurePath, Parse] = {}
        for uri, analysis in self._analyses.items():
            path = _file_of(uri)
            if path is not None and texts.get(path) == analysis.text:
                held[path] = (analysis.document, analysis.tree)
        return held

    def _open_files(self) -> list[tuple[PurePath, str]]:
        found: list[tuple[PurePath, str]] = []
        for uri, document in list(self.workspace.text_documents.items()):
            path = _file_of(uri)
            if path is not None:
                found.append((path, document.source))
        return found

    def machine_changed(self) -> None:
        """Files on disk changed (a save, a watched-file event): read the machine again, re-check every document."""
        self._snapshot = None
        self.refresh_diagnostics()

    def analysis(self, uri: str) -> tuple[Analysis, convert.Codec] | None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        text = document.source
        snapshot = self.snapshot()
        cached = self._analyses.get(uri)
        if cached is None or cached.text != text or cached.snapshot is not snapshot:
            previous_scan = cached.document if cached is not None else None
            self.forget(uri)
            cached = None  # only the old scan lives on, as the start of the new one: two trees never coexist
            cached = self._analyses[uri] = analyze(text, _file_of(uri), snapshot, previous_scan=previous_scan)
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16  # LSP's default
        return cached, convert.Codec(text, cached.lines, encoding)

    def can_create_files(self) -> bool:
        """Whether the client applies workspace edits that create files."""
        workspace = self.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace else None
        operations = (edit.resource_operations or []) if edit and edit.document_changes else []
        return types.ResourceOperationKind.Create in operations

    def forget(self, uri: str) -> None:
        self._analyses.pop(uri, None)
        self._answers.pop(uri, None)

    def answers(self, uri: str, analysis: Analysis) -> dict[tuple[object, ...], Any]:
        """The answers given from ``analysis``, the current one of ``uri``; they go when it does."""
        if self._analyses.get(uri) is not analysis:
            return {}  # not the current analysis (the document changed meanwhile): nothing to keep
        return self._answers.setdefault(uri, {})

    def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        found = self.analysis(uri)
        if found is None:
            return []
        analysis, codec = found
        return [convert.diagnostic(problem, codec, level) for problem, level in visible(analysis, self.settings)]

    def publish(self, uri: str) -> None:
        if self.pull_diagnostics:
            return
        document = self.workspace.text_documents.get(uri)
        version = document.version if document else None
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=self.diagnostics(uri), version=version)
        )

    def refresh_diagnostics(self) -> None:
        if not self.pull_diagnostics:
            for uri in list(self.workspace.text_documents):
                self.publish(uri)
            return
        workspace = self.client_capabilities.workspace
        if workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)


def _catalog_path(setting: str | None) -> PurePath | None:
    return PurePath(os.path.abspath(os.path.expanduser(setting))) if setting else None


@lru_cache(maxsize=1024)  # asked for every open document on every request
def _file_of(uri: str) -> Path | None:
    """The file of a file: URI; the files a config names are looked up beside it."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


server = CodexConfigServer()
quiet_refusals()


class OnDocument(Protocol):
    """The params of a request about one document."""

    @property
    def text_document(self) -> types.TextDocumentIdentifier: ...


Params = TypeVar("Params", bound=OnDocument)
Result = TypeVar("Result")
Handler = Callable[[CodexConfigServer, Params, Analysis, convert.Codec], Result]


def for_open_document(handler: Handler[Params, Result]) -> Callable[[CodexConfigServer, Params], Result | None]:
    """Give ``handler`` the document's analysis and codec; a document that is not open gets None."""

    def answer(ls: CodexConfigServer, params: Params) -> Result | None:
        found = ls.analysis(params.text_document.uri)
        return None if found is None else handler(ls, params, *found)

    answer.__name__ = handler.__name__
    return answer


# How many answers are kept per document, for the requests that are asked again and again.
REMEMBERED_ANSWERS = 8


def remembered(handler: Handler[Params, Result]) -> Handler[Params, Result]:
    """Answer a request asked again (at the same position, if it has one) from memory, while the document is the same.

    Editors repeat themselves: a hover while the mouse rests, completion on each trigger character
    typed in the same place, folding ranges whenever the editor redraws. For ``for_open_document``
    handlers whose answer depends on the analysis, the position and the client's formats only, and is
    small (the outline of a large file is megabytes: not kept).
    """

    def answer(ls: CodexConfigServer, params: Params, analysis: Analysis, codec: convert.Codec) -> Result:
        given = ls.answers(params.text_document.uri, analysis)
        position = getattr(params, "position", None)  # hover, completion: at a position; folding: everywhere
        at = (position.line, position.character) if isinstance(position, types.Position) else None
        key = (handler.__name__, at, *ls.client_formats())
        if key not in given:
            result = handler(ls, params, analysis, codec)
            if len(given) >= REMEMBERED_ANSWERS:
                del given[next(iter(given))]  # the oldest
            given[key] = result
        return cast(Result, given[key])  # what this handler gave for the same key

    answer.__name__ = handler.__name__
    return answer


def _supports_markdown(formats: Any) -> bool:
    return bool(formats) and types.MarkupKind.Markdown in formats


@server.feature(types.INITIALIZE)
def on_initialize(ls: CodexConfigServer, params: types.InitializeParams) -> None:
    capabilities = params.capabilities
    document = capabilities.text_document
    ls.pull_diagnostics = bool(document and document.diagnostic)
    ls.markdown_hover = bool(document and document.hover and _supports_markdown(document.hover.content_format))
    item = document.completion.completion_item if document and document.completion else None
    ls.markdown_completion = bool(item and _supports_markdown(item.documentation_format))
    ls.snippets = bool(item and item.snippet_support)
    resolving = item.resolve_support if item else None
    ls.resolves_documentation = bool(resolving and "documentation" in resolving.properties)
    ls.apply_settings(params.initialization_options)


@server.feature(types.INITIALIZED)
async def on_initialized(ls: CodexConfigServer, params: types.InitializedParams) -> None:
    workspace = ls.client_capabilities.workspace
    if workspace and workspace.configuration:
        await _pull_settings(ls)
    watched = workspace.did_change_watched_files if workspace else None
    if watched and watched.dynamic_registration:
        await _watch_codex_files(ls)


async def _watch_codex_files(ls: CodexConfigServer) -> None:
    """Ask the client to tell us when a file of a stack changes: project configs, `$CODEX_HOME`, the system config."""
    home = environment.codex_home(os.environ)
    watchers = [
        types.FileSystemWatcher(glob_pattern="**/.codex/*.toml"),
        types.FileSystemWatcher(glob_pattern="**/.git"),  # a project root appearing or going away
        types.FileSystemWatcher(
            glob_pattern=types.RelativePattern(base_uri=from_fs_path("/etc/codex"), pattern="config.toml")
        ),
    ]
    if home is not None:
        watchers.append(
            types.FileSystemWatcher(glob_pattern=types.RelativePattern(base_uri=from_fs_path(str(home)), pattern="*"))
        )
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    registration = types.Registration(
        id="codex-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as error:  # a client may refuse; saves still refresh the snapshot
        log.warning("could not watch Codex config files: %s", error)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def on_watched_files(ls: CodexConfigServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.machine_changed()


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
def on_save(ls: CodexConfigServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.machine_changed()


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def on_folders(ls: CodexConfigServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    ls.machine_changed()


async def _pull_settings(ls: CodexConfigServer) -> None:
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="codexConfig")])
        )
    except Exception as error:  # a client may refuse; the settings we have stay
        log.warning("workspace/configuration failed: %s", error)
        return
    if answer and isinstance(answer[0], dict):
        ls.apply_settings(answer[0])
        ls.refresh_diagnostics()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def on_configuration(ls: CodexConfigServer, params: types.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and settings:
        ls.apply_settings(settings)
        ls.refresh_diagnostics()
    elif ls.client_capabilities.workspace and ls.client_capabilities.workspace.configuration:
        await _pull_settings(ls)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def on_open(ls: CodexConfigServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def on_change(ls: CodexConfigServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def on_close(ls: CodexConfigServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget(uri)
    if not ls.pull_diagnostics:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="codex-config", inter_file_dependencies=False, workspace_diagnostics=False),
)
def on_diagnostic(ls: CodexConfigServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    return types.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics(params.text_document.uri))


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=True),
)
@for_open_document
@remembered
def on_completion(
    ls: CodexConfigServer, params: types.CompletionParams, analysis: Analysis, codec: convert.Codec
) -> JsonAnswer | None:
    items = _completion_items(ls, params, analysis, codec)
    # The documentation of every model is ~10 KB: a client that resolves it gets it for the items it shows.
    lazy = convert.ResolveData(params.text_document.uri, params.position) if ls.resolves_documentation else None
    return JsonAnswer(convert.completion_list(items, codec, ls.markdown_completion, lazy))


@remembered  # asked again by completionItem/resolve, for each item the user looks at
def _completion_items(
    ls: CodexConfigServer, params: types.CompletionParams, analysis: Analysis, codec: convert.Codec
) -> list[Item]:
    from .. import completion

    return completion.complete(analysis, codec.offset(params.position), ls.markdown_completion, ls.snippets)


@server.feature(types.COMPLETION_ITEM_RESOLVE)
def on_completion_resolve(ls: CodexConfigServer, item: types.CompletionItem) -> types.CompletionItem:
    """The documentation of an item sent without it; an item that cannot be found again comes back as it was.

    The item is looked for where its list was asked, in the document as it is now: after an
    edit (the user typing on while the list is open) it is still found if it is still offered there.
    """
    found = convert.ResolveData.read(item.data)
    if found is None or item.documentation is not None:
        return item  # not ours, or nothing to add
    place, index = found
    document = ls.analysis(place.uri)
    if document is None:
        return item  # closed meanwhile
    params = types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=place.uri), position=place.position)
    items = _completion_items(ls, params, *document)
    if index < len(items) and items[index].label == item.label and items[index].documentation:
        item.documentation = convert.documentation(items[index].documentation, ls.markdown_completion)
    return item


@server.feature(types.TEXT_DOCUMENT_HOVER)
@for_open_document
@remembered
def on_hover(
    ls: CodexConfigServer, params: types.HoverParams, analysis: Analysis, codec: convert.Codec
) -> types.Hover | None:
    from .. import hover

    result = hover.hover(analysis, codec.offset(params.position), ls.markdown_hover)
    return convert.hover(result, codec, ls.markdown_hover) if result else None


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@for_open_document
def on_code_action(
    ls: CodexConfigServer, params: types.CodeActionParams, analysis: Analysis, codec: convert.Codec
) -> list[types.CodeAction] | None:
    from .. import actions

    uri = params.text_document.uri
    span = Span(codec.offset(params.range.start), codec.offset(params.range.end))
    found = [
        convert.code_action(fix, problem, ls.settings.level(problem), uri, codec)
        for problem, fix in actions.fixes_at(analysis, span, ls.settings)
    ]
    file = _file_of(uri)
    folder = file.parent if file else None
    if folder is not None and ls.can_create_files():
        for problem, move in actions.profile_moves_at(analysis, span, ls.settings):
            if not (folder / move.file_name).exists():  # never overwrite a profile file
                target = uri.rsplit("/", 1)[0] + "/" + move.file_name
                found.append(convert.profile_move(move, problem, ls.settings.level(problem), uri, target, codec))
    return found


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@for_open_document
def on_definition(
    ls: CodexConfigServer, params: types.DefinitionParams, analysis: Analysis, codec: convert.Codec
) -> types.Location | None:
    from .. import navigation

    target = navigation.definition(analysis, codec.offset(params.position))
    return _location(target, params.text_document.uri, codec) if target else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@for_open_document
def on_references(
    ls: CodexConfigServer, params: types.ReferenceParams, analysis: Analysis, codec: convert.Codec
) -> list[types.Location] | None:
    from .. import navigation

    sites = navigation.references(analysis, codec.offset(params.position), params.context.include_declaration)
    return [_location(site, params.text_document.uri, codec) for site in sites]


def _file_codec(file: PurePath | None, text: str, uri: str, codec: convert.Codec) -> tuple[str, convert.Codec]:
    """The URI and position codec of a file: the document's own (None), or another file of its stack."""
    if file is None:
        return uri, codec
    return from_fs_path(str(file)), convert.Codec(text, LineIndex(text), codec.encoding)


def _location(site: Site, uri: str, codec: convert.Codec) -> types.Location:
    target, target_codec = _file_codec(site.file, site.text, uri, codec)
    return types.Location(uri=target, range=target_codec.range(site.occurrence.span))


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@for_open_document
def on_prepare_rename(
    ls: CodexConfigServer, params: types.PrepareRenameParams, analysis: Analysis, codec: convert.Codec
) -> types.PrepareRenamePlaceholder | None:
    from .. import names

    try:
        symbol = names.renamable(analysis, codec.offset(params.position))
    except names.RenameRefused as refused:
        raise Refusal(str(refused)) from None  # answered with its reason
    return types.PrepareRenamePlaceholder(range=codec.range(symbol.span), placeholder=symbol.name)


@server.feature(types.TEXT_DOCUMENT_RENAME)
@for_open_document
def on_rename(
    ls: CodexConfigServer, params: types.RenameParams, analysis: Analysis, codec: convert.Codec
) -> types.WorkspaceEdit | None:
    from .. import names

    try:
        files = names.rename(analysis, codec.offset(params.position), params.new_name)
    except names.RenameRefused as refused:
        raise Refusal(str(refused)) from None  # answered with its reason
    changes = {}
    for file in files:
        uri, file_codec = _file_codec(file.file, file.text, params.text_document.uri, codec)
        changes[uri] = [convert.text_edit(span, new, file_codec) for span, new in file.edits]
    return types.WorkspaceEdit(changes=changes)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
@for_open_document
def on_highlight(
    ls: CodexConfigServer, params: types.DocumentHighlightParams, analysis: Analysis, codec: convert.Codec
) -> list[types.DocumentHighlight] | None:
    from .. import navigation

    return [
        types.DocumentHighlight(
            range=codec.range(found.span),
            kind=types.DocumentHighlightKind.Write if found.definition else types.DocumentHighlightKind.Read,
        )
        for found in navigation.occurrences_at(analysis, codec.offset(params.position))
    ]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False))
@for_open_document
def on_links(
    ls: CodexConfigServer, params: types.DocumentLinkParams, analysis: Analysis, codec: convert.Codec
) -> list[types.DocumentLink] | None:
    return [
        types.DocumentLink(range=codec.range(span), target=from_fs_path(str(target)))
        for span, target in files.links(analysis.tree, analysis.folder, analysis.snapshot)
    ]


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
@for_open_document
@remembered
def on_folding(
    ls: CodexConfigServer, params: types.FoldingRangeParams, analysis: Analysis, codec: convert.Codec
) -> list[types.FoldingRange] | None:
    from .. import folding

    return convert.folding_ranges(folding.folds(analysis))


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
@for_open_document
def on_formatting(
    ls: CodexConfigServer, params: types.DocumentFormattingParams, analysis: Analysis, codec: convert.Codec
) -> list[types.TextEdit] | None:
    from .. import formatting

    return [convert.text_edit(span, text, codec) for span, text in formatting.format_edits(analysis)]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@for_open_document
def on_symbols(
    ls: CodexConfigServer, params: types.DocumentSymbolParams, analysis: Analysis, codec: convert.Codec
) -> list[types.DocumentSymbol] | None:
    from .. import navigation

    return [convert.symbol(outline, codec) for outline in navigation.outline(analysis)]


def serve() -> None:
    # Everything imported so far lives for the whole session: keep it out of
    # the garbage collector's scans. An analysis makes ~100,000 short-lived
    # objects; with the default thresholds the collector ran many times per
    # keystroke on a 5,000-line file (bench: p95 100 ms before, 52 ms after).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    start_io(server)
