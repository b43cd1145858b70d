"""F1: every key binding, with the id that rebinds it in config.toml's ``[keymap]``.

At 80x24 its first line says how to close it (with the keys the user's
``[keymap]`` gives), and its table is as wide as the screen, so no
description is cut.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from dj_tui.keymap import DEFAULT_KEYS, HELP, specs_for
from dj_tui.strings import text
from dj_tui.ui.keys import bindings_for, keys_shown, localize_bindings
from dj_tui.ui.widgets.report_text import ChineseWrapped


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for(HELP)

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        localize_bindings(self)
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        close = text("help.close", keys=keys_shown(self.app, specs_for(HELP)[0], self._keymap))
        with Vertical(id="help-dialog"):
            yield Static(Text.assemble((text("help.title"), "bold"), " · ", close), id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            # Rich would break only at the spaces around the Latin key names, leaving short lines.
            yield Static(ChineseWrapped(Text(text("help.intro"))), id="help-intro")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text(text("help.keys")), key="keys")
        table.add_column(Text(text("help.does")), key="does")
        table.add_column(Text(text("help.id")), key="id")
        table.add_column(Text(text("help.where")), key="where")
        for spec in DEFAULT_KEYS:
            shown = keys_shown(self.app, spec, self._keymap)
            where = text(f"scope.{spec.scope}")
            table.add_row(Text(shown), Text(spec.description), Text(spec.id), Text(where), key=spec.id)
        table.focus()
