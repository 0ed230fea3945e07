"""A config is judged inside the stack of files Codex merges (measured on Codex 0.169 and 0.171).

Each test lays out a temporary `CODEX_HOME` and project tree, reads it into a
snapshot the way the server and the CLI do, and analyses one file of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from codex_config_lsp import environment, stack
from codex_config_lsp.analysis import analyze
from codex_config_lsp.explain import explain
from codex_config_lsp.stack import Session, stack_for
from support import analyze_on_disk, machine

PROVIDER = '[model_providers.mine]\nname = "Mine"\nbase_url = "http://localhost:1/v1"\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def trusted(project: Path) -> str:
    return f'[projects."{project}"]\ntrust_level = "trusted"\n'


def codes(analysis) -> list[str]:
    return [problem.code for problem in analysis.problems]


def test_a_profile_file_may_use_a_provider_the_user_config_defines(tmp_path):
    # 0.171: `codex exec --profile fast` starts with provider `mine` (codex-0.171.md, "How Codex stacks").
    home = tmp_path / "home"
    write(home / "config.toml", PROVIDER)
    profile = write(home / "fast.config.toml", 'model_provider = "mine"\nmodel = "llama3"\n')
    assert codes(analyze_on_disk(profile, home=home)) == []
    # Alone (no user config defines it) the same file names a provider nobody defines.
    (home / "config.toml").unlink()
    assert codes(analyze_on_disk(profile, home=home)) == ["undefined-provider"]


def test_a_user_config_may_use_a_permission_profile_another_layer_defines(tmp_path):
    home = tmp_path / "home"
    project = tmp_path / "work"
    write(project / ".git" / "HEAD", "")
    write(home / "config.toml", 'default_permissions = "dev"\n' + trusted(project))
    config = write(project / ".codex" / "config.toml", '[permissions.dev]\ndescription = "for work"\n')
    analysis = analyze_on_disk(config, home=home)
    assert "invalid-value" not in codes(analysis)  # `default_permissions` is set in the user config


def test_the_effective_config_says_which_file_wins(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "")
    write(home / "config.toml", 'model = "gpt-6.1-sol"\nmodel_verbosity = "low"\n' + trusted(root))
    write(home / "fast.config.toml", 'model = "gpt-6-luna"\nmodel_reasoning_summary = "concise"\n')
    write(root / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    write(root / "sub" / ".codex" / "config.toml", 'model_verbosity = "high"\n')
    session = Session(root / "sub" / "deeper", "fast")
    (root / "sub" / "deeper").mkdir()
    snapshot = machine(home, sessions=[session])
    layers = stack_for(snapshot, session)
    assert [(layer.kind, layer.path) for layer in layers.loaded] == [
        ("user", home / "config.toml"),
        ("profile", home / "fast.config.toml"),
        ("project", root / ".codex" / "config.toml"),
        ("project", root / "sub" / ".codex" / "config.toml"),
    ]
    effective = layers.effective
    assert effective.get(("model",)) == "gpt-6-sol"
    assert effective.origin(("model",)).layer.path == root / ".codex" / "config.toml"
    assert effective.get(("model_verbosity",)) == "high"
    assert effective.origin(("model_reasoning_summary",)).layer.kind == "profile"
    assert effective.origin(("model_verbosity",)).located.key_span.start == 0


def test_an_untrusted_project_is_not_read_and_says_why(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "")
    write(home / "config.toml", 'model = "gpt-6.1-sol"\n')
    config = write(root / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    session = Session(root)
    result = explain(machine(home, sessions=[session]), session)
    project = result.stack.layers[-1]
    assert (project.kind, project.loaded) == ("project", False) and "untrusted" in project.reason
    assert result.effective["model"].value == "gpt-6.1-sol"
    assert codes(analyze_on_disk(config, home=home)) == ["untrusted-project"]


def test_project_root_markers_decide_where_the_project_starts(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".hg" / "store", "")
    write(root / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    write(root / "app" / ".codex" / "config.toml", 'model_verbosity = "high"\n')
    write(home / "config.toml", trusted(root))
    session = Session(root / "app")
    # Default markers (.git): no root above `app`, so only its own folder is a project layer.
    only_app = stack_for(machine(home, sessions=[session]), session)
    assert [layer.path for layer in only_app.layers if layer.kind == "project"] == [
        root / "app" / ".codex" / "config.toml"
    ]
    write(home / "config.toml", 'project_root_markers = [".hg"]\n' + trusted(root))
    both = stack_for(machine(home, sessions=[session]), session)
    assert [layer.path for layer in both.layers if layer.kind == "project"] == [
        root / ".codex" / "config.toml",
        root / "app" / ".codex" / "config.toml",
    ]


def test_the_snapshot_is_read_again_after_the_disk_changes(tmp_path):
    # A config names a missing file; the user creates it: a fresh snapshot no longer reports it.
    config = write(tmp_path / "home" / "config.toml", 'model_instructions_file = "rules.md"\n')
    assert codes(analyze_on_disk(config, home=config.parent)) == ["missing-file"]
    write(config.parent / "rules.md", "Be brief.\n")
    assert codes(analyze_on_disk(config, home=config.parent)) == []


def test_a_snapshot_keeps_no_parse_of_the_open_documents(tmp_path):
    # The server keeps its own parse of each open document; a second one in the layer cache doubled
    # the memory a large config takes. Layers read from disk stay cached (other documents need them).
    home = tmp_path / "home"
    write(home / "config.toml", 'model = "gpt-5.5"\n')
    project = write(tmp_path / "work" / ".codex" / "config.toml", 'model_reasoning_effort = "high"\n')
    open_text = 'model_reasoning_effort = "low"  # typed, not saved\n'
    stack._parsed_layer.cache_clear()
    snapshot = machine(home, (project, open_text))
    cached = {text for text in (open_text, 'model = "gpt-5.5"\n') if _is_cached(text)}
    assert cached == {'model = "gpt-5.5"\n'}
    assert analyze(open_text, project, snapshot).stack.layers  # and the snapshot still serves an analysis


def test_a_snapshot_uses_the_parses_the_server_already_holds(tmp_path):
    # The server hands over its current analyses' parses: the documents are not parsed again. (Here the
    # parse given names a file the text does not, so the file is looked at only if the parse was used.)
    from codex_config_lsp.stack import parse_text

    home = tmp_path / "home"
    config = write(home / "config.toml", 'model = "gpt-5.5"\n')
    held = parse_text('model_instructions_file = "rules.md"\n')
    plain = machine(home, (config, 'model = "gpt-5.5"\n'))
    given = machine(home, (config, 'model = "gpt-5.5"\n'), parses={config: held})
    assert home / "rules.md" not in plain.files and home / "rules.md" in given.files


def _is_cached(text: str) -> bool:
    before = stack._parsed_layer.cache_info().hits
    stack._parsed_layer(text)
    return stack._parsed_layer.cache_info().hits > before


def test_reading_the_machine_is_bounded_and_never_blocks(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert environment.look(fifo, read=True).kind == "other"
    assert environment.look(tmp_path, read=True).kind == "folder"
    assert environment.look(tmp_path / "nope", read=True).kind == "missing"
    assert environment.look(tmp_path / ("x" * 300), read=True).kind == "unreadable"  # name too long
    big = write(tmp_path / "big.json", "")
    with big.open("wb") as out:
        out.truncate(environment.MAX_TEXT_BYTES + 1)  # sparse: costs no disk
    fact = environment.look(big, read=True)
    assert fact.text is None and "larger than" in (fact.problem or "")


def test_a_config_naming_a_fifo_as_its_catalog_gets_a_finding_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "models.json")
    config = write(tmp_path / "home" / "config.toml", f'model_catalog_json = "{tmp_path / "models.json"}"\n')
    (problem,) = analyze_on_disk(config, home=config.parent).problems
    assert problem.code == "missing-file" and "not a regular file" in problem.message


def test_analysis_reads_no_disk_itself(tmp_path):
    # The same text, with no snapshot, cannot know about files: it reports none of them.
    write(tmp_path / "config.toml", "")
    text = 'model_instructions_file = "rules.md"\n'
    assert codes(analyze(text, tmp_path / "config.toml")) == []


def test_explain_prints_every_value_with_its_origin(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "")
    write(home / "config.toml", PROVIDER + 'model = "gpt-6.1-sol"\n' + trusted(root))
    write(
        home / "fast.config.toml",
        'model_provider = "mine"\n[mcp_servers.db]\ncommand = "db"\nargs = ["--api-key", "sk-canary-123"]\n',
    )
    write(root / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    env = {**os.environ, "CODEX_HOME": str(home), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "codex_config_lsp", "explain", "--cwd", str(root), "--profile", "fast"]
    result = subprocess.run(
        [*command, "--format", "json", "--codex-version", "0.171.0"], env=env, capture_output=True, text=True
    )
    data = json.loads(result.stdout)
    assert data["codex_version"] == "0.171.0" and data["profile"] == "fast" and data["cwd"] == str(root)
    assert [layer["kind"] for layer in data["layers"]] == ["system", "user", "profile", "project"]
    assert data["effective"] == {"model": "gpt-6-sol", "model_provider": "mine"}
    values = {value["key"]: value for value in data["values"]}
    assert (values["model"]["path"], values["model"]["line"]) == (str(root / ".codex" / "config.toml"), 1)
    assert values["model_providers.mine.base_url"]["path"] == str(home / "config.toml")
    text = subprocess.run(command, env=env, capture_output=True, text=True).stdout
    assert "sk-canary-123" not in result.stdout + text  # an argument that carries a key is never shown
    assert f'model_provider = "mine"  ({home / "fast.config.toml"}:1)' in text


def test_explain_refuses_what_codex_would_refuse_in_one_line(tmp_path):
    for arguments, reason in (
        (["--cwd", str(tmp_path / "nope")], "not a folder"),
        (["--cwd", str(tmp_path), "--profile", "../evil"], "plain name"),  # Codex: "pass a plain name such as `work`"
        (["--cwd", str(tmp_path), "--codex-version", "latest"], "not a Codex version"),
    ):
        command = [sys.executable, "-m", "codex_config_lsp", "explain", *arguments]
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and reason in result.stderr, arguments


def test_completion_and_hover_know_names_other_files_define(tmp_path):
    from codex_config_lsp.completion import complete
    from codex_config_lsp.hover import hover
    from support import with_cursor

    home = tmp_path / "home"
    write(home / "config.toml", PROVIDER + '[permissions.dev]\ndescription = "for work"\n')
    profile = home / "fast.config.toml"
    text, offset = with_cursor('model_provider = "$0"\n')
    labels = {item.label: item.detail for item in complete(analyze_on_disk(profile, text, home), offset)}
    assert labels["mine"] == "provider defined in $CODEX_HOME/config.toml" and "openai" in labels
    text, offset = with_cursor('default_permissions = "$0"\n')
    labels = {item.label: item.detail for item in complete(analyze_on_disk(profile, text, home), offset)}
    assert labels["dev"] == "permission profile defined in $CODEX_HOME/config.toml" and ":workspace" in labels
    text, offset = with_cursor('default_permissions = "d$0ev"\n')
    found = hover(analyze_on_disk(profile, text, home), offset)
    assert "description" in found.text and "$CODEX_HOME/config.toml" in found.text


def test_hover_on_a_key_says_which_file_wins(tmp_path):
    from codex_config_lsp.hover import hover
    from support import with_cursor

    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "")
    write(root / ".codex" / "config.toml", 'model = "gpt-6-sol"\nmodel_verbosity = "high"\n')
    user = home / "config.toml"
    text, offset = with_cursor('model_verb$0osity = "low"\nmodel_reasoning_summary = "auto"\n' + trusted(root))
    write(user, text)
    # Editing the user config in the workspace `repo`: Codex started there reads the project's layer over it.
    analysis = analyze(text, user, machine(home, (user, text), cwd=root))
    note = hover(analysis, offset).text
    assert f'Overridden by `{root / ".codex" / "config.toml"}:2` = `"high"`' in note
    offset = text.index("model_reasoning_summary") + 3
    assert "Overridden" not in hover(analysis, offset).text  # nothing above sets it
    # Outside any workspace the user config is the top of its own stack.
    assert "Overridden" not in hover(analyze_on_disk(user, text, home), text.index("model_verb") + 3).text


# Measured on 0.169.0 and 0.171.0 with `codex doctor --json` in the project folder (`/tmp/measure` method).


def test_keys_only_the_users_files_may_set_are_flagged_in_a_project_and_nothing_inside_them(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(home / "config.toml", trusted(root))
    text = (
        'model = "gpt-6-sol"\nmodel_provider = "mine"\n[otel]\nexporter = "nope"\n'
        '[model_providers.openai]\nname = "X"\n'
    )
    config = write(root / ".codex" / "config.toml", text)
    problems = analyze_on_disk(config, home=home).problems
    assert [(p.code, p.key) for p in problems] == [
        ("ignored-in-project", "model_provider"),
        ("ignored-in-project", "otel"),
        ("ignored-in-project", "model_providers"),
    ]
    assert all(p.severity == "warning" and "Codex 0.171 ignores" in p.message for p in problems)
    # The same keys in the user's own config are read (and checked) as usual.
    assert "invalid-value" in codes(analyze_on_disk(home / "config.toml", text, home))


def test_a_provider_defined_only_in_a_project_does_not_count(tmp_path):
    # `Error: Model provider `mine` not found` (exec), even with the project trusted.
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(root / ".codex" / "config.toml", PROVIDER)
    user = write(home / "config.toml", 'model_provider = "mine"\n' + trusted(root))
    analysis = analyze(user.read_text(), user, machine(home, (user, user.read_text()), cwd=root))
    assert "undefined-provider" in codes(analysis)


def test_an_empty_git_folder_is_no_project_root(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    write(root / "app" / ".codex" / "config.toml", 'model_verbosity = "high"\n')
    write(home / "config.toml", trusted(root) + trusted(root / "app"))
    session = Session(root / "app")
    projects = [
        layer.path for layer in stack_for(machine(home, sessions=[session]), session).layers if layer.kind == "project"
    ]
    assert projects == [root / "app" / ".codex" / "config.toml"]  # no marker: the root is the folder itself
    write(root / ".git" / "HEAD", "ref: refs/heads/main\n")
    projects = [
        layer.path for layer in stack_for(machine(home, sessions=[session]), session).layers if layer.kind == "project"
    ]
    assert projects == [root / ".codex" / "config.toml", root / "app" / ".codex" / "config.toml"]


def test_trust_comes_from_the_layer_folder_then_the_project_root_then_the_repository(tmp_path):
    home = tmp_path / "home"
    root = tmp_path / "repo"
    write(root / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(root / "sub" / ".hg" / "requires", "")
    write(root / "sub" / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    cwd = root / "sub" / "deeper"
    cwd.mkdir()
    session = Session(cwd)

    def loaded(user_config: str) -> list[bool]:
        write(home / "config.toml", user_config)
        layers = stack_for(machine(home, sessions=[session]), session).layers
        return [layer.loaded for layer in layers if layer.kind == "project"]

    markers = 'project_root_markers = [".hg"]\n'
    assert loaded(markers + trusted(root)) == [True]  # the repository decides when nothing closer does
    assert loaded(markers + trusted(root) + f'[projects."{root / "sub"}"]\ntrust_level = "untrusted"\n') == [False]
    assert loaded(markers + trusted(cwd)) == [False]  # the working folder's own entry trusts nothing above it
    assert loaded(markers + trusted(tmp_path)) == [False]  # nor does a folder above the repository


def test_a_worktree_is_trusted_through_its_main_repository(tmp_path):
    home = tmp_path / "home"
    main = tmp_path / "main"
    write(main / ".git" / "HEAD", "ref: refs/heads/main\n")
    worktree = tmp_path / "wt"
    write(worktree / ".git", f"gitdir: {main / '.git' / 'worktrees' / 'wt'}\n")
    write(worktree / ".codex" / "config.toml", 'model = "gpt-6-sol"\n')
    write(home / "config.toml", trusted(main))
    session = Session(worktree)
    (layer,) = [
        layer for layer in stack_for(machine(home, sessions=[session]), session).layers if layer.kind == "project"
    ]
    assert layer.loaded and str(main) in layer.reason


def test_a_legacy_profile_table_in_a_profile_file_is_only_ignored(tmp_path):
    home = tmp_path / "home"
    profile = write(home / "fast.config.toml", '[profiles.fast]\nmodel = "gpt-6-sol"\n')
    (problem,) = analyze_on_disk(profile, home=home).problems
    assert (
        problem.code == "legacy-profile" and "in a profile file" in problem.message and "fails" not in problem.message
    )


def test_the_accounts_model_list_and_a_catalog_file_are_read_with_the_machine(tmp_path):
    home = tmp_path / "home"
    cache = {"fetched_at": "2026-11-20T10:00:00Z", "client_version": "0.171.0", "models": [{"slug": "gpt-team-1"}]}
    write(home / "models_cache.json", json.dumps(cache))
    extra = write(tmp_path / "team.json", json.dumps({"models": [{"slug": "team-model"}]}))
    config = write(home / "config.toml", 'model = "gpt-team-1"\nreview_model = "team-model"\n')
    analysis = analyze_on_disk(config, home=home, catalog_path=extra)
    assert codes(analysis) == []
    sources = {source.label for source, _ in analysis.catalog.get("gpt-team-1").facts}
    assert any("models_cache.json, fetched 2026-11-20" in label for label in sources)
    # Judged for 0.169, the default model of 0.171 is unknown; for 0.171 it is Codex's own.
    text = 'model = "gpt-6.2-sol"\n'
    assert codes(analyze_on_disk(config, text, home, release="0.169.0")) == ["unknown-model"]
    assert codes(analyze_on_disk(config, text, home, release="0.171.0")) == []
    broken = write(tmp_path / "broken.json", "{nope")
    snapshot = machine(home, (config, text), catalog_path=broken)
    assert "not JSON" in snapshot.extra_models.error


def test_the_installed_codex_is_told_from_its_npm_package_files_without_running_it(tmp_path):
    package = tmp_path / "lib" / "node_modules" / "@openai" / "codex"
    write(package / "package.json", json.dumps({"name": "@openai/codex", "version": "0.172.0"}))
    script = write(package / "bin" / "codex.js", "#!/bin/sh\necho ran > ran.txt\n")  # never run
    script.chmod(0o755)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "codex").symlink_to(script)
    assert environment.installed_codex_release({"PATH": str(tmp_path / "bin")}) == "0.172.0"
    assert not (tmp_path / "ran.txt").exists() and not Path("ran.txt").exists()
    assert environment.installed_codex_release({"PATH": str(tmp_path / "nowhere")}) is None
    # A release newer than every one we measured: its unknown keys are information, not warnings.
    config = write(tmp_path / "home" / "config.toml", "brand_new_key = 1\n")
    (problem,) = analyze_on_disk(config, home=config.parent, release="0.172.0").problems
    assert (problem.code, problem.severity) == ("unknown-key", "information") and "newer" in problem.message
