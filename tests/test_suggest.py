"""The one "did you mean" rule: every kind of name is scored alike."""

from __future__ import annotations

import pytest
from codex_config_lsp.suggest import closest, did_you_mean, replacement_fixes
from codex_config_lsp.text import Span


@pytest.mark.parametrize(
    "word, candidates, best",
    [
        ("modle", ["model", "model_provider", "notify"], "model"),  # a slip of the keys
        ("Model", ["model", "models"], "model"),  # names are case-sensitive: a case slip is the best guess
        ("workspace_write", ["read-only", "workspace-write"], "workspace-write"),  # `_` for `-`
        ("model_reason", ["notify", "model_reasoning_effort"], "model_reasoning_effort"),  # cut short
        ("effort_reasoning_model", ["notify", "model_reasoning_effort"], "model_reasoning_effort"),  # words moved
        ("gpt-5.4-mni", ["gpt-5.5", "gpt-5.4-mini", "gpt-5.4"], "gpt-5.4-mini"),
    ],
)
def test_the_closest_name_comes_first(word, candidates, best):
    assert closest(word, candidates)[0] == best


def test_never_the_word_itself_nor_noise_and_at_most_the_limit():
    assert closest("model", ["model"]) == ()
    assert closest("zzzz", ["model", "notify"]) == ()
    assert closest("gpt-5", [f"gpt-5.{i}" for i in range(9)], limit=2) == ("gpt-5.0", "gpt-5.1")


def test_the_message_and_the_fixes_say_the_same_names():
    assert did_you_mean([]) == ""
    assert did_you_mean(["a"]) == " Did you mean `a`?"
    assert did_you_mean(["a", "b", "c"]) == " Did you mean `a`, `b` or `c`?"
    fixes = replacement_fixes(Span(4, 9), ["a", "b"], lambda name: f'"{name}"')
    assert [(f.title, f.span, f.new_text, f.preferred) for f in fixes] == [
        ("Change to `a`", Span(4, 9), '"a"', True),
        ("Change to `b`", Span(4, 9), '"b"', False),
    ]
