"""The footer: Textual's, rebuilt only when the keys it shows change, and without its leak.

Textual's ``Footer`` (8.2.8) recomposes on every refresh of the bindings,
which Textual makes on every focus change, so on every tab switch; and each
``FooterKey`` it composes is bound to the footer's ``compact`` with
``data_bind``, which adds a watcher to the footer that is never removed
(Textual issue #6666): one per shown key per switch, each keeping its dead
``FooterKey`` alive. Over 420 switches memory doubled and a switch took
longer and longer. This footer composes the same keys without the binding
(its ``compact`` never changes: each key is given it as it is made), and
only when the keys shown, their descriptions or whether they are enabled
differ from what it shows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What a key in the footer shows: key, key display, description, action, enabled, tooltip.
ShownKey = tuple[str, str, str, str, bool, str]


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(show_command_palette=False)
        self._shown: tuple[ShownKey, ...] = ()

    def shown_keys(self) -> tuple[ShownKey, ...]:
        """The screen's shown bindings, the first binding of each action, in order (as Textual's footer)."""
        keys: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                display = self.app.get_key_display(binding)
                keys[binding.action] = (binding.key, display, binding.description, binding.action, enabled, tooltip)
        return tuple(keys.values())

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            # After the refresh, as Textual's footer: the bindings are read once the DOM has settled.
            self.call_after_refresh(self._show_keys)

    async def _show_keys(self) -> None:
        if not self.is_attached:
            return
        keys = self.shown_keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self.styles.grid_size_columns = len(self._shown)
        for key, display, description, action, enabled, tooltip in self._shown:
            footer_key = FooterKey(key, display, description, action, disabled=not enabled, tooltip=tooltip)
            footer_key.set_reactive(FooterKey.compact, self.compact)
            yield footer_key
