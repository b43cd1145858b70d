"""Nothing from a report or a path reaches an output raw: control characters made visible or escaped."""

from __future__ import annotations

import json
import os

from hypothesis import given
from hypothesis import strategies as st

from dj_tui.printable import json_escape_controls, undecodable_as_escapes, visible

CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def is_raw_control(char: str) -> bool:
    return char in CONTROLS


def test_control_characters_become_visible_and_keep_the_length():
    raw = "红\x1b[31m色\x07警\x9b报\x7f\u202e尾\t"
    shown = visible(raw)
    assert shown == "红␛[31m色␇警\ufffd报␡\ufffd尾 "
    assert len(shown) == len(raw)


def test_markup_is_not_touched_by_visible():
    assert visible("[bold]红色[/bold]") == "[bold]红色[/bold]"


def test_a_file_name_that_is_not_utf8_shows_its_bytes():
    name = os.fsdecode(b"/tmp/r1/bad\xff\xfe.txt")
    assert visible(name) == "/tmp/r1/bad\\xff\\xfe.txt"
    assert undecodable_as_escapes(name) == "/tmp/r1/bad\\xff\\xfe.txt"
    assert visible(name).encode("utf-8")


def test_a_newline_in_a_name_cannot_split_a_line():
    assert "\n" not in visible("evil\nname\r.txt")


@given(st.text())
def test_visible_never_leaves_a_raw_control_and_is_always_utf8(text):
    shown = visible(text)
    assert not any(map(is_raw_control, shown))
    shown.encode("utf-8")


@given(st.text())
def test_escaped_json_means_the_same_and_holds_no_raw_control(text):
    dumped = json_escape_controls(json.dumps({"title": text}, ensure_ascii=False, indent=2))
    assert not any(map(is_raw_control, dumped.replace("\n", "")))
    assert json.loads(dumped) == {"title": text}
