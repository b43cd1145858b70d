"""The process pool that analyses reports in parallel, and how it stops.

Workers are spawned (forking a process that runs threads can copy a held
lock and deadlock the child), each builds one ``Analyzer`` (jieba and the
user dictionaries load once per process), ignores ctrl+c (the main process
handles it) and ends by itself when the main process dies. A pool stopped
early abandons the reports still being analysed: their workers are killed,
so that neither Esc, ctrl+q nor ctrl+c waits for a slow report.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING

from dj_tui.analysis.cancellation import kill_workers
from dj_tui.analysis.models import DocumentAnalysis, LoadError
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.analyzer import Analyzer, analyze_report, internal_error
from dj_tui.analysis.stages.file_formats import report_format
from dj_tui.analysis.store.database import AnalysisCache
from dj_tui.analysis.store.records import Record, encode_analysis, record_key

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def resolve_jobs(jobs: int | None, files: int) -> int:
    """Worker processes for ``files`` reports: as asked, at most one per CPU and per file.

    More processes than CPUs only compete for them, and each holds its own
    jieba dictionary (about 100 MB).
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        cpus = os.cpu_count() or 1
    return max(1, min(jobs or cpus, cpus, files))


def stop_pool(
    pool: ProcessPoolExecutor, running: Collection[Future], store: AnalysisCache | None, fingerprint: str
) -> None:
    """Shut the pool down; a report still being analysed is abandoned, what finished is stored."""
    if running:
        # Stopped early. A worker would finish its report first, and the
        # interpreter's exit waits for it: a slow report would hold up Esc,
        # ctrl+q and ctrl+c. (Again, after a cancellation killed what it
        # saw: a worker spawned meanwhile is known by now. And before the
        # shutdown, which forgets the processes.)
        kill_workers(pool)
    pool.shutdown(wait=True, cancel_futures=True)
    if store is None:
        return
    for future in running:
        if future.done() and not future.cancelled() and future.exception() is None:
            outcome = future.result()
            if isinstance(outcome, tuple):
                store.store(fingerprint, *outcome)


@contextmanager
def signals_blocked_for_children() -> Iterator[None]:
    """Block SIGINT while a pool spawns its workers (they are spawned on submit).

    A child inherits the signal mask, so a ctrl+c that reaches the whole
    process group while a worker is still importing cannot make it print a
    traceback; the worker then ignores SIGINT for good (``_start_worker``)
    and this process alone handles it.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# Each pool worker builds one Analyzer (jieba and the user dictionaries load
# once per process) in the initializer.
_worker_analyzer: Analyzer | None = None


def _start_worker(settings: AnalysisSettings, quiet: bool) -> None:
    global _worker_analyzer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if quiet:
        # The terminal belongs to the dashboard: a stray warning would land in
        # the middle of its screen. (Every error reaches it as a result.)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    threading.Thread(target=_exit_with_parent, name="dj-tui-parent-watch", daemon=True).start()
    _worker_analyzer = Analyzer(settings)


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone (``kill -9`` included).

    The pool's queues cannot tell: every worker holds both ends of them. The
    parent's sentinel is a pipe only the parent writes to, so it reads as
    closed the moment the parent dies.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    wait([parent.sentinel])
    os._exit(1)


def _worker_get_analyzer() -> Analyzer:
    assert _worker_analyzer is not None, "the pool initializer builds the analyzer"
    return _worker_analyzer


def analyze_to_record(
    get_analyzer: Callable[[], Analyzer], path: str, key: bytes | None, data: bytes | None, max_bytes: int
) -> tuple[bytes, Record] | LoadError:
    """One report's cache key and record, or why it has none.

    ``key`` and ``data``: the report's key and bytes when the cache lookup
    read them, else None (the file is read and its key computed here).
    """
    outcome = analyze_report(get_analyzer, path, data, max_bytes)
    if isinstance(outcome, LoadError):
        return outcome
    data, analysis = outcome
    try:
        record = encode_analysis(analysis)
    except Exception as exc:  # noqa: BLE001 - one report's failure is that report's error
        return internal_error(path, exc)
    return key or record_key(data, report_format(path)), record


def analyze_in_worker(
    path: str, key: bytes | None, data: bytes | None, max_bytes: int, for_cache: bool
) -> tuple[bytes, Record] | DocumentAnalysis | LoadError:
    """Analyse in a pool worker.

    For the cache, the encoded record (smaller to send back than the
    analysis, and the worker computes its full-text tokens); without a
    cache, the analysis itself.
    """
    if for_cache:
        return analyze_to_record(_worker_get_analyzer, path, key, data, max_bytes)
    outcome = analyze_report(_worker_get_analyzer, path, data, max_bytes)
    return outcome if isinstance(outcome, LoadError) else outcome[1]


def start_pool(settings: AnalysisSettings, jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    quiet = not _has_real_stderr()
    # The pool's queues start multiprocessing's resource tracker, which hands
    # the tracker process ``sys.stderr.fileno()``: inside the dashboard that is
    # Textual's stand-in, whose descriptor is -1, and spawning fails ("bad
    # value(s) in fds_to_keep"). The tracker gets /dev/null there instead.
    with open(os.devnull, "w") if quiet else nullcontext(sys.stderr) as tracker_stderr:
        saved, sys.stderr = sys.stderr, tracker_stderr
        try:
            # "spawn": forking a process that runs threads (the dashboard
            # analyses from a worker thread) can copy a held lock and
            # deadlock the child.
            return ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(settings, quiet),
            )
        finally:
            sys.stderr = saved


def _has_real_stderr() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False
