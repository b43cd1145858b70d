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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from dj_tui.analysis import segment
from dj_tui.analysis.models import Figure, Sentence

# --- Units --------------------------------------------------------------------

# Unit classes decide how a figure ranks and where its subject is written.
MONEY = "money"
RATE = "rate"  # 99.06%
POINTS = "points"  # 3个百分点
TIMES = "times"  # 2倍
PEOPLE = "people"
COUNT = "count"  # organisations, items, facilities
EVENT = "event"  # 次, 场, 期: how often something was done
PHYSICAL = "physical"  # area, length, mass, volume, power
DURATION = "duration"


@dataclass(frozen=True)
class _Unit:
    canonical: str
    kind: str
    # A classifier (个, 名, 家) is usually followed by the noun it counts
    # (19.07万个基层党组织); a measure (元, %, 人次) usually follows the
    # thing measured (完成投资372亿元).
    classifier: bool
    # For ranking only: how many of the class's usual unit one of these is
    # (a 毫升 is a thousandth of a 升), so that magnitudes compare.
    scale: float = 1.0


def _build_units() -> dict[str, _Unit]:
    table: dict[str, _Unit] = {}

    def add(kind: str, classifier: bool, *surfaces: str, canonical: str | None = None, scale: float = 1.0) -> None:
        for surface in surfaces:
            table[surface] = _Unit(canonical or surface, kind, classifier, scale)

    add(MONEY, False, "元", "美元", "欧元", "港元")
    add(RATE, False, "%")
    add(RATE, False, "‰", scale=0.1)
    add(POINTS, False, "个百分点", "百分点", canonical="个百分点")
    add(TIMES, False, "倍")
    add(PEOPLE, True, "人", "名", "位", "户")
    add(PEOPLE, False, "人次", "户次")
    add(
        COUNT, True,
        "个", "家", "所", "支", "座", "处", "台", "辆", "套", "部", "间", "张", "份", "本",
        "册", "项", "件", "条", "篇", "起", "宗", "种", "类", "门", "栋", "幢", "块", "棵",
        "株", "只", "组", "对", "笔", "首", "幅", "面", "盏", "架", "艘",
    )  # fmt: skip
    add(EVENT, True, "场", "期", "批", "轮", "堂", "节")
    add(EVENT, False, "次", "场次", "批次", "班次", "件次", "车次", "架次", "课时", "学时")
    add(EVENT, False, "个批次", canonical="批次")
    # Physical units rank on the scale of 亩, 公里, 吨, 升 and 千瓦.
    add(PHYSICAL, False, "亩", "公里", "千米", "吨", "升", "千瓦", "千瓦时")
    add(PHYSICAL, False, "公顷", scale=15.0)
    add(PHYSICAL, False, "平方公里", "平方千米", scale=1500.0)
    add(PHYSICAL, False, "平方米", "立方米", scale=0.0015)
    add(PHYSICAL, False, "米", "公斤", "千克", "毫升", scale=0.001)
    add(PHYSICAL, False, "斤", scale=0.0005)
    add(PHYSICAL, False, "兆瓦", scale=1000.0)
    add(DURATION, False, "小时", "分钟", "天", "个月", "工作日")
    add(DURATION, False, "个小时", canonical="小时")
    add(DURATION, False, "个工作日", canonical="工作日")
    return table


# Calendar units (年, 月, 日), ages (岁), 周年, 届, 号 and 楼 are left out on
# purpose: after a number they name a date, an age, an anniversary, a
# congress or an address, not an amount of work done.
_UNITS = _build_units()

# How much a unit class says about a report's results, per unit of magnitude.
_KIND_WEIGHT = {
    MONEY: 0.8,  # magnitude is counted in yuan, which inflates it
    RATE: 1.0,
    POINTS: 1.0,
    TIMES: 1.0,
    PEOPLE: 1.0,
    COUNT: 0.9,
    EVENT: 0.8,
    PHYSICAL: 0.9,
    DURATION: 0.4,
}

# --- Numbers ------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10**4, "亿": 10**8}
_CN_MAGNITUDES = frozenset("十百千万亿")
_MULTIPLIERS = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 100}

_AR_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千万亿]+"
# 千米, 千克, 千瓦 and 百分点 are units, not a 千 or 百 multiplier.
_MULT = r"万亿|千万|百万|十万|亿|万|千(?![米克瓦])|百(?!分点)"
# 上 qualifies only a bare Chinese magnitude (上千人, 上万名).
_PRE_QUALIFIERS = r"超过|将近|接近|大约|多达|不到|不足|超|逾|约|近|上(?=[十百千万亿])"
_RANGE_SEP = r"-|—|–|~|～|〜|至|到"
_UNIT_ALTERNATIVES = "|".join(re.escape(surface) for surface in sorted(_UNITS, key=len, reverse=True))

_FIGURE = re.compile(
    # The lookahead lets the scan skip at once every position that cannot
    # start a figure, which is most of them.
    rf"(?=[超将接大多不逾约近上\d零〇一二两三四五六七八九十百千万亿])"
    rf"(?P<pre>{_PRE_QUALIFIERS})?"
    rf"(?:(?P<lo>{_AR_NUM})(?:{_MULT})?(?P<sep>{_RANGE_SEP}))?"
    rf"(?P<num>{_AR_NUM}|{_CN_NUM})"
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
_COMPARATIVE = re.compile(r"(?:低于|高于|少于|多于|大于|小于|不少于|不低于|不超过|不高于)$")

# A quoted span without sentence punctuation is a name or a slogan
# (“5512”产业工程, “3个100”行动); quoted speech (“我们建了12个驿站，
# ……”) keeps its figures. Titles are always names.
_TITLE = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|【[^【】]*】")
_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」|『[^『』]*』|\"[^\"]*\"")
_SPEECH_PUNCT = frozenset("，。！？；：…")

# --- Subjects -----------------------------------------------------------------

# Words between a subject and the figure that make the figure its value:
# 网上可办率达到99.06%, 合格率同比提高5%, 报酬提高到每人每年4.5万元.
_PREDICATE_WORDS = frozenset(
    "达到 达 为 是 超过 突破 实现 保持 持续保持 提高 提高到 提升 提升到 增加 增加到 增长 增至 "
    "上升 下降 降低 降至 减少 减少到 减至 压减至".split()
)
# After these the figure introduces what it counts: 全县有[86公里河道].
_EXISTENTIAL_WORDS = frozenset("有 共有 拥有 新增".split())
# Words that sit between a subject and its figure without belonging to
# either: totals, comparisons, distributives (累计, 同比, 每人每年, 村均).
_FILLER_WORDS = frozenset(
    "共 共计 总计 合计 累计 计 在 到 从 同比 环比 每 每人 每年 每户 每月 每天 每人每年 "
    "人均 户均 村均 年均 平均 均 全部 已 已经 分别 各 等 内 以内 之内 低于 高于 少于 多于 不少于 不低于 "
    "不超过 不高于".split()
)
# jieba dictionary tags of words that never belong to a counted noun phrase:
# adverbs, prepositions, conjunctions, particles, pronouns, time and
# locative words, interjections, onomatopoeia.
_FUNCTION_TAG_INITIALS = frozenset("dpcurtfyeo")
_SUBJECT_MAX_TOKENS = 3
_SUBJECT_MAX_CHARS = 10
_CJK_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_OPENING_QUOTE = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"'}

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
    kept: dict[tuple[float, str], list[Figure]] = {}
    for figure, _ in found:
        same_amount = kept.setdefault((figure.value, figure.unit), [])
        if not any(_same_subject(figure, other) for other in same_amount):
            same_amount.append(figure)
            result.append(figure)
    return result


def _same_subject(a: Figure, b: Figure) -> bool:
    """Whether two equal amounts count the same thing: 新建驿站 and 全年新建驿站."""
    if a.subject is None or b.subject is None:
        return a.subject == b.subject
    return a.subject in b.subject or b.subject in a.subject


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    unit_start: int
    value: Decimal
    unit: _Unit
    qualifier: str | None
    is_range: bool = False
    is_criterion: bool = False


_Span = tuple[int, int, str]


def _sentence_figures(sentence: Sentence, words: Sequence[str]) -> list[tuple[Figure, int]]:
    norm = sentence.norm
    matches = _find_matches(norm)
    if not matches:
        return []
    spans = _token_spans(norm, words)
    figures = []
    floor = 0
    for match in matches:
        if _unit_inside_word(spans, match):
            continue
        figure = Figure(
            text=sentence.text[match.start : match.end],
            value=float(match.value),
            unit=match.unit.canonical,
            qualifier=match.qualifier,
            subject=_subject(norm, spans, match, floor),
            index=sentence.index,
            score=_score(match, sentence.is_heading),
        )
        figures.append((figure, match.start))
        floor = match.end
    return figures


def _find_matches(norm: str) -> list[_Match]:
    """Number-and-unit candidates of one sentence, before the word check."""
    masked = _masked_spans(norm)
    matches = []
    for m in _FIGURE.finditer(norm):
        match = _accept(norm, m)
        if match is not None and not _overlaps(match, masked):
            matches.append(match)
    for m in _PERCENT_WORDS.finditer(norm):
        value = _parse_number(m["num"])
        if value is None or _glued(norm, m.start()):
            continue
        match = _Match(m.start(), m.end(), m.start(), value, _UNITS["%"], m["pre"])
        if not _overlaps(match, masked):
            matches.append(match)
    return sorted(matches, key=lambda match: match.start)


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
    is_criterion = attributive or _COMPARATIVE.search(norm, 0, start) is not None
    return _Match(start, m.end(), m.start("unit"), value, _UNITS[unit_text], qualifier, is_range, is_criterion)


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


def _masked_spans(norm: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _TITLE.finditer(norm)]
    spans.extend(m.span() for m in _QUOTED.finditer(norm) if not _SPEECH_PUNCT.intersection(m.group()))
    return spans


def _overlaps(match: _Match, spans: list[tuple[int, int]]) -> bool:
    return any(start < match.end and match.start < end for start, end in spans)


# --- Subjects -----------------------------------------------------------------


def _token_spans(norm: str, words: Sequence[str]) -> list[_Span]:
    """Offsets of each token in ``norm``; a token that cannot be placed is skipped."""
    spans = []
    pos = 0
    for word in words:
        found = norm.find(word, pos) if word else -1
        if found >= 0:
            spans.append((found, found + len(word), word))
            pos = found + len(word)
    return spans


def _unit_inside_word(spans: list[_Span], match: _Match) -> bool:
    """True when jieba read the unit as the start of a longer word (2节点, 300人民)."""
    unit_words = _dictionary().unit_words
    return any(
        match.unit_start <= start < match.end < end and word in unit_words for start, end, word in spans
    )


def _subject(norm: str, spans: list[_Span], match: _Match, floor: int) -> str | None:
    """The thing counted, written after a classifier or before a measure.

    19.07万个[基层党组织], [重大项目完成投资]372亿元, [网上可办率]达到99.06%.
    ``floor`` is where the previous figure of the sentence ends: a subject
    never reaches back into it.
    """
    preceding, link = _preceding_phrase(norm, spans, match.start, floor)
    following, closed = _following_phrase(norm, spans, match)
    if match.unit.classifier or link == "existential":
        return following or preceding
    if link == "predicate":
        return preceding or following
    # After a measure a noun phrase closed by punctuation is what was measured
    # (设立300万元[人才基金]); one cut off by a verb is the start of
    # a new clause (投入2700多万元新建改造……), so the verb before is kept.
    if following and closed and (preceding is None or _is_verb(preceding)):
        return following
    return preceding or following


def _preceding_phrase(norm: str, spans: list[_Span], start: int, floor: int) -> tuple[str | None, str | None]:
    """The phrase right before the figure, and how it links to the figure.

    The link is "predicate" (达到, 下降), "existential" (有) or None.
    """
    before = [(s, e, w if e <= start else norm[s:start]) for s, e, w in spans if s >= floor and s < start]
    link = None
    while before:
        word = before[-1][2]
        if word in _PREDICATE_WORDS:
            link = link or "predicate"
        elif word in _EXISTENTIAL_WORDS:
            link = link or "existential"
        elif word not in _FILLER_WORDS and not _is_function_word(word):
            break
        before.pop()
    if not before:
        return None, link
    end = before[-1][1]
    if norm[end - 1] in _OPENING_QUOTE:
        # A quoted name right before the figure is what it counts: 打造“红色驿站”51个.
        opening = norm.rfind(_OPENING_QUOTE[norm[end - 1]], floor, end - 1)
        if opening >= 0 and end - opening <= _SUBJECT_MAX_CHARS + 2:
            return norm[opening:end], link
        return None, link
    words: list[str] = []
    for _, _, word in reversed(before):
        if not _CJK_WORD.fullmatch(word) or _is_function_word(word) or word in _FILLER_WORDS:
            break
        words.insert(0, word)
        # A place word (网上, 线上, 村里) opens the phrase it qualifies.
        if _dictionary().tags.get(word) == "s" or _full(words):
            break
    return "".join(words) or None, link


def _following_phrase(norm: str, spans: list[_Span], match: _Match) -> tuple[str | None, bool]:
    """The noun phrase a figure introduces: 19.07万个[基层党组织]、.

    Also says whether the phrase ended at punctuation or a function word
    rather than being cut off by a verb.
    """
    # A verb right after a count of actions is the action (3次召开……); after
    # a count of people or things it may modify the noun (1.3万名在职党员).
    verb_may_open = match.unit.kind not in (EVENT, DURATION)
    words: list[str] = []
    closed = True
    for start, stop, _ in spans:
        if stop <= match.end:
            continue
        piece = norm[max(start, match.end) : stop]
        if not words and piece == "的":
            continue  # 1.2万余人的[志愿者队伍]
        if not _CJK_WORD.fullmatch(piece) or piece in _FILLER_WORDS:
            break
        tag = _dictionary().tags.get(piece)
        # A locative may open the phrase (5个[沿江乡镇]) but ends it after a noun.
        if tag is not None and tag[0] in _FUNCTION_TAG_INITIALS and (words or tag[0] != "f"):
            break
        if tag == "v" or piece in _PREDICATE_WORDS:
            if not words and not verb_may_open:
                return None, True
            if words:
                closed = False
                break  # a verb after the noun ends the phrase: 380余万名[党员]参加
        words.append(piece)
        if _full(words):
            break
    while words and _is_verb(words[-1]):
        words.pop()  # 2000人[参加]: a verb alone is not what was counted
    return "".join(words) or None, closed


def _full(words: list[str]) -> bool:
    return len(words) >= _SUBJECT_MAX_TOKENS or sum(map(len, words)) >= _SUBJECT_MAX_CHARS


def _is_function_word(word: str) -> bool:
    tag = _dictionary().tags.get(word)
    return tag is not None and tag[0] in _FUNCTION_TAG_INITIALS


def _is_verb(word: str) -> bool:
    return _dictionary().tags.get(word) == "v"


@dataclass(frozen=True)
class _Dictionary:
    tags: dict[str, str]  # function words, verbs and place words only
    unit_words: frozenset[str]  # words that begin with a unit's first character (节点, 人民)


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    """What figures need from jieba's dictionary, read once (about 0.2 s).

    Reading the tags of the few word classes used here costs far less than
    tagging every sentence with jieba.posseg.
    """
    unit_initials = {surface[0] for surface in _UNITS}
    tags: dict[str, str] = {}
    unit_words: set[str] = set()
    for word, tag in segment.dictionary_entries():
        if len(word) > 4:
            continue
        if tag == "v" or tag == "s" or tag[0] in _FUNCTION_TAG_INITIALS:
            tags[word] = tag
        if len(word) > 1 and word[0] in unit_initials:
            unit_words.add(word)
    return _Dictionary(tags, frozenset(unit_words))


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
    score = _KIND_WEIGHT[kind] * magnitude
    if kind not in (RATE, POINTS, TIMES) and float(match.value) < _SMALL_COUNT:
        score *= _SMALL_COUNT_FACTOR
    if match.is_range:
        score *= _RANGE_FACTOR
    if match.is_criterion:
        score *= _CRITERION_FACTOR
    if is_heading:
        score *= _HEADING_FACTOR
    return round(score, 6)
