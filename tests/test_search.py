"""The search index finds exactly the reports a substring scan would, fast."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dj_tui.analysis.models import DocumentAnalysis, Metadata, Region, Sentence
from dj_tui.analysis.search import SearchIndex, find_all
from dj_tui.analysis.stages.searchtext import query_key, report_fields
from dj_tui.analysis.stages.textnorm import normalize


def _index(docs: dict[str, list[str]]) -> SearchIndex:
    index = SearchIndex()
    for key, fields in docs.items():
        index.add(key, [normalize(f) for f in fields])
    return index


def test_finds_reports_by_title_and_body_and_nothing_else():
    index = _index(
        {
            "a.txt": ["“三航行动”引领党的建设", "市直机关工委开展三航行动。"],
            "b.txt": ["武威市基层党建工作综述", "实施三抓三促行动。"],
        }
    )
    assert index.search("三航行动") == {"a.txt"}
    assert index.search("三抓三促") == {"b.txt"}
    assert index.search("武威") == {"b.txt"}
    assert index.search("党建") == {"b.txt"}
    assert index.search("行动") == {"a.txt", "b.txt"}
    assert index.search("不存在的词") == frozenset()


def test_a_simplified_query_finds_a_traditional_report_and_back():
    index = _index({"tw.txt": ["黨建引領基層治理"], "cn.txt": ["党员队伍建设"]})
    assert index.search("党建引领") == {"tw.txt"}
    assert index.search("黨員") == {"cn.txt"}


def test_ascii_letters_match_whatever_their_case():
    index = _index({"a.txt": ["推进AI赋能党建"], "b.txt": ["ai"]})
    assert index.search("ai赋能") == {"a.txt"}
    assert index.search("Ai") == {"a.txt", "b.txt"}


def test_a_match_never_spans_two_fields():
    index = _index({"a.txt": ["标题结尾", "开头正文"]})
    assert index.search("结尾开头") == frozenset()
    assert index.search("尾开") == frozenset()
    assert index.search("结尾") == {"a.txt"}


def test_one_character_queries_and_surrounding_space():
    index = _index({"a.txt": ["甲乙"], "b.txt": ["丙"]})
    assert index.search("乙") == {"a.txt"}
    assert index.search("  丙 ") == {"b.txt"}
    assert index.search("") == {"a.txt", "b.txt"}


def test_reports_added_after_a_query_are_found_by_the_next_one():
    index = _index({"a.txt": ["三航行动"]})
    assert index.search("三航") == {"a.txt"}
    index.add("b.txt", ["又一个三航行动"])
    assert index.search("三航行") == {"a.txt", "b.txt"}
    assert index.search("三航行动") == {"a.txt", "b.txt"}


def test_characters_outside_the_basic_plane_are_found():
    index = _index({"a.txt": ["𠀀𠀁党建"], "b.txt": ["𠀁"]})
    assert index.search("𠀀") == {"a.txt"}
    assert index.search("𠀁") == {"a.txt", "b.txt"}
    assert index.search("𠀁党") == {"a.txt"}


def test_find_all_gives_every_non_overlapping_offset():
    assert find_all("党建党建党", "党建") == [0, 2]
    assert find_all("aaaa", "aa") == [0, 2]
    assert find_all("党建", "") == []


def test_query_key_normalises_like_the_reports():
    assert query_key(" 黨建,AI ") == "党建，ai"
    assert len(query_key("黨建")) == 2


def test_report_fields_are_title_subtitle_and_one_field_per_paragraph():
    sentences = (
        Sentence(0, "第一句。", "第一句。", 0),
        Sentence(1, "第二句。", "第二句。", 0),
        Sentence(2, "第三句。", "第三句。", 1),
    )
    analysis = DocumentAnalysis(
        path="x.txt",
        content_hash="",
        metadata=Metadata(title="標題", subtitle="副题"),
        sentences=sentences,
        region=Region(),
        term_counts=(),
        summary=(),
        figures=(),
    )
    assert report_fields(analysis) == ["标题", "副题", "第一句。第二句。", "第三句。"]


# Few letters, so that queries often match, bigrams repeat across documents and
# posting lists cross the sparse/dense threshold; 𠀀 lies outside the Basic
# Multilingual Plane (two UTF-16 code units).
_ALPHABET = "党建三航行动Aa，𠀀"
_texts = st.text(alphabet=_ALPHABET, min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(st.lists(_texts, min_size=1, max_size=3), min_size=1, max_size=80),
    queries=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=8),
    split=st.integers(min_value=0, max_value=80),
)
def test_search_agrees_with_a_substring_scan(docs, queries, split):
    """Whatever the order of adds and queries, the index answers like a scan."""
    index = SearchIndex()
    expected_texts: dict[str, list[str]] = {}

    def add(i: int) -> None:
        fields = [normalize(f) for f in docs[i]]
        index.add(f"d{i}", fields)
        expected_texts[f"d{i}"] = [f.lower() for f in fields]

    for i in range(min(split, len(docs))):
        add(i)
    for n, query in enumerate(queries):
        if n == len(queries) // 2:
            for i in range(min(split, len(docs)), len(docs)):
                add(i)
        key = query_key(query)
        expected = {k for k, fields in expected_texts.items() if not key or any(key in f for f in fields)}
        assert index.search(query) == expected, (query, key)
        # Typing: every prefix of the query, in order, as a user would type it.
        for end in range(1, len(query) + 1):
            key = query_key(query[:end])
            expected = {k for k, fields in expected_texts.items() if not key or any(key in f for f in fields)}
            assert index.search(query[:end]) == expected
