"""From files to a collection result.

Analysis happens in two stages so that the expensive one can be cached and
parallelised:

1. ``Analyzer.analyze_text`` works on one report alone (cleaning, region,
   figures, summary, keyphrase candidates) and returns a ``DocumentAnalysis``.
2. ``build_collection`` ranks keyphrases against document frequency over the
   whole collection, applies per-file overrides and rolls reports up into
   regions. It is cheap and always runs from the per-report results.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from dj_tui.analysis import clean, figures, keyphrases, region, segment, summary
from dj_tui.analysis.ingest import IngestError, discover, read_report
from dj_tui.analysis.models import (
    CollectionResult,
    DocumentAnalysis,
    Figure,
    LoadError,
    Region,
    RegionGroup,
    ReportResult,
)
from dj_tui.analysis.sentences import build_sentences
from dj_tui.analysis.settings import AnalysisSettings, Override

# Bump whenever a change to the analysis changes its output, so that cached
# results from an older engine are not reused.
ENGINE_VERSION = "1"

UNKNOWN_REGION = "未识别地区"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Analyzer:
    """Per-process analysis state: the stoplist and jieba's user dictionaries."""

    def __init__(self, settings: AnalysisSettings) -> None:
        self.settings = settings
        self.stopwords = keyphrases.load_stopwords(
            [Path(p) for p in settings.stopword_files], builtin=settings.builtin_stopwords
        )
        segment.load_user_dicts(Path(p) for p in settings.user_dicts)

    def analyze_file(self, path: str) -> DocumentAnalysis:
        """Analyse one file; raises IngestError with a one-line reason."""
        text = read_report(Path(path), self.settings.max_bytes)
        return self.analyze_text(text, path, markdown=path.lower().endswith(".md"))

    def analyze_text(self, text: str, path: str, *, markdown: bool = False) -> DocumentAnalysis:
        cleaned = clean.clean_report(text, markdown=markdown)
        sentences = cleaned.sentences
        tokens = [segment.cut(sentence.norm) for sentence in sentences]
        detected_region, warnings = region.detect_region(cleaned, tokens)
        all_figures = figures.extract_figures(sentences, tokens)
        headline_indexes = {f.index for f in all_figures[: self.settings.figures_per_report or None]}
        # The title names what the report is about (“三航行动”引领…), so its
        # phrases count as keyphrase candidates alongside the body's.
        metadata = cleaned.metadata
        title_sentences = build_sentences(t for t in (metadata.title, metadata.subtitle) if t)
        candidates = keyphrases.extract_candidates(
            title_sentences + sentences,
            [segment.cut(s.norm) for s in title_sentences] + tokens,
            self.stopwords,
        )
        return DocumentAnalysis(
            path=path,
            content_hash=content_hash(text),
            metadata=metadata,
            sentences=sentences,
            region=detected_region,
            term_counts=tuple(sorted(candidates.items())),
            summary=tuple(
                summary.summarize(
                    sentences,
                    tokens,
                    headline_indexes,
                    self.settings.summary_sentences,
                    self.stopwords,
                )
            ),
            figures=tuple(all_figures),
            warnings=tuple(warnings),
            chars=sum(len(s.text) for s in sentences),
        )


def analyze_iter(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
    """Analyse files one by one, yielding each result as soon as it is ready.

    A bad file yields a LoadError and the rest go on. A consumer that wants to
    cancel simply stops iterating: no work is started for the files not reached.
    """
    if not files:
        return
    analyzer = Analyzer(settings)
    for path in files:
        try:
            yield analyzer.analyze_file(path)
        except IngestError as exc:
            yield LoadError(path, str(exc))


def build_collection(
    analyses: Sequence[DocumentAnalysis],
    errors: Sequence[LoadError],
    settings: AnalysisSettings,
    overrides: Sequence[Override] = (),
) -> CollectionResult:
    """Rank keyphrases over the collection, apply overrides and group by region."""
    ordered = sorted((apply_overrides(a, overrides) for a in analyses), key=lambda a: a.path)
    candidate_maps = [dict(a.term_counts) for a in ordered]
    df = keyphrases.document_frequency(candidate_maps)
    reports = tuple(
        ReportResult(
            analysis=a,
            keywords=tuple(
                keyphrases.rank_keywords(candidates, df, len(ordered), settings.keywords_per_report)
            ),
        )
        for a, candidates in zip(ordered, candidate_maps)
    )
    return CollectionResult(
        reports=reports,
        regions=group_regions(reports, settings),
        errors=tuple(sorted(errors, key=lambda e: e.path)),
    )


def region_key(region: Region, group_by: str) -> tuple[str, str]:
    """The (name, level) of the group a report belongs to."""
    if group_by == "city" and region.city:
        return region.city, "city"
    if region.province:
        return region.province, "province"
    return UNKNOWN_REGION, "unknown"


def group_regions(reports: Sequence[ReportResult], settings: AnalysisSettings) -> tuple[RegionGroup, ...]:
    members: dict[tuple[str, str], list[ReportResult]] = defaultdict(list)
    for report in reports:
        members[region_key(report.analysis.region, settings.group_by)].append(report)
    limit = settings.figures_per_report or None
    groups = []
    for (name, level), group in members.items():
        top_figures: list[Figure] = []
        for report in group:
            top_figures.extend(report.analysis.figures[:limit])
        top_figures.sort(key=lambda f: -f.score)
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
                figures=tuple(top_figures[:limit]),
            )
        )
    # Most reports first; the unknown group last; then by name for a stable order.
    groups.sort(key=lambda g: (g.level == "unknown", -len(g.reports), g.name))
    return tuple(groups)


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


def analyze_paths(
    paths: Sequence[str], settings: AnalysisSettings, overrides: Sequence[Override] = ()
) -> CollectionResult:
    """The whole analysis of the given files and directories."""
    files, errors = discover(paths, settings.patterns)
    analyses: list[DocumentAnalysis] = []
    all_errors = list(errors)
    for item in analyze_iter(files, settings):
        if isinstance(item, LoadError):
            all_errors.append(item)
        else:
            analyses.append(item)
    return build_collection(analyses, all_errors, settings, overrides)
