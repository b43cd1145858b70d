"""The 总览 tab: every region with its counts, top keyphrases and figures, and a cross-region view."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static, TabPane

from dj_tui.analysis.collection.cross_region import CrossRegionView, SharedTerm
from dj_tui.analysis.models import CollectionResult, Figure, RegionGroup
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.cells import truncate

REGION_CELLS = 10
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
        self._table_width = 0

    def compose(self) -> ComposeResult:
        yield Static(id="overview-message")
        yield DataTable(id="region-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="cross-region-scroll"):
            yield Static(id="cross-region")

    def show_collection(self, collection: CollectionResult, cross: CrossRegionView, message: str) -> None:
        """Redraw for a new collection; ``message`` (when not empty) says why nothing is shown."""
        self._collection = collection
        note = self.query_one("#overview-message", Static)
        note.update(Text(message))
        note.display = bool(message)
        self.query_one("#region-table", DataTable).display = bool(collection.regions)
        self.query_one("#cross-region-scroll").display = bool(collection.regions)
        self._fill_table()
        self.query_one("#cross-region", Static).update(self._cross_region_view(cross))

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._table_width:
            self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one("#region-table", DataTable)
        collection = self._collection
        width = self.content_region.width
        self._table_width = width
        if collection is None or width <= 0:
            return
        cursor = table.cursor_row
        # DataTable pads each cell by one cell on both sides; two cells go to the scroll bar.
        rest = max(width - 2 * 4 - 2 - REGION_CELLS - COUNT_CELLS, 10)
        keyword_cells = rest // 2
        figure_cells = rest - keyword_cells
        table.clear(columns=True)
        table.add_column(Text(text("overview.region")), width=REGION_CELLS, key="region")
        table.add_column(Text(text("overview.reports"), justify="right"), width=COUNT_CELLS, key="count")
        table.add_column(Text(text("overview.keywords")), width=keyword_cells, key="keywords")
        table.add_column(Text(text("overview.figures")), width=figure_cells, key="figures")
        for group in collection.regions:
            table.add_row(*self._cells(group, keyword_cells, figure_cells), key=group.name)
        if collection.regions:
            table.move_cursor(row=min(cursor, len(collection.regions) - 1))

    def _cells(self, group: RegionGroup, keyword_cells: int, figure_cells: int) -> tuple[Text, ...]:
        keywords = "、".join(visible(k.term) for k in group.keywords[:TOP_KEYWORDS]) or "—"
        figures = "；".join(figure_brief(item.figure) for item in group.figures[:TOP_FIGURES]) or "—"
        return (
            Text(truncate(visible(group.name), REGION_CELLS)),
            Text(str(len(group.reports)), justify="right"),
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
