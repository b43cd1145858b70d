"""Per-report analysis speed in one process, stage by stage, against plain ``jieba.lcut``.

    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py [PATH ...] [--repeat N]

Both sides are timed after jieba's dictionary is loaded, over the same decoded
files, so the ratio says what the analysis costs beyond segmentation; the
stage table says where that cost goes. Whole-process figures (start-up, the
process pool, the cache, the dashboard, search) come from ``dj-tui bench``.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from dj_tui.analysis.collection.build import build_collection
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import clean, figures, keyphrases, region, segment, summary
from dj_tui.analysis.stages.analyzer import Analyzer
from dj_tui.analysis.stages.ingest import discover, read_report
from dj_tui.analysis.stages.sentences import build_sentences


def _stages(analyzer: Analyzer, text: str, spent: dict[str, float]) -> None:
    """The steps of Analyzer.analyze_text, each timed."""
    settings = analyzer.settings
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        spent[stage] += now - clock
        clock = now

    cleaned = clean.clean_report(text)
    lap("clean")
    tokens = [segment.cut(sentence.norm) for sentence in cleaned.sentences]
    lap("segment (jieba)")
    region.detect_region(cleaned, tokens)
    lap("region")
    found = figures.extract_figures(cleaned.sentences, tokens)
    lap("figures")
    metadata = cleaned.metadata
    titles = build_sentences(t for t in (metadata.title, metadata.subtitle) if t)
    keyphrases.extract_candidates(
        titles + cleaned.sentences, [segment.cut(s.norm) for s in titles] + tokens, analyzer.stopwords
    )
    lap("keyphrases")
    headline = {f.index for f in found[: settings.figures_per_report or None]}
    summary.summarize(cleaned.sentences, tokens, headline, settings.summary_sentences, analyzer.stopwords)
    lap("summary")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=["data/reports"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    settings = AnalysisSettings()
    files, errors = discover(args.paths, settings.patterns)
    texts = {path: read_report(Path(path), settings.max_bytes) for path in files}
    chars = sum(len(t) for t in texts.values()) * args.repeat
    analyzer = Analyzer(settings)
    # Load jieba's dictionary and the figures' word lists outside the timed sections.
    for path, text in texts.items():
        analyzer.analyze_text(text, path)

    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts.values():
            segment.cut(text)
    lcut_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(args.repeat):
        analyses = [analyzer.analyze_text(text, path) for path, text in texts.items()]
        build_collection(analyses, errors, settings)
    analysis_seconds = time.perf_counter() - started

    spent: dict[str, float] = defaultdict(float)
    for _ in range(args.repeat):
        for text in texts.values():
            _stages(analyzer, text, spent)
    total = sum(spent.values())

    print(f"files: {len(files)}  chars: {chars:,} ({args.repeat} passes)")
    print(f"jieba.lcut: {chars / lcut_seconds:>12,.0f} chars/s")
    print(f"analysis:   {chars / analysis_seconds:>12,.0f} chars/s")
    print(f"analysis time / lcut time: {analysis_seconds / lcut_seconds:.2f}x")
    print("where the analysis time goes:")
    for stage, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {stage:16s} {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
