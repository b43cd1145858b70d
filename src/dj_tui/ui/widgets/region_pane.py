"""A region's tab: headline-figure cards, keyphrases, its reports, and the open report.

Work is proportional to what is on screen: a pane that is not the active tab
only remembers that it is out of date and catches up when it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static, TabPane

from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import Figure, RegionGroup, ReportResult
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.widgets.figure_card import FigureCard
from dj_tui.ui.widgets.report_detail import ReportDetail
from dj_tui.ui.widgets.report_table import ReportRow, ReportTable

# Cards beyond the first few only show on wider screens (see app.tcss).
CARDS = 8


def report_row(report: ReportResult, region: str) -> ReportRow:
    analysis = report.analysis
    title = heading_title(analysis)
    label = analysis.region.label
    # Inside 甘肃省's tab, 定西市安定区 says more than 甘肃省定西市安定区.
    place = label.removeprefix(region) if label.startswith(region) and label != region else label
    return ReportRow.create(report.path, title, place or "—", analysis.metadata.date, len(analysis.figures))


class RegionPane(TabPane):
    def __init__(self, region: str, label: Content, *, id: str) -> None:
        super().__init__(label, id=id)
        self.region_name = region
        self.group: RegionGroup | None = None
        self._reports: Mapping[str, ReportResult] = {}
        self._matches: frozenset[str] | None = None
        self._query = ""
        self._key = ""
        self._rows: dict[str, ReportRow] = {}
        self._shown_figures: tuple[Figure, ...] | None = None
        self._stale = True
        # Mounted when a report is first opened: most panes never need one,
        # and every widget in the DOM makes each layout of the screen slower.
        self._detail: ReportDetail | None = None

    def compose(self) -> ComposeResult:
        # Nothing until the pane is first shown (``_build``): a collection
        # opened from the cache brings thirty regions at once, and composing
        # every pane took half of the time its tabs took to appear.
        return iter(())

    def _build(self) -> bool:
        """Mount the pane's widgets, each into its already registered parent, so queries find them at once.

        False when the pane takes no widgets: it is being removed (the
        dashboard is closing).
        """
        brief = Vertical(id="region-brief")
        body = Horizontal(id="region-body")
        self.mount_all([brief, body])
        if not brief.is_attached:
            return False
        brief.mount_all([Horizontal(id="figure-cards"), Static(id="region-keywords")])
        body.mount(ReportTable(id="report-table"))
        return True

    @property
    def is_built(self) -> bool:
        """Whether the pane has its widgets (it gets them when first shown)."""
        return bool(self.children)

    @property
    def table(self) -> ReportTable:
        return self.query_one(ReportTable)

    @property
    def detail(self) -> ReportDetail:
        assert self._detail is not None, "no report was opened in this pane"
        return self._detail

    @property
    def open_report(self) -> ReportResult | None:
        if self._detail is None or not self.has_class("-detail-open"):
            return None
        return self._detail.report

    def show_region(
        self,
        group: RegionGroup,
        reports: Mapping[str, ReportResult],
        matches: frozenset[str] | None,
        query: str,
        key: str,
    ) -> None:
        """New data for the pane; drawn now if the pane is on screen, else when it is shown."""
        self.group = group
        self._reports = reports
        self._matches = matches
        self._query = query
        self._key = key
        self._stale = True
        if self.display:
            self.catch_up()

    def catch_up(self) -> None:
        """Redraw what changed since the pane was last on screen."""
        if not self._stale or self.group is None or not self.is_mounted:
            return
        if not self.children and not self._build():
            return
        self._stale = False
        group = self.group
        if group.figures != self._shown_figures:
            self._shown_figures = group.figures
            cards = self.query_one("#figure-cards", Horizontal)
            cards.remove_children()
            cards.mount_all(
                FigureCard(item.figure, classes=f"-rank-{rank}") for rank, item in enumerate(group.figures[:CARDS], 1)
            )
            cards.display = bool(group.figures)
        self.query_one("#region-keywords", Static).update(self._keywords(group))
        for path in group.reports:
            if path not in self._rows:
                self._rows[path] = report_row(self._reports[path], group.name)
        matches = self._matches
        rows = [self._rows[p] for p in group.reports if matches is None or p in matches]
        if matches is None:
            self.table.set_rows(rows)
        else:
            self.table.set_rows(rows, text("region.no_match", region=visible(group.name), query=visible(self._query)))
        if self.open_report is not None:
            self.detail.set_query(self._key)

    def _keywords(self, group: RegionGroup) -> Text:
        line = Text(text("region.keywords"), no_wrap=False)
        for i, keyword in enumerate(group.keywords):
            if i:
                line.append(" · ")
            line.append(visible(keyword.term), "bold")
        if not group.keywords:
            line.append("—")
        return line

    async def open(self, path: str) -> None:
        """Show one report; on a narrow screen it replaces the list (see app.tcss)."""
        report = self._reports[path]
        rows = self.table.rows
        position = next((i for i, row in enumerate(rows) if row.path == path), None)
        if position is not None:
            self.table.cursor = position
        if self._detail is None:
            self._detail = ReportDetail(id="report-detail")
            await self.query_one("#region-body", Horizontal).mount(self._detail)
        self.add_class("-detail-open")
        await self.detail.show_report(report, self._key)
        summary = self.detail.query_one("#detail-summary")
        # Without scrolling: the title and metadata stay in view.
        (summary if report.analysis.summary else self.detail).focus(scroll_visible=False)

    def close(self) -> None:
        self.remove_class("-detail-open")
        self.table.focus()

    async def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        event.stop()
        await self.open(event.path)
