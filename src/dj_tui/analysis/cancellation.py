"""Stopping an analysis from another thread (the dashboard's Esc and quit).

Kept apart from ``pipeline`` so that the dashboard can hold one before it
imports the analysis (its first frame comes first).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


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

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            pool = self._pool
        if pool is not None:
            kill_workers(pool)

    def watch(self, pool: ProcessPoolExecutor | None) -> None:
        """The pool whose workers ``cancel`` kills (None once it is shut down)."""
        with self._lock:
            self._pool = pool
            cancelled = self._cancelled
        if pool is not None and cancelled:
            kill_workers(pool)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
        return
    # Before 3.14 the executor offers no way to stop a task that has started.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):
            pass  # it is gone already
