"""End to end over stdio, as VS Code, Neovim and Emacs would talk to the server.

The presets differ in what matters here: VS Code speaks utf-16 and takes
pushed diagnostics, Neovim 0.11 utf-8 and pulls them, Emacs utf-32 and push.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CLIENTS = ["visual-studio-code", "neovim", "emacs"]

# A non-BMP character before a span on the same line proves position encodings.
TEXT = (
    'model = "gpt-5.5"\n'
    'model_providers = { "🚀" = { name = "Rocket", base_url = "http://localhost:1/v1", wire_api = "chat" } }\n'
    "[tui]\n"
    "animations = true\n"
)
WIRE_API_LINE = 1
SERVER_CAPABILITIES: dict[int, types.ServerCapabilities] = {}
REGISTRATIONS: dict[int, list[types.Registration]] = {}


def units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf16:
        return len(text.encode("utf-16-le")) // 2
    return len(text)


@pytest_lsp.fixture(
    scope="module",
    params=CLIENTS,
    config=ClientServerConfig(server_command=[sys.executable, "-m", "codex_config_lsp", "serve", "--stdio"]),
)
async def client(request, lsp_client: LanguageClient):
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:  # as an editor does: accept and remember
        REGISTRATIONS.setdefault(id(lsp_client), []).extend(params.registrations)

    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities(request.param), root_uri="file:///work")
    )
    SERVER_CAPABILITIES[id(lsp_client)] = result.capabilities
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="toml", version=1, text=text))
    )


async def code_actions_at(client: LanguageClient, uri: str, line: int, character: int) -> list[types.CodeAction]:
    at = types.Position(line, character)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(at, at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return list(actions or [])


def encoding_of(client: LanguageClient) -> str:
    return SERVER_CAPABILITIES[id(client)].position_encoding or types.PositionEncodingKind.Utf16


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Pulled where the client can pull, else the next push; call it right after an open or a change."""
    if not client.capabilities.text_document.diagnostic:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])
    assert SERVER_CAPABILITIES[id(client)].diagnostic_provider
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(report.items)


async def test_diagnostic_ranges_follow_the_negotiated_encoding(client: LanguageClient):
    uri = "file:///work/config.toml"
    open_document(client, uri, TEXT)
    found = await diagnostics_for(client, uri)
    assert [d.code for d in found] == ["wire-api-chat"]
    line = TEXT.splitlines()[WIRE_API_LINE]
    start = line.index('"chat"')
    encoding = encoding_of(client)
    assert found[0].range == types.Range(
        types.Position(WIRE_API_LINE, units(line[:start], encoding)),
        types.Position(WIRE_API_LINE, units(line[: start + 6], encoding)),
    )
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert types.DiagnosticTag.Deprecated in (found[0].tags or [])


async def test_an_edit_updates_diagnostics(client: LanguageClient):
    uri = "file:///work/edited/config.toml"
    open_document(client, uri, 'model = "gpt-5.5"\n')
    assert await diagnostics_for(client, uri) == []
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text='model = "gpt-5.5-mni"\n')],
        )
    )
    found = await diagnostics_for(client, uri)
    assert [d.code for d in found] == ["unknown-model"]
    assert "gpt-5.5" in found[0].message


async def test_model_completion_replaces_the_typed_part(client: LanguageClient):
    uri = "file:///work/complete/config.toml"
    text = 'model_providers = { "🚀" = { name = "x" } }\n[profiles.fast]\nmodel = "gp'
    open_document(client, uri, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(2, len('model = "gp'))
        )
    )
    labels = [item.label for item in result.items]
    assert labels[:2] == ["gpt-5.5", "gpt-6.2-sol"]  # models Codex 0.171 lists come first
    first = result.items[0]
    assert first.text_edit.new_text == 'gpt-5.5"'
    assert first.text_edit.range == types.Range(types.Position(2, 9), types.Position(2, 11))
    assert first.filter_text == "gpt-5.5"


async def test_model_hover_shows_the_catalog_entry(client: LanguageClient):
    uri = "file:///work/hover/config.toml"
    text = '# 🚀 rocket\nmodel = "gpt-5.3-codex-spark"\n'
    open_document(client, uri, text)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 12))
    )
    assert "research preview" in result.contents.value
    markdown = types.MarkupKind.Markdown in (client.capabilities.text_document.hover.content_format or [])
    assert result.contents.kind == (types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText)
    assert ("| API access | ✗ |" in result.contents.value) == markdown


async def test_hover_and_completion_asked_again_after_an_edit_answer_for_the_edited_text(client: LanguageClient):
    uri = "file:///work/asked-again/config.toml"
    open_document(client, uri, 'model = "gpt-5.5"\n')
    at = types.Position(0, 10)
    hover = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    complete = types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    for _ in range(2):  # the second answer comes from memory: the same
        shown = (await client.text_document_hover_async(hover)).contents.value
        assert "gpt-5.5" in shown and "gpt-5.4-mini" not in shown
        items = (await client.text_document_completion_async(complete)).items
        assert items[0].text_edit.range.end == types.Position(0, 16)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text='model = "gpt-5.4-mini"\n')],
        )
    )
    assert "gpt-5.4-mini" in (await client.text_document_hover_async(hover)).contents.value
    items = (await client.text_document_completion_async(complete)).items
    assert items[0].text_edit.range.end == types.Position(0, 21)  # the edited string's end


async def test_key_completion_uses_snippets_where_the_client_takes_them(client: LanguageClient):
    uri = "file:///work/keys/config.toml"
    open_document(client, uri, "[tui]\nanim")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 4))
    )
    item = next(i for i in result.items if i.label == "animations")
    item_support = client.capabilities.text_document.completion.completion_item
    if item_support and item_support.snippet_support:
        assert item.insert_text_format == types.InsertTextFormat.Snippet
        assert item.text_edit.new_text == "animations = ${1|true,false|}"
    else:
        assert item.text_edit.new_text == "animations = true"


async def test_a_quick_fix_rewrites_the_model(client: LanguageClient):
    uri = "file:///work/fix/config.toml"
    text = '# 🚀\nmodel = "gpt-5.4-mni"\n'
    open_document(client, uri, text)
    actions = await code_actions_at(client, uri, 1, 10)
    preferred = next(a for a in actions if a.is_preferred)
    (edit,) = preferred.edit.changes[uri]
    assert edit.new_text == '"gpt-5.4-mini"'
    assert edit.range == types.Range(types.Position(1, 8), types.Position(1, 21))
    assert preferred.diagnostics[0].code == "unknown-model"


async def test_a_legacy_profile_can_move_to_its_own_file(client: LanguageClient):
    uri = "file:///work/migrate/config.toml"
    text = 'model = "gpt-5.5"\n[profiles.fast]\nmodel = "gpt-5.4-mini"\n'
    open_document(client, uri, text)
    actions = await code_actions_at(client, uri, 1, 11)
    moves = [a for a in actions if a.title.startswith("Move [profiles.fast]")]
    edit = client.capabilities.workspace.workspace_edit
    if not (edit and edit.document_changes and types.ResourceOperationKind.Create in (edit.resource_operations or [])):
        assert moves == []  # a client that cannot create files is not offered the move
        return
    (move,) = moves
    create, new_file, config = move.edit.document_changes
    assert create.uri == "file:///work/migrate/fast.config.toml" and not create.options.overwrite
    assert new_file.edits[0].new_text == 'model = "gpt-5.4-mini"\n'
    assert config.edits[0].new_text == 'model = "gpt-5.5"\n'


async def test_references_highlights_and_rename_reach_every_place_a_provider_is_named(client: LanguageClient):
    uri = "file:///work/rename/config.toml"
    text = 'model_providers = { "🚀" = { name = "Rocket" } }\nmodel_provider = "🚀"\n'
    open_document(client, uri, text)
    encoding = encoding_of(client)
    document = types.TextDocumentIdentifier(uri=uri)
    at = types.Position(1, units('model_provider = "', encoding))
    key = types.Range(
        types.Position(0, units("model_providers = { ", encoding)),
        types.Position(0, units('model_providers = { "🚀"', encoding)),
    )
    value = types.Range(at, types.Position(1, units('model_provider = "🚀', encoding)))

    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=document, position=at, context=types.ReferenceContext(include_declaration=True)
        )
    )
    assert [location.range for location in found] == [key, value]
    highlights = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=document, position=at)
    )
    assert [(h.range, h.kind) for h in highlights] == [
        (key, types.DocumentHighlightKind.Write),
        (value, types.DocumentHighlightKind.Read),
    ]
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=document, position=at)
    )
    assert prepared.placeholder == "🚀" and prepared.range == value
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=document, position=at, new_name="rocket")
    )
    assert [(e.range, e.new_text) for e in edit.changes[uri]] == [(key, "rocket"), (value, "rocket")]

    open_document(client, "file:///work/rename-builtin/config.toml", 'model_provider = "openai"\n')
    with pytest.raises(JsonRpcException, match="built-in provider"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri="file:///work/rename-builtin/config.toml"),
                position=types.Position(0, len('model_provider = "o')),
                new_name="mine",
            )
        )


async def test_a_path_the_config_names_is_a_link_to_the_file(client: LanguageClient, tmp_path):
    instructions = tmp_path / "🚀 notes.md"
    instructions.write_text("Be brief.\n", encoding="utf-8")
    config = tmp_path / ".codex" / "config.toml"
    config.parent.mkdir()
    text = 'model_instructions_file = "../🚀 notes.md"\n'
    config.write_text(text, encoding="utf-8")
    uri = config.as_uri()
    open_document(client, uri, text)
    found = await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    encoding = encoding_of(client)
    (link,) = found
    assert link.range == types.Range(
        types.Position(0, units('model_instructions_file = "', encoding)),
        types.Position(0, units('model_instructions_file = "../🚀 notes.md', encoding)),
    )
    assert Path(to_fs_path(link.target)).resolve() == instructions.resolve()


async def test_tables_fold(client: LanguageClient):
    uri = "file:///work/fold/config.toml"
    open_document(client, uri, '# 🚀\n# two\n[tui]\nanimations = true\ntheme = "dark"\n')
    params = types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri))
    for _ in range(2):  # the second answer comes from memory: the same
        found = await client.text_document_folding_range_async(params)
        assert [(f.start_line, f.end_line, f.kind) for f in found] == [
            (0, 1, types.FoldingRangeKind.Comment),
            (2, 4, None),
        ]
    edited = '[tui]\nanimations = true\n\n[history]\npersistence = "none"\nmax_bytes = 1\n'
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    found = await client.text_document_folding_range_async(params)
    assert [(f.start_line, f.end_line) for f in found] == [(0, 1), (3, 5)]  # the folds of the text as it is now


async def test_formatting_rewrites_whole_lines(client: LanguageClient):
    uri = "file:///work/format/config.toml"
    text = '"🚀"="x"\nmodel="gpt-5.5"   \n[ tui ]\n'
    open_document(client, uri, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.character == 0 and end.character == 0  # whole lines
        lines[start.line : end.line] = edit.new_text.split("\n")[:-1]
    assert "\n".join(lines) == '"🚀" = "x"\nmodel = "gpt-5.5"\n[tui]\n'
