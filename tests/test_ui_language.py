"""The dashboard speaks simplified Chinese, or English when asked: every screen, from one catalogue."""

from __future__ import annotations

import io
import re
import shutil
import string
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from cli_runner import run_cli
from textual.binding import Binding
from textual.command import CommandPalette

from dj_tui import strings
from dj_tui.analysis.models import CollectionResult
from dj_tui.cli import main
from dj_tui.config import Config
from dj_tui.keymap import DEFAULT_KEYS, KEY_IDS
from dj_tui.ui import app as app_module
from dj_tui.ui.app import DashboardApp, create_app
from dj_tui.ui.screens.help import HelpScreen
from dj_tui.ui.screens.region_picker import RegionPicker

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Words the Chinese interface may show in Latin letters because they are
# typed, not read: key names (as the footer and help display them, and as
# prose names them), binding ids and config.toml syntax (the help and the
# empty state tell what to write), and the program's name.
TYPED_WORDS = {"Esc", "Tab", "shift", "Enter", "ctrl", "dj", "tui", "config", "toml", "keymap", "copy", "y", "data", "dirs"}


@pytest.fixture(autouse=True)
def _language_restored():
    yield
    strings.set_language(strings.ZH)


def screen_text(app: DashboardApp) -> str:
    """Every cell of the screen as text, whitespace removed (wrapped data reads on across lines)."""
    return "".join("".join(strip.text.split()) for strip in app.screen._compositor.render_strips())


def data_strings(collection: CollectionResult) -> list[str]:
    """What the dashboard shows of the data: as the analysis wrote it, in no language of the interface."""
    found: list[str] = []
    for report in collection.reports:
        analysis = report.analysis
        metadata = analysis.metadata
        found += [analysis.path, analysis.format, *analysis.warnings, *analysis.region.evidence]
        found += [metadata.title or "", metadata.subtitle or "", metadata.source or "", *metadata.authors]
        found += [sentence.text for sentence in analysis.sentences]
        found += [keyword.term for keyword in report.keywords]
        for figure in analysis.figures:
            found += [figure.text, figure.subject or "", *figure.reasons]
    for error in collection.errors:
        found += [error.path, error.message]
    return found


def key_words(app: DashboardApp) -> set[str]:
    """The Latin tokens of every key as the dashboard displays it (^f, esc, f1, pgdn …)."""
    shown = ",".join(
        app.get_key_display(Binding(key.strip(), "")) for spec in DEFAULT_KEYS for key in spec.keys.split(",")
    )
    return set(LATIN_WORD.findall(shown))


def foreign_words(app: DashboardApp) -> list[str]:
    """Latin words on screen that are neither data, nor a key, binding id or config syntax."""
    shown = screen_text(app)
    for item in sorted(data_strings(app.collection), key=len, reverse=True):
        item = "".join(item.split())
        if item:
            shown = shown.replace(item, "")
    # Report text cut to a column's width (…) cannot be found whole: its words may stay.
    # (Only the report's own text is cut; paths, reasons and warnings are shown whole.)
    cut = [s.text for r in app.collection.reports for s in r.analysis.sentences]
    cut += [k.term for r in app.collection.reports for k in r.keywords]
    data_words = {word for item in cut for word in LATIN_WORD.findall(item)}
    allowed = TYPED_WORDS | KEY_IDS | key_words(app) | data_words
    return [word for word in LATIN_WORD.findall(shown) if word not in allowed]


async def settle(app: DashboardApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_both_languages_have_every_message_with_the_same_fields():
    def fields(message: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(message) if name}

    zh, en = strings.CATALOGUE[strings.ZH], strings.CATALOGUE[strings.EN]
    assert zh.keys() == en.keys()
    for message_id in zh:
        assert fields(zh[message_id]) == fields(en[message_id]), message_id
    for language in strings.LANGUAGES:
        strings.set_language(language)
        for spec in DEFAULT_KEYS:
            assert spec.description and strings.text(f"scope.{spec.scope}")
    strings.set_language(strings.ZH)
    assert [strings.key_description(i) for i in ("copy", "tab_3")] == ["复制", "第 3 个标签页"]
    assert strings.level_name("county") == "县级"


async def test_every_screen_in_chinese_shows_no_latin_word_but_data_and_keys(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "reports")
    (tmp_path / "reports" / "empty.txt").write_bytes(b"")
    app = create_app([str(tmp_path / "reports")], Config(path=None))
    app.animation_level = "none"
    screens = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screens["overview"] = foreign_words(app)
        await pilot.press("2")
        await settle(app, pilot)
        screens["region tab"] = foreign_words(app)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        detail = app.active_pane().detail
        detail.scroll_to_widget(detail.query_one("#detail-figures"), animate=False, top=True)
        await pilot.pause()
        figure = app.active_pane().open_report.analysis.figures[0]
        assert figure.reasons and "".join(figure.reasons[0].split()) in screen_text(app)
        screens["report with figure reasons"] = foreign_words(app)
        await pilot.press("escape", "slash", *"三航行动")
        await settle(app, pilot)
        assert "命中1" in screen_text(app)
        screens["search"] = foreign_words(app)
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        screens["help"] = foreign_words(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        screens["command palette"] = foreign_words(app)
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, RegionPicker)
        screens["region picker"] = foreign_words(app)
        await pilot.press(*"新疆")
        await pilot.pause()
        screens["region picker, nothing found"] = foreign_words(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(str(len(app.tabs.query("Tab"))))
        await pilot.pause()
        assert app.tabs.active == "errors"
        assert "1个文件未能读取" in screen_text(app)
        screens["errors tab"] = foreign_words(app)
        assert any("1 个文件未能读取" in n.message for n in app._notifications)
        await pilot.press("1", "d")
        await pilot.pause()
        assert "按日期筛选" in screen_text(app)
        screens["date filter"] = foreign_words(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash", *"三航行动", "enter")
        await settle(app, pilot)
        assert "含“三航行动”的报告1篇" in screen_text(app)
        screens["search results"] = foreign_words(app)
    empty = create_app([str(tmp_path / "nothing")], Config(path=None))
    async with empty.run_test(size=(80, 24)) as pilot:
        await settle(empty, pilot)
        assert "中没有报告" in screen_text(empty)
        screens["empty data dir"] = foreign_words(empty)
    assert screens == dict.fromkeys(screens, [])


async def test_the_status_line_and_footer_fit_80_columns_in_chinese(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "reports")
    (tmp_path / "reports" / "empty.txt").write_bytes(b"")
    app = create_app([str(tmp_path / "reports")], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"党", "enter")
        await settle(app, pilot)
        status = str(app.query_one("#status").render())
        assert status == "命中 5 · 报告 5 · 地区 3 · 失败 1"
        strips = app.screen._compositor.render_strips()
        assert status in strips[0].text
        footer = strips[-1].text
        for description in ("搜索", "返回", "复制", "命令", "帮助", "退出"):
            assert description in footer


async def test_english_when_the_config_says_so(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "reports")
    app = create_app([str(tmp_path / "reports")], Config(path=None, language="en"))
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Overview" in shown and "总览" not in shown
        assert "5reports·3regions" in shown
        for description in ("Search", "Back", "Copy", "Commands", "Help", "Quit"):
            assert description in shown
        assert "Region#KeyphrasesFigures" in shown
        await pilot.press("3", "enter")
        await settle(app, pilot)
        assert "Region:安徽省（province）" in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert "Keys·esc,f1,qcloses" in screen_text(app)
        titles = [command.title for command in app.palette_commands()]
        assert "Switch region: 甘肃省" in titles and "Copy summary" in titles


def test_dj_tui_lang_en_gives_the_dashboard_in_english(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text('[ui]\nlanguage = "zh"\n', encoding="utf-8")
    started = []

    class Dashboard:
        return_code = 0

        def run(self) -> None:
            pass

    def create(paths, config):
        started.append(config.language)
        return Dashboard()

    monkeypatch.setattr(app_module, "create_app", create)
    config = str(tmp_path / "config.toml")
    assert run_cli("--config", config, "--lang", "en", str(SAMPLES)) == (0, "", "")
    assert run_cli("--config", config, str(SAMPLES)) == (0, "", "")
    assert started == ["en", "zh"]
    with pytest.raises(SystemExit) as caught, redirect_stderr(io.StringIO()) as err:
        main(["--lang", "fr", str(SAMPLES)])
    assert caught.value.code == 2 and "--lang: invalid choice: 'fr'" in err.getvalue()
