"""Keystroke to updated report lists, in the running dashboard, over 1,000 and 10,000 reports.

    .venv/bin/python benchmarks/search_latency.py --collection DIR
    .venv/bin/python benchmarks/search_latency.py [--sizes 1000 10000] [--one-region] [--tab N]

With --collection, the dashboard opens DIR as a user would, with the analysis
cache ($DJ_TUI_CACHE_DIR or the user's): searches are answered by the cache's
full-text index. Fill the cache first (``dj-tui summarize DIR``), or the
measure waits for a cold analysis; ``dj-tui bench`` writes such collections.

Without it, synthetic reports are built in memory by recombining the
paragraphs of the analysed samples in data/reports (each report: 25
paragraphs drawn at random, spread over 31 provinces, or all in one with
--one-region to stress a single list) and fed to the dashboard without a
cache: searches are answered by the in-memory index, as with the cache off.
The dashboard runs headless on them; a query is typed one key at a time (and
then erased one key at a time), and each keystroke is timed from the key press
until every tab's label and the visible list show that query's matches
("lists updated"), and until the frame showing them has been painted. For
scale, the second measure is also taken on a bare Textual app that echoes an
Input into a Label: the floor set by Textual's frame timer.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input, Label

from dj_tui.analysis import pipeline
from dj_tui.analysis.models import DocumentAnalysis, LoadError, Metadata, Region, Sentence, SummarySentence
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.ingest import discover
from dj_tui.bench.dashboard_probes import press, typed
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app

PROVINCES = (
    "北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 "
    "江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 云南省 "
    "西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区"
).split()
PARAGRAPHS_PER_REPORT = 25
# A fast typist's pace: each keystroke is measured on its own, as a user sees it.
TYPING_INTERVAL = 0.15
# Queries as users type them: programme names, common and rare phrases, one
# that matches nothing; each is typed, then erased, key by key.
QUERIES = ("三航行动", "基层党组织", "乡村振兴", "中国式现代化", "党员志愿者", "不存在的说法", "两个维护")


def synthetic_analyses(samples: Sequence[DocumentAnalysis], count: int, regions: int) -> list[DocumentAnalysis]:
    rng = random.Random(20240709)
    paragraphs = []
    for analysis in samples:
        grouped: dict[int, list[Sentence]] = {}
        for sentence in analysis.sentences:
            grouped.setdefault(sentence.paragraph, []).append(sentence)
        figures = {f.index: f for f in analysis.figures}
        paragraphs += [(group, [figures[s.index] for s in group if s.index in figures]) for group in grouped.values()]
    terms = sorted({term for analysis in samples for term in analysis.term_counts})
    reports = []
    for number in range(count):
        sentences: list[Sentence] = []
        figures = []
        for p, (group, group_figures) in enumerate(rng.sample(paragraphs, PARAGRAPHS_PER_REPORT)):
            offset = len(sentences) - group[0].index
            sentences += [replace(s, index=s.index + offset, paragraph=p) for s in group]
            figures += [replace(f, index=f.index + offset) for f in group_figures]
        province = PROVINCES[number % regions]
        reports.append(
            DocumentAnalysis(
                path=f"synthetic/{number:05d}.txt",
                content_hash=str(number),
                metadata=Metadata(title=f"{province}基层党建工作综述（{number}）"),
                sentences=tuple(sentences),
                region=Region(province=province, level="province", evidence=(f"{province}×1",)),
                term_counts=tuple(rng.sample(terms, 300)),
                summary=tuple(SummarySentence(s.text, s.index) for s in sentences[:3]),
                figures=tuple(figures),
            )
        )
    return reports


def replaying_app(analyses: list[DocumentAnalysis], directory: Path) -> DashboardApp:
    """The dashboard fed ``analyses`` (as files of ``directory``) without a cache."""
    by_path = {a.path: a for a in analyses}

    def replay(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
        for path in files:
            yield by_path[str(Path(path).relative_to(directory))]

    return create_app([str(directory / "synthetic")], Config(path=None), analyze=replay)


async def measure(app: DashboardApp, tab: str = "2") -> tuple[float, list[float], list[float]]:
    app.animation_level = "none"
    painted = Painted(app)
    updated: list[float] = []
    on_screen: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        started = time.perf_counter()
        await app.workers.wait_for_complete()
        await pilot.pause()
        loaded = time.perf_counter() - started
        await pilot.press(tab)  # by default a region's tab: its list is what narrows
        await pilot.press("slash")
        for query in QUERIES:
            async for pressed, latency in typed(app, query, TYPING_INTERVAL):
                updated.append(latency)
                on_screen.append(await painted.next_frame() - pressed)
    return loaded, updated, on_screen


class Painted:
    """When the app last sent a frame to the terminal (the headless driver discards it)."""

    def __init__(self, app: App) -> None:
        self.last = 0.0
        display = app._display

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.last = time.perf_counter()

        app._display = timed_display  # type: ignore[method-assign]

    async def next_frame(self) -> float:
        """The time of the first frame painted after now."""
        now = time.perf_counter()
        while self.last < now:
            await asyncio.sleep(0.0002)
        return self.last


class _Bare(App[None]):
    echoed = ""

    def compose(self) -> ComposeResult:
        yield Input()
        yield Label()

    @on(Input.Changed)
    def _echo(self, event: Input.Changed) -> None:
        self.query_one(Label).update(event.value)
        self.echoed = event.value


async def bare_app() -> list[float]:
    """The same measure on an app that does nothing: the floor set by Textual's frame rate."""
    app = _Bare()
    painted = Painted(app)
    latencies = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        echoed = ""
        for key in "三航行动基层党组织乡村振兴":
            echoed += key
            await asyncio.sleep(TYPING_INTERVAL)
            started = time.perf_counter()
            press(app, key)
            while app.echoed != echoed:
                await asyncio.sleep(0.0002)
            latencies.append(await painted.next_frame() - started)
    return latencies


def summary(latencies: list[float]) -> str:
    return (
        f"p50 {statistics.median(latencies) * 1000:5.1f} ms, p95 {percentile(latencies, 0.95) * 1000:5.1f} ms, "
        f"max {max(latencies) * 1000:5.1f} ms"
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--one-region", action="store_true", help="put every report in the same region")
    parser.add_argument("--collection", metavar="DIR", help="open DIR with the analysis cache instead")
    parser.add_argument(
        "--tab", default="2", help="the tab typed on: 2 (the first region, the default) or 1 (the overview's results)"
    )
    args = parser.parse_args()

    if args.collection:
        app = create_app([args.collection], Config(path=None))
        loaded, updated, on_screen = asyncio.run(measure(app, args.tab))
        print(
            f"{len(app.reports):,} reports in {args.collection}, loaded in {loaded:.1f} s, {len(updated)} keystrokes:"
        )
        print(f"  lists updated:   {summary(updated)}")
        print(f"  frame painted:   {summary(on_screen)}")
        return
    settings = AnalysisSettings()
    files, _errors = discover(["data/reports"], settings.patterns)
    samples = [a for a in pipeline.analyze_iter(files, settings, cache=None) if isinstance(a, DocumentAnalysis)]
    for size in args.sizes:
        analyses = synthetic_analyses(samples, size, 1 if args.one_region else len(PROVINCES))
        with tempfile.TemporaryDirectory() as temp:
            directory = Path(temp)
            (directory / "synthetic").mkdir()
            for analysis in analyses:
                (directory / analysis.path).write_bytes(b"")
            loaded, updated, on_screen = asyncio.run(measure(replaying_app(analyses, directory), args.tab))
        chars = sum(len(s.text) for a in analyses for s in a.sentences)
        print(
            f"{size:,} reports ({chars / size:,.0f} chars each, {'1 region' if args.one_region else '31 regions'}), "
            f"loaded in {loaded:.1f} s, {len(updated)} keystrokes:"
        )
        print(f"  lists updated:   {summary(updated)}")
        print(f"  frame painted:   {summary(on_screen)}")
    print(f"a bare Textual app (an Input echoed to a Label), frame painted: {summary(asyncio.run(bare_app()))}")


if __name__ == "__main__":
    main()
