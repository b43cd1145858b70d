"""Text from reports and file names made safe for every output.

Report text comes from the web and file names from anywhere: an escape
sequence in either would recolour, move the cursor of, reset (``ESC c``) or
write the clipboard of (OSC 52) the user's terminal, a bell would ring, a
carriage return would hide what came before it, and a newline in a file name
would split a one-line error in two. ``visible`` is the one function that
makes such text printable; the dashboard, the Markdown briefing, stderr and
toasts all go through it. JSON keeps the data and escapes instead
(``json_escape_controls``).

File names are bytes on Linux: a name that is not UTF-8 reaches Python with
its undecodable bytes as lone surrogates (``os.fsdecode``'s
``surrogateescape``), which no UTF-8 output can carry. They are shown as
``\\xff``, as Python's own ``repr`` of bytes would.
"""

from __future__ import annotations

import re

_REPLACEMENT = "\ufffd"
# C0 controls show as their Unicode control pictures (ESC as ␛, BEL as ␇);
# C1 controls (a lone \x9b starts an escape sequence on some terminals) and the
# bidirectional overrides, which reorder what is displayed, have no picture.
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x09] = " "
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: _REPLACEMENT for code in range(0x80, 0xA0)})
_VISIBLE.update({code: _REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})

# What surrogateescape makes of the bytes 0x80-0xff that are not UTF-8.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
# What json.dumps(ensure_ascii=False) writes raw although a terminal acts on it.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def undecodable_as_escapes(text: str) -> str:
    """``text`` with each byte that was not UTF-8 (a lone surrogate) written ``\\xNN``."""
    if not _UNDECODABLE.search(text):
        return text
    return _UNDECODABLE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible one.

    Control characters become one character each, so offsets into report text
    (figures, keyphrases, search matches) stay valid; only a file name's
    undecodable bytes (which decoded report text never holds) become four.
    """
    return undecodable_as_escapes(text).translate(_VISIBLE)


def json_escape_controls(json_text: str) -> str:
    """JSON text with DEL, C1 and bidirectional controls written as ``\\uXXXX``.

    They can only stand inside JSON strings, where the escape means the same
    character: the data is unchanged, only no terminal that shows the JSON
    acts on them (``json.dumps`` escapes C0 itself).
    """
    if not _JSON_RAW_CONTROLS.search(json_text):
        return json_text
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
