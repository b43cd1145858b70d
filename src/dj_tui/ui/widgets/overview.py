"""The 总览 tab: every region with its counts, top keyphrases and figures, and a cross-region view.

While a search is shown, it lists only the regions with matches, each with
its count of matching reports, and the search results take the place of the
cross-region view. Like a region's tab, it only remembers that it is out of
date while another tab is shown, and catches up when it is shown again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static, TabPane

from dj_tui.analysis.collection.cross_region import CrossRegionView, SharedTerm
from dj_tui.analysis.models import CollectionResult, Figure, RegionGroup, ReportResult
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.cells import truncate
from dj_tui.ui.widgets.search_results import SearchResults, region_cells

# The region column takes what the longest name needs, up to a fifth of the
# width, and is cut below this many cells.
REGION_MIN_CELLS = 10
COUNT_CELLS = 4
TOP_KEYWORDS = 3
TOP_FIGURES = 2


def figure_brief(figure: Figure) -> str:
    return visible(figure.text) + (f" {visible(figure.subject)}" if figure.subject else "")


class OverviewPane(TabPane):
    class RegionChosen(Message):
        """The user pressed Enter on (or clicked) a region's row."""

        def __init__(self, region: str) -> None:
            super().__init__()
            self.region = region

    def __init__(self, *, id: str) -> None:
        super().__init__(Content(text("tab.overview")), id=id)
        self._collection: CollectionResult | None = None
        self._reports: Mapping[str, ReportResult] = {}
        self._matches: frozenset[str] | None = None  # None: no search
        self._query = ""
        self._key = ""
        self._counts: dict[str, int] | None = None  # region -> matching reports, while searching
        self._stale = False
        # What the region table was last filled with: it is refilled only when that changes.
        self._shown_table: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="overview-message")
        yield DataTable(id="region-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="cross-region-scroll"):
            yield Static(id="cross-region")
        yield SearchResults(id="search-results")

    @property
    def table(self) -> DataTable:
        return self.query_one("#region-table", DataTable)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def show_collection(self, collection: CollectionResult, cross: CrossRegionView, message: str) -> None:
        """Redraw for a new collection; ``message`` (when not empty) says why nothing is shown."""
        self._collection = collection
        self._shown_table = None
        note = self.query_one("#overview-message", Static)
        note.update(Text(message))
        note.display = bool(message)
        self.set_class(not collection.regions, "-empty")
        self._fill_table()
        self.query_one("#cross-region", Static).update(self._cross_region_view(cross))

    def show_matches(
        self, reports: Mapping[str, ReportResult], matches: frozenset[str] | None, query: str, key: str
    ) -> None:
        """The search's matches (None: no search); drawn now if the tab is shown, else when it is."""
        self._reports = reports
        self._matches = matches
        self._query = query
        self._key = key
        self._stale = True
        if self.display:
            self.catch_up()

    def catch_up(self) -> None:
        """Show the matches given while another tab was shown."""
        if not self._stale or self._collection is None or not self.is_mounted:
            return
        self._stale = False
        matches = self._matches
        if matches is None:
            self._counts = None
            if self.results.has_focus:
                self.table.focus()
        else:
            # filter() with the set's own test: a keystroke may filter ten thousand reports.
            groups = [(g.name, list(filter(matches.__contains__, g.reports))) for g in self._collection.regions]
            self._counts = {name: len(paths) for name, paths in groups}
            self.results.show_results(groups, self._reports, self._query, self._key)
        self.set_class(matches is not None, "-searching")
        self._fill_table()

    def focus_list(self) -> None:
        """Focus the search results while a search is shown, else the regions."""
        self.catch_up()
        (self.results if self.has_class("-searching") else self.table).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.table
        collection = self._collection
        width = self.content_region.width
        if collection is None or width <= 0:
            return
        counts = self._counts
        # A region that came in since the counts were taken has none yet (they follow at once).
        regions = [g for g in collection.regions if counts is None or counts.get(g.name)]
        shown = (width, counts is None, *(g.name for g in regions))
        if shown == self._shown_table:
            # The same rows: a keystroke changes their counts in place. A new
            # table would cost a layout of the screen and a render of every cell.
            if counts is not None:
                for group in regions:
                    count = Text(str(counts.get(group.name)), justify="right")
                    if table.get_cell(group.name, "count") != count:
                        table.update_cell(group.name, "count", count)
            return
        self._shown_table = shown
        cursor = table.cursor_row
        names = [text("overview.region"), *(g.name for g in collection.regions)]
        region_width = region_cells(names, width, REGION_MIN_CELLS)
        # DataTable pads each cell by one cell on both sides; two cells go to the scroll bar.
        rest = max(width - 2 * 4 - 2 - region_width - COUNT_CELLS, 10)
        keyword_cells = rest // 2
        figure_cells = rest - keyword_cells
        count_header = text("overview.reports" if counts is None else "overview.matching")
        table.clear(columns=True)
        table.add_column(Text(text("overview.region")), width=region_width, key="region")
        table.add_column(Text(count_header, justify="right"), width=COUNT_CELLS, key="count")
        table.add_column(Text(text("overview.keywords")), width=keyword_cells, key="keywords")
        table.add_column(Text(text("overview.figures")), width=figure_cells, key="figures")
        for group in regions:
            count = len(group.reports) if counts is None else counts.get(group.name, 0)
            table.add_row(*self._cells(group, count, region_width, keyword_cells, figure_cells), key=group.name)
        if regions:
            table.move_cursor(row=min(cursor, len(regions) - 1))

    def _cells(
        self, group: RegionGroup, count: int, region_cells: int, keyword_cells: int, figure_cells: int
    ) -> tuple[Text, ...]:
        keywords = "、".join(visible(k.term) for k in group.keywords[:TOP_KEYWORDS]) or "—"
        figures = "；".join(figure_brief(item.figure) for item in group.figures[:TOP_FIGURES]) or "—"
        return (
            Text(truncate(visible(group.name), region_cells)),
            Text(str(count), justify="right"),
            Text(truncate(keywords, keyword_cells)),
            Text(truncate(figures, figure_cells)),
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.RegionChosen(event.row_key.value))

    def _cross_region_view(self, cross: CrossRegionView) -> Table | Text:
        """Terms several regions share, then each region's own, in aligned, wrapping columns."""
        if cross.regions < 2:
            return Text(text("overview.one_region") if cross.regions else "", "italic")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")

        def terms(items: Iterable[str]) -> Text:
            return Text(" · ".join(visible(t) for t in items) or "—")

        def counted(shared: Iterable[SharedTerm]) -> Text:
            return terms(f"{t.term}({len(t.regions)})" for t in shared)

        initiatives = Text(text("overview.initiatives"))
        keyphrases = Text(text("overview.keywords"))
        grid.add_row(Text(text("overview.shared"), "bold"), initiatives, counted(cross.shared_initiatives))
        grid.add_row(Text(text("overview.region_count"), "dim"), keyphrases, counted(cross.shared_keyphrases))
        grid.add_row(Text(text("overview.own"), "bold"), Text(), Text())
        for own in cross.own:
            grid.add_row(Text(visible(own.region)), initiatives, terms(own.initiatives))
            grid.add_row(Text(), keyphrases, terms(own.keyphrases))
        return grid
