"""Markdown in reports saved as .txt: told from plain text by its syntax, and read as Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.analyzer import Analyzer
from dj_tui.analysis.stages.markdown_text import looks_like_markdown, markdown_heading, markdown_line, plain_lines

NEWSPAPER_PAGE = """### 某县以党建引领乡村振兴——

# 小院议事  大事好办（基层一线）

> 本报记者  周明远

图①：村民在议事小院里商量修路。

去年以来，某县在128个村推行“小院议事”，全县新修村道46公里，群众满意率达到98.5%。

**议事有规矩**

每月十五，党员和村民代表围坐在一起，把修路、分红、用水的难事摆上桌面。

![](https://img.example.cn/2024/0514/a1b2c3d4e5.jpg)

村党支部书记说：“大家的事大家商量，办起来就顺。”
"""

SAVED_PAGE = """<center>==================================</center>
<center>==================================</center>

2023-09-12 10:05

某市机关工委组织党员开展主题党日活动，共有312名党员参加。

![活动现场.png](http://www.example.gov.cn/upload/2023/09/12/f00d.png "活动现场.png")

党员们纷纷表示，要把学习成果转化为推动工作的实际行动。
"""


@pytest.mark.parametrize(
    "text",
    [
        NEWSPAPER_PAGE,
        SAVED_PAGE,
        "# 第一部分\n正文。\n## 第二部分\n正文。\n",
        "正文第一段。\n\n> 记者 王五\n\n> 通讯员 赵六\n",
        "正文。\n\n**一、提高站位**\n\n正文。\n\n**二、压实责任**\n",
        "<center>标题</center>\n<p>正文</p>\n",
        "正文，详见[通知原文](/zwgk/2024/notice.html)。\n",
    ],
    ids=["newspaper", "saved-page", "headings", "quotes", "bold-lines", "html", "one-link"],
)
def test_markdown_text_is_recognised(text):
    assert looks_like_markdown(text)


@pytest.mark.parametrize(
    ("plain", "one_more_line"),
    [
        ("党建引领基层治理\n今年以来，某县坚持大抓基层的鲜明导向。\n", "![](https://img.example.cn/a.jpg)\n"),
        # A `#` or `>` inside prose, or a hashtag, is no heading or quote.
        (
            "#乡村振兴# 话题下，网友点赞：收入>5000元的农户增加了。\n3#楼党员先锋岗正式挂牌。\n> 记者 王五\n",
            "> 通讯员 赵六\n",
        ),
        # One heading alone is not enough; two are.
        ("# 一、主要做法\n全县坚持大抓基层。\n", "# 二、主要成效\n"),
        # Rules and list dashes are written in plain text too.
        ("标题\n==========\n正文一。\n----------\n- 第一项\n- 第二项\n", "**一、提高站位**\n**二、压实责任**\n"),
    ],
    ids=["prose", "hash-and-angle-in-prose", "one-heading", "rules-and-dashes"],
)
def test_plain_text_needs_more_markup_to_be_markdown(plain, one_more_line):
    assert not looks_like_markdown(plain)
    assert looks_like_markdown(plain + one_more_line)


MARKUP = re.compile(r"#|^>|!\[|\]\(|https?:|www\.|</?[a-z]+|={3,}|-{3,}|\*\*|\.(?:jpg|png)", re.MULTILINE)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(AnalysisSettings())


@pytest.mark.parametrize("text", [NEWSPAPER_PAGE, SAVED_PAGE], ids=["newspaper", "saved-page"])
def test_markup_in_a_txt_report_reaches_no_title_sentence_keyphrase_or_figure(analyzer, text):
    analysis = analyzer.analyze_text(text, "report.txt")
    metadata = analysis.metadata
    shown = [metadata.title or "", metadata.subtitle or ""]
    shown += [sentence.text for sentence in analysis.sentences]
    shown += [term for term, _ in analysis.term_counts]
    shown += [figure.text for figure in analysis.figures]
    assert [text for text in shown if MARKUP.search(text)] == []
    # Every figure is still quoted verbatim from its sentence.
    assert all(figure.text in analysis.sentences[figure.index].text for figure in analysis.figures)


def test_a_newspaper_page_saved_as_txt_has_its_title_and_byline(analyzer):
    analysis = analyzer.analyze_text(NEWSPAPER_PAGE, "page.txt")
    assert analysis.metadata.title == "小院议事  大事好办（基层一线）"
    assert "周明远" in analysis.metadata.authors
    assert "去年以来，某县在128个村推行“小院议事”，全县新修村道46公里，群众满意率达到98.5%。" in [
        sentence.text for sentence in analysis.sentences
    ]



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("党建#>*_-`[]()!<\\|~+.{}:某 a1/"), min_size=1, max_size=30))
def test_a_line_written_by_markdown_line_reads_back_as_itself(text):
    # The readers of Word, PDF and web pages hand the cleaner Markdown made this way.
    stripped = text.strip()
    assert plain_lines([markdown_line(text)], []) == ([(0, stripped, 0)] if stripped else [])
    if stripped:
        assert plain_lines([markdown_heading(text, 2)], []) == [(0, stripped, 2)]
