"""Where a paragraph of Chinese (and mixed) text breaks into lines of a terminal width.

Pure and independent of Textual, so that the text drawn on screen and the line
counts that scroll to a sentence come from the same breaks. The rules are the
usual Chinese ones (禁则):

- a line never starts with closing punctuation (、，。：；！？）】》」』”’ … ——)
  and never ends with opening punctuation (（【《「『“‘): a terminal cannot let a
  mark overhang the margin, so the character before it moves down with it;
- a number and its unit stay together (1,043个, 19.07万个, 99.06%, 372亿元,
  2024年7月, 3.5 km), and so does a Latin word;
- spaces at the end of a line hang past the margin (they are not drawn).

Only when a line holds nothing but such an unbreakable run is it cut where the
width runs out: every line fits. The cost is linear in the text's length.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

# Marks that may not begin a line. … and — come in pairs (……, ——) that this
# also keeps together.
CLOSING = frozenset("、，。．：；！？）］｝】》」』〉〕〗〙〛”’…—‥,.:;!?)]}%％‰℃")
# Marks that may not end a line (currency signs stay with their amount).
OPENING = frozenset("（［｛【《「『〈〔〖〘〚“‘([{￥＄$£€")

_DIGITS = "0-9０-９"
_NUMBER = rf"[{_DIGITS}]+(?:[.,．:：][{_DIGITS}]+)*"
# 万, 亿 … and 余, 多 (3万余人, 10多个) come between a number and its unit.
_MAGNITUDE = "[万亿千百兆余多]*"
# One character of unit (个, 元, 年, 人 …), a sign (%, ℃), Latin letters written
# on (5G, 3km), or after a space one of the common Latin units.
_UNIT = (
    r"(?:[%％‰℃°²³]"
    r"|[A-Za-z]+[²³0-9]*"
    r"| (?:km|m|cm|mm|kg|g|t|ha|kW|MW|GW|kWh|GB|TB|MB|Mbps|km²|m²)(?![A-Za-z])"
    r"|[\u3400-\u9fff])?"
)
# A run such as 2024年7月15日 or 1,043个 is several numbers with their units.
NUMBER_RUN = re.compile(rf"(?:{_NUMBER}{_MAGNITUDE}{_UNIT})+")


def _is_word(char: str) -> bool:
    """A letter or digit of Latin (or Greek, Cyrillic) script: words in it do not break."""
    return char.isalnum() and ord(char) < 0x2E80


def break_allowed(text: str) -> bytearray:
    """``allowed[i]`` is 1 where a line may start at ``text[i]`` (for ``0 < i < len(text)``)."""
    size = len(text)
    allowed = bytearray(b"\x01") * (size + 1)
    allowed[0] = 0
    for run in NUMBER_RUN.finditer(text):
        allowed[run.start() + 1 : run.end()] = bytes(run.end() - run.start() - 1)
    previous = ""
    for i, char in enumerate(text):
        if i and (char in CLOSING or previous in OPENING or char.isspace() or (_is_word(previous) and _is_word(char))):
            allowed[i] = 0
        if previous == "\n":
            allowed[i] = 1
        previous = char
    return allowed


def break_offsets(text: str, width: int) -> list[int]:
    """The offsets in ``text`` at which its second, third … lines start when wrapped at ``width`` cells.

    A paragraph of ``n`` offsets takes ``n + 1`` lines; an empty one takes one.
    A newline in ``text`` always ends a line (it is not drawn).
    """
    width = max(width, 1)
    allowed = break_allowed(text)
    breaks: list[int] = []
    start = 0  # where the current line starts
    used = 0  # cells from start up to the character being placed
    last = -1  # the latest offset after start where the line may break
    cells_at_last = 0  # cells from start up to last
    for i, char in enumerate(text):
        if char == "\n":
            breaks.append(i + 1)
            start, used, last = i + 1, 0, -1
            continue
        if i > start and allowed[i]:
            last, cells_at_last = i, used
        size = get_character_cell_size(char)
        used += size
        if used <= width or char.isspace():
            continue  # it fits, or it is a space hanging past the margin
        if last > start:
            # Back to the last place a line may break: what follows moves down.
            breaks.append(last)
            start, used, last = last, used - cells_at_last, -1
        if used > width and i > start:
            # Nothing on the line may be split (a number run wider than the
            # line): cut all the same, inside the run rather than before a
            # closing mark.
            cut = i
            while (
                cut > start + 1
                and (text[cut] in CLOSING or text[cut - 1] in OPENING)
                and cell_len(text[cut - 1 : i + 1]) <= width
            ):
                cut -= 1
            breaks.append(cut)
            start, used, last = cut, cell_len(text[cut : i + 1]), -1
    return breaks


def line_count(text: str, width: int) -> int:
    """How many lines ``text`` takes at ``width`` cells."""
    return len(break_offsets(text, width)) + 1
