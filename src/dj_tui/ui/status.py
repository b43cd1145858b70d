"""The status line's words for the dashboard's state.

Its width is fixed (app.tcss: narrower while the progress bar shows), so a
new status costs no layout of the screen; every state fits it at 80 columns
in both languages (tests/test_ui_export.py checks each combination).
"""

from __future__ import annotations

from typing import Protocol

from rich.cells import cell_len

from dj_tui.analysis.collection.dates import DateFilter, FilteredCollection
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
    date_filter: DateFilter
    narrowed: FilteredCollection  # what the date filter left, and what it set aside


def status_line(state: DashboardState, cells: int) -> str:
    """The fullest line that fits ``cells``: a detail the tabs or headers also show is left out first."""
    details = ((True, True, True), (True, False, True), (False, False, True), (False, False, False))
    lines = [_line(state, *shown) for shown in details]
    return next((line for line in lines if cell_len(line) <= cells), lines[-1])


def _line(state: DashboardState, failures: bool, undated: bool, filtered: bool) -> str:
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
    if failures and collection.errors and not state.running:
        # Also on the 错误 tab's label.
        line = text("status.failed", rest=line, failed=len(collection.errors))
    if filtered and state.date_filter.active:
        # The filter and the undated reports it set aside are also in each region's header.
        if undated and state.narrowed.undated:
            line = text("status.set_aside", rest=line, undated=state.narrowed.undated)
        line = text("status.filtered", rest=line)
    if found is not None:
        line = text("status.found", found=found, rest=line)
    return line
