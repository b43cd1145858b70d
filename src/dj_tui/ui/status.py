"""The status line's words for the dashboard's state.

Its width is fixed (app.tcss: narrower while the progress bar shows), so a
new status costs no layout of the screen; every state fits it at 80 columns
in both languages (tests/test_ui_export.py checks each combination).
"""

from __future__ import annotations

from typing import Protocol

from dj_tui.analysis.models import CollectionResult, ReportResult
from dj_tui.strings import text


class DashboardState(Protocol):
    """What the status line tells of (the dashboard's attributes)."""

    running: bool
    cancelled: bool
    done: int
    total: int
    collection: CollectionResult
    reports: dict[str, ReportResult]
    matches: frozenset[str] | None  # None: no search


def status_line(state: DashboardState) -> str:
    collection = state.collection
    found = None if state.matches is None else len(state.matches & state.reports.keys())
    if state.running:
        # While a search is shown Esc clears it first, so the line does not offer Esc to cancel.
        message_id = "status.analysing" if found is None else "status.analysing_found"
        line = text(message_id, done=state.done, total=state.total)
    elif state.cancelled:
        # What was read, not the collection's counts: the tabs show those, and r resumes.
        line = text("status.cancelled_at", done=state.done, total=state.total)
    else:
        line = text("status.collection", reports=len(collection.reports), regions=len(collection.regions))
    if collection.errors and not state.running:
        line = text("status.failed", rest=line, failed=len(collection.errors))
    if found is not None:
        line = text("status.found", found=found, rest=line)
    return line
