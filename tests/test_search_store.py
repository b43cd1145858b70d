"""The cache's full-text index: the dashboard's search over reports the cache holds.

It must answer exactly like a substring scan of each report's search text,
whatever the query holds (FTS5 syntax, quotes, one or two characters, letters
outside the Basic Multilingual Plane), stay right when rows are replaced,
pruned or cleared, and leave reports the cache does not hold to the in-memory
index.
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from dj_tui.analysis import search
from dj_tui.analysis.models import DocumentAnalysis, Metadata, Region
from dj_tui.analysis.search import SearchIndex
from dj_tui.analysis.stages.searchtext import gram_token, gram_tokens, query_key, search_text
from dj_tui.analysis.stages.sentences import build_sentences
from dj_tui.analysis.store.database import KEEP_UNUSED_DAYS
from dj_tui.analysis.store.fulltext import CacheSearch
from dj_tui.analysis.store.location import open_cache
from dj_tui.analysis.store.records import encode_analysis
from dj_tui.analysis.store.schema import GRAM_TABLE, TRIGRAM_TABLE

FINGERPRINT = "test-fingerprint"

REPORTS = {
    "a.txt": ("“三航行动”引领机关党建", ["市直机关工委开展“三航行动”，推动党建+业务深度融合。", "AND NEAR(党建) 不是查询语法。"]),
    "b.txt": ("武威市基层黨建工作綜述", ["实施三抓三促行动，网上可办率99.06%。", "引号\"与星号*与减号-与冒号:照样可以搜索。"]),
    "c.txt": ("𠀀字报告", ["ABC组织力提升，𠀀𠀁两字。", "第二段：党员教育。"]),
}

QUERIES = [
    "党", "黨", "建", "党建", "黨建", "三航行动", "“三航", "行动", "党建+业务", "AND", "and", "NEAR(", "near(党建)",
    "\"", "星号*", "*", "-与", "冒号:", ":", "99.06%", "abc", "ABC组", "𠀀", "𠀀𠀁", "𠀀字", "第二段", "段：党",
    "。A", "综述", "不存在", "建工", "，推", "推动党建+", "机关党建",
]


def _analysis(path: str, title: str, paragraphs: list[str]) -> DocumentAnalysis:
    sentences = build_sentences(paragraphs)
    text = title + "".join(paragraphs)
    return DocumentAnalysis(
        path=path,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        metadata=Metadata(title=title),
        sentences=sentences,
        region=Region(),
        term_counts=(),
        summary=(),
        figures=(),
    )


def _store(cache, analysis: DocumentAnalysis) -> None:
    cache.store(FINGERPRINT, analysis.content_hash.encode(), encode_analysis(analysis))


@pytest.fixture
def analyses() -> list[DocumentAnalysis]:
    return [_analysis(path, title, paragraphs) for path, (title, paragraphs) in REPORTS.items()]


@pytest.fixture
def cache(tmp_path, analyses):
    store = open_cache(tmp_path / "cache")
    assert store is not None and store.searchable, "this SQLite has FTS5 with the trigram tokenizer"
    for analysis in analyses:
        _store(store, analysis)
    yield store
    store.close()


def _scan(analyses: list[DocumentAnalysis], query: str) -> set[str]:
    key = query_key(query)
    return {a.path for a in analyses if key in search_text(a)}


def _stored_index(cache, analyses, monkeypatch) -> SearchIndex:
    def not_in_memory(self, key, fields):
        raise AssertionError(f"{key} was indexed in memory, not answered by the cache's index")

    index = SearchIndex(CacheSearch.open(cache, FINGERPRINT))
    with monkeypatch.context() as patch:
        patch.setattr(search._MemoryIndex, "add", not_in_memory)
        for analysis in analyses:
            index.add_report(analysis)
    return index


def test_the_cache_index_answers_every_query_like_a_substring_scan(cache, analyses, monkeypatch):
    index = _stored_index(cache, analyses, monkeypatch)
    for query in QUERIES:
        assert index.search(query) == _scan(analyses, query), query
    assert index.search("  ") == {a.path for a in analyses}


def test_the_in_memory_index_answers_the_same(analyses):
    index = SearchIndex()
    for analysis in analyses:
        index.add_report(analysis)
    for query in QUERIES:
        assert index.search(query) == _scan(analyses, query), query


def test_reports_the_cache_does_not_hold_are_searched_in_memory(cache, analyses):
    outside = _analysis("d.txt", "未缓存的报告", ["三航行动之外的党建工作。"])
    index = SearchIndex(CacheSearch.open(cache, FINGERPRINT))
    for analysis in [*analyses, outside]:
        index.add_report(analysis)
    assert index.search("党建") == _scan([*analyses, outside], "党建") == {"a.txt", "b.txt", "d.txt"}
    assert index.search("未缓存") == {"d.txt"}


def test_rows_of_another_engine_or_settings_are_not_answered_for(cache, analyses):
    index = SearchIndex(CacheSearch.open(cache, "another-fingerprint"))
    for analysis in analyses:
        index.add_report(analysis)  # not held under this fingerprint: indexed in memory
    assert index.search("三航行动") == {"a.txt"}


def test_rows_among_other_fingerprints_and_stored_after_the_first_search_are_found(tmp_path, analyses):
    # Queries look only between the lowest and highest row of the fingerprint:
    # that range must grow as this run stores more reports.
    store = open_cache(tmp_path / "cache")
    assert store is not None
    stranger = _analysis("d.txt", "他处的报告", ["三航行动与党建，另一套设置的分析。"])
    first, second, third = analyses
    for analysis in (stranger, first, stranger, second):
        fingerprint = "another-fingerprint" if analysis is stranger else FINGERPRINT
        store.store(fingerprint, analysis.path.encode(), encode_analysis(analysis))
    index = SearchIndex(CacheSearch.open(store, FINGERPRINT))
    index.add_report(first)
    index.add_report(second)
    assert index.search("党建") == _scan([first, second], "党建") == {"a.txt", "b.txt"}
    store.store("another-fingerprint", b"later", encode_analysis(stranger))
    _store(store, third)  # analysed by this run after the first search
    index.add_report(third)
    for query in QUERIES:
        assert index.search(query) == _scan(analyses, query), query
    store.close()


def test_a_copy_of_a_report_under_another_path_is_found_too(cache, analyses):
    copy = _analysis("copy/a.txt", *REPORTS["a.txt"])
    index = SearchIndex(CacheSearch.open(cache, FINGERPRINT))
    for analysis in [*analyses, copy]:
        index.add_report(analysis)
    assert index.search("三航行动") == {"a.txt", "copy/a.txt"}


def test_a_cache_cleared_by_another_process_leaves_search_right(cache, analyses, tmp_path):
    index = SearchIndex(CacheSearch.open(cache, FINGERPRINT))
    for analysis in analyses:
        index.add_report(analysis)
    assert index.search("三航行动") == {"a.txt"}
    other = open_cache(tmp_path / "cache")
    other.clear()
    other.close()
    for query in QUERIES:
        assert index.search(query) == _scan(analyses, query), query


def test_a_closed_index_still_answers(cache, analyses):
    index = SearchIndex(CacheSearch.open(cache, FINGERPRINT))
    for analysis in analyses:
        index.add_report(analysis)
    index.close()
    assert index.search("三抓三促") == {"b.txt"}


def _fts_rows(cache_dir, table: str, query: str) -> list[int]:
    with sqlite3.connect(cache_dir / "analysis.sqlite3") as connection:
        return [row for (row,) in connection.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (query,))]


def test_a_replaced_row_leaves_no_index_entries_behind(cache, analyses, tmp_path):
    a = analyses[0]
    before = _fts_rows(tmp_path / "cache", TRIGRAM_TABLE, '"三航行动"')
    _store(cache, a)  # the same key again: the row is replaced
    after = _fts_rows(tmp_path / "cache", TRIGRAM_TABLE, '"三航行动"')
    assert len(before) == len(after) == 1 and before != after
    assert len(_fts_rows(tmp_path / "cache", GRAM_TABLE, gram_token("航"))) == 1


def test_pruned_rows_leave_the_index_with_them(cache, analyses, tmp_path, monkeypatch):
    cache.close()
    with sqlite3.connect(tmp_path / "cache" / "analysis.sqlite3") as connection:
        connection.execute("UPDATE entries SET used = used - ? WHERE content_hash = ?", (KEEP_UNUSED_DAYS + 1, analyses[0].content_hash))
        connection.execute("DELETE FROM meta WHERE name = 'pruned'")
    reopened = open_cache(tmp_path / "cache")
    assert _fts_rows(tmp_path / "cache", TRIGRAM_TABLE, '"三航行动"') == []
    assert _fts_rows(tmp_path / "cache", GRAM_TABLE, gram_token("航")) == []
    assert len(_fts_rows(tmp_path / "cache", GRAM_TABLE, gram_token("党"))) == 2  # b.txt (黨) and c.txt
    with sqlite3.connect(tmp_path / "cache" / "analysis.sqlite3") as connection:
        for table in (TRIGRAM_TABLE, GRAM_TABLE):
            connection.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 0)")
    reopened.close()


def test_gram_tokens_are_pinned_to_the_schema_version():
    # Deleting a row's index entries regenerates its tokens with this code:
    # a change here needs a new cache.SCHEMA_VERSION, and then a new pin.
    assert gram_tokens("党建党").split() == sorted(
        ["u0000515a", "u00005efa", "b0000515a00005efa", "b00005efa0000515a"],
        key=gram_tokens("党建党").split().index,
    )
    assert gram_token("党建") == "b0000515a00005efa"
    assert gram_token("𠀀") == "u00020000"
