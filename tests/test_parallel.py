"""Parallel analysis: a process pool gives the same result as one process, and stops when asked."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from loading import load

from dj_tui.analysis import pipeline
from dj_tui.analysis.export import to_json
from dj_tui.analysis.models import DocumentAnalysis
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.analyzer import Analyzer
from dj_tui.analysis.store.location import open_cache
from dj_tui.bench.synthetic import generate_collection

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("collection")
    generate_collection(SAMPLES, folder / "synthetic", 16)
    for sample in SAMPLES.glob("*.txt"):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture
def always_pool(monkeypatch):
    # However little there is to analyse, use the pool.
    monkeypatch.setattr(pipeline, "POOL_MIN_BYTES", 0)


def test_two_workers_give_byte_identical_output_to_one_process(collection, always_pool, tmp_path):
    settings = AnalysisSettings()
    single = load([collection], settings, cache=None, jobs=1)
    cache = open_cache(tmp_path / "cache")
    pooled = load([collection], settings, cache=cache, jobs=2)
    assert to_json(pooled) == to_json(single)
    assert [e.path for e in pooled.errors] == [str(collection / "empty.txt")]
    # What the workers stored reads back the same, in this process, without a pool.
    again = load([collection], settings, cache=cache, jobs=1)
    assert to_json(again) == to_json(single)
    cache.close()


def test_closing_the_stream_stops_the_workers_and_keeps_what_finished(collection, always_pool, tmp_path, monkeypatch):
    cache = open_cache(tmp_path / "cache")
    files = sorted(str(p) for p in collection.rglob("*.txt") if p.name != "empty.txt")
    stream = pipeline.analyze_iter(files, AnalysisSettings(), cache=cache, jobs=2)
    first = next(stream)
    assert isinstance(first, DocumentAnalysis)
    stream.close()
    deadline = time.monotonic() + 30
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == []

    analysed: list[str] = []
    original = Analyzer.analyze_text

    def analyze_text(self, text, path, **options):
        analysed.append(path)
        return original(self, text, path, **options)

    monkeypatch.setattr(Analyzer, "analyze_text", analyze_text)
    results = list(pipeline.analyze_iter(files, AnalysisSettings(), cache=cache, jobs=1))
    assert len(results) == len(files)
    # The first result (and any other that finished) came back from the cache.
    assert first.path not in analysed
    assert len(analysed) < len(files)
    cache.close()


def test_no_pool_starts_when_everything_is_cached_or_there_is_little_to_do(tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(pipeline, "start_pool", no_pool)
    cache = open_cache(tmp_path / "cache")
    # The five samples are well under a second of work: analysed here.
    first = load([SAMPLES], AnalysisSettings(), cache=cache, jobs=4)
    monkeypatch.setattr(pipeline, "POOL_MIN_BYTES", 0)
    again = load([SAMPLES], AnalysisSettings(), cache=cache, jobs=4)
    assert to_json(again) == to_json(first)
    cache.close()
