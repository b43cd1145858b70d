"""The dashboard driven headless with Textual's pilot, as a user would drive it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from textual.widgets import DataTable, Label, OptionList, Static, Tab

from dj_tui.analysis import loader
from dj_tui.analysis.models import DocumentAnalysis, LoadError, Region
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.config import Config
from dj_tui.keymap import KEY_IDS
from dj_tui.ui.app import DashboardApp, create_app, empty_message
from dj_tui.ui.screens.help import HelpScreen
from dj_tui.ui.widgets.errors_pane import ErrorsPane
from dj_tui.ui.widgets.overview import OverviewPane
from dj_tui.ui.widgets.region_pane import RegionPane
from dj_tui.ui.widgets.report_text import ReportText
from dj_tui.ui.widgets.search_box import SearchBox

ROOT = Path(__file__).resolve().parent.parent


SANSHANG = "data/reports/shuangyashan-sanhang-xingdong.txt"


def replay(analyses: dict[str, DocumentAnalysis]):
    def analyze(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
        for path in files:
            yield analyses[path]

    return analyze


def samples_app(sample_analyses, config: Config | None = None) -> DashboardApp:
    app = create_app(["data/reports"], config or Config(path=None), analyze=replay(sample_analyses))
    app.animation_level = "none"
    return app


async def settle(app: DashboardApp, pilot) -> None:
    """Wait until the analysis and any search have finished and their messages are handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: DashboardApp) -> str:
    """What the screen shows, its lines stripped and joined: text wrapped across lines reads on."""
    strips = app.screen._compositor.render_strips()
    return "".join(strip.text.strip() for strip in strips)


def tab_labels(app: DashboardApp) -> list[str]:
    return [tab.label.plain for tab in app.tabs.query(Tab)]


def pane_for(app: DashboardApp, region: str) -> RegionPane:
    return next(p for p in app.region_panes() if p.region_name == region)


def write_report(directory: Path, name: str, body: str) -> Path:
    path = directory / name
    path.write_text(body, encoding="utf-8")
    return path


SHORT_REPORT = (
    "{title}\n\n"
    "甘肃省武威市委组织部坚持大抓基层的鲜明导向，全市建成党群服务中心1200个。\n\n"
    "武威市深入实施“三抓三促”行动，推动基层党建工作提质增效，培训党员干部3.5万人次。\n\n"
    "全市各级党组织把党建工作与乡村振兴结合起来，带动群众增收致富。\n"
)


# --- start-up, tabs, keys ----------------------------------------------------------


async def test_opens_on_the_samples_with_a_tab_per_region(in_root):
    # The real pipeline, end to end: what `dj-tui` shows from the project root.
    app = create_app(["data/reports"], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert tab_labels(app) == ["总览", "黑龙江省 1", "安徽省 2", "甘肃省 2"]
        overview = app.query_one("#region-table", DataTable)
        assert [str(key.value) for key in overview.rows] == ["黑龙江省", "安徽省", "甘肃省"]
        assert "报告 5 · 地区 3" in str(app.query_one("#status", Label).render())


async def test_tab_keys_switch_tabs(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.tabs.active == "overview"
        await pilot.press("right_square_bracket")
        assert pane_for(app, "黑龙江省").id == app.tabs.active
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert pane_for(app, "甘肃省").id == app.tabs.active
        await pilot.press("left_square_bracket")
        assert pane_for(app, "安徽省").id == app.tabs.active
        await pilot.press("1")
        assert app.tabs.active == "overview"
        await pilot.press("4")
        assert pane_for(app, "甘肃省").id == app.tabs.active
        # Focus follows the tab, so the list answers the arrow keys at once.
        assert app.focused is pane_for(app, "甘肃省").table


async def test_enter_on_an_overview_row_opens_that_region(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        assert pane_for(app, "安徽省").id == app.tabs.active


async def test_the_screen_never_scrolls(in_root, sample_analyses):
    for size in ((80, 24), (120, 40)):
        app = samples_app(sample_analyses)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            for keys in ((), ("4",), ("enter",)):
                await pilot.press(*keys)
                await pilot.pause()
                assert app.screen.max_scroll_y == 0
                assert app.screen.max_scroll_x == 0


# --- search ---------------------------------------------------------------------


async def test_typing_a_query_narrows_every_tab(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        await pilot.press(*"三航行动")
        await settle(app, pilot)
        assert tab_labels(app) == ["总览", "黑龙江省 1", "安徽省 0", "甘肃省 0"]
        await pilot.press("enter", "2")
        await settle(app, pilot)
        assert [row.path for row in pane_for(app, "黑龙江省").table.report_rows] == [SANSHANG]
        await pilot.press("3")
        await settle(app, pilot)
        table = pane_for(app, "安徽省").table
        assert table.rows == ()
        assert table.empty_message == "安徽省没有报告包含“三航行动”"


async def test_a_traditional_query_finds_simplified_reports(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"三航行動")
        await settle(app, pilot)
        assert tab_labels(app)[1:] == ["黑龙江省 1", "安徽省 0", "甘肃省 0"]


async def test_escape_clears_the_search(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"三航行动")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.query_one(SearchBox).value == ""
        assert tab_labels(app) == ["总览", "黑龙江省 1", "安徽省 2", "甘肃省 2"]
        assert not isinstance(app.focused, SearchBox)


async def test_keys_typed_into_the_search_box_are_text_not_commands(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", "c", "1", "right_square_bracket", "slash")
        await settle(app, pilot)
        assert app.query_one(SearchBox).value == "c1]/"
        assert app.clipboard == ""
        assert app.tabs.active == "overview"


async def test_n_and_shift_n_jump_between_matches_in_the_open_report(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"三航行动", "enter", "2")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        detail = pane_for(app, "黑龙江省").detail
        full_text = "".join(s.norm for s in detail.report.analysis.sentences)
        assert detail.match_count == full_text.count("三航行动") > 2
        assert detail.current_match == 0
        await pilot.press("n")
        assert detail.current_match == 1
        await pilot.press("f3")
        assert detail.current_match == 2
        await pilot.press("N", "shift+f3")
        assert detail.current_match == 0
        await pilot.press("N")
        assert detail.current_match == detail.match_count - 1
        status = str(app.query_one("#status", Label).render())
        assert f"第 {detail.match_count}/{detail.match_count} 处匹配" in status


# --- report detail --------------------------------------------------------------


async def test_selecting_a_report_shows_its_detail(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        pane = pane_for(app, "黑龙江省")
        detail = pane.detail
        analysis = sample_analyses[SANSHANG]
        header = str(detail.query_one("#detail-header", Static).content)
        assert "“三航行动”引领党的建设工作综述" in header
        assert "黑龙江省双鸭山市" in header
        assert "市直×12" in header  # the region's evidence
        summary = detail.query_one("#detail-summary", OptionList)
        assert [str(summary.get_option_at_index(i).prompt) for i in range(summary.option_count)] == [
            s.text for s in analysis.summary
        ]
        figures = detail.query_one("#detail-figures", OptionList)
        assert figures.option_count == len(analysis.figures)
        # The full text, paragraph by paragraph, each sentence verbatim.
        shown = detail.query_one(ReportText).plain
        paragraphs: dict[int, str] = {}
        for sentence in analysis.sentences:
            paragraphs[sentence.paragraph] = paragraphs.get(sentence.paragraph, "") + sentence.text
        assert shown == "\n\n".join(paragraphs.values())
        # At 80 columns the report replaces the list.
        assert not pane.table.display
        await pilot.press("escape")
        assert pane.open_report is None
        assert pane.table.display
        assert app.focused is pane.table


async def test_enter_on_a_summary_sentence_scrolls_the_text_to_it(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        detail = pane_for(app, "黑龙江省").detail
        target_sentence = detail.report.analysis.summary[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        # The summary has scrolled away; the sentence on screen is the one in the full text.
        summary = detail.query_one("#detail-summary")
        assert summary.region.bottom <= detail.content_region.y
        assert target_sentence.text[:12] in screen_text(app)
        assert app.focused is detail


async def test_a_wide_screen_shows_list_and_report_side_by_side(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "enter")
        await settle(app, pilot)
        pane = pane_for(app, "安徽省")
        assert pane.table.display and pane.detail.display
        assert pane.table.region.right <= pane.detail.region.x
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not pane.table.display and pane.detail.display


async def test_toggle_text_hides_everything_but_the_text(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter", "t")
        await pilot.pause()
        detail = pane_for(app, "黑龙江省").detail
        assert not detail.query_one("#detail-summary").display
        assert detail.query_one("#detail-text").display
        await pilot.press("t")
        assert detail.query_one("#detail-summary").display


# --- copy -----------------------------------------------------------------------


async def test_copy_gives_the_markdown_of_what_is_on_screen(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        briefing = app.clipboard
        assert briefing.startswith("# 党建工作综述 · 简报\n\n5 篇报告, 3 个地区。")
        for header in ("## 安徽省（2 篇）", "## 甘肃省（2 篇）", "## 黑龙江省（1 篇）", "## 各篇报告"):
            assert header in briefing
        assert briefing.count("\n### ") == 5
        await pilot.press("4", "c")
        region = app.clipboard
        assert region.startswith("## 甘肃省（2 篇）")
        assert "data/reports/wuwei-2022-jiceng-dangjian.txt" in region
        assert "data/reports/dingxi-anding-wuda-gongcheng.txt" in region
        assert "安徽" not in region and "## 各篇报告" not in region
        await pilot.press("2", "enter")
        await settle(app, pilot)
        await pilot.press("c")
        report = app.clipboard
        assert report.startswith("### ——市直机关工委“三航行动”引领党的建设工作综述")
        assert "摘要:" in report and "数据:" in report and "三航行动" in report
        assert "wuwei" not in report and "\n## " not in report


async def test_copy_goes_to_the_terminal_clipboard_and_says_so(in_root, sample_analyses, monkeypatch):
    app = samples_app(sample_analyses)
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "c")
        await pilot.pause()
        assert len(copied) == 1 and copied[0].startswith("## 安徽省（2 篇）")
        # It says the text was sent, not that it arrived: the terminal decides.
        assert any("已将安徽省的简报" in n.message and "发出" in n.message for n in app._notifications)
        assert not any("tmux" in n.message for n in app._notifications)


async def test_copy_inside_tmux_says_set_clipboard_is_needed(in_root, sample_analyses, monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    app = samples_app(sample_analyses)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "c")
        await pilot.pause()
        assert any("set-clipboard on" in n.message for n in app._notifications)


# --- safety, errors, empty input ------------------------------------------------------


async def test_report_text_is_shown_literally(tmp_path):
    hostile = "[bold]红色[/bold]\x1b[31m警报\x07"
    # Enough prose that the four control characters read as stray, not as a binary file.
    filler = "".join(f"武威市第{i}批党员志愿者深入社区开展为民服务活动，受到群众好评。\n\n" for i in range(12))
    body = SHORT_REPORT.format(title=f"{hostile}武威市基层党建") + filler + f"正文里也有{hostile}。\n"
    write_report(tmp_path, "hostile.txt", body)
    app = create_app([str(tmp_path)], Config(path=None))
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.collection.reports, app.collection.errors
        pane = app.region_panes()[0]
        await pilot.press("2")
        await settle(app, pilot)
        title = pane.table.report_rows[0].title
        assert "[bold]红色[/bold]␛[31m警报␇" in title
        await pilot.press("enter")
        await settle(app, pilot)
        text = pane.detail.query_one(ReportText).plain
        assert "[bold]红色[/bold]␛[31m警报␇" in text
        assert "\x1b" not in text and "\x07" not in text
        screen = app.export_screenshot()
        assert "[bold]红色[/bold]" in screen
        assert "\x1b" not in screen and "\x07" not in screen


async def test_files_that_fail_appear_in_the_errors_tab(tmp_path):
    write_report(tmp_path, "good.txt", SHORT_REPORT.format(title="武威市基层党建工作综述"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    app = create_app([str(tmp_path)], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert tab_labels(app)[-1] == "错误 2"
        assert len(app.collection.reports) == 1
        await pilot.press(str(len(tab_labels(app))))
        listing = str(app.query_one(ErrorsPane).query_one("#errors-list", Static).render())
        assert f"{tmp_path / 'empty.txt'}\n  empty file" in listing
        assert f"{tmp_path / 'binary.txt'}\n  binary file" in listing
        assert "2 个文件未能读取：" in listing
        assert any("2 个文件未能读取" in n.message for n in app._notifications)


async def test_an_empty_data_dir_says_what_to_do(tmp_path):
    app = create_app([str(tmp_path)], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        message = str(app.query_one("#overview-message", Static).render())
        assert message == empty_message([str(tmp_path)])
        assert "请指定目录（dj-tui 目录），或在 config.toml 的 [data] dirs 中设置" in message
        assert tab_labels(app) == ["总览", "错误 1"]


async def test_a_missing_path_does_not_crash(tmp_path):
    app = create_app([str(tmp_path / "nowhere")], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "中没有报告" in str(app.query_one("#overview-message", Static).render())


# --- the analysis worker ----------------------------------------------------------------


class Gate:
    """An analyze function that hands out one report each time the test opens the gate."""

    def __init__(self, analyses: dict[str, DocumentAnalysis]) -> None:
        self.analyses = analyses
        self.requested = 0
        self._open = threading.Semaphore(0)

    def release(self, n: int = 1) -> None:
        for _ in range(n):
            self._open.release()

    def __call__(self, files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis]:
        for path in files:
            self.requested += 1
            self._open.acquire()
            yield self.analyses[path]


async def wait_until(pilot, condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never met")


async def test_reports_appear_while_analysing_and_escape_cancels(in_root, sample_analyses):
    gate = Gate(sample_analyses)
    app = create_app(["data/reports"], Config(path=None), analyze=gate)
    async with app.run_test(size=(80, 24)) as pilot:
        gate.release()
        await wait_until(pilot, lambda: len(app.collection.reports) == 1)
        assert app.running
        assert tab_labels(app) == ["总览", "安徽省 1"]
        # The UI answers keys while the worker waits.
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        await pilot.press("escape", "escape")
        gate.release()  # lets the worker reach its next cancellation check
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.running and app.cancelled
        assert gate.requested == 2  # the worker never asked for a third report
        assert len(app.collection.reports) == 2
        assert "已取消 2/5" in str(app.query_one("#status", Label).render())


async def test_tabs_appear_as_regions_are_found_each_at_its_official_place(in_root, sample_analyses, monkeypatch):
    # 安徽省 is found first; 黑龙江省 (code 23, before 安徽 34) comes in later
    # and takes its place before it; no tab moves after that. Reports come in
    # the order the analysis finishes them (a process pool, a cache), not by path.
    # Every report is shown as soon as it is in (no pacing of the rebuilds).
    monkeypatch.setattr(loader, "MIN_REBUILD_INTERVAL", 0)
    monkeypatch.setattr(loader, "REBUILD_COST_FACTOR", 0)
    paths = sorted(sample_analyses)
    provinces = ["安徽省", "黑龙江省", "黑龙江省", "黑龙江省"]
    renamed = {
        path: dataclasses.replace(sample_analyses[path], region=Region(province=province, level="province"))
        for path, province in zip(paths, provinces)
    }
    gate = Gate(renamed)
    app = create_app(paths[:4], Config(path=None), analyze=gate)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            gate.release(1)
            await wait_until(pilot, lambda: len(app.collection.reports) == 1)
            assert tab_labels(app) == ["总览", "安徽省 1"]
            anhui = app.tabs.get_tab(pane_for(app, "安徽省"))
            gate.release(1)
            await wait_until(pilot, lambda: len(app.collection.reports) == 2)
            assert tab_labels(app) == ["总览", "黑龙江省 1", "安徽省 1"]
            gate.release(2)
            await settle(app, pilot)
            assert tab_labels(app) == ["总览", "黑龙江省 3", "安徽省 1"]
            assert app.tabs.get_tab(pane_for(app, "安徽省")) is anhui
        finally:
            # A failed assertion must not leave the analysis waiting at the gate: quitting would wait for ever.
            gate.release(4)


async def test_the_first_frame_does_not_wait_for_jieba():
    code = (
        "import asyncio, sys, threading\n"
        "from dj_tui.config import Config\n"
        "from dj_tui.ui.app import create_app\n"
        "hold = threading.Event()\n"
        "def analyze(files, settings):\n"
        "    hold.wait()\n"
        "    yield from ()\n"
        "async def main():\n"
        "    app = create_app(['data/reports'], Config(path=None), analyze=analyze)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert app.screen.is_mounted\n"
        "        print('jieba' in sys.modules)\n"
        "        hold.set()\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# --- keys, help, palette ----------------------------------------------------------------


async def test_a_keymap_from_config_rebinds_keys(in_root, sample_analyses):
    config = Config(path=None, keymap={"copy": "y", "search": "ctrl+f"})
    app = samples_app(sample_analyses, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        assert app.clipboard == ""
        await pilot.press("y")
        assert app.clipboard.startswith("# 党建工作综述")
        await pilot.press("slash")
        assert not isinstance(app.focused, SearchBox)
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, SearchBox)


async def test_f1_lists_every_binding_with_its_id(in_root, sample_analyses):
    app = samples_app(sample_analyses, Config(path=None, keymap={"copy": "y"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        assert {str(key.value) for key in table.rows} == KEY_IDS
        assert str(table.get_cell("copy", "keys")) == "y"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_footer_shows_the_essential_keys(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = {active.binding.id for active in app.screen.active_bindings.values() if active.binding.show}
        assert {"search", "back", "copy", "command_palette", "help", "quit"} <= shown


async def test_the_command_palette_switches_region_and_opens_reports(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.palette_commands()]
        assert "切换地区：甘肃省" in titles
        assert "复制全部简报" in titles
        assert "打开报告：——市直机关工委“三航行动”引领党的建设工作综述" in titles
        await pilot.press("ctrl+p", *"切换地区甘肃")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.tabs.active == pane_for(app, "甘肃省").id
        await pilot.press("ctrl+p", *"打开报告三航行动")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        pane = pane_for(app, "黑龙江省")
        assert app.tabs.active == pane.id
        assert pane.open_report is not None and pane.open_report.path == SANSHANG
        titles = [command.title for command in app.palette_commands()]
        assert "复制摘要" in titles and "切换全文" in titles


async def test_no_report_is_open_until_one_is_chosen_and_escape_closes_it(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.query_one(OverviewPane).display
        await pilot.press("3")
        await settle(app, pilot)
        pane = pane_for(app, "安徽省")
        assert pane.open_report is None and pane.table.display and app.focused is pane.table
        await pilot.press("enter")
        await settle(app, pilot)
        assert pane.open_report is not None and pane.detail.display
        await pilot.press("escape")
        await settle(app, pilot)
        assert pane.open_report is None and not pane.detail.display and app.focused is pane.table


async def test_a_tab_shown_while_the_dashboard_closes_does_not_crash_it(in_root, sample_analyses):
    # The app's panes are being removed as it quits; a tab activated in that
    # moment must not try to fill a pane that can no longer take widgets.
    app = samples_app(sample_analyses)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        pane = pane_for(app, "甘肃省")
        assert not pane.children, "a region pane is filled when first shown"
        pane.remove()
        app.tabs.active = pane.id
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_w_shows_why_each_figure_of_the_open_report_ranks_where_it_does(in_root, sample_analyses):
    app = samples_app(sample_analyses)
    # Tall enough for the report's first figure below the region's period, cards and list.
    async with app.run_test(size=(120, 44)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        detail = pane_for(app, "黑龙江省").detail
        first = detail.report.analysis.figures[0]
        assert first.reasons and first.reasons[0] not in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert first.reasons[0] in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert first.reasons[0] not in screen_text(app)


async def test_every_tab_key_reaches_the_errors_tab_from_the_overview(tmp_path):
    write_report(tmp_path, "good.txt", SHORT_REPORT.format(title="武威市基层党建工作综述"))
    (tmp_path / "empty.txt").write_bytes(b"")
    app = create_app([str(tmp_path)], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        labels = tab_labels(app)
        assert labels[0] == "总览" and labels[-1] == "错误 1"
        await pilot.press(str(len(labels)))
        await pilot.pause()
        assert app.tabs.active == "errors"
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.tabs.active == "errors"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.tabs.active == app.tabs.query(Tab).first().id.removeprefix("--content-tab-")
