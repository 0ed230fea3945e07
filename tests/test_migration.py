"""Moving a legacy profile into its own file keeps the user's text."""

from __future__ import annotations

import pytest
from codex_config_lsp.analysis import analyze
from codex_config_lsp.migration import move_profile

CONFIG = """# my config
model = "gpt-5.5"
profile = "fast"

[profiles.fast]
model = "gpt-6-luna"  # quick
model_reasoning_effort = "low"

[profiles.fast.features]
web_search_request = true

[profiles.deep]
model = "gpt-5.5"

[tui]
animations = false
"""


def test_the_profile_becomes_a_config_of_its_own_and_leaves_the_rest_alone():
    move = move_profile(CONFIG, "fast")
    assert move.file_name == "fast.config.toml"
    assert move.profile_text == (
        'model = "gpt-6-luna"  # quick\nmodel_reasoning_effort = "low"\n\n[features]\nweb_search_request = true\n'
    )
    assert (
        move.config_text
        == '# my config\nmodel = "gpt-5.5"\n\n[profiles.deep]\nmodel = "gpt-5.5"\n\n[tui]\nanimations = false\n'
    )
    # what is left and what was made are configs Codex 0.169 takes without complaint about profiles
    assert [p.code for p in analyze(move.profile_text).problems] == []
    assert "fast" not in move.config_text


@pytest.mark.parametrize(
    "text",
    [
        'profiles.fast.model = "x"\n',
        'profiles = { fast = { model = "x" } }\n',
    ],
)
def test_dotted_and_inline_profiles_move_too(text):
    move = move_profile(text, "fast")
    assert move.profile_text == 'model = "x"\n' and "fast" not in move.config_text


@pytest.mark.parametrize("text, name", [('model = "x\n[profiles.fast]\n', "fast"), ("[profiles.deep]\n", "fast")])
def test_nothing_is_rewritten_when_it_cannot_be_done_exactly(text, name):
    assert move_profile(text, name) is None
