"""The command line: ``serve`` the language server, ``check`` or ``format`` files, print the ``schema``.

``check`` shares the analysis with the server, so a terminal or CI sees what an
editor shows. The protocol stack is imported only by ``serve``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
FAILING = ("error", "warning")  # information and hints never fail a check


def default_config_path() -> Path:
    home = os.environ.get("CODEX_HOME")
    return (Path(home) if home else Path.home() / ".codex") / "config.toml"


def _parser() -> argparse.ArgumentParser:
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
        "2 for usage errors or unreadable files.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files to check (default: $CODEX_HOME/config.toml, else ~/.codex/config.toml)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument("--catalog", metavar="PATH", help="a model catalog file that adds or overrides models")
    fmt = commands.add_parser(
        "format",
        help="format config files in place (taplo's layout, the same meaning)",
        description="Format Codex config files in place. With --check, change nothing: exit 1 when a file "
        "would change. Files with syntax errors are left as they are (exit 1); 2 for unreadable files.",
    )
    fmt.add_argument("paths", nargs="*", metavar="PATH", help="files to format (default: as for check)")
    fmt.add_argument("--check", action="store_true", help="only report the files that would change")
    commands.add_parser("schema", help="print a JSON Schema of the Codex config, for taplo, tombi and SchemaStore")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve()
    if args.command == "check":
        return _check(args.paths, args.format, args.catalog)
    if args.command == "format":
        return _format(args.paths, args.check)
    if args.command == "schema":
        from .schema import json_schema

        return _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False), EXIT_CLEAN)
    parser.print_help()
    return EXIT_CLEAN


def _serve() -> int:
    import logging

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="codex-config-lsp: %(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_drop_late_cancels)
    from .lsp.server import serve

    serve()
    return EXIT_CLEAN


def _drop_late_cancels(record) -> bool:
    """Editors cancel requests that were already answered; pygls warns about each one."""
    return not record.getMessage().startswith("Cancel notification for unknown message id")


def read_config(path: Path) -> str:
    """The text of ``path``; raises ValueError with a one-line reason."""
    if path.is_dir():
        raise ValueError(f"{path}: is a directory, not a config file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text (byte {error.start}); Codex reads config.toml as UTF-8") from None


def _read_all(paths: list[str]) -> tuple[list[tuple[Path, str]], int]:
    """The files to work on (default: the user's config) with their texts, and the exit status so far.

    A file that cannot be read gets its one-line error here, and the status becomes EXIT_USAGE.
    """
    files, status = [], EXIT_CLEAN
    for target in [Path(p) for p in paths] or [default_config_path()]:
        try:
            files.append((target, read_config(target)))
        except ValueError as error:
            print(f"codex-config-lsp: error: {error}", file=sys.stderr)
            status = EXIT_USAGE
    return files, status


def _check(paths: list[str], output: str, catalog_path: str | None) -> int:
    from .analysis import analyze
    from .catalog import catalog_with
    from .diagnostics import visible
    from .settings import Settings

    catalog, catalog_error = catalog_with(catalog_path)
    if catalog_error:
        print(f"codex-config-lsp: warning: {catalog_error}; using the bundled catalog", file=sys.stderr)
    files, status = _read_all(paths)
    findings: list[dict] = []
    for target, text in files:
        analysis = analyze(text, catalog, target.resolve())
        for problem, level in visible(analysis, Settings()):
            (line, column), (end_line, end_column) = (
                analysis.lines.position(problem.span.start),
                analysis.lines.position(problem.span.end),
            )
            findings.append(
                {
                    "path": str(target),
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
            if level in FAILING and status == EXIT_CLEAN:
                status = EXIT_FOUND
    if output == "json":
        return _emit(json.dumps(findings, indent=2, ensure_ascii=False), status)
    lines = [f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['code']} {f['message']}" for f in findings]
    return _emit("\n".join(lines), status) if lines else status


def _format(paths: list[str], check_only: bool) -> int:
    from .analysis import analyze
    from .formatting import formatted

    files, status = _read_all(paths)
    for target, text in files:
        result = formatted(analyze(text))
        if result is None:
            print(f"{target}: left as it is: it has syntax errors (see codex-config-lsp check)", file=sys.stderr)
            status = max(status, EXIT_FOUND)
        elif result != text and check_only:
            print(f"{target}: would be reformatted")
            status = max(status, EXIT_FOUND)
        elif result != text:
            try:
                target.write_text(result, encoding="utf-8", newline="")
            except OSError as error:
                print(f"codex-config-lsp: error: {target}: cannot write: {error.strerror or error}", file=sys.stderr)
                status = EXIT_USAGE
                continue
            print(f"{target}: reformatted")
    return status


def _emit(text: str, status: int) -> int:
    """Print ``text``; a reader that stops early (``| head``) is no error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    return status
