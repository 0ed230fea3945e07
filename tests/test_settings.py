"""Editor settings: what a client may send, and one line saying why unusable settings are ignored."""

from __future__ import annotations

import pytest
from codex_config_lsp.settings import Settings, read_settings


def test_settings_are_read_from_the_codex_config_section_or_bare():
    sent = {"catalogPath": "/c.json", "codexVersion": "0.169.0", "severity": {"unknown-model": "off"}}
    expected = Settings("/c.json", "0.169.0", {"unknown-model": "off"})
    assert read_settings({"codexConfig": sent}) == (expected, None)
    assert read_settings(sent) == (expected, None)
    assert read_settings({**sent, "somethingNew": True}) == (expected, None)  # unknown settings are ignored


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"catalogPath": 3}, "catalogPath: should be a string"),
        ({"severity": {"unknown-model": "loud"}}, "severity.unknown-model: should be one of error, warning"),
        ({"severity": ["off"]}, "severity: should be an object"),
        ([1, 2], "codexConfig: should be an object"),
    ],
)
def test_unusable_settings_fall_back_to_the_defaults_and_say_why(raw, reason):
    settings, problem = read_settings(raw)
    assert settings == Settings()
    assert problem is not None and problem.startswith("ignoring codexConfig settings: ") and reason in problem


def test_no_settings_are_the_defaults():
    assert read_settings(None) == (Settings(), None)
