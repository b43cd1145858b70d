"""Report text made safe and measured for a terminal.

Chinese characters take two terminal cells, so widths are counted in cells
(``rich.cells``), never in characters, and a cut never falls inside a glyph.

Report text comes from the web and may hold control characters: an escape
sequence would recolour or move the cursor of the user's terminal, a bell would
ring. ``visible`` turns each into a printable symbol of the same length, so
offsets into a sentence (figures, keyphrases, search matches) stay valid.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"

_REPLACEMENT = "\ufffd"
# C0 controls show as their Unicode control pictures (ESC as ␛, BEL as ␇);
# C1 controls (a lone \x9b starts an escape sequence on some terminals) and the
# bidirectional overrides, which reorder what is displayed, have no picture.
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x09] = " "
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: _REPLACEMENT for code in range(0x80, 0xA0)})
_VISIBLE.update({code: _REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible one; same length."""
    return text.translate(_VISIBLE)


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
