"""dj-tui bench: the synthetic collection it measures on, its probes, and the command itself (not its timings).

The probes are tried here on a report or two; the whole command runs once, at
its smallest size, with every probe in a process of its own.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from dj_tui.analysis import loader
from dj_tui.analysis.load_events import CollectionSnapshot
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import segment
from dj_tui.bench import command
from dj_tui.bench.dashboard_probes import keystrokes
from dj_tui.bench.probes import lcut_files, load_cached
from dj_tui.bench.synthetic import generate_collection
from dj_tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"


def test_the_collection_is_reproducible_distinct_and_report_sized(tmp_path):
    first = generate_collection(SAMPLES, tmp_path / "one", 12)
    second = generate_collection(SAMPLES, tmp_path / "two", 12)
    texts = [p.read_text(encoding="utf-8") for p in first]
    assert texts == [p.read_text(encoding="utf-8") for p in second]
    assert len(set(texts)) == 12
    sample_sizes = [len(p.read_text(encoding="utf-8")) for p in SAMPLES.glob("*.txt")]
    assert all(min(sample_sizes) * 0.4 < len(text) < max(sample_sizes) * 1.6 for text in texts)


def test_the_collection_spreads_over_many_regions(tmp_path):
    generate_collection(SAMPLES, tmp_path / "reports", 10)
    events = loader.load_collection([str(tmp_path / "reports")], AnalysisSettings(), cache_dir=None, jobs=1)
    collection = [event for event in events if isinstance(event, CollectionSnapshot)][-1].collection
    provinces = {r.analysis.region.province for r in collection.reports}
    assert len(provinces - {None}) >= 5
    # The samples' own places are replaced, not left beside the new ones.
    assert sum("宿州市" in p.read_text(encoding="utf-8") for p in (tmp_path / "reports").rglob("*.txt")) <= 1


def test_the_lcut_probe_segments_every_file_of_the_nested_collection(tmp_path, monkeypatch):
    paths = generate_collection(SAMPLES, tmp_path / "reports", 2)
    jieba = segment._get_jieba()
    segmented: list[str] = []
    monkeypatch.setattr(jieba, "lcut", segmented.append)
    lcut_files(str(tmp_path / "reports"))
    assert sorted(segmented) == sorted(p.read_text(encoding="utf-8") for p in paths)


def test_the_load_probe_loads_every_report(tmp_path):
    generate_collection(SAMPLES, tmp_path / "reports", 2)
    loaded = load_cached(str(tmp_path / "reports"))
    assert loaded["reports"] == 2
    assert loaded["seconds"] > 0


def test_a_phrase_is_typed_and_erased_key_by_key():
    assert keystrokes("党建") == [("党", "党"), ("建", "党建"), ("backspace", "党"), ("backspace", "")]


def test_bench_runs_end_to_end_and_reports_every_figure(tmp_path, monkeypatch):
    # Each keystroke is still timed on its own; the pace between them is not
    # what is tested.
    monkeypatch.setattr(command, "TYPING_PACE", 0.01)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    figures_file = tmp_path / "figures.json"
    with redirect_stdout(out):
        code = main(["bench", "--reports", "1", "--json", str(figures_file)])
    out.flush()
    printed = out.buffer.getvalue().decode("utf-8")
    assert code == 0
    for label in (
        "plain jieba.lcut",
        "cold summarize",
        "cached summarize",
        "cached collection loaded",
        "dashboard open",
        "search in the dashboard",
        "peak RSS",
    ):
        assert label in printed
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    assert figures["reports"] == 1
    assert figures["cached_identical"] is True
    assert figures["load_imports_heavy"] == []
    assert figures["first_frame_imports_heavy"] == []
    assert figures["dashboard_ready_seconds"] >= figures["first_frame_seconds"] > 0
    low, high = figures["dashboard_ready_range"]
    assert low <= figures["dashboard_ready_seconds"] <= high
    assert figures["cold_seconds"] > 0 and figures["lcut_seconds"] > 0
    assert 0 < figures["search_p50_ms"] <= figures["search_p95_ms"]
    assert set(figures["peak_rss_mb"]) == {"lcut", "cold", "cached", "load", "dashboard", "search"}


def test_bench_refuses_a_source_without_reports(tmp_path):
    assert main(["bench", "--source", str(tmp_path)]) == 2
