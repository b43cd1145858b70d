"""Extractive summary: verbatim whole sentences, central, varied, never headings."""

from __future__ import annotations

import pytest

from dj_tui.analysis.models import Sentence
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.analyzer import Analyzer
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
            # The whole sentence: its pieces from the one at ``index`` up to one not ending in ；.
            pieces = [sentence]
            while pieces[-1].norm.rstrip("”’」』）》").endswith("；"):
                pieces.append(sentences[pieces[-1].index + 1])
            assert picked.text == "".join(p.text for p in pieces)
            assert not sentence.is_heading
            assert len(picked.text) >= 15


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
        (
            ["志愿服务队为独居老人提供助餐服务，服务老人一千余人次。", "网格员每天走访居民，收集居民诉求并及时回应。"],
            [0, 1],
        ),
        (["只有标题没有正文"], []),
        (["。。。", "……"], []),
    ],
)
def test_short_reports_do_not_crash(paragraphs, expected):
    _, chosen = run(paragraphs, length=3)
    assert [s.index for s in chosen] == expected


# --- Whole sentences, results, and what says nothing of the report's own work ---------

# Five sentences about a community canteen, equally about the report's subject.
CANTEEN = [
    "社区食堂由党组织牵头开办，为社区老人提供午餐服务。",
    "社区食堂的午餐服务由志愿者轮流承担，老人按月预约。",
    "社区党组织定期收集老人对食堂午餐服务的意见。",
    "志愿者上门为行动不便的老人送去食堂午餐。",
    "社区食堂还为老人提供健康咨询服务。",
]


def test_a_sentence_joined_by_semicolons_is_quoted_whole_with_its_first_index():
    both = "社区食堂不仅解决了老人吃饭难；更是成为老人交流谈心的温馨家园。"
    sentences, chosen = run(["志愿者每天为行动不便的老人送餐上门。", both], length=2)
    first = next(s.index for s in sentences if s.text.startswith("社区食堂不仅"))
    assert sentences[first].text.endswith("；")  # the splitter cut it there
    texts = {s.index: s.text for s in chosen}
    assert all(not text.endswith("；") for text in texts.values())
    assert texts.get(first) == both


def test_an_enumeration_joined_by_semicolons_is_never_cut():
    listing = "一是开办社区食堂，为老人提供午餐服务；二是组建志愿服务队，为老人送餐上门；三是建立老人健康档案。"
    _, chosen = run([listing, *CANTEEN], length=6)
    quoted = [s.text for s in chosen if "一是" in s.text or "二是" in s.text or "三是" in s.text]
    assert quoted in ([], [listing])


def test_a_result_sentence_is_chosen_even_when_it_is_not_central():
    result = "截至目前，已累计解决群众诉求1260件。"
    sentences, _ = parse(*CANTEEN, result)
    index = next(s.index for s in sentences if s.text == result)
    _, without = run([*CANTEEN, result], length=2)
    _, chosen = run([*CANTEEN, result], length=2, figures=[index])
    assert result not in [s.text for s in without]
    assert result in [s.text for s in chosen]


@pytest.mark.parametrize(
    "generic",
    [
        "社区党组织坚持以习近平新时代中国特色社会主义思想为指导，为社区老人办好食堂午餐服务。",  # officialese
        "下一步，社区党组织将继续为社区老人办好食堂午餐服务。",  # a pledge
        "金秋时节，社区党组织为社区老人办好食堂午餐服务。",  # scene-setting
        "中新网河北新闻9月22日电 社区党组织为社区老人办好食堂午餐服务。",  # a dateline
        "社区党组织如何为社区老人办好食堂午餐服务？",  # a question
    ],
)
def test_generic_sentences_lose_to_the_reports_own_claims(generic):
    claim = "社区党组织为社区老人办好食堂午餐服务，开办食堂12家。"
    # The generic sentence comes first, where the lead boost would favour it.
    _, chosen = run([generic, claim, *CANTEEN], length=1)
    assert [s.text for s in chosen] == [claim]


def test_a_sentence_naming_an_initiative_is_preferred():
    named = "社区党组织推行“三餐进家”行动，为社区老人提供食堂午餐服务。"
    plain = "社区党组织推行送餐上门行动，为社区老人提供食堂午餐服务。"
    _, chosen = run([*CANTEEN, plain, named], length=1)
    assert [s.text for s in chosen] == [named]


def test_near_duplicates_with_other_function_words_are_not_both_chosen():
    lead = "全区累计开办社区食堂86家，服务老人3.2万人次。"
    restated = "截至目前，全区已累计开办社区食堂86家，共服务老人3.2万人次。"
    _, chosen = run([lead, *CANTEEN, restated], length=4)
    texts = [s.text for s in chosen]
    assert not (lead in texts and restated in texts)


def test_the_summary_does_not_depend_on_how_many_figures_are_shown():
    text = "\n".join(
        [
            "社区食堂服务老人",
            *CANTEEN,
            "全区开办社区食堂86家，为老人提供午餐服务。",
            "社区食堂午餐服务累计惠及老人3.2万人次。",
            "志愿者为老人送去食堂午餐1.5万份。",
            "社区党组织收集老人对食堂的意见320条。",
        ]
    )
    summaries = {
        shown: Analyzer(AnalysisSettings(figures_per_report=shown)).analyze_text(text, "canteen.txt").summary
        for shown in (1, 2, 8, 0)
    }
    assert summaries[1] == summaries[2] == summaries[8] == summaries[0]
