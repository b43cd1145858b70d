"""From files to a collection result.

Analysis happens in two stages so that the expensive one can be cached and
parallelised:

1. ``analyzer.Analyzer`` works on one report alone (cleaning, region,
   figures, summary, keyphrase candidates) and returns a ``DocumentAnalysis``.
   ``analyze_iter`` runs it over files: results already in the persistent
   cache (``cache.py``) are read back, the rest are analysed, in a process
   pool when there is enough work, and stored.
2. ``build_collection`` ranks keyphrases against document frequency over the
   whole collection, applies per-file overrides and rolls reports up into
   regions. It always runs from the per-report results (or reads back the
   ranking of exactly these reports), so a cached run gives the same output
   as a run from scratch.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.util
import os
import re
import stat
import sys
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dj_tui.analysis import keyphrases, region
from dj_tui.analysis.analyzer import Analyzer, analyze_path, internal_error, is_markdown, read_bytes
from dj_tui.analysis.cache import (
    AnalysisCache,
    Record,
    decode_analysis,
    encode_analysis,
    figure_scores,
    file_signature,
    open_default_cache,
    record_key,
    split_term_counts,
)
from dj_tui.analysis.cancellation import Cancellation
from dj_tui.analysis.ingest import discover
from dj_tui.analysis.models import (
    CollectionResult,
    DocumentAnalysis,
    Keyword,
    LoadError,
    Region,
    RegionGroup,
    ReportResult,
)
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.worker_pool import (
    analyze_in_worker,
    resolve_jobs,
    signals_blocked_for_children,
    start_pool,
    stop_pool,
)

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Bump whenever a change to the analysis changes its output, so that cached
# results from an older engine are not reused. (The cache also keys on a
# digest of the engine's source, so a forgotten bump costs re-analysis at
# worst, never a stale result.)
ENGINE_VERSION = "2"

UNKNOWN_REGION = "未识别地区"

# Settings that change a report's own analysis, and so its cache key; the
# others only act in the collection stage (or on which files are read).
PER_REPORT_SETTINGS = ("summary_sentences", "figures_per_report", "user_dicts", "stopword_files", "builtin_stopwords")
COLLECTION_SETTINGS = ("patterns", "max_file_mb", "keywords_per_report", "group_by")
_FILE_LIST_SETTINGS = ("user_dicts", "stopword_files")
# Modules of this package whose code cannot change a report's own analysis.
# (The per-report analysis itself is ``analyzer.py`` and the stages it calls.)
_NOT_ENGINE = frozenset(
    {"__init__.py", "cache.py", "cancellation.py", "export.py", "pipeline.py", "search.py", "worker_pool.py"}
)

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


@contextmanager
def paused_collector(*, keep: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building millions of small objects.

    Reading ten thousand cached reports back allocates millions of tuples,
    strings and dataclasses, none in a reference cycle; each allocation
    burst sets off the collector, which then scans all of them again and
    again: it doubled the time of a cached load. Refcounting still frees
    everything; the collector resumes (if it ran before) on leaving.

    ``keep``: what was built lives on (the dashboard's collection). On
    resuming, the collector would scan every object made meanwhile, to free
    none (a third of a second at ten thousand reports), and again in every
    later full collection (a pause of over 100 ms on a keystroke at 1,000
    reports); instead they leave its sight (``gc.freeze``) until
    ``gc.unfreeze``.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()


@functools.cache
def engine_digest() -> str:
    """A digest of the analysis code, its resources and jieba's version.

    Part of every cache key: results of any other engine are never read back.
    """
    package = Path(__file__).parent
    digest = hashlib.sha256()
    sources = sorted(p for p in package.glob("*.py") if p.name not in _NOT_ENGINE)
    resources = sorted(p for p in (package / "resources").iterdir() if p.is_file())
    for path in sources + resources:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(_jieba_version().encode())
    return digest.hexdigest()[:16]


def _jieba_version() -> str:
    """jieba's __version__, read from its source: importing jieba takes a second."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return "unknown"
    with open(spec.origin, encoding="utf-8") as handle:
        match = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)", handle.read(), re.MULTILINE)
    return match.group(1) if match else "unknown"


def analysis_fingerprint(settings: AnalysisSettings) -> str:
    """What a cached analysis depends on besides the report's bytes.

    The engine (ENGINE_VERSION and ``engine_digest``) and the per-report
    settings; user dictionaries and stopword files by their content, so
    editing one re-analyses.
    """
    parts = [f"engine={ENGINE_VERSION}/{engine_digest()}"]
    for name in PER_REPORT_SETTINGS:
        value = getattr(settings, name)
        if name in _FILE_LIST_SETTINGS:
            value = [_file_digest(path) for path in value]
        parts.append(f"{name}={value!r}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        # The Analyzer reports the file; the key only has to differ.
        return f"unreadable {path}: {exc.strerror}"


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
        outcome = analyze_path(get_analyzer, path, settings.max_bytes)
        if isinstance(outcome, LoadError):
            return outcome
        key, analysis = outcome
        try:
            record = encode_analysis(analysis, settings.figures_per_report)
        except Exception as exc:  # noqa: BLE001 - one report's failure is that report's error
            return internal_error(path, exc)
        return kept(key, record, path)

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


def build_collection(
    analyses: Sequence[DocumentAnalysis],
    errors: Sequence[LoadError],
    settings: AnalysisSettings,
    overrides: Sequence[Override] = (),
    *,
    cache: AnalysisCache | None = None,
    remember: bool = True,
) -> CollectionResult:
    """Rank keyphrases over the collection, apply overrides and group by region.

    With a ``cache``, the ranking of a collection of exactly these reports
    is read back from it (it takes over a second at ten thousand reports),
    and with ``remember`` a new one is stored; a collection being analysed
    passes ``remember=False`` until it is complete.
    """
    with paused_collector():
        ordered = sorted((apply_overrides(a, overrides) for a in analyses), key=lambda a: a.path)
        ranked = _ranked_keywords(ordered, settings, cache, remember)
        reports = tuple(
            ReportResult(analysis=a, keywords=tuple(keywords)) for a, keywords in zip(ordered, ranked)
        )
        return CollectionResult(
            reports=reports,
            regions=group_regions(reports, settings),
            errors=tuple(sorted(errors, key=lambda e: e.path)),
        )


def _ranked_keywords(
    ordered: Sequence[DocumentAnalysis], settings: AnalysisSettings, cache: AnalysisCache | None, remember: bool
) -> list[list[Keyword]]:
    """``keyphrases.rank_collection`` of the reports, or the same read back from the cache.

    A ranking depends on the reports' keyphrase candidates alone, and those
    on each report's text, its format and the analysis fingerprint: the
    ranking is stored under a digest of these and the keyword limit, and
    per report under its text's digest and format.
    """
    if cache is None:
        return keyphrases.rank_collection(
            [split_term_counts(a.term_counts) for a in ordered], settings.keywords_per_report
        )
    keys = [f"{a.content_hash}:{'md' if is_markdown(a.path) else 'txt'}".encode() for a in ordered]
    digest = hashlib.sha256(f"{analysis_fingerprint(settings)}\0{settings.keywords_per_report}".encode())
    for key in sorted(keys):
        digest.update(key + b"\0")
    name = digest.digest()
    stored = cache.ranking(name)
    if stored is not None and all(key in stored for key in keys):
        return [[Keyword(term, score) for term, score in stored[key]] for key in keys]
    ranked = keyphrases.rank_collection(
        [split_term_counts(a.term_counts) for a in ordered], settings.keywords_per_report
    )
    if remember:
        cache.store_ranking(
            name, {key: tuple((k.term, k.score) for k in keywords) for key, keywords in zip(keys, ranked)}
        )
    return ranked


def region_key(region: Region, group_by: str) -> tuple[str, str]:
    """The (name, level) of the group a report belongs to."""
    if group_by == "city" and region.city:
        return region.city, "city"
    if region.province:
        return region.province, "province"
    return UNKNOWN_REGION, "unknown"


def group_regions(reports: Sequence[ReportResult], settings: AnalysisSettings) -> tuple[RegionGroup, ...]:
    members: dict[tuple[str, str], list[ReportResult]] = defaultdict(list)
    for report in reports:
        members[region_key(report.analysis.region, settings.group_by)].append(report)
    limit = settings.figures_per_report or None
    groups = []
    for (name, level), group in members.items():
        # The best of the reports' headline figures, the earlier first among
        # equals (the sort is stable), chosen by score before any is built
        # (a cached report's are decoded only when read).
        scores: list[float] = []
        starts: list[int] = []  # where each report's scores start in ``scores``
        for report in group:
            starts.append(len(scores))
            scores.extend(figure_scores(report.analysis.figures, limit))
        best = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:limit]
        top_figures = []
        for flat in best:
            position = bisect_right(starts, flat) - 1
            top_figures.append(group[position].analysis.figures[flat - starts[position]])
        groups.append(
            RegionGroup(
                name=name,
                level=level,
                reports=tuple(r.path for r in group),
                keywords=tuple(
                    keyphrases.aggregate_keywords(
                        [r.keywords for r in group], settings.keywords_per_report
                    )
                ),
                figures=tuple(top_figures),
            )
        )
    # Most reports first; the unknown group last; then by name for a stable order.
    groups.sort(key=lambda g: (g.level == "unknown", -len(g.reports), g.name))
    return tuple(groups)


def apply_overrides(analysis: DocumentAnalysis, overrides: Sequence[Override]) -> DocumentAnalysis:
    for override in overrides:
        if not override.matches(analysis.path):
            continue
        metadata = analysis.metadata
        if override.title is not None:
            metadata = replace(metadata, title=override.title, subtitle=None)
        if override.date is not None:
            metadata = replace(metadata, date=override.date)
        detected = analysis.region
        if override.region is not None:
            detected = region.region_from_name(override.region)
        analysis = replace(analysis, metadata=metadata, region=detected)
    return analysis


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
