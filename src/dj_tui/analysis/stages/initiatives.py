"""Named initiatives: the programme names party-building reports are built around.

Numbered (三会一课, 两个维护, 五大工程, 三航行动) or ending in a word for a
programme (书记项目), and put in quotation marks at least once in the report
(so 实际行动 or an idiom such as 三天三夜 is not one). Found once per report,
among all its keyphrase candidates, so that the cross-region view over ten
thousand reports never reads their text again.
"""


from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from dj_tui.analysis.models import Metadata, Sentence
from dj_tui.analysis.stages.textnorm import normalize

_NUMERALS = "一二三四五六七八九十两双"
# 三会一课, 三抓三促, 一单位一品牌: two numerals make an enumerated name;
# 两个维护, 五大工程, 七项行动: a numeral and a counting word open one; other
# names end in a word for a programme.
_INITIATIVE = re.compile(
    rf"(?:[{_NUMERALS}][个大项种支条类级].+"
    rf"|[{_NUMERALS}].*[{_NUMERALS}].+"
    rf"|.+(?:行动|工程|计划|机制|模式|品牌|工作法|项目))"
)
MIN_INITIATIVE_CHARS = 3
MAX_INITIATIVE_CHARS = 10
# Every span of initiative length between a pair of quotation marks (“…”,
# 「…」, "…", ‘…’), overlapping ones included: one pass over the report, not
# one per candidate term.
_QUOTED = re.compile(
    "(?=(?:"
    + "|".join(
        f"{open_}([^{open_}{close}\n]{{{MIN_INITIATIVE_CHARS},{MAX_INITIATIVE_CHARS}}}){close}"
        for open_, close in (("“", "”"), ("「", "」"), ('"', '"'), ("‘", "’"))
    )
    + "))"
)


def is_initiative(term: str) -> bool:
    return MIN_INITIATIVE_CHARS <= len(term) <= MAX_INITIATIVE_CHARS and _INITIATIVE.fullmatch(term) is not None


def report_initiatives(
    metadata: Metadata, sentences: Sequence[Sentence], term_counts: Iterable[tuple[str, int]]
) -> tuple[tuple[str, int], ...]:
    """The named initiatives among a report's keyphrase candidates, with their counts."""
    named = [(term, count) for term, count in term_counts if is_initiative(term)]
    if not named:
        return ()
    heads = [normalize(t) for t in (metadata.title, metadata.subtitle) if t]
    text = "\n".join([*heads, *(s.norm for s in sentences)])
    quoted = {span for match in _QUOTED.finditer(text) for span in match.groups() if span}
    return tuple((term, count) for term, count in named if term in quoted)
