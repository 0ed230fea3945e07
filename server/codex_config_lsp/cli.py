"""The command line: ``serve`` the language server, ``check``, ``explain`` or ``format`` files, print the ``schema``.

``check`` shares the analysis with the server, so a terminal or CI sees what an
editor shows. Like the server, the CLI reads the machine into a snapshot once
(``environment``) and hands it to the analysis. The protocol stack is imported
only by ``serve``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .settings import LEVELS  # what --severity accepts, as the editor setting does

if TYPE_CHECKING:
    import argparse
    import logging
    from collections.abc import Sequence
    from typing import Any, TextIO

    from .analysis import Analysis
    from .settings import Level, Settings
    from .snapshot import FileFact, Snapshot
    from .stack import Session

EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
EXIT_OUTPUT = 3  # the output could not be written (a full disk, /dev/full); a reader that stops early is no error
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]+")  # what Codex accepts as a --profile name (`a.b`, `../x` are refused)
FAILING = ("error", "warning")  # information and hints never fail a check
STDIN = "-"
# Folders a directory search never enters: tools' caches and environments, other VCS data.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox"})


def default_config_path() -> Path:
    home = os.environ.get("CODEX_HOME")
    return (Path(home) if home else Path.home() / ".codex") / "config.toml"


def _add_release_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--codex-version",
        metavar="VERSION",
        default="auto",
        help="the Codex release to judge for, e.g. 0.169.0 (default: auto = the codex on PATH when its version can be "
        "read from its package files, else the newest release this checker knows)",
    )


def _parser() -> argparse.ArgumentParser:
    import argparse

    from .reports import FORMATS

    parser = argparse.ArgumentParser(
        prog="codex-config-lsp",
        description="Language server and checker for the config.toml of OpenAI's Codex.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help="run the language server on stdin/stdout")
    serve.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default and only transport)")
    check = commands.add_parser(
        "check",
        help="check config files and print the problems",
        description="Check Codex config files. Exit 0 when clean, 1 when errors or warnings were found, "
        "2 for usage errors or unreadable files, 3 when the output cannot be written.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files to check; a directory: the Codex config files below it (.codex/config.toml, "
        ".codex/*.config.toml); - : standard input (default: $CODEX_HOME/config.toml, else ~/.codex/config.toml)",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format: text, json (docs/check-json.md), github (workflow annotations), sarif (SARIF 2.1.0)",
    )
    check.add_argument("--stdin-filename", metavar="PATH", help="the path the text read from - stands for")
    check.add_argument(
        "--select", metavar="CODE", action="append", default=[], help="report only these codes (repeat, or CODE1,CODE2)"
    )
    check.add_argument("--ignore", metavar="CODE", action="append", default=[], help="never report these codes")
    check.add_argument(
        "--severity",
        metavar="CODE=LEVEL",
        action="append",
        default=[],
        help="report CODE as error, warning, information or hint, or off (applied before --select and --ignore)",
    )
    check.add_argument("--catalog", metavar="PATH", help="a model catalog file that adds or overrides models")
    _add_release_option(check)
    explain = commands.add_parser(
        "explain",
        help="print the effective config Codex would use, every value with the file that sets it",
        description="Show the config files Codex stacks when started in DIR (system, user, profile file, trusted "
        "project layers), whether each is read and why, and the merged values with their origin. "
        "Exit 0, or 1 when a file of the stack has errors or warnings.",
    )
    explain.add_argument("--cwd", metavar="DIR", default=".", help="the folder Codex starts in (default: here)")
    explain.add_argument("--profile", metavar="NAME", help="the profile Codex is started with (--profile NAME)")
    explain.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    _add_release_option(explain)
    fmt = commands.add_parser(
        "format",
        help="format config files in place (taplo's layout, the same meaning)",
        description="Format Codex config files in place. With --check, change nothing: exit 1 when a file "
        "would change. Files with syntax errors are left as they are (exit 1); 2 for unreadable files.",
    )
    fmt.add_argument("paths", nargs="*", metavar="PATH", help="files to format (default: as for check)")
    fmt.add_argument("--check", action="store_true", help="only report the files that would change")
    schema = commands.add_parser(
        "schema", help="print a JSON Schema of the Codex config, for taplo, tombi and SchemaStore"
    )
    _add_release_option(schema)
    return parser


# How editors start the server. Matched before any parsing: the server starts without argparse and the
# modules only the other commands use.
_SERVE_COMMANDS = (["serve"], ["serve", "--stdio"])


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) in _SERVE_COMMANDS:
        return _serve()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve()
    if args.command == "format":
        if STDIN in args.paths:
            return _usage_error("format rewrites files in place: - (standard input) is for check")
        return _format(args.paths, args.check)
    if args.command not in ("check", "explain", "schema"):
        parser.print_help()
        return EXIT_CLEAN
    release = _release(args.codex_version)
    if release is None:
        return _usage_error(f"--codex-version: not a Codex version: {args.codex_version!r} (e.g. 0.171.0)")
    if args.command == "check":
        try:
            settings = _check_settings(args.select, args.ignore, args.severity)
        except ValueError as error:
            return _usage_error(str(error))
        if args.stdin_filename and STDIN not in args.paths:
            return _usage_error("--stdin-filename names the text read from -: add - to the paths")
        return _check(args.paths, args.format, args.catalog, release, settings, args.stdin_filename)
    if args.command == "explain":
        return _explain(Path(args.cwd), args.profile, args.format, release)
    from .schema import json_schema

    return _emit(json.dumps(json_schema(release=release[0]), indent=2, ensure_ascii=False), EXIT_CLEAN)


def _serve() -> int:
    import logging

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="codex-config-lsp: %(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_drop_late_cancels)
    from .lsp.server import serve

    serve()
    return EXIT_CLEAN


def _drop_late_cancels(record: logging.LogRecord) -> bool:
    """Editors cancel requests that were already answered; pygls warns about each one."""
    return not record.getMessage().startswith("Cancel notification for unknown message id")


def read_config(path: Path) -> str:
    """The text of ``path``, read as the environment reads every file (a regular file only, bounded, never
    blocking on a FIFO or a device); raises ValueError with a one-line reason."""
    from .environment import look

    fact = look(path, read=True)
    if fact.text is not None:
        return fact.text
    raise ValueError(f"{path}: {_not_read(fact)}")


_CONFIG_NAMES = "(.codex/config.toml, .codex/*.config.toml)"
# Why a path gave no text, by what it is.
_NOT_READ = {
    "missing": "no such file",
    "folder": "is a directory, not a config file",
    "other": "not a regular file (a FIFO, a device or a socket); a config file must be a file",
}


def _not_read(fact: FileFact) -> str:
    if fact.kind == "unreadable":
        return f"cannot read: {fact.problem}"
    if fact.kind == "file" and fact.problem and fact.problem.startswith("not UTF-8"):
        return f"{fact.problem}; Codex reads config.toml as UTF-8"
    return fact.problem or _NOT_READ.get(fact.kind, "cannot read")


def _read_stdin() -> str:
    """Standard input, at most as much as a config file may hold; raises ValueError with a one-line reason."""
    from .environment import MAX_TEXT_BYTES

    if sys.stdin is None:
        raise ValueError("-: there is no standard input")
    try:
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    except OSError as error:
        raise ValueError(f"-: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_TEXT_BYTES:
        raise ValueError(f"-: larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"-: not UTF-8 text (byte {error.start})") from None


def _error(message: str) -> None:
    """One line on standard error; when even that cannot be written, there is nowhere left to say it."""
    _say(f"codex-config-lsp: error: {message}", sys.stderr)


def _usage_error(message: str) -> int:
    _error(message)
    return EXIT_USAGE


def _release(option: str) -> tuple[str, str | None] | None:
    """The release to judge for and the installed one, if known; None for an option that is no version."""
    from . import environment, releases

    installed = environment.installed_codex_release(os.environ)
    if option == "auto":
        chosen = installed or releases.NEWEST
    else:
        parsed = releases.parse(option)
        if parsed is None:
            return None
        chosen = str(parsed)
    if releases.is_newer_than_known(chosen):
        print(
            f"codex-config-lsp: note: Codex {chosen} is newer than the releases this checker knows "
            f"(newest: {releases.NEWEST}); keys it added are reported as information only",
            file=sys.stderr,
        )
    return chosen, installed


def _snapshot(
    documents: Sequence[tuple[Path, str]],
    release: tuple[str, str | None],
    catalog_path: str | None = None,
    sessions: Sequence[Session] = (),
) -> Snapshot:
    from . import environment

    return environment.snapshot_for(
        documents,
        os.environ,
        release=release[0],
        installed_release=release[1],
        catalog_path=Path(os.path.abspath(catalog_path)) if catalog_path else None,
        sessions=sessions,
    )


def _findings(analysis: Analysis, path: Path, settings: Settings | None = None) -> list[dict[str, Any]]:
    """The visible problems of one analysis, as `check --format json` prints them."""
    from .diagnostics import visible
    from .settings import Settings

    found = []
    for problem, level in visible(analysis, settings or Settings()):
        (line, column), (end_line, end_column) = (
            analysis.lines.position(problem.span.start),
            analysis.lines.position(problem.span.end),
        )
        found.append(
            {
                "path": str(path),
                "line": line + 1,
                "column": column + 1,
                "end_line": end_line + 1,
                "end_column": end_column + 1,
                "severity": level,
                "code": problem.code,
                "message": problem.message,
                "key": problem.key,
            }
        )
    return found


def _status(findings: list[dict[str, Any]]) -> int:
    return EXIT_FOUND if any(f["severity"] in FAILING for f in findings) else EXIT_CLEAN


def _check_settings(select: list[str], ignore: list[str], severity: list[str]) -> Settings:
    """The severities --severity, --select and --ignore ask for, as server settings; ValueError says what is wrong."""
    from .problems import CODES
    from .settings import Settings

    def codes(values: list[str], option: str) -> list[str]:
        named = [code.strip() for value in values for code in value.split(",") if code.strip()]
        for code in named:
            if code not in CODES:
                raise ValueError(f"{option}: no diagnostic code {code!r}; the codes are {', '.join(CODES)}")
        return named

    levels: dict[str, Level] = {}
    for item in severity:
        code, equals, asked = item.partition("=")
        level = next((known for known in LEVELS if known == asked), None)
        if not (equals and code.strip() and level):
            raise ValueError(f"--severity {item!r}: expected CODE=LEVEL, LEVEL one of {', '.join(LEVELS)}")
        levels |= dict.fromkeys(codes([code], "--severity"), level)
    selected = codes(select, "--select")
    if selected:
        levels |= {code: "off" for code in CODES if code not in selected}
    levels |= {code: "off" for code in codes(ignore, "--ignore")}
    return Settings(severity=levels)


def codex_configs_below(root: Path) -> list[Path]:
    """The Codex config files under ``root``: ``config.toml`` and ``<profile>.config.toml`` in ``.codex`` folders.

    A ``.codex`` folder's subfolders (sessions, logs) are not searched: Codex reads none of them as config.
    """
    found = []
    for folder, subfolders, names in os.walk(root):
        if os.path.basename(folder) == ".codex":
            subfolders.clear()
            found += [Path(folder, name) for name in names if name == "config.toml" or name.endswith(".config.toml")]
        else:
            subfolders[:] = [name for name in subfolders if name not in SKIPPED_FOLDERS]
    return sorted(found)


def _read_all(paths: list[str], stdin_filename: str | None = None) -> tuple[list[tuple[Path, str]], int]:
    """The files to work on (default: the user's config) with their texts, and the exit status so far.

    A directory stands for the Codex config files below it; ``-`` for standard input, shown as
    ``stdin_filename``. A file that cannot be read gets its one-line error here, and the status
    becomes EXIT_USAGE.
    """
    from .environment import look

    names, status = [], EXIT_CLEAN
    for name in paths or [str(default_config_path())]:
        folder = name != STDIN and look(Path(name), read=False).kind == "folder"
        below = codex_configs_below(Path(name)) if folder else [Path(name)]
        if not below:
            _error(f"{name}: is a directory with no Codex config files below it {_CONFIG_NAMES}")
            status = EXIT_USAGE
        names += [str(path) for path in below]
    files = []
    for name in names:
        try:
            if name == STDIN:
                files.append((Path(stdin_filename or STDIN), _read_stdin()))
            else:
                files.append((Path(name), read_config(Path(name))))
        except ValueError as error:
            _error(str(error))
            status = EXIT_USAGE
    return files, status


def _check(
    paths: list[str],
    output: str,
    catalog_path: str | None,
    release: tuple[str, str | None],
    settings: Settings | None = None,
    stdin_filename: str | None = None,
) -> int:
    from .analysis import analyze
    from .reports import render

    files, status = _read_all(paths, stdin_filename)
    documents = [(Path(os.path.abspath(target)), text) for target, text in files]
    snapshot = _snapshot(documents, release, catalog_path)
    catalog_error = snapshot.extra_models.error if snapshot.extra_models else None
    catalog_file = snapshot.fact(Path(os.path.abspath(catalog_path))) if catalog_path else None
    if catalog_file is not None and catalog_file.text is None:
        return _usage_error(f"--catalog: {catalog_error}")  # a file asked for by name must be readable
    if catalog_error:
        print(f"codex-config-lsp: warning: {catalog_error}; using the bundled catalog", file=sys.stderr)
    findings: list[dict[str, Any]] = []
    for (target, _), (path, text) in zip(files, documents, strict=True):
        findings += _findings(analyze(text, path, snapshot), target, settings)
    status = max(status, _status(findings))
    report = render(findings, output)
    return _emit(report, status) if report else status


def _explain(cwd: Path, profile: str | None, output: str, release: tuple[str, str | None]) -> int:
    from . import explain
    from .analysis import analyze
    from .reports import text_line
    from .stack import Session

    if not cwd.is_dir():
        return _usage_error(f"--cwd {cwd}: not a folder")
    if profile is not None and not _PLAIN_NAME.fullmatch(profile):
        return _usage_error(
            f"--profile {profile!r}: Codex takes a plain name such as `work` (letters, digits, - and _)"
        )
    session = Session(Path(os.path.abspath(cwd)), profile)
    snapshot = _snapshot([], release, sessions=[session])
    result = explain.explain(snapshot, session)
    findings: list[dict[str, Any]] = []
    for layer in result.stack.layers:
        if layer.text is not None:
            findings += _findings(analyze(layer.text, layer.path, snapshot), Path(layer.path))
    if output == "json":
        return _emit(explain.as_json(result, findings), _status(findings))
    return _emit(explain.as_text(result, [text_line(f) for f in findings]), _status(findings))


def _format(paths: list[str], check_only: bool) -> int:
    from .analysis import analyze
    from .formatting import formatted

    files, status = _read_all(paths)
    for target, text in files:
        result = formatted(analyze(text))
        if result is None:
            _say(f"{target}: left as it is: it has syntax errors (see codex-config-lsp check)", sys.stderr)
            status = max(status, EXIT_FOUND)
        elif result != text and check_only:
            status = max(status, _emit(f"{target}: would be reformatted", EXIT_FOUND))
        elif result != text:
            try:
                target.write_text(result, encoding="utf-8", newline="")
            except OSError as error:
                _error(f"{target}: cannot write: {error.strerror or error}")
                status = max(status, EXIT_USAGE)
                continue
            status = max(status, _emit(f"{target}: reformatted", status))
    return status


def _emit(text: str, status: int) -> int:
    """Print ``text`` and return ``status``; a reader that stops early (``| head``) is no error, the rest of
    the output goes nowhere. Output that cannot be written (``> /dev/full``) is: one line, EXIT_OUTPUT."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _discard(sys.stdout)
    except OSError as error:
        _discard(sys.stdout)
        _error(f"cannot write the output: {error.strerror or error}")
        return EXIT_OUTPUT
    return status


def _say(text: str, stream: TextIO) -> None:
    """A line on ``stream`` (standard error) that may be lost, never raises."""
    try:
        print(text, file=stream, flush=True)
    except (OSError, AttributeError):
        _discard(stream)


def _discard(stream: TextIO) -> None:
    """From now on ``stream`` writes to the null device: text still buffered cannot fail again at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, AttributeError, ValueError):
        pass
