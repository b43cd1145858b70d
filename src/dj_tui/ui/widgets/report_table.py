"""A region's reports as a table: title, place, date and number of figures, under their places' headers.

Textual's DataTable measures every cell of every row it is given (about 0.1 ms
a row), so narrowing a list of thousands of reports on each keystroke would
take longer than the keystroke. This table renders only the rows on screen
(the Line API): replacing its rows costs one list, whatever their number.

Header rows (``GroupRow``: a city and its count) sit between the reports;
the cursor only ever rests on a report, so every key and a click skip them.
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
# 数据项 and a sort mark: the column counts the figures found in the report.
FIGURES_CELLS = 7
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


@dataclass(frozen=True)
class GroupRow:
    """The header of a place's reports: 武威市 3 (depth 0), and of a county inside it (depth 1)."""

    label: str  # already made safe for the terminal
    count: int
    depth: int = 0


Row = ReportRow | GroupRow

# The column each sort order sorts by, and which way its mark points.
SORT_MARKS = {"date": (2, "↓"), "title": (0, "↑"), "place": (1, "↑"), "figures": (3, "↓")}


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
        "report-table--group",
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
        self.rows: tuple[Row, ...] = ()
        self.empty_message = ""
        self.sort_order = "file"  # see ``places.SORT_ORDERS``; its column's header is marked

    class SortRequested(Message):
        """The user asked for the next sort order (``s``)."""

    def set_rows(self, rows: Sequence[Row], empty_message: str = "", sort_order: str = "file") -> None:
        """Show ``rows``, keeping the cursor on the same report when it is still there."""
        current = self.current_path
        self.rows = tuple(rows)
        self.empty_message = empty_message
        self.sort_order = sort_order
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        position = next((i for i, row in enumerate(self.rows) if isinstance(row, ReportRow) and row.path == current), 0)
        self.cursor = self._report_at(min(position, max(len(self.rows) - 1, 0)), 1)
        self._scroll_to_cursor()
        self.refresh()

    @property
    def current_path(self) -> str | None:
        if 0 <= self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            return row.path if isinstance(row, ReportRow) else None
        return None

    @property
    def report_rows(self) -> list[ReportRow]:
        return [row for row in self.rows if isinstance(row, ReportRow)]

    def _header(self) -> tuple[str, str, str, str]:
        header = [text("table.title"), text("table.place"), text("table.date"), text("table.figures")]
        if self.sort_order in SORT_MARKS:
            column, mark = SORT_MARKS[self.sort_order]
            header[column] += mark
        return header[0], header[1], header[2], header[3]

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
            return Strip([Segment(_line(self._header(), width), style)]).adjust_cell_length(width, style)
        index = int(self.scroll_offset.y) + y - 1
        if not self.rows:
            if y == 1 and self.empty_message:
                style = base + self.get_component_rich_style("report-table--empty")
                return Strip([Segment(fit(" " + self.empty_message, width), style)])
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        if isinstance(row, GroupRow):
            style = base + self.get_component_rich_style("report-table--group")
            indent = " " * (1 + 2 * row.depth)
            header = Segment(fit(f"{indent}{row.label} {row.count}", width), style)
            return Strip([header]).adjust_cell_length(width, style)
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
        # The header of the cursor's group stays in view with its first report.
        first = self.cursor - 1 if self.cursor > 0 and isinstance(self.rows[self.cursor - 1], GroupRow) else self.cursor
        if first < top:
            self.scroll_to(y=first, animate=False)
        elif self.cursor >= top + self._page:
            self.scroll_to(y=self.cursor - self._page + 1, animate=False)

    def _report_at(self, index: int, step: int) -> int:
        """The report row nearest ``index`` looking in ``step``'s direction first, then the other way."""
        for direction in (step, -step):
            position = index
            while 0 <= position < len(self.rows):
                if isinstance(self.rows[position], ReportRow):
                    return position
                position += direction
        return 0

    def _move(self, delta: int) -> None:
        if not self.rows:
            return
        target = min(max(self.cursor + delta, 0), len(self.rows) - 1)
        step = 1 if delta > 0 else -1
        position = self._report_at(target, step)
        # Past the last report (a header alone below it) the cursor stays put.
        if (position - self.cursor) * step >= 0:
            self.cursor = position

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

    def action_sort(self) -> None:
        self.post_message(self.SortRequested())

    def action_open_report(self) -> None:
        if self.current_path is not None:
            self.post_message(self.Selected(self, self.current_path))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self.rows):
            row = self.rows[index]
            if isinstance(row, ReportRow):  # a header is no report
                self.cursor = index
                self.post_message(self.Selected(self, row.path))
