"""Widgets on their own: the report table and the figure card."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from dj_tui.analysis.models import Figure, RegionFigure
from dj_tui.ui.widgets.figure_card import FigureCard
from dj_tui.ui.widgets.report_table import ReportRow, ReportTable


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield ReportTable()

    def on_report_table_selected(self, event: ReportTable.Selected) -> None:
        self.selected.append(event.path)


def rows(n: int) -> list[ReportRow]:
    return [
        ReportRow.create(f"r{i}.txt", f"第{i}篇：深入实施“五大工程”以高质量党建引领发展", "定西市安定区", "2024-04-18", i % 9)
        for i in range(n)
    ]


def line_text(table: ReportTable, y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


async def test_rows_fit_the_width_with_cut_titles():
    app = TableApp()
    async with app.run_test(size=(64, 10)) as pilot:
        table = app.query_one(ReportTable)
        table.set_rows(rows(3))
        await pilot.pause()
        width = table.scrollable_content_region.width
        header = line_text(table, 0)
        first = line_text(table, 1)
        assert header.split() == ["标题", "地区", "日期", "数据项"]
        assert cell_len(first) == width
        assert "第0篇：深入实施“五大工程”" in first and "…" in first
        assert "定西市安定区" in first and "2024-04-18" in first


async def test_narrow_tables_give_their_room_to_the_title():
    app = TableApp()
    async with app.run_test(size=(45, 10)) as pilot:
        table = app.query_one(ReportTable)
        table.set_rows(rows(1))
        await pilot.pause()
        assert "定西市" not in line_text(table, 1)
        assert "2024-04-18" in line_text(table, 1)


async def test_enter_and_click_open_the_report_under_the_cursor():
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(ReportTable)
        table.set_rows(rows(20))
        table.focus()
        await pilot.press("down", "down", "enter")
        assert app.selected == ["r2.txt"]
        await pilot.press("end")
        assert table.cursor == 19 and table.scroll_offset.y > 0
        await pilot.press("home", "pagedown")
        assert table.cursor == table.scrollable_content_region.height - 1
        await pilot.click(ReportTable, offset=(5, 3))
        assert app.selected[-1] == table.rows[table.cursor].path


async def test_filtering_keeps_the_cursor_on_its_report_and_shows_why_empty():
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(ReportTable)
        all_rows = rows(10)
        table.set_rows(all_rows)
        table.cursor = 6
        table.set_rows(all_rows[4:])
        assert table.current_path == "r6.txt"
        table.set_rows([], "甘肃省没有报告包含“三航行动”")
        await pilot.pause()
        assert table.current_path is None
        assert "甘肃省没有报告包含“三航行动”" in line_text(table, 1)


async def test_ten_thousand_rows_cost_only_the_lines_on_screen(monkeypatch):
    drawn: list[int] = []
    real_render_line = ReportTable.render_line

    def counting(self, y):
        drawn.append(y)
        return real_render_line(self, y)

    monkeypatch.setattr(ReportTable, "render_line", counting)
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ReportTable)
        await pilot.pause()
        drawn.clear()
        many = rows(10_000)
        for _ in range(10):
            table.set_rows(many)
            table.set_rows(many[::2])
        await pilot.pause()
        # One frame of the 24 lines on screen, however many rows there are.
        assert 0 < len(drawn) <= 24
        assert table.current_path == "r0.txt"


async def test_a_narrow_card_cuts_its_caption_with_an_ellipsis():
    class CardApp(App[None]):
        CSS = "FigureCard { width: 14; height: 5; border: round white; padding: 0 1; }"

        def compose(self) -> ComposeResult:
            figure = Figure("380余万名", 3800000.0, "名", "余", "选树出优秀共产党员", 2)
            yield FigureCard(RegionFigure(figure, "a.txt", "黔东南苗族侗族自治州"), "贵州省")

    app = CardApp()
    async with app.run_test(size=(40, 7)):
        lines = str(app.query_one(FigureCard).render()).split("\n")
        assert lines == ["380余万名", "选树出优…", "黔东南苗…"]  # ten cells inside border and padding
