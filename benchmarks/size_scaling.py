"""Per-report analysis time and memory against report size, for ordinary and pathological reports.

    .venv/bin/python benchmarks/size_scaling.py [--sizes 256K,1M,4M] [--kinds realistic,run,...]

For each kind of report and each size, one fresh process builds the report
(deterministically), analyses a small report first (so that jieba's
dictionary and the analysis tables are loaded outside the timed section),
then times ``Analyzer.analyze_text`` on it. Its peak RSS is that process's own
maximum resident set, read from its resource usage when it ends (what
``resource.getrusage(RUSAGE_CHILDREN)`` reports for that one child), so it
includes the ~100 MB jieba's dictionary takes.

The reference, measured in the same run, is ``jieba.lcut`` over the lines of
the realistic report of each size, in a fresh process too: plain segmentation,
linear in the size. The ratio (analysis seconds / reference seconds) stays
flat across sizes when the analysis is linear; ``growth`` is how much longer
a size takes than the previous one (with the default sizes, 4x the bytes
each: about 4 when linear, 16 when quadratic).

Kinds: ``realistic`` (the paragraphs of data/reports shuffled and repeated),
``short-sentences`` (党员好。 repeated), ``percentages`` (12%34%56.7%8万9亿
repeated, one sentence), ``unpunctuated-figures`` (0万元0%0个0人次1万元…, one
sentence) and ``run`` (a line of ``a``, no punctuation).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dj_tui.bench.measure import run_measured
from dj_tui.bench.synthetic import realistic_report

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
WARM_UP = REPORTS / "anhui-qiangji-guben.txt"
SEED = 20240418
UNITS = {"K": 1024, "M": 1024 * 1024}


def realistic(size: int) -> str:
    """The paragraphs of data/reports, shuffled and repeated to ``size`` bytes of UTF-8."""
    return realistic_report(REPORTS, size, seed=SEED, size_of=lambda line: len(line.encode("utf-8")))


def repeated(unit: str) -> Callable[[int], str]:
    return lambda size: unit * max(1, size // len(unit.encode("utf-8")))


def unpunctuated_figures(size: int) -> str:
    groups: list[str] = []
    total = 0
    while total < size:
        group = f"{len(groups)}万元{len(groups)}%{len(groups)}个{len(groups)}人次"
        groups.append(group)
        total += len(group.encode("utf-8"))
    return "".join(groups) + "。"


def quoted_names(size: int) -> str:
    """Sentences each naming a programme of its own in quotation marks (“七十一号行动”)."""
    numerals = "一二三四五六七八九十"
    sentences: list[str] = []
    total = 0
    while total < size:
        number = len(sentences)
        name = "".join(numerals[int(digit)] for digit in str(number)) + "号行动"
        sentence = f"全市深入实施“{name}”，{name}成效明显。"
        sentences.append(sentence)
        total += len(sentence.encode("utf-8"))
    return "\n".join(sentences)


KINDS: dict[str, Callable[[int], str]] = {
    "realistic": realistic,
    "short-sentences": repeated("党员好。"),
    "percentages": repeated("12%34%56.7%8万9亿"),
    "unpunctuated-figures": unpunctuated_figures,
    "run": repeated("a"),
    "quoted-names": quoted_names,
}


def parse_size(text: str) -> int:
    text = text.strip().upper().removesuffix("B")
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1:] in UNITS else int(text)


def label(size: int) -> str:
    return f"{size // UNITS['M']} MB" if size % UNITS["M"] == 0 else f"{size // UNITS['K']} KB"


# --- the measured process --------------------------------------------------------


def analyse(kind: str, size: int) -> dict[str, float]:
    from dj_tui.analysis.settings import AnalysisSettings
    from dj_tui.analysis.stages.analyzer import Analyzer

    text = KINDS[kind](size)
    analyzer = Analyzer(AnalysisSettings())
    analyzer.analyze_text(WARM_UP.read_text(encoding="utf-8"), WARM_UP.name)
    started = time.perf_counter()
    analyzer.analyze_text(text, f"{kind}.txt")
    return {"seconds": time.perf_counter() - started, "chars": len(text)}


def segment_lines(size: int) -> dict[str, float]:
    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    jieba.initialize()
    text = realistic(size)
    started = time.perf_counter()
    for line in text.splitlines():
        jieba.lcut(line, HMM=True)
    return {"seconds": time.perf_counter() - started, "chars": len(text)}


def measure(*worker_args: str) -> dict[str, float]:
    """Run this script as a worker in a fresh process: its result, and its own peak RSS in MB."""
    run = run_measured([sys.executable, __file__, "--worker", *worker_args], dict(os.environ), ROOT)
    result = json.loads(run.stdout)
    result["peak_mb"] = run.peak_rss_mb
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="256K,1M,4M", help="report sizes in bytes of UTF-8 (K and M suffixes)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of: {', '.join(KINDS)}")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        role, *rest = args.worker
        result = analyse(rest[0], int(rest[1])) if role == "analyse" else segment_lines(int(rest[0]))
        print(json.dumps(result))
        return

    sizes = [parse_size(s) for s in args.sizes.split(",")]
    kinds = [k.strip() for k in args.kinds.split(",")]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    reference = {size: measure("lcut", str(size)) for size in sizes}

    header = f"{'kind':22s} {'size':>6s} {'chars':>10s} {'seconds':>8s} {'growth':>6s} {'peak RSS':>9s}"
    header += f" {'lcut s':>7s} {'lcut RSS':>9s} {'ratio':>6s}"
    print(header)
    print("-" * len(header))
    for kind in kinds:
        previous = None
        for size in sizes:
            result = measure("analyse", kind, str(size))
            ref = reference[size]
            growth = f"{result['seconds'] / previous:6.1f}" if previous else f"{'':6s}"
            previous = result["seconds"]
            print(
                f"{kind:22s} {label(size):>6s} {result['chars']:>10,.0f} {result['seconds']:8.2f} {growth}"
                f" {result['peak_mb']:6.0f} MB {ref['seconds']:7.2f} {ref['peak_mb']:6.0f} MB"
                f" {result['seconds'] / ref['seconds']:6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
