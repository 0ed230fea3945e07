"""How surface.py reads a binary's field strings and feature list (no Codex binary needed)."""

from __future__ import annotations

from surface import _fields, _snake, _split, string_keys

WORDS = {"history", "rollout", "trace", "sqlite", "home", "log", "dir", "file", "opener", "tui", "max", "bytes"}


def test_a_run_of_names_is_cut_where_one_name_ends_and_the_next_begins():
    names = {"history", "sqlite_home", "log_dir", "tui"}
    run = "historyrollout_tracesqlite_homelog_dirfile_openertui"
    assert _fields(run, names, WORDS, trusted=True) == [
        "history",
        "rollout_trace",
        "sqlite_home",
        "log_dir",
        "file_opener",
        "tui",
    ]
    assert _fields("max_payload_bytesmax_bytes", set(), WORDS | {"payload"}, trusted=True) == [
        "max_payload_bytes",
        "max_bytes",
    ]


def test_an_unknown_word_may_end_a_name_before_a_known_one():
    assert _split("boundarydisable", {"disable"}) == ["boundary", "disable"]
    assert _split("offset", {"set"}) == ["offset"]  # a short known word does not cut an unknown one
    assert _split("budgetingasync", {"budget", "async"}) == ["budgeting", "async"]  # "ing" ends a word


def test_text_that_is_not_field_names_is_left_alone():
    assert _fields("thequickbrownfoxjumps", {"tui"}, WORDS, trusted=False) is None


def test_struct_names_name_their_table():
    assert _snake("CodeModeToml") == "code_mode"
    assert _snake("GuardianV2ConfigToml") == "guardian_v2"
    assert _snake("BrowserUseConfigTomlShellEnvironmentPolicyToml") == "shell_environment_policy"
    assert _snake("AppsRequirementsToml") == ""  # requirements.toml is another file


def test_leads_land_in_the_table_of_their_known_neighbours_or_a_new_root_table():
    vocabulary = {("model",), ("review_model",), ("otel", "exporter"), ("otel", "environment")}
    blob = (
        b"\x00ConfigTomlmodelreview_modelrollout_trace\x00"
        b"\x00OtelConfigTomlexporterenvironmentheaders_helper\x00"
        b"\x00CodeModeTomlheartbeat_interval_s\x00"
        b"\x00SomeConfigstructdata\x00"
    )
    found = string_keys(blob, vocabulary)
    assert ("rollout_trace",) in found
    assert ("otel", "headers_helper") in found
    assert {("code_mode",), ("code_mode", "heartbeat_interval_s")} <= found
    assert not any("struct" in path for path in found)
