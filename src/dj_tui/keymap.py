"""The dashboard's key bindings: ids, default keys and what they do.

Kept free of Textual so that config.toml's ``[keymap]`` section can be
validated (and documented) without importing the UI. A user rebinds a key by
its id, e.g. ``copy = "y"`` or ``search = "ctrl+f,slash"``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    show: bool = False  # shown in the footer (the essential few)


DEFAULT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("search", "ctrl+f,slash", "focus_search", "Search", show=True),
    KeySpec("copy", "c", "copy", "Copy", show=True),
    KeySpec("help", "f1", "help", "Help", show=True),
    KeySpec("quit", "ctrl+q", "quit", "Quit", show=True),
    KeySpec("next_tab", "right_square_bracket", "next_tab", "Next tab"),
    KeySpec("previous_tab", "left_square_bracket", "previous_tab", "Previous tab"),
    *(KeySpec(f"tab_{n}", str(n), f"show_tab({n})", f"Tab {n}") for n in range(1, 10)),
    KeySpec("next_match", "n,f3", "next_match", "Next match"),
    KeySpec("previous_match", "N,shift+f3", "previous_match", "Previous match"),
    KeySpec("toggle_text", "t", "toggle_text", "Full text"),
    KeySpec("back", "escape", "back", "Back / cancel"),
)

KEY_IDS: frozenset[str] = frozenset(spec.id for spec in DEFAULT_KEYS)
