"""The words that say how exact a figure is, and which of them make it a threshold rather than a result.

近6000人次 and 380余万名 are approximate, 突破60万元 and 98%以上 are lower
bounds, 不到12小时 an upper bound, 6-8个 a range (qualifier 至, value its upper
bound). 不少于5人的工作组 and 收入30万元以上的村 state a criterion, not what was
achieved: ``is_threshold`` says which. Read by the figure extractor
(``figures``) to match qualifiers and by whatever ranks figures.
"""

from __future__ import annotations

from dj_tui.analysis.models import Figure, Sentence

RANGE = "至"  # 6-8个, 1至2个: the qualifier of a range
# Comparatives a criterion is written with: 不少于5人, 低于5万元, 不超过1000万元.
THRESHOLD_WORDS = frozenset("不少于 不低于 不超过 不高于 低于 高于 少于 多于 大于 小于".split())
# A bound after the amount is a criterion only when the amount qualifies a
# noun (30万元以上的村); otherwise it bounds a result (合格率保持在98%以上).
_TRAILING_BOUNDS = frozenset("以上 以下 以内".split())
_BEFORE = THRESHOLD_WORDS | frozenset("突破 超过 将近 接近 大约 多达 不到 不足 超 逾 约 近".split())
# Written before a number, longest first so that 超过 is not read as 超. 上
# qualifies only a bare Chinese magnitude (上千人, 上万名).
BEFORE_NUMBER = "|".join(sorted(_BEFORE, key=len, reverse=True)) + r"|上(?=[十百千万亿])"
FIRST_CHARACTERS = "".join(sorted({word[0] for word in _BEFORE} | {"上"}))
# Between the number and its unit (20余万元, 3000多名), and after the unit.
INSIDE_NUMBER = "余|多"
AFTER_UNIT = "以上|以下|以内|左右|之多"


def is_threshold(figure: Figure, sentence: Sentence) -> bool:
    """Whether the figure states a criterion or a limit (不少于5人, 30万元以上的村), not a result.

    ``sentence`` is the figure's own (``sentences[figure.index]``). A figure
    whose text occurs twice in its sentence is judged at the first.
    """
    if figure.qualifier in THRESHOLD_WORDS:
        return True
    if figure.qualifier not in _TRAILING_BOUNDS:
        return False
    start = sentence.text.find(figure.text)
    return start >= 0 and sentence.norm.startswith("的", start + len(figure.text))
