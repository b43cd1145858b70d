"""e: the export window, where the user picks the file's format; it returns the format (None: cancelled)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dj_tui.analysis.briefing_file import CSV, DOCX, MARKDOWN
from dj_tui.keymap import EXPORT, specs_for
from dj_tui.printable import visible
from dj_tui.strings import text
from dj_tui.ui.keys import bindings_for, keys_shown, localize_bindings


class ExportScreen(ModalScreen[str | None]):
    BINDINGS = bindings_for(EXPORT)

    def __init__(self, what: str, directory: str, keymap: dict[str, str]) -> None:
        """``what`` is exported (in the title) into ``directory``; ``keymap`` names the key that closes."""
        super().__init__()
        localize_bindings(self)
        self._what = what
        self._directory = directory
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        close = keys_shown(self.app, specs_for(EXPORT)[0], self._keymap)
        with Vertical(id="export-dialog"):
            yield Static(Text(text("export.title", what=self._what), style="bold"), id="export-title")
            # The Word 简报 first, and highlighted: Enter alone saves it.
            yield OptionList(
                Option(Text(text("export.docx")), id=DOCX),
                Option(Text(text("export.markdown")), id=MARKDOWN),
                Option(Text(text("export.csv")), id=CSV),
                id="export-formats",
            )
            yield Static(Text(text("export.where", dir=visible(self._directory))), id="export-where")
            yield Static(Text(text("export.keys", close=close)), id="export-keys")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
