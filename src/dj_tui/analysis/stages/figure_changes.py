"""Which way a figure moves: the verb that governs it, and a change from one value to another.

同比下降3.5% and 下降了1.2个百分点 go down, 增长70%以上 goes up; the figure's
value stays the magnitude written. 从8610张压减至278张 and 由3天缩短到1天 are one
change from an old value to a new one. Part of the figure extractor
(``figures``), which calls these on the sentence's normalised text.
"""

from __future__ import annotations

import re

UP = "up"
DOWN = "down"

# Verbs and nouns of change, each written right before the amount it governs
# (增长8%, 增幅8%, 降至5%). A verb may be made a noun of its rate or size
# (增长率, 精简率, 下降幅度), and an adverb may come before the link to the
# amount (降幅更是达到17%, 分别增长).
_UP_WORDS = "增长 增加 提高 提升 上升 上涨 攀升 扩大 增幅 涨幅 增速 增至 升至 涨至 增到 升到 涨到".split()
_DOWN_WORDS = "下降 减少 压减 降低 缩短 缩减 压缩 压降 下滑 回落 降幅 减幅 降至 减至 降到 减到 精简".split()
_DIRECTION_OF = {word: UP for word in _UP_WORDS} | {word: DOWN for word in _DOWN_WORDS}
_GOVERNING_VERB = re.compile(
    rf"(?P<word>{'|'.join(sorted(_DIRECTION_OF, key=len, reverse=True))})(?:率|幅度)?"
    r"(?:更是|也|均|都|又|已|分别)?了?(?:达到|达|到|至|为)?了?$"
)
_VERB_REACH = max(map(len, _DIRECTION_OF)) + 8
# Amounts listed after one verb share it: 分别增长8%和9%, 下降3%、5%.
_LIST_JOIN = re.compile("、|和|及|与|以及")

# A change names its old value after 从 or 由 (从8610张, 由原来的3天), then a
# verb and 到/至/为 before the new one (压减至, 涨到现在的, 缩短为). Without a
# verb (从3万元到5万元不等) the two values are a range, not a change.
_CLAUSE_BREAK = "，。；！？、：,;!?:"
_FROM_MARK = re.compile(rf"[从由][^{_CLAUSE_BREAK}从由]{{0,8}}$")
_FROM_REACH = 9
_CHANGE_LINK = re.compile(rf"[^{_CLAUSE_BREAK}]{{1,8}}?(?:到|至|为)[^{_CLAUSE_BREAK}]{{0,6}}")
_CHANGE_LINK_REACH = 16


def governing_direction(norm: str, start: int, floor: int, listed_after: str | None = None) -> str | None:
    """"up" or "down" when a verb of change governs the amount starting at ``start``, else None.

    ``floor``: where the previous figure of the sentence ends; the verb lies
    between it and the amount. ``listed_after``: that figure's direction,
    which the amount shares when it only continues a list after it.
    """
    verb = _GOVERNING_VERB.search(norm, max(floor, start - _VERB_REACH), start)
    if verb:
        return _DIRECTION_OF[verb["word"]]
    if floor and _LIST_JOIN.fullmatch(norm, floor, start):
        return listed_after
    return None


def change_mark(norm: str, floor: int, old: tuple[int, int], new_start: int) -> int | None:
    """Where the 从 or 由 is when the amount at ``old`` (start, end) and the next one are one change.

    从8610张压减至278张, 满意度从45%提升到93%, 由原来的3天缩短为1天. None
    when they are not; the caller checks that the mark is a word of its own
    (not the 从 of 从事 or the 由 of 由于).
    """
    old_start, old_end = old
    if new_start - old_end > _CHANGE_LINK_REACH or _CHANGE_LINK.fullmatch(norm, old_end, new_start) is None:
        return None
    mark = _FROM_MARK.search(norm, max(floor, old_start - _FROM_REACH), old_start)
    return mark.start() if mark else None


def change_direction(old: float, new: float, verb_direction: str | None) -> str | None:
    """A change goes the way its values go; the verb decides only between equal values."""
    if new > old:
        return UP
    if new < old:
        return DOWN
    return verb_direction
