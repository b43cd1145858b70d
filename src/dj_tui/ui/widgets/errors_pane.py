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


def errors_label(count: int) -> Content:
    return Content(f"错误 {count}")


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
        text = Text()
        text.append(f"{len(errors)} file(s) could not be read:\n\n", "bold")
        for error in errors:
            text.append(visible(error.path), "bold")
            text.append(f"\n  {visible(error.message)}\n")
        text.rstrip()
        self.query_one("#errors-list", Static).update(text)
