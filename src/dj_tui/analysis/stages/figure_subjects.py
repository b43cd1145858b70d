"""What a figure counts: its subject, read along the sentence's structure.

19.07万个[基层党组织], [重大项目完成投资]372亿元, [网上可办率]达到99.06%: a
classifier is usually followed by the noun it counts, a measure follows the
thing measured, and what stands between them says which: a predicate (达到,
占, 发展壮大为) makes the figure the value of the noun before it, an
existential (有) or an action verb (设立, 带来) makes it the amount of the
noun after it. A subject is a noun phrase: it ends in a noun, is longer than
one character, and is never a verb, an age or a duration; when the sentence
does not say clearly what is counted the figure has none. Part of the figure
extractor (``figures``).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from dj_tui.analysis.stages import subject_words as words
from dj_tui.analysis.stages.figure_units import DURATION, EVENT, MONEY, Unit
from dj_tui.analysis.stages.textnorm import HAN

# Words between a subject and the figure that make the figure its value:
# 网上可办率达到99.06%, 合格率同比提高5%, 山区占92.3%.
_PREDICATE_WORDS = frozenset(
    "达到 达 为 是 超过 突破 实现 保持 持续保持 提高 提高到 提升 提升到 增加 增加到 增长 增至 "
    "上升 下降 降低 降至 减少 减少到 减至 压减至 占 占到 约占 占比 高达 跃升 升至".split()
)
# A verb before these is part of the predicate: 发展壮大为, 发展到, 跃升至.
_RESULT_MARKERS = frozenset("为 到 至 成".split())
# jieba glues a one-character predicate to an unknown word before it (村达).
_GLUED_PREDICATES = frozenset("达为占超")
_ASPECT_PARTICLES = frozenset("了 过".split())
# After these the figure introduces what it counts: 全县有[86公里河道].
_EXISTENTIAL_WORDS = frozenset("有 共有 拥有 新增".split())
# A rate of a whole is the share of the noun before 占: 党员占全村人口的30%.
_SHARE_WORDS = frozenset("占 占到 约占 占据".split())
# 退休党员中身体好的452名: the set a described part is taken from.
_PARTITIVE_WORDS = frozenset("中 当中 之中 里".split())
# Words that sit between a subject and its figure without belonging to
# either: totals, comparisons, distributives (累计, 同比, 每人每年, 村均).
_FILLER_WORDS = frozenset(
    "共 共计 总计 合计 累计 计 在 到 从 同比 环比 每 每人 每年 每户 每月 每天 每人每年 "
    "人均 户均 村均 年均 平均 均 全部 已 已经 分别 各 等 内 以内 之内 低于 高于 少于 多于 不少于 不低于 "
    "不超过 不高于 可 可以 能 能够 将 有望 预计".split()  # modal words too: 亩产值可超过4万元
)
# Where a clause ends: a subject, a list or a relative clause never crosses it.
_CLAUSE_BREAKS = "，。；：！？,;:!?\n"
_LIST_SEPARATORS = re.compile("[、和与及]")
_SUBJECT_MAX_TOKENS = 3
_SUBJECT_MAX_CHARS = 10
_QUOTED_MAX_CHARS = 16
# How far a described head (…的村) or a parallel list (A、B分别…) is looked for.
_CLAUSE_REACH = 16
_LIST_REACH = 60
_LOOKAHEAD_CHARS = 24
_HAN_WORD = re.compile(f"[{HAN}]+")
_OPENING_QUOTE = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"'}
_CLOSING_QUOTE = {opening: closing for closing, opening in _OPENING_QUOTE.items()}
_NUMERALS = "零〇一二两三四五六七八九十百千万"
# 70岁以上老人, 60多岁的老党员: an age describes the people counted, never is what is counted.
_AGE = re.compile(rf"(?:\d+|[{_NUMERALS}]+)[多余]?周?岁(?:以上|以下|左右)?的?")
# 这样的队伍, 各类经营主体: a demonstrative or a distributive points at the noun after it.
_DEMONSTRATIVE = re.compile(r"(?:这样|这种|这类|这些|那样|那些|各类|各种|各项|各级)的?")
# A romanised gloss inside a name (嘎查（gacha）村) is not part of it.
_GLOSS = re.compile(r"[（(][A-Za-z\u00C0-\u024F\u0300-\u036F\s'’·-]+[）)]")


@dataclass(frozen=True)
class Tokens:
    """A sentence's tokens in order, with their offsets in its ``norm``.

    Each figure looks up the tokens around it by offset: scanning all of them
    for every figure was quadratic in a long sentence with many figures.
    """

    starts: array  # compact: a sentence may hold millions of tokens
    ends: array
    words: list[str]


def locate_tokens(norm: str, words_: Sequence[str]) -> Tokens:
    """Offsets of each token in ``norm``; a token that cannot be placed is skipped."""
    tokens = Tokens(array("q"), array("q"), [])
    pos = 0
    for word in words_:
        found = norm.find(word, pos) if word else -1
        if found >= 0:
            pos = found + len(word)
            tokens.starts.append(found)
            tokens.ends.append(pos)
            tokens.words.append(word)
    return tokens


def unit_inside_word(tokens: Tokens, unit_start: int, end: int) -> bool:
    """True when jieba read the unit (``unit_start`` to ``end``) as the start of a longer word (2节点, 300人民)."""
    unit_words = words.unit_words()
    in_unit = range(bisect_left(tokens.starts, unit_start), bisect_left(tokens.starts, end))
    return any(tokens.ends[i] > end and tokens.words[i] in unit_words for i in in_unit)


def subject(norm: str, tokens: Tokens, start: int, end: int, unit: Unit, floor: int) -> str | None:
    """The noun phrase the figure ``norm[start:end]`` counts, or None when the sentence does not say.

    ``floor`` is where the previous figure of the sentence ends: a subject
    never reaches back into it, but for a list the figures share
    (A、B分别达X、Y) or a head described across it (收益10万元以上的村).
    """
    listed = _respective_subject(norm, tokens, start)
    if listed is not None:
        return listed
    before = _read_preceding(norm, tokens, start, floor)
    if unit.kind == DURATION:
        # 3天, 6小时 say how long, not how many of something; only a named
        # measure of time has one (平均办理时长缩短至3天).
        return before.phrase if before.link in ("predicate", "result") else None
    if before.link == "predicate" and before.phrase is not None:
        return before.phrase  # 总面积超过60万平方公里的广袤土地: the figure is the value of what comes before
    introduced = before.link in ("action", "existential")  # 带来4.8亿元收入, 有68万元收入
    after = _read_following(norm, tokens, end, unit, verb_may_open=not before.modifier, after_action=introduced)
    if after.phrase is not None and (unit.classifier or after.attributive or after.closed):
        return after.phrase
    if before.link == "action":
        return None
    if unit.classifier and after.found:
        return None  # 18个乡镇175个村: the noun after is the one counted, even when unusable
    return before.phrase


# --- Before the figure ------------------------------------------------------------


@dataclass(frozen=True)
class _Preceding:
    phrase: str | None
    # "predicate" (达到, 占), "result" (争取到, 跃升至), "existential" (有),
    # "action" (设立, 带来) or None.
    link: str | None
    # 的 right before the figure: the words before describe what it counts.
    modifier: bool = False


_Item = tuple[int, int, str]  # a token's start, end and the part of it inside the window


def _read_preceding(norm: str, tokens: Tokens, start: int, floor: int) -> _Preceding:
    span = slice(bisect_left(tokens.starts, floor), bisect_left(tokens.starts, start))
    before: list[_Item] = [
        (s, min(e, start), w if e <= start else norm[s:start])
        for s, e, w in zip(tokens.starts[span], tokens.ends[span], tokens.words[span])
    ]
    before = _without_glosses(norm, before, floor, start)
    if before and _glued_predicate(before[-1][2]):
        s, e, word = before.pop()
        before.extend([(s, e - 1, word[:-1]), (e - 1, e, word[-1])])
    link = None
    modifier = False
    after_marker = False  # a 为/到/至 was passed: the verbs before it belong to the predicate
    marker_link = False  # the link so far is the marker's own (为): a verb before it makes a result
    aspect = False  # 了 or 过 before the figure: the word before it is a verb taking the figure as object
    first = True
    while before:
        word = before[-1][2]
        if first and word == "的":
            modifier = True
        elif first and word in _ASPECT_PARTICLES:
            aspect = True
        elif after_marker and (words.is_verbal(word) or words.is_idiom(word) or words.is_modifier(word)):
            # 划分为, 发展壮大为, 争取到: the figure is what the action came to.
            link = "result" if link is None or marker_link else link
            marker_link = False
        elif word in _PREDICATE_WORDS:
            marker_link = link is None and word in _RESULT_MARKERS
            link = link or "predicate"
        elif word in _EXISTENTIAL_WORDS:
            link = link or "existential"
        elif word in _FILLER_WORDS or words.is_function_word(word) or word.startswith("每"):
            pass  # 每公斤, 每人每年: distributives
        elif first and words.is_adjective(word):
            link = "predicate"  # an adjective as predicate: 电梯坏8次
        else:
            break
        after_marker = word in _RESULT_MARKERS or (after_marker and link == "result")
        first = False
        before.pop()
    if not before:
        return _Preceding(None, link, modifier)
    if modifier:
        return _described(norm, before, link)
    verb_start = before[-1][0]
    named_by_quote = verb_start > 0 and norm[verb_start - 1] in _OPENING_QUOTE  # “向群众汇报”会
    if link is None and words.is_verb(before[-1][2]) and not named_by_quote:
        rest = before[:-1]
        agent = _phrase_items_before(norm, rest)
        # 为群众带来4.8亿元: a noun after a preposition is not who acts.
        governed = len(agent) < len(rest) and words.tag(rest[-len(agent) - 1][2]) == "p"
        if aspect or not agent or governed or words.is_verb(agent[-1][2]):
            # A verb without a noun before it takes the figure as its object:
            # 投入2700多万元, 设立20亿元的基金, 一天能挣200多元, 部门收回了14类.
            return _Preceding(None, "action")
    return _Preceding(_noun_phrase_before(norm, before, floor), link)


def _described(norm: str, before: list[_Item], link: str | None) -> _Preceding:
    """The subject when 的 precedes the figure: 党员占全村人口的30%, 退休党员中身体好的452名."""
    whole = _phrase_items_before(norm, before)
    rest = before[: len(before) - len(whole)] if whole else before
    if whole and rest and rest[-1][2] in _SHARE_WORDS:
        return _Preceding(_noun_phrase_before(norm, rest[:-1], rest[0][0]), "predicate")
    for position in range(len(before) - 1, max(-1, len(before) - 1 - _SUBJECT_MAX_CHARS), -1):
        word = before[position][2]
        if not _HAN_WORD.fullmatch(word):
            break
        if word in _PARTITIVE_WORDS:
            return _Preceding(_noun_phrase_before(norm, before[:position], before[0][0]), link, modifier=True)
    return _Preceding(None, link, modifier=True)


def _noun_phrase_before(norm: str, before: list[_Item], floor: int) -> str | None:
    if not before:
        return None
    end = before[-1][1]
    if norm[end - 1] in _OPENING_QUOTE:
        # A quoted name right before the figure is what it counts: 打造“红色驿站”51个.
        return _quoted_before(norm, end, floor)
    return _finish(norm, _phrase_items_before(norm, before))


def _phrase_items_before(norm: str, before: list[_Item]) -> list[_Item]:
    """The run of content words ending the window, at most a subject's length."""
    phrase: list[_Item] = []
    for item in reversed(before):
        word = item[2]
        if (
            not _HAN_WORD.fullmatch(word)
            or words.is_function_word(word)
            or word in _FILLER_WORDS
            or word in _PREDICATE_WORDS  # 党员占全村人口: the noun phrase ends at 占
            or (len(word) > 1 and words.is_numeral(word))  # 一个月, 一笔; not 年 of 年收益
            or "岁" in word
        ):
            break
        phrase.insert(0, item)
        # A place word (网上, 线上, 村里) opens the phrase it qualifies.
        if words.is_place_word(word) or _full([w for _, _, w in phrase]):
            break
    return phrase


def _finish(norm: str, phrase: list[_Item], *, nominal: bool = False) -> str | None:
    """The phrase as a subject, or None when it is not a noun phrase of two characters or more.

    ``nominal``: the sentence uses a lone word as a noun (4.8亿元收入。), whatever its tag.
    """
    if not phrase:
        return None
    text = "".join(w for _, _, w in phrase)
    head_start, head_end = phrase[0][0], phrase[-1][1]
    if len(text) == 1 and head_start > 0 and norm[head_start - 1] in _OPENING_QUOTE:
        # A one-character noun named by the quotation before it: “向群众汇报”会.
        quoted = _quoted_before(norm, head_start, max(0, head_start - _QUOTED_MAX_CHARS - 2))
        return None if quoted is None else quoted + text
    if not words.can_head(phrase[-1][2], alone=len(phrase) == 1 and not nominal):
        return None
    if len(text) > 1:
        return text
    # A one-character head is only a subject with the clause describing it (收益10万元以上的村).
    if head_start > 0 and norm[head_start - 1] == "的":
        reach = max(0, head_end - _CLAUSE_REACH)
        clause_start = max((norm.rfind(mark, reach, head_start) for mark in _CLAUSE_BREAKS), default=-1)
        if clause_start >= 0 or reach == 0:
            described = norm[clause_start + 1 : head_end].strip()
            if len(described) > 2:
                return described
    return None


# --- After the figure ------------------------------------------------------------


@dataclass(frozen=True)
class _Following:
    phrase: str | None
    # The phrase ended at punctuation or a function word, not cut off by a verb.
    closed: bool = True
    # 的 joins the figure to the phrase (16.3万元的收益, 1.2万余人的志愿者队伍).
    attributive: bool = False
    # Some noun followed the figure, usable or not (175个村).
    found: bool = False


def _read_following(
    norm: str, tokens: Tokens, end: int, unit: Unit, *, verb_may_open: bool, after_action: bool
) -> _Following:
    """The noun phrase a figure introduces: 19.07万个[基层党组织]、.

    ``after_action``: a verb before the figure takes it as its object
    (带来4.8亿元收入), so words after an amount may name what it measured.
    """
    pos = end
    attributive = norm.startswith("的", pos)
    pos += attributive
    for skipped in (_DEMONSTRATIVE, _AGE):
        match = skipped.match(norm, pos)
        if match:
            pos = match.end()
    quoted = _quoted_after(norm, pos)
    if quoted is not None:
        return _Following(quoted, attributive=attributive, found=True)
    # A verb right after a count of actions is the action (3次召开……); after
    # a count of people or things it may modify the noun (1.3万名在职党员).
    verb_may_open = verb_may_open and unit.kind not in (EVENT, DURATION)
    phrase, closed = _phrase_after(norm, tokens, pos, verb_may_open=verb_may_open)
    if phrase and not unit.classifier and _opens_with_verb(phrase):
        # After an amount, words that open with a verb are a new clause
        # (投入800万元用于改造) unless they are the object of the verb
        # before it and end the clause: 带动30多万亩种植规模, 带来4.8亿元收入。
        # One word is a noun only as the kind of money an amount is (收入, 贷款):
        # jieba tags many of them as verbs.
        head = phrase[-1][2]
        if (
            not (after_action and closed and _ends_clause(norm, phrase[-1][1]))
            or (len(phrase) > 1 and words.is_predicative(head))
            or (len(phrase) == 1 and unit.kind != MONEY)
        ):
            return _Following(None, found=False)
        return _Following(_finish(norm, phrase, nominal=True), True, attributive, True)
    if phrase and (
        not words.can_head(phrase[-1][2], alone=len(phrase) == 1)
        or (norm.startswith("的", phrase[-1][1]) and (_opens_with_verb(phrase) or words.is_predicative(phrase[-1][2])))
    ):
        # 452名身体好、热心肠的退休党员, 82项亟待解决的问题, 1600多条来自基层的意见:
        # what follows describes the head after 的.
        head = _head_after_description(norm, tokens, phrase[0][0])
        if head is not None:
            return _Following(head, closed, attributive, True)
    if len(phrase) == 1 and not closed and words.is_verbal(phrase[0][2]):
        return _Following(None, found=False)  # 从1条发展到13条: a verbal noun cut off by a verb acts as a verb
    if not unit.classifier and not closed:
        return _Following(None, closed, attributive, bool(phrase))
    while phrase and not words.can_head(phrase[-1][2], alone=len(phrase) == 1):
        phrase.pop()  # 2000人[参加], 37个党支部[近]: not what was counted
    return _Following(_finish(norm, phrase), closed, attributive, bool(phrase))


def _phrase_after(norm: str, tokens: Tokens, pos: int, *, verb_may_open: bool) -> tuple[list[_Item], bool]:
    """The content words from ``pos``, and whether they ended at punctuation or a function word."""
    phrase: list[_Item] = []
    gloss_end = -1
    for index in range(bisect_right(tokens.ends, pos), len(tokens.ends)):
        token_start = max(tokens.starts[index], pos)
        if token_start < gloss_end:
            continue
        gloss = _GLOSS.match(norm, token_start)
        if gloss and phrase:
            gloss_end = gloss.end()
            continue
        piece = norm[token_start : tokens.ends[index]]
        if not phrase and piece == "的":
            continue  # 1.2万余人的[志愿者队伍]
        if not _HAN_WORD.fullmatch(piece) or piece in _FILLER_WORDS or "岁" in piece:
            break
        glued = _glued_predicate(piece)
        if glued:
            piece = piece[:-1]  # 村达1959个: the predicate ends the phrase
        tag = words.tag(piece)
        # A locative may open the phrase (5个[沿江乡镇]) but ends it after a noun.
        if words.is_function_word(piece) and (phrase or tag is None or tag[0] != "f"):
            break
        if words.is_verb(piece) or piece in _PREDICATE_WORDS or words.is_idiom(piece):
            if not phrase and not verb_may_open:
                return [], True
            if phrase:
                return phrase, False  # a verb after the noun ends the phrase: 380余万名[党员]参加
        phrase.append((token_start, token_start + len(piece), piece))
        if glued:
            return phrase, False
        if _full([w for _, _, w in phrase]):
            break
    return phrase, True


def _head_after_description(norm: str, tokens: Tokens, pos: int) -> str | None:
    """The noun after the 的 that closes a description starting at ``pos``, within its clause."""
    limit = min(len(norm), pos + _LOOKAHEAD_CHARS)
    for offset in range(pos, limit):
        char = norm[offset]
        if char in _CLAUSE_BREAKS or char.isdigit():
            return None
        if char == "的":
            quoted = _quoted_after(norm, offset + 1)
            if quoted is not None:
                return quoted  # 204座街头巷尾的“爱心驿站”
            phrase, _ = _phrase_after(norm, tokens, offset + 1, verb_may_open=True)
            while phrase and words.is_verb(phrase[-1][2]):
                phrase.pop()
            return _finish(norm, phrase)
    return None


def _quoted_before(norm: str, end: int, floor: int) -> str | None:
    """The quoted name ending at ``end`` (its closing quote is ``norm[end - 1]``), not reaching below ``floor``."""
    opening = norm.rfind(_OPENING_QUOTE[norm[end - 1]], max(floor, end - _QUOTED_MAX_CHARS - 2), end - 1)
    return norm[opening:end] if opening >= 0 and end - opening > 3 else None


def _quoted_after(norm: str, pos: int) -> str | None:
    """The quoted name opening at ``pos``; a quoted single character (“砍”) is emphasis, not a name."""
    if pos >= len(norm) or norm[pos] not in _CLOSING_QUOTE:
        return None
    closing = norm.find(_CLOSING_QUOTE[norm[pos]], pos + 1, pos + _QUOTED_MAX_CHARS + 2)
    return norm[pos : closing + 1] if closing > pos + 2 else None


def _opens_with_verb(phrase: list[_Item]) -> bool:
    first = phrase[0][2]
    return words.is_verb(first) or words.is_idiom(first) or first in _PREDICATE_WORDS


def _ends_clause(norm: str, pos: int) -> bool:
    return pos >= len(norm) or norm[pos] in _CLAUSE_BREAKS or norm[pos] in "、…"


# --- Lists ------------------------------------------------------------------------


def _respective_subject(norm: str, tokens: Tokens, start: int) -> str | None:
    """党员和入党积极分子分别达3.2万名、1.1万名: each figure counts its item of the list before 分别."""
    reach = max(0, start - _LIST_REACH)
    respectively = norm.rfind("分别", reach, start)
    if respectively < 0:
        return None
    between = norm[respectively + 2 : start]
    if any(mark in between for mark in _CLAUSE_BREAKS):
        return None
    position = len(_LIST_SEPARATORS.findall(between))
    clause_start = max((norm.rfind(mark, reach, respectively) for mark in _CLAUSE_BREAKS), default=-1) + 1
    listed = [item.strip() for item in _LIST_SEPARATORS.split(norm[clause_start:respectively])]
    if len(listed) < 2 or position >= len(listed):
        return None
    item = listed[position]
    item_end = clause_start + sum(len(x) + 1 for x in listed[:position]) + len(item)
    last_token = bisect_right(tokens.ends, item_end) - 1
    if (
        not 1 < len(item) <= _SUBJECT_MAX_CHARS
        or not _HAN_WORD.fullmatch(item)
        or last_token < 0
        or tokens.ends[last_token] != item_end
        or not words.can_head(tokens.words[last_token], alone=False)
    ):
        return None
    return item


# --- Helpers ------------------------------------------------------------------------


def _glued_predicate(word: str) -> bool:
    """村达: jieba joined an unknown one-character word to the predicate after it."""
    return (
        len(word) > 1
        and word[-1] in _GLUED_PREDICATES
        and _HAN_WORD.fullmatch(word) is not None
        and not words.is_dictionary_word(word)
    )


def _without_glosses(norm: str, items: list[_Item], floor: int, start: int) -> list[_Item]:
    glosses = [m.span() for m in _GLOSS.finditer(norm, floor, start)]
    if not glosses:
        return items
    return [item for item in items if not any(g_start <= item[0] < g_end for g_start, g_end in glosses)]


def _full(phrase: list[str]) -> bool:
    return len(phrase) >= _SUBJECT_MAX_TOKENS or sum(map(len, phrase)) >= _SUBJECT_MAX_CHARS
