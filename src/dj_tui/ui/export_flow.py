"""e: save what is on screen as a file: the open report, the active tab's region, or every region on 总览.

The export window (``screens.export``) picks the format; a worker thread
builds and writes the file (``analysis.briefing_file``) and only posts
``ExportFinished``, whose handler (``announce_export``) says where it went.
The file of every region is the one ``summarize --format … --output`` writes.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from dj_tui.analysis import briefing_file
from dj_tui.analysis.collection.cross_region import CrossRegionView, cross_region_view
from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import CollectionResult
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.screens.export import ExportScreen
from dj_tui.ui.widgets.region_pane import RegionPane

if TYPE_CHECKING:
    from dj_tui.ui.app import DashboardApp


class ExportFinished(Message):
    """The export worker wrote ``path``, or could not (``reason``, one line)."""

    def __init__(self, path: str, reason: str | None) -> None:
        super().__init__()
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ExportView:
    """The part of the collection on screen, and how a file of it is named and described."""

    part: CollectionResult
    cross: CrossRegionView
    subject: str | None  # names the file: a report's title, a region's name; None: every region
    what: str  # in the export window's title and the palette


def view_to_export(app: DashboardApp) -> ExportView | None:
    """What ``e`` saves now, or None when there is nothing to save."""
    collection = app.collection
    pane = app.active_pane()
    if isinstance(pane, RegionPane) and pane.open_report is not None:
        report = pane.open_report
        part = briefing_file.report_part(collection, report.path)
        # The report's own initiatives, not its region's.
        return ExportView(part, cross_region_view(part), heading_title(report.analysis), text("export.report"))
    if isinstance(pane, RegionPane) and any(group.name == pane.region_name for group in collection.regions):
        part = briefing_file.region_part(collection, pane.region_name)
        what = text("export.region", region=visible(pane.region_name))
        return ExportView(part, app.cross_region, pane.region_name, what)
    if collection.reports:
        return ExportView(collection, app.cross_region, None, text("export.collection"))
    return None


def start_export(app: DashboardApp) -> None:
    """Open the export window for what is on screen, unless the export directory is a data directory."""
    view = view_to_export(app)
    if view is None:
        return
    directory = Path(app.config.export_dir).resolve()
    refusal = briefing_file.refusal(directory, app.paths)
    if refusal is not None:
        message = text("toast.export_refused", dir=visible(str(directory)), given=visible(refusal.given))
        app.notify(message, severity="error", markup=False)
        return

    def chosen(file_format: str | None) -> None:
        if file_format is not None:
            app.run_worker(lambda: _write(app, view, file_format, directory), thread=True, group="export")

    app.push_screen(ExportScreen(view.what, str(directory), app.config.keymap), chosen)


def _write(app: DashboardApp, view: ExportView, file_format: str, directory: Path) -> None:
    """In a worker thread: build the file and write it under a new name; only posts what happened."""
    made = datetime.now()
    name = briefing_file.file_name(file_format, view.subject, made)
    data = briefing_file.briefing_bytes(file_format, view.part, view.cross, made.date())
    try:
        path = briefing_file.write_new(directory, name, data)
    except OSError as exc:
        app.post_message(ExportFinished(str(directory / name), _reason(exc)))
    else:
        app.post_message(ExportFinished(str(path), None))


# The reasons an office meets, in the dashboard's language; others as the system words them.
_REASONS = {
    errno.EACCES: "export.permission_denied",
    errno.EPERM: "export.permission_denied",
    errno.EROFS: "export.read_only",
    errno.ENOSPC: "export.disk_full",
    errno.EDQUOT: "export.disk_full",
}


def _reason(exc: OSError) -> str:
    message_id = _REASONS.get(exc.errno or 0)
    return text(message_id) if message_id else (exc.strerror or type(exc).__name__).lower()


def announce_export(app: DashboardApp, message: ExportFinished) -> None:
    """The toast for a finished export: the full path written, or the file and why it could not be."""
    path = visible(message.path)
    if message.reason is None:
        app.notify(text("toast.exported", path=path), markup=False)
    else:
        app.notify(text("toast.export_failed", path=path, reason=message.reason), severity="error", markup=False)
