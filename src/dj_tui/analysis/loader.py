"""The one way from paths to a collection, for the dashboard and ``summarize`` alike.

``load_collection`` finds the reports, reads what the cache holds, analyses
the rest and yields what a consumer shows: ``LoadStarted``, ``LoadProgress``,
``CollectionSnapshot`` (reports, errors, regions, the cross-region view and
the search index) and, last, ``LoadFinished``. ``summarize`` keeps the last
snapshot; the dashboard's worker turns each event into a message.

An incremental load (the dashboard) posts a snapshot once the cache has given
all it holds, then more as fresh analyses come in, never more often than
rebuilding costs little next to the analysis itself; a plain one builds the
collection once, at the end.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from dj_tui.analysis import pipeline
from dj_tui.analysis.cancellation import Cancellation
from dj_tui.analysis.collection.build import build_collection, paused_collector
from dj_tui.analysis.collection.cross_region import cross_region_view
from dj_tui.analysis.engine import analysis_fingerprint
from dj_tui.analysis.load_events import (
    AnalyzeFn,
    CollectionSnapshot,
    LoadEvent,
    LoadFinished,
    LoadProgress,
    LoadStarted,
)
from dj_tui.analysis.models import DocumentAnalysis, LoadError
from dj_tui.analysis.search import SearchIndex
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.stages.ingest import discover
from dj_tui.analysis.store.damage import Warn, warn_on_stderr
from dj_tui.analysis.store.database import AnalysisCache
from dj_tui.analysis.store.fulltext import CacheSearch
from dj_tui.analysis.store.location import cache_dir, open_cache

PROGRESS_INTERVAL = 0.1  # seconds between progress events
# An incremental load rebuilds the collection at most this often, and never
# more often than REBUILD_COST_FACTOR times what the last rebuild took, so
# that rebuilding stays a small share of the time however large it grows.
MIN_REBUILD_INTERVAL = 0.25
REBUILD_COST_FACTOR = 4


def cache_location(configured_dir: str | None, *, enabled: bool) -> Path | None:
    """Where the cache is (``[cache] dir``, $DJ_TUI_CACHE_DIR winning), or None when it is off."""
    return cache_dir(configured_dir) if enabled else None


def load_collection(
    paths: Sequence[str],
    settings: AnalysisSettings,
    overrides: Sequence[Override] = (),
    *,
    cache_dir: Path | None,
    jobs: int | None = None,
    incremental: bool = False,
    cancellation: Cancellation | None = None,
    warn: Warn = warn_on_stderr,
    analyze: AnalyzeFn | None = None,
) -> Iterator[LoadEvent]:
    """Load the reports under ``paths``; the cache in ``cache_dir`` (None: none).

    ``incremental`` (the dashboard): analyse in worker processes, post a
    snapshot whenever there is more to show, keep a search index, and keep
    each collection out of the garbage collector's sight. Otherwise one
    snapshot comes at the end, without a search index.
    ``cancellation``: cancelled from another thread, the load ends at once
    with what it has (``LoadFinished.cancelled``). A report whose analysis
    fails, or a failure of the load itself, becomes an error of the
    collection; nothing else is lost.
    """
    cancellation = cancellation or Cancellation()
    cache = open_cache(cache_dir, warn=warn) if cache_dir is not None and analyze is None else None
    try:
        yield from _load(paths, settings, overrides, cache, jobs, incremental, cancellation, analyze)
    finally:
        if cache is not None:
            cache.close()


def _load(
    paths: Sequence[str],
    settings: AnalysisSettings,
    overrides: Sequence[Override],
    cache: AnalysisCache | None,
    jobs: int | None,
    incremental: bool,
    cancellation: Cancellation,
    analyze: AnalyzeFn | None,
) -> Iterator[LoadEvent]:
    files, errors = discover(paths, settings.patterns)
    yield LoadStarted(len(files))
    analyses: list[DocumentAnalysis] = []
    index: SearchIndex | None = None
    if incremental:
        fingerprint = analysis_fingerprint(settings) if cache is not None else ""
        index = SearchIndex(CacheSearch.open(cache, fingerprint) if cache is not None else None)
    if analyze is not None:
        items: Iterable[DocumentAnalysis | LoadError | pipeline.ScanDone] = analyze(files, settings)
    else:
        items = pipeline.analyze_iter(
            files,
            settings,
            cache=cache,
            jobs=jobs,
            announce_scan=True,
            isolate=incremental,
            cancellation=cancellation,
        )
    done = 0
    next_progress = time.monotonic()
    # Until the cache has given all it holds (which takes a second even for
    # ten thousand reports) nothing is rebuilt: one snapshot comes when it
    # has, then more as fresh analyses come in.
    scanned = analyze is not None
    next_build = next_progress
    shown = -1  # how many results the last snapshot had

    def snapshot(*, complete: bool) -> CollectionSnapshot:
        nonlocal next_build, shown
        shown = len(analyses) + len(errors)
        started = time.monotonic()
        with paused_collector(keep=incremental):
            collection = build_collection(
                analyses, errors, settings, overrides, cache=cache, remember=complete
            )
            cross_region = cross_region_view(collection)
        cost = time.monotonic() - started
        next_build = time.monotonic() + max(MIN_REBUILD_INTERVAL, REBUILD_COST_FACTOR * cost)
        return CollectionSnapshot(collection, cross_region, index)

    try:
        for item in items:
            if isinstance(item, pipeline.ScanDone):
                scanned = True
                yield LoadProgress(done, len(files))
                if incremental and (analyses or errors):
                    yield snapshot(complete=not item.left)
                continue
            if isinstance(item, LoadError):
                errors.append(item)
            else:
                analyses.append(item)
                if index is not None:
                    index.add_report(item)
            done += 1
            now = time.monotonic()
            if now >= next_progress:
                yield LoadProgress(done, len(files))
                next_progress = now + PROGRESS_INTERVAL
            if incremental and scanned and now >= next_build:
                yield snapshot(complete=False)
            if cancellation.cancelled:
                break
    except Exception as exc:  # noqa: BLE001 - a bug met on one odd file must not lose the rest
        errors.append(LoadError(", ".join(paths), f"analysis stopped: {type(exc).__name__}: {exc}"))
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            # Stops its worker processes at once and stores what finished.
            close()
    cancelled = cancellation.cancelled
    yield LoadProgress(done, len(files))
    if shown != len(analyses) + len(errors):
        yield snapshot(complete=not cancelled)
    yield LoadFinished(done, len(files), cancelled)
