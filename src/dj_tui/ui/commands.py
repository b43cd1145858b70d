"""ctrl+p: the command palette's dashboard commands (open report, switch region, copy, export, full text)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from dj_tui.analysis import export
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.export_flow import view_to_export
from dj_tui.ui.widgets.region_pane import RegionPane

if TYPE_CHECKING:
    from dj_tui.ui.app import DashboardApp


@dataclass(frozen=True)
class PaletteCommand:
    title: str  # may hold report text: always shown as plain Content, never markup
    help: str
    run: Callable[[], Awaitable[None] | None]
    # Listed before anything is typed; the commands for every report are only
    # searched, so a large collection does not flood the empty palette.
    discoverable: bool = True


class DashboardCommands(Provider):
    def _commands(self) -> list[PaletteCommand]:
        return cast("DashboardApp", self.app).palette_commands()

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discoverable:
                yield DiscoveryHit(Content(command.title), command.run, text=command.title, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, Content(command.title), command.run, text=command.title, help=command.help)


def dashboard_commands(app: DashboardApp) -> list[PaletteCommand]:
    """What ctrl+p offers on the dashboard now: commands for what is on screen, then regions and reports."""
    commands = []
    pane = app.active_pane()
    if isinstance(pane, RegionPane) and pane.open_report is not None:
        commands += [
            PaletteCommand(text("palette.copy_summary"), text("palette.copy_summary_help"), app.action_copy),
            PaletteCommand(
                text("palette.toggle_text"), text("palette.toggle_text_help"), app.action_toggle_text
            ),
        ]
    elif isinstance(pane, RegionPane):
        region_help = text("palette.copy_region_help", region=visible(pane.region_name))
        commands.append(PaletteCommand(text("palette.copy_region"), region_help, app.action_copy))
    elif app.collection.reports:
        commands.append(
            PaletteCommand(text("palette.copy_collection"), text("palette.copy_collection_help"), app.action_copy)
        )
    view = view_to_export(app)
    if view is not None:
        export_help = text("palette.export_help", what=view.what)
        commands.append(PaletteCommand(text("palette.export"), export_help, app.action_export))
    commands.append(PaletteCommand(text("palette.search"), text("palette.search_help"), app.action_focus_search))
    commands.append(
        PaletteCommand(text("palette.pick_region"), text("palette.pick_region_help"), app.action_pick_region)
    )
    if app.running:
        commands.append(PaletteCommand(text("palette.cancel"), text("palette.cancel_help"), app.cancel_analysis))
    elif app.cancelled:
        commands.append(PaletteCommand(text("palette.resume"), text("palette.resume_help"), app.action_refresh))
    else:
        commands.append(PaletteCommand(text("palette.refresh"), text("palette.refresh_help"), app.action_refresh))
    commands += [
        PaletteCommand(text("palette.help"), text("palette.help_help"), app.action_help),
        PaletteCommand(text("palette.quit"), text("palette.quit_help"), app.action_quit),
    ]
    for group in app.collection.regions:
        commands.append(
            PaletteCommand(
                text("palette.region", region=visible(group.name)),
                text("palette.region_help", count=len(group.reports)),
                lambda name=group.name: app.show_region(name),
            )
        )
    for report in app.collection.reports:
        title = export.heading_title(report.analysis)
        commands.append(
            PaletteCommand(
                text("palette.report", title=visible(title)),
                visible(report.path),
                lambda path=report.path: app.open_report(path),
                discoverable=False,
            )
        )
    return commands
