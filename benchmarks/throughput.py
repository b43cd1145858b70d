"""Analysis throughput against plain ``jieba.lcut`` on the same text, in one run.

    .venv/bin/python benchmarks/throughput.py [PATH ...] [--repeat N]

Both sides are timed after jieba's dictionary is loaded, over the same decoded
files, so the ratio says what the analysis costs beyond segmentation itself.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dj_tui.analysis import segment
from dj_tui.analysis.ingest import discover, read_report
from dj_tui.analysis.pipeline import Analyzer, build_collection
from dj_tui.analysis.settings import AnalysisSettings


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
    segment.cut("预热")  # load jieba's dictionary outside the timed sections

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

    print(f"files: {len(files)}  chars: {chars:,} ({args.repeat} passes)")
    print(f"jieba.lcut: {chars / lcut_seconds:>12,.0f} chars/s")
    print(f"analysis:   {chars / analysis_seconds:>12,.0f} chars/s")
    print(f"analysis time / lcut time: {analysis_seconds / lcut_seconds:.2f}x")


if __name__ == "__main__":
    main()
