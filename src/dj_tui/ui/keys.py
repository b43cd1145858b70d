"""Textual bindings built from the Textual-free key registry in ``dj_tui.keymap``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from dj_tui.keymap import KEY_IDS, KeySpec, effective_keys, specs_for
from dj_tui.strings import key_description


def bindings_for(scope: str) -> list[Binding]:
    """The bindings of one scope, each with its id so ``[keymap]`` can rebind it."""
    return [
        Binding(spec.keys, spec.action, spec.description, show=spec.show, id=spec.id, priority=spec.priority)
        for spec in specs_for(scope)
    ]


def localize_bindings(node: DOMNode) -> None:
    """Describe ``node``'s bindings in the dashboard's language.

    A class's ``BINDINGS`` are built once, when its module is imported, in
    whatever language was current then; each node gets its own copy of them,
    described anew here when the node is made.
    """
    bindings = node._bindings.key_to_bindings
    for key, key_bindings in bindings.items():
        bindings[key] = [
            replace(binding, description=key_description(binding.id)) if binding.id in KEY_IDS else binding
            for binding in key_bindings
        ]


def keys_shown(app: App[Any], spec: KeySpec, keymap: dict[str, str]) -> str:
    """The keys a binding answers to, as the footer shows them (``^f, /``), after the user's ``[keymap]``."""
    keys = effective_keys(spec, keymap).split(",")
    return ", ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys)
