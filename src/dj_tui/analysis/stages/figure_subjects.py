"""What a figure counts: its subject, read from the jieba tokens around it.

19.07万个[基层党组织], [重大项目完成投资]372亿元, [网上可办率]达到99.06%: a
classifier is usually followed by the noun it counts, a measure follows the
thing measured, and a predicate (达到) or an existential (有) between them
says which. Part of the figure extractor (``figures``).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.figure_units import DURATION, EVENT, UNITS, Unit
from dj_tui.analysis.stages.textnorm import HAN

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
_HAN_WORD = re.compile(f"[{HAN}]+")
_OPENING_QUOTE = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"'}


@dataclass(frozen=True)
class Tokens:
    """A sentence's tokens in order, with their offsets in its ``norm``.

    Each figure looks up the tokens around it by offset: scanning all of them
    for every figure was quadratic in a long sentence with many figures.
    """

    starts: array  # compact: a sentence may hold millions of tokens
    ends: array
    words: list[str]


def locate_tokens(norm: str, words: Sequence[str]) -> Tokens:
    """Offsets of each token in ``norm``; a token that cannot be placed is skipped."""
    tokens = Tokens(array("q"), array("q"), [])
    pos = 0
    for word in words:
        found = norm.find(word, pos) if word else -1
        if found >= 0:
            pos = found + len(word)
            tokens.starts.append(found)
            tokens.ends.append(pos)
            tokens.words.append(word)
    return tokens


def unit_inside_word(tokens: Tokens, unit_start: int, end: int) -> bool:
    """True when jieba read the unit (``unit_start`` to ``end``) as the start of a longer word (2节点, 300人民)."""
    unit_words = _dictionary().unit_words
    in_unit = range(bisect_left(tokens.starts, unit_start), bisect_left(tokens.starts, end))
    return any(tokens.ends[i] > end and tokens.words[i] in unit_words for i in in_unit)


def subject(norm: str, tokens: Tokens, start: int, end: int, unit: Unit, floor: int) -> str | None:
    """The thing counted, written after a classifier or before a measure.

    19.07万个[基层党组织], [重大项目完成投资]372亿元, [网上可办率]达到99.06%.
    ``floor`` is where the previous figure of the sentence ends: a subject
    never reaches back into it.
    """
    preceding, link = _preceding_phrase(norm, tokens, start, floor)
    following, closed = _following_phrase(norm, tokens, end, unit)
    if unit.classifier or link == "existential":
        return following or preceding
    if link == "predicate":
        return preceding or following
    # After a measure a noun phrase closed by punctuation is what was measured
    # (设立300万元[人才基金]); one cut off by a verb is the start of
    # a new clause (投入2700多万元新建改造……), so the verb before is kept.
    if following and closed and (preceding is None or _is_verb(preceding)):
        return following
    return preceding or following


def _preceding_phrase(norm: str, tokens: Tokens, start: int, floor: int) -> tuple[str | None, str | None]:
    """The phrase right before the figure, and how it links to the figure.

    The link is "predicate" (达到, 下降), "existential" (有) or None.
    """
    since_floor = slice(bisect_left(tokens.starts, floor), bisect_left(tokens.starts, start))
    before = [
        (s, e, w if e <= start else norm[s:start])
        for s, e, w in zip(tokens.starts[since_floor], tokens.ends[since_floor], tokens.words[since_floor])
    ]
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
        if not _HAN_WORD.fullmatch(word) or _is_function_word(word) or word in _FILLER_WORDS:
            break
        words.insert(0, word)
        # A place word (网上, 线上, 村里) opens the phrase it qualifies.
        if _dictionary().tags.get(word) == "s" or _full(words):
            break
    return "".join(words) or None, link


def _following_phrase(norm: str, tokens: Tokens, end: int, unit: Unit) -> tuple[str | None, bool]:
    """The noun phrase a figure introduces: 19.07万个[基层党组织]、.

    Also says whether the phrase ended at punctuation or a function word
    rather than being cut off by a verb.
    """
    # A verb right after a count of actions is the action (3次召开……); after
    # a count of people or things it may modify the noun (1.3万名在职党员).
    verb_may_open = unit.kind not in (EVENT, DURATION)
    words: list[str] = []
    closed = True
    for index in range(bisect_right(tokens.ends, end), len(tokens.ends)):
        piece = norm[max(tokens.starts[index], end) : tokens.ends[index]]
        if not words and piece == "的":
            continue  # 1.2万余人的[志愿者队伍]
        if not _HAN_WORD.fullmatch(piece) or piece in _FILLER_WORDS:
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
    unit_initials = {surface[0] for surface in UNITS}
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
