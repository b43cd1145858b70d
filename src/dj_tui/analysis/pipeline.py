"""From files to a collection result.

Analysis happens in two stages so that the expensive one can be cached and
parallelised:

1. ``stages.analyzer.Analyzer`` works on one report alone (cleaning, region,
   figures, summary, keyphrase candidates) and returns a ``DocumentAnalysis``.
   ``analyze_iter`` runs it over files: results already in the persistent
   cache (``store``) are read back, the rest are analysed, in a process pool
   (``worker_pool``) when there is enough work, and stored.
2. ``collection.build.build_collection`` ranks keyphrases against document frequency over the
   whole collection, applies per-file overrides and rolls reports up into
   regions. It always runs from the per-report results (or reads back the
   ranking of exactly these reports), so a cached run gives the same output
   as a run from scratch.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, as_completed
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dj_tui.analysis.cancellation import Cancellation
from dj_tui.analysis.collection.build import build_collection, paused_collector
from dj_tui.analysis.engine import analysis_fingerprint
from dj_tui.analysis.models import (
    CollectionResult,
    DocumentAnalysis,
    LoadError,
)
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.stages.analyzer import Analyzer, internal_error, is_markdown, read_bytes
from dj_tui.analysis.stages.ingest import discover
from dj_tui.analysis.store.database import AnalysisCache
from dj_tui.analysis.store.location import open_default_cache
from dj_tui.analysis.store.records import (
    Record,
    decode_analysis,
    file_signature,
    record_key,
)
from dj_tui.analysis.worker_pool import (
    analyze_in_worker,
    analyze_to_record,
    resolve_jobs,
    signals_blocked_for_children,
    start_pool,
    stop_pool,
)

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Files read and looked up in the cache per query.
_SCAN_BATCH = 200
# Below this many bytes to analyse (about a second of work on one core) a
# process pool costs more to start (each worker imports jieba and loads its
# dictionary) than it saves.
POOL_MIN_BYTES = 300_000


@dataclass(frozen=True)
class ScanDone:
    """Every report the cache holds has been given; ``left`` files are still to analyse."""

    left: int


class _DefaultCache:
    def __repr__(self) -> str:
        return "DEFAULT_CACHE"


# ``cache=`` default of analyze_iter/analyze_paths: the user's cache.
DEFAULT_CACHE = _DefaultCache()


def analyze_iter(
    files: Sequence[str],
    settings: AnalysisSettings,
    *,
    cache: AnalysisCache | None | _DefaultCache = DEFAULT_CACHE,
    jobs: int | None = None,
    announce_scan: bool = False,
    isolate: bool = False,
    cancellation: Cancellation | None = None,
) -> Iterator[DocumentAnalysis | LoadError | ScanDone]:
    """Analyse files, yielding each result as soon as it is ready, in no set order.

    ``cache``: an open ``AnalysisCache``, None for none, or by default the
    user's cache (``open_default_cache()``: $DJ_TUI_CACHE_DIR or the user
    cache dir). Every report found there is yielded first, without loading
    jieba; then, with ``announce_scan``, a ``ScanDone`` says how many files
    are left, and those are analysed and stored.

    ``jobs``: how many processes analyse at once (default: the CPU count;
    never more than the CPUs or the files to analyse). A process pool starts
    only when there is enough to analyse to repay its start-up; with less, or
    ``jobs=1``, analysis runs in this process, unless ``isolate`` asks for
    worker processes whatever the amount (the dashboard: its screen must not
    wait on the analysis, and Esc or quitting must stop it at once). Pool
    workers are spawned, so a script that calls this with ``jobs`` > 1 must
    guard its entry point with ``if __name__ == "__main__":``. A worker
    ignores ctrl+c (this process handles it) and ends by itself when this
    process dies.

    A bad file yields a LoadError and the rest go on; so does a report whose
    analysis fails unexpectedly ("internal error: …"). A consumer that wants
    to cancel stops iterating (or closes the generator), or, from another
    thread, calls ``cancellation.cancel()``: work not started is cancelled,
    reports being analysed are abandoned, and what finished is kept in the
    cache.
    """
    if not files:
        if announce_scan:
            yield ScanDone(0)
        return
    owned = cache is DEFAULT_CACHE
    store = open_default_cache() if owned else cache
    try:
        yield from _stream(files, settings, store, jobs, announce_scan, isolate, cancellation or Cancellation())
    finally:
        if owned and store is not None:
            store.close()


def _record_keys(
    paths: Sequence[str], max_bytes: int, store: AnalysisCache | None
) -> tuple[dict[str, bytes], dict[str, int], list[str]]:
    """Each report's cache key and size, and the paths that are no readable report.

    A file the cache has seen unchanged (``AnalysisCache.known_files``) is
    not read; the others are read, hashed and remembered.
    """
    keys: dict[str, bytes] = {}
    sizes: dict[str, int] = {}
    unusable: list[str] = []
    signatures: dict[bytes, bytes] = {}
    # The cache knows a file by its absolute path as bytes: a name that is
    # not UTF-8 (its bytes are lone surrogates in a str) is a key like any other.
    absolute: dict[str, bytes] = {}
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            unusable.append(path)
            continue
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= max_bytes:
            unusable.append(path)
            continue
        absolute[path] = os.fsencode(os.path.abspath(path))
        signatures[absolute[path]] = file_signature(info)
        sizes[path] = info.st_size
    known = store.known_files(signatures) if store is not None else {}
    hashed: list[tuple[bytes, bytes, bytes]] = []
    for path in sizes:
        key = known.get(absolute[path])
        if key is None:
            data = read_bytes(path, max_bytes)
            if data is None:
                unusable.append(path)
                continue
            key = record_key(data, is_markdown(path))
            hashed.append((absolute[path], signatures[absolute[path]], key))
        keys[path] = key
    if store is not None:
        store.remember_files(hashed)
    return keys, {path: sizes[path] for path in keys}, unusable


def _stream(
    files: Sequence[str],
    settings: AnalysisSettings,
    store: AnalysisCache | None,
    jobs: int | None,
    announce_scan: bool,
    isolate: bool,
    cancellation: Cancellation,
) -> Iterator[DocumentAnalysis | LoadError]:
    fingerprint = analysis_fingerprint(settings) if store is not None else ""
    analyzer: Analyzer | None = None
    pool: ProcessPoolExecutor | None = None
    running: dict[Future, str] = {}

    def get_analyzer() -> Analyzer:
        nonlocal analyzer
        if analyzer is None:
            analyzer = Analyzer(settings)
        return analyzer

    def kept(key: bytes | None, record: Record, path: str) -> DocumentAnalysis:
        """Store a fresh record and return its analysis in the compact form a cached one has.

        Thousands of fresh analyses stay in memory as the collection grows:
        compressed sentences and shared term strings keep that small.
        """
        if store is not None and key is not None:
            store.store(fingerprint, key, record)
        shared = replace(record, terms=tuple(map(sys.intern, record.terms)))
        return decode_analysis(shared, path)

    def here(path: str) -> DocumentAnalysis | LoadError:
        outcome = analyze_to_record(get_analyzer, path, settings.max_bytes, settings.figures_per_report)
        if isinstance(outcome, LoadError):
            return outcome
        return kept(*outcome, path)

    def collect(future: Future) -> DocumentAnalysis | LoadError | None:
        """The outcome of a finished report; None when the analysis was cancelled."""
        path = running.pop(future)
        try:
            outcome = future.result()
        except BrokenExecutor:
            if cancellation.cancelled:
                return None
            # A worker died (killed, out of memory): analyse its reports here.
            return here(path)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
            return internal_error(path, exc)
        if isinstance(outcome, LoadError):
            return outcome
        key, record = outcome
        return kept(key, record, path)

    # First what the cache holds, so that a consumer shows those at once.
    misses: list[str] = []
    miss_bytes = 0
    with paused_collector():
        for start in range(0, len(files), _SCAN_BATCH):
            keys, sizes, unusable = _record_keys(files[start : start + _SCAN_BATCH], settings.max_bytes, store)
            # Not a readable report (or a race with its writer): reading it properly,
            # when its turn comes, gives the precise error or the text.
            misses.extend(unusable)
            records = store.lookup(fingerprint, list(set(keys.values()))) if store is not None else {}
            for path, key in keys.items():
                record = records.get(key)
                if record is not None:
                    try:
                        yield decode_analysis(record, path)
                        continue
                    except ValueError:
                        pass  # damaged: analyse again, and the new record replaces it
                misses.append(path)
                miss_bytes += sizes[path]
        # Still paused: a consumer keeping what it was given (see ``keep``)
        # does so before the collector resumes and scans it.
        if announce_scan:
            yield ScanDone(len(misses))

    workers = resolve_jobs(jobs, len(misses))
    try:
        if misses and (isolate or (workers > 1 and miss_bytes >= POOL_MIN_BYTES)):
            pool = start_pool(settings, workers)
            cancellation.watch(pool)
        for position, path in enumerate(misses):
            if cancellation.cancelled:
                return
            if pool is None:
                yield here(path)
                continue
            try:
                with signals_blocked_for_children():
                    future = pool.submit(analyze_in_worker, path, settings.max_bytes, settings.figures_per_report)
                running[future] = path
                cancellation.watch(pool)  # the worker this submit may have spawned
            except (BrokenExecutor, OSError):
                if cancellation.cancelled:
                    return
                # No workers to be had: the rest is analysed here (and what
                # was submitted comes back as BrokenExecutor, see collect).
                for rest in misses[position:]:
                    yield here(rest)
                break
        # One waiter for all: wait(FIRST_COMPLETED) in a loop would cost
        # O(futures) each time, O(n²) over a large cold run.
        for future in as_completed(list(running)):
            outcome = collect(future)
            if outcome is None or cancellation.cancelled:
                return
            yield outcome
    finally:
        if pool is not None:
            cancellation.watch(None)
            stop_pool(pool, running, store, fingerprint)


def analyze_paths(
    paths: Sequence[str],
    settings: AnalysisSettings,
    overrides: Sequence[Override] = (),
    *,
    cache: AnalysisCache | None | _DefaultCache = DEFAULT_CACHE,
    jobs: int | None = None,
) -> CollectionResult:
    """The whole analysis of the given files and directories (``cache`` and ``jobs`` as for analyze_iter)."""
    files, errors = discover(paths, settings.patterns)
    analyses: list[DocumentAnalysis] = []
    all_errors = list(errors)
    owned = cache is DEFAULT_CACHE
    store = open_default_cache() if owned else cache
    try:
        for item in analyze_iter(files, settings, cache=store, jobs=jobs):
            if isinstance(item, LoadError):
                all_errors.append(item)
            else:
                analyses.append(item)
        return build_collection(analyses, all_errors, settings, overrides, cache=store)
    finally:
        if owned and store is not None:
            store.close()
