"""The collection stage: keyphrases ranked over the whole collection, overrides, regions.

It always runs from the per-report results (or reads back the ranking of
exactly these reports from the cache), so a cached run gives the same
output as a run from scratch.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from dj_tui.analysis.engine import analysis_fingerprint
from dj_tui.analysis.models import (
    CollectionResult,
    DocumentAnalysis,
    Keyword,
    LoadError,
    Region,
    RegionFigure,
    RegionGroup,
    ReportResult,
)
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.stages import gazetteer, keyphrases, region
from dj_tui.analysis.store.database import AnalysisCache
from dj_tui.analysis.store.records import figure_scores, split_term_counts

UNKNOWN_REGION = "未识别地区"



@contextmanager
def paused_collector(*, keep: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building millions of small objects.

    Reading ten thousand cached reports back allocates millions of tuples,
    strings and dataclasses, none in a reference cycle; each allocation
    burst sets off the collector, which then scans all of them again and
    again: it doubled the time of a cached load. Refcounting still frees
    everything; the collector resumes (if it ran before) on leaving.

    ``keep``: what was built lives on (the dashboard's collection). On
    resuming, the collector would scan every object made meanwhile, to free
    none (a third of a second at ten thousand reports), and again in every
    later full collection (a pause of over 100 ms on a keystroke at 1,000
    reports); instead they leave its sight (``gc.freeze``) until
    ``gc.unfreeze``.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()


def build_collection(
    analyses: Sequence[DocumentAnalysis],
    errors: Sequence[LoadError],
    settings: AnalysisSettings,
    overrides: Sequence[Override] = (),
    *,
    cache: AnalysisCache | None = None,
    remember: bool = True,
) -> CollectionResult:
    """Rank keyphrases over the collection, apply overrides and group by region.

    With a ``cache``, the ranking of a collection of exactly these reports
    is read back from it (it takes over a second at ten thousand reports),
    and with ``remember`` a new one is stored; a collection being analysed
    passes ``remember=False`` until it is complete.
    """
    with paused_collector():
        ordered = sorted((apply_overrides(a, overrides) for a in analyses), key=lambda a: a.path)
        ranked = _ranked_keywords(ordered, settings, cache, remember)
        reports = tuple(
            ReportResult(analysis=a, keywords=tuple(keywords), figures_shown=settings.figures_per_report)
            for a, keywords in zip(ordered, ranked)
        )
        return CollectionResult(
            reports=reports,
            regions=group_regions(reports, settings),
            errors=tuple(sorted(errors, key=lambda e: e.path)),
        )


def _ranked_keywords(
    ordered: Sequence[DocumentAnalysis], settings: AnalysisSettings, cache: AnalysisCache | None, remember: bool
) -> list[list[Keyword]]:
    """``keyphrases.rank_collection`` of the reports, or the same read back from the cache.

    A ranking depends on the reports' keyphrase candidates alone, and those
    on each report's text, its format and the analysis fingerprint: the
    ranking is stored under a digest of these and the keyword limit, and
    per report under its text's digest and format.
    """
    if cache is None:
        return keyphrases.rank_collection(
            [split_term_counts(a.term_counts) for a in ordered], settings.keywords_per_report
        )
    keys = [f"{a.content_hash}:{a.format}".encode() for a in ordered]
    digest = hashlib.sha256(f"{analysis_fingerprint(settings)}\0{settings.keywords_per_report}".encode())
    for key in sorted(keys):
        digest.update(key + b"\0")
    name = digest.digest()
    stored = cache.ranking(name)
    if stored is not None and all(key in stored for key in keys):
        return [[Keyword(term, score) for term, score in stored[key]] for key in keys]
    ranked = keyphrases.rank_collection(
        [split_term_counts(a.term_counts) for a in ordered], settings.keywords_per_report
    )
    if remember:
        cache.store_ranking(
            name, {key: tuple((k.term, k.score) for k in keywords) for key, keywords in zip(keys, ranked)}
        )
    return ranked


def region_key(region: Region, group_by: str) -> tuple[str, str]:
    """The (name, level) of the group a report belongs to."""
    if region.level == Region.NATIONAL:
        # Round-ups visiting several provinces, none ahead, are a group of their own.
        return Region.SEVERAL_PLACES, Region.NATIONAL
    if group_by == "city" and region.city:
        return region.city, "city"
    if region.province:
        return region.province, "province"
    return UNKNOWN_REGION, "unknown"


_GROUP_RANK = {Region.NATIONAL: 1, "unknown": 2}


def official_order(name: str, level: str) -> tuple[int, str, str]:
    """Where a region's group stands in the official order: the gazetteer's code order.

    That is the order of every Chinese list of provinces (北京 天津 河北 山西
    内蒙古 辽宁 …), a city after its province and its province's earlier
    cities. Round-ups of several places come after every place, the unknown
    group last; a name the gazetteer does not hold (from an override) after
    the places it holds.
    """
    code = gazetteer.load().code_of(name, level) if level in gazetteer.LEVELS else None
    return _GROUP_RANK.get(level, 0), code or "~", name


def group_regions(reports: Sequence[ReportResult], settings: AnalysisSettings) -> tuple[RegionGroup, ...]:
    members: dict[tuple[str, str], list[ReportResult]] = defaultdict(list)
    for report in reports:
        members[region_key(report.analysis.region, settings.group_by)].append(report)
    limit = settings.figures_per_report or None
    groups = []
    for (name, level), group in members.items():
        top_figures = _region_headlines(group, level, limit)
        groups.append(
            RegionGroup(
                name=name,
                level=level,
                reports=tuple(r.path for r in group),
                keywords=tuple(
                    keyphrases.aggregate_keywords(
                        [r.keywords for r in group], settings.keywords_per_report
                    )
                ),
                figures=tuple(top_figures),
            )
        )
    groups.sort(key=lambda g: official_order(g.name, g.level))
    return tuple(groups)


def _region_headlines(group: Sequence[ReportResult], level: str, limit: int | None) -> list[RegionFigure]:
    """The region's headline figures: every report's best before any report's second.

    A region of many reports shows one headline of each before a second of
    any, best first within a round and the earlier report first among
    equals. The same fact from two copies of a report (the same figure,
    subject and place) is shown once. Figures are chosen by score first: a
    cached report's are decoded only when its turn comes.
    """
    candidates = []
    for position, report in enumerate(group):
        for rank, score in enumerate(figure_scores(report.analysis.figures, limit)):
            candidates.append((rank, -score, position))
    candidates.sort()
    chosen: list[RegionFigure] = []
    shown: set[tuple[str, str | None, str | None]] = set()
    for rank, _, position in candidates:
        if limit is not None and len(chosen) >= limit:
            break
        report = group[position]
        figure = report.analysis.figures[rank]
        place = place_below(report.analysis.region, level)
        fact = (figure.text, figure.subject, place)
        if fact not in shown:
            shown.add(fact)
            chosen.append(RegionFigure(figure, report.path, place))
    return chosen


def place_below(region: Region, level: str) -> str | None:
    """Where in the region a report speaks from: its city in a province, its county in a city.

    A municipality (北京市) is its own city: there the place is the district.
    """
    if level == "province":
        city = region.city if region.city != region.province else None
        return city or region.county
    if level == "city":
        return region.county
    if level == "national":
        return region.province
    return None


def apply_overrides(analysis: DocumentAnalysis, overrides: Sequence[Override]) -> DocumentAnalysis:
    for override in overrides:
        if not override.matches(analysis.path):
            continue
        metadata = analysis.metadata
        if override.title is not None:
            metadata = replace(metadata, title=override.title, subtitle=None)
        if override.date is not None:
            metadata = replace(metadata, date=override.date)
        detected = analysis.region
        if override.region is not None:
            detected = region.region_from_name(override.region)
        analysis = replace(analysis, metadata=metadata, region=detected)
    return analysis
