"""F1: every key binding, with the id that rebinds it in config.toml's ``[keymap]``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dj_tui.keymap import DEFAULT_KEYS, HELP, effective_keys
from dj_tui.ui.keys import bindings_for

INTRO = (
    'Rebind a key by its id in config.toml, e.g. copy = "y" under [keymap]. '
    "Tab and shift+Tab move between lists; in a report, Enter on a summary sentence "
    "or a figure scrolls the full text to it."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for(HELP)

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(INTRO), id="help-intro")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("Keys"), key="keys")
        table.add_column(Text("Does"), key="does")
        table.add_column(Text("Id"), key="id")
        table.add_column(Text("Where"), key="where")
        for spec in DEFAULT_KEYS:
            keys = effective_keys(spec, self._keymap)
            shown = ", ".join(self.app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
            table.add_row(Text(shown), Text(spec.description), Text(spec.id), Text(spec.scope), key=spec.id)
        table.focus()
