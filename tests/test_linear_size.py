"""Every per-report stage works in proportion to the size of the report.

Work is counted, not timed: the lines of the analysis package that run
(``executed_lines``), which double when a report doubles unless a stage is
super-linear, and the longest text jieba is given. Inputs are generated at a
small scale: the scaling is what matters. A quadratic stage shows as a
ratio near 4 when its input doubles; the bound asserted is 2.5.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dj_tui.analysis
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import clean, figures, keyphrases, segment, summary
from dj_tui.analysis.stages.analyzer import Analyzer
from dj_tui.analysis.stages.keyphrases import load_stopwords
from dj_tui.bench.synthetic import realistic_report

ANALYSIS_DIR = str(Path(dj_tui.analysis.__file__).parent)
REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
STOPWORDS = load_stopwords()
# Doubling a report may cost a little more than twice as much (TextRank may
# need an iteration more); a quadratic stage costs four times as much.
MAX_DOUBLING_RATIO = 2.5


def executed_lines(call: Callable[[], object]) -> int:
    """How many lines of the analysis package run during ``call()``: its work, on any machine."""
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    def in_analysis(frame, event, arg):
        return count_lines if frame.f_code.co_filename.startswith(ANALYSIS_DIR) else None

    previous = sys.gettrace()
    sys.settrace(in_analysis)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


def doubling_ratio(work: Callable[[int], int], size: int) -> float:
    return work(2 * size) / work(size)


def short_sentences(count: int) -> str:
    return "党员好。" * count


def percentages(repeats: int) -> str:
    return "12%34%56.7%8万9亿" * repeats


def unpunctuated_figures(count: int) -> str:
    return "".join(f"{i}万元{i}%{i}个{i}人次" for i in range(count)) + "。"


def parsed(text: str):
    report = clean.clean_report(text)
    return report.sentences, [segment.cut(s.norm) for s in report.sentences]


def summary_work(text: str) -> int:
    sentences, tokens = parsed(text)
    return executed_lines(lambda: summary.summarize(sentences, tokens, set(), 5, STOPWORDS))


def figure_work(text: str) -> int:
    sentences, tokens = parsed(text)
    return executed_lines(lambda: figures.extract_figures(sentences, tokens))


@pytest.fixture(scope="module", autouse=True)
def analyzer() -> Analyzer:
    """An analyzer that has analysed a report: what loads once (dictionaries, tables) is not counted."""
    warm = Analyzer(AnalysisSettings())
    warm.analyze_text((REPORTS / "anhui-qiangji-guben.txt").read_text(encoding="utf-8"), "warm-up.txt")
    return warm


def jieba_inputs(monkeypatch) -> list[str]:
    """Every text handed to jieba from now on, in order."""
    jieba = segment._get_jieba()
    lcut = jieba.lcut
    handed: list[str] = []

    def recording_lcut(text, *args, **kwargs):
        handed.append(text)
        return lcut(text, *args, **kwargs)

    monkeypatch.setattr(jieba, "lcut", recording_lcut)
    return handed


# --- '党员好。' * 200000: 2.4 MB of identical short sentences -----------------


def test_summary_of_many_short_sentences_is_linear(analyzer):
    # Every sentence shares a word with every other: a graph with an edge
    # per pair was quadratic.
    assert doubling_ratio(lambda n: summary_work(short_sentences(n)), 300) < MAX_DOUBLING_RATIO
    analysis = analyzer.analyze_text(short_sentences(600), "x.txt")
    assert [s.text for s in analysis.summary] == ["党员好。"]


# --- '12%34%56.7%8万9亿' * 66000: 0.95 MB of figures in one sentence ---------


def test_figures_of_a_run_of_percentages_are_linear():
    assert doubling_ratio(lambda n: figure_work(percentages(n)), 200) < MAX_DOUBLING_RATIO
    text = percentages(400)
    sentences, tokens = parsed(text)
    found = figures.extract_figures(sentences, tokens)
    assert {(f.text, f.value, f.unit) for f in found} >= {("12%", 12, "%"), ("34%", 34, "%"), ("56.7%", 56.7, "%")}
    assert all(f.text in text for f in found)


# --- 3.5 MB of figures without a full stop ------------------------------------


def test_every_figure_of_a_long_unpunctuated_run_is_found_in_linear_work(analyzer):
    assert doubling_ratio(lambda n: figure_work(unpunctuated_figures(n)), 150) < MAX_DOUBLING_RATIO
    count = 3000
    text = unpunctuated_figures(count)
    analysis = analyzer.analyze_text(text, "x.txt")
    expected = set()
    for i in range(count):
        expected |= {(f"{i}万元", i * 10_000, "元"), (f"{i}%", i, "%"), (f"{i}个", i, "个"), (f"{i}人次", i, "人次")}
    assert {(f.text, f.value, f.unit) for f in analysis.figures} == expected
    assert all(f.text in text for f in analysis.figures)


# --- the paragraphs of data/reports repeated to 1 MB ----------------------------


def test_summary_of_a_long_report_is_linear_and_verbatim(analyzer):
    assert doubling_ratio(lambda n: summary_work(realistic_report(REPORTS, n)), 20_000) < MAX_DOUBLING_RATIO
    text = realistic_report(REPORTS, 60_000, seed=2)
    analysis = analyzer.analyze_text(text, "x.txt")
    assert len(analysis.summary) == analyzer.settings.summary_sentences
    for chosen in analysis.summary:
        assert chosen.text == analysis.sentences[chosen.index].text
        assert chosen.text in text


def test_analysis_of_a_long_report_is_linear(analyzer):
    def work(chars: int) -> int:
        text = realistic_report(REPORTS, chars, seed=1)
        return executed_lines(lambda: analyzer.analyze_text(text, "x.txt"))

    assert doubling_ratio(work, 40_000) < MAX_DOUBLING_RATIO


# --- 'a' * 5_000_000: one 5 MB "sentence" ---------------------------------------


def test_jieba_is_given_bounded_pieces_of_a_long_run(monkeypatch):
    handed = jieba_inputs(monkeypatch)
    longest = []
    for chars in (50_000, 100_000):
        handed.clear()
        assert "".join(segment.cut("a" * chars)) == "a" * chars
        longest.append(max(map(len, handed)))
    assert longest[0] == longest[1] < 50_000


def test_pieces_of_a_long_line_segment_as_the_whole(monkeypatch):
    # One long line whose clauses end in commas: cut where jieba splits its
    # input itself, the pieces give exactly the words of the whole.
    line = realistic_report(REPORTS, 20_000).replace("。", "，").replace("\n", "，")
    whole = segment._get_jieba().lcut(line, HMM=True)
    handed = jieba_inputs(monkeypatch)
    assert segment.cut(line) == whole
    assert "".join(handed) == line
    longest = max(map(len, handed))
    assert longest < len(line) / 10


# --- other super-linear spots -------------------------------------------------


def test_the_same_amount_with_many_subjects_is_linear():
    # A table of villages with 5个 each: every new figure was compared with
    # every kept one.
    names = [a + b + c for a in "党员干部群众工作" for b in "建设发展组织服务" for c in "基层社区乡村振兴"]

    def work(count: int) -> int:
        return figure_work("".join(f"{name}有5个，" for name in names[:count]) + "。")

    assert doubling_ratio(work, 200) < MAX_DOUBLING_RATIO


def test_many_quoted_names_are_linear():
    # Every name was looked for in every sentence.
    def work(count: int) -> int:
        sentences, tokens = parsed("".join(f"“党建{i}号”行动。" for i in range(count)))
        return executed_lines(lambda: keyphrases.extract_candidates(sentences, tokens, STOPWORDS))

    assert doubling_ratio(work, 300) < MAX_DOUBLING_RATIO


# --- markdown: the linear scanners read markup as the patterns they replace did ---

# The patterns (as of the quadratic version) that markdown_text now applies in
# one pass each: from every opening of markup that is never closed, they read
# the rest of the line again.
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_STRONG = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_COMMENT = re.compile(r"<!--.*?-->")
_HEADING = re.compile(r"^\s{0,3}(?P<marks>#{1,6})(?!#)\s*(?P<text>.*?)(?:\s+#+)?\s*$")
_MARKUP = st.lists(
    st.sampled_from([*"[]()!<>-*_~# \ta党", "<!--", "-->", "**", "__", "~~", "!["]), max_size=30
).map("".join)


@settings(deadline=None, max_examples=400)
@given(_MARKUP)
def test_markdown_scanners_read_markup_as_the_patterns_did(line):
    # Imported by this test alone: the size tests above also run against code without it.
    from dj_tui.analysis.stages import markdown_text

    assert markdown_text._unwrap_brackets(line, "![", min_label=0, keep_label=False) == _IMAGE.sub("", line)
    assert markdown_text._unwrap_brackets(line, "[", min_label=1, keep_label=True) == _LINK.sub(r"\1", line)
    assert markdown_text._unwrap_strong(line) == _STRONG.sub(r"\2", line)
    assert markdown_text._remove_comments(line) == _COMMENT.sub("", line)
    heading, marks = _HEADING.match(line), markdown_text._HEADING_MARKS.match(line)
    assert (heading is None) == (marks is None)
    if heading:
        assert markdown_text._heading_text(line[marks.end() :]) == heading.group("text")
