"""What several regions have in common, and what is one region's own.

Plain Python (no Textual): the analysis worker computes the view off the UI
thread each time it rebuilds the collection. What it needs of each report is
found once per report, in the cached per-report stage (``report_initiatives``),
so that the view over ten thousand reports never reads their text again.

Two kinds of terms are compared across regions:

* named initiatives: the programme names party-building reports are built
  around, numbered (三会一课, 两个维护, 五大工程, 三航行动) or ending in a word
  for a programme (书记项目), which the report puts in quotation marks at
  least once (so 实际行动 or an idiom such as 三天三夜 is not one). They are
  looked for among all keyphrase candidates of a report, so an initiative
  counts for a region even where it is not among the region's top keyphrases;
* keyphrases: the collection-ranked keyphrases of each report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dj_tui.analysis.models import CollectionResult, Metadata, Sentence
from dj_tui.analysis.textnorm import normalize

_NUMERALS = "一二三四五六七八九十两双"
# 三会一课, 三抓三促, 一单位一品牌: two numerals make an enumerated name;
# 两个维护, 五大工程, 七项行动: a numeral and a counting word open one; other
# names end in a word for a programme.
_INITIATIVE = re.compile(
    rf"(?:[{_NUMERALS}][个大项种支条类级].+"
    rf"|[{_NUMERALS}].*[{_NUMERALS}].+"
    rf"|.+(?:行动|工程|计划|机制|模式|品牌|工作法|项目))"
)
_QUOTES = ("“{}”", "「{}」", "\"{}\"", "‘{}’")
MIN_INITIATIVE_CHARS = 3
MAX_INITIATIVE_CHARS = 10


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
    return tuple((term, count) for term, count in named if any(q.format(term) in text for q in _QUOTES))


@dataclass(frozen=True)
class SharedTerm:
    term: str
    regions: tuple[str, ...]  # in collection order
    reports: int


@dataclass(frozen=True)
class RegionOwn:
    region: str
    initiatives: tuple[str, ...]
    keyphrases: tuple[str, ...]


@dataclass(frozen=True)
class CrossRegionView:
    regions: int
    shared_initiatives: tuple[SharedTerm, ...] = ()
    shared_keyphrases: tuple[SharedTerm, ...] = ()
    own: tuple[RegionOwn, ...] = ()


@dataclass
class _Presence:
    """Where one term occurs: reports per region, and its total count."""

    reports: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def add(self, region: str, count: int) -> None:
        self.reports[region] = self.reports.get(region, 0) + 1
        self.count += count


def cross_region_view(collection: CollectionResult, limit: int = 8) -> CrossRegionView:
    """Compare regions: terms found in two or more of them, and each region's own."""
    order = [group.name for group in collection.regions]
    region_of = {path: group.name for group in collection.regions for path in group.reports}
    initiatives: dict[str, _Presence] = defaultdict(_Presence)
    keyphrases: dict[str, _Presence] = defaultdict(_Presence)
    for report in collection.reports:
        region = region_of[report.path]
        for term, count in report.analysis.initiatives:
            initiatives[term].add(region, count)
        for keyword in report.keywords:
            keyphrases[keyword.term].add(region, 1)

    def shared(tally: dict[str, _Presence], exclude: Mapping[str, object]) -> tuple[SharedTerm, ...]:
        terms = [
            (term, presence)
            for term, presence in tally.items()
            if len(presence.reports) > 1 and term not in exclude
        ]
        terms.sort(key=lambda item: (-len(item[1].reports), -sum(item[1].reports.values()), -item[1].count, item[0]))
        return tuple(
            SharedTerm(term, tuple(r for r in order if r in p.reports), sum(p.reports.values()))
            for term, p in terms[:limit]
        )

    own = []
    for group in collection.regions:
        alone = sorted(
            (term for term, p in initiatives.items() if p.reports.keys() == {group.name}),
            key=lambda term: (-initiatives[term].count, term),
        )
        distinct = [
            k.term
            for k in group.keywords
            if k.term not in initiatives and keyphrases[k.term].reports.keys() <= {group.name}
        ]
        own.append(RegionOwn(group.name, tuple(alone[:limit]), tuple(distinct[:limit])))
    return CrossRegionView(
        regions=len(order),
        shared_initiatives=shared(initiatives, {}),
        shared_keyphrases=shared(keyphrases, initiatives),
        own=tuple(own),
    )
