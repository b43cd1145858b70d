"""A region's reports as a table: title, place, date and number of figures.

Textual's DataTable measures every cell of every row it is given (about 0.1 ms
a row), so narrowing a list of thousands of reports on each keystroke would
take longer than the keystroke. This table renders only the rows on screen
(the Line API): replacing its rows costs one list, whatever their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dj_tui.keymap import REPORT_TABLE
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.cells import fit
from dj_tui.ui.keys import bindings_for, localize_bindings

PLACE_CELLS = 14
DATE_CELLS = 10
FIGURES_CELLS = 4
# Below these widths a column gives its room to the title.
PLACE_MIN_WIDTH = 60
DATE_MIN_WIDTH = 40


@dataclass(frozen=True)
class ReportRow:
    path: str
    title: str  # already made safe for the terminal
    place: str
    date: str
    figures: int

    @classmethod
    def create(cls, path: str, title: str, place: str, date: str | None, figures: int) -> ReportRow:
        return cls(path, visible(title), visible(place), date or "—", figures)


def _columns(width: int) -> tuple[int, int, int]:
    """Cells for the title, place and date (0 when the column is left out)."""
    place = PLACE_CELLS if width >= PLACE_MIN_WIDTH else 0
    date = DATE_CELLS if width >= DATE_MIN_WIDTH else 0
    gaps = 1 + (place > 0) + (date > 0) + 1
    title = max(width - 1 - place - date - FIGURES_CELLS - gaps, 1)
    return title, place, date


# Rows are redrawn on every scroll and every keystroke of a search; cutting a
# CJK title to its cells is the costly part, and the same rows come back.
@lru_cache(maxsize=4096)
def _line(cells: tuple[str, str, str, str], width: int) -> str:
    title_cells, place_cells, date_cells = _columns(width)
    title, place, date, figures = cells
    parts = [" " + fit(title, title_cells)]
    if place_cells:
        parts.append(fit(place, place_cells))
    if date_cells:
        parts.append(fit(date, date_cells))
    parts.append(fit(figures, FIGURES_CELLS, right=True))
    return " ".join(parts)


class ReportTable(ScrollView, can_focus=True):
    """Rows of reports with a cursor; Enter or a click opens the report under it."""

    BINDINGS = bindings_for(REPORT_TABLE)
    COMPONENT_CLASSES = {
        "report-table--header",
        "report-table--cursor",
        "report-table--cursor-blurred",
        "report-table--empty",
    }

    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        """A report was chosen (Enter or click)."""

        def __init__(self, table: ReportTable, path: str) -> None:
            super().__init__()
            self.table = table
            self.path = path

        @property
        def control(self) -> ReportTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        localize_bindings(self)
        self.rows: tuple[ReportRow, ...] = ()
        self.empty_message = ""

    def set_rows(self, rows: Sequence[ReportRow], empty_message: str = "") -> None:
        """Show ``rows``, keeping the cursor on the same report when it is still there."""
        current = self.current_path
        self.rows = tuple(rows)
        self.empty_message = empty_message
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        position = next((i for i, row in enumerate(self.rows) if row.path == current), 0)
        self.cursor = min(position, max(len(self.rows) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()

    @property
    def current_path(self) -> str | None:
        return self.rows[self.cursor].path if 0 <= self.cursor < len(self.rows) else None

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # --- rendering ------------------------------------------------------------


    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("report-table--header")
            header = (text("table.title"), text("table.place"), text("table.date"), text("table.figures"))
            return Strip([Segment(_line(header, width), style)]).adjust_cell_length(width, style)
        index = int(self.scroll_offset.y) + y - 1
        if not self.rows:
            if y == 1 and self.empty_message:
                style = base + self.get_component_rich_style("report-table--empty")
                return Strip([Segment(fit(" " + self.empty_message, width), style)])
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if index == self.cursor:
            name = "report-table--cursor" if self.has_focus else "report-table--cursor-blurred"
            style = base + self.get_component_rich_style(name)
        line = _line((row.title, row.place, row.date, str(row.figures)), width)
        return Strip([Segment(line, style)]).adjust_cell_length(width, style)

    # --- movement -------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + self._page:
            self.scroll_to(y=self.cursor - self._page + 1, animate=False)

    def _move(self, delta: int) -> None:
        if self.rows:
            self.cursor = min(max(self.cursor + delta, 0), len(self.rows) - 1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-self._page)

    def action_page_down(self) -> None:
        self._move(self._page)

    def action_first_report(self) -> None:
        self._move(-len(self.rows))

    def action_last_report(self) -> None:
        self._move(len(self.rows))

    def action_open_report(self) -> None:
        if self.current_path is not None:
            self.post_message(self.Selected(self, self.current_path))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.post_message(self.Selected(self, self.rows[index].path))
