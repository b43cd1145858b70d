from __future__ import annotations

import importlib.util
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dj_tui.analysis.stages.sentences import build_sentences
from dj_tui.analysis.stages.textnorm import HAN, needs_simplification, normalize, split_sentences


def sentences_of(text: str) -> list[str]:
    norm = normalize(text)
    return [text[a:b] for a, b in split_sentences(norm)]


@settings(deadline=None)  # the first traditional text loads the simplification table
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


def test_characters_take_opencc_s_simplified_form():
    # snownlp's table gave 馀 for 餘, 因特网 for 互聯網 and kept 祕 and 僱.
    assert normalize("剩餘勞動力，互聯網+政務服務") == "剩余劳动力，互联网+政务服务"
    assert normalize("祕書處的僱員們") == "秘书处的雇员们"
    assert normalize("黨") == "党"  # a one-character search query


def test_a_phrase_keeps_characters_that_simplified_chinese_writes_too():
    # 瞭 is 了 in 一目瞭然 but stays in 瞭望; 乾 is 干 in 乾淨 but stays in 乾隆.
    assert normalize("瞭望臺上的戰士們") == "瞭望台上的战士们"
    assert normalize("乾隆年間的乾淨街道，一目瞭然") == "乾隆年间的干净街道，一目了然"


def test_taiwan_and_hong_kong_forms_are_simplified():
    assert normalize("衞生服務站敍述工作") == "卫生服务站叙述工作"


def test_one_traditional_character_in_simplified_prose_changes_nothing():
    # 們 among some thirty simplified characters is a slip, not a traditional
    # text: converting the line would also turn its 瞭望 into 了望.
    prose = "今年以来，全县党员瞭望哨持续发力，我們党支部的工作取得新成效，群众满意度稳步提升。"
    assert not needs_simplification(prose)
    assert normalize(prose) == prose
    # A line of traditional text has one such character in a few.
    assert needs_simplification("“首都人才和技術溢出，第一站就在廊坊。”")


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


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location(
        "build_simplification", ROOT / "scripts" / "build_simplification.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_dictionaries(directory: Path) -> None:
    header = "# Open Chinese Convert (OpenCC) Dictionary\n"
    files = {
        "TSCharacters.txt": "餘\t余 馀\n乾\t干 乾\n計\t计\n貲\t赀\n記\t记\n憶\t忆\n體\t体\n衛\t卫\n",
        "TSPhrases.txt": "乾隆\t乾隆\n不可貲計\t不可赀計\n記憶體\t内存\n",
        "TWVariantsRev.txt": "著\t着\n",
        "HKVariantsRev.txt": "衞\t衛\n",
        "CJK_Compatibility_Ideographs.txt": "\uf9b2\t餘\n",
    }
    for name, body in files.items():
        (directory / name).write_text(header + body, encoding="utf-8")


def test_builder_keeps_lengths_and_marks_traditional_only_characters(builder, tmp_path):
    write_dictionaries(tmp_path)
    rows = {key: (simple, kind) for key, simple, kind in builder.build_rows(tmp_path)}
    assert rows["餘"] == ("余", "t")  # OpenCC's first candidate
    assert rows["乾"] == ("干", "s")  # simplified Chinese writes 乾 too
    assert rows["乾隆"] == ("乾隆", "p")
    assert rows["不可貲計"] == ("不可赀计", "p")  # the character its data left is simplified
    assert "記憶體" not in rows  # 内存 is shorter: offsets would break
    assert rows["衞"] == ("卫", "t")  # a Hong Kong form, through the standard form
    assert "著" not in rows  # a character of GB 2312: simplified text writes it
    assert rows["\uf9b2"] == ("余", "t")  # a compatibility ideograph counts as 餘
    assert all(len(key) == len(simple) for key, (simple, _) in rows.items())


def test_builder_output_is_deterministic(builder, tmp_path):
    write_dictionaries(tmp_path)
    outputs = []
    for name in ("a.tsv", "b.tsv"):
        builder.main(["--source", str(tmp_path), "--output", str(tmp_path / name)])
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    assert (tmp_path / builder.NOTICE_NAME).exists()


def test_shipped_table_is_attributed_and_keeps_lengths():
    folder = resources.files("dj_tui.analysis.stages").joinpath("resources")
    lines = folder.joinpath("simplification.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Traditional -> simplified Chinese, from OpenCC")
    assert "Apache License" in folder.joinpath("SIMPLIFICATION_NOTICE.txt").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert all(len(row) == 3 and len(row[0]) == len(row[1]) and row[2] in "tsp" for row in rows)
