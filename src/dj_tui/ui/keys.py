"""Textual bindings built from the Textual-free key registry in ``dj_tui.keymap``."""

from __future__ import annotations

from textual.binding import Binding

from dj_tui.keymap import specs_for


def bindings_for(scope: str) -> list[Binding]:
    """The bindings of one scope, each with its id so ``[keymap]`` can rebind it."""
    return [
        Binding(spec.keys, spec.action, spec.description, show=spec.show, id=spec.id)
        for spec in specs_for(scope)
    ]
