"""What a figure counts: the noun phrase read along the sentence, never a verb, an age or one character."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dj_tui.analysis.stages import segment, subject_words
from dj_tui.analysis.stages.figure_subjects import locate_tokens, subject
from dj_tui.analysis.stages.figure_units import UNITS
from dj_tui.analysis.stages.textnorm import normalize


def subject_of(sentence: str, figure: str, *, after: str | None = None) -> str | None:
    """The subject of ``figure`` in ``sentence``; ``after``: the figure before it in the sentence, if any."""
    norm = normalize(sentence)
    floor = norm.index(after) + len(after) if after else 0
    start = norm.index(figure, floor)
    end = start + len(figure)
    surface = max((u for u in UNITS if figure.rstrip("以上余多").endswith(u)), key=len)
    tokens = locate_tokens(norm, segment.cut(norm))
    return subject(norm, tokens, start, end, UNITS[surface], floor)


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # A described part of a set counts the set: not 身体好.
        ("退休党员中身体好的120名担任楼栋长。", "120名", "退休党员"),
        # A description before 的 leads to the head noun after it.
        ("社区推选120名身体健康的退休党员担任楼栋长。", "120名", "退休党员"),
        ("走访梳理出36项亟待解决的问题。", "36项", "问题"),
        # A share is the share of the noun before 占, never 占 itself.
        ("全县山区占85.2%。", "85.2%", "全县山区"),
        ("党员占全村人口的30%。", "30%", "党员"),
        ("流动党员占比超过40%。", "40%", "流动党员"),
        # Verbs between the noun and the figure are its predicate.
        ("诊断平台准确率跃升至91%。", "91%", "诊断平台准确率"),
        ("志愿者队伍已发展壮大为1.5万人。", "1.5万人", "志愿者队伍"),
        # A one-character head is named by the clause that describes it.
        ("村集体收入30万元以上的村达42个。", "42个", "村集体收入30万元以上的村"),
        ("召开“向居民报告”会16场次。", "16场次", "“向居民报告”会"),
        # What follows an action verb and the amount is what was measured.
        ("合作社为群众带来3000万元收入。", "3000万元", "收入"),
        ("企业拿到了500万元的银行贷款。", "500万元", "银行贷款"),
        # The value of a named quantity is its subject even with a thing after 的.
        ("全县总面积超过3000平方公里的土地上。", "3000平方公里", "全县总面积"),
        # An age describes the people counted.
        ("为社区80多位70岁以上老人送去午餐。", "80多位", "老人"),
        # A romanised gloss inside a name is dropped.
        ("全旗5个嘎查（gacha）村完成换届。", "5个", "嘎查村"),
        # Quoted names after a count.
        ("在企业设立26个“党员先锋岗”。", "26个", "“党员先锋岗”"),
    ],
)
def test_subject_is_the_noun_phrase_counted(sentence, figure, expected):
    assert subject_of(sentence, figure) == expected


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("累计投入500万元用于改造。", "500万元"),  # a verb is not a subject
        ("在工地一年能赚3万元。", "3万元"),
        ("部门收回了14类，清理了30块。", "14类"),
        ("其中入党12名。", "12名"),  # 入党 is a verb whatever jieba's tag
        ("网格员仅用2小时完成排查。", "2小时"),  # a duration counts nothing
        ("他在村里干了28天。", "28天"),
        ("负责人脱口而出3个字。", "3个"),  # one character is no subject
    ],
)
def test_no_subject_when_the_sentence_does_not_name_one(sentence, figure):
    assert subject_of(sentence, figure) is None


def test_a_named_duration_keeps_its_subject():
    assert subject_of("审批时限压缩至3天。", "3天") == "审批时限"


def test_each_figure_of_a_respective_list_counts_its_own_item():
    sentence = "全县党员和入党积极分子分别达到3200名、1100名。"
    assert subject_of(sentence, "3200名") == "全县党员"
    assert subject_of(sentence, "1100名", after="3200名") == "入党积极分子"
    rates = "城镇和农村居民收入分别增长6.1%、7.3%。"
    assert subject_of(rates, "7.3%", after="6.1%") == "农村居民收入"


def test_a_count_of_one_noun_does_not_borrow_the_noun_of_the_count_before():
    # 85个村: 村 is what is counted; it is too short to stand alone, and 乡镇 belongs to 12个.
    sentence = "带动12个乡镇85个村增收。"
    assert subject_of(sentence, "12个") == "乡镇"
    assert subject_of(sentence, "85个", after="12个") is None


_PIECES = st.sampled_from(
    [
        "党员", "退休", "的", "中", "占", "达到", "分别", "、", "和", "120名", "30%", "3天", "70岁",
        "以上", "老人", "村", "个", "5个", "投入", "了", "为", "“", "”", "（gacha）", "，", "。",
        "入党", "收入", "带来", "万元", "群众", "身体", "好", "发展壮大", "全县", "有",
    ]
)  # fmt: skip


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_no_subject_is_one_character_a_verb_or_an_age(sentence):
    norm = normalize(sentence)
    tokens = locate_tokens(norm, segment.cut(norm))
    floor = 0
    for match in re.finditer(r"\d+(?:个|名|%|天|万元)", norm):
        surface = max((u for u in UNITS if match.group().endswith(u)), key=len)
        found = subject(norm, tokens, match.start(), match.end(), UNITS[surface], floor)
        floor = match.end()
        if found is None:
            continue
        assert len(found) > 1
        assert "岁" not in found
        assert not (subject_words.is_verb(found) and found in tokens.words)
        assert found in norm or "gacha" in norm
