"""Hover, data-driven: a `$0` cursor in the source and what the hover must say."""

from __future__ import annotations

import pytest
from codex_config_lsp.hover import hover
from support import analyzed_at, with_cursor


def hover_text(source: str, markdown: bool = True) -> str | None:
    analysis, offset = analyzed_at(source)
    found = hover(analysis, offset, markdown)
    return found.text if found else None


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            'model = "gpt-5.3-co$0dex-spark"',
            [
                "**GPT-5.3-Codex-Spark**",
                "research preview",
                "| Codex Cloud | ✗ |",
                "Speed: ⚡⚡⚡⚡⚡ 5/5",
                "ChatGPT Pro subscribers only",
                "Recommended",
            ],
        ),
        ('model = "gpt-5.2$0"', ["Alternative", "Capability: ●●●●○ 4/5", "hard debugging"]),
        ('[profiles.fast]\nmodel = "gpt-5.3-c$0odex"', ["| Codex Cloud | ✓ |"]),
        ('review_model = "gpt-6.1-s$0ol"', ["GPT-6.1-Sol", "Reasoning efforts: low, medium, high, xhigh, max, ultra"]),
        ('mo$0del = "x"', ["the model Codex uses", "`gpt-6.2-sol` in Codex 0.171", "Recommended: `gpt-5.5`"]),
        ('model_provider = "oll$0ama"', ["Ollama", "http://localhost:11434/v1"]),
        (
            'model_provider = "lo$0cal"\n[model_providers.local]\nname = "Local"\nbase_url = "http://x/v1"\n',
            ["Local", "defined in this file", "http://x/v1", "`responses` (the default)"],
        ),
    ],
)
def test_hover_says(source, expected):
    text = hover_text(source)
    for fragment in expected:
        assert fragment in text


def test_plain_text_hover_has_no_markdown():
    text = hover_text('model = "gpt-5.3-co$0dex-spark"', markdown=False)
    assert "API access: no" in text and "**" not in text and "|" not in text and "`" not in text


def test_hover_span_is_the_value():
    source = 'model = "gpt-5.$04"'
    analysis, offset = analyzed_at(source)
    text, _ = with_cursor(source)
    found = hover(analysis, offset)
    assert text[found.span.start : found.span.end] == '"gpt-5.4"'


@pytest.mark.parametrize("source", ['name = "no-such-$0thing"', "# mo$0del", 'model = "gpt-5.5" $0 # c'])
def test_no_hover_where_there_is_nothing_to_say(source):
    assert hover_text(source) is None


def test_a_secret_is_never_shown():
    source = (
        'model_provider = "p$0"\n[model_providers.p]\nexperimental_bearer_token = "sk-SECRET"\n'
        'http_headers = { Authorization = "Bearer sk-SECRET" }\n'
    )
    assert "sk-SECRET" not in hover_text(source)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("[tui]\nanim$0ations = true", ["**animations**", "Type: boolean", "Default: `true`"]),
        (
            'appro$0val_policy = "never"',
            ["Values: `untrusted`, `on-failure`, `on-request`, `never`", "Where: top level and profiles"],
        ),
        ('[model_providers.x]\nwire_$0api = "responses"', ["Values: `responses`", 'Default: `"responses"`']),
        ('not$0ify = ["x"]', ["Type: array of strings", "Where: top level only"]),
        ("[tu$0i]", ["**tui**"]),
        ('[profiles.p]\nsandbox_$0mode = "read-only"', ["Values: `read-only`"]),
    ],
)
def test_key_hover(source, expected):
    text = hover_text(source)
    for fragment in expected:
        assert fragment in text, text


@pytest.mark.parametrize(
    "source, expected",
    [
        ('sandbox_mode = "read-o$0nly"', ["`read-only` · sandbox_mode", "may read files but not write"]),
        ('[profiles.p]\napproval_policy = "on-fai$0lure"', ["`on-failure`", "Deprecated"]),
        ('[tui]\nnotification_method = "os$0c9"', ["`osc9` · notification_method"]),
    ],
)
def test_enum_value_hover(source, expected):
    text = hover_text(source)
    for fragment in expected:
        assert fragment in text, text


@pytest.mark.parametrize(
    "source, says",
    [
        ('model = "gpt-6-luna"\nmodel_reasoning_effort = "ul$0tra"', "`gpt-6-luna` does not list this effort"),
        ('model = "gpt-6-luna"\nmodel_reasoning_effort = "hi$0gh"', "`gpt-6-luna` offers this effort"),
        (
            'model = "gpt-5.4"\n[profiles.p]\nmodel = "gpt-6-luna"\nplan_mode_reasoning_effort = "ul$0tra"',
            "does not list",
        ),
        ('model = "gpt-5.4"\nmodel_reasoning_effort = "ul$0tra"', None),  # no effort data for gpt-5.4
    ],
)
def test_effort_hover_says_whether_the_model_in_scope_lists_it(source, says):
    text = hover_text(source)
    assert text.startswith("`ultra`") or text.startswith("`high`")
    if says is None:
        assert "effort (" not in text and "does not list" not in text
    else:
        assert says in text, text


def test_every_documented_value_is_a_value_of_its_key():
    from codex_config_lsp import schema
    from codex_config_lsp.schema.values import VALUE_DOCS

    for pattern, docs in VALUE_DOCS.items():
        concrete = tuple("x" if part == "*" else part for part in pattern)
        info = schema.key_info(concrete)
        assert info is not None and info.path == pattern, pattern
        assert set(docs) <= set(info.values), pattern


@pytest.mark.parametrize(
    "source, expected",
    [
        ('model = "gpt-5.5-mn$0i"', ["no model list Codex 0.171 knows", "Did you mean `gpt-5.4-mini`"]),
        ('mod$0le = "x"', ["Unknown key `modle`", "Did you mean `model`?"]),
        ("[tui]\nanima$0tionz = true", ["Unknown key `animationz` in `[tui]`", "`animations`"]),
    ],
)
def test_hover_on_an_unknown_name_says_so_and_names_the_nearest(source, expected):
    text = hover_text(source)
    for fragment in expected:
        assert fragment in text
