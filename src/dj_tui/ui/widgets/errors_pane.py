"""The 错误 tab: every file that could not be read, with the reason."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, TabPane

from dj_tui.analysis.models import LoadError
from dj_tui.printable import visible
from dj_tui.strings import text


def errors_label(count: int) -> Content:
    return Content(text("tab.errors", count=count))


class ErrorsPane(TabPane):
    def __init__(self, *, id: str) -> None:
        super().__init__(errors_label(0), id=id)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="errors-list")

    def focus_list(self) -> None:
        """Focus the list of errors (it scrolls with the keys)."""
        self.query_one(VerticalScroll).focus()

    def show_errors(self, errors: Sequence[LoadError]) -> None:
        listing = Text()
        listing.append(text("errors.unreadable", count=len(errors)) + "\n\n", "bold")
        for error in errors:
            listing.append(visible(error.path), "bold")
            # The reason as the analysis gives it (English, as summarize prints it).
            listing.append(f"\n  {visible(error.message)}\n")
        listing.rstrip()
        self.query_one("#errors-list", Static).update(listing)
