"""Search results a user sees: the 总览 tab narrowed, every matching report with the text around its hit, dimmed tabs."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from test_ui_app import replay, settle
from textual.widgets import DataTable, Tab

from dj_tui.analysis import loader
from dj_tui.analysis.models import DocumentAnalysis, Region
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app

# The samples' regions, in the collection's (official) order.
REGIONS = ["黑龙江省", "安徽省", "甘肃省"]


def replaying_app(paths: list[str], analyses: dict[str, DocumentAnalysis]) -> DashboardApp:
    app = create_app(paths, Config(path=None), analyze=replay(analyses))
    app.animation_level = "none"
    return app


async def search(app: DashboardApp, pilot, query: str, *then: str) -> None:
    await pilot.press("slash", *query, *then)
    await settle(app, pilot)


def region_rows(app: DashboardApp) -> list[tuple[str, str]]:
    """The overview's region table: each region with its count."""
    table = app.query_one("#region-table", DataTable)
    return [(str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1])) for i in range(table.row_count)]


def results_lines(app: DashboardApp) -> list[str]:
    results = app.query_one("#search-results")
    return [results.render_line(y).text for y in range(results.scrollable_content_region.height)]


def tab_for(app: DashboardApp, region: str) -> Tab:
    pane = next(p for p in app.region_panes() if p.region_name == region)
    return app.tabs.get_tab(pane)


async def test_the_overview_narrows_to_the_regions_with_matches_and_counts_them(in_root, sample_analyses):
    app = replaying_app(["data/reports"], sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert region_rows(app) == [("黑龙江省", "1"), ("安徽省", "2"), ("甘肃省", "2")]
        await search(app, pilot, "三航行动")
        assert region_rows(app) == [("黑龙江省", "1")]
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"党员")
        await settle(app, pilot)
        assert region_rows(app) == [("黑龙江省", "1"), ("安徽省", "2"), ("甘肃省", "2")]
        assert app.query_one("#search-results").display
        assert not app.query_one("#cross-region-scroll").display
        assert app.screen.max_scroll_y == 0
        # The same regions with other counts (the table is updated in place).
        app.query_one("SearchBox").value = "乡村振兴"
        await settle(app, pilot)
        assert region_rows(app) == [("安徽省", "2"), ("甘肃省", "2")]
        app.query_one("SearchBox").value = "党建引领"
        await settle(app, pilot)
        assert region_rows(app) == [("安徽省", "1"), ("甘肃省", "2")]


async def test_regions_found_while_a_search_is_shown_join_the_overview(in_root, sample_analyses, monkeypatch):
    monkeypatch.setattr(loader, "MIN_REBUILD_INTERVAL", 0)
    monkeypatch.setattr(loader, "REBUILD_COST_FACTOR", 0)
    gate = threading.Semaphore(0)

    def one_at_a_time(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis]:
        for path in files:
            gate.acquire()
            yield sample_analyses[path]

    app = create_app(["data/reports"], Config(path=None), analyze=one_at_a_time)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        gate.release()
        while len(app.collection.reports) < 1:
            await pilot.pause(0.02)
        await pilot.press("slash", *"党员")
        while app.shown_query != "党员":
            await pilot.pause(0.02)
        assert region_rows(app) == [("安徽省", "1")]
        gate.release(4)
        await settle(app, pilot)
        assert region_rows(app) == [("黑龙江省", "1"), ("安徽省", "2"), ("甘肃省", "2")]
        assert len(app.query_one("#search-results")) == 5


async def test_the_results_list_reports_of_every_region_with_title_date_and_snippet(in_root, sample_analyses):
    app = replaying_app(["data/reports"], sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "党员", "enter")
        assert app.tabs.active == "overview"
        assert app.focused is app.query_one("#search-results")
        lines = results_lines(app)
        assert "含“党员”的报告 5 篇，分属 3 个地区" in lines[0]
        headings = lines[1:11:2]
        # In the collection's region order, each with its title and date.
        assert [line.split()[0] for line in headings] == ["黑龙江省", "安徽省", "安徽省", "甘肃省", "甘肃省"]
        assert "党旗飘扬风正劲" in headings[2] and "2024-07-09" in headings[2]
        assert "2024-04-18" in headings[3]
        for snippet_line in lines[2:12:2]:
            assert "党员" in snippet_line
            assert cell_len(snippet_line) == 80


async def test_the_hit_in_each_snippet_is_highlighted(in_root, sample_analyses):
    app = replaying_app(["data/reports"], sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "党员", "enter", "down")
        results = app.query_one("#search-results")
        highlight = results.get_component_rich_style("search-results--match")
        assert highlight.bgcolor is not None
        for y in (2, 4, 6):  # the snippets of the first three reports, the second under the cursor
            segments = list(results.render_line(y))
            marked = [s.text for s in segments if s.style and s.style.bgcolor == highlight.bgcolor]
            assert marked == ["党员"]


async def test_enter_opens_the_report_in_its_region_scrolled_to_the_hit(in_root, sample_analyses):
    app = replaying_app(["data/reports"], sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "党员", "enter", "down")
        results = app.query_one("#search-results")
        path = results.current_path
        snippet = results.snippet(path)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.1)
        pane = app.active_pane()
        assert pane.region_name == "安徽省"
        assert pane.open_report.path == path
        detail = pane.detail
        assert detail.current_match == 0 and detail.scroll_y > 0  # the hit is below the first screen
        # The lines the report shows, its scroll bar left out, read on.
        view = detail.content_region
        strips = app.screen._compositor.render_strips()[view.y : view.bottom]
        shown = "".join(strip.crop(view.x, view.right).text.strip() for strip in strips)
        assert snippet.before[-6:] + snippet.match + snippet.after[:6] in shown


async def test_tabs_without_a_match_are_dimmed(in_root, sample_analyses):
    app = replaying_app(["data/reports"], sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "三航行动")
        dimmed = {region for region in REGIONS if tab_for(app, region).has_class("-no-match")}
        assert dimmed == {"安徽省", "甘肃省"}
        assert tab_for(app, "安徽省").styles.color.a < tab_for(app, "黑龙江省").styles.color.a
        assert not app.tabs.get_tab("overview").has_class("-no-match")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not any(tab_for(app, region).has_class("-no-match") for region in REGIONS)


async def test_clearing_the_search_restores_the_overview(in_root, sample_analyses):
    app = replaying_app(["data/reports"], sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "三航行动", "enter")
        assert app.query_one("#search-results").display
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.query_one("SearchBox").value == ""
        assert region_rows(app) == [("黑龙江省", "1"), ("安徽省", "2"), ("甘肃省", "2")]
        assert app.query_one("#cross-region-scroll").display
        assert not app.query_one("#search-results").display
        assert app.focused is app.query_one("#region-table")


async def test_report_text_shows_literally_in_the_snippet(tmp_path):
    hostile = "[bold]红色[/bold]\x1b[31m警报\x07"
    # Enough prose that the control characters read as stray, not as a binary file.
    filler = "".join(f"武威市第{i}批党员志愿者深入社区开展为民服务活动，受到群众好评。\n\n" for i in range(12))
    body = "武威市基层党建工作综述\n\n" + filler + f"正文里也有{hostile}。\n"
    (tmp_path / "hostile.txt").write_text(body, encoding="utf-8")
    app = create_app([str(tmp_path)], Config(path=None))
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.collection.reports, app.collection.errors
        await search(app, pilot, "正文里也有", "enter")
        lines = results_lines(app)
        assert "正文里也有[bold]红色[/bold]␛[31m警报␇。" in lines[2]
        screen = app.export_screenshot()
        assert "[bold]红色[/bold]" in screen
        assert "\x1b" not in screen and "\x07" not in screen


async def test_snippets_are_found_only_for_the_rows_drawn(tmp_path, sample_analyses, monkeypatch):
    from dj_tui.ui.widgets import search_results

    found: list[tuple[str, str]] = []  # (path, query key) of each snippet worked out
    original = search_results.match_snippet

    def counted(analysis: DocumentAnalysis, key: str) -> object:
        found.append((analysis.path, key))
        return original(analysis, key)

    monkeypatch.setattr(search_results, "match_snippet", counted)
    samples = list(sample_analyses.values())
    analyses = {}
    for i in range(600):
        path = tmp_path / f"{i:03d}.txt"
        path.write_bytes(b"")
        analyses[str(path)] = dataclasses.replace(samples[i % len(samples)], path=str(path), content_hash=str(i))
    app = replaying_app([str(tmp_path)], analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await search(app, pilot, "党员", "enter")
        results = app.query_one("#search-results")
        assert len(results) == 600
        rows_shown = results.scrollable_content_region.height // 2
        assert 0 < len([path for path, key in found if key == "党员"]) <= rows_shown
        await pilot.press("end")
        await pilot.pause()
        assert (results.current_path, "党员") in found
        # Each once (a row drawn again reuses its snippet): the first page for
        # each of the two queries typed, and the last page.
        assert len(found) == len(set(found)) <= 3 * rows_shown


async def test_the_region_column_takes_the_longest_name_at_wide_widths(in_root, sample_analyses):
    xinjiang = Region(province="新疆维吾尔自治区", level="province")
    analyses = dict(sample_analyses)
    path = "data/reports/anhui-qiangji-guben.txt"
    analyses[path] = dataclasses.replace(analyses[path], region=xinjiang)
    for size in ((120, 40), (80, 24)):
        app = replaying_app(["data/reports"], analyses)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            table = app.query_one("#region-table", DataTable)
            assert "新疆维吾尔自治区" in [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert table.columns["region"].width == 16
            # The keyphrases and figures keep their room; the screen never scrolls.
            assert table.columns["keywords"].width >= 20
            assert app.screen.max_scroll_x == 0 and app.screen.max_scroll_y == 0


@given(
    st.text(alphabet="党建ab ", max_size=30),
    st.text(alphabet="党员ab", min_size=1, max_size=6),
    st.text(alphabet="党建ab ", max_size=30),
    st.booleans(),
    st.booleans(),
    st.integers(min_value=1, max_value=40),
)
def test_a_snippet_fits_its_cells_and_keeps_the_hit_in_view(before, match, after, more_before, more_after, width):
    from dj_tui.analysis.search import Snippet
    from dj_tui.ui.widgets.search_results import snippet_parts

    shown_before, shown_match, shown_after = snippet_parts(Snippet(before, match, after, more_before, more_after), width)
    assert cell_len(shown_before + shown_match + shown_after) <= width
    if cell_len(match) <= width:
        assert shown_match == match
        assert cell_len(shown_before) <= (width - cell_len(match)) // 3
    if more_after and shown_after:
        assert shown_after.endswith("…")
    if shown_before and not shown_before.startswith("…"):
        assert not more_before and shown_before == before
