"""Which tabs the tab row shows, and a sign of the ones it hides.

Thirty regions do not fit in a row of tabs: about seven do at 80 columns.
Textual's ``Tabs`` would scroll the row to centre the active tab, cutting the
tabs at both edges mid-word. Instead the row shows a window of whole tabs
(the others are not displayed) that holds the active one and moves as little
as it can, like a pager; at the right end a sign says how many tabs are
hidden on each side (``‹3 12›``). Switching tabs goes through every tab, shown
or not (``step``): Textual's own next/previous only knows the displayed ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Label, Tab, TabbedContent, Tabs

# The sign's width in cells (app.tcss): "‹99 99›" and a space either side.
SIGN_CELLS = 9
# A tab's padding (Textual's Tab: one cell either side of the label).
TAB_PADDING = 2


def tab_window(widths: Sequence[int], active: int, first: int, room: int) -> tuple[int, int]:
    """The tabs ``[first, end)`` to show in ``room`` cells: whole tabs, the ``active`` one among them.

    The window keeps its ``first`` tab while the active one is inside it, and
    otherwise moves just far enough to take it in. At the end of the row it
    shows as many tabs as fit rather than leave room empty. A tab wider than
    the room is shown alone (Textual cuts it).
    """
    count = len(widths)
    if count == 0:
        return 0, 0
    active = min(max(active, 0), count - 1)
    first = min(max(first, 0), active)
    end = _fill_forward(widths, first, room)
    if active >= end:
        # The active tab is past the window: it becomes the last one shown.
        first = active
        used = widths[active]
        while first > 0 and used + widths[first - 1] <= room:
            first -= 1
            used += widths[first]
        end = active + 1
    end = _fill_forward(widths, first, room)
    used = sum(widths[first:end])
    while first > 0 and used + widths[first - 1] <= room:
        first -= 1
        used += widths[first]
    return first, end


def _fill_forward(widths: Sequence[int], first: int, room: int) -> int:
    end, used = first, 0
    while end < len(widths) and (end == first or used + widths[end] <= room):
        used += widths[end]
        end += 1
    return end


def hidden_sign(before: int, after: int) -> str:
    """``‹3 12›``: how many tabs are hidden before and after the shown ones."""
    left = f"‹{before}" if before else ""
    right = f"{after}›" if after else ""
    return " ".join(part for part in (left, right) if part)


def step(tabbed: TabbedContent, direction: int) -> None:
    """Activate the next (``direction`` 1) or previous (-1) enabled tab, shown or not, wrapping round."""
    tabs = [tab for tab in tabbed.query(Tab) if not tab.disabled]
    if not tabs:
        return
    active = tabbed.query_one(Tabs).active_tab
    index = tabs.index(active) if active in tabs else (-1 if direction > 0 else 0)
    pane_id = tabbed.get_pane(tabs[(index + direction) % len(tabs)]).id
    if pane_id is not None:
        tabbed.active = pane_id


class HiddenTabsSign(Label):
    """The sign at the right end of the tab row, and the keeper of the row's window.

    It lives inside Textual's ``Tabs`` (docked right, app.tcss), and is only
    displayed while some tabs are hidden. ``fit`` is called when a tab is
    activated, tabs or labels change, or the screen is resized; it touches the
    tabs' display only when the window moves, so a relabelling that changes
    nothing (a keystroke of search) costs no layout of its own.
    """

    def __init__(self) -> None:
        super().__init__(id="hidden-tabs")
        self.display = False
        self._first = 0
        self._sign = ""

    def fit(self) -> None:
        tabs_widget = self.parent
        if not isinstance(tabs_widget, Tabs):
            return
        tabs = list(tabs_widget.query("#tabs-list > Tab").results(Tab))
        widths = [cell_len(tab.label.plain) + TAB_PADDING for tab in tabs]
        active = tabs_widget.active_tab
        position = tabs.index(active) if active in tabs else 0
        room = self.app.size.width
        if sum(widths) > room:
            room -= SIGN_CELLS
            first, end = tab_window(widths, position, self._first, room)
        else:
            first, end = 0, len(tabs)
        self._first = first
        moved = False
        for index, tab in enumerate(tabs):
            shown = first <= index < end
            if tab.display != shown:
                tab.display = shown
                moved = True
        if self.display != (first > 0 or end < len(tabs)):
            self.display = not self.display
        sign = hidden_sign(first, len(tabs) - end)
        if sign != self._sign:
            self._sign = sign
            self.update(Content(sign), layout=False)
        if moved and active is not None:
            # Relabelling makes Tabs move its underline under the active tab, now placed anew.
            active.label = active.label
