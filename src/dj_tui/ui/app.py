"""The dashboard app and its factory, ``create_app``.

The first frame is drawn before anything heavy is imported: the analysis
modules (and through them jieba) are loaded by the analysis worker, in its
thread. That worker runs the one loader (``analysis.loader``, which also
paces its events) and only posts each event as a message (``ui.messages``);
the handlers here own every piece of UI state.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import inspect
import os
from collections.abc import Callable, Sequence
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, ProgressBar, Tab, TabbedContent, Tabs
from textual.worker import Worker

from dj_tui.analysis import export
from dj_tui.analysis.cancellation import Cancellation
from dj_tui.analysis.collection.cross_region import CrossRegionView
from dj_tui.analysis.collection.dates import DateFilter, FilteredCollection, filter_collection
from dj_tui.analysis.load_events import (
    AnalyzeFn,
    CollectionSnapshot,
    LoadEvent,
    LoadProgress,
    LoadStarted,
)
from dj_tui.analysis.models import CollectionResult, RegionGroup, ReportResult
from dj_tui.analysis.search import SearchIndex
from dj_tui.analysis.stages.searchtext import query_key
from dj_tui.config import Config
from dj_tui.keymap import APP
from dj_tui.printable import visible
from dj_tui.strings import set_language, text
from dj_tui.ui.commands import DashboardCommands, PaletteCommand, dashboard_commands
from dj_tui.ui.export_flow import ExportFinished, announce_export, start_export
from dj_tui.ui.keys import bindings_for, localize_bindings
from dj_tui.ui.messages import (
    AnalysisFinished,
    AnalysisProgress,
    AnalysisStarted,
    CollectionUpdated,
    SearchFinished,
)
from dj_tui.ui.screens.date_filter import DateFilterScreen
from dj_tui.ui.screens.help import HelpScreen
from dj_tui.ui.screens.region_picker import RegionPicker
from dj_tui.ui.status import status_line
from dj_tui.ui.widgets import tab_window
from dj_tui.ui.widgets.errors_pane import ErrorsPane, errors_label
from dj_tui.ui.widgets.key_footer import KeyFooter
from dj_tui.ui.widgets.overview import OverviewPane
from dj_tui.ui.widgets.region_pane import RegionPane
from dj_tui.ui.widgets.search_box import SearchBox
from dj_tui.ui.widgets.search_results import SearchResults

OVERVIEW = "overview"
ERRORS = "errors"


def _while_running(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Drop a worker's message that arrives while the app shuts down: its widgets are gone."""

    @functools.wraps(handler)
    async def guarded(app: DashboardApp, message: Message) -> None:
        if app.is_running:
            result = handler(app, message)
            if inspect.isawaitable(result):
                await result

    return guarded


def reading_message(paths: Sequence[str]) -> str:
    return text("overview.reading", paths=visible(", ".join(paths)))


def empty_message(paths: Sequence[str]) -> str:
    return text("overview.empty", paths=visible(", ".join(paths)) or text("overview.data_dirs"))


class DashboardApp(App[int]):
    CSS_PATH = ["app.tcss", "region.tcss", "detail.tcss", "help.tcss", "export.tcss", "search.tcss"]
    BINDINGS = bindings_for(APP)
    # Only the dashboard's own commands: Textual's (theme, screenshot …) speak English only.
    COMMANDS = {DashboardCommands}
    # At 80 columns an open report replaces the list; from 120 it sits beside it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide"), (160, "-wider")]
    AUTO_FOCUS = "#region-table"

    def __init__(self, paths: Sequence[str], config: Config, analyze: AnalyzeFn | None = None) -> None:
        # Before any widget is made: each takes its words from the catalogue as it is built.
        set_language(config.language)
        super().__init__()
        localize_bindings(self)
        self.paths = list(paths)
        self.config = config
        self._analyze = analyze
        self.collection = CollectionResult(reports=(), regions=())  # as the date filter leaves it
        self.loaded: CollectionUpdated | None = None  # the last collection in, whole
        self.date_filter = config.date_filter
        self.narrowed = FilteredCollection(self.collection, CrossRegionView(regions=0))
        self.reports: dict[str, ReportResult] = {}
        self.index: SearchIndex | None = None
        self.cross_region = CrossRegionView(regions=0)
        self.search_text = ""  # as typed in the search box
        self.shown_query = ""  # the query whose matches the lists show (lags search_text while searching)
        self.matches: frozenset[str] | None = None  # None: no search
        self.running = False
        self.cancelled = False
        self.done = 0
        self.total = 0
        self._panes: dict[str, RegionPane] = {}  # region name -> its tab's pane
        self._analysis: Worker[None] | None = None
        self._cancellation = Cancellation()

    # --- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="top-bar"):
            yield SearchBox(id="search")
            yield Label(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        with TabbedContent(id="tabs"):
            yield OverviewPane(id=OVERVIEW)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_keymap(self.config.keymap)
        if self.animation_level == "none":
            # No animation also means no blinking cursor (and stable screenshots).
            self.query_one(SearchBox).cursor_blink = False
        self.query_one(OverviewPane).show_collection(self.collection, self.cross_region, reading_message(self.paths))
        self.tabs.query_one(Tabs).mount(tab_window.HiddenTabsSign())
        self.action_refresh()

    def on_unmount(self) -> None:
        # Quitting never waits for a report being analysed: its worker
        # process is stopped, and the analysis thread ends at once.
        self._cancellation.cancel()
        if self.index is not None:
            self.index.close()
        # The worker's collections were set aside from the cyclic collector
        # (``paused_collector(keep=True)``): back to it, for the process may
        # go on (the tests run many apps).
        gc.unfreeze()

    # --- the analysis worker (runs in a thread, only posts messages) ----------

    @work(thread=True, exclusive=True, group="analysis")
    def _analyse(self) -> None:
        # Imported here, off the UI thread: the first frame never waits for the analysis.
        from dj_tui.analysis import loader

        events = loader.load_collection(
            self.paths,
            self.config.settings,
            self.config.overrides,
            cache_dir=loader.cache_location(self.config.cache_dir, enabled=self.config.cache_enabled),
            jobs=self.config.jobs,
            incremental=True,
            cancellation=self._cancellation,
            warn=self._warn,
            analyze=self._analyze,
        )
        for event in events:
            self.post_message(_message_for(event))

    def _warn(self, message: str) -> None:
        # Called from the worker thread; notify is thread-safe. stderr would
        # land in the middle of the dashboard.
        self.notify(visible(message), severity="warning", markup=False)

    @_while_running
    def on_analysis_started(self, message: AnalysisStarted) -> None:
        self.total = message.total
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=0)
        self._show_status()

    @_while_running
    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        self.done = message.done
        self.query_one(ProgressBar).update(progress=message.done)
        self._show_status()

    @_while_running
    async def on_collection_updated(self, message: CollectionUpdated) -> None:
        self.loaded, settings = message, self.config.settings
        self.narrowed = filter_collection(message.collection, message.cross_region, self.date_filter, settings)
        self.collection, self.cross_region = self.narrowed.collection, self.narrowed.cross_region
        if self.index is not None and self.index is not message.index:
            self.index.close()  # the previous analysis's (r)
        self.index = message.index
        self.reports = {report.path: report for report in self.collection.reports}
        await self._sync_tabs()
        self.query_one(OverviewPane).show_collection(self.collection, self.cross_region, self._overview_message())
        if self.focused is None:
            # The overview's table was hidden until the first region came in.
            self._focus_pane(self.tabs.active_pane)
        if self.matches is not None:
            # New reports may match the query being shown.
            self._search(self.search_text, message.index)
        self._show_matches()
        self.refresh_bindings()

    @_while_running
    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self.running = False
        self.cancelled = message.cancelled
        self.done = message.done
        self.query_one("#top-bar").remove_class("-running")  # which hides the progress bar
        self._show_status()
        self.query_one(OverviewPane).show_collection(self.collection, self.cross_region, self._overview_message())
        if message.cancelled:
            self.notify(text("toast.cancelled", done=message.done, total=message.total), markup=False)
        if self.collection.errors:
            self.notify(text("toast.unreadable", count=len(self.collection.errors)), severity="warning", markup=False)
        self.refresh_bindings()

    def _overview_message(self) -> str:
        if self.collection.reports:
            return ""
        if self.running:
            return reading_message(self.paths)
        if self.cancelled:
            return text("overview.cancelled")
        return empty_message(self.paths)

    def _show_status(self) -> None:
        # Fixed width (app.tcss): a new status needs no layout of the screen.
        status = self.query_one("#status", Label)
        status.update(Content(status_line(self, status.content_size.width)), layout=False)

    # --- tabs -----------------------------------------------------------------

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    def region_panes(self) -> list[RegionPane]:
        return list(self._panes.values())

    def active_pane(self) -> RegionPane | OverviewPane | ErrorsPane | None:
        pane = self.tabs.active_pane
        return pane if isinstance(pane, RegionPane | OverviewPane | ErrorsPane) else None

    def _region_label(self, name: str, reports: Sequence[str]) -> Content:
        count = len(reports) if self.matches is None else sum(1 for p in reports if p in self.matches)
        return Content(f"{visible(name)} {count}")

    async def _sync_tabs(self) -> None:
        """One tab per region, inserted at its place in the collection's (official) order: tabs never move."""
        tabs = self.tabs
        previous = OVERVIEW
        # Mounted together, not one by one: a collection opened from the cache
        # brings thirty regions at once, and each awaited mount costs a layout.
        adding = []
        # Every region read has a tab, also one the date filter empties (it shows 0);
        # a region left with no report (its files removed, then r) loses its tab.
        regions = self.loaded.collection.regions if self.loaded is not None else self.collection.regions
        names = {group.name for group in regions}
        await asyncio.gather(*(tabs.remove_pane(self._panes.pop(n).id or "") for n in [*self._panes] if n not in names))
        for group in regions:
            pane = self._panes.get(group.name)
            if pane is None:
                label = self._region_label(group.name, group.reports)
                pane = RegionPane(group.name, label, id=f"region-{group.name.encode().hex()}")
                self._panes[group.name] = pane
                adding.append(tabs.add_pane(pane, after=previous))
            previous = pane.id or OVERVIEW
        await asyncio.gather(*adding)
        if self.collection.errors:
            if not tabs.query(ErrorsPane):
                await tabs.add_pane(ErrorsPane(id=ERRORS))
            tabs.get_tab(ERRORS).label = errors_label(len(self.collection.errors))
            self.query_one(ErrorsPane).show_errors(self.collection.errors)
        elif tabs.query(ErrorsPane):
            await tabs.remove_pane(ERRORS)

    def _show_matches(self) -> None:
        """Tab labels and report lists for the current collection and search."""
        key = query_key(self.search_text)
        groups = {group.name: group for group in self.collection.regions}
        for name, pane in self._panes.items():
            group = groups.get(name) or RegionGroup(name, "", (), (), ())  # none left by the date filter
            tab = self.tabs.get_tab(pane)
            label = self._region_label(group.name, group.reports)
            # A new label costs a layout of the whole screen: only when it differs.
            if tab.label != label:
                tab.label = label
            tab.set_class(self.matches is not None and self.matches.isdisjoint(group.reports), "-no-match")
            set_aside = self.narrowed.undated_by_region.get(name, 0)
            pane.show_region(group, self.reports, self.matches, self.search_text, key, self.date_filter, set_aside)
        self.query_one(OverviewPane).show_matches(self.reports, self.matches, self.search_text, key)
        self._show_status()
        self._fit_tabs()

    def _fit_tabs(self) -> None:
        for sign in self.query(tab_window.HiddenTabsSign):
            sign.fit()

    def on_resize(self) -> None:
        self.call_later(self._fit_tabs)  # once Textual's own handler has taken the new size

    @on(TabbedContent.TabActivated)
    @_while_running  # a pane being removed as the dashboard closes activates another
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if isinstance(pane, RegionPane | OverviewPane):
            pane.catch_up()
        if isinstance(pane, RegionPane) and not pane.is_built:
            return  # being removed as the dashboard closes
        if not isinstance(self.focused, Input):
            self._focus_pane(pane)
        self._fit_tabs()
        self.refresh_bindings()

    def _focus_pane(self, pane: object) -> None:
        if isinstance(pane, RegionPane):
            if pane.open_report is not None:
                pane.detail.focus()
            else:
                pane.table.focus()
        elif isinstance(pane, OverviewPane):
            pane.focus_list()
        elif isinstance(pane, ErrorsPane):
            # Focus left in another pane would take TabbedContent back to that pane.
            pane.focus_list()

    def action_next_tab(self) -> None:
        tab_window.step(self.tabs, 1)

    def action_previous_tab(self) -> None:
        tab_window.step(self.tabs, -1)

    def action_show_tab(self, number: int) -> None:
        tabs = list(self.tabs.query(Tab))
        if 0 < number <= len(tabs):
            pane_id = self.tabs.get_pane(tabs[number - 1]).id
            if pane_id is not None:
                self.tabs.active = pane_id

    def show_region(self, name: str) -> RegionPane | None:
        pane = self._panes.get(name)
        if pane is None or pane.id is None:
            return None
        self.tabs.active = pane.id
        pane.catch_up()
        return pane

    def action_pick_region(self) -> None:
        if not isinstance(self.screen, RegionPicker):
            self.push_screen(RegionPicker(self.collection.regions), lambda name: name and self.show_region(name))

    def on_overview_pane_region_chosen(self, message: OverviewPane.RegionChosen) -> None:
        self.show_region(message.region)

    async def on_search_results_selected(self, message: SearchResults.Selected) -> None:
        await self.open_report(message.path)

    async def open_report(self, path: str) -> None:
        """Switch to the report's region and open it."""
        name = next((g.name for g in self.collection.regions if path in g.reports), None)
        pane = self.show_region(name) if name is not None else None
        if pane is not None:
            await pane.open(path)
            self.refresh_bindings()

    # --- search ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        if not query_key(event.value):
            self.workers.cancel_group(self, "search")
            self._apply_matches(None)
        elif self.index is None:
            self._apply_matches(frozenset())
        else:
            self._search(event.value, self.index)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        # Enter keeps the query and goes to the results across regions (n / N then jump between matches).
        if query_key(self.search_text):
            self.tabs.active = OVERVIEW
        self._focus_pane(self.tabs.active_pane)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, index: SearchIndex) -> None:
        self.post_message(SearchFinished(query, index.search(query)))

    @_while_running
    def on_search_finished(self, message: SearchFinished) -> None:
        # A result for a query the user has typed past is dropped.
        if message.query == self.search_text:
            self._apply_matches(message.matches)

    def _apply_matches(self, matches: frozenset[str] | None) -> None:
        # No refresh_bindings here: a search enables no key, and a new footer
        # on every keystroke would cost a layout of the whole screen.
        self.matches = matches
        self.shown_query = self.search_text
        self._show_matches()

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    # --- actions --------------------------------------------------------------

    def _open_pane(self) -> RegionPane | None:
        pane = self.active_pane()
        return pane if isinstance(pane, RegionPane) and pane.open_report is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match", "toggle_text", "figure_reasons"):
            return self._open_pane() is not None
        if action in ("copy", "export"):
            return bool(self.collection.reports)
        return True

    def action_back(self) -> None:
        """Escape: leave the search box, close the open report, clear the search, cancel the analysis."""
        search = self.query_one(SearchBox)
        if search.has_focus:
            self._focus_pane(self.tabs.active_pane)
            if search.value:
                search.value = ""
                return
            # An empty search box (where focus rests until a region is in)
            # holds nothing to clear: Esc goes on to what else it does.
        pane = self._open_pane()
        if pane is not None:
            pane.close()
            self.refresh_bindings()
        elif self.matches is not None:
            search.value = ""
        elif self.running:
            self.cancel_analysis()

    def cancel_analysis(self) -> None:
        if self._analysis is not None and self.running:
            self._analysis.cancel()
            self._cancellation.cancel()
            self.query_one("#status", Label).update(Content(text("status.cancelling")), layout=False)

    def action_next_match(self) -> None:
        self._jump(1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    def _jump(self, step: int) -> None:
        pane = self._open_pane()
        if pane is None:
            return
        if not pane.detail.jump_to_match(step):
            self.notify(text("toast.no_match"), markup=False)
            return
        current = pane.detail.current_match
        assert current is not None
        status = Content(text("status.match", current=current + 1, total=pane.detail.match_count))
        self.query_one("#status", Label).update(status, layout=False)

    def action_page_report(self, step: int) -> None:
        """PageDown/PageUp from the search box: the open report's view moves a page."""
        pane = self._open_pane()
        if pane is not None:
            (pane.detail.scroll_page_down if step > 0 else pane.detail.scroll_page_up)(animate=False)

    def action_toggle_text(self) -> None:
        pane = self._open_pane()
        if pane is not None:
            pane.detail.toggle_text_only()

    def action_figure_reasons(self) -> None:
        pane = self._open_pane()
        if pane is not None:
            pane.detail.toggle_reasons()

    def action_export(self) -> None:
        start_export(self)

    @_while_running
    def on_export_finished(self, message: ExportFinished) -> None:
        announce_export(self, message)

    def action_refresh(self) -> None:
        """The analysis, at start and on r: resuming a cancelled one, or again for new, changed and removed files."""
        if self.running:
            self.notify(text("toast.analysing"), markup=False)
            return
        self.running, self.cancelled, self.done = True, False, 0
        self._cancellation = Cancellation()
        self.query_one("#top-bar").add_class("-running")  # which shows the progress bar
        self._analysis = self._analyse()

    def action_date_filter(self) -> None:
        self.push_screen(DateFilterScreen(self.date_filter), self._filter_dates)

    async def _filter_dates(self, chosen: DateFilter | None) -> None:
        self.date_filter = chosen or self.date_filter
        if chosen is not None and self.loaded is not None:
            await self.on_collection_updated(self.loaded)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.config.keymap))

    def action_command_palette(self) -> None:
        # Textual's own, with a placeholder in the dashboard's language.
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=text("palette.placeholder"), id="--command-palette"))

    def action_copy(self) -> None:
        markdown, what = self._copy_target()
        if markdown:
            self.copy_to_clipboard(markdown)
            # The text goes out as an escape sequence (OSC 52): whether it arrives is up to the
            # terminal, and tmux drops it unless set-clipboard is on. Say what was done, no more.
            message = "toast.copied_tmux" if os.environ.get("TMUX") else "toast.copied"
            self.notify(text(message, what=what, lines=markdown.count("\n")), markup=False)

    def _copy_target(self) -> tuple[str, str]:
        """The Markdown for what is on screen: the open report, the region, or the whole collection."""
        pane = self.active_pane()
        if isinstance(pane, RegionPane):
            report = pane.open_report
            if report is not None:
                return export.report_markdown(report), text("copy.report")
            if pane.group is not None:
                brief = text("copy.region", region=visible(pane.region_name))
                return export.region_markdown(pane.group, self.reports), brief
        if self.collection.reports:
            return export.to_markdown(self.collection), text("copy.collection")
        return "", ""

    # --- command palette ------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        """What ctrl+p offers here (see ``commands.dashboard_commands``)."""
        return dashboard_commands(self)


def _message_for(event: LoadEvent) -> Message:
    """The message that brings a load's event to the UI thread."""
    if isinstance(event, LoadStarted):
        return AnalysisStarted(event.total)
    if isinstance(event, LoadProgress):
        return AnalysisProgress(event.done, event.total)
    if isinstance(event, CollectionSnapshot):
        return CollectionUpdated(event.collection, event.cross_region, event.index)
    return AnalysisFinished(event.done, event.total, event.cancelled)


def create_app(paths: list[str], config: Config, *, analyze: AnalyzeFn | None = None) -> DashboardApp:
    """The dashboard on ``paths`` (files or directories).

    ``analyze`` replaces the analysis of the files (see ``loader.AnalyzeFn``);
    tests use it to pace the analysis or feed prepared results.
    """
    return DashboardApp(paths, config, analyze=analyze)
