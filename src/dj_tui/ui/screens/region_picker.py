"""g: jump to any region by typing part of its name.

Thirty region tabs do not fit in a row, and ``]`` takes a press per tab. The
picker lists every region with its report count, in the collection's
(official) order, narrowed as the user types; Up and Down move in the list
while the typing goes on, Enter jumps to the region's tab, Esc closes.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dj_tui.analysis.models import RegionGroup
from dj_tui.analysis.stages import gazetteer
from dj_tui.analysis.stages.searchtext import query_key
from dj_tui.keymap import REGION_PICKER
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.keys import bindings_for, localize_bindings

# What a name may end in that a user leaves off or writes differently (内蒙古 for 内蒙古自治区).
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "省", "市", "区", "县", "州", "盟", "旗")


def _without_suffix(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def name_keys(name: str) -> tuple[str, ...]:
    """The forms a region's name is found by: its name and the gazetteer's short names (广西, 新疆)."""
    shorts = {short for division in gazetteer.load().by_name(name) for short in division.short_names}
    return (query_key(name), *sorted(query_key(short) for short in shorts))


def finds(typed: str, keys: Sequence[str]) -> bool:
    """Whether what was typed is part of one of a region's ``name_keys``.

    It is matched as search is (``query_key``: traditional finds simplified,
    ASCII case folded), and also without a suffix the name does not have in
    that form: 广西自治区 finds 广西壮族自治区 by its short name 广西.
    """
    key = query_key(typed)
    bare = _without_suffix(key)
    return any(key in name or bare in name for name in keys)


class RegionPicker(ModalScreen[str | None]):
    """Dismissed with the chosen region's name, or None."""

    CSS_PATH = "region_picker.tcss"
    BINDINGS = bindings_for(REGION_PICKER)

    def __init__(self, regions: Sequence[RegionGroup]) -> None:
        super().__init__()
        localize_bindings(self)
        self._regions = [(group.name, len(group.reports), name_keys(group.name)) for group in regions]
        self._listed: list[str] = []  # the names in the list, by option index

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Static(Content(text("picker.title")), id="picker-title")
            yield Input(placeholder=text("picker.placeholder"), id="picker-input", compact=True)
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._narrow("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._narrow(event.value)

    def _narrow(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        listed = [(name, count) for name, count, keys in self._regions if not query_key(typed) or finds(typed, keys)]
        self._listed = [name for name, _ in listed]
        options.add_options(
            Option(Content(f"{visible(name)}  ").append(Content.styled(text("picker.count", count=count), "dim")))
            for name, count in listed
        )
        if self._listed:
            options.highlighted = 0
        else:
            empty = text("picker.no_match", query=visible(typed)) if self._regions else text("picker.no_regions")
            options.add_option(Option(Content(empty), disabled=True))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._listed:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = min(max(current + step, 0), len(self._listed) - 1)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if self._listed and highlighted is not None:
            self.dismiss(self._listed[highlighted])

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self._listed):
            self.dismiss(self._listed[event.option_index])
