"""The dashboard's export (e), analysing again (r), the status line and the help at 80 columns."""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import docx
import pytest
from cli_runner import run_cli
from rich.cells import cell_len
from test_ui_app import (
    ROOT,
    SHORT_REPORT,
    Gate,
    pane_for,
    samples_app,
    screen_text,
    settle,
    tab_labels,
    wait_until,
    write_report,
)
from textual.widgets import DataTable, Label

from dj_tui.analysis import briefing_file
from dj_tui.analysis.collection.dates import DateFilter
from dj_tui.analysis.models import CollectionResult, LoadError
from dj_tui.config import Config, ConfigError, load_config
from dj_tui.keymap import DEFAULT_KEYS
from dj_tui.strings import EN, ZH, set_language
from dj_tui.ui.app import DashboardApp, create_app
from dj_tui.ui.screens.export import ExportScreen
from dj_tui.ui.screens.help import HelpScreen
from dj_tui.ui.widgets.search_box import SearchBox

# The fixtures of the dashboard's tests: the samples analysed once, and the project root as cwd.

# The format's place in the export window (the Word 简报 first), its suffix and the CLI's --format.
FORMATS = {"docx": 0, "markdown": 1, "csv": 2}
SUFFIX = {"docx": "docx", "markdown": "md", "csv": "csv"}
STAMP = r"\d{8}-\d{4}"

HEILONGJIANG_REPORT = (
    "{title}\n\n"
    "黑龙江省双鸭山市市直机关工委深入开展“三航行动”，全市建成党员活动室320个。\n\n"
    "双鸭山市推动机关党建与业务深度融合，培训党员干部2.1万人次。\n"
)


@pytest.fixture(autouse=True)
def _language_restored():
    # An app in English sets the process's language; the next test expects Chinese.
    yield
    set_language(ZH)


def exporting_app(sample_analyses, directory: Path, language: str = ZH) -> DashboardApp:
    return samples_app(sample_analyses, Config(path=None, export_dir=str(directory), language=language))


async def export(app: DashboardApp, pilot, file_format: str) -> None:
    """e, then the format, then Enter; waits for the file to be written and the toast to be shown."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    await pilot.press(*["down"] * FORMATS[file_format], "enter")
    await settle(app, pilot)


def written(directory: Path) -> list[Path]:
    return sorted(path for path in directory.iterdir() if not path.name.startswith("."))


def toasts(app: DashboardApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def docx_parts(path: Path) -> dict[str, bytes]:
    """A .docx's parts by name: equal parts make the same document (the zip's times differ)."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- e: export ---------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
async def test_export_of_every_region_is_the_file_summarize_writes(in_root, sample_analyses, tmp_path, file_format):
    exports = tmp_path / "exports"
    exports.mkdir()
    app = exporting_app(sample_analyses, exports)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await export(app, pilot, file_format)
        [path] = written(exports)
        assert re.fullmatch(rf"党建(简报|数据)-全部地区-{STAMP}\.{SUFFIX[file_format]}", path.name)
        # The toast names the full path.
        assert f"已保存：{path}" in toasts(app)
    headless = tmp_path / f"summarize.{SUFFIX[file_format]}"
    code, _, err = run_cli("summarize", "data/reports", "--format", file_format, "--output", str(headless))
    assert code == 0, err
    if file_format == "docx":
        assert docx_parts(path) == docx_parts(headless)
    else:
        assert path.read_bytes() == headless.read_bytes()


async def test_the_exported_word_briefing_reads_back_with_headings_places_and_figures(
    in_root, sample_analyses, tmp_path
):
    app = exporting_app(sample_analyses, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await export(app, pilot, "docx")
    [path] = written(tmp_path)
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["黑龙江省（1 篇）", "安徽省（2 篇）", "甘肃省（2 篇）"]
    texts = [p.text for p in document.paragraphs]
    assert "地点：定西市、武威市" in texts
    assert "武威市：重大项目完成投资 372亿元（《党建领航风帆劲 砥砺奋进谱新篇》）" in texts


async def test_export_on_a_region_tab_saves_that_region(in_root, sample_analyses, tmp_path):
    app = exporting_app(sample_analyses, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")  # 甘肃省
        await export(app, pilot, "markdown")
    [path] = written(tmp_path)
    assert re.fullmatch(rf"党建简报-甘肃省-{STAMP}\.md", path.name)
    markdown = path.read_text(encoding="utf-8")
    assert "## 甘肃省（2 篇）" in markdown
    assert "372亿元" in markdown
    assert "安徽" not in markdown and "黑龙江" not in markdown


async def test_export_of_the_open_report_saves_only_its_figures(in_root, sample_analyses, tmp_path):
    app = exporting_app(sample_analyses, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")  # 黑龙江省's one report
        await settle(app, pilot)
        await export(app, pilot, "csv")
    [path] = written(tmp_path)
    assert re.fullmatch(rf"党建数据-市直机关工委“三航行动”引领党的建设工作综述-{STAMP}\.csv", path.name)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows and {row["report"] for row in rows} == {"data/reports/shuangyashan-sanhang-xingdong.txt"}
    assert {row["region"] for row in rows} == {"黑龙江省"}
    assert any(row["text"] == "337项" for row in rows)


async def test_export_never_writes_into_a_data_directory(in_root, sample_analyses):
    data = ROOT / "data" / "reports"
    before = sorted(data.iterdir())
    app = exporting_app(sample_analyses, data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert any(message.startswith(f"不写入 {data}：") for message in toasts(app))
    assert sorted(data.iterdir()) == before


async def test_export_that_cannot_write_names_the_file_and_why(in_root, sample_analyses, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the export directory should be")
    app = exporting_app(sample_analyses, blocker)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await export(app, pilot, "docx")
        [message] = [m for m in toasts(app) if m.startswith("未能保存")]
    assert re.fullmatch(rf"未能保存 {re.escape(str(blocker))}/党建简报-全部地区-{STAMP}\.docx：file exists", message)


async def test_export_can_be_cancelled_and_is_in_the_footer(in_root, sample_analyses, tmp_path):
    app = exporting_app(sample_analyses, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "e 导出" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        shown = screen_text(app)
        assert "导出全部地区" in shown and "Word 简报（.docx）" in shown
        assert "Enter 保存 · esc 取消" in shown
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert written(tmp_path) == []


async def test_copy_offers_export_as_the_sure_way(in_root, sample_analyses, monkeypatch):
    app = samples_app(sample_analyses)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert any("按 e 导出文件更可靠" in message for message in toasts(app))


def test_a_new_export_never_replaces_a_file(tmp_path):
    name = "党建简报-甘肃省-20261201-0712.docx"
    (tmp_path / name).write_bytes(b"yesterday's")
    first = briefing_file.write_new(tmp_path, name, b"new")
    second = briefing_file.write_new(tmp_path, name, b"newer")
    assert (first.name, second.name) == ("党建简报-甘肃省-20261201-0712-2.docx", "党建简报-甘肃省-20261201-0712-3.docx")
    assert [(tmp_path / name).read_bytes(), first.read_bytes(), second.read_bytes()] == [b"yesterday's", b"new", b"newer"]
    assert written(tmp_path) == sorted([tmp_path / name, first, second])  # no temporary file left


def test_a_file_name_from_a_report_is_safe_and_short():
    made = datetime(2026, 12, 1, 7, 12)
    name = briefing_file.file_name("docx", "a/b\\c:d*e?\"f<g>h|i\n\x1b j" + "很长的标题" * 20, made)
    assert re.fullmatch(r"党建简报-a_b_c_d_e_f_g_h_i_j很长的标题\S*…-20261201-0712\.docx", name)
    assert len(name.encode()) < 255
    assert briefing_file.file_name("csv", "../..", made) == "党建数据-报告-20261201-0712.csv"
    assert briefing_file.file_name("markdown", None, made) == "党建简报-全部地区-20261201-0712.md"


# --- r: resume, analyse again --------------------------------------------------------


async def test_r_resumes_an_analysis_escape_cancelled(in_root, sample_analyses):
    gate = Gate(sample_analyses)
    app = create_app(["data/reports"], Config(path=None), analyze=gate)
    async with app.run_test(size=(80, 24)) as pilot:
        gate.release()
        await wait_until(pilot, lambda: len(app.collection.reports) == 1)
        await pilot.press("slash", "escape", "escape")
        gate.release()  # lets the worker reach its next cancellation check
        await settle(app, pilot)
        assert app.cancelled and len(app.collection.reports) < 5
        assert "继续分析" in [command.title for command in app.palette_commands()]
        await pilot.press("r")
        gate.release(5)
        await settle(app, pilot)
        assert not app.running and not app.cancelled
        assert len(app.collection.reports) == 5
        assert tab_labels(app) == ["总览", "黑龙江省 1", "安徽省 2", "甘肃省 2"]
        assert "报告 5 · 地区 3" in str(app.query_one("#status", Label).render())
        assert "重新分析" in [command.title for command in app.palette_commands()]


async def test_r_while_analysing_only_says_so(in_root, sample_analyses):
    gate = Gate(sample_analyses)
    app = create_app(["data/reports"], Config(path=None), analyze=gate)
    async with app.run_test(size=(80, 24)) as pilot:
        gate.release()
        await wait_until(pilot, lambda: len(app.collection.reports) == 1)
        worker = app._analysis
        await pilot.press("r")
        await pilot.pause()
        # Asserted once the gate is open: a failing test must not leave the analysis waiting on it.
        same_analysis, still_running, said = app._analysis is worker, app.running, toasts(app)
        gate.release(4)
        await settle(app, pilot)
        assert same_analysis and still_running
        assert "正在分析：完成后再按 r 可重新分析。" in said
        assert len(app.collection.reports) == 5 and gate.requested == 5


async def test_r_brings_in_new_files_and_drops_removed_ones(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    gansu = write_report(data, "gansu.txt", SHORT_REPORT.format(title="武威市基层党建工作综述"))
    app = create_app([str(data)], Config(path=None, jobs=1))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert tab_labels(app) == ["总览", "甘肃省 1"]
        await pilot.press("2", "enter")  # open the report, then search: both stay through r
        await settle(app, pilot)
        await pilot.press("slash", *"党建", "enter")
        await settle(app, pilot)
        write_report(data, "heilongjiang.txt", HEILONGJIANG_REPORT.format(title="双鸭山市机关党建工作综述"))
        await pilot.press("r")
        await settle(app, pilot)
        assert tab_labels(app) == ["总览", "黑龙江省 1", "甘肃省 1"]
        assert pane_for(app, "甘肃省").open_report is not None
        assert app.query_one(SearchBox).value == "党建" and app.matches is not None and len(app.matches) == 2
        gansu.unlink()
        await pilot.press("r")
        await settle(app, pilot)
        assert tab_labels(app) == ["总览", "黑龙江省 1"]
        assert [report.analysis.metadata.title for report in app.collection.reports] == ["双鸭山市机关党建工作综述"]


# --- the status line and the help at 80 columns ----------------------------------------


def _largest_collection(app: DashboardApp) -> None:
    """Ten thousand reports in 34 regions, 999 failures and every report found: the widest numbers."""
    report = next(iter(app.collection.reports))
    group = app.collection.regions[0]
    errors = (LoadError("x.txt", "empty file"),) * 999
    app.collection = CollectionResult(reports=(report,) * 10_000, regions=(group,) * 34, errors=errors)
    app.reports = {f"report-{n}": report for n in range(10_000)}


@pytest.mark.parametrize("language", [ZH, EN])
async def test_the_status_line_fits_at_80_columns_in_every_state(in_root, sample_analyses, language):
    gate = Gate(sample_analyses)
    app = create_app(["data/reports"], Config(path=None, language=language), analyze=gate)
    too_wide = []
    async with app.run_test(size=(80, 24)) as pilot:
        for running in (True, False):
            if not running:
                gate.release(5)
                await settle(app, pilot)
            else:
                gate.release()
                await wait_until(pilot, lambda: len(app.collection.reports) == 1)
            analysed = app.collection, app.reports
            _largest_collection(app)
            label = app.query_one("#status", Label)
            placeholder = app.query_one(SearchBox).placeholder
            # The search box keeps its whole placeholder beside the status.
            if app.query_one(SearchBox).content_size.width < cell_len(placeholder):
                too_wide.append((placeholder, app.query_one(SearchBox).content_size.width))
            for cancelled in ((False,) if running else (False, True)):
                for searching, filtering in itertools.product((False, True), repeat=2):
                    app.running, app.cancelled, app.done, app.total = running, cancelled, 9_999, 10_000
                    app.matches = frozenset(app.reports) if searching else None
                    app.date_filter = DateFilter("2024-01-01", "2024-12-31") if filtering else DateFilter()
                    app.narrowed = replace(app.narrowed, undated=9_999)
                    app._show_status()
                    line = str(label.render())
                    if cell_len(line) > label.content_size.width:
                        too_wide.append((line, label.content_size.width))
            # Back to what the analysis made, before the app handles its next message.
            app.collection, app.reports = analysed
            app.matches = None
            app.date_filter = DateFilter()
    # Asserted after the app has closed: the analysis waits on the gate until then.
    assert too_wide == []


@pytest.mark.parametrize("language", [ZH, EN])
async def test_help_at_80x24_says_how_to_close_it_and_cuts_no_description(in_root, sample_analyses, language):
    config = Config(path=None, language=language, keymap={"close_help": "f10,q"})
    app = samples_app(sample_analyses, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        close = {ZH: "按 f10, q 关闭", EN: "f10, q closes"}[language]
        assert close in screen_text(app)
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # every column whole: nothing to scroll sideways to
        shown = screen_text(app)
        for spec in DEFAULT_KEYS[:5]:
            assert spec.description in shown
        await pilot.press("f10")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_the_export_dir_is_read_against_the_config_file_and_validated(tmp_path):
    assert Config(path=None).export_dir == "."  # the directory dj-tui was started in
    path = tmp_path / "config.toml"
    path.write_text('[export]\ndir = "exports"\n', encoding="utf-8")
    assert load_config(str(path)).export_dir == str(tmp_path / "exports")
    path.write_text("[export]\n# where e saves\ndir = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    assert str(caught.value) == f"{path}:3: export.dir: must be a non-empty string, got 3"
