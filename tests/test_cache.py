"""The persistent analysis cache: hits, misses, invalidation, damage, crashes and the CLI.

Every test runs with DJ_TUI_CACHE_DIR pointing at its own temporary directory
(tests/conftest.py), so nothing here touches a real user cache.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import redirect_stderr
from dataclasses import fields
from pathlib import Path

import pytest
from cli_runner import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from loading import load

from dj_tui.analysis import engine, pipeline
from dj_tui.analysis.collection import build
from dj_tui.analysis.export import to_json
from dj_tui.analysis.models import DocumentAnalysis, LoadError
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.analyzer import Analyzer
from dj_tui.analysis.stages.ingest import read_report
from dj_tui.analysis.store.database import DB_NAME, KEEP_RANKINGS, AnalysisCache
from dj_tui.analysis.store.location import open_cache
from dj_tui.analysis.store.records import Record, decode_analysis, encode_analysis, record_key, split_term_counts
from dj_tui.cli import main
from dj_tui.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"

REPORT_A = (
    "党建引领谱新篇\n近年来，我市深入实施“头雁工程”，全市新建村级活动场所36个，投资1.2亿元。\n"
    "“头雁工程”带动村集体经济收入增长15%。"
)
REPORT_B = "我县推进“红色物业”，“红色物业”惠及居民3200户，覆盖率达到95%。\n全县新建党群服务中心12个。"


@pytest.fixture
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT_B, encoding="utf-8")
    return folder


@pytest.fixture
def cache(tmp_path):
    opened = open_cache(tmp_path / "cache")
    yield opened
    opened.close()


def run(paths, cache, settings: AnalysisSettings | None = None):
    settings = settings or AnalysisSettings()
    return load(paths, settings, cache=cache, jobs=1)


def as_json(result) -> str:
    return to_json(result)


def analyzed(analyzer: Analyzer, path: str) -> DocumentAnalysis:
    return analyzer.analyze_text(read_report(path, AnalysisSettings().max_bytes), path)




# --- hits and misses --------------------------------------------------------------


def test_an_unchanged_report_is_never_analysed_again(reports, cache, analysed):
    cold = run([reports], cache)
    assert sorted(analysed) == [str(reports / "a.txt"), str(reports / "b.txt")]
    analysed.clear()
    warm = run([reports], cache)
    assert analysed == []
    assert as_json(warm) == as_json(cold)


def test_a_changed_report_is_analysed_again_and_only_it(reports, cache, analysed):
    run([reports], cache)
    analysed.clear()
    (reports / "b.txt").write_text(REPORT_B.replace("3200户", "4500户"), encoding="utf-8")
    result = run([reports], cache)
    assert analysed == [str(reports / "b.txt")]
    b = next(r for r in result.reports if r.path.endswith("b.txt"))
    assert any(f.text == "4500户" for f in b.analysis.figures)


def test_the_path_is_the_one_given_this_time(reports, cache, analysed, tmp_path):
    run([reports / "a.txt"], cache)
    analysed.clear()
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes((reports / "a.txt").read_bytes())
    result = run([copy], cache)
    assert analysed == []
    assert [r.path for r in result.reports] == [str(copy)]
    assert result.regions[0].reports == (str(copy),)


def test_the_same_bytes_as_markdown_are_a_different_entry(reports, cache, analysed, tmp_path):
    markdown = tmp_path / "a.md"
    markdown.write_bytes((reports / "a.txt").read_bytes())
    run([reports / "a.txt"], cache)
    run([markdown], cache)
    assert analysed == [str(reports / "a.txt"), str(markdown)]


def test_settings_that_shape_a_report_reanalyse_and_collection_settings_do_not(reports, cache, analysed):
    run([reports], cache)
    analysed.clear()
    run([reports], cache, AnalysisSettings(keywords_per_report=3, group_by="city"))
    assert analysed == []
    result = run([reports], cache, AnalysisSettings(summary_sentences=1))
    assert len(analysed) == 2
    assert all(len(r.analysis.summary) == 1 for r in result.reports)


def test_an_engine_version_change_reanalyses(reports, cache, analysed, monkeypatch):
    run([reports], cache)
    analysed.clear()
    monkeypatch.setattr(engine, "ENGINE_VERSION", engine.ENGINE_VERSION + "-next")
    run([reports], cache)
    assert len(analysed) == 2


def test_editing_a_stopword_file_reanalyses(reports, cache, analysed, tmp_path):
    words = tmp_path / "stop.txt"
    words.write_text("活动场所\n", encoding="utf-8")
    settings = AnalysisSettings(stopword_files=(str(words),))
    run([reports], cache, settings)
    run([reports], cache, settings)
    assert len(analysed) == 2
    words.write_text("活动场所\n头雁工程\n", encoding="utf-8")
    result = run([reports], cache, settings)
    assert len(analysed) == 4
    terms = {k.term for r in result.reports for k in r.keywords}
    assert "头雁工程" not in terms


def test_every_setting_is_either_part_of_the_key_or_only_collection_wide():
    names = {f.name for f in fields(AnalysisSettings)}
    assert set(engine.PER_REPORT_SETTINGS) | set(engine.COLLECTION_SETTINGS) == names
    assert not set(engine.PER_REPORT_SETTINGS) & set(engine.COLLECTION_SETTINGS)
    base = engine.analysis_fingerprint(AnalysisSettings())
    assert engine.analysis_fingerprint(AnalysisSettings(summary_sentences=2)) != base
    # How many figures a report shows changes no report's analysis (its summary included).
    assert engine.analysis_fingerprint(AnalysisSettings(figures_per_report=3)) == base
    assert engine.analysis_fingerprint(AnalysisSettings(builtin_stopwords=False)) != base
    assert engine.analysis_fingerprint(AnalysisSettings(max_file_mb=1, patterns=("*.txt",))) == base


def test_unreadable_files_are_errors_every_time_and_never_cached(reports, cache, tmp_path):
    (reports / "empty.txt").write_bytes(b"")
    (reports / "huge.txt").write_bytes(("党" * 600_000).encode("utf-8"))
    settings = AnalysisSettings(max_file_mb=1)
    for _ in range(2):
        result = run([reports], cache, settings)
        assert {Path(e.path).name for e in result.errors} == {"empty.txt", "huge.txt"}
        assert len(result.reports) == 2


def test_the_loader_uses_the_users_cache_unless_told_not_to(reports, analysed, monkeypatch, tmp_path):
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path / "default-cache"))
    files = [reports / "a.txt"]
    load(files, jobs=1)
    assert (tmp_path / "default-cache" / DB_NAME).is_file()
    load(files, jobs=1)
    assert len(analysed) == 1
    load(files, cache=None, jobs=1)
    assert len(analysed) == 2


def test_without_a_cache_no_report_is_encoded_decoded_or_tokenised_for_search(reports, monkeypatch):
    from dj_tui.analysis import worker_pool
    from dj_tui.analysis.store import records

    calls: list[str] = []
    for module, name in (
        (worker_pool, "encode_analysis"),
        (pipeline, "decode_analysis"),
        (records, "gram_tokens"),
        (records, "search_text"),
    ):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _name=name, _original=original: calls.append(_name) or _original(*a))
    uncached = load([reports], cache=None, jobs=1)
    assert calls == [] and len(uncached.reports) == 2
    load([reports], jobs=1)
    assert calls.count("encode_analysis") == 2 and calls.count("gram_tokens") == 2
    assert as_json(uncached) == as_json(load([reports], jobs=1))


# --- the record encoding ----------------------------------------------------------


def test_a_record_decodes_to_the_same_analysis_with_lazy_parts_acting_as_tuples(samples_dir):
    analyzer = Analyzer(AnalysisSettings())
    path = str(samples_dir / "wuwei-2022-jiceng-dangjian.txt")
    fresh = analyzed(analyzer, path)
    assert len(fresh.figures) > 8 and len(fresh.summary) == 3
    decoded = decode_analysis(encode_analysis(fresh), "other/path.txt")
    assert decoded.path == "other/path.txt"
    assert decoded.figures[:8] == fresh.figures[:8] and len(decoded.figures) == len(fresh.figures)
    assert decoded.figures[-1] == fresh.figures[-1] and decoded.summary == fresh.summary
    assert decoded.sentences[3] == fresh.sentences[3]
    assert decoded.sentences[-1] == fresh.sentences[-1]
    again = decode_analysis(encode_analysis(fresh), path)
    assert again == fresh and hash(again) == hash(fresh)
    assert len(again.sentences) == len(fresh.sentences) and list(again.sentences) == list(fresh.sentences)
    assert again.term_counts == fresh.term_counts and again.figures == fresh.figures
    assert pickle.loads(pickle.dumps(again)) == fresh
    assert again.sentences[:2] + fresh.sentences[2:] == fresh.sentences


def test_a_record_of_another_format_is_refused():
    record = Record(b"\xff not marshal", (), (), b"")
    with pytest.raises(ValueError):
        decode_analysis(record, "x.txt")


# --- damage, foreign files and crashes --------------------------------------------


def test_a_garbage_database_is_set_aside_with_a_warning_and_rebuilt(reports, tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    garbage = b"this is not a database " * 200
    (directory / DB_NAME).write_bytes(garbage)
    warnings: list[str] = []
    cache = AnalysisCache(directory, warn=warnings.append)
    assert cache.available
    assert len(warnings) == 1 and "unusable" in warnings[0]
    set_aside = list(directory.glob(f"{DB_NAME}.broken-*"))
    assert len(set_aside) == 1 and set_aside[0].read_bytes() == garbage
    assert as_json(run([reports], cache)) == as_json(run([reports], None))
    assert as_json(run([reports], cache)) == as_json(run([reports], None))
    cache.close()


def test_a_foreign_sqlite_database_is_set_aside_untouched(reports, tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    foreign = sqlite3.connect(directory / DB_NAME)
    foreign.execute("CREATE TABLE people (name TEXT)")
    foreign.execute("INSERT INTO people VALUES ('someone')")
    foreign.commit()
    foreign.close()
    warnings: list[str] = []
    with AnalysisCache(directory, warn=warnings.append) as cache:
        assert "not a dj-tui cache" in warnings[0]
        assert as_json(run([reports], cache)) == as_json(run([reports], None))
    (set_aside,) = directory.glob(f"{DB_NAME}.broken-*[!lm]")
    assert sqlite3.connect(set_aside).execute("SELECT name FROM people").fetchall() == [("someone",)]


def test_a_damaged_row_is_analysed_again(reports, cache, analysed, tmp_path):
    cold = as_json(run([reports], cache))
    connection = sqlite3.connect(cache.path)
    connection.execute("UPDATE entries SET body = zeroblob(length(body))")
    connection.commit()
    connection.close()
    analysed.clear()
    assert as_json(run([reports], cache)) == cold
    assert len(analysed) == 2
    analysed.clear()
    assert as_json(run([reports], cache)) == cold
    assert analysed == []


def test_an_unusable_cache_directory_warns_and_the_run_goes_on(reports, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(blocker / "cache"))
    code, out, err = run_cli("summarize", str(reports))
    assert code == 0
    assert len(json.loads(out)["reports"]) == 2
    assert "cannot use the cache" in err


def test_a_clear_by_another_process_never_mixes_up_terms(reports, tmp_path):
    analyzer = Analyzer(AnalysisSettings())
    a = analyzed(analyzer, str(reports / "a.txt"))
    b = analyzed(analyzer, str(reports / "b.txt"))
    fingerprint = engine.analysis_fingerprint(AnalysisSettings())
    writer = AnalysisCache(tmp_path / "cache")
    other = AnalysisCache(tmp_path / "cache")
    writer.store(fingerprint, b"a", encode_analysis(a))
    assert other.clear() == 1
    # The writer still knows the ids of a's terms; they are gone from the file.
    writer.store(fingerprint, b"b", encode_analysis(b))
    writer.store(fingerprint, b"a", encode_analysis(a))
    reader = AnalysisCache(tmp_path / "cache")
    found = reader.lookup(fingerprint, [b"a", b"b"])
    assert decode_analysis(found[b"a"], a.path) == a
    assert decode_analysis(found[b"b"], b.path) == b
    for handle in (writer, other, reader):
        handle.close()


def test_terms_another_process_adds_after_the_vocabulary_was_read_are_named(reports, tmp_path):
    analyzer = Analyzer(AnalysisSettings())
    a = analyzed(analyzer, str(reports / "a.txt"))
    b = analyzed(analyzer, str(reports / "b.txt"))
    assert set(split_term_counts(b.term_counts)[0]) - set(split_term_counts(a.term_counts)[0])
    fingerprint = engine.analysis_fingerprint(AnalysisSettings())
    writer = AnalysisCache(tmp_path / "cache")
    reader = AnalysisCache(tmp_path / "cache")
    writer.store(fingerprint, b"a", encode_analysis(a))
    assert decode_analysis(reader.lookup(fingerprint, [b"a"])[b"a"], a.path) == a
    writer.store(fingerprint, b"b", encode_analysis(b))  # new terms the reader has not read
    assert decode_analysis(reader.lookup(fingerprint, [b"b"])[b"b"], b.path) == b
    for handle in (writer, reader):
        handle.close()


_KILLED_RUN = """
import sys
from dj_tui.analysis.store.location import open_cache
from dj_tui.analysis.loader import load_collection
from dj_tui.analysis.settings import AnalysisSettings
from pathlib import Path
for _ in load_collection([sys.argv[1]], AnalysisSettings(), cache_dir=Path(sys.argv[2]), jobs=1):
    pass
"""


def test_a_run_killed_mid_analysis_leaves_a_usable_cache(tmp_path, samples_dir, analysed):
    folder = tmp_path / "many"
    folder.mkdir()
    # Distinct reports (the key is the content), enough to take a few seconds.
    for number in range(20):
        for sample in sorted(samples_dir.glob("*.txt"))[:2]:
            text = sample.read_text(encoding="utf-8") + f"\n第{number}期。"
            (folder / f"{number:02d}-{sample.name}").write_text(text, encoding="utf-8")
    directory = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen([sys.executable, "-c", _KILLED_RUN, str(folder), str(directory)], env=env)
    deadline = time.monotonic() + 60
    stored = 0
    try:
        while stored < 3 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            try:
                with sqlite3.connect(directory / DB_NAME, timeout=1) as probe:
                    stored = probe.execute("SELECT count(*) FROM entries").fetchone()[0]
            except sqlite3.Error:
                stored = 0
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert 3 <= stored < 40, "the child should be killed part-way"
    warnings: list[str] = []
    cache = AnalysisCache(directory, warn=warnings.append)
    assert warnings == [] and cache.available
    resumed = run([folder], cache)
    assert 0 < len(analysed) <= 40 - stored
    assert as_json(resumed) == as_json(run([folder], None))
    cache.close()


# --- file signatures ----------------------------------------------------------------


@pytest.fixture
def files_read(monkeypatch, reports) -> list[str]:
    """The names of the reports opened (to hash or to analyse them), once per opening, in order."""
    calls: list[str] = []
    original = builtins.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file).parent == reports:
            calls.append(Path(file).name)
        return original(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    return calls


def _age(path: Path, seconds: float = 3600) -> None:
    """Set the file's modification time into the past, as for a file not touched lately."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_cold_file_is_read_once_and_not_again_while_unchanged(reports, cache, files_read, analysed):
    for path in reports.iterdir():
        _age(path)
    first = as_json(run([reports], cache))
    assert sorted(files_read) == ["a.txt", "b.txt"], "hashed and analysed from one read"
    assert as_json(run([reports], cache)) == first
    assert sorted(files_read) == ["a.txt", "b.txt"] and len(analysed) == 2


def test_a_file_rewritten_with_the_same_size_and_time_is_read_and_analysed_again(reports, cache, files_read, analysed):
    target = reports / "a.txt"
    for path in reports.iterdir():
        _age(path)
    run([reports], cache)
    info = target.stat()
    # Same length in bytes, same modification time: only the change time differs.
    target.write_text(REPORT_A.replace("36个", "63个"), encoding="utf-8")
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert target.stat().st_size == info.st_size and target.stat().st_mtime_ns == info.st_mtime_ns
    result = run([reports], cache)
    assert files_read.count("a.txt") == 2 and analysed.count(str(target)) == 2
    assert "63个" in as_json(result)


def test_a_file_modified_just_before_it_was_hashed_is_read_again(reports, cache, files_read):
    run([reports], cache)  # written a moment ago: within the margin of a coarse clock
    run([reports], cache)
    assert sorted(files_read) == ["a.txt", "a.txt", "b.txt", "b.txt"]


# --- collection rankings ------------------------------------------------------------


@pytest.fixture
def rankings_computed(monkeypatch) -> list[int]:
    """How many reports each keyphrase ranking computed in this process covered."""
    sizes: list[int] = []
    original = build.keyphrases.rank_collection

    def rank_collection(reports, limit):
        sizes.append(len(reports))
        return original(reports, limit)

    monkeypatch.setattr(build.keyphrases, "rank_collection", rank_collection)
    return sizes


def test_the_ranking_of_an_unchanged_collection_is_read_back(reports, cache, rankings_computed):
    cold = as_json(run([reports], cache))
    assert rankings_computed == [2]
    assert as_json(run([reports], cache)) == cold
    assert rankings_computed == [2]


def test_adding_changing_or_removing_a_report_ranks_again_exactly(reports, cache, rankings_computed):
    run([reports], cache)
    states = []
    (reports / "c.txt").write_text(REPORT_A.replace("头雁工程", "红色引擎"), encoding="utf-8")
    states.append((as_json(run([reports], cache)), as_json(run([reports], None))))
    (reports / "b.txt").write_text(REPORT_B + "\n全县党员3000名。", encoding="utf-8")
    states.append((as_json(run([reports], cache)), as_json(run([reports], None))))
    changed = states[-1][0]
    (reports / "a.txt").unlink()
    states.append((as_json(run([reports], cache)), as_json(run([reports], None))))
    for cached, from_scratch in states:
        assert cached == from_scratch
    # Each run without the cache ranks too: (cached, uncached) per state.
    assert rankings_computed == [2, 3, 3, 3, 3, 2, 2]
    # Back to an earlier collection: its ranking is still there.
    (reports / "a.txt").write_text(REPORT_A, encoding="utf-8")
    assert as_json(run([reports], cache)) == changed
    assert rankings_computed == [2, 3, 3, 3, 3, 2, 2]


def test_a_keyword_limit_or_a_renamed_copy_is_its_own_ranking(reports, cache, rankings_computed):
    run([reports], cache)
    fewer = AnalysisSettings(keywords_per_report=3)
    assert as_json(run([reports], cache, fewer)) == as_json(run([reports], None, fewer))
    (reports / "a.txt").rename(reports / "renamed.txt")
    renamed = as_json(run([reports], cache))
    # The renamed report has the same text: the ranking is read back, not computed.
    assert rankings_computed == [2, 2, 2]
    assert renamed == as_json(run([reports], None))


def test_a_damaged_ranking_is_ranked_again(reports, cache, rankings_computed, tmp_path):
    cold = as_json(run([reports], cache))
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as connection:
        connection.execute("UPDATE rankings SET data = zeroblob(length(data))")
    assert as_json(run([reports], cache)) == cold
    assert rankings_computed == [2, 2]


def test_only_the_most_recently_used_rankings_are_kept(reports, cache, tmp_path):
    for limit in range(1, KEEP_RANKINGS + 3):
        run([reports], cache, AnalysisSettings(keywords_per_report=limit))
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as connection:
        assert connection.execute("SELECT count(*) FROM rankings").fetchone()[0] == KEEP_RANKINGS


# --- what users run ---------------------------------------------------------------


def test_cached_json_is_byte_identical_to_a_cold_run_and_to_no_cache(analysed):
    code, cold, _ = run_cli("summarize", str(SAMPLES))
    assert code == 0 and len(analysed) == 5
    code, cached, _ = run_cli("summarize", str(SAMPLES))
    assert code == 0 and len(analysed) == 5
    code, uncached, _ = run_cli("summarize", str(SAMPLES), "--no-cache")
    assert code == 0 and len(analysed) == 10
    assert cached == cold == uncached
    _, markdown_cold, _ = run_cli("summarize", str(SAMPLES), "--format", "markdown", "--no-cache")
    _, markdown_cached, _ = run_cli("summarize", str(SAMPLES), "--format", "markdown")
    assert markdown_cached == markdown_cold


def test_no_cache_reads_and_writes_no_cache(reports, tmp_path, monkeypatch):
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path / "unused"))
    code, out, err = run_cli("summarize", str(reports), "--no-cache")
    assert code == 0 and err == ""
    assert not (tmp_path / "unused").exists()


def test_the_cache_is_outside_the_data_directory_and_leaves_it_untouched(reports, tmp_path, monkeypatch):
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path / "cache-here"))
    before = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in reports.rglob("*"))
    for _ in range(2):
        assert run_cli("summarize", str(reports))[0] == 0
    after = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in reports.rglob("*"))
    assert before == after
    assert (tmp_path / "cache-here" / DB_NAME).is_file()


def test_cache_info_and_clear(reports, tmp_path, monkeypatch):
    directory = tmp_path / "cache-cli"
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(directory))
    code, out, _ = run_cli("cache", "info")
    assert code == 0 and "no cache yet" in out
    assert not directory.exists()
    run_cli("summarize", str(reports))
    code, out, _ = run_cli("cache", "info")
    assert code == 0
    assert f"location: {directory / DB_NAME}" in out
    assert "entries: 2 (2 for the current engine and settings)" in out
    assert f"engine version: {engine.ENGINE_VERSION} " in out
    assert "size: " in out
    code, out, _ = run_cli("cache", "clear")
    assert code == 0 and "removed 2 entries" in out
    assert "entries: 0 " in run_cli("cache", "info")[1]
    with pytest.raises(SystemExit) as usage, redirect_stderr(io.StringIO()):
        main(["cache", "shrink"])
    assert usage.value.code == 2


def test_config_can_move_or_disable_the_cache_and_the_environment_wins(reports, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[cache]\ndir = "my-cache"\n', encoding="utf-8")
    monkeypatch.delenv("DJ_TUI_CACHE_DIR")
    loaded = load_config(str(config))
    assert loaded.cache_dir == str(tmp_path / "my-cache")
    run_cli("summarize", str(reports), "--config", str(config))
    assert (tmp_path / "my-cache" / DB_NAME).is_file()
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path / "from-env"))
    run_cli("summarize", str(reports), "--config", str(config))
    assert (tmp_path / "from-env" / DB_NAME).is_file()
    config.write_text("[cache]\nenabled = false\n", encoding="utf-8")
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path / "unused"))
    assert run_cli("summarize", str(reports), "--config", str(config))[0] == 0
    assert not (tmp_path / "unused").exists()


_COLD_START = """
import io, json, sys, contextlib
from dj_tui.analysis.load_events import CollectionSnapshot
from dj_tui.analysis.loader import cache_location, load_collection
from dj_tui.analysis.settings import AnalysisSettings
events = load_collection([sys.argv[1]], AnalysisSettings(), cache_dir=cache_location(None, enabled=True))
result = [e for e in events if isinstance(e, CollectionSnapshot)][-1].collection
after_load = sorted(m for m in ("jieba", "snownlp") if m in sys.modules)
from dj_tui.cli import main
with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")):
    code = main(["summarize", sys.argv[1]])
after_summarize = sorted(m for m in ("jieba", "snownlp") if m in sys.modules)
print(json.dumps([len(result.reports), code, after_load, after_summarize]))
"""


def test_a_fully_cached_collection_loads_without_jieba_or_snownlp():
    assert run_cli("summarize", str(SAMPLES))[0] == 0  # fills the test's cache
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", _COLD_START, str(SAMPLES)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [5, 0, [], []]


def test_a_record_key_depends_on_bytes_and_format():
    assert record_key(b"abc", "txt") == record_key(b"abc", "txt")
    assert record_key(b"abc", "txt") != record_key(b"abd", "txt")
    assert record_key(b"abc", "txt") != record_key(b"abc", "md")


def test_load_errors_are_not_cached(tmp_path, cache):
    missing = str(tmp_path / "missing.txt")
    first = list(pipeline.analyze_iter([missing], AnalysisSettings(), cache=cache, jobs=1))
    assert first == [LoadError(missing, "no such file or directory")]
    Path(missing).write_text(REPORT_A, encoding="utf-8")
    (second,) = list(pipeline.analyze_iter([missing], AnalysisSettings(), cache=cache, jobs=1))
    assert second.path == missing and second.figures


def test_a_wrong_cache_setting_is_a_config_error_naming_the_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[cache]\n\nenabled = "yes"\n', encoding="utf-8")
    code, out, err = run_cli("summarize", str(SAMPLES), "--config", str(config))
    assert code == 2 and out == ""
    assert f"{config}:3: cache.enabled: must be true or false" in err


# --- the collection stage is recomputed, fast, and exactly -------------------------


def _reference_keywords(candidates, df, n_docs, limit):
    """The score as documented in keyphrases.rank_collection, term by term."""
    import math

    from dj_tui.analysis.models import Keyword

    scored = []
    for term, count in candidates.items():
        if count <= 0:
            continue
        docs = min(max(df.get(term, 0), 1), n_docs)
        idf = math.log(1.0 + (n_docs - docs + 0.5) / (docs + 0.5))
        length = math.log(1.0 + min(len(term), 6))
        scored.append(Keyword(term, round((1.0 + math.log(count)) * idf * length, 4)))
    scored.sort(key=lambda k: (-k.score, k.term))
    return scored[:limit]


_TERMS = st.text(alphabet="党建工作基层组织头雁", min_size=1, max_size=8)
_REPORT = st.dictionaries(_TERMS, st.integers(min_value=0, max_value=9), max_size=40)


@settings(deadline=None, max_examples=200)
@given(st.lists(_REPORT, min_size=1, max_size=8), st.integers(min_value=0, max_value=12))
def test_collection_ranking_is_exactly_the_documented_score(reports, limit):
    from dj_tui.analysis.stages.keyphrases import rank_collection

    df = Counter(term for candidates in reports for term, count in candidates.items() if count > 0)
    expected = [_reference_keywords(r, df, len(reports), limit) for r in reports]
    columns = [(tuple(r), tuple(r.values())) for r in reports]
    assert rank_collection(columns, limit) == expected


def test_closing_the_cache_leaves_no_write_ahead_log_while_a_search_reads(reports, tmp_path):
    from dj_tui.analysis.store.fulltext import CacheSearch

    directory = tmp_path / "cache-with-reader"
    store = open_cache(directory)
    reader = CacheSearch.open(store, engine.analysis_fingerprint(AnalysisSettings()))
    run([reports], store)
    store.close()
    log = directory / f"{DB_NAME}-wal"
    assert not log.exists() or log.stat().st_size == 0
    if reader is not None:
        reader.close()
