"""Command line: ``dj-tui [PATH ...]`` (the dashboard) and ``dj-tui summarize`` (headless).

Kept thin: it parses arguments, loads the config, calls the analysis package
and writes the result. Exit codes: 0 every file analysed, 1 some files failed
(listed in ``errors``), 2 a usage or config error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dj_tui import __version__

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def _summarize_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dj-tui summarize",
        description="Analyse reports and print region, keyphrases, summary and headline figures.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report files or directories (read recursively); default: the data dirs in config.toml",
    )
    parser.add_argument("--config", metavar="F", help="config file (default: ./config.toml, then the user config dir)")
    parser.add_argument("--format", choices=("json", "markdown"), default="json", help="output format (default: json)")
    return parser


def _dashboard_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dj-tui",
        description="Terminal dashboard and headless analyser for Chinese party-building work reports.",
        epilog="commands:\n  summarize   analyse reports headless (dj-tui summarize --help)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report files or directories (read recursively); default: the data dirs in config.toml",
    )
    parser.add_argument("--config", metavar="F", help="config file (default: ./config.toml, then the user config dir)")
    parser.add_argument("--version", action="version", version=f"dj-tui {__version__}")
    return parser


def _write(text: str) -> None:
    # Bytes, so the output is UTF-8 whatever the locale says.
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _error(message: str) -> None:
    sys.stderr.write(f"dj-tui: {message}\n")


def summarize(argv: Sequence[str]) -> int:
    args = _summarize_parser().parse_args(argv)

    from dj_tui.analysis import export, pipeline
    from dj_tui.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    paths = args.paths or list(config.data_dirs)
    result = pipeline.analyze_paths(paths, config.settings, config.overrides)
    limit = config.settings.figures_per_report
    if args.format == "json":
        _write(export.to_json(result, limit))
    else:
        _write(export.to_markdown(result, limit))
    for error in result.errors:
        _error(str(error))
    return EXIT_SOME_FAILED if result.errors else EXIT_OK


def dashboard(argv: Sequence[str]) -> int:
    args = _dashboard_parser().parse_args(argv)

    from dj_tui.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    # Textual is imported only here, so the headless commands never load it.
    from dj_tui.ui.app import create_app

    app = create_app(args.paths or list(config.data_dirs), config)
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "summarize":
        return summarize(argv[1:])
    return dashboard(argv)
