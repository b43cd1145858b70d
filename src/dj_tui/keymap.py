"""The dashboard's key bindings: ids, default keys and what they do.

Kept free of Textual so that config.toml's ``[keymap]`` section can be
validated (and documented) without importing the UI. A user rebinds a key by
its id, e.g. ``copy = "y"`` or ``search = "ctrl+f,slash"``; keys are Textual
key names, comma-separated. What each binding does is told by the string
catalogue (``dj_tui.strings``), by its id, in the dashboard's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from dj_tui.strings import key_description

# Where a binding applies; each is also the id of its name in the string catalogue.
APP = "app"
REPORT_TABLE = "report_table"
REPORT = "report"
SEARCH_BOX = "search_box"
HELP = "help"
EXPORT = "export"
DATE_FILTER = "date_filter"
REGION_PICKER = "region_picker"


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    show: bool = False  # shown in the footer (the essential few)
    scope: str = APP  # where the binding applies: everywhere, or in one widget
    # Before the focused widget's own bindings: the open report's page keys
    # scroll it even while one of its lists (which has its own) has focus.
    priority: bool = False

    @property
    def description(self) -> str:
        """What the binding does, in the dashboard's language."""
        return key_description(self.id)


DEFAULT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("search", "ctrl+f,slash", "focus_search", show=True),
    KeySpec("back", "escape", "back", show=True),
    KeySpec("copy", "c", "copy", show=True),
    KeySpec("export", "e", "export", show=True),
    KeySpec("refresh", "r", "refresh"),
    KeySpec("command_palette", "ctrl+p", "command_palette", show=True),
    KeySpec("help", "f1", "help", show=True),
    KeySpec("quit", "ctrl+q", "quit", show=True),
    KeySpec("next_tab", "right_square_bracket", "next_tab"),
    KeySpec("previous_tab", "left_square_bracket", "previous_tab"),
    *(KeySpec(f"tab_{n}", str(n), f"show_tab({n})") for n in range(1, 10)),
    KeySpec("next_match", "n,f3", "next_match"),
    KeySpec("previous_match", "N,shift+f3", "previous_match"),
    KeySpec("toggle_text", "t", "toggle_text"),
    KeySpec("figure_reasons", "w", "figure_reasons"),
    KeySpec("date_filter", "d", "date_filter"),
    KeySpec("pick_region", "g", "pick_region"),
    KeySpec("open_report", "enter", "open_report", scope=REPORT_TABLE),
    KeySpec("cursor_up", "up", "cursor_up", scope=REPORT_TABLE),
    KeySpec("cursor_down", "down", "cursor_down", scope=REPORT_TABLE),
    KeySpec("page_up", "pageup", "page_up", scope=REPORT_TABLE),
    KeySpec("page_down", "pagedown", "page_down", scope=REPORT_TABLE),
    KeySpec("first_report", "home", "first_report", scope=REPORT_TABLE),
    KeySpec("last_report", "end", "last_report", scope=REPORT_TABLE),
    KeySpec("report_page_down", "pagedown", "page_down", scope=REPORT, priority=True),
    KeySpec("report_page_up", "pageup", "page_up", scope=REPORT, priority=True),
    KeySpec("report_top", "home", "scroll_home", scope=REPORT, priority=True),
    KeySpec("report_end", "end", "scroll_end", scope=REPORT, priority=True),
    # The search box keeps Home and End for its own text; the page keys still page the open report.
    KeySpec("search_page_down", "pagedown", "app.page_report(1)", scope=SEARCH_BOX),
    KeySpec("search_page_up", "pageup", "app.page_report(-1)", scope=SEARCH_BOX),
    KeySpec("next_section", "right_curly_bracket", "next_section", scope=REPORT),
    KeySpec("previous_section", "left_curly_bracket", "previous_section", scope=REPORT),
    KeySpec("sort", "s", "sort", scope=REPORT_TABLE),
    KeySpec("close_help", "escape,f1,q", "dismiss", scope=HELP),
    KeySpec("close_export", "escape", "dismiss", scope=EXPORT),
    KeySpec("close_filter", "escape", "cancel", scope=DATE_FILTER),
    KeySpec("picker_up", "up", "move(-1)", scope=REGION_PICKER),
    KeySpec("picker_down", "down", "move(1)", scope=REGION_PICKER),
    KeySpec("close_picker", "escape", "dismiss", scope=REGION_PICKER),
)

KEY_IDS: frozenset[str] = frozenset(spec.id for spec in DEFAULT_KEYS)


def specs_for(scope: str) -> tuple[KeySpec, ...]:
    return tuple(spec for spec in DEFAULT_KEYS if spec.scope == scope)


def effective_keys(spec: KeySpec, keymap: dict[str, str]) -> str:
    """The keys a binding answers to once the user's ``[keymap]`` is applied."""
    return keymap.get(spec.id, spec.keys)
