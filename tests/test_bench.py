"""dj-tui bench: the synthetic collection it measures on, and the command itself (not its timings)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from dj_tui.analysis.pipeline import analyze_paths
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.bench import generate_collection
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
    result = analyze_paths([str(tmp_path / "reports")], AnalysisSettings(), cache=None, jobs=1)
    provinces = {r.analysis.region.province for r in result.reports}
    assert len(provinces - {None}) >= 5
    # The samples' own places are replaced, not left beside the new ones.
    assert sum("宿州市" in p.read_text(encoding="utf-8") for p in (tmp_path / "reports").rglob("*.txt")) <= 1


def test_bench_runs_end_to_end_and_reports_every_figure(tmp_path):
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    figures_file = tmp_path / "figures.json"
    with redirect_stdout(out):
        code = main(["bench", "--reports", "3", "--json", str(figures_file)])
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
    assert figures["reports"] == 3
    assert figures["cached_identical"] is True
    assert figures["load_imports_heavy"] == []
    assert figures["first_frame_imports_heavy"] == []
    assert figures["dashboard_ready_seconds"] >= figures["first_frame_seconds"] > 0
    assert figures["cold_seconds"] > 0 and figures["lcut_seconds"] > 0
    assert 0 < figures["search_p50_ms"] <= figures["search_p95_ms"]


def test_bench_refuses_a_source_without_reports(tmp_path):
    assert main(["bench", "--source", str(tmp_path)]) == 2
