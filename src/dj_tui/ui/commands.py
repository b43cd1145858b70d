"""ctrl+p: the command palette's dashboard commands (open report, switch region, copy, full text)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

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
