"""Headline-ness: each ranking rule on a short report, the reasons it gives, and order independence."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dj_tui.analysis.models import Figure, Metadata, Sentence
from dj_tui.analysis.stages.figure_rank import rank_figures
from dj_tui.analysis.stages.sentences import build_sentences

_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}


def figure(sentences: tuple[Sentence, ...], text: str, unit: str, subject: str | None = None) -> Figure:
    """The figure ``text`` of the first sentence holding it, its value read from its digits."""
    sentence = next(s for s in sentences if text in s.text)
    number = re.search(r"(\d+(?:\.\d+)?)([万亿]?)", text)
    assert number is not None
    value = float(number[1]) * _MULTIPLIERS.get(number[2], 1)
    return Figure(text=text, value=value, unit=unit, qualifier=None, subject=subject, index=sentence.index)


def ranked(paragraphs: list[str], figures: list[tuple[str, str]], title: str | None = None) -> list[Figure]:
    sentences = build_sentences(paragraphs)
    found = [figure(sentences, text, unit) for text, unit in figures]
    return rank_figures(found, sentences, Metadata(title=title))


def by_text(figures: list[Figure], text: str) -> Figure:
    return next(f for f in figures if f.text == text)


def mentions(figure: Figure, phrase: str) -> bool:
    return any(phrase in reason for reason in figure.reasons)


# A report's opening and closing paragraphs count more, so each test below
# puts its figures in the middle paragraphs unless the rule is about them.
OPENING = "近年来，各项工作扎实推进，成效明显。"
CLOSING = "下一步，将继续巩固提升工作成效。"


def test_whole_place_total_before_one_village():
    result = ranked(
        [OPENING, "西岭镇东坡村发展果蔬种植，年产值突破3000万元。", "今年以来，全县培训党员1200人次。", CLOSING],
        [("3000万元", "元"), ("1200人次", "人次")],
    )
    assert [f.text for f in result] == ["1200人次", "3000万元"]
    assert mentions(result[0], "whole-place total (全县)")
    assert mentions(result[1], "one unit's figure")


def test_a_place_inside_the_reports_own_is_one_unit():
    # The title says the report speaks for 泰州; 兴化市 is one of its county-level cities.
    result = ranked(
        [OPENING, "兴化市组建志愿服务队56支。", "泰州组建网格党支部340个。", CLOSING],
        [("56支", "支"), ("340个", "个")],
        title="江苏泰州：网格连民心",
    )
    assert [f.text for f in result] == ["340个", "56支"]
    assert mentions(result[0], "whole-place total (泰州)")
    assert mentions(result[1], "one unit's figure (兴化市)")


def test_one_persons_figure_ranks_below_the_whole_place():
    result = ranked(
        [OPENING, "共产党员何立舟，每年义诊3000余人次。", "全市新发展党员800名。", CLOSING],
        [("3000余人次", "人次"), ("800名", "名")],
    )
    assert [f.text for f in result] == ["800名", "3000余人次"]
    assert mentions(result[1], "one unit's figure (何立舟)")


def test_a_company_spoken_of_alone_is_one_unit():
    result = ranked(
        [OPENING, "公司投产后，产值突破5000万元。", "已建成党群服务驿站40个。", CLOSING],
        [("5000万元", "元"), ("40个", "个")],
    )
    assert [f.text for f in result] == ["40个", "5000万元"]
    assert mentions(result[1], "one unit's figure (公司)")


def test_a_figure_in_the_title_leads():
    result = ranked(
        [OPENING, "全县组建服务队600支，累计服务群众8万人次。", "新建党群服务中心86个。", CLOSING],
        [("600支", "支"), ("8万人次", "人次"), ("86个", "个")],
        title="一年新建86个党群服务中心",
    )
    assert result[0].text == "86个"
    assert result[0].reasons[0] == "in the title"


def test_the_lead_paragraph_counts_more():
    result = ranked(
        ["今年，党员教育培训覆盖2万名党员。", "举办培训班300期，组织观摩活动500场。", CLOSING],
        [("2万名", "名"), ("300期", "期"), ("500场", "场")],
    )
    assert result[0].text == "2万名"
    assert mentions(result[0], "in the lead paragraph")


def test_a_result_in_the_closing_paragraph_counts_more():
    result = ranked(
        [OPENING, "组织观摩活动500场。", "举办培训班300期。", "全区累计解决群众急难愁盼问题2000个。"],
        [("500场", "场"), ("300期", "期"), ("2000个", "个")],
    )
    assert result[0].text == "2000个"
    assert mentions(result[0], "result in the closing paragraph")


def test_background_facts_come_last():
    result = ranked(
        [OPENING, "本县地处山区，总人口52万人。", "新建村级党群服务站30个。", CLOSING],
        [("52万人", "人"), ("30个", "个")],
    )
    assert [f.text for f in result] == ["30个", "52万人"]
    assert mentions(result[1], "background fact")


def test_area_in_square_kilometres_is_background():
    result = ranked(
        [OPENING, "全市土地超过1.8万平方公里。", "组建党员先锋队120支。", CLOSING],
        [("1.8万平方公里", "平方公里"), ("120支", "支")],
    )
    assert result[-1].text == "1.8万平方公里"
    assert mentions(result[-1], "background fact")


def test_criteria_and_thresholds_come_last():
    result = ranked(
        [OPENING, "对集体经济年收入不低于20万元的村给予奖励。", "今年有126个村完成改造。", CLOSING],
        [("20万元", "元"), ("126个", "个")],
    )
    assert [f.text for f in result] == ["126个", "20万元"]
    assert mentions(result[1], "criterion/threshold (不低于)")


def test_an_attributive_threshold_is_a_criterion():
    sentences = build_sentences([OPENING, "收入50万元以上的合作社达到80家。", CLOSING])
    found = [
        Figure("50万元以上", 500_000, "元", "以上", None, sentences[1].index),
        figure(sentences, "80家", "家"),
    ]
    result = rank_figures(found, sentences, Metadata())
    assert [f.text for f in result] == ["80家", "50万元以上"]
    assert mentions(result[1], "criterion/threshold (以上的)")


def test_sub_items_follow_their_total():
    result = ranked(
        [OPENING, "全市共发展党员900名，其中青年党员650名。", CLOSING],
        [("900名", "名"), ("650名", "名")],
    )
    assert [f.text for f in result] == ["900名", "650名"]
    assert mentions(result[0], "total (共)")
    assert mentions(result[1], "sub-item (其中)")


def test_results_rank_above_plain_mentions():
    result = ranked(
        [OPENING, "组织志愿者400名参与宣讲。", "已建成红色驿站300个。", CLOSING],
        [("400名", "名"), ("300个", "个")],
    )
    assert [f.text for f in result] == ["300个", "400名"]
    assert mentions(result[0], "result (建成)")


def test_a_change_is_a_result():
    sentences = build_sentences([OPENING, "组织志愿者400名参与宣讲。", "群众投诉量同比下降35%。", CLOSING])
    found = [figure(sentences, "400名", "名"), replace_direction(figure(sentences, "35%", "%"), "down")]
    result = rank_figures(found, sentences, Metadata())
    assert result[0].text == "35%"
    assert mentions(result[0], "change (down)")


def replace_direction(figure: Figure, direction: str) -> Figure:
    return Figure(figure.text, figure.value, figure.unit, None, None, figure.index, direction=direction)


def test_quoted_speech_is_an_anecdote():
    result = ranked(
        [OPENING, "“我们村去年分红了80万元，日子越过越好。”", "全镇组建产业党小组45个。", CLOSING],
        [("80万元", "元"), ("45个", "个")],
    )
    assert [f.text for f in result] == ["45个", "80万元"]
    assert mentions(result[1], "anecdote detail (quoted speech)")


def test_a_scene_at_a_time_of_day_is_an_anecdote():
    result = ranked(
        [OPENING, "凌晨4点，队伍出发。目标是那座1600米的山顶。", "全区建成应急分队70支。", CLOSING],
        [("1600米", "米"), ("70支", "支")],
    )
    assert [f.text for f in result] == ["70支", "1600米"]
    assert mentions(result[1], "anecdote detail")


@given(st.integers(min_value=2, max_value=10**9))
def test_money_is_not_headline_for_being_money(amount):
    # The same words, once about yuan and once about items, the money first:
    # the money never ranks higher, and no reason speaks of money.
    sentences = build_sentences([OPENING, f"新建项目{amount}元。", f"新建项目{amount}个。", CLOSING])
    money = Figure(f"{amount}元", amount, "元", None, None, 1)
    count = Figure(f"{amount}个", amount, "个", None, None, 2)
    result = rank_figures([money, count], sentences, Metadata())
    assert result[0].text == f"{amount}个"
    assert not any("money" in reason or "元" in reason for reason in result[1].reasons)


def test_one_companys_large_sum_ranks_below_the_whole_places_count():
    result = ranked(
        [OPENING, "公司投产后，产值突破2000万元。", "全市已有230对村企结对共建。", CLOSING],
        [("2000万元", "元"), ("230对", "对")],
    )
    assert [f.text for f in result] == ["230对", "2000万元"]


def test_size_breaks_ties_but_does_not_override_a_rule():
    result = ranked(
        [OPENING, "东坡村流转土地1200亩，带动增收900万元。", "全县新建服务站12个，组建服务队40支。", CLOSING],
        [("1200亩", "亩"), ("900万元", "元"), ("12个", "个"), ("40支", "支")],
    )
    assert {f.text for f in result[:2]} == {"40支", "12个"}


def test_three_figures_of_one_sentence_do_not_crowd_out_another_sentence():
    result = ranked(
        [OPENING, "全县新建服务站120个、驿站110个、书屋100个。", "全县新建党员活动室105间。", CLOSING],
        [("120个", "个"), ("110个", "个"), ("100个", "个"), ("105间", "间")],
    )
    assert [f.text for f in result[:2]] == ["120个", "105间"]
    assert mentions(by_text(result, "110个"), "a better figure of its sentence ranks above")


def test_equal_scores_keep_document_order():
    sentences = build_sentences([OPENING, "新建书屋50个。", "新建驿站50个。", CLOSING])
    later, earlier = Figure("50个", 50, "个", None, None, 2), Figure("50个", 50, "个", None, None, 1)
    result = rank_figures([later, earlier], sentences, Metadata())
    assert [f.index for f in result] == [1, 2]
    assert result[0].score == result[1].score


PARAGRAPHS = [
    "近年来，全市累计建成党群服务中心320个。",
    "西岭镇东坡村发展果蔬种植，年产值突破3000万元，其中外销1200万元。",
    "本市地处山区，总人口52万人；对年收入不低于20万元的村给予奖励。",
    "“我们村去年分红了80万元。”全市已有126个村完成改造，覆盖率达95%。",
]
FIGURES = [
    ("320个", "个"), ("3000万元", "元"), ("1200万元", "元"), ("52万人", "人"),
    ("20万元", "元"), ("80万元", "元"), ("126个", "个"), ("95%", "%"),
]  # fmt: skip


@given(st.permutations(range(len(FIGURES))))
def test_the_order_figures_come_in_changes_nothing(order):
    sentences = build_sentences(PARAGRAPHS)
    found = [figure(sentences, text, unit) for text, unit in FIGURES]
    expected = rank_figures(found, sentences, Metadata())
    assert rank_figures([found[i] for i in order], sentences, Metadata()) == expected
    assert sorted(f.text for f in expected) == sorted(text for text, _ in FIGURES)
    assert [f.score for f in expected] == sorted((f.score for f in expected), reverse=True)


def test_a_figure_is_placed_where_it_stands_not_inside_a_larger_number():
    # 5个 also reads inside 15个, which stands after a one-village clause.
    sentences = build_sentences([OPENING, "东坡村建成15个，全县新建5个。", CLOSING])
    found = [Figure("15个", 15, "个", None, None, 1), Figure("5个", 5, "个", None, None, 1)]
    result = rank_figures(found, sentences, Metadata())
    assert mentions(by_text(result, "5个"), "whole-place total (全县)")
    assert mentions(by_text(result, "15个"), "one unit's figure")


def test_the_province_a_title_names_is_where_the_report_lies_not_its_subject():
    result = ranked(
        [OPENING, "江苏出台文件，组建服务队800支。", "泰州组建网格党支部340个。", CLOSING],
        [("800支", "支"), ("340个", "个")],
        title="江苏泰州：网格连民心",
    )
    assert [f.text for f in result] == ["340个", "800支"]
    assert not mentions(result[1], "whole-place total")


def test_a_place_inside_a_quoted_name_is_no_whole_place_marker():
    # The title says the report speaks for 泰州; its name inside a brand is not 全市.
    result = ranked(
        [OPENING, "依托服务区建成“红色驿站·泰州印象”51个。", CLOSING],
        [("51个", "个")],
        title="泰州市基层党建工作综述",
    )
    assert not mentions(result[0], "whole-place")
