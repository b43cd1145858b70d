"""Command line: ``dj-tui [PATH ...]`` (the dashboard), ``dj-tui summarize`` (headless),
``dj-tui cache info|clear`` and ``dj-tui bench``.

Kept thin: it parses arguments, loads the config, calls the analysis package
and writes the result. Exit codes: 0 every file analysed, 1 some files failed
(listed in ``errors``) or the cache could not be used, 2 a usage or config
error, 3 the output could not be written (a closed pipe, a full disk, an --output file that cannot be
made), 130 interrupted (ctrl+c). Every message is one line on stderr, and whatever it
quotes of a path or a report is made visible (``dj_tui.printable``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dj_tui import __version__
from dj_tui.printable import visible
from dj_tui.strings import LANGUAGES

if TYPE_CHECKING:
    from dj_tui.analysis.load_events import CollectionSnapshot
    from dj_tui.config import Config

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_OUTPUT_FAILED = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it


# Formats that are files, not text for a terminal: they need --output.
FILE_FORMATS = ("docx", "csv")


class OutputError(Exception):
    """Standard output or the --output file cannot take the result; the message says why, in one line."""


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    """What to analyse and how: shared by the dashboard and summarize."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report files or directories (read recursively); default: the data dirs in config.toml",
    )
    parser.add_argument("--config", metavar="F", help="config file (default: ./config.toml, then the user config dir)")
    _add_analysis_options(parser)


def _summarize_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dj-tui summarize",
        description="Analyse reports and print region, keyphrases, summary and headline figures.",
    )
    _add_input_options(parser)
    parser.add_argument(
        "--format",
        choices=("json", "markdown", *FILE_FORMATS),
        default="json",
        help="output format (default: json); docx (a Word briefing) and csv (every figure) need --output",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="write to FILE (replaced at once, never half-written) instead of standard output; "
        "never inside a data directory being analysed",
    )
    for name, bound in (("since", "on or after"), ("until", "on or before")):
        parser.add_argument(
            f"--{name}",
            type=_date_bound,
            metavar="DATE",
            help=f"only reports dated {bound} DATE (2024, 2024-07 or 2024-07-01); default: [filter] {name} "
            "in config.toml; undated reports are then left out and counted on stderr",
        )
    return parser


def _date_bound(text: str) -> str:
    from dj_tui.analysis.collection.dates import date_problem

    problem = date_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _add_analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="analyse every report afresh, without reading or filling the cache",
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="processes analysing reports at once (default: the number of CPUs)",
    )


def _dashboard_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dj-tui",
        description="Terminal dashboard and headless analyser for Chinese party-building work reports.",
        epilog=(
            "commands:\n"
            "  summarize     analyse reports headless (dj-tui summarize --help)\n"
            "  cache info    where the analysis cache is, its size and entries\n"
            "  cache clear   empty the analysis cache\n"
            "  bench         measure speed on a synthetic collection (dj-tui bench --help)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_options(parser)
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the dashboard's language: zh (simplified Chinese) or en (default: [ui] language in config.toml, else zh)",
    )
    parser.add_argument("--version", action="version", version=f"dj-tui {__version__}")
    return parser


def _cache_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dj-tui cache",
        description="Inspect or empty the analysis cache (location: $DJ_TUI_CACHE_DIR, "
        "else [cache] dir in config.toml, else the user cache dir).",
    )
    parser.add_argument("action", choices=("info", "clear"), help="info: location, size, entries; clear: empty it")
    parser.add_argument("--config", metavar="F", help="config file (default: ./config.toml, then the user config dir)")
    return parser


def _write(text: str) -> None:
    if sys.stdout is None:  # started with standard output closed
        raise OutputError("cannot write the output: standard output is closed")
    try:
        # Bytes, so the output is UTF-8 whatever the locale says. Unbuffered
        # (python -u, PYTHONUNBUFFERED) the buffer is the raw file, whose
        # write may take only part of the bytes: the rest is written in turn.
        sys.stdout.flush()
        pending = memoryview(text.encode("utf-8"))
        while pending:
            pending = pending[sys.stdout.buffer.write(pending) :]
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader went away (``| head``). Whatever is still buffered can
        # never be written: point the descriptor at /dev/null so that the
        # interpreter's flush at exit does not fail a second time.
        _discard_stdout()
        raise OutputError("output closed early by its reader (broken pipe)") from None
    except OSError as exc:
        _discard_stdout()
        raise OutputError(f"cannot write the output: {_reason(exc)}") from None


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real descriptor (a test's buffer): nothing will flush it at exit


def _error(message: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(f"dj-tui: {visible(message)}\n")


def _load_config(args: argparse.Namespace) -> Config | None:
    """The config named by --config (or found by the lookup order); None, after saying why, when it is bad."""
    from dj_tui.config import ConfigError, load_config

    try:
        return load_config(args.config)
    except ConfigError as exc:
        _error(str(exc))
        return None


def summarize(argv: Sequence[str]) -> int:
    args = _summarize_parser().parse_args(argv)

    from dj_tui.analysis import loader
    from dj_tui.analysis.collection.dates import filter_collection
    from dj_tui.analysis.load_events import CollectionSnapshot

    if args.output is None and args.format in FILE_FORMATS:
        _error(f"--format {args.format} writes a file: give it with --output FILE")
        return EXIT_USAGE
    config = _load_config(args)
    if config is None:
        return EXIT_USAGE
    config = _with_options(config, args)
    bounds = {name: getattr(args, name) for name in ("since", "until") if getattr(args, name) is not None}
    try:
        date_filter = replace(config.date_filter, **bounds)
    except ValueError as exc:  # --since after --until, or after the config's until
        _error(str(exc))
        return EXIT_USAGE
    inputs = args.paths or list(config.data_dirs)
    refusal = None if args.output is None else _output_refusal(args.output, inputs)
    if refusal is not None:
        _error(refusal)
        return EXIT_USAGE
    events = loader.load_collection(
        inputs,
        config.settings,
        config.overrides,
        cache_dir=loader.cache_location(config.cache_dir, enabled=config.cache_enabled),
        jobs=config.jobs,
    )
    loaded = [event for event in events if isinstance(event, CollectionSnapshot)][-1]
    narrowed = filter_collection(loaded.collection, loaded.cross_region, date_filter, config.settings)
    snapshot = CollectionSnapshot(narrowed.collection, narrowed.cross_region, loaded.index)
    result = snapshot.collection
    if args.output is None:
        _write(_rendered(args.format, snapshot).decode("utf-8"))
    else:
        _write_file(args.output, _rendered(args.format, snapshot))
    if narrowed.undated:
        _error(f"{narrowed.undated} undated reports left out by the date filter")
    for error in result.errors:
        _error(str(error))
    return EXIT_SOME_FAILED if result.errors else EXIT_OK


def _rendered(output_format: str, snapshot: CollectionSnapshot) -> bytes:
    """The collection in ``output_format``, as the bytes of the file or the output."""
    from dj_tui.analysis import briefing_file, export

    if output_format == "json":
        return export.to_json(snapshot.collection).encode("utf-8")
    return briefing_file.briefing_bytes(output_format, snapshot.collection, snapshot.cross_region, date.today())


def _output_refusal(output: str, inputs: Sequence[str]) -> str | None:
    """Why ``output`` must not be written, or None: dj-tui only ever reads the data it analyses."""
    from dj_tui.analysis import briefing_file

    refusal = briefing_file.refusal(output, inputs)
    if refusal is None:
        return None
    if refusal.is_report:
        return f"will not write {output}: it is a report being analysed ({refusal.given})"
    return f"will not write {output}: it is inside the data directory {refusal.given}, which dj-tui only reads"


def _write_file(output: str, data: bytes) -> None:
    """Replace ``output`` with ``data`` at once: a reader never sees half a file, a failure leaves the old one."""
    from dj_tui.analysis import briefing_file

    try:
        briefing_file.write_replacing(Path(output), data)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def dashboard(argv: Sequence[str]) -> int:
    args = _dashboard_parser().parse_args(argv)
    config = _load_config(args)
    if config is None:
        return EXIT_USAGE
    config = _with_options(config, args)
    if args.lang is not None:
        config = replace(config, language=args.lang)
    # Textual is imported only here, so the headless commands never load it.
    from dj_tui.ui.app import create_app

    app = create_app(args.paths or list(config.data_dirs), config)

    def interrupted(signum: int, frame: object) -> None:
        # The terminal is in raw mode, so this is a signal from elsewhere
        # (``kill -INT``): leave as ctrl+q does, the screen restored, the
        # analysis stopped and what finished kept.
        app.exit(return_code=EXIT_INTERRUPTED)

    # Set before Textual's event loop starts, asyncio keeps it (it would
    # otherwise cancel the app mid-step, which Textual reports as a normal exit).
    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        app.run()
    finally:
        signal.signal(signal.SIGINT, previous)
    if app.return_code == EXIT_INTERRUPTED:
        _error("interrupted")
    return app.return_code or EXIT_OK


def _with_options(config: Config, args: argparse.Namespace) -> Config:
    """The config with --no-cache and --jobs applied: the dashboard reads them from it."""
    return replace(config, cache_enabled=config.cache_enabled and not args.no_cache, jobs=args.jobs)


def cache_command(argv: Sequence[str]) -> int:
    args = _cache_parser().parse_args(argv)

    from dj_tui.analysis.engine import ENGINE_VERSION, analysis_fingerprint, engine_digest
    from dj_tui.analysis.store.database import DB_NAME
    from dj_tui.analysis.store.location import cache_dir, open_cache
    config = _load_config(args)
    if config is None:
        return EXIT_USAGE
    directory = cache_dir(config.cache_dir)
    if not (directory / DB_NAME).exists():
        # Looking must not create anything.
        _write(f"location: {directory / DB_NAME}\nentries: 0 (no cache yet)\n")
        return EXIT_OK
    cache = open_cache(directory)
    if cache is None:
        return EXIT_SOME_FAILED
    with cache:
        if args.action == "clear":
            removed = cache.clear()
            if not cache.available:
                return EXIT_SOME_FAILED
            _write(f"removed {removed} entries from {cache.path}\n")
            return EXIT_OK
        info = cache.info(analysis_fingerprint(config.settings))
    lines = [
        f"location: {info.path}",
        f"size: {_megabytes(info.size)}",
        f"entries: {info.entries} ({info.current_entries} for the current engine and settings)",
        f"engine version: {ENGINE_VERSION} (code digest {engine_digest()})",
    ]
    if not config.cache_enabled:
        lines.append("disabled by [cache] enabled = false in " + str(config.path))
    lines += [f"set aside (unreadable, safe to delete): {path}" for path in info.set_aside]
    _write("\n".join(lines) + "\n")
    return EXIT_OK


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv)
    except KeyboardInterrupt:
        # The analysis stopped its workers and kept what finished (see
        # pipeline.analyze_iter); no traceback for a user's ctrl+c.
        _error("interrupted")
        return EXIT_INTERRUPTED
    except OutputError as exc:
        _error(str(exc))
        return EXIT_OUTPUT_FAILED


def _run(argv: list[str]) -> int:
    if argv and argv[0] == "summarize":
        return summarize(argv[1:])
    if argv and argv[0] == "cache":
        return cache_command(argv[1:])
    if argv and argv[0] == "bench":
        from dj_tui.bench.command import main as bench_main

        return bench_main(argv[1:])
    return dashboard(argv)
