"""The analysis of one report, alone: what the cache stores and a pool worker computes.

Everything in this module and the stages it calls shapes a report's result,
so its source is part of the cache key (``engine.engine_digest``); the
orchestration around it (``pipeline``: cache, pool, collection stage) is not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from dj_tui.analysis.models import DocumentAnalysis, LoadError
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import keyphrases, region
from dj_tui.analysis.stages.file_formats import report_format, report_text
from dj_tui.analysis.stages.ingest import IngestError, read_report_bytes, stat_report
from dj_tui.analysis.stages.initiatives import report_initiatives


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Analyzer:
    """Per-process analysis state: the stoplist and jieba's user dictionaries.

    The analysis stages are imported by the first Analyzer, not with this
    module: a fully cached collection never needs them.
    """

    def __init__(self, settings: AnalysisSettings) -> None:
        from dj_tui.analysis.stages import segment

        self.settings = settings
        self.stopwords = keyphrases.load_stopwords(
            [Path(p) for p in settings.stopword_files], builtin=settings.builtin_stopwords
        )
        segment.load_user_dicts(Path(p) for p in settings.user_dicts)

    def analyze_text(
        self, text: str, path: str, *, markdown: bool = False, format_name: str = "txt"
    ) -> DocumentAnalysis:
        """Analyse one report's text; ``markdown``: its format is Markdown (see ``file_formats.report_text``).

        A report in any other file is read as Markdown too when its text is
        written in it (``looks_like_markdown``): reports saved as ``.txt``
        often are. The decision rests on the text alone, so the cache key
        (the bytes and the file's format) still determines the result.
        """
        from dj_tui.analysis.stages import clean, figure_rank, figures, segment, summary
        from dj_tui.analysis.stages.figure_repeats import without_repeats
        from dj_tui.analysis.stages.markdown_text import looks_like_markdown
        from dj_tui.analysis.stages.sentences import build_sentences

        cleaned = clean.clean_report(text, markdown=markdown or looks_like_markdown(text))
        sentences = cleaned.sentences
        metadata = cleaned.metadata
        tokens = [segment.cut(sentence.norm) for sentence in sentences]
        detected_region, warnings = region.detect_region(cleaned, tokens)
        # Ranked before repeats are dropped, so a fact stated twice keeps its best place.
        all_figures = without_repeats(
            figure_rank.rank_figures(figures.extract_figures(sentences, tokens), sentences, metadata)
        )
        # The title names what the report is about (“三航行动”引领…), so its
        # phrases count as keyphrase candidates alongside the body's.
        title_sentences = build_sentences(t for t in (metadata.title, metadata.subtitle) if t)
        candidates = keyphrases.extract_candidates(
            title_sentences + sentences,
            [segment.cut(s.norm) for s in title_sentences] + tokens,
            self.stopwords,
            authors=metadata.authors,
        )
        term_counts = tuple(sorted(candidates.items()))
        return DocumentAnalysis(
            path=path,
            content_hash=content_hash(text),
            metadata=metadata,
            sentences=sentences,
            region=detected_region,
            term_counts=term_counts,
            summary=tuple(
                summary.summarize(
                    sentences,
                    tokens,
                    [f.index for f in all_figures[: summary.RESULT_FIGURES]],
                    self.settings.summary_sentences,
                    self.stopwords,
                )
            ),
            figures=tuple(all_figures),
            warnings=tuple(warnings),
            chars=sum(len(s.text) for s in sentences),
            initiatives=report_initiatives(metadata, sentences, term_counts),
            format=format_name,
        )


def analyze_report(
    get_analyzer: Callable[[], Analyzer], path: str, data: bytes | None, max_bytes: int
) -> tuple[bytes, DocumentAnalysis] | LoadError:
    """One report's bytes and analysis, or why it has none.

    ``data``: the file's bytes when they have been read already (to look the
    report up in the cache), else None and the file is read here. The
    analyzer is only built for a readable report.
    """
    try:
        if data is None:
            data = read_report_bytes(path, stat_report(path, max_bytes), max_bytes)
        format_name = report_format(path)
        text, markdown = report_text(data, format_name, max_bytes)
    except IngestError as exc:
        return LoadError(path, str(exc))
    try:
        analysis = get_analyzer().analyze_text(text, path, markdown=markdown, format_name=format_name)
    except Exception as exc:  # noqa: BLE001 - a bug met on one odd report costs that report alone
        return internal_error(path, exc)
    return data, analysis


def internal_error(path: str, exc: Exception) -> LoadError:
    """The error of a report whose analysis failed unexpectedly: a bug, named so it can be reported."""
    reason = " ".join(str(exc).split())
    return LoadError(path, f"internal error: {type(exc).__name__}" + (f": {reason}" if reason else ""))
