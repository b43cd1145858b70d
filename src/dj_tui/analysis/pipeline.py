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
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, as_completed
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dj_tui.analysis.cancellation import Cancellation
from dj_tui.analysis.collection.build import paused_collector
from dj_tui.analysis.engine import analysis_fingerprint
from dj_tui.analysis.models import (
    DocumentAnalysis,
    LoadError,
)
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.analyzer import Analyzer, analyze_report, internal_error
from dj_tui.analysis.stages.file_formats import report_format
from dj_tui.analysis.stages.ingest import IngestError, read_report_bytes, stat_report
from dj_tui.analysis.store.database import AnalysisCache
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
# The bytes of cold reports the cache lookup keeps for their analysis; past
# this, a report is read again when analysed (memory stays bounded on a
# very large cold collection).
_HELD_BYTES = 64 * 1024 * 1024
# Below this many bytes to analyse (about a second of work on one core) a
# process pool costs more to start (each worker imports jieba and loads its
# dictionary) than it saves.
POOL_MIN_BYTES = 300_000


@dataclass(frozen=True)
class ScanDone:
    """Every report the cache holds has been given; ``left`` files are still to analyse."""

    left: int


def analyze_iter(
    files: Sequence[str],
    settings: AnalysisSettings,
    *,
    cache: AnalysisCache | None,
    jobs: int | None = None,
    announce_scan: bool = False,
    isolate: bool = False,
    cancellation: Cancellation | None = None,
) -> Iterator[DocumentAnalysis | LoadError | ScanDone]:
    """Analyse files, yielding each result as soon as it is ready, in no set order.

    ``cache``: an open ``AnalysisCache``, or None for none. Every report
    found there is yielded first, without loading jieba; then, with
    ``announce_scan``, a ``ScanDone`` says how many files are left, and
    those are analysed and stored. A file that is no report (missing, not a
    regular file, empty, over ``max_file_mb``) yields its LoadError as the
    cache is scanned.

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
    yield from _stream(files, settings, cache, jobs, announce_scan, isolate, cancellation or Cancellation())


@dataclass(frozen=True)
class _Report:
    """A report file: its size and, once the cache lookup knows it, its key.

    ``data``: its bytes when they were read to compute the key; kept for the
    analysis (under ``_HELD_BYTES``), so that a cold file is read and hashed
    once. A report to analyse without them is read by the analysis, which
    computes its key from what it reads.
    """

    path: str
    size: int
    key: bytes | None = None
    data: bytes | None = None


def _scan(paths: Sequence[str], max_bytes: int, store: AnalysisCache | None) -> tuple[list[_Report], list[LoadError]]:
    """The reports among ``paths``, with their keys when there is a cache, and the files that are none.

    Without a cache nothing is read. A file the cache has seen unchanged
    (``AnalysisCache.known_files``) is not read either; the others are read,
    hashed and remembered.
    """
    errors: list[LoadError] = []
    infos: dict[str, os.stat_result] = {}
    for path in paths:
        try:
            infos[path] = stat_report(path, max_bytes)
        except IngestError as exc:
            errors.append(LoadError(path, str(exc)))
    if store is None:
        return [_Report(path, info.st_size) for path, info in infos.items()], errors
    # The cache knows a file by its absolute path as bytes: a name that is
    # not UTF-8 (its bytes are lone surrogates in a str) is a key like any other.
    absolute = {path: os.fsencode(os.path.abspath(path)) for path in infos}
    signatures = {absolute[path]: file_signature(info) for path, info in infos.items()}
    known = store.known_files(signatures)
    hashed: list[tuple[bytes, bytes, bytes]] = []
    reports: list[_Report] = []
    for path, info in infos.items():
        key = known.get(absolute[path])
        if key is not None:
            reports.append(_Report(path, info.st_size, key))
            continue
        try:
            data = read_report_bytes(path, info, max_bytes)
        except IngestError as exc:
            errors.append(LoadError(path, str(exc)))
            continue
        key = record_key(data, report_format(path))
        hashed.append((absolute[path], signatures[absolute[path]], key))
        reports.append(_Report(path, info.st_size, key, data))
    store.remember_files(hashed)
    return reports, errors


def _stream(
    files: Sequence[str],
    settings: AnalysisSettings,
    store: AnalysisCache | None,
    jobs: int | None,
    announce_scan: bool,
    isolate: bool,
    cancellation: Cancellation,
) -> Iterator[DocumentAnalysis | LoadError | ScanDone]:
    fingerprint = analysis_fingerprint(settings) if store is not None else ""
    analyzer: Analyzer | None = None
    pool: ProcessPoolExecutor | None = None
    running: dict[Future, _Report] = {}

    def get_analyzer() -> Analyzer:
        nonlocal analyzer
        if analyzer is None:
            analyzer = Analyzer(settings)
        return analyzer

    def kept(key: bytes, record: Record, path: str) -> DocumentAnalysis:
        """Store a fresh record and return its analysis in the compact form a cached one has.

        Thousands of fresh analyses stay in memory as the collection grows:
        compressed sentences and shared term strings keep that small.
        """
        assert store is not None, "only analyses for the cache are encoded"
        store.store(fingerprint, key, record)
        shared = replace(record, terms=tuple(map(sys.intern, record.terms)))
        return decode_analysis(shared, path)

    def here(report: _Report) -> DocumentAnalysis | LoadError:
        if store is None:
            outcome = analyze_report(get_analyzer, report.path, report.data, settings.max_bytes)
            return outcome if isinstance(outcome, LoadError) else outcome[1]
        encoded = analyze_to_record(get_analyzer, report.path, report.key, report.data, settings.max_bytes)
        return encoded if isinstance(encoded, LoadError) else kept(*encoded, report.path)

    def collect(future: Future) -> DocumentAnalysis | LoadError | None:
        """The outcome of a finished report; None when the analysis was cancelled."""
        report = running.pop(future)
        try:
            outcome = future.result()
        except BrokenExecutor:
            if cancellation.cancelled:
                return None
            # A worker died (killed, out of memory): analyse its reports here.
            return here(report)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
            return internal_error(report.path, exc)
        return kept(*outcome, report.path) if isinstance(outcome, tuple) else outcome

    # First what the cache holds, so that a consumer shows those at once.
    misses: list[_Report] = []
    miss_bytes = held_bytes = 0
    with paused_collector():
        for start in range(0, len(files), _SCAN_BATCH):
            reports, errors = _scan(files[start : start + _SCAN_BATCH], settings.max_bytes, store)
            yield from errors
            records = store.lookup(fingerprint, list({r.key for r in reports})) if store is not None else {}
            for report in reports:
                record = records.get(report.key)
                if record is not None:
                    try:
                        yield decode_analysis(record, report.path)
                        continue
                    except ValueError:
                        pass  # damaged: analyse again, and the new record replaces it
                miss_bytes += report.size
                if report.data is not None and held_bytes + len(report.data) <= _HELD_BYTES:
                    held_bytes += len(report.data)
                    misses.append(report)
                else:
                    # Read when analysed, and keyed by what is read then.
                    misses.append(_Report(report.path, report.size))
        # Still paused: a consumer keeping what it was given (see ``keep``)
        # does so before the collector resumes and scans it.
        if announce_scan:
            yield ScanDone(len(misses))

    workers = resolve_jobs(jobs, len(misses))
    try:
        if misses and (isolate or (workers > 1 and miss_bytes >= POOL_MIN_BYTES)):
            pool = start_pool(settings, workers)
            cancellation.watch(pool)
        for position, report in enumerate(misses):
            if cancellation.cancelled:
                return
            if pool is None:
                yield here(report)
                continue
            try:
                with signals_blocked_for_children():
                    future = pool.submit(
                        analyze_in_worker, report.path, report.key, report.data, settings.max_bytes, store is not None
                    )
                running[future] = report
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
