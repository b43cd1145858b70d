"""Memory and time per tab switch over many switches, on a dashboard of thirty regions.

    PYTHONPATH=src .venv/bin/python benchmarks/tab_switching.py [--switches 1000] [--regions 30]

The five analysed samples in data/reports are copied into ``--regions``
provinces (the gazetteer's first ones, five reports each) and fed to the
dashboard headless at 80x24 without a cache. Then ``]`` is pressed
``--switches`` times, each press timed until the frame is painted; every
hundred switches the process's resident memory, the mean time per switch
over those hundred (wall clock, and the process's CPU time, which other
processes on the machine do not inflate), and the watchers Textual keeps on the footer (the leak of
Textual issue #6666: one per footer key per switch) are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from textual.widgets import Footer

from dj_tui.analysis import pipeline
from dj_tui.analysis.models import DocumentAnalysis, LoadError, Region
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import gazetteer
from dj_tui.analysis.stages.ingest import discover
from dj_tui.config import Config
from dj_tui.ui.app import create_app

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "reports"


def spread_over_provinces(regions: int, directory: Path) -> dict[str, DocumentAnalysis]:
    """The samples, once in each of the first ``regions`` provinces, as copies in ``directory``."""
    files, _ = discover([str(SAMPLES)], AnalysisSettings().patterns)
    samples = [
        a for a in pipeline.analyze_iter(files, AnalysisSettings(), cache=None) if isinstance(a, DocumentAnalysis)
    ]
    provinces = [d.name for d in gazetteer.load().divisions if d.level == "province"][:regions]
    analyses = {}
    for number, province in enumerate(provinces):
        (directory / f"{number:02d}").mkdir()
        for sample in samples:
            copy = directory / f"{number:02d}" / Path(sample.path).name
            copy.write_bytes(Path(sample.path).read_bytes())
            region = Region(province=province, level="province")
            analyses[str(copy)] = dataclasses.replace(sample, path=str(copy), region=region)
    return analyses


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def footer_watchers(footer: Footer) -> int:
    """Every watcher others keep on the footer's reactives (Textual's private ``__watchers``)."""
    return sum(len(watchers) for watchers in getattr(footer, "__watchers", {}).values())


async def measure(switches: int, regions: int, directory: Path) -> None:
    analyses = spread_over_provinces(regions, directory)

    def analyze(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
        for path in files:
            yield analyses[path]

    app = create_app([str(directory)], Config(path=None), analyze=analyze)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        while app.running or len(app.collection.regions) < regions:
            await pilot.pause(0.1)
        await pilot.pause()
        print(f"{len(app.collection.regions)} regions, {len(app.collection.reports)} reports")
        footer = app.query_one(Footer)
        print(f"{'switches':>8} {'RSS MB':>8} {'ms/switch':>10} {'CPU ms':>8} {'footer watchers':>16}")
        print(f"{0:>8} {current_rss_mb():>8.1f} {'':>10} {'':>8} {footer_watchers(footer):>16}")
        times: list[float] = []
        cpu: list[float] = []
        for switch in range(1, switches + 1):
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press("right_square_bracket")
            await pilot.pause()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if switch % 100 == 0:
                wall, used = statistics.mean(times[-100:]) * 1000, statistics.mean(cpu[-100:]) * 1000
                rss, watchers = current_rss_mb(), footer_watchers(footer)
                print(f"{switch:>8} {rss:>8.1f} {wall:>10.1f} {used:>8.1f} {watchers:>16}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=1000)
    parser.add_argument("--regions", type=int, default=30)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(measure(options.switches, options.regions, Path(directory)))


if __name__ == "__main__":
    main()
