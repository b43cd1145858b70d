"""Figures: every number-and-unit fact of a report, in document order.

A figure is a quantity the report states about its work: 19.07万个基层党组织,
重大项目完成投资372亿元, 网上可办率达到99.06%, 带动5000余群众, and the rates
and multiples written in words (百分之九十五, 三分之一, 五成以上, 翻一番).
Numbers that only look like quantities are rejected: calendar dates,
ordinals and rankings (第九批, 前6位), anniversaries (75周年), phone numbers and
addresses, clock times, anything inside a 《》 title or a quoted name
(“5512”产业工程), and Chinese numerals used as words (一个个, 三天三夜, 两个确立).

Values are normalised to the base unit (372亿元 -> 37200000000 元). A range
(6-8个) keeps its upper bound with the qualifier 至 ("up to"); a change
(从8610张压减至278张) is one figure with its old and new value; a verb of
change gives the direction (同比下降3.5%). Headings are scanned too, since a
heading can announce a figure. How figures rank is decided elsewhere.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from heapq import merge
from itertools import accumulate
from operator import attrgetter

from dj_tui.analysis.models import Figure, Sentence
from dj_tui.analysis.stages import figure_changes, figure_subjects
from dj_tui.analysis.stages.figure_numerals import (
    AR_NUM,
    CN_DIGITS,
    CN_MAGNITUDES,
    CN_NUM,
    MULTIPLIER,
    MULTIPLIERS,
    NEW_NUMBER,
    NUMERALS,
    parse_number,
)
from dj_tui.analysis.stages.figure_qualifiers import (
    AFTER_UNIT,
    BEFORE_NUMBER,
    FIRST_CHARACTERS,
    INSIDE_NUMBER,
    RANGE,
)
from dj_tui.analysis.stages.figure_units import COUNTED_NOUNS, POINTS, TIMES, UNITS, Unit

_RANGE_SEP = r"-|—|–|~|～|〜|至|到"
_UNIT_ALTERNATIVES = "|".join(re.escape(surface) for surface in sorted(UNITS, key=len, reverse=True))

_FIGURE = re.compile(
    # The lookahead lets the scan skip at once every position that cannot
    # start a figure, which is most of them.
    rf"(?=[{FIRST_CHARACTERS}\d{NUMERALS}])"
    rf"(?P<pre>{BEFORE_NUMBER})?"
    rf"(?:(?P<lo>(?<!\d)(?:{AR_NUM}))(?:{MULTIPLIER})?(?P<sep>{_RANGE_SEP}))?"
    rf"(?P<num>{NEW_NUMBER})"
    rf"(?P<q1>{INSIDE_NUMBER})?"
    rf"(?P<mul>{MULTIPLIER})?"
    rf"(?P<q2>{INSIDE_NUMBER})?"
    rf"(?P<unit>{_UNIT_ALTERNATIVES})"
    rf"(?P<post>{AFTER_UNIT})?"
)
# Rates and multiples written in words: 百分之九十五点五, 三分之一, 千分之五,
# 五成 (five tenths), 翻一番 (doubled), 翻两番 (four times).
_SINGLE_DIGIT = "一二两三四五六七八九"
_WORDED = re.compile(
    rf"(?P<pre>{BEFORE_NUMBER})?"
    r"(?:"
    rf"(?<![\d{NUMERALS}])(?P<whole>\d{{1,4}}|[{NUMERALS}]{{1,4}})分之(?P<part>{AR_NUM}|{CN_NUM})"
    rf"|(?<![\d{NUMERALS}])(?P<tenths>[{_SINGLE_DIGIT}1-9])成"
    rf"|翻了?(?P<doublings>[{_SINGLE_DIGIT}1-9])?番"
    r")"
    rf"(?P<post>{AFTER_UNIT})?"
)

# A number glued to these is part of a code, a date, a time, a formula or a
# list, not a count: 0551-62607456, 2024-04-18, 21:24, 5×8, 1+3+N.
_GLUE = frozenset(".,:-/×*+#@_~～—–·")
# Before a Chinese numeral these make it an ordinal or a vague amount
# (第九批, 几十个, 数百名).
_CN_BLOCKERS = frozenset("第几数若")
# 前6位, 前三名: a place in a ranking.
_RANK_PREFIXES = frozenset("前后")
_RANK_UNITS = frozenset({"名", "位"})
# Kinds of unit a Chinese digit without a magnitude may count: 两倍,
# 两个百分点 are amounts, where 一个, 三天三夜 and 两个确立 are words.
_SMALL_NUMERAL_KINDS = frozenset({TIMES, POINTS})
# A long bare number straight before a noun is a hotline or a code
# (12345市民热线); a count that large is written with 万 or a measure word.
_MAX_BARE_NOUN_DIGITS = 4

# A quoted span without sentence punctuation is a name or a slogan
# (“5512”产业工程, “3个100”行动); quoted speech (“我们建了12个驿站，
# ……”) keeps its figures. Titles are always names.
_TITLE = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|【[^【】]*】")
_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」|『[^『』]*』|\"[^\"]*\"")
_SPEECH_PUNCT = frozenset("，。！？；：…")

_PERCENT = UNITS["%"]
_TIMES = UNITS["倍"]
# A fraction that does not end within this many decimals of a percent (三分之一) is rounded to one.
_EXACT_PERCENT_PLACES = 2


def extract_figures(sentences: Sequence[Sentence], tokens: Sequence[Sequence[str]]) -> list[Figure]:
    """All number-and-unit facts of a report, in document order, each with score 0.0.

    ``tokens[i]`` is ``segment.cut(sentences[i].norm)``: it finds the subject
    each figure counts and tells a number from a word. A fact stated twice is
    listed twice (``figure_repeats.without_repeats`` keeps one).
    """
    found: list[Figure] = []
    for sentence, words in zip(sentences, tokens, strict=True):
        found.extend(_sentence_figures(sentence, words))
    return found


@dataclass(frozen=True)
class _Match:
    start: int  # with the qualifier before the number, if any
    number_start: int
    end: int
    unit_start: int
    value: Decimal
    unit: Unit
    pre: str | None  # the qualifier before the number
    qualifiers: tuple[str, ...]  # the figure's, strongest first: a range's 至, else as written
    direction: str | None = None  # set by the words themselves (翻一番), not by a verb before them
    # 五成 is a rate only where a word ends after it (not 三成为, 一成不变).
    ends_word: bool = False


def _sentence_figures(sentence: Sentence, words: Sequence[str]) -> list[Figure]:
    """The sentence's figures in order, each change (从A压减至B) joined into one."""
    norm = sentence.norm
    tokens = None  # placed once a sentence turns out to hold a figure
    figures: list[Figure] = []
    floor = 0  # the end of the last figure kept
    pending: _Match | None = None  # the last match, kept back in case the next one is its new value
    for candidate in _find_matches(norm):
        if tokens is None:
            tokens = figure_subjects.locate_tokens(norm, words)
        match = _in_words(candidate, tokens)
        if match is None or match.start < (pending.end if pending else floor):
            continue
        if pending is not None:
            if _is_change(norm, tokens, floor, pending, match):
                figures.append(_figure(sentence, tokens, match, floor, figures, old=pending))
                floor, pending = match.end, None
                continue
            figures.append(_figure(sentence, tokens, pending, floor, figures))
            floor = pending.end
        pending = match
    if pending is not None and tokens is not None:
        figures.append(_figure(sentence, tokens, pending, floor, figures))
    return figures


def _in_words(match: _Match, tokens: figure_subjects.Tokens) -> _Match | None:
    """The match as the sentence's words read it, or None when its unit is part of a longer word.

    jieba reading the unit as the start of a word (2节点, 300人民) or a 成 as
    part of one (三成为, 一成不变) means it is no figure; a qualifier that ends
    a word before the number (节约, 最近) is left out.
    """
    if figure_subjects.unit_inside_word(tokens, match.unit_start, match.end):
        return None
    if match.ends_word and _inside_token(tokens, match.end):
        return None
    if match.pre and _inside_token(tokens, match.start):
        qualifiers = tuple(q for q in match.qualifiers if q != match.pre)
        return replace(match, start=match.number_start, pre=None, qualifiers=qualifiers)
    return match


def _inside_token(tokens: figure_subjects.Tokens, pos: int) -> bool:
    """Whether a token runs across ``pos``, starting before it and ending after it."""
    last = bisect_right(tokens.starts, pos) - 1
    return last >= 0 and tokens.starts[last] < pos < tokens.ends[last]


def _is_change(norm: str, tokens: figure_subjects.Tokens, floor: int, old: _Match, new: _Match) -> bool:
    if old.unit.canonical != new.unit.canonical or old.direction or new.direction:
        return False
    mark = figure_changes.change_mark(norm, floor, (old.start, old.end), new.start)
    # The 从 of 从事 or the 由 of 由于 is not "from".
    return mark is not None and _is_token(tokens, mark)


def _is_token(tokens: figure_subjects.Tokens, pos: int) -> bool:
    """Whether a one-character token stands at ``pos``."""
    at = bisect_left(tokens.starts, pos)
    return at < len(tokens.starts) and tokens.starts[at] == pos and tokens.ends[at] == pos + 1


def _figure(
    sentence: Sentence,
    tokens: figure_subjects.Tokens,
    match: _Match,
    floor: int,
    before: list[Figure],
    old: _Match | None = None,
) -> Figure:
    """The figure of ``match`` (with ``old``, the change from it); ``before``: the sentence's figures so far."""
    norm = sentence.norm
    start = old.start if old else match.start
    if old is not None:
        verb = figure_changes.governing_direction(norm, match.start, old.end)
        direction = figure_changes.change_direction(float(old.value), float(match.value), verb)
    else:
        listed_after = before[-1].direction if before else None
        direction = match.direction or figure_changes.governing_direction(norm, start, floor, listed_after)
    return Figure(
        text=sentence.text[start : match.end],
        value=float(match.value),
        unit=match.unit.canonical,
        qualifier=match.qualifiers[0] if match.qualifiers else None,
        subject=figure_subjects.subject(norm, tokens, start, match.end, match.unit, floor),
        index=sentence.index,
        direction=direction,
        from_value=float(old.value) if old else None,
    )


def _find_matches(norm: str) -> Iterator[_Match]:
    """Number-and-unit candidates of one sentence in order, before the word check.

    Generated, not listed: a long sentence may hold hundreds of thousands.
    """
    masks = _masked_spans(norm)
    return merge(_unit_matches(norm, masks), _worded_matches(norm, masks), key=attrgetter("start"))


def _unit_matches(norm: str, masks: _Masks) -> Iterator[_Match]:
    for m in _FIGURE.finditer(norm):
        match = _accept(norm, m)
        if match is not None and not _overlaps(match, masks):
            yield match


def _worded_matches(norm: str, masks: _Masks) -> Iterator[_Match]:
    for m in _WORDED.finditer(norm):
        number_start = m.end("pre") if m["pre"] else m.start()
        if _glued(norm, number_start):
            continue
        qualifiers = tuple(q for q in (m["pre"], m["post"]) if q)
        unit, direction = _PERCENT, None
        if m["whole"]:
            value = _fraction_percent(m["whole"], m["part"])
        elif m["tenths"]:
            value = parse_number(m["tenths"])
            value = None if value is None else value * 10
        else:
            doublings = parse_number(m["doublings"] or "一")
            value = None if doublings is None else Decimal(2) ** int(doublings)
            unit, direction = _TIMES, figure_changes.UP
        if value is None:
            continue
        match = _Match(
            m.start(), number_start, m.end(), number_start, value, unit, m["pre"], qualifiers, direction,
            ends_word=bool(m["tenths"]),
        )
        if not _overlaps(match, masks):
            yield match


def _fraction_percent(whole: str, part: str) -> Decimal | None:
    """三分之一 -> 33.3, 百分之九十五点五 -> 95.5, 千分之五 -> 0.5 (percent)."""
    denominator = parse_number(whole)
    numerator = parse_number(part)
    if not denominator or numerator is None:
        return None
    percent = numerator * 100 / denominator
    if -percent.as_tuple().exponent > _EXACT_PERCENT_PLACES:
        percent = percent.quantize(Decimal("0.1"))
    return percent.normalize() if percent == percent.to_integral_value() else percent


def _accept(norm: str, m: re.Match[str]) -> _Match | None:
    """Turn a regex match into a figure, or None when it is not a quantity."""
    num = m["num"]
    first = m.start("lo") if m["lo"] else m.start("num")
    before = norm[first - 1] if first > 0 else ""
    unit = UNITS[m["unit"]]
    if before == "第" or (before in _RANK_PREFIXES and m["unit"] in _RANK_UNITS):
        return None  # ordinal or ranking: 第九批, 第1名, 前6位
    if num[0].isdigit():
        if _glued(norm, first) or _leading_zero(num) or (m["lo"] and _leading_zero(m["lo"])):
            return None
    elif m["lo"] or not _real_chinese_count(norm, m, unit):
        return None
    unit_text = m["unit"]
    if len(unit_text) == 1 and norm.startswith(unit_text, m.end("unit")):
        return None  # reduplicated measure word: 一个个, 一项项
    if unit_text in COUNTED_NOUNS and not (m["mul"] or m["q1"] or m["q2"]) and len(num) > _MAX_BARE_NOUN_DIGITS:
        return None
    value = parse_number(num)
    if value is None:
        return None
    value *= MULTIPLIERS.get(m["mul"] or "", 1)
    if m["lo"] is not None:
        qualifiers: tuple[str, ...] = (RANGE,)
    else:
        qualifiers = tuple(q for q in (m["pre"], m["q1"], m["q2"], m["post"]) if q)
    return _Match(m.start(), first, m.end(), m.start("unit"), value, unit, m["pre"], qualifiers)


def _glued(norm: str, pos: int) -> bool:
    if pos == 0:
        return False
    before = norm[pos - 1]
    return before in _GLUE or before.isdigit() or (before.isascii() and before.isalpha())


def _leading_zero(num: str) -> bool:
    # A leading zero marks a code (0551, 04): counts never have one.
    return len(num) > 1 and num[0] == "0" and num[1] != "."


def _real_chinese_count(norm: str, m: re.Match[str], unit: Unit) -> bool:
    """Chinese numerals are a count only when they carry a magnitude.

    Without 十/百/千/万/亿 (一个, 两个确立, 三天三夜) they are an article or
    part of a slogan, except before 倍 or 个百分点 (两倍); a bare magnitude
    (千家万户, 信心百倍) needs a qualifier to be an amount (超千项, 上万人, 百余名).
    """
    num = m["num"]
    start = m.start("num")
    if start > 0 and norm[start - 1] in _CN_BLOCKERS:
        return False
    if not CN_MAGNITUDES.intersection(num + (m["mul"] or "")):  # 三点五亿 has its magnitude after
        return unit.kind in _SMALL_NUMERAL_KINDS and all(ch in CN_DIGITS or ch == "点" for ch in num)
    bare = all(ch in CN_MAGNITUDES for ch in num)
    return not bare or bool(m["pre"] or m["q1"])


@dataclass(frozen=True)
class _Masks:
    """Titles and quoted names of a sentence, sorted by start, for overlap tests by bisection."""

    starts: list[int]
    reach: list[int]  # the furthest end of the spans up to and including each one


def _masked_spans(norm: str) -> _Masks:
    spans = [m.span() for m in _TITLE.finditer(norm)]
    spans.extend(m.span() for m in _QUOTED.finditer(norm) if not _SPEECH_PUNCT.intersection(m.group()))
    spans.sort()
    return _Masks([start for start, _ in spans], list(accumulate((end for _, end in spans), max)))


def _overlaps(match: _Match, masks: _Masks) -> bool:
    """Whether a masked span starting before the match ends reaches past its start."""
    starting_before = bisect_left(masks.starts, match.end)
    return starting_before > 0 and masks.reach[starting_before - 1] > match.start
