"""Chinese line breaking: numbers keep their units, no line starts with closing punctuation."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from dj_tui.ui.cjk_wrap import CLOSING, OPENING, break_offsets, line_count
from dj_tui.ui.widgets.report_text import ChineseWrapped


def lines(text: str, width: int) -> list[str]:
    """``text`` as it is drawn at ``width``: cut at the breaks, hanging spaces and newlines dropped."""
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[start:end].rstrip() for start, end in zip(cuts, cuts[1:], strict=False)]


def assert_well_broken(text: str, width: int) -> list[str]:
    shown = lines(text, width)
    assert "".join("".join(shown).split()) == "".join(text.split())
    for line in shown:
        assert cell_len(line) <= width, (line, width)
    for line in shown[1:]:
        assert not line or line[0] not in CLOSING, shown
    for line in shown[:-1]:
        assert not line or line[-1] not in OPENING, shown
    return shown


PROSE = (
    "全市共有基层党组织1,043个，党员19.07万个基层党组织的99.06%已完成换届，"
    "“三抓三促”行动投入资金372亿元（含中央资金），2024年7月起实施——成效明显……"
    "新建道路3.5 km，覆盖率达到99.06%。"
)
NUMBER_RUNS = ["1,043个", "19.07万个", "99.06%", "372亿元", "2024年7月", "3.5 km"]


# From 10 cells the longest run and the mark after it (19.07万个, 1,043个，) fit a line.
@pytest.mark.parametrize("width", range(10, 61))
def test_numbers_keep_their_units_and_punctuation_its_line_at_every_width(width):
    shown = assert_well_broken(PROSE, width)
    for run in NUMBER_RUNS:
        assert sum(line.count(run) for line in shown) == PROSE.count(run), (run, shown)


def test_a_closing_mark_takes_the_character_before_it_to_the_next_line():
    # Twelve cells hold six characters: the comma cannot start the next line,
    # so 作 moves down with it (and 显 with the full stop).
    assert lines("全省开展工作，成效明显。", 12) == ["全省开展工", "作，成效明", "显。"]


def test_an_opening_mark_goes_down_with_what_it_opens():
    assert lines("全市开展了“三抓三促”行动", 12) == ["全市开展了", "“三抓三促”行", "动"]


def test_the_ellipsis_and_the_dash_are_never_split_nor_start_a_line():
    for width in range(4, 30):
        shown = assert_well_broken("成效明显……下一步——继续努力。", width)
        assert not any(line.startswith(("…", "—")) for line in shown[1:])
        assert sum(line.count("……") for line in shown) == 1 and sum(line.count("——") for line in shown) == 1


@pytest.mark.parametrize(
    "text",
    ["2024年7月15日召开大会", "共有3万余人参加", "增长10多个百分点", "建成5G基站1200个", "温度达到38℃以上"],
)
def test_dates_approximations_and_units_stay_whole(text):
    run = {"2": "2024年7月15日", "共": "3万余人", "增": "10多个", "建": "1200个", "温": "38℃"}[text[0]]
    for width in range(cell_len(run), 30):
        shown = lines(text, width)
        assert any(run in line for line in shown), (width, shown)


def test_latin_words_break_at_spaces_and_spaces_hang_at_the_margin():
    assert lines("party building work in 甘肃省", 14) == ["party building", "work in 甘肃省"]
    assert lines("abc defg hijkl", 8) == ["abc defg", "hijkl"]


def test_a_mix_of_wide_and_narrow_characters_fits_in_cells():
    text = "中文English混排text，数字123与字母abc交替出现。" * 3
    for width in range(4, 40):
        assert_well_broken(text, width)


def test_a_number_run_wider_than_the_line_is_still_cut():
    shown = lines("19.07万个", 4)
    assert all(cell_len(line) <= 4 for line in shown)
    assert "".join(shown) == "19.07万个"
    # Cut inside the run rather than before the closing mark that follows it.
    assert not lines("2024年7月，开会", 10)[1].startswith("，")


def test_a_character_wider_than_the_line_takes_a_line_of_its_own():
    assert lines("中a中", 1) == ["中", "a", "中"]


def test_empty_text_is_one_empty_line():
    assert break_offsets("", 10) == []
    assert line_count("", 10) == 1


def test_a_newline_ends_a_line():
    assert lines("数据\n  ↳ 原因", 20) == ["数据", "  ↳ 原因"]


def test_line_count_matches_the_breaks():
    for width in (5, 17, 40, 76):
        assert line_count(PROSE, width) == len(lines(PROSE, width))


def test_long_text_and_a_run_longer_than_any_line():
    long_number = "1" * 200_000
    assert len(break_offsets(long_number, 76)) == 200_000 // 76
    prose = PROSE * 1500
    assert line_count(prose, 76) > 1500


def test_a_summary_sentence_or_figure_wraps_by_the_same_rules_with_its_highlights():
    text = Text("全市共有基层党组织1,043个，党员19.07万名，投入资金372亿元。")
    text.stylize("bold", 9, 15)  # 1,043个
    console = Console(width=22, file=io.StringIO(), color_system=None, legacy_windows=False)
    lines = console.render_lines(ChineseWrapped(text), pad=False)
    shown = ["".join(segment.text for segment in line).rstrip() for line in lines]
    assert shown == ["全市共有基层党组织", "1,043个，党员", "19.07万名，投入资金", "372亿元。"]
    # The highlight moved down with the number, whole.
    bold = "".join(segment.text for segment in lines[1] if segment.style and segment.style.bold)
    assert bold == "1,043个"
    assert str(ChineseWrapped(text)) == text.plain
