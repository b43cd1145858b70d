"""F1: every key binding, with the id that rebinds it in config.toml's ``[keymap]``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dj_tui.keymap import DEFAULT_KEYS, HELP, effective_keys
from dj_tui.strings import text
from dj_tui.ui.keys import bindings_for, localize_bindings


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for(HELP)

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        localize_bindings(self)
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Text(text("help.title"), style="bold"), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(text("help.intro")), id="help-intro")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text(text("help.keys")), key="keys")
        table.add_column(Text(text("help.does")), key="does")
        table.add_column(Text(text("help.id")), key="id")
        table.add_column(Text(text("help.where")), key="where")
        for spec in DEFAULT_KEYS:
            keys = effective_keys(spec, self._keymap)
            shown = ", ".join(self.app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
            where = text(f"scope.{spec.scope}")
            table.add_row(Text(shown), Text(spec.description), Text(spec.id), Text(where), key=spec.id)
        table.focus()
