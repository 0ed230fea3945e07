"""The only place that builds ``lsprotocol`` types from the pure layers' results.

Offsets are code points; the protocol counts utf-8, utf-16 or utf-32 units,
as negotiated at initialize. ``Codec`` converts both ways for one text.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from lsprotocol import types

from ..problems import ERROR, HINT, INFORMATION, WARNING, Fix, Problem
from ..text import LineIndex, Span

if TYPE_CHECKING:  # the features are imported on first use (see server.py); their handlers bring them in
    from ..completion import Item
    from ..folding import Fold
    from ..hover import HoverText
    from ..migration import ProfileMove
    from ..navigation import Outline

SOURCE = "codex-config"

# A value as JSON has it: what ``protocol.JsonAnswer`` sends without converting.
Json = dict[str, "Json"] | list["Json"] | str | int | float | bool | None

_SEVERITY = {
    ERROR: types.DiagnosticSeverity.Error,
    WARNING: types.DiagnosticSeverity.Warning,
    INFORMATION: types.DiagnosticSeverity.Information,
    HINT: types.DiagnosticSeverity.Hint,
}


@cache
def _item_kinds() -> dict[str, types.CompletionItemKind]:
    from .. import completion

    return {
        completion.MODEL: types.CompletionItemKind.Value,
        completion.ENUM: types.CompletionItemKind.EnumMember,
        completion.KEY_ITEM: types.CompletionItemKind.Property,
        completion.TABLE: types.CompletionItemKind.Module,
        completion.PROVIDER: types.CompletionItemKind.Reference,
        completion.PROFILE: types.CompletionItemKind.Reference,
        completion.KEYWORD: types.CompletionItemKind.Keyword,
    }


class Codec:
    """Offsets of one text to protocol positions and back, in the negotiated encoding."""

    def __init__(self, text: str, lines: LineIndex, encoding: str) -> None:
        self.text = text
        self.lines = lines
        self.encoding = encoding

    def _units(self, chars: str) -> int:
        if chars.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return len(chars)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, offset: int) -> types.Position:
        line, column = self.lines.position(offset)
        start = self.lines.line_start(line)
        return types.Position(line, self._units(self.text[start : start + column]))

    def range(self, span: Span) -> types.Range:
        return types.Range(self.position(span.start), self.position(span.end))

    def offset(self, position: types.Position) -> int:
        """The offset of a protocol position; past a line's end clamps to its end."""
        line = position.line
        if line < 0:
            return 0
        if line >= self.lines.line_count:
            return len(self.text)
        start, end = self.lines.line_start(line), self.lines.line_end(line)
        text = self.text[start:end]
        if text.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return start + min(max(position.character, 0), len(text))
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return start + index
            units += self._units(char)
        return end


def diagnostic(problem: Problem, codec: Codec, severity: str) -> types.Diagnostic:
    tags = []
    if problem.deprecated:
        tags.append(types.DiagnosticTag.Deprecated)
    if problem.unnecessary:
        tags.append(types.DiagnosticTag.Unnecessary)
    return types.Diagnostic(
        range=codec.range(problem.span),
        message=problem.message,
        severity=_SEVERITY[severity],
        code=problem.code,
        source=SOURCE,
        tags=tags or None,
        data={"key": problem.key} if problem.key else None,
    )


def completion_list(items: list[Item], codec: Codec, markdown: bool, lazy: ResolveData | None = None) -> Json:
    """The items of one request as a JSON ``CompletionList``, ready to send (see ``protocol.JsonAnswer``).

    Items mostly share one span, converted to a range once. With ``lazy`` (a client that resolves
    documentation), items leave their documentation out and carry what finds them again instead:
    ``completionItem/resolve`` sends it when shown.
    """
    ranges: dict[Span, Json] = {}
    converted: list[Json] = []
    for index, item in enumerate(items):
        replace = ranges.get(item.replace)
        if replace is None:
            replace = ranges[item.replace] = _range_json(codec.range(item.replace))
        converted.append(completion_item(item, replace, markdown, lazy.for_item(index) if lazy else None))
    return {"isIncomplete": False, "items": converted}


def completion_item(item: Item, replace: Json, markdown: bool, data: Json = None) -> dict[str, Json]:
    """``item`` as a JSON ``CompletionItem``; with ``data``, its documentation (if any) is left for resolve."""
    lazy = data is not None and bool(item.documentation)
    snippet = types.InsertTextFormat.Snippet if item.snippet else types.InsertTextFormat.PlainText
    found: dict[str, Json] = {
        "label": item.label,
        "kind": _item_kinds().get(item.kind, types.CompletionItemKind.Text).value,
        "textEdit": {"range": replace, "newText": item.insert},
        "insertTextFormat": snippet.value,
    }
    if item.detail:
        found["detail"] = item.detail
    if item.documentation and not lazy:
        found["documentation"] = {"kind": "markdown", "value": item.documentation} if markdown else item.documentation
    if item.sort:
        found["sortText"] = item.sort
    if item.filter is not None:
        found["filterText"] = item.filter
    if item.deprecated:
        found["tags"] = [types.CompletionItemTag.Deprecated.value]
    if item.preselect:
        found["preselect"] = True
    if lazy:
        found["data"] = data
    return found


def _range_json(where: types.Range) -> Json:
    start, end = where.start, where.end
    return {
        "start": {"line": start.line, "character": start.character},
        "end": {"line": end.line, "character": end.character},
    }


def documentation(text: str, markdown: bool) -> str | types.MarkupContent:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text) if markdown else text


class ResolveData:
    """Where a completion list was asked for: what its items carry to be found again at completionItem/resolve.

    ``{"uri", "line", "character", "item"}``: the request's document and position, and the item's index in
    the list. Anything else a client sends back (garbage, another server's data) reads as None.
    """

    def __init__(self, uri: str, position: types.Position) -> None:
        self.uri = uri
        self.position = position

    def for_item(self, index: int) -> dict[str, Json]:
        return {"uri": self.uri, "line": self.position.line, "character": self.position.character, "item": index}

    @staticmethod
    def read(data: object) -> tuple[ResolveData, int] | None:
        """The place and index ``data`` names, if it is what ``for_item`` gave."""
        if not isinstance(data, dict):
            return None
        uri = data.get("uri")
        line, character, index = (_count(data.get(name)) for name in ("line", "character", "item"))
        if not isinstance(uri, str) or line is None or character is None or index is None:
            return None
        return ResolveData(uri, types.Position(line, character)), index


def _count(value: object) -> int | None:
    """``value`` if it is a position's or an index's number (a JSON integer, 0 to 2**31 - 1)."""
    return value if type(value) is int and 0 <= value < 2**31 else None


def hover(found: HoverText, codec: Codec, markdown: bool) -> types.Hover:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=found.text), range=codec.range(found.span))


def text_edit(span: Span, new_text: str, codec: Codec) -> types.TextEdit:
    return types.TextEdit(range=codec.range(span), new_text=new_text)


def code_action(fix: Fix, problem: Problem, severity: str, uri: str, codec: Codec) -> types.CodeAction:
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(problem, codec, severity)],
        is_preferred=fix.preferred or None,
        edit=types.WorkspaceEdit(changes={uri: [text_edit(fix.span, fix.new_text, codec)]}),
    )


def folding_ranges(folds: list[Fold]) -> list[types.FoldingRange]:
    from ..folding import COMMENT

    comment = types.FoldingRangeKind.Comment
    return [
        types.FoldingRange(
            start_line=fold.start_line, end_line=fold.end_line, kind=comment if fold.kind == COMMENT else None
        )
        for fold in folds
    ]


@cache
def _symbol_kinds() -> dict[str, types.SymbolKind]:
    from .. import navigation

    return {
        navigation.TABLE: types.SymbolKind.Namespace,
        navigation.ARRAY: types.SymbolKind.Array,
        navigation.KEY: types.SymbolKind.Property,
    }


def symbol(entry: Outline, codec: Codec) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=entry.name,
        kind=_symbol_kinds()[entry.kind],
        range=codec.range(entry.span),
        selection_range=codec.range(entry.selection),
        detail=entry.detail or None,
        children=[symbol(child, codec) for child in entry.children] or None,
    )


def profile_move(
    move: ProfileMove, problem: Problem, severity: str, uri: str, target: str, codec: Codec
) -> types.CodeAction:
    """Create `<name>.config.toml` with the profile's settings and rewrite config.toml without them."""
    whole = types.Range(types.Position(0, 0), codec.position(len(codec.text)))
    return types.CodeAction(
        title=f"Move [profiles.{move.profile}] to {move.file_name}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(problem, codec, severity)],
        edit=types.WorkspaceEdit(
            document_changes=[
                types.CreateFile(uri=target, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)),
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target, version=None),
                    edits=[
                        types.TextEdit(
                            range=types.Range(types.Position(0, 0), types.Position(0, 0)), new_text=move.profile_text
                        )
                    ],
                ),
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                    edits=[types.TextEdit(range=whole, new_text=move.config_text)],
                ),
            ]
        ),
    )
