"""``dj-tui bench``: how fast dj-tui is on a collection of a given size.

A synthetic collection of N reports (``synthetic.generate_collection``) is
written to a temporary directory. Every figure comes from a fresh process, as
a user would meet it, in one run: plain ``jieba.lcut`` over the files (the
floor any analysis built on jieba pays), a cold ``dj-tui summarize`` with an
empty cache, the same command again with the cache filled, the time until the
cached collection is loaded, the dashboard's first frame and the time until
it shows the cached collection (the median of DASHBOARD_OPENS opens), search
keystroke latency in the dashboard, and each process's peak resident memory.
The probes are ``probes`` and ``dashboard_probes``. The bench uses its own
temporary cache directory and never touches the user's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from dj_tui.bench.measure import run_measured
from dj_tui.bench.synthetic import default_source, generate_collection

# How many times the dashboard is opened: its open time is their median.
DASHBOARD_OPENS = 3
# Seconds between keystrokes in the search probe: a fast typist's pace, so
# that each keystroke is measured on its own, as a user sees it.
TYPING_PACE = 0.1
# `dj-tui summarize` exits with 1 when some reports failed: it still read,
# analysed and timed the rest. A dashboard probe exits with 1 when the
# dashboard fails as it closes: its figures were printed before.
_DONE_EXIT_CODES = (0, 1)

Out = Callable[[str], None]


def run_bench(reports: int, source: Path, jobs: int | None, out: Out) -> dict[str, object]:
    """Measure everything on ``reports`` synthetic reports; print as it goes and return the figures."""
    figures: dict[str, object] = {"reports": reports}
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
        peak_rss_mb: dict[str, float] = {}

        figures.update(_analysis_figures(collection, chars, jobs, env, cwd, peak_rss_mb, out))
        figures["peak_rss_mb"] = peak_rss_mb
        figures.update(_load_figures(collection, env, cwd, peak_rss_mb, out))
        if _has_module("dj_tui.ui.app"):
            figures.update(_dashboard_figures(collection, env, cwd, peak_rss_mb, out))
        else:
            out("dashboard and search: not measured (dj_tui.ui.app is not there)")

        out("peak RSS (largest process): " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peak_rss_mb.items()))
    return figures


def _analysis_figures(
    collection: Path, chars: int, jobs: int | None, env: dict[str, str], cwd: Path, rss: dict[str, float], out: Out
) -> dict[str, object]:
    """Plain jieba.lcut, then a cold and a cached ``dj-tui summarize``."""
    lcut = run_measured(_probe("probes", "lcut", collection), env, cwd)
    summarize = [sys.executable, "-m", "dj_tui", "summarize", str(collection)]
    if jobs is not None:
        summarize += ["--jobs", str(jobs)]
    cold_json, cached_json = cwd / "cold.json", cwd / "cached.json"
    cold = run_measured(summarize, env, cwd, output=cold_json, exit_codes=_DONE_EXIT_CODES)
    cached = run_measured(summarize, env, cwd, output=cached_json, exit_codes=_DONE_EXIT_CODES)
    identical = cold_json.read_bytes() == cached_json.read_bytes()
    rss.update(lcut=lcut.peak_rss_mb, cold=cold.peak_rss_mb, cached=cached.peak_rss_mb)
    out(f"plain jieba.lcut (whole process):   {lcut.seconds:7.2f} s  {chars / lcut.seconds:>10,.0f} chars/s")
    out(
        f"cold summarize (empty cache):       {cold.seconds:7.2f} s  {chars / cold.seconds:>10,.0f} chars/s"
        f"  = {cold.seconds / lcut.seconds:.2f}x lcut"
    )
    out(
        f"cached summarize:                   {cached.seconds:7.2f} s  = {cached.seconds / cold.seconds:.3f}x cold"
        f"  (output {'identical' if identical else 'DIFFERENT'})"
    )
    return {
        "lcut_seconds": lcut.seconds,
        "cold_seconds": cold.seconds,
        "cold_chars_per_second": chars / cold.seconds,
        "cold_vs_lcut": cold.seconds / lcut.seconds,
        "cached_seconds": cached.seconds,
        "cached_vs_cold": cached.seconds / cold.seconds,
        "cached_identical": identical,
    }


def _load_figures(
    collection: Path, env: dict[str, str], cwd: Path, rss: dict[str, float], out: Out
) -> dict[str, object]:
    """The cached collection loaded in process, as ``summarize`` loads it."""
    load = run_measured(_probe("probes", "load", collection), env, cwd)
    loaded = json.loads(load.stdout)
    rss["load"] = load.peak_rss_mb
    out(
        f"cached collection loaded (load_collection, in process): {loaded['seconds']:.2f} s"
        f"  (jieba/snownlp imported: {', '.join(loaded['heavy']) or 'none'})"
    )
    return {"load_seconds": loaded["seconds"], "load_imports_heavy": loaded["heavy"]}


def _dashboard_figures(
    collection: Path, env: dict[str, str], cwd: Path, rss: dict[str, float], out: Out
) -> dict[str, object]:
    """The dashboard's first frame, its open with the collection shown, a tab switch, and search."""
    # Opening takes a second or two, which a busy machine stretches: the
    # median of several opens.
    opens = []
    for _ in range(DASHBOARD_OPENS):
        started = time.time()
        frame = run_measured(_probe("dashboard_probes", "open", collection), env, cwd, exit_codes=_DONE_EXIT_CODES)
        shown = json.loads(frame.stdout.splitlines()[0])
        opens.append((shown["shown_at"] - started, shown["mounted_at"] - started, shown))
        rss["dashboard"] = frame.peak_rss_mb
    ready, first, shown = sorted(opens, key=lambda run: run[0])[len(opens) // 2]
    key = shown["answered_at"] - shown["shown_at"]
    out(
        f"dashboard first frame (headless, from process start): {first:.2f} s"
        f"  (jieba/snownlp imported by then: {', '.join(shown['heavy']) or 'none'})"
    )
    out(
        f"dashboard open (cached collection shown, from process start): {ready:.2f} s"
        f" (median of {len(opens)}: {', '.join(f'{run[0]:.2f}' for run in opens)});"
        f" then a region's tab opened in {key * 1000:.0f} ms"
    )
    search = run_measured(
        _probe("dashboard_probes", "search", collection, str(TYPING_PACE)), env, cwd, exit_codes=_DONE_EXIT_CODES
    )
    found = json.loads(search.stdout)
    rss["search"] = search.peak_rss_mb
    out(
        f"search in the dashboard, keystroke to updated lists: p50 {found['p50'] * 1000:.1f} ms,"
        f" p95 {found['p95'] * 1000:.1f} ms ({found['keystrokes']} keystrokes)"
    )
    return {
        "first_frame_seconds": first,
        "first_frame_imports_heavy": shown["heavy"],
        "dashboard_ready_seconds": ready,
        "dashboard_ready_range": [min(run[0] for run in opens), max(run[0] for run in opens)],
        "first_tab_switch_seconds": key,
        "search_p50_ms": found["p50"] * 1000,
        "search_p95_ms": found["p95"] * 1000,
    }


def _probe(module: str, probe: str, collection: Path, *options: str) -> list[str]:
    """The command that runs ``probe`` of ``dj_tui.bench.<module>`` in a fresh interpreter."""
    return [sys.executable, "-m", f"dj_tui.bench.{module}", probe, str(collection), *options]


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _pythonpath() -> str:
    """The interpreter's own path first, so the probes import this dj-tui even when not installed."""
    package_root = str(Path(__file__).resolve().parents[2])
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
