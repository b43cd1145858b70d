"""What several regions have in common, and what is one region's own.

Plain Python (no Textual): the analysis worker computes the view off the UI
thread each time it rebuilds the collection. What it needs of each report is
found once per report, in the cached per-report stage (``initiatives.report_initiatives``),
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

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, itemgetter

from dj_tui.analysis.models import CollectionResult


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


def cross_region_view(collection: CollectionResult, limit: int = 8) -> CrossRegionView:
    """Compare regions: terms found in two or more of them, and each region's own."""
    order = [group.name for group in collection.regions]
    by_path = {report.path: report for report in collection.reports}
    # Term -> region -> how many of the region's reports have it; and each
    # initiative's count over all reports. Counted region by region, with
    # Counter: ten thousand reports name a hundred thousand terms.
    initiative_regions: dict[str, dict[str, int]] = {}
    initiative_counts: defaultdict[str, int] = defaultdict(int)
    keyphrase_regions: dict[str, dict[str, int]] = {}
    for group in collection.regions:
        reports = [by_path[path] for path in group.reports]
        named = list(chain.from_iterable(report.analysis.initiatives for report in reports))
        for term, count in named:
            initiative_counts[term] += count
        # A report names each of its initiatives and keyphrases once.
        for term, reports_with in Counter(map(itemgetter(0), named)).items():
            initiative_regions.setdefault(term, {})[group.name] = reports_with
        ranked = chain.from_iterable(report.keywords for report in reports)
        for term, reports_with in Counter(map(attrgetter("term"), ranked)).items():
            keyphrase_regions.setdefault(term, {})[group.name] = reports_with

    def shared(
        regions_of: dict[str, dict[str, int]], count_of: Mapping[str, int], exclude: Mapping[str, object]
    ) -> tuple[SharedTerm, ...]:
        terms = [(term, regions) for term, regions in regions_of.items() if len(regions) > 1 and term not in exclude]
        terms.sort(key=lambda item: (-len(item[1]), -sum(item[1].values()), -count_of[item[0]], item[0]))
        return tuple(
            SharedTerm(term, tuple(r for r in order if r in regions), sum(regions.values()))
            for term, regions in terms[:limit]
        )

    own = []
    for group in collection.regions:
        alone = sorted(
            (term for term, regions in initiative_regions.items() if regions.keys() == {group.name}),
            key=lambda term: (-initiative_counts[term], term),
        )
        distinct = [
            k.term
            for k in group.keywords
            if k.term not in initiative_regions and keyphrase_regions.get(k.term, {}).keys() <= {group.name}
        ]
        own.append(RegionOwn(group.name, tuple(alone[:limit]), tuple(distinct[:limit])))
    keyphrase_reports = {term: sum(regions.values()) for term, regions in keyphrase_regions.items()}
    return CrossRegionView(
        regions=len(order),
        shared_initiatives=shared(initiative_regions, initiative_counts, {}),
        shared_keyphrases=shared(keyphrase_regions, keyphrase_reports, initiative_regions),
        own=tuple(own),
    )
