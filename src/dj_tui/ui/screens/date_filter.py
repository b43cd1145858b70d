"""``d``: set or clear the date filter (since, until); Esc leaves it as it was.

The screen returns the new ``DateFilter`` (an inactive one to clear it), or
None when cancelled. What it does not accept it says on its own line,
without closing.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from dj_tui.analysis.collection.dates import DateFilter, date_problem
from dj_tui.keymap import DATE_FILTER
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.keys import bindings_for, localize_bindings


class DateFilterScreen(ModalScreen[DateFilter | None]):
    CSS_PATH = "date_filter.tcss"
    BINDINGS = bindings_for(DATE_FILTER)

    def __init__(self, current: DateFilter) -> None:
        super().__init__()
        localize_bindings(self)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dates-dialog"):
            yield Static(Text(text("dates.title"), style="bold"), id="dates-title")
            with Horizontal(classes="dates-row"):
                yield Label(text("dates.since"))
                yield Input(self._current.since or "", placeholder="2024-01", id="dates-since")
            with Horizontal(classes="dates-row"):
                yield Label(text("dates.until"))
                yield Input(self._current.until or "", placeholder="2024-12-31", id="dates-until")
            yield Static(id="dates-problem")
            yield Static(Text(text("dates.hint")), id="dates-hint")
            with Horizontal(id="dates-buttons"):
                yield Button(text("dates.apply"), variant="primary", id="dates-apply")
                yield Button(text("dates.clear"), id="dates-clear")

    def on_mount(self) -> None:
        self.query_one("#dates-since", Input).focus()

    def chosen(self) -> DateFilter | None:
        """The filter the two fields give; None (after saying why) when they give none."""
        bounds: dict[str, str | None] = {}
        for field in ("since", "until"):
            value = self.query_one(f"#dates-{field}", Input).value.strip()
            if value and date_problem(value) is not None:
                self._problem(text("dates.invalid", field=text(f"dates.{field}"), value=visible(value)))
                return None
            bounds[field] = value or None
        try:
            return DateFilter(bounds["since"], bounds["until"])
        except ValueError:
            self._problem(text("dates.reversed"))
            return None

    def _problem(self, message: str) -> None:
        self.query_one("#dates-problem", Static).update(Text(message))

    @on(Input.Submitted)
    @on(Button.Pressed, "#dates-apply")
    def _apply(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.dismiss(chosen)

    @on(Button.Pressed, "#dates-clear")
    def _clear(self) -> None:
        self.dismiss(DateFilter())

    def action_cancel(self) -> None:
        self.dismiss(None)
