"""The dashboard's key bindings: ids, default keys and what they do.

Kept free of Textual so that config.toml's ``[keymap]`` section can be
validated (and documented) without importing the UI. A user rebinds a key by
its id, e.g. ``copy = "y"`` or ``search = "ctrl+f,slash"``; keys are Textual
key names, comma-separated.
"""

from __future__ import annotations

from dataclasses import dataclass

APP = "everywhere"
REPORT_TABLE = "report list"
HELP = "help screen"


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    show: bool = False  # shown in the footer (the essential few)
    scope: str = APP  # where the binding applies: everywhere, or in one widget


DEFAULT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("search", "ctrl+f,slash", "focus_search", "Search", show=True),
    KeySpec("back", "escape", "back", "Back", show=True),
    KeySpec("copy", "c", "copy", "Copy", show=True),
    KeySpec("command_palette", "ctrl+p", "command_palette", "Commands", show=True),
    KeySpec("help", "f1", "help", "Help", show=True),
    KeySpec("quit", "ctrl+q", "quit", "Quit", show=True),
    KeySpec("next_tab", "right_square_bracket", "next_tab", "Next tab"),
    KeySpec("previous_tab", "left_square_bracket", "previous_tab", "Previous tab"),
    *(KeySpec(f"tab_{n}", str(n), f"show_tab({n})", f"Tab {n}") for n in range(1, 10)),
    KeySpec("next_match", "n,f3", "next_match", "Next match"),
    KeySpec("previous_match", "N,shift+f3", "previous_match", "Previous match"),
    KeySpec("toggle_text", "t", "toggle_text", "Full text only"),
    KeySpec("figure_reasons", "w", "figure_reasons", "Why each figure ranks where it does"),
    KeySpec("open_report", "enter", "open_report", "Open report", scope=REPORT_TABLE),
    KeySpec("cursor_up", "up", "cursor_up", "Up", scope=REPORT_TABLE),
    KeySpec("cursor_down", "down", "cursor_down", "Down", scope=REPORT_TABLE),
    KeySpec("page_up", "pageup", "page_up", "Page up", scope=REPORT_TABLE),
    KeySpec("page_down", "pagedown", "page_down", "Page down", scope=REPORT_TABLE),
    KeySpec("first_report", "home", "first_report", "First report", scope=REPORT_TABLE),
    KeySpec("last_report", "end", "last_report", "Last report", scope=REPORT_TABLE),
    KeySpec("close_help", "escape,f1,q", "dismiss", "Close help", scope=HELP),
)

KEY_IDS: frozenset[str] = frozenset(spec.id for spec in DEFAULT_KEYS)


def specs_for(scope: str) -> tuple[KeySpec, ...]:
    return tuple(spec for spec in DEFAULT_KEYS if spec.scope == scope)


def effective_keys(spec: KeySpec, keymap: dict[str, str]) -> str:
    """The keys a binding answers to once the user's ``[keymap]`` is applied."""
    return keymap.get(spec.id, spec.keys)
