"""Every report a search matched, across all regions: its region, title and date, and the text around the hit.

A query may match all of ten thousand reports, so, like ``ReportTable``, this
list renders only the lines on screen (the Line API), and a row's snippet is
found (``search.match_snippet``) when the row is first drawn and kept until
the query changes. Each report takes two lines: region, title and date, then
the snippet with the hit highlighted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import ReportResult
from dj_tui.analysis.search import Snippet, match_snippet
from dj_tui.keymap import REPORT_TABLE
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.cells import ELLIPSIS, fit, truncate, truncate_start
from dj_tui.ui.keys import bindings_for, localize_bindings

DATE_CELLS = 10
# Below this width the date gives its room to the title.
DATE_MIN_WIDTH = 40
LINES_PER_RESULT = 2


def region_cells(names: Sequence[str], width: int, minimum: int) -> int:
    """Cells for a column of region names: what the longest needs, but no more than a fifth of
    ``width`` when that is over ``minimum``."""
    needed = max((cell_len(visible(name)) for name in names), default=0)
    return min(needed, max(minimum, width // 5))


def snippet_parts(snippet: Snippet, width: int) -> tuple[str, str, str]:
    """The text before the hit, the hit and the text after it, together at most ``width`` cells.

    The hit is always in view: the text before it takes at most a third of
    the room left, and a cut shows as an ellipsis.
    """
    match = truncate(snippet.match, width)
    room = width - cell_len(match)
    before = (ELLIPSIS if snippet.more_before else "") + snippet.before
    before = truncate_start(before, room // 3)
    after = truncate(snippet.after + (ELLIPSIS if snippet.more_after else ""), room - cell_len(before))
    return before, match, after


@dataclass(frozen=True)
class _Columns:
    region: int
    title: int
    date: int

    @classmethod
    def for_width(cls, width: int, regions: int) -> _Columns:
        date = DATE_CELLS if width >= DATE_MIN_WIDTH else 0
        # " region  title date "
        title = max(width - 1 - regions - 2 - date - 2, 1)
        return cls(regions, title, date)

    @property
    def indent(self) -> int:
        """Where the title starts: the snippet goes under it."""
        return 1 + self.region + 2


class SearchResults(ScrollView, can_focus=True):
    """The matching reports in the collection's region order; Enter or a click opens one at the hit."""

    BINDINGS = bindings_for(REPORT_TABLE)
    COMPONENT_CLASSES = {
        "search-results--header",
        "search-results--region",
        "search-results--date",
        "search-results--snippet",
        "search-results--match",
        "search-results--cursor",
        "search-results--cursor-blurred",
        "search-results--empty",
    }
    # A region's name in the list is cut below this many cells.
    REGION_MIN_CELLS = 8

    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        """A report was chosen (Enter or click)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localize_bindings(self)
        self._groups: tuple[tuple[str, Sequence[str]], ...] = ()  # (region, its matching paths)
        self._starts: list[int] = [0]  # the row of each group's first report
        self._reports: Mapping[str, ReportResult] = {}
        self._query = ""
        self._key = ""
        self._snippets: dict[str, Snippet | None] = {}  # path -> its snippet for _key
        self._columns: _Columns | None = None  # for the current groups at _columns_width
        self._columns_width = 0

    def show_results(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        reports: Mapping[str, ReportResult],
        query: str,
        key: str,
    ) -> None:
        """Show the reports of ``groups`` (each region with its matching paths), keeping the cursor on
        the same report when it is still there."""
        current = self.current_path
        self._groups = tuple((region, paths) for region, paths in groups if paths)
        self._starts = [0]
        for _region, paths in self._groups:
            self._starts.append(self._starts[-1] + len(paths))
        if key != self._key or reports is not self._reports:
            # Another query, or another collection (a report may have been read again).
            self._snippets.clear()
        self._reports = reports
        self._query = query
        self._key = key
        self._columns = None
        self._resize()
        self.cursor = min(self._row_of(current), max(len(self) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()

    def __len__(self) -> int:
        return self._starts[-1]

    def path_at(self, row: int) -> str:
        group = bisect_right(self._starts, row) - 1
        return self._groups[group][1][row - self._starts[group]]

    def _region_at(self, row: int) -> str:
        return self._groups[bisect_right(self._starts, row) - 1][0]

    def _row_of(self, path: str | None) -> int:
        """The row showing ``path`` (0 when it is not shown)."""
        for (_region, paths), start in zip(self._groups, self._starts, strict=False):
            if path in paths:
                return start + paths.index(path)
        return 0

    @property
    def current_path(self) -> str | None:
        return self.path_at(self.cursor) if 0 <= self.cursor < len(self) else None

    def snippet(self, path: str) -> Snippet | None:
        """Where the report first holds the query (worked out once per query)."""
        if path not in self._snippets:
            self._snippets[path] = match_snippet(self._reports[path].analysis, self._key)
        return self._snippets[path]

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, 1 + LINES_PER_RESULT * len(self))

    def on_resize(self, event: events.Resize) -> None:
        self._resize()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # --- rendering ------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"search-results--{name}")

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self._style("header")
            count = len(self)
            header = text("results.header", query=visible(self._query), count=count, regions=len(self._groups))
            return Strip([Segment(fit(" " + header, width), style)])
        if not self._groups:
            if y == 1:
                empty = text("results.none", query=visible(self._query))
                return Strip([Segment(fit(" " + empty, width), base + self._style("empty"))])
            return Strip.blank(width, base)
        line = int(self.scroll_offset.y) + y - 1
        row, part = divmod(line, LINES_PER_RESULT)
        if row >= len(self):
            return Strip.blank(width, base)
        if row == self.cursor:
            base += self._style("cursor" if self.has_focus else "cursor-blurred")
        if self._columns is None or self._columns_width != width:
            regions = region_cells([region for region, _paths in self._groups], width, self.REGION_MIN_CELLS)
            self._columns = _Columns.for_width(width, regions)
            self._columns_width = width
        columns = self._columns
        path = self.path_at(row)
        if part == 0:
            segments = self._heading(row, path, columns, base)
        else:
            segments = self._snippet_line(path, columns, width, base)
        return Strip(segments).adjust_cell_length(width, base)

    def _heading(self, row: int, path: str, columns: _Columns, base: Style) -> list[Segment]:
        analysis = self._reports[path].analysis
        segments = [
            Segment(" "),
            Segment(fit(visible(self._region_at(row)), columns.region), base + self._style("region")),
            Segment("  " + fit(visible(heading_title(analysis)), columns.title) + " ", base),
        ]
        if columns.date:
            segments.append(Segment(fit(analysis.metadata.date or "—", columns.date), base + self._style("date")))
        return segments

    def _snippet_line(self, path: str, columns: _Columns, width: int, base: Style) -> list[Segment]:
        snippet = self.snippet(path)
        if snippet is None:
            return [Segment(" " * width, base)]
        before, match, after = snippet_parts(snippet, width - columns.indent - 1)
        style = base + self._style("snippet")
        return [
            Segment(" " * columns.indent, base),
            Segment(before, style),
            Segment(match, style + self._style("match")),
            Segment(after, style),
        ]

    # --- movement -------------------------------------------------------------

    @property
    def _page_lines(self) -> int:
        return max(self.scrollable_content_region.height - 1, LINES_PER_RESULT)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_offset.y)
        first = self.cursor * LINES_PER_RESULT
        if first < top:
            self.scroll_to(y=first, animate=False)
        elif first + LINES_PER_RESULT > top + self._page_lines:
            self.scroll_to(y=first + LINES_PER_RESULT - self._page_lines, animate=False)

    def _move(self, delta: int) -> None:
        if len(self):
            self.cursor = min(max(self.cursor + delta, 0), len(self) - 1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-(self._page_lines // LINES_PER_RESULT))

    def action_page_down(self) -> None:
        self._move(self._page_lines // LINES_PER_RESULT)

    def action_first_report(self) -> None:
        self._move(-len(self))

    def action_last_report(self) -> None:
        self._move(len(self))

    def action_open_report(self) -> None:
        if self.current_path is not None:
            self.post_message(self.Selected(self.current_path))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = (int(self.scroll_offset.y) + offset.y - 1) // LINES_PER_RESULT
        if 0 <= row < len(self):
            self.cursor = row
            self.post_message(self.Selected(self.path_at(row)))
