"""Helpers for data-driven tests: a cursor marker `$0`, span markers `«…»`, and edits applied to text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from codex_config_lsp import environment
from codex_config_lsp.analysis import Analysis, analyze
from codex_config_lsp.releases import NEWEST
from codex_config_lsp.snapshot import Snapshot
from codex_config_lsp.text import Span

CURSOR = "$0"


def with_cursor(source: str) -> tuple[str, int]:
    """The text without its `$0` marker, and the marker's offset."""
    offset = source.index(CURSOR)
    return source.replace(CURSOR, "", 1), offset


def with_spans(source: str) -> tuple[str, list[Span]]:
    """The text without its `«…»` markers, and the spans they enclosed."""
    text, spans, opened = [], [], []
    length = 0
    for char in source:
        if char == "«":
            opened.append(length)
        elif char == "»":
            spans.append(Span(opened.pop(), length))
        else:
            text.append(char)
            length += 1
    return "".join(text), sorted(spans, key=lambda s: (s.start, s.end))


def applied(text: str, edits: Iterable[tuple[Span, str]]) -> str:
    """``text`` with each ``(span, new text)`` edit made; the last first, so earlier spans stay put."""
    for span, new in sorted(edits, key=lambda edit: edit[0].start, reverse=True):
        text = text[: span.start] + new + text[span.end :]
    return text


def analyzed_at(source: str) -> tuple[Analysis, int]:
    text, offset = with_cursor(source)
    return analyze(text), offset


def machine(home: Path, *documents: tuple[Path, str], release: str = NEWEST, **options) -> Snapshot:
    """The snapshot the server or CLI would read for ``documents`` with `CODEX_HOME=home` (HOME is its parent)."""
    environ = {"CODEX_HOME": str(home), "HOME": str(home.parent)}
    return environment.snapshot_for(list(documents), environ, release=release, **options)


def analyze_on_disk(path: Path, text: str | None = None, home: Path | None = None, **options) -> Analysis:
    """``path`` (its text on disk unless given) analysed as the server would, on this machine's files."""
    text = path.read_text(encoding="utf-8") if text is None else text
    home = home or path.parent.parent / "codex-home-not-here"
    return analyze(text, path, machine(home, (path, text), **options))
