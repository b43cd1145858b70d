"""Terminal cells: CJK widths, ellipses that never split a glyph."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from dj_tui.ui.cells import ELLIPSIS, fit, truncate, truncate_start


def test_a_title_that_fits_is_left_alone():
    assert truncate("党建工作", 8) == "党建工作"
    assert truncate("abc", 3) == "abc"


def test_a_cut_title_ends_in_an_ellipsis_within_the_width():
    assert truncate("党建引领基层治理", 9) == "党建引领…"  # 8 + 1 cells
    assert truncate("党建引领基层治理", 8) == "党建引…"  # a fourth glyph would need 9
    assert truncate("abcdef", 4) == "abc…"


def test_a_cut_never_falls_inside_a_wide_glyph():
    assert truncate("a党建", 3) == "a…"
    assert cell_len(truncate("a党建", 3)) == 2
    assert truncate("党建", 1) == ELLIPSIS
    assert truncate("党建", 0) == ""


def test_fit_pads_to_exactly_the_width_either_side():
    assert fit("党建", 6) == "党建  "
    assert fit("12", 4, right=True) == "  12"
    assert fit("党建引领基层", 8) == "党建引… "  # 7 cells of text, one of padding


@given(st.text(alphabet="党建abc 𠀀é\u0301", max_size=20), st.integers(min_value=0, max_value=25))
def test_truncate_and_fit_always_respect_the_width(text, width):
    cut = truncate(text, width)
    assert cell_len(cut) <= width
    assert cut == text or cut.endswith(ELLIPSIS) or width == 0
    assert cell_len(fit(text, width)) == width


def test_truncate_start_keeps_the_end_of_the_text():
    assert truncate_start("党建引领基层治理", 16) == "党建引领基层治理"
    assert truncate_start("党建引领基层治理", 9) == "…基层治理"
    assert truncate_start("a党建", 2) == "…"
    assert truncate_start("党建", 0) == ""


@given(st.text(alphabet="党建abc 𠀀é", max_size=20), st.integers(min_value=0, max_value=25))
def test_truncate_start_always_respects_the_width(text, width):
    cut = truncate_start(text, width)
    assert cell_len(cut) <= width
    assert cut == text or (cut.startswith(ELLIPSIS) and text.endswith(cut[1:])) or width == 0
