from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dj_tui.analysis.stages.sentences import build_sentences
from dj_tui.analysis.stages.textnorm import HAN, needs_simplification, normalize, split_sentences


def sentences_of(text: str) -> list[str]:
    norm = normalize(text)
    return [text[a:b] for a, b in split_sentences(norm)]


@settings(deadline=None)  # the first traditional text loads snownlp's table
@given(st.text())
def test_normalize_keeps_length(text):
    assert len(normalize(text)) == len(text)


def test_ascii_punctuation_in_prose_becomes_full_width():
    assert normalize("我市坚持,以人民为中心:推进(试点)?是!好;") == "我市坚持，以人民为中心：推进（试点）？是！好；"


def test_numbers_keep_their_ascii_separators():
    assert normalize("共1,000人,时间21:24,占99.06%") == "共1,000人，时间21:24，占99.06%"


def test_full_width_digits_become_ascii():
    assert normalize("１９．０７万个，９９％") == "19.07万个，99%"


def test_traditional_is_simplified_for_analysis():
    text = "我們黨組織發揮了戰鬥堡壘作用"
    assert needs_simplification(text)
    assert normalize(text) == "我们党组织发挥了战斗堡垒作用"
    assert not needs_simplification("我们党组织发挥了战斗堡垒作用")


def test_han_is_the_ideograph_blocks_and_nothing_between():
    han = re.compile(f"[{HAN}]")
    # The first and last of Extension A, the Unified and the Compatibility Ideographs.
    assert all(han.fullmatch(char) for char in "\u3400\u4dbf\u4e00\u9fff\uf900\ufaff")
    # The Yijing hexagram symbols between the first two blocks, 〇, punctuation, Latin, digits.
    assert not any(han.fullmatch(char) for char in "\u4dc0\u4dff\u3007。Aa1")


def test_a_symbol_beside_simplified_text_does_not_make_it_traditional():
    # 覆 is also a traditional character of the table (覆蓋 -> 复盖): simplified
    # text is left alone, whatever non-Han symbol stands beside it.
    assert not needs_simplification("覆盖䷀")
    assert normalize("覆盖䷀") == "覆盖䷀"


def test_closing_quote_stays_with_its_sentence():
    assert sentences_of("“机关党的建设必须走在前。”遵循总书记要求。") == [
        "“机关党的建设必须走在前。”",
        "遵循总书记要求。",
    ]


def test_ellipsis_ends_a_sentence_once():
    assert sentences_of("城市面貌常变常新……一幅画卷正徐徐展开。") == ["城市面貌常变常新……", "一幅画卷正徐徐展开。"]


def test_ascii_terminators_split():
    assert sentences_of("能办吗?能办!办好了;再见") == ["能办吗?", "能办!", "办好了;", "再见"]


def test_numbers_are_never_split():
    assert sentences_of("网上可办率99.06%,全省19.07万个基层党组织。") == ["网上可办率99.06%,全省19.07万个基层党组织。"]


def test_lone_closing_quote_joins_the_previous_sentence():
    assert sentences_of("他说：“好。” ”") == ["他说：“好。” ”"]


def test_headings_are_marked():
    sentences = build_sentences(["强化理论武装“铸魂”", "党的政治建设是党的根本性建设。"])
    assert [s.is_heading for s in sentences] == [True, False]
    assert [s.paragraph for s in sentences] == [0, 1]


@settings(deadline=None)
@given(st.lists(st.text(min_size=1), max_size=5))
def test_sentences_are_verbatim_and_aligned(paragraphs):
    for sentence in build_sentences(paragraphs):
        assert sentence.text in paragraphs[sentence.paragraph]
        assert len(sentence.text) == len(sentence.norm)
