"""The search field: the report lists narrow as you type, no Enter needed."""

from __future__ import annotations

from textual.widgets import Input

from dj_tui.keymap import SEARCH_BOX
from dj_tui.strings import text
from dj_tui.ui.keys import bindings_for, localize_bindings


class SearchBox(Input):
    """Typing here narrows every tab's reports; Escape clears it (the app's ``back`` binding).

    PageDown and PageUp page the open report meanwhile: the search box has no use for them.
    """

    BINDINGS = bindings_for(SEARCH_BOX)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=text("search.placeholder"), id=id, select_on_focus=False, compact=True)
        localize_bindings(self)
