"""The command line where the machine is hostile: output that stops or cannot be written, paths that are no
files, and configs that name such paths. Each case runs as a real process with a deadline; none may hang,
and none may end in a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support import analyze_on_disk

COMMAND = [sys.executable, "-m", "codex_config_lsp"]
DEADLINE = 60  # seconds; every case here takes one or two
EXAMPLE = Path(__file__).parent.parent / "examples" / "config.toml"
EXIT_FOUND, EXIT_USAGE, EXIT_OUTPUT = 1, 2, 3


def run(*args: str, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, home: Path | None = None):
    env = {**os.environ, "CODEX_HOME": str(home), "HOME": str(home.parent)} if home else None
    return subprocess.run(
        [*COMMAND, *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=DEADLINE, env=env
    )


def one_error_line(result: subprocess.CompletedProcess, words: str) -> None:
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("codex-config-lsp: error: "), result.stderr
    assert words in result.stderr, result.stderr


# -- output ------------------------------------------------------------------------------------------------------


def untidy_files(folder: Path, count: int) -> list[str]:
    """``count`` configs the formatter changes: its report on them is more than a pipe holds."""
    names = []
    for index in range(count):
        path = folder / f"config-{index:04d}.toml"
        path.write_text('model  =  "gpt-5.5"\n', encoding="utf-8")
        names.append(str(path))
    return names


def reader_that_stops_after_one_line(*args: str) -> tuple[int, str, str]:
    """`codex-config-lsp ARGS | head -1`: the exit status, the line read and standard error."""
    process = subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    line = process.stdout.readline().decode()
    process.stdout.close()
    try:
        _, error = process.communicate(timeout=DEADLINE)
    finally:
        process.kill()
    return process.returncode, line, error.decode()


def test_format_into_a_reader_that_stops_early_finishes_its_work_quietly(tmp_path):
    names = untidy_files(tmp_path, 4000)  # ~180 KB of report: the pipe is closed long before the end
    status, line, error = reader_that_stops_after_one_line("format", *names)
    assert line == f"{names[0]}: reformatted\n"
    assert error == "" and status == 0
    assert all(Path(name).read_text(encoding="utf-8") == 'model = "gpt-5.5"\n' for name in names)  # every file


@pytest.mark.parametrize("args", [("schema",), ("check", "--format", "sarif", str(EXAMPLE))], ids=["schema", "check"])
def test_other_commands_into_a_reader_that_stops_early_are_quiet(args):
    status, line, error = reader_that_stops_after_one_line(*args)
    assert line and error == ""
    assert status == (0 if args[0] == "schema" else EXIT_FOUND)


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "json", str(EXAMPLE)),
        ("check", "--format", "text", str(EXAMPLE)),
        ("check", "--format", "sarif", str(EXAMPLE)),
        ("schema",),
        ("explain", "--format", "json"),
    ],
    ids=["check-json", "check-text", "check-sarif", "schema", "explain"],
)
def test_output_that_cannot_be_written_is_one_line_and_its_own_exit_status(args):
    with open("/dev/full", "w") as full:
        result = run(*args, stdout=full)
    one_error_line(result, "cannot write the output: No space left on device")
    assert result.returncode == EXIT_OUTPUT


def test_format_reports_output_it_cannot_write_after_doing_its_work(tmp_path):
    names = untidy_files(tmp_path, 3)
    with open("/dev/full", "w") as full:
        result = run("format", *names, stdout=full)
    one_error_line(result, "cannot write the output")
    assert result.returncode == EXIT_OUTPUT
    assert all(Path(name).read_text(encoding="utf-8") == 'model = "gpt-5.5"\n' for name in names)


# -- paths that are no config files ------------------------------------------------------------------------------


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.toml")
    return folder / "pipe.toml"


def symlink_loop(folder: Path) -> Path:
    os.symlink(folder / "loop.toml", folder / "loop.toml")
    return folder / "loop.toml"


def sparse(folder: Path, size: int = 100 * 1024 * 1024) -> Path:
    path = folder / "huge.toml"
    with path.open("wb") as out:
        out.truncate(size)  # costs no disk
    return path


def config_in_a_fifo(folder: Path) -> Path:
    os.makedirs(folder / ".codex")
    os.mkfifo(folder / ".codex" / "config.toml")
    return folder


NOT_FILES = {
    "dev-zero": (lambda d: Path("/dev/zero"), "not a regular file"),
    "fifo": (fifo, "not a regular file"),
    "directory": (lambda d: d, "is a directory with no Codex config files"),
    "fifo-below-a-directory": (config_in_a_fifo, "not a regular file"),
    "symlink-loop": (symlink_loop, "Too many levels of symbolic links"),
    "long-name": (lambda d: d / ("x" * 300), "File name too long"),
    "sparse-100-mb": (sparse, "larger than 8 MB"),
}


@pytest.mark.parametrize("command", ["check", "format"])
@pytest.mark.parametrize("name", NOT_FILES)
def test_a_path_that_is_no_config_file_is_one_line_and_exit_2(tmp_path, command, name):
    make, words = NOT_FILES[name]
    path = make(tmp_path)
    result = run(command, str(path))
    one_error_line(result, words)
    assert result.returncode == EXIT_USAGE and result.stdout == ""


def test_a_name_no_file_can_have_is_a_reason_not_an_exception():
    from codex_config_lsp.cli import read_config

    with pytest.raises(ValueError, match="no such file"):
        read_config(Path("config\x00.toml"))  # a process argument cannot carry it; a directory walk or a caller can


@pytest.mark.parametrize("source", ["/dev/zero", "closed"])
def test_standard_input_is_read_bounded(source):
    if source == "closed":
        result = subprocess.run(
            [*COMMAND, "check", "-"],
            stdin=None,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            preexec_fn=lambda: os.close(0),
        )
        words = "no standard input"
    else:
        with open(source, "rb") as endless:
            result = run("check", "-", stdin=endless)
        words = "larger than 8 MB"
    one_error_line(result, words)
    assert result.returncode == EXIT_USAGE


# -- a config that names such a path -----------------------------------------------------------------------------


def unreadable(folder: Path) -> Path:
    path = folder / "secret.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    try:
        path.open("rb").close()
    except PermissionError:
        return path
    pytest.skip("this user reads a file whatever its mode (root): an unreadable file cannot be made")


NAMED = {
    "dev-zero": lambda d: Path("/dev/zero"),
    "fifo": fifo,
    "directory": lambda d: d,
    "symlink-loop": symlink_loop,
    "long-name": lambda d: d / ("x" * 300),
    "unreadable": unreadable,
    "sparse-100-mb": sparse,
}
# The keys that name the file: a finding may be about them, and about nothing else.
NAMING_KEYS = {"model_catalog_json", "model_instructions_file", "agents.reviewer.config_file"}


def naming(target: Path) -> str:
    quoted = str(target).replace("\\", "\\\\")
    return (
        f'model_catalog_json = "{quoted}"\nmodel_instructions_file = "{quoted}"\n'
        f'[agents.reviewer]\ndescription = "Reviews"\nconfig_file = "{quoted}"\n'
    )


def within(seconds: float, work):
    """The result of ``work()``, or a failure when it takes longer (the thread is left behind, not waited on)."""
    done: list = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"still running after {seconds} s"
    return done[0]


@pytest.mark.parametrize("name", NAMED)
def test_a_named_file_that_is_no_file_is_a_finding_or_nothing_never_a_hang(tmp_path, name):
    target = NAMED[name](tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    config = home / "config.toml"
    config.write_text(naming(target), encoding="utf-8")
    analysis = within(10, lambda: analyze_on_disk(config, home=home))
    assert {problem.key for problem in analysis.problems} <= NAMING_KEYS, analysis.problems
    result = run("check", "--format", "json", str(config), home=home)
    assert result.returncode in (0, EXIT_FOUND) and "Traceback" not in result.stderr, result.stderr
    assert {finding["key"] for finding in json.loads(result.stdout)} == {p.key for p in analysis.problems}
