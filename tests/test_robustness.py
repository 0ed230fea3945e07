"""Hundreds of broken and random texts through every feature: nothing raises."""

from __future__ import annotations

import random

import pytest
from codex_config_lsp.actions import fixes_at
from codex_config_lsp.analysis import analyze
from codex_config_lsp.completion import complete
from codex_config_lsp.folding import folds
from codex_config_lsp.hover import hover
from codex_config_lsp.names import RenameRefused, rename
from codex_config_lsp.navigation import definition, outline, references
from codex_config_lsp.settings import Settings
from codex_config_lsp.text import Span

SEEDS = [
    'model = "gpt-5.5"\nmodel_provider = "local"\nprofile = "fast"\n',
    '[model_providers.local]\nname = "L"\nbase_url = "http://x/v1"\nwire_api = "chat"\n',
    '[profiles.fast]\nmodel = "gpt-5.4"\n[[hooks.PreToolUse]]\nmatcher = "x"\n'
    '[[hooks.PreToolUse.hooks]]\ntype = "command"\n',
    'mcp_servers = { docs = { command = "npx", args = ["-y", "x"], env = { KEY = "secret" } } }\n',
    'notify = ["a", "b"]\n[tui]\nanimations = true\ntheme = """\nx\n"""\n',
    "\ufeff# 🚀 ключ\r\n[tui]\r\n\tanimations = false\r\n",
]
ALPHABET = list("[]{}\"'=.,#\n\r\t \\ab0-_:🚀é") + ['"""', "'''", "[[", "]]", "model", "profiles.", "= {", "= ["]


def mutations(count: int, seed: int = 1234):
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice(SEEDS)
        for _ in range(rng.randint(1, 6)):
            at = rng.randint(0, len(text))
            if rng.random() < 0.5 and text:
                text = text[:at] + text[at + rng.randint(1, 5) :]
            else:
                text = text[:at] + rng.choice(ALPHABET) + text[at:]
        yield text


def random_texts(count: int, seed: int = 99):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))


TEXTS = [*mutations(300), *random_texts(200), "", "\n", "[", "[[", "=", '"', "'''", "a.", "a = {", "a = [" * 200]


@pytest.mark.parametrize("chunk", range(10))
def test_every_feature_answers_on_any_text(chunk):
    for text in TEXTS[chunk::10]:
        analysis = analyze(text)
        for problem in analysis.problems:
            assert 0 <= problem.span.start <= problem.span.end <= len(text)
        outline(analysis)
        for fold in folds(analysis):
            assert 0 <= fold.start_line < fold.end_line < analysis.lines.line_count
        for offset in range(0, len(text) + 1, max(1, len(text) // 15)):
            for item in complete(analysis, offset, markdown=True, snippets=True):
                assert 0 <= item.replace.start <= offset <= item.replace.end <= len(text)
            hover(analysis, offset)
            definition(analysis, offset)
            for site in references(analysis, offset):
                assert site.file is None and 0 <= site.occurrence.span.start <= site.occurrence.span.end <= len(text)
            try:
                rename(analysis, offset, "renamed")
            except RenameRefused:
                pass
            list(fixes_at(analysis, Span(offset, offset), Settings()))
