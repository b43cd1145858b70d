"""Reports in time and order, in the dashboard: a province's reports by city, the period, sorting with ``s``,
the date filter (``d`` and ``[filter]``), and figure cards that keep 372亿元 whole and say where it is from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from test_report_order import analysis
from test_ui_app import pane_for, screen_text, settle, tab_labels
from textual.widgets import DataTable, Input

from dj_tui.analysis.collection.dates import DateFilter
from dj_tui.analysis.models import DocumentAnalysis, Figure, LoadError
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app
from dj_tui.ui.screens.date_filter import DateFilterScreen
from dj_tui.ui.widgets.figure_card import FigureCard
from dj_tui.ui.widgets.report_table import GroupRow, ReportRow

INVESTMENT = Figure("372亿元", 3.72e10, "元", None, "重大项目完成投资", 0, score=99.0)


def gansu_and_anhui(directory: Path) -> dict[str, DocumentAnalysis]:
    """Seven reports on disk (the loader finds them), analysed as these: six in 甘肃省, one in 安徽省."""
    made = [
        analysis("b-province.txt", date="2024-07", title="全省组织工作综述", figures=1),
        analysis("c-wuwei.txt", date="2023-05-12", title="武威党建领航", city="武威市"),
        analysis("d-lanzhou.txt", date="2024-03-01", title="兰州基层治理", city="兰州市", figures=5),
        analysis("e-zhangye.txt", date="2022-11-20", title="张掖党建引领", city="张掖市", figures=2),
        analysis("f-wuwei.txt", title="凉州区乡村振兴", city="武威市", county="凉州区", figures=3),
        analysis("g-wuwei.txt", date="2024-06-01", title="武威干部培训", city="武威市", figures=2),
        analysis("h-suzhou.txt", date="2024-01-01", title="宿州党旗飘扬", province="安徽省", city="宿州市"),
    ]
    made[1] = dataclasses.replace(made[1], figures=(INVESTMENT,))
    analyses = {}
    for item in made:
        path = directory / item.path
        path.write_text("报告", encoding="utf-8")
        analyses[str(path)] = dataclasses.replace(item, path=str(path), content_hash=item.path)
    return analyses


def order_app(tmp_path: Path, config: Config | None = None) -> DashboardApp:
    analyses = gansu_and_anhui(tmp_path)

    def analyze(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
        for path in files:
            yield analyses[path]

    app = create_app([str(tmp_path)], config or Config(path=None), analyze=analyze)
    app.animation_level = "none"
    return app


def listed(app: DashboardApp) -> list[str]:
    """The 甘肃省 list as headers (武威市 3, a county's indented) and file names."""
    rows = pane_for(app, "甘肃省").table.rows
    return [
        f"{'  ' * row.depth}{row.label} {row.count}" if isinstance(row, GroupRow) else Path(row.path).name
        for row in rows
    ]


def current(app: DashboardApp) -> str:
    path = pane_for(app, "甘肃省").table.current_path
    assert path is not None
    return Path(path).name


async def test_a_province_lists_its_reports_by_city_in_official_order_and_the_cursor_skips_the_headers(tmp_path):
    app = order_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        # 省级 (the province's own) first, then 兰州 620100, 武威 620600 (its own, then 凉州区), 张掖 620700.
        assert listed(app) == [
            "省级 1", "b-province.txt",
            "兰州市 1", "d-lanzhou.txt",
            "武威市 3", "  市级 2", "c-wuwei.txt", "g-wuwei.txt", "  凉州区 1", "f-wuwei.txt",
            "张掖市 1", "e-zhangye.txt",
        ]  # fmt: skip
        assert "武威市 3" in screen_text(app) and "省级 1" in screen_text(app) and "凉州区 1" in screen_text(app)
        assert current(app) == "b-province.txt"
        seen = []
        for _ in range(6):
            await pilot.press("down")
            seen.append(current(app))
        assert seen == ["d-lanzhou.txt", "c-wuwei.txt", "g-wuwei.txt", "f-wuwei.txt", "e-zhangye.txt", "e-zhangye.txt"]
        await pilot.press("up", "up")
        assert current(app) == "g-wuwei.txt"
        await pilot.press("home")
        assert current(app) == "b-province.txt"
        await pilot.press("up")
        assert current(app) == "b-province.txt"
        await pilot.press("end")
        assert current(app) == "e-zhangye.txt"
        await pilot.press("pageup")
        assert current(app) == "b-province.txt"
        await pilot.press("pagedown")
        assert current(app) == "e-zhangye.txt"
        table = pane_for(app, "甘肃省").table
        assert all(isinstance(row, ReportRow) for row in [table.rows[table.cursor]])
        # A click on a header opens nothing; one on a report opens it.
        header_y = table.region.y + 1 + listed(app).index("  市级 2")
        await pilot.click(offset=(table.region.x + 3, header_y))
        await pilot.pause()
        assert pane_for(app, "甘肃省").open_report is None
        await pilot.click(offset=(table.region.x + 3, header_y + 1))
        await settle(app, pilot)
        report = pane_for(app, "甘肃省").open_report
        assert report is not None and Path(report.path).name == "c-wuwei.txt"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("home", "down", "enter")
        await settle(app, pilot)
        report = pane_for(app, "甘肃省").open_report
        assert report is not None and Path(report.path).name == "d-lanzhou.txt"


async def test_s_sorts_within_each_city_marks_the_column_and_keeps_the_cursor_on_its_report(tmp_path):
    app = order_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        table = pane_for(app, "甘肃省").table
        await pilot.press("down", "down")
        assert current(app) == "c-wuwei.txt"
        await pilot.press("s")
        # Newest first within 武威市's own; the cities and counties keep their order.
        assert listed(app)[4:10] == ["武威市 3", "  市级 2", "g-wuwei.txt", "c-wuwei.txt", "  凉州区 1", "f-wuwei.txt"]
        assert listed(app)[0] == "省级 1"
        assert current(app) == "c-wuwei.txt"
        assert "日期↓" in screen_text(app)
        await pilot.press("s")
        assert "标题↑" in screen_text(app)
        # By code point: 武威党 (U+515A) < 武威干 (U+5E72).
        assert listed(app)[4:10] == ["武威市 3", "  市级 2", "c-wuwei.txt", "g-wuwei.txt", "  凉州区 1", "f-wuwei.txt"]
        await pilot.press("s", "s")
        assert "数据项↓" in screen_text(app)
        # Most figures first: 武威干部培训 (2) before 武威党建领航 (1).
        assert listed(app)[4:8] == ["武威市 3", "  市级 2", "g-wuwei.txt", "c-wuwei.txt"]
        assert current(app) == "c-wuwei.txt"
        await pilot.press("s")
        assert "↓" not in screen_text(app) and "↑" not in screen_text(app)
        assert table.current_path is not None and Path(table.current_path).name == "c-wuwei.txt"


async def test_a_region_says_the_period_its_reports_cover_and_each_reports_date_shows_at_80_columns(tmp_path):
    app = order_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        screen = screen_text(app)
        assert "2022-11-20 至 2024-07 · 6 篇，1 篇无日期" in screen
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        province = next(line for line in lines if "全省组织工作综述" in line)
        undated = next(line for line in lines if "凉州区乡村振兴" in line)
        assert "2024-07" in province and province.rstrip().endswith("1")
        assert "—" in undated.split("凉州区乡村振兴")[1]
        assert "数据项" in screen


async def test_d_sets_a_date_filter_that_narrows_every_view_and_esc_leaves_it_as_it_was(tmp_path):
    app = order_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert tab_labels(app) == ["总览", "安徽省 1", "甘肃省 6"]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DateFilterScreen)
        await pilot.press(*"2024-02", "escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, DateFilterScreen) and not app.date_filter.active
        assert tab_labels(app) == ["总览", "安徽省 1", "甘肃省 6"]
        await pilot.press("d")
        await pilot.press(*"2024-13", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DateFilterScreen)
        assert "不是日期" in screen_text(app)
        await pilot.press(*["backspace"] * 7, *"2024-02", "enter")
        await settle(app, pilot)
        assert app.date_filter == DateFilter(since="2024-02")
        # 兰州 2024-03-01, 武威 2024-06-01 and the province's 2024-07 remain; 宿州 2024-01-01 goes.
        assert tab_labels(app) == ["总览", "安徽省 0", "甘肃省 3"]
        assert "筛选" in app.query_one("#status").render().plain
        overview = app.query_one("#region-table", DataTable)
        assert [str(key.value) for key in overview.rows] == ["甘肃省"]
        await pilot.press("3")
        await settle(app, pilot)
        assert listed(app) == ["省级 1", "b-province.txt", "兰州市 1", "d-lanzhou.txt", "武威市 1", "g-wuwei.txt"]
        assert "另有 1 篇无日期未列入" in screen_text(app)
        await pilot.press("2")
        await settle(app, pilot)
        assert "0 篇 · 筛选 2024-02 至 …" in screen_text(app)
        assert "安徽省没有日期在筛选范围内的报告" in screen_text(app)
        # A search counts only what the filter keeps.
        await pilot.press("slash", *"报告")
        await settle(app, pilot)
        assert app.query_one("#status").render().plain.startswith("命中 3 · 筛选")
        assert tab_labels(app) == ["总览", "安徽省 0", "甘肃省 3"]
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.click("#dates-clear")
        await settle(app, pilot)
        assert not app.date_filter.active
        assert tab_labels(app) == ["总览", "安徽省 1", "甘肃省 6"]


async def test_the_configs_filter_applies_from_the_start(tmp_path):
    app = order_app(tmp_path, Config(path=None, date_filter=DateFilter(until="2023")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # A region the filter empties keeps its tab, at 0, as when the filter is set with d.
        assert tab_labels(app) == ["总览", "安徽省 0", "甘肃省 2"]
        assert "无日期 1" in app.query_one("#status").render().plain


async def test_figure_cards_keep_the_number_and_unit_whole_with_subject_and_place(tmp_path):
    for size in ((80, 24), (120, 40)):
        app = order_app(tmp_path)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await pilot.press("3")
            await settle(app, pilot)
            card = next(c for c in app.query(FigureCard) if c.item.figure is INVESTMENT)
            lines = str(card.render()).split("\n")
            assert lines == ["372亿元", "重大项目完成投资", "武威市"]
            # A card of a province-wide report is placed in the province.
            assert any(str(c.render()).endswith("甘肃省") for c in app.query(FigureCard))
            # Everything fits: no widget reaches past the screen, and the list keeps rows.
            table = pane_for(app, "甘肃省").table
            assert card.region.bottom <= table.region.y and table.region.bottom <= size[1] - 1
            assert table.region.height >= 6
            assert app.screen.scroll_offset.y == 0 and not app.screen.allow_vertical_scroll
            assert isinstance(app.query_one("#search"), Input)
