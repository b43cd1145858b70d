"""Text measured for a terminal.

Chinese characters take two terminal cells, so widths are counted in cells
(``rich.cells``), never in characters, and a cut never falls inside a glyph.
(What makes report text safe to print is ``dj_tui.printable``.)
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    budget = width - cell_len(ELLIPSIS)
    used = end = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > budget:
            break
        used += size
        end += 1
    return text[:end] + ELLIPSIS


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` truncated to ``width`` cells and padded with spaces to exactly ``width``."""
    cut = truncate(text, width)
    padding = " " * (width - cell_len(cut))
    return padding + cut if right else cut + padding


def truncate_start(text: str, width: int) -> str:
    """``text`` cut from the start to at most ``width`` cells, beginning with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    budget = width - cell_len(ELLIPSIS)
    used = 0
    start = len(text)
    for char in reversed(text):
        size = get_character_cell_size(char)
        if used + size > budget:
            break
        used += size
        start -= 1
    return ELLIPSIS + text[start:]
