"""Thirty regions on the dashboard: whole tabs with a sign of the hidden ones, the picker, flat tab switching."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.dom import DOMNode
from textual.widgets import Footer, Input, OptionList, Tab, Tabs

from dj_tui.analysis import pipeline
from dj_tui.analysis.models import DocumentAnalysis, LoadError, Region
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import gazetteer
from dj_tui.analysis.stages.ingest import discover
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app
from dj_tui.ui.screens.region_picker import RegionPicker
from dj_tui.ui.widgets.tab_window import HiddenTabsSign, tab_window

ROOT = Path(__file__).resolve().parent.parent
REGIONS = 30


@pytest.fixture(scope="module")
def thirty_regions(tmp_path_factory) -> tuple[Path, dict[str, DocumentAnalysis]]:
    """A report in each of the gazetteer's first thirty provinces: copies of one analysed sample."""
    files, _ = discover([str(ROOT / "data" / "reports")], AnalysisSettings().patterns)
    sample = next(a for a in pipeline.analyze_iter(files[:1], AnalysisSettings(), cache=None))
    assert isinstance(sample, DocumentAnalysis)
    directory = tmp_path_factory.mktemp("thirty")
    provinces = [d.name for d in gazetteer.load().divisions if d.level == "province"][:REGIONS]
    analyses = {}
    # Written in reverse code order: the tabs' order must come from the gazetteer, not the files.
    for number, province in enumerate(reversed(provinces)):
        copy = directory / f"{number:02d}.txt"
        copy.write_bytes(Path(sample.path).read_bytes())
        region = Region(province=province, level="province")
        analyses[str(copy)] = dataclasses.replace(sample, path=str(copy), region=region)
    return directory, analyses


def thirty_region_app(thirty_regions) -> DashboardApp:
    directory, analyses = thirty_regions

    def replay(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
        for path in files:
            yield analyses[path]

    app = create_app([str(directory)], Config(path=None), analyze=replay)
    app.animation_level = "none"
    return app


async def loaded(app: DashboardApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert len(app.collection.regions) == REGIONS


def shown_tabs(app: DashboardApp) -> list[Tab]:
    return [tab for tab in app.tabs.query(Tab) if tab.display]


def region_of(app: DashboardApp) -> str:
    pane = app.tabs.active_pane
    return getattr(pane, "region_name", "")


def official_provinces() -> list[str]:
    return [d.name for d in gazetteer.load().divisions if d.level == "province"][:REGIONS]


async def test_thirty_tabs_come_in_official_order_whole_with_a_sign_of_the_hidden(thirty_regions):
    app = thirty_region_app(thirty_regions)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        labels = [tab.label.plain for tab in app.tabs.query(Tab)]
        assert labels == ["总览", *(f"{name} 1" for name in official_provinces())]
        sign = app.query_one(HiddenTabsSign)
        for _ in range(REGIONS + 3):
            shown = shown_tabs(app)
            active = app.tabs.query_one(Tabs).active_tab
            assert active in shown
            # Whole tabs only, left of the sign: no label is cut at either edge.
            assert all(tab.region.x >= 0 and tab.region.right <= sign.region.x for tab in shown)
            assert all(tab.region.width == cell_len(tab.label.plain) + 2 for tab in shown)
            all_tabs = list(app.tabs.query(Tab))
            before = all_tabs.index(shown[0])
            after = len(all_tabs) - all_tabs.index(shown[-1]) - 1
            assert sign.display and str(sign.render()) == " ".join(
                part for part in (f"‹{before}" if before else "", f"{after}›" if after else "") if part
            )
            await pilot.press("right_square_bracket")
            await pilot.pause()
        # Round past the last region to 总览, then 北京市 and 天津市; and back round the other way.
        assert region_of(app) == official_provinces()[1]
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert region_of(app) == official_provinces()[-1]
        assert shown_tabs(app)[-1] is app.tabs.query_one(Tabs).active_tab
        # A wider screen shows more whole tabs, still ending at the active one.
        at_80 = len(shown_tabs(app))
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        assert len(shown_tabs(app)) > at_80
        assert shown_tabs(app)[-1] is app.tabs.query_one(Tabs).active_tab
        assert all(tab.region.right <= sign.region.x for tab in shown_tabs(app))


def test_the_window_of_tabs_moves_as_little_as_it_can():
    widths = [6, 10, 10, 10, 10, 10, 10]
    assert tab_window(widths, 0, 0, 35) == (0, 3)
    assert tab_window(widths, 2, 0, 35) == (0, 3)  # inside: the window stays
    assert tab_window(widths, 3, 0, 35) == (1, 4)  # one past: the window moves by one
    assert tab_window(widths, 6, 1, 35) == (4, 7)
    assert tab_window(widths, 5, 4, 35) == (4, 7)  # back inside: it stays
    assert tab_window(widths, 1, 4, 35) == (1, 4)  # before it: the active tab comes first
    assert tab_window(widths, 6, 0, 100) == (0, 7)
    assert tab_window([50], 0, 0, 35) == (0, 1)  # a tab wider than the room is shown alone


async def test_the_region_picker_jumps_to_a_region_as_its_name_is_typed(thirty_regions):
    app = thirty_region_app(thirty_regions)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, RegionPicker)
        listed = picker.query_one(OptionList)
        assert listed.option_count == REGIONS
        assert str(listed.get_option_at_index(0).prompt).startswith("北京市")
        await pilot.press(*"内蒙")
        await pilot.pause()
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == ["内蒙古自治区  1 篇"]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, RegionPicker)
        assert region_of(app) == "内蒙古自治区"
        assert app.tabs.query_one(Tabs).active_tab in shown_tabs(app)
        # Traditional characters and a suffix the name does not have; Down moves while typing.
        await pilot.press("g", *"廣西自治區")
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"江")
        await pilot.pause()
        # 江 finds 黑龙江省, 江苏省, 浙江省 and 江西省, in the official order.
        assert isinstance(app.focused, Input)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert region_of(app) == "浙江省"
        # Esc closes without moving.
        await pilot.press("g", *"北京", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, RegionPicker)
        assert region_of(app) == "浙江省"


async def test_the_palette_opens_the_region_picker(thirty_regions):
    app = thirty_region_app(thirty_regions)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+p", *"跳转到地区")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RegionPicker)


def watchers(node: DOMNode) -> int:
    """The watchers others keep on ``node``'s reactives (Textual's private per-object list)."""
    return sum(len(callbacks) for callbacks in getattr(node, "__watchers", {}).values())


async def test_switching_tabs_many_times_keeps_no_watchers_behind(thirty_regions):
    # Textual's footer added a watcher per shown key on every tab switch
    # (issue #6666), each keeping a dead footer key alive: memory and the time
    # of a switch grew without end.
    app = thirty_region_app(thirty_regions)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        # Once round every tab: each region's pane is built the first time it is shown.
        for _ in range(REGIONS + 1):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        nodes = [app, *app.screen.walk_children(with_self=True)]
        before = sum(watchers(node) for node in nodes)
        footer_keys = len(app.query_one(Footer).children)
        for _ in range(2 * REGIONS):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        nodes = [app, *app.screen.walk_children(with_self=True)]
        assert sum(watchers(node) for node in nodes) == before
        assert watchers(app.query_one(Footer)) == 0
        assert len(app.query_one(Footer).children) == footer_keys
