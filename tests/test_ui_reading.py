"""Reading a report at 80x24 (and beside the list at 120x40), as a user would."""

from __future__ import annotations

from pathlib import Path

from test_ui_app import pane_for, samples_app, settle
from textual.widgets import OptionList

from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app
from dj_tui.ui.widgets.report_detail import ReportDetail

# What may not start a line, and what may not end one (the list).
CLOSING = "、，。：；！？）】》」』”’…—"
OPENING = "（【《「『“‘"


def view_rows(app: DashboardApp, detail: ReportDetail) -> list[str]:
    """The rows of the report's view as they are on screen, right side trimmed."""
    strips = app.screen._compositor.render_strips()
    region = detail.scrollable_content_region
    return [strips[y].crop(region.x, region.right).text.rstrip() for y in range(region.y, region.bottom)]


async def all_rows(app: DashboardApp, detail: ReportDetail, pilot) -> list[str]:
    """Every row of the report, page by page."""
    rows: list[str] = []
    height = detail.scrollable_content_region.height
    y = 0
    while True:
        detail.scroll_to(y=y, animate=False, immediate=True)
        await pilot.pause()
        top = round(detail.scroll_y)  # the last page stops at the end: rows seen before are skipped
        rows += view_rows(app, detail)[y - top :]
        if top >= detail.max_scroll_y:
            return rows
        y += height


async def open_sanhang(app: DashboardApp, pilot) -> ReportDetail:
    await settle(app, pilot)
    await pilot.press("2", "enter")
    await settle(app, pilot)
    return pane_for(app, "黑龙江省").detail


async def test_page_keys_scroll_the_report_while_its_summary_has_focus(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_sanhang(app, pilot)
        summary = detail.query_one("#detail-summary", OptionList)
        assert app.focused is summary and detail.scroll_y == 0
        await pilot.press("pagedown")
        assert detail.scroll_y == detail.scrollable_content_region.height
        await pilot.press("pagedown", "pageup")
        assert detail.scroll_y == detail.scrollable_content_region.height
        await pilot.press("end")
        assert detail.scroll_y == detail.max_scroll_y > 0
        await pilot.press("home")
        assert detail.scroll_y == 0
        # The keys moved the view, not the summary's highlight.
        assert app.focused is summary and summary.highlighted == 0


async def test_page_keys_typed_in_the_search_box_page_the_open_report(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_sanhang(app, pilot)
        await pilot.press("slash", *"党员")
        await settle(app, pilot)
        search = app.query_one("#search")
        page = detail.scrollable_content_region.height
        top = detail.scroll_y
        await pilot.press("pagedown")
        paged = detail.scroll_y
        assert paged == min(top + page, detail.max_scroll_y) > top
        await pilot.press("pageup")
        assert detail.scroll_y == max(paged - page, 0) < paged
        # The query stays as typed and the search box keeps the focus.
        assert app.focused is search and search.value == "党员"


async def test_down_goes_on_past_the_summary_through_the_figures_into_the_text(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_sanhang(app, pilot)
        summary = detail.query_one("#detail-summary", OptionList)
        figures = detail.query_one("#detail-figures", OptionList)
        await pilot.press(*["down"] * summary.option_count)
        await pilot.pause()
        assert app.focused is figures and figures.highlighted == 0
        # The highlighted figure is in view as the reader moves down the list.
        await pilot.press(*["down"] * (figures.option_count - 1))
        await pilot.pause()
        last = detail.report.analysis.figures[-1].text
        assert any(row.startswith(last) for row in view_rows(app, detail))
        scrolled = detail.scroll_y
        await pilot.press("down", "down")
        assert app.focused is detail and detail.scroll_y == scrolled + 2
        # Up from the first figure goes back to the summary's last sentence.
        await pilot.press("left_curly_bracket")  # back to the heading of the figures
        assert view_rows(app, detail)[0] == "数据" and app.focused is figures
        await pilot.press(*["up"] * (figures.highlighted + 1))
        assert app.focused is summary and summary.highlighted == summary.option_count - 1


async def test_section_keys_bring_each_heading_to_the_top(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_sanhang(app, pilot)

        def top_row() -> str:
            return view_rows(app, detail)[0].strip()

        await pilot.press("right_curly_bracket")
        assert top_row() == "摘要" and app.focused is detail.query_one("#detail-summary")
        await pilot.press("right_curly_bracket")
        assert top_row().startswith("关键词：") and app.focused is detail
        await pilot.press("right_curly_bracket")
        assert top_row() == "数据" and app.focused is detail.query_one("#detail-figures")
        await pilot.press("right_curly_bracket")
        assert top_row() == "全文" and app.focused is detail
        await pilot.press("right_curly_bracket")  # no section after the text
        assert top_row() == "全文"
        await pilot.press("pagedown", "left_curly_bracket")  # inside the text: back to its heading
        assert top_row() == "全文"
        await pilot.press("left_curly_bracket")
        assert top_row() == "数据"
        await pilot.press("left_curly_bracket", "left_curly_bracket", "left_curly_bracket")
        assert detail.scroll_y == 0


async def test_t_keeps_the_line_at_the_top_of_the_view(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_sanhang(app, pilot)
        # A few lines into the full text, as reading leaves it.
        detail.scroll_to(y=detail.query_one("#detail-text").virtual_region.y + 7, animate=False, immediate=True)
        await pilot.pause()
        before = view_rows(app, detail)[0]
        assert before.strip()
        await pilot.press("t")
        await pilot.pause()
        assert not detail.query_one("#detail-summary").display
        assert view_rows(app, detail)[0] == before
        await pilot.press("t")
        await pilot.pause()
        assert detail.query_one("#detail-summary").display
        assert view_rows(app, detail)[0] == before


BASE = "全市各级党组织坚持以习近平新时代中国特色社会主义思想为指导深入推进基层党建工作提质增效持续巩固拓展"
NUMBERS = ["1,043个", "19.07万名", "99.06%", "372亿元", "2024年7月"]


def numbers_report(directory: Path) -> Path:
    """Paragraphs whose numbers and punctuation fall at every column of an 80-column screen."""
    paragraphs = ["甘肃省武威市基层党建工作报告"]
    for k in range(26, 42):
        paragraphs.append(
            BASE[:k] + "，全市共有基层党组织1,043个，党员19.07万名（含预备党员），"
            "覆盖率99.06%，投入资金372亿元，2024年7月起实施“三抓三促”行动——成效明显……"
        )
    path = directory / "wuwei.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


async def test_lines_never_split_a_number_nor_start_with_closing_punctuation(tmp_path):
    numbers_report(tmp_path)
    app = create_app([str(tmp_path)], Config(path=None))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter", "t")
        await settle(app, pilot)
        detail = app.region_panes()[0].detail
        rows = await all_rows(app, detail, pilot)
        text = rows[rows.index("全文") + 1 :]
        assert sum("覆盖率" in row for row in text) == 16
        for row in text:
            assert not row or row[0] not in CLOSING, row
            assert not row or row[-1] not in OPENING, row
        for number in NUMBERS:
            assert sum(row.count(number) for row in text) == 16, (number, text)


async def test_a_search_match_is_scrolled_to_its_line(tmp_path):
    paragraphs = ["双鸭山市机关党建工作报告"]
    for k in range(26, 50):
        # Latin words, numbers and closing marks before the matches: each wraps its own way.
        paragraphs.append(
            BASE[:k] + "，the Party building work in grassroots organisations，投入资金372亿元，党员1,043名。"
        )
        if k in (33, 40):
            paragraphs.append(f"网格化管理第{k}项：全市推行，成效明显。")
    (tmp_path / "shuangyashan.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    app = create_app([str(tmp_path)], Config(path=None))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"网格化管理", "enter", "2", "enter")
        await settle(app, pilot)
        detail = app.region_panes()[0].detail
        # The match's line is the view's second row (one line of context above it).
        assert view_rows(app, detail)[1].strip().startswith("网格化管理第33项")
        for key, expected in (("n", 40), ("n", 33), ("N", 40)):
            await pilot.press(key)
            await pilot.pause()
            assert view_rows(app, detail)[1].strip().startswith(f"网格化管理第{expected}项")


async def test_beside_the_list_the_page_keys_move_what_has_focus(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4", "enter")
        await settle(app, pilot)
        pane = pane_for(app, "甘肃省")
        detail = pane.detail
        assert pane.table.display and detail.display
        assert app.focused is detail.query_one("#detail-summary")
        await pilot.press("pagedown")
        assert detail.scroll_y == detail.scrollable_content_region.height
        await pilot.press("end")
        assert detail.scroll_y == detail.max_scroll_y > 0
        # With the list focused, the same keys move through the list and leave the report be.
        pane.table.focus()
        await pilot.pause()
        pane.table.cursor = 0
        await pilot.press("pagedown")
        assert pane.table.cursor == len(pane.table.rows) - 1
        assert detail.scroll_y == detail.max_scroll_y


async def test_a_new_width_keeps_the_line_at_the_top_of_the_view(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(100, 24)) as pilot:
        detail = await open_sanhang(app, pilot)
        text = detail.query_one("#detail-text")
        detail.scroll_to(y=text.virtual_region.y + 12, animate=False, immediate=True)
        await pilot.pause()
        before = view_rows(app, detail)[0]
        await pilot.resize_terminal(80, 24)  # the text takes more lines, wrapped anew
        await pilot.pause()
        await pilot.pause()
        after = view_rows(app, detail)[0]
        assert after and before.startswith(after[:10]), (before, after)
