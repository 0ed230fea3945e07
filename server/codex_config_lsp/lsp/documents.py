"""Open documents whose lines are LSP's lines.

pygls's ``TextDocument`` splits its text with ``str.splitlines``, which also
breaks at U+2028, U+2029, U+0085, form feeds and a few other characters. The
editor does not: after one of them every incremental edit landed on the wrong
line until the file was reopened. Here lines end at LF, CRLF or CR only, and
an edit is applied by offsets computed with the same line index and position
encoding the features use.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from ..text import LINE_BREAK, LineIndex
from .convert import Codec

log = logging.getLogger(__name__)


class LspTextDocument(TextDocument):
    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        text = self.source
        codec = Codec(text, LineIndex(text), self.position_codec.encoding or types.PositionEncodingKind.Utf16)
        start, end = codec.offset(change.range.start), codec.offset(change.range.end)
        start, end = min(start, end), max(start, end)  # a reversed range from a confused client: still one edit
        self._source = text[:start] + change.text + text[end:]

    @property
    def lines(self) -> Sequence[str]:
        """The lines with their line breaks, as LSP counts them (for pygls's own helpers)."""
        text = self.source
        ends = [match.end() for match in LINE_BREAK.finditer(text)]
        starts = [0, *ends]
        lines = [text[start:end] for start, end in zip(starts, ends, strict=False)]  # one start more than ends
        if starts[-1] < len(text):
            lines.append(text[starts[-1] :])
        return tuple(lines)


class LspWorkspace(Workspace):
    """pygls's workspace with ``LspTextDocument``s.

    Documents are keyed by the URI the requests carry, the key the server looks
    them up by. A change to a document that is not open is logged and dropped
    (pygls raised a KeyError and logged its traceback).
    """

    @classmethod
    def like(cls, workspace: Workspace) -> LspWorkspace:
        """The same workspace (root, folders, sync kind, position encoding), made before any document opens."""
        return cls(
            workspace.root_uri,
            workspace._sync_kind,
            list(workspace.folders.values()),
            workspace.position_encoding,
        )

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return LspTextDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self.position_codec,
        )

    def put_text_document(self, text_document: types.TextDocumentItem, notebook_uri: str | None = None) -> None:
        if notebook_uri:
            super().put_text_document(text_document, notebook_uri)
            return
        self._text_documents[text_document.uri] = self._create_text_document(
            text_document.uri, text_document.text, text_document.version, text_document.language_id
        )

    def get_text_document(self, doc_uri: str) -> TextDocument:
        return self._text_documents.get(doc_uri) or super().get_text_document(doc_uri)

    def remove_text_document(self, doc_uri: str) -> None:
        if self._text_documents.pop(doc_uri, None) is None:
            super().remove_text_document(doc_uri)

    def update_text_document(
        self, text_doc: types.VersionedTextDocumentIdentifier, change: types.TextDocumentContentChangeEvent
    ) -> None:
        document = self._text_documents.get(text_doc.uri)
        if document is None:
            log.warning("ignored a change to %s, which is not open", text_doc.uri)
            return
        document.apply_change(change)
        document.version = text_doc.version
