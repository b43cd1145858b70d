"""A region's tab: the period its reports cover, headline-figure cards, keyphrases, its reports, and the open report.

Its reports are listed by place (a province's by city, in official order,
each under a header with its count) and, within each place, in the order
the user chose with ``s`` (newest first, title, place, figures found).

Work is proportional to what is on screen: a pane that is not the active tab
only remembers that it is out of date and catches up when it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static, TabPane

from dj_tui.analysis.collection.dates import DateFilter, report_period
from dj_tui.analysis.collection.places import SORT_ORDERS, PlaceGroup, place_groups, sort_reports
from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import RegionFigure, RegionGroup, ReportResult
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.widgets.figure_card import FigureCard
from dj_tui.ui.widgets.report_detail import ReportDetail
from dj_tui.ui.widgets.report_table import GroupRow, ReportRow, ReportTable, Row

# Cards beyond the first few only show on wider screens (see app.tcss).
CARDS = 8


def report_row(report: ReportResult, region: str) -> ReportRow:
    analysis = report.analysis
    title = heading_title(analysis)
    label = analysis.region.label
    # Inside 甘肃省's tab, 定西市安定区 says more than 甘肃省定西市安定区.
    place = label.removeprefix(region) if label.startswith(region) and label != region else label
    return ReportRow.create(report.path, title, place or "—", analysis.metadata.date, len(analysis.figures))


def period_line(
    group: RegionGroup, reports: Mapping[str, ReportResult], date_filter: DateFilter, set_aside: int
) -> str:
    """2023-05-12 至 2024-07-09 · 12 篇，3 篇无日期; under a filter, what it keeps and the undated it sets aside."""
    period = report_period(reports[path] for path in group.reports)
    if period.text is None:
        line = text("region.no_dates" if period.reports else "region.empty", reports=period.reports)
    else:
        line = text("region.period", period=period.text, reports=period.reports)
        if period.undated:
            line += text("region.undated", undated=period.undated)
    if date_filter.active:
        line += text("region.filtered", since=date_filter.since or "…", until=date_filter.until or "…")
        if set_aside:
            line += text("region.set_aside", undated=set_aside)
    return line


Headers = tuple[str, str | None]  # a report's place and, in a city of several counties, its county


def listed_rows(paths: list[str], places: Mapping[str, Headers], rows: Mapping[str, ReportRow]) -> list[Row]:
    """``paths`` (already place by place) under a header per place and county; none when ``places`` is empty."""
    if not places:
        return [rows[path] for path in paths]
    listed: list[Row] = []
    for label, members in groupby(paths, key=lambda path: places[path][0]):
        in_place = list(members)
        listed.append(GroupRow(label, len(in_place)))
        for county, in_county in groupby(in_place, key=lambda path: places[path][1]):
            shown = [rows[path] for path in in_county]
            if county is not None:
                listed.append(GroupRow(county, len(shown), depth=1))
            listed.extend(shown)
    return listed


def place_headers(groups: Sequence[PlaceGroup], level: str) -> dict[str, Headers]:
    """Each report's headers: its place (省级: the region's own), its county in a city of several (市级: the city's)."""
    headers: dict[str, Headers] = {}
    if not groups:
        return headers
    own = text(f"level.{level}")
    for group in groups:
        place = visible(group.place) if group.place else own
        for path in group.reports:
            headers[path] = (place, None)
        for part in group.parts:
            county = visible(part.place) if part.place else text("level.city")
            for path in part.reports:
                headers[path] = (place, county)
    return headers


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
        self._shown_figures: tuple[RegionFigure, ...] | None = None
        self._stale = True
        self.sort_order = SORT_ORDERS[0]
        # The region's reports in the chosen order (and each one's place in
        # it), made when the region or the order changes, not per keystroke.
        self._ordered: list[str] = []
        self._position: dict[str, int] = {}
        self._places: dict[str, Headers] = {}  # path -> the headers it is listed under
        self._ordered_for: tuple[RegionGroup, str] | None = None
        self._date_filter = DateFilter()
        self._set_aside = 0
        self._period_for: tuple[RegionGroup, DateFilter, int] | None = None
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
        brief.mount_all([Static(id="region-period"), Horizontal(id="figure-cards"), Static(id="region-keywords")])
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
        date_filter: DateFilter | None = None,
        set_aside: int = 0,
    ) -> None:
        """New data for the pane; drawn now if the pane is on screen, else when it is shown.

        ``set_aside``: the region's undated reports an active ``date_filter`` leaves out.
        """
        self.group = group
        self._date_filter = date_filter or DateFilter()
        self._set_aside = set_aside
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
            top = enumerate(group.figures[:CARDS], 1)
            cards.mount_all(FigureCard(item, group.name, classes=f"-rank-{rank}") for rank, item in top)
            cards.display = bool(group.figures)
        # Read from every report's date: once per region and filter, not per keystroke of a search.
        period_for = (group, self._date_filter, self._set_aside)
        if period_for != self._period_for:
            self._period_for = period_for
            period = period_line(group, self._reports, self._date_filter, self._set_aside)
            self.query_one("#region-period", Static).update(Content(period))
        self.query_one("#region-keywords", Static).update(self._keywords(group))
        for path in group.reports:
            if path not in self._rows:
                self._rows[path] = report_row(self._reports[path], group.name)
        rows = listed_rows(self._shown_paths(group), self._places, self._rows)
        empty = ""
        if self._matches is not None:
            empty = text("region.no_match", region=visible(group.name), query=visible(self._query))
        elif not group.reports:
            empty = text("region.none_in_filter", region=visible(group.name))
        self.table.set_rows(rows, empty, self.sort_order)
        if self.open_report is not None:
            self.detail.set_query(self._key)

    def _shown_paths(self, group: RegionGroup) -> list[str]:
        """The region's reports that match the search, in the chosen order.

        The order (place by place, in official order, each place's reports in
        the chosen order) is made once per region and order; a search's
        matches are then put in it by their positions, at a cost that grows
        with the matches, not with the region's reports.
        """
        if self._ordered_for != (group, self.sort_order):
            ordered = sort_reports(group.reports, self._reports, group, self.sort_order)
            places = place_groups(ordered, self._reports, group)
            self._places = place_headers(places, group.level)
            self._ordered = [path for place in places for path in place.reports] if places else ordered
            self._position = {path: i for i, path in enumerate(self._ordered)}
            self._ordered_for = (group, self.sort_order)
        matches = self._matches
        if matches is None:
            return self._ordered
        if len(matches) >= len(self._ordered):
            return [path for path in self._ordered if path in matches]
        return sorted((path for path in matches if path in self._position), key=self._position.__getitem__)

    def cycle_sort(self) -> None:
        """The next sort order (``s``); the cursor stays on its report."""
        self.sort_order = SORT_ORDERS[(SORT_ORDERS.index(self.sort_order) + 1) % len(SORT_ORDERS)]
        self._stale = True
        self.catch_up()

    def on_report_table_sort_requested(self, event: ReportTable.SortRequested) -> None:
        event.stop()
        self.cycle_sort()

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
        position = next((i for i, row in enumerate(rows) if isinstance(row, ReportRow) and row.path == path), None)
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
