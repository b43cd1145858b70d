"""Headline figures: every number-and-unit fact of a report, best first.

A figure is a quantity the report states about its work: 19.07万个基层党组织,
重大项目完成投资372亿元, 网上可办率达到99.06%. Numbers that only look like
quantities are rejected: calendar dates, ordinals and rankings (第九批, 前6位),
anniversaries (75周年), phone numbers and addresses, clock times, anything
inside a 《》 title or a quoted name (“5512”产业工程), and Chinese numerals
used as words (一个个, 三天三夜, 两个确立).

Values are normalised to the base unit (372亿元 -> 37200000000 元). A range
(6-8个) keeps its upper bound with the qualifier 至 ("up to"). Headings are
scanned too, since a heading can announce a figure, but rank below body text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from heapq import merge
from itertools import accumulate
from operator import attrgetter

from dj_tui.analysis.models import Figure, Sentence
from dj_tui.analysis.stages import figure_subjects
from dj_tui.analysis.stages.figure_units import KIND_WEIGHT, POINTS, RATE, TIMES, UNITS, Unit

# --- Numbers ------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10**4, "亿": 10**8}
_CN_MAGNITUDES = frozenset("十百千万亿")
_MULTIPLIERS = {
    "万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 100,
}

# No number a report states has this many digits or numerals. Bounding them
# bounds each attempt of the scan: unbounded, a run of digits without a unit
# was read to its end from every one of its positions (quadratic in the run).
_MAX_NUMBER_CHARS = 30
_AR_NUM = (
    rf"\d{{1,3}}(?:,\d{{3}}){{1,{_MAX_NUMBER_CHARS // 4}}}(?:\.\d{{1,{_MAX_NUMBER_CHARS}}})?"
    rf"|\d{{1,{_MAX_NUMBER_CHARS}}}(?:\.\d{{1,{_MAX_NUMBER_CHARS}}})?"
)
_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_CN_NUM = rf"[{_NUMERALS}]{{1,{_MAX_NUMBER_CHARS}}}"
# Nor is a number read from inside a run of digits or of numerals: it would
# be glued to the digit before it, and a run of numerals that is no figure
# from its first character is none from any later one. Skipping those
# positions makes the scan of a long run linear.
_NEW_NUMBER = rf"(?<!\d)(?:{_AR_NUM})|(?<![{_NUMERALS}]){_CN_NUM}"
# 千米, 千克, 千瓦 and 百分点 are units, not a 千 or 百 multiplier.
_MULT = r"万亿|千万|百万|十万|亿|万|千(?![米克瓦])|百(?!分点)"
# 上 qualifies only a bare Chinese magnitude (上千人, 上万名).
_PRE_QUALIFIERS = r"超过|将近|接近|大约|多达|不到|不足|超|逾|约|近|上(?=[十百千万亿])"
_RANGE_SEP = r"-|—|–|~|～|〜|至|到"
_UNIT_ALTERNATIVES = "|".join(re.escape(surface) for surface in sorted(UNITS, key=len, reverse=True))

_FIGURE = re.compile(
    # The lookahead lets the scan skip at once every position that cannot
    # start a figure, which is most of them.
    rf"(?=[超将接大多不逾约近上\d{_NUMERALS}])"
    rf"(?P<pre>{_PRE_QUALIFIERS})?"
    rf"(?:(?P<lo>(?<!\d)(?:{_AR_NUM}))(?:{_MULT})?(?P<sep>{_RANGE_SEP}))?"
    rf"(?P<num>{_NEW_NUMBER})"
    r"(?P<q1>余|多)?"
    rf"(?P<mul>{_MULT})?"
    r"(?P<q2>余|多)?"
    rf"(?P<unit>{_UNIT_ALTERNATIVES})"
    r"(?P<post>以上|以下|以内|左右|之多)?"
)
_PERCENT_WORDS = re.compile(rf"(?P<pre>{_PRE_QUALIFIERS})?百分之(?P<num>{_AR_NUM}|[零〇一二两三四五六七八九十百点]+)")

# A number glued to these is part of a code, a date, a time, a formula or a
# list, not a count: 0551-62607456, 2024-04-18, 21:24, 5×8, 1+3+N.
_GLUE = frozenset(".,:-/×*+#@_~～—–·")
# Before a Chinese numeral these make it an ordinal or a vague amount
# (第九批, 几十个, 数百名).
_CN_BLOCKERS = frozenset("第几数若")
# 前6位, 前三名: a place in a ranking.
_RANK_PREFIXES = frozenset("前后")
_RANK_UNITS = frozenset({"名", "位"})
_COMPARATIVES = ("低于", "高于", "少于", "多于", "大于", "小于", "不少于", "不低于", "不超过", "不高于")
_COMPARATIVE = re.compile(f"(?:{'|'.join(_COMPARATIVES)})$")
# Only the text just before a figure can end in a comparative: searching the
# whole of it again for every figure was quadratic in a long sentence.
_COMPARATIVE_REACH = max(map(len, _COMPARATIVES))

# A quoted span without sentence punctuation is a name or a slogan
# (“5512”产业工程, “3个100”行动); quoted speech (“我们建了12个驿站，
# ……”) keeps its figures. Titles are always names.
_TITLE = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|【[^【】]*】")
_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」|『[^『』]*』|\"[^\"]*\"")
_SPEECH_PUNCT = frozenset("，。！？；：…")

# --- Ranking ------------------------------------------------------------------

_HEADING_FACTOR = 0.8
_RANGE_FACTOR = 0.6  # a range is usually a standard (每个小组20—30户), not a result
_CRITERION_FACTOR = 0.5  # 收入在30万元以上的合作社, 不少于3人的工作组
_SMALL_COUNT = 10
_SMALL_COUNT_FACTOR = 0.5


def extract_figures(sentences: Sequence[Sentence], tokens: Sequence[Sequence[str]]) -> list[Figure]:
    """All number-and-unit facts of a report, best first.

    ``tokens[i]`` is ``segment.cut(sentences[i].norm)``; it finds the subject
    each figure counts. The same fact stated twice (equal value and unit, one
    subject containing the other) is kept once, at its best-ranked place.
    Ties keep document order.
    """
    found: list[tuple[Figure, int]] = []
    for sentence, words in zip(sentences, tokens, strict=True):
        found.extend(_sentence_figures(sentence, words))
    found.sort(key=lambda item: (-item[0].score, item[0].index, item[1]))
    result: list[Figure] = []
    kept: dict[tuple[float, str], list[str | None]] = {}  # the subjects kept for each amount
    indexes: dict[tuple[float, str], _SubjectIndex] = {}
    for figure, _ in found:
        amount = (figure.value, figure.unit)
        subjects = kept.setdefault(amount, [])
        index = indexes.get(amount)
        if index is not None:
            repeated = index.holds_same(figure.subject)
        else:
            repeated = any(_same_subject(figure.subject, other) for other in subjects)
        if not repeated:
            subjects.append(figure.subject)
            result.append(figure)
            if index is not None:
                index.add(figure.subject)
            elif len(subjects) > _SCAN_LIMIT:
                indexes[amount] = _SubjectIndex(subjects)
    return result


def _same_subject(a: str | None, b: str | None) -> bool:
    """Whether two equal amounts count the same thing: 新建驿站 and 全年新建驿站."""
    if a is None or b is None:
        return a == b
    return a in b or b in a


# Up to this many subjects kept for one amount, a new figure is compared with
# each; a table of villages with 5个 each would compare every pair, so beyond
# it the amount's subjects are indexed.
_SCAN_LIMIT = 16


class _SubjectIndex:
    """The subjects kept for one amount, and every substring of them, hashed.

    ``holds_same`` answers as ``_same_subject`` against each of them would,
    in time bounded by the new subject's length.
    """

    def __init__(self, subjects: list[str | None]) -> None:
        self._whole: set[str | None] = set()
        self._parts: set[str] = set()
        for subject in subjects:
            self.add(subject)

    def add(self, subject: str | None) -> None:
        self._whole.add(subject)
        if subject is not None:
            self._parts.update(_substrings(subject))

    def holds_same(self, subject: str | None) -> bool:
        if subject is None:
            return None in self._whole
        return subject in self._parts or not self._whole.isdisjoint(_substrings(subject))


def _substrings(text: str) -> set[str]:
    return {text[start:end] for start in range(len(text)) for end in range(start + 1, len(text) + 1)}


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    unit_start: int
    value: Decimal
    unit: Unit
    qualifier: str | None
    is_range: bool = False
    is_criterion: bool = False


def _sentence_figures(sentence: Sentence, words: Sequence[str]) -> list[tuple[Figure, int]]:
    norm = sentence.norm
    tokens = None  # placed once a sentence turns out to hold a figure
    figures = []
    floor = 0
    for match in _find_matches(norm):
        if tokens is None:
            tokens = figure_subjects.locate_tokens(norm, words)
        if figure_subjects.unit_inside_word(tokens, match.unit_start, match.end):
            continue
        figure = Figure(
            text=sentence.text[match.start : match.end],
            value=float(match.value),
            unit=match.unit.canonical,
            qualifier=match.qualifier,
            subject=figure_subjects.subject(norm, tokens, match.start, match.end, match.unit, floor),
            index=sentence.index,
            score=_score(match, sentence.is_heading),
        )
        figures.append((figure, match.start))
        floor = match.end
    return figures


def _find_matches(norm: str) -> Iterator[_Match]:
    """Number-and-unit candidates of one sentence in order, before the word check.

    Generated, not listed: a long sentence may hold hundreds of thousands.
    """
    masks = _masked_spans(norm)
    return merge(_unit_matches(norm, masks), _percent_matches(norm, masks), key=attrgetter("start"))


def _unit_matches(norm: str, masks: _Masks) -> Iterator[_Match]:
    for m in _FIGURE.finditer(norm):
        match = _accept(norm, m)
        if match is not None and not _overlaps(match, masks):
            yield match


def _percent_matches(norm: str, masks: _Masks) -> Iterator[_Match]:
    for m in _PERCENT_WORDS.finditer(norm):
        value = _parse_number(m["num"])
        if value is None or _glued(norm, m.start()):
            continue
        match = _Match(m.start(), m.end(), m.start(), value, UNITS["%"], m["pre"])
        if not _overlaps(match, masks):
            yield match


def _accept(norm: str, m: re.Match[str]) -> _Match | None:
    """Turn a regex match into a figure, or None when it is not a quantity."""
    num = m["num"]
    start = m.start()
    pre = m["pre"]
    first = m.start("lo") if m["lo"] else m.start("num")
    before = norm[first - 1] if first > 0 else ""
    if before == "第" or (before in _RANK_PREFIXES and m["unit"] in _RANK_UNITS):
        return None  # ordinal or ranking: 第九批, 第1名, 前6位
    if pre == "近" and start > 0 and norm[start - 1] in "最附邻":
        pre = None  # 最近3个月: 近 belongs to the word before it
        start += 1
    if num[0].isdigit():
        if _glued(norm, first) or _leading_zero(num) or (m["lo"] and _leading_zero(m["lo"])):
            return None
    elif m["lo"] or not _real_chinese_count(norm, m, pre):
        return None
    unit_text = m["unit"]
    if len(unit_text) == 1 and norm.startswith(unit_text, m.end("unit")):
        return None  # reduplicated measure word: 一个个, 一项项
    value = _parse_number(num)
    if value is None:
        return None
    value *= _MULTIPLIERS.get(m["mul"] or "", 1)
    if not math.isfinite(float(value)):
        return None  # hundreds of digits: not a quantity anyone reports
    qualifiers = [q for q in (pre, m["q1"], m["q2"], m["post"]) if q]
    is_range = m["lo"] is not None
    if is_range:
        qualifier: str | None = "至"
    else:
        qualifier = qualifiers[0] if qualifiers else None
    attributive = m["post"] in ("以上", "以下", "以内") and norm.startswith("的", m.end())
    is_criterion = attributive or _COMPARATIVE.search(norm, max(0, start - _COMPARATIVE_REACH), start) is not None
    return _Match(start, m.end(), m.start("unit"), value, UNITS[unit_text], qualifier, is_range, is_criterion)


def _glued(norm: str, pos: int) -> bool:
    if pos == 0:
        return False
    before = norm[pos - 1]
    return before in _GLUE or before.isdigit() or (before.isascii() and before.isalpha())


def _leading_zero(num: str) -> bool:
    # A leading zero marks a code (0551, 04): counts never have one.
    return len(num) > 1 and num[0] == "0" and num[1] != "."


def _real_chinese_count(norm: str, m: re.Match[str], pre: str | None) -> bool:
    """Chinese numerals are a count only when they carry a magnitude.

    Without 十/百/千/万/亿 (一个, 两个确立, 三天三夜) they are an article or
    part of a slogan; a bare magnitude (千家万户, 信心百倍) needs a qualifier
    to be an amount (超千项, 上万人, 百余名).
    """
    num = m["num"]
    if not _CN_MAGNITUDES.intersection(num):
        return False
    start = m.start("num")
    if start > 0 and norm[start - 1] in _CN_BLOCKERS:
        return False
    bare = all(ch in _CN_MAGNITUDES for ch in num)
    return not bare or bool(pre or m["q1"])


def _parse_number(num: str) -> Decimal | None:
    if num[0].isdigit():
        try:
            return Decimal(num.replace(",", ""))
        except InvalidOperation:
            return None
    if "点" in num:  # 百分之九十五点五
        whole, _, fraction = num.partition("点")
        integer = _parse_chinese(whole) if whole else None
        if integer is None or not fraction or any(ch not in _CN_DIGITS for ch in fraction):
            return None
        return integer + Decimal("0." + "".join(str(_CN_DIGITS[ch]) for ch in fraction))
    return _parse_chinese(num)


def _parse_chinese(num: str) -> Decimal | None:
    """Parse a Chinese numeral (两万, 三千五百, 十二, 一千零五); None if malformed."""
    total = 0
    section = 0
    digit: int | None = None
    for ch in num:
        if ch in _CN_DIGITS:
            if digit:
                return None  # 二三: a run of digits, not a number
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_LARGE:
            section += digit or 0
            if section == 0 and total == 0:
                section = 1  # a bare 万 or 亿
            if ch == "亿":
                total = (total + section) * _CN_LARGE[ch]
            else:
                total += section * _CN_LARGE[ch]
            section = 0
            digit = None
        else:
            return None
    return Decimal(total + section + (digit or 0))


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


# --- Ranking ------------------------------------------------------------------


def _score(match: _Match, is_heading: bool) -> float:
    """Class weight x magnitude, lowered for standards, tiny counts and headings.

    Magnitude is log10 of the amount; a percentage scores 3 to 6 by its size,
    so a 99% coverage rate stands with a count in the hundreds of thousands,
    and a rate change or a multiple stands with a count in the thousands.
    """
    kind = match.unit.kind
    value = float(match.value) * match.unit.scale
    if kind == RATE:
        magnitude = 3.0 + 3.0 * min(value, 100.0) / 100.0
    elif kind in (POINTS, TIMES):
        magnitude = 3.0 + math.log10(max(value, 1.0))
    else:
        magnitude = math.log10(max(value, 1.0))
    score = KIND_WEIGHT[kind] * magnitude
    if kind not in (RATE, POINTS, TIMES) and float(match.value) < _SMALL_COUNT:
        score *= _SMALL_COUNT_FACTOR
    if match.is_range:
        score *= _RANGE_FACTOR
    if match.is_criterion:
        score *= _CRITERION_FACTOR
    if is_heading:
        score *= _HEADING_FACTOR
    return round(score, 6)
