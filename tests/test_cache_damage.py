"""A damaged cache is set aside once and rebuilt, wherever the damage is found.

Each test damages a copy of a cache built by a real run of the samples, the
way a disk or a crash would: one flipped bit in a stored path, zeroed pages,
a lost table, with or without a write-ahead log left by a killed run. The
run that meets the damage must print exactly what a clean cold run prints,
set the file aside once with one warning, and leave a cache the next run
reads everything back from, without a word.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import run_cli
from loading import load

from dj_tui.analysis import engine
from dj_tui.analysis.search import SearchIndex
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.searchtext import query_key, search_text
from dj_tui.analysis.store.database import DB_NAME, AnalysisCache
from dj_tui.analysis.store.fulltext import CacheSearch

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple[str, Path]:
    """The JSON of a cold run of the samples, and the cache that run built."""
    directory = tmp_path_factory.mktemp("clean-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJ_TUI_CACHE_DIR", str(directory))
        code, out, err = run_cli("summarize", str(SAMPLES))
    assert (code, err) == (0, "")
    assert not Path(f"{directory / DB_NAME}-wal").exists(), "the run's close folded its log into the file"
    return out, directory / DB_NAME


@pytest.fixture
def damaged(clean_run) -> Path:
    """A copy of the clean run's cache, where DJ_TUI_CACHE_DIR points: the test damages it."""
    directory = Path(os.environ["DJ_TUI_CACHE_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(clean_run[1], directory / DB_NAME)
    return directory / DB_NAME


# --- ways to damage a database file -------------------------------------------------
# Each finds where to damage the file, and returns what damages it: the test
# with a log must find the place before the log is left.


def _page(db: Path, name: str) -> tuple[int, int]:
    """(offset, size) of the root page of table or index ``name``."""
    connection = sqlite3.connect(db)
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    connection.close()
    return (root - 1) * page_size, page_size


def _write_at(db: Path, offset: int, data: bytes) -> None:
    with open(db, "r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def _flip_a_bit(db: Path, name: str, value: bytes) -> Callable[[], None]:
    """Flip a bit of the first byte of ``value`` where table or index ``name`` keeps it."""
    connection = sqlite3.connect(db)
    (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    try:
        pages = connection.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (name,)).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find pages with")
    finally:
        connection.close()
    data = db.read_bytes()
    at = next(found for (page,) in pages if (found := data.find(value, (page - 1) * page_size, page * page_size)) >= 0)
    flipped = bytes([data[at] ^ 0x40])
    return lambda: _write_at(db, at, flipped)


def flip_a_bit_of_a_stored_path(db: Path) -> Callable[[], None]:
    # In the copy SQLite gives back to ``WHERE path IN (...)``, the primary
    # key's index: "/work/..." becomes "owork/...".
    connection = sqlite3.connect(db)
    (path,) = connection.execute("SELECT path FROM files ORDER BY path LIMIT 1").fetchone()
    connection.close()
    return _flip_a_bit(db, "sqlite_autoindex_files_1", path if isinstance(path, bytes) else path.encode())


def flip_a_bit_of_a_stored_term(db: Path) -> Callable[[], None]:
    # The first byte of a Chinese character turns into a continuation byte:
    # the term is no longer UTF-8.
    connection = sqlite3.connect(db)
    (term,) = connection.execute("SELECT term FROM terms WHERE unicode(term) > 127 ORDER BY id LIMIT 1").fetchone()
    connection.close()
    return _flip_a_bit(db, "terms", term.encode())


def zero_pages(db: Path) -> Callable[[], None]:
    # The meta table's page, read by the checks on opening, and two pages
    # in the middle of the file.
    offset, size = _page(db, "meta")
    middle = db.stat().st_size // 2 // size * size

    def zero() -> None:
        _write_at(db, offset, bytes(size))
        _write_at(db, middle, bytes(2 * size))

    return zero


DAMAGE = {
    "flipped path": flip_a_bit_of_a_stored_path,
    "flipped term": flip_a_bit_of_a_stored_term,
    "zeroed pages": zero_pages,
}


def _leave_a_log(db: Path) -> None:
    """Leave a write-ahead log with commits in it, as a run killed before closing the cache does."""
    script = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "connection.execute('UPDATE entries SET used = used')\n"
        "connection.execute('UPDATE rankings SET used = used')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    assert Path(f"{db}-wal").stat().st_size > 0


def _set_aside(directory: Path) -> list[Path]:
    return [p for p in directory.glob(f"{DB_NAME}.broken-*") if not p.name.endswith(("-wal", "-shm"))]


def _assert_set_aside_once_then_warm(db: Path, clean: str, analysed: list[str]) -> None:
    code, out, err = run_cli("summarize", str(SAMPLES))
    assert code == 0
    assert out == clean
    assert err.count("\n") == 1 and "is unusable" in err and "moved it to" in err, err
    assert len(_set_aside(db.parent)) == 1
    analysed.clear()
    assert run_cli("summarize", str(SAMPLES)) == (0, clean, "")
    assert analysed == [], "the next run reads every report back"
    assert len(_set_aside(db.parent)) == 1


# --- summarize -------------------------------------------------------------------------


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_is_set_aside_once_and_the_output_is_unchanged(damaged, damage, clean_run, analysed):
    damage(damaged)()
    _assert_set_aside_once_then_warm(damaged, clean_run[0], analysed)


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_under_a_killed_runs_log_is_set_aside_too(damaged, damage, clean_run, analysed):
    # Where the damage lies is read before the log exists: opening the file
    # afterwards and closing it would fold the log in.
    apply = damage(damaged)
    _leave_a_log(damaged)
    apply()
    _assert_set_aside_once_then_warm(damaged, clean_run[0], analysed)


@pytest.mark.parametrize(
    "table",
    ["entries", "terms", "meta", "files", "rankings", "search_trigrams", "search_grams", "search_grams_idx"],
)
def test_a_lost_table_is_set_aside_once_and_the_output_is_unchanged(damaged, table, clean_run, analysed):
    connection = sqlite3.connect(damaged, isolation_level=None)
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is None:
        pytest.skip(f"this SQLite made no {table} (no FTS5)")
    connection.execute(f"DROP TABLE {table}")
    connection.close()
    _assert_set_aside_once_then_warm(damaged, clean_run[0], analysed)


# --- cache info and clear --------------------------------------------------------------


def _drop_files_table(db: Path) -> Callable[[], None]:
    def drop() -> None:
        connection = sqlite3.connect(db, isolation_level=None)
        connection.execute("DROP TABLE files")
        connection.close()

    return drop


@pytest.mark.parametrize(
    "damage", [*DAMAGE.values(), _drop_files_table], ids=[*DAMAGE.keys(), "lost table"]
)
def test_cache_info_sets_a_damaged_cache_aside_and_reports(damaged, damage, clean_run, analysed):
    damage(damaged)()
    code, out, err = run_cli("cache", "info")
    assert code == 0
    assert err.count("\n") == 1 and "is unusable" in err
    (set_aside,) = _set_aside(damaged.parent)
    assert f"set aside (unreadable, safe to delete): {set_aside}" in out
    assert "entries: 0 (0 for the current engine and settings)" in out
    assert run_cli("summarize", str(SAMPLES)) == (0, clean_run[0], "")
    analysed.clear()
    assert run_cli("summarize", str(SAMPLES)) == (0, clean_run[0], "")
    assert analysed == []


def test_cache_clear_sets_a_damaged_cache_aside(damaged, clean_run):
    zero_pages(damaged)()
    code, out, err = run_cli("cache", "clear")
    assert code == 0 and "removed 0 entries" in out
    assert err.count("\n") == 1 and "is unusable" in err
    assert len(_set_aside(damaged.parent)) == 1
    assert run_cli("summarize", str(SAMPLES)) == (0, clean_run[0], "")


def test_a_value_sqlite_cannot_take_is_not_taken_for_damage(damaged):
    # A file name that is not UTF-8, given as a str: the caller's fault, and
    # no reason to set a sound cache aside.
    warnings: list[str] = []
    cache = AnalysisCache(damaged.parent, warn=warnings.append)
    assert cache.known_files({"/reports/\udcff.txt": b"signature"}) == {}
    assert len(warnings) == 1 and "failed" in warnings[0]
    assert _set_aside(damaged.parent) == []
    cache.close()


# --- the search index --------------------------------------------------------------------


def test_damage_met_by_a_search_sets_the_cache_aside_and_search_answers_from_memory(damaged):
    for table in ("search_trigrams_data", "search_grams_data"):
        offset, size = _page(damaged, table)
        _write_at(damaged, offset, bytes(size))
    warnings: list[str] = []
    settings = AnalysisSettings()
    cache = AnalysisCache(damaged.parent, warn=warnings.append)
    assert cache.searchable, "this SQLite has FTS5 with the trigram tokenizer"
    analyses = [r.analysis for r in load([SAMPLES], settings, cache=cache, jobs=1).reports]
    assert warnings == [], "nothing but a search reads the index"
    index = SearchIndex(CacheSearch.open(cache, engine.analysis_fingerprint(settings)))
    for analysis in analyses:
        index.add_report(analysis)
    for query in ("党建", "三航行动", "党", "不存在的词"):
        expected = {a.path for a in analyses if query_key(query) in search_text(a)}
        assert index.search(query) == expected, query
    assert len(warnings) == 1 and "is unusable" in warnings[0]
    assert len(_set_aside(damaged.parent)) == 1
    assert cache.available
    index.close()
    cache.close()
