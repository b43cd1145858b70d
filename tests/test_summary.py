"""Extractive summary: verbatim whole sentences, central, varied, never headings."""

from __future__ import annotations

import pytest

from dj_tui.analysis.models import Sentence
from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.keyphrases import load_stopwords
from dj_tui.analysis.stages.sentences import build_sentences
from dj_tui.analysis.stages.summary import summarize

STOPWORDS = load_stopwords()

# Two sentences with the same words and different numbers (numbers are not
# similarity terms), so they are equally central and exact duplicates to MMR.
MEALS_A = "志愿服务队为独居老人提供助餐服务，累计服务独居老人1200人次。"
MEALS_B = "志愿服务队为独居老人提供助餐服务，累计服务独居老人300人次。"
REPORT = [
    "今年春天雨水偏多，河道清淤提前完成。",
    "社区党组织组建志愿服务队，服务队成员来自机关和企业。",
    "网格员每天走访居民，收集居民诉求。",
    "议事协商机制让居民诉求有了回应渠道。",
    MEALS_A,
    MEALS_B,
    "志愿服务队还为独居老人提供上门助医服务。",
]


def parse(*paragraphs: str) -> tuple[tuple[Sentence, ...], list[list[str]]]:
    sentences = build_sentences(paragraphs)
    return sentences, [segment.cut(s.norm) for s in sentences]


def run(paragraphs, length=3, figures=()):
    sentences, tokens = parse(*paragraphs)
    return sentences, summarize(sentences, tokens, set(figures), length, STOPWORDS)


def test_summary_is_whole_verbatim_sentences_in_document_order(samples_dir):
    for path in sorted(samples_dir.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        sentences, chosen = run(lines, length=3)
        assert len(chosen) == 3, path.name
        indexes = [s.index for s in chosen]
        assert indexes == sorted(indexes) and len(set(indexes)) == 3
        for picked in chosen:
            sentence = sentences[picked.index]
            assert picked.text == sentence.text
            assert not sentence.is_heading
            assert len(sentence.text) >= 15


def test_summary_quotes_the_original_not_the_normalised_text():
    traditional = "志願服務隊為獨居老人提供助餐服務,累計服務獨居老人1200人次。"
    sentences, chosen = run([traditional, "社區黨組織組建志願服務隊,服務隊成員來自機關和企業。"], length=1)
    assert chosen[0].text in {s.text for s in sentences}
    assert "," in chosen[0].text and "志願" in chosen[0].text


def test_summary_length_follows_the_request():
    assert len(run(REPORT, length=1)[1]) == 1
    assert len(run(REPORT, length=4)[1]) == 4
    assert run(REPORT, length=0)[1] == []


def test_programme_report_summary_states_its_programme(samples_dir):
    path = samples_dir / "dingxi-anding-wuda-gongcheng.txt"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    _, chosen = run(lines, length=3)
    assert any("五大工程" in s.text for s in chosen)


def test_headings_are_never_chosen():
    heading = "志愿服务队为独居老人提供助餐服务"
    sentences, chosen = run([heading, *REPORT], length=5)
    assert sentences[0].is_heading
    assert 0 not in [s.index for s in chosen]


def test_bylines_and_boilerplate_are_never_chosen():
    byline = "本报讯（记者 张三）志愿服务队为独居老人提供助餐服务，服务独居老人。"
    sentences, chosen = run([byline, *REPORT, "责任编辑：志愿服务队独居老人助餐服务"], length=6)
    texts = [s.text for s in chosen]
    assert byline not in texts
    assert not any("责任编辑" in text for text in texts)


def test_sentences_with_headline_figures_are_preferred():
    sentences, _ = parse(*REPORT)
    a = next(s.index for s in sentences if s.text == MEALS_A)
    b = next(s.index for s in sentences if s.text == MEALS_B)
    # Equally central: the earlier one wins a tie, the one with the figure wins otherwise.
    assert [s.index for s in run(REPORT, length=1)[1]] == [a]
    assert [s.index for s in run(REPORT, length=1, figures={b})[1]] == [b]
    assert [s.index for s in run(REPORT, length=1, figures={a})[1]] == [a]


def test_near_duplicate_sentences_are_not_both_chosen():
    sentences, chosen = run(REPORT, length=3)
    texts = [s.text for s in chosen]
    assert len(texts) == 3
    assert not (MEALS_A in texts and MEALS_B in texts)


def test_short_fragments_only_when_nothing_else_is_left():
    fragment = "志愿服务队助餐服务独居老人。"
    _, chosen = run([fragment, *REPORT], length=3)
    assert fragment not in [s.text for s in chosen]
    _, chosen = run(["助餐服务", fragment], length=3)
    assert [s.text for s in chosen] == [fragment]


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        ([], []),
        (["志愿服务队为独居老人提供助餐服务，服务老人一千余人次。"], [0]),
        (["志愿服务队为独居老人提供助餐服务，服务老人一千余人次。", "网格员每天走访居民，收集居民诉求并及时回应。"], [0, 1]),
        (["只有标题没有正文"], []),
        (["。。。", "……"], []),
    ],
)
def test_short_reports_do_not_crash(paragraphs, expected):
    _, chosen = run(paragraphs, length=3)
    assert [s.index for s in chosen] == expected
