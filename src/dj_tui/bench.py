"""``dj-tui bench``: how fast dj-tui is on a collection of a given size.

A synthetic collection of N reports is written to a temporary directory: each
report takes the header and footer of one sample report (title, byline, web
chrome) and a random mix of body paragraphs from all of them, with the places
the samples name replaced by another province, city and county from the
gazetteer, so that regions vary as in a real collection. The generator is
seeded: the same N gives the same files.

Every figure comes from a fresh process, as a user would meet it, in one run:
plain ``jieba.lcut`` over the files (the floor any analysis built on jieba
pays), a cold ``dj-tui summarize`` with an empty cache, the same command again
with the cache filled, the time until the cached collection is loaded, the
dashboard's first frame and the time until it shows the cached collection
(the median of DASHBOARD_OPENS opens), search keystroke latency in the
dashboard, and each process's peak resident memory. The bench uses its own
temporary cache directory and never touches the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dj_tui.analysis.stages.gazetteer import Division, Gazetteer, load

# A line this long is prose; the lines before the first and after the last of
# them are the report's header (title, byline, date) and footer (chrome).
_PROSE_CHARS = 60
# How much longer or shorter than its template a synthetic report may be.
_LENGTH_SPREAD = (0.6, 1.4)
_SEED = 20240709
# How many times the dashboard is opened: its open time is their median.
DASHBOARD_OPENS = 3


@dataclass(frozen=True)
class _Template:
    header: tuple[str, ...]
    body: tuple[str, ...]
    footer: tuple[str, ...]

    @property
    def body_chars(self) -> int:
        return sum(len(line) for line in self.body)


def default_source() -> Path:
    """The bundled sample reports: ./data/reports, else the project's own copy."""
    here = Path("data/reports")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "data" / "reports"


def _split(text: str) -> _Template:
    lines = text.replace("\r\n", "\n").split("\n")
    prose = [i for i, line in enumerate(lines) if len(line.strip()) >= _PROSE_CHARS]
    if not prose:
        return _Template((), tuple(lines), ())
    first, last = prose[0], prose[-1]
    return _Template(tuple(lines[:first]), tuple(lines[first : last + 1]), tuple(lines[last + 1 :]))


class _PlaceSwapper:
    """Replaces the provinces, cities and counties a text names with a chosen chain.

    The places to replace are those the samples name in full (宿州市, 安定区);
    their short names (宿州) are replaced too, unless they are everyday words.
    """

    def __init__(self, gazetteer: Gazetteer, texts: Sequence[str]) -> None:
        self._gazetteer = gazetteer
        full_names = {
            name: division
            for division in gazetteer.divisions
            for name in division.formal_names
            if len(name) >= 3
        }
        longest = max(map(len, full_names))
        named: dict[tuple[str, str], Division] = {}
        for text in texts:
            for start in range(len(text)):
                for end in range(min(len(text), start + longest), start + 2, -1):
                    division = full_names.get(text[start:end])
                    if division is not None:
                        named[division.key] = division
                        break
        self._sources: dict[str, Division] = {}
        for division in named.values():
            self._sources[division.name] = division
            for short in division.short_names:
                if len(short) >= 2 and short not in division.common_words:
                    self._sources.setdefault(short, division)
        names = sorted(self._sources, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names))) if names else None
        self._chains = [
            (gazetteer.province_of(county), city, county)
            for city in gazetteer.divisions
            if city.level == "city" and not gazetteer.is_municipality(city)
            for county in gazetteer.children(city)
        ]

    def random_chain(self, rng: random.Random) -> tuple[Division, Division, Division]:
        return rng.choice(self._chains)

    def swap(self, text: str, chain: tuple[Division, Division, Division]) -> str:
        if self._pattern is None:
            return text
        by_level = {division.level: division for division in chain}

        def replace(match: re.Match[str]) -> str:
            source = self._sources[match.group(0)]
            target = by_level[source.level]
            if match.group(0) == source.name or not target.short_names:
                return target.name
            return target.short_names[0]

        return self._pattern.sub(replace, text)


def generate_collection(source: Path, target: Path, count: int, seed: int = _SEED) -> list[Path]:
    """Write ``count`` synthetic reports into ``target``; return their paths."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(source.glob("*.txt"))]
    if not texts:
        raise ValueError(f"{source}: no sample reports (*.txt) to build a collection from")
    templates = [_split(text) for text in texts]
    pool = [line for template in templates for line in template.body if line.strip()]
    swapper = _PlaceSwapper(load(), texts)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    seen: set[str] = set()
    for number in range(count):
        template = templates[number % len(templates)]
        chain = swapper.random_chain(rng)
        while True:
            wanted = template.body_chars * rng.uniform(*_LENGTH_SPREAD)
            body: list[str] = []
            while sum(map(len, body)) < wanted:
                body.append(rng.choice(pool))
            text = swapper.swap("\n".join([*template.header, *body, *template.footer]), chain)
            if text not in seen:
                break
        seen.add(text)
        # Nested directories, as users keep them (one per year or source).
        path = target / f"batch-{number // 1000:02d}" / f"report-{number:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --- measuring ------------------------------------------------------------------

# Each probe runs in a fresh interpreter, so imports, jieba's dictionary and
# the cache are paid for as a user pays for them.
_LCUT_PROBE = """
import logging, os, sys
import jieba
jieba.setLogLevel(logging.CRITICAL)
for directory, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            jieba.lcut(handle.read())
"""

_LOAD_PROBE = """
import json, sys, time
started = time.perf_counter()
from dj_tui.analysis.pipeline import analyze_paths
from dj_tui.analysis.settings import AnalysisSettings
result = analyze_paths([sys.argv[1]], AnalysisSettings())
loaded = time.perf_counter() - started
heavy = sorted(m for m in ("jieba", "snownlp") if m in sys.modules)
print(json.dumps({"seconds": loaded, "reports": len(result.reports), "heavy": heavy}))
"""

# The search index as the dashboard has it: the cache's full-text index.
# Search as a user meets it, in the dashboard opened on the cached collection:
# a region's tab, then "/" and phrases typed key by key at a fast typist's
# pace (a keyphrase and a sentence opening of a few reports), each erased
# again key by key. A keystroke is timed from the key, posted as the terminal
# would send it, until the search box holds the new text and the tab labels
# and the visible list show its matches.
_SEARCH_PROBE = """
import asyncio, json, random, statistics, sys, time
from textual import events
from dj_tui.config import Config
from dj_tui.ui.app import create_app
app = create_app([sys.argv[1]], Config(path=None))
def press(key):
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)
async def typed():
    async with app.run_test(size=(120, 40)) as pilot:
        while app.running:
            await asyncio.sleep(0.002)
        app.animation_level = "none"
        rng = random.Random(7)
        reports = sorted(app.reports.values(), key=lambda r: r.path)
        phrases = []
        for report in rng.sample(reports, min(8, len(reports))):
            phrases += [k.term for k in report.keywords[:1]]
            phrases.append(rng.choice(report.analysis.sentences).norm[:6])
        await pilot.press("2", "slash")
        latencies = []
        for phrase in phrases:
            steps = [(key, phrase[:n]) for n, key in enumerate(phrase, 1)]
            steps += [("backspace", phrase[:n]) for n in range(len(phrase) - 1, -1, -1)]
            for key, text in steps:
                await asyncio.sleep(0.1)
                began = time.perf_counter()
                press(key)
                while not (app.search_text == text and app.shown_query == text):
                    await asyncio.sleep(0.0002)
                latencies.append(time.perf_counter() - began)
        latencies.sort()
        print(json.dumps({
            "keystrokes": len(latencies),
            "p50": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))],
        }), flush=True)
asyncio.run(typed())
"""

# The dashboard as a user opens it: the first frame; then the moment the whole
# collection is shown (the analysis finished, every region's tab there); then
# a key: "2" opens the first region's tab. Keys are posted as the terminal
# would send them: Pilot.press also waits for the app to be idle.
_FRAME_PROBE = """
import asyncio, json, sys, time
from textual import events
from dj_tui.config import Config
from dj_tui.ui.app import create_app
app = create_app([sys.argv[1]], Config(path=None))
async def first_frame():
    async with app.run_test(size=(120, 40)):
        mounted = time.time()
        heavy = sorted(m for m in ("jieba", "snownlp") if m in sys.modules)
        while app.running:
            await asyncio.sleep(0.002)
        shown = time.time()
        first_region = app.region_panes()[0].id if app.region_panes() else None
        app.post_message(events.Key("2", "2"))
        while first_region is not None and app.tabs.active != first_region:
            await asyncio.sleep(0.002)
        answered = time.time()
        times = {"mounted_at": mounted, "shown_at": shown, "answered_at": answered, "heavy": heavy}
        print(json.dumps(times), flush=True)
asyncio.run(first_frame())
"""


@dataclass(frozen=True)
class _Run:
    seconds: float
    peak_rss_mb: float
    stdout: bytes


def _run(command: Sequence[str], env: dict[str, str], cwd: Path, output: Path | None = None) -> _Run:
    """Run ``command``; its wall time and the peak RSS of it and its children (ru_maxrss)."""
    started = time.perf_counter()
    with (
        open(output or os.devnull, "wb") as sink,
        tempfile.TemporaryFile() as captured,
        tempfile.TemporaryFile() as errors,
    ):
        process = subprocess.Popen(
            list(command), stdout=captured if output is None else sink, stderr=errors, env=env, cwd=cwd
        )
        # wait4 rather than wait: it gives this process's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        captured.seek(0)
        stdout = captured.read()
        errors.seek(0)
        message = errors.read().decode("utf-8", errors="replace")
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command[:4])} failed ({process.returncode}): {message[-2000:]}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return _Run(seconds, usage.ru_maxrss / scale, stdout)


def _has_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def run_bench(reports: int, source: Path, jobs: int | None, out: Callable[[str], None]) -> dict[str, object]:
    """Measure everything on ``reports`` synthetic reports; print as it goes and return the figures."""
    figures: dict[str, object] = {"reports": reports}
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="dj-tui-bench-") as scratch:
        root = Path(scratch)
        collection = root / "reports"
        paths = generate_collection(source, collection, reports)
        chars = sum(len(path.read_text(encoding="utf-8")) for path in paths)
        figures["chars"] = chars
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        out(f"collection: {reports:,} reports, {chars:,} characters, {megabytes:.1f} MB")
        env = {**os.environ, "DJ_TUI_CACHE_DIR": str(root / "cache"), "PYTHONPATH": _pythonpath()}
        # Outside the project, so ./config.toml does not apply.
        cwd = root

        lcut = _run([python, "-c", _LCUT_PROBE, str(collection)], env, cwd)
        summarize = [python, "-m", "dj_tui", "summarize", str(collection)]
        if jobs is not None:
            summarize += ["--jobs", str(jobs)]
        cold = _run(summarize, env, cwd, output=root / "cold.json")
        cached = _run(summarize, env, cwd, output=root / "cached.json")
        identical = (root / "cold.json").read_bytes() == (root / "cached.json").read_bytes()
        figures.update(
            lcut_seconds=lcut.seconds,
            cold_seconds=cold.seconds,
            cold_chars_per_second=chars / cold.seconds,
            cold_vs_lcut=cold.seconds / lcut.seconds,
            cached_seconds=cached.seconds,
            cached_vs_cold=cached.seconds / cold.seconds,
            cached_identical=identical,
            peak_rss_mb={"lcut": lcut.peak_rss_mb, "cold": cold.peak_rss_mb, "cached": cached.peak_rss_mb},
        )
        out(f"plain jieba.lcut (whole process):   {lcut.seconds:7.2f} s  {chars / lcut.seconds:>10,.0f} chars/s")
        out(
            f"cold summarize (empty cache):       {cold.seconds:7.2f} s  {chars / cold.seconds:>10,.0f} chars/s"
            f"  = {cold.seconds / lcut.seconds:.2f}x lcut"
        )
        out(
            f"cached summarize:                   {cached.seconds:7.2f} s  = {cached.seconds / cold.seconds:.3f}x cold"
            f"  (output {'identical' if identical else 'DIFFERENT'})"
        )

        load = _run([python, "-c", _LOAD_PROBE, str(collection)], env, cwd)
        loaded = json.loads(load.stdout)
        figures.update(load_seconds=loaded["seconds"], load_imports_heavy=loaded["heavy"])
        figures["peak_rss_mb"]["load"] = load.peak_rss_mb  # type: ignore[index]
        out(
            f"cached collection loaded (analyze_paths, in process): {loaded['seconds']:.2f} s"
            f"  (jieba/snownlp imported: {', '.join(loaded['heavy']) or 'none'})"
        )

        if _has_module("dj_tui.ui.app"):
            # Opening takes a second or two, which a busy machine stretches:
            # the median of several opens.
            opens = []
            for _ in range(DASHBOARD_OPENS):
                started = time.time()
                frame = _run([python, "-c", _FRAME_PROBE, str(collection)], env, cwd)
                shown = json.loads(frame.stdout.splitlines()[0])
                opens.append((shown["shown_at"] - started, shown["mounted_at"] - started, shown))
                figures["peak_rss_mb"]["dashboard"] = frame.peak_rss_mb  # type: ignore[index]
            ready, first, shown = sorted(opens, key=lambda run: run[0])[len(opens) // 2]
            key = shown["answered_at"] - shown["shown_at"]
            figures.update(
                first_frame_seconds=first,
                first_frame_imports_heavy=shown["heavy"],
                dashboard_ready_seconds=ready,
                dashboard_ready_range=[min(run[0] for run in opens), max(run[0] for run in opens)],
                first_tab_switch_seconds=key,
            )
            out(
                f"dashboard first frame (headless, from process start): {first:.2f} s"
                f"  (jieba/snownlp imported by then: {', '.join(shown['heavy']) or 'none'})"
            )
            out(
                f"dashboard open (cached collection shown, from process start): {ready:.2f} s"
                f" (median of {len(opens)}: {', '.join(f'{run[0]:.2f}' for run in opens)});"
                f" then a region's tab opened in {key * 1000:.0f} ms"
            )
            search = _run([python, "-c", _SEARCH_PROBE, str(collection)], env, cwd)
            found = json.loads(search.stdout)
            figures.update(search_p50_ms=found["p50"] * 1000, search_p95_ms=found["p95"] * 1000)
            figures["peak_rss_mb"]["search"] = search.peak_rss_mb  # type: ignore[index]
            out(
                f"search in the dashboard, keystroke to updated lists: p50 {found['p50'] * 1000:.1f} ms,"
                f" p95 {found['p95'] * 1000:.1f} ms ({found['keystrokes']} keystrokes)"
            )
        else:
            out("dashboard and search: not measured (dj_tui.ui.app is not there)")

        rss = figures["peak_rss_mb"]
        out("peak RSS (largest process): " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in rss.items()))  # type: ignore[union-attr]
    return figures


def _pythonpath() -> str:
    """The interpreter's own path first, so the probes import this dj-tui even when not installed."""
    package_root = str(Path(__file__).resolve().parents[1])
    existing = os.environ.get("PYTHONPATH")
    return package_root if not existing else package_root + os.pathsep + existing


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="dj-tui bench",
        description="Measure dj-tui on a synthetic collection built from the sample reports "
        "(in a temporary directory, with a temporary cache).",
    )
    parser.add_argument("--reports", type=int, default=400, metavar="N", help="how many reports (default: 400)")
    parser.add_argument("--source", metavar="DIR", help="sample reports to recombine (default: data/reports)")
    parser.add_argument("--jobs", type=int, metavar="N", help="passed to dj-tui summarize (default: its own)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    args = parser.parse_args(argv)
    if args.reports < 1:
        parser.error("--reports must be at least 1")
    source = Path(args.source) if args.source else default_source()
    if not source.is_dir() or not any(source.glob("*.txt")):
        sys.stderr.write(f"dj-tui: {source}: no sample reports (*.txt) to build a collection from\n")
        return 2

    def out(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    figures = run_bench(args.reports, source, args.jobs, out)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0
