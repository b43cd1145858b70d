"""Length-preserving normalisation and sentence splitting.

Every function that turns original text into analysis text keeps the length
unchanged, character for character. That invariant lets every later stage find
a span in the normalised text (simplified, full-width punctuation, half-width
digits) and quote the very same span of the original, so figures and summary
sentences are always verbatim.

It also holds ``HAN``, the one definition of a Han ideograph that every stage
builds its patterns from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# The Han ideographs, as the body of a character class (f"[{HAN}]"), for
# every stage that tells Chinese words from other text: CJK Unified
# Ideographs Extension A, the Unified Ideographs and the Compatibility
# Ideographs. The Yijing hexagram symbols (U+4DC0-U+4DFF) that sit between
# the first two blocks are symbols, not characters of any word.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{HAN}]")

# ASCII punctuation that Chinese web text often uses in place of the full-width
# forms. `,` and `:` stay ASCII between digits (1,000 and 21:24).
_ALWAYS_FULL = str.maketrans({"?": "？", "!": "！", ";": "；", "(": "（", ")": "）"})
_COMMA_OR_COLON = re.compile(r"(?<!\d)[,:]|[,:](?!\d)")
_FULL_FORM = {",": "，", ":": "："}

# Full-width digits, letters and the few symbols that belong to numbers become
# ASCII so that figures parse the same however they were typed.
_HALF_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF10, 0xFF1A)}  # ０-９
_HALF_WIDTH.update({chr(code): chr(code - 0xFEE0) for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_HALF_WIDTH.update({chr(code): chr(code - 0xFEE0) for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_HALF_WIDTH.update({"．": ".", "％": "%", "＋": "+", "－": "-", "\u3000": " ", "\u00a0": " "})
_HALF_WIDTH_TABLE = str.maketrans(_HALF_WIDTH)


def normalize(text: str) -> str:
    """Return ``text`` with simplified characters and unified punctuation, same length."""
    out = text.translate(_HALF_WIDTH_TABLE).translate(_ALWAYS_FULL)
    out = _COMMA_OR_COLON.sub(lambda m: _FULL_FORM[m.group()], out)
    if needs_simplification(out):
        out = to_simplified(out)
    return out


# Every line of traditional text seen has at least one character of
# traditional text only in sixteen of its Han characters (most have one in
# three); simplified text has practically none.
_TRADITIONAL_SHARE = 0.05


def needs_simplification(text: str) -> bool:
    """True when ``text`` reads as traditional Chinese.

    That is when characters written in traditional text only (國, 餘, not 乾
    or 於, which simplified text writes too) make up at least
    ``_TRADITIONAL_SHARE`` of its Han characters: one such character in a
    paragraph of simplified text (a name, a typo) does not make it traditional.
    """
    traditional_only = _simplification().traditional_only
    # Simplified text, the usual case, is settled by one pass over a set.
    if traditional_only.isdisjoint(text):
        return False
    evidence = sum(1 for char in text if char in traditional_only)
    return evidence >= _TRADITIONAL_SHARE * len(_HAN_CHAR.findall(text))


class _Simplification:
    """OpenCC's traditional->simplified table (``resources/simplification.tsv``).

    Built from OpenCC's dictionaries by ``scripts/build_simplification.py``;
    every entry keeps the length of what it converts.
    """

    def __init__(self, rows: list[list[str]]) -> None:
        self.characters = str.maketrans({row[0]: row[1] for row in rows if row[2] != "p"})
        self.traditional_only = frozenset(row[0] for row in rows if row[2] == "t")
        self.phrases = {row[0]: row[1] for row in rows if row[2] == "p"}
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        # For each first character, the phrase lengths to try, longest first.
        self.phrase_lengths = {first: sorted(sizes, reverse=True) for first, sizes in lengths.items()}
        self.phrase_start = re.compile(f"[{re.escape(''.join(sorted(lengths)))}]")


@lru_cache(maxsize=1)
def _simplification() -> _Simplification:
    table = resources.files("dj_tui.analysis.stages").joinpath("resources").joinpath("simplification.tsv")
    lines = table.read_text(encoding="utf-8").splitlines()
    return _Simplification([line.split("\t") for line in lines if line and not line.startswith("#")])


def to_simplified(text: str) -> str:
    """Convert traditional to simplified characters, same length.

    As OpenCC does, a phrase of the table (乾隆, 一目瞭然) wins over its
    characters, the longest phrase first from left to right; every other
    character is converted on its own.
    """
    table = _simplification()
    out = text.translate(table.characters)
    pieces: list[str] = []
    done = 0
    for match in table.phrase_start.finditer(text):
        start = match.start()
        if start < done:
            continue  # inside a phrase already converted
        for size in table.phrase_lengths[match.group()]:
            replacement = table.phrases.get(text[start : start + size])
            if replacement is not None:
                pieces += [out[done:start], replacement]
                done = start + size
                break
    pieces.append(out[done:])
    return "".join(pieces)


# A sentence ends at one of these (or at a run of ……) plus any closing quotes
# or brackets that follow: `。”` stays together.
_SENTENCE_END = re.compile(r"(?:[。！？；]+|…{2,}|⋯{2,})[”’」』）》\"']*")


def split_sentences(norm: str) -> list[tuple[int, int]]:
    """Split one normalised paragraph into sentence spans ``(start, end)``.

    Spans cover the paragraph without gaps except surrounding white space, so
    ``original[start:end]`` is the verbatim sentence with its punctuation.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(norm):
        end = match.end()
        _append_trimmed(norm, start, end, spans)
        start = end
    _append_trimmed(norm, start, len(norm), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        spans.append((start, end))
    elif spans and end > start:
        # Stray punctuation (a lone ” or ……) belongs to the sentence before it.
        prev_start, _ = spans[-1]
        spans[-1] = (prev_start, end)
