"""Stopping an analysis from another thread (the dashboard's Esc and quit).

Kept apart from ``pipeline`` so that the dashboard can hold one before it
imports the analysis (its first frame comes first).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.process import BaseProcess


class Cancellation:
    """Stops a running ``analyze_iter`` from another thread, at once.

    The reports being analysed in worker processes are abandoned (their
    processes killed), so neither Esc nor quitting waits for a slow report;
    what finished before is kept in the cache. The stream then ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._pool: ProcessPoolExecutor | None = None
        # Every worker seen: a worker spawned while ``cancel`` ran is killed
        # by the next ``watch`` (after the submit that spawned it).
        self._workers: set[BaseProcess] = set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._pool is not None:
                self._workers.update(_processes_of(self._pool))
            workers = list(self._workers)
        _kill(workers)

    def watch(self, pool: ProcessPoolExecutor | None) -> None:
        """Note the pool's workers, again after each submit (None once it is shut down); kill them if cancelled."""
        with self._lock:
            self._pool = pool
            if pool is None:
                self._workers.clear()
                return
            self._workers.update(_processes_of(pool))
            workers = list(self._workers) if self._cancelled else []
        _kill(workers)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (what the executor has no way to do before Python 3.14)."""
    _kill(_processes_of(pool))


def _processes_of(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    return list((getattr(pool, "_processes", None) or {}).values())


def _kill(workers: list[BaseProcess]) -> None:
    for process in workers:
        try:
            process.kill()
        except (OSError, ValueError):
            pass  # it is gone already
