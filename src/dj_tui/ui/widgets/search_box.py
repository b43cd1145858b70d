"""The search field: the report lists narrow as you type, no Enter needed."""

from __future__ import annotations

from textual.widgets import Input

from dj_tui.strings import text


class SearchBox(Input):
    """Typing here narrows every tab's reports; Escape clears it (the app's ``back`` binding)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=text("search.placeholder"), id=id, select_on_focus=False, compact=True)
