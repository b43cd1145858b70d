"""Saved article web pages read as Markdown: the article found among the page's furniture, its title and date line kept."""

from __future__ import annotations

import codecs
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dj_tui.analysis.stages import html_text
from dj_tui.analysis.stages.clean import clean_report
from dj_tui.analysis.stages.html_text import html_markdown
from dj_tui.analysis.stages.ingest import IngestError
from dj_tui.analysis.stages.markdown_text import markdown_line, plain_lines

BODY_1 = "今年以来，某县坚持以党建引领基层治理，在全县128个村推行“小院议事”，群众满意率达到98.5%。"
BODY_2 = "每月十五，党员和村民代表围坐在一起，把修路、分红、用水的难事摆上桌面，逐件商量、逐件落实。"
BODY_3 = "村党支部书记说：“大家的事大家商量，办起来就顺。”下一步，全县将把这一做法推广到社区。"
HEADLINE = "小院议事 大事好办"
SITE = "某某县人民政府"

NAVIGATION = """<div id="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li><li><a href="/gk">政务公开</a></li>
</ul></div>"""
SIDEBAR = """<div class="sideBox"><h3>推荐阅读</h3><ul>
<li><a href="/a/1.html">全市组织工作会议召开，部署今年重点任务和十项举措</a></li>
<li><a href="/a/2.html">某镇开展主题党日活动，党员走进社区为群众办实事解难题</a></li>
</ul></div>"""
FOOTER = f"""<div id="footer"><p>{SITE} 版权所有 地址：某某路1号 电话：0000-1234567</p>
<p><a href="http://www.beian.gov.cn/">某公网安备 33060202000394号</a></p></div>"""


def cms_page(*, title: str = f"{HEADLINE}--工作动态-{SITE}") -> str:
    """A government CMS page: menu, breadcrumb, sidebar, the article with its info line, prev/next, footer."""
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}</title>
<script>var title = "{HEADLINE}";</script><style>p {{ color: red }}</style></head>
<body>
<div id="header"><h1 class="logo"><a href="/"><img src="/logo.png" alt="{SITE}"></a></h1></div>
{NAVIGATION}
<div class="main">
  {SIDEBAR}
  <div class="mainContent">
    <div class="path">当前位置：<a href="/">首页</a> &gt; <a href="/news">新闻中心</a> &gt; <a href="/dt">工作动态</a></div>
    <h3>工作动态</h3>
    <div class="printArea">
      <h2 class="title">{HEADLINE}</h2>
      <div class="property"><span>发布时间：2024-06-03</span> <span>来源：<a href="/">县委组织部</a></span> <span>作者：张三</span>
      </div>
      <div class="conTxt">
        <p>{BODY_1}</p>
        <p><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
            alt="村民在议事小院里商量修路"></p>
        <p>{BODY_2}</p>
        <p>{BODY_3}</p>
      </div>
      <div class="tools"><a href="javascript:print()">【打印本页】</a><a href="javascript:close()">【关闭窗口】</a></div>
      <div class="others"><span>上一篇：</span><a href="/a/3.html">某县召开党建工作领导小组会议研究部署重点工作</a>[2024-06-01]</div>
    </div>
  </div>
</div>
{FOOTER}
</body></html>"""


def markdown_of(page: str, encoding: str = "utf-8") -> str:
    return html_markdown(page.encode(encoding))


def paragraphs_of(markdown: str) -> list[str]:
    """The Markdown's paragraphs as ``plain_lines`` reads them: `# ` before a heading's text, lines joined."""
    paragraphs = []
    for paragraph in markdown.strip("\n").split("\n\n"):
        lines = plain_lines(paragraph.split("\n"), [])
        paragraphs.append("\n".join(f"{'#' * level} {text}" if level else text for _, text, level in lines))
    return paragraphs


# -- the article among the furniture -----------------------------------------


def test_a_cms_page_gives_its_headline_date_line_and_paragraphs_only():
    markdown = markdown_of(cms_page())
    assert paragraphs_of(markdown) == [
        f"# {HEADLINE}",
        "发布时间：2024-06-03 来源：县委组织部 作者：张三",
        BODY_1,
        BODY_2,
        BODY_3,
    ]


def test_the_cleaner_reads_title_date_source_and_author_from_it():
    report = clean_report(markdown_of(cms_page()), markdown=True)
    assert report.metadata.title == HEADLINE
    assert report.metadata.date == "2024-06-03"
    assert report.metadata.source == "县委组织部"
    assert report.metadata.authors == ("张三",)
    assert "".join(sentence.text for sentence in report.sentences) == BODY_1 + BODY_2 + BODY_3


def test_no_furniture_script_alt_text_or_address_reaches_the_text():
    markdown = markdown_of(cms_page())
    for furniture in ("首页", "推荐阅读", "版权所有", "打印本页", "上一篇", "var title", "color", "议事小院", "base64"):
        assert furniture not in markdown
    assert "http" not in markdown and "/a/" not in markdown


def test_an_html5_article_is_found_by_its_text_not_by_a_logo_heading_or_long_comments():
    comments = "".join(
        f"<li><p>网友{n}：这个做法很好，我们村也想学习推广，希望多报道这样的基层经验和做法。</p></li>" for n in range(8)
    )
    page = f"""<html><head><title>某某网</title></head><body>
    <header><h1>某某网</h1><nav><a href="/">首页</a> <a href="/dj">党建</a></nav></header>
    <main>
      <article>
        <header><h1>{HEADLINE}</h1><p class="meta"><time>2024年6月3日</time> 来源：某某日报</p></header>
        <p>{BODY_1}</p><h2>一、议事有规矩</h2><p>{BODY_2}</p>
        <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
        <footer>责任编辑：李四</footer>
      </article>
      <aside><h2>相关新闻</h2><ul><li><a href="/1">某市召开全市组织部长会议部署全年组织工作</a></li></ul></aside>
      <section id="comments"><h2>网友评论</h2><ul>{comments}</ul></section>
    </main>
    <footer>某某网 版权所有</footer></body></html>"""
    assert paragraphs_of(markdown_of(page)) == [
        f"# {HEADLINE}",
        "2024年6月3日 来源：某某日报",
        BODY_1,
        "## 一、议事有规矩",
        BODY_2,
    ]


def test_the_header_of_the_main_part_holds_the_headline_and_date_line():
    page = f"""<html><body><header><h1>某某网</h1></header><main>
    <header class="article-header"><h1>{HEADLINE}</h1><div class="meta">发布时间：2024-06-03</div></header>
    <div class="article-body"><p>{BODY_1}</p><p>{BODY_2}</p></div></main></body></html>"""
    assert paragraphs_of(markdown_of(page)) == [f"# {HEADLINE}", "发布时间：2024-06-03", BODY_1, BODY_2]


def test_a_layout_table_gives_a_line_per_break_and_a_paragraph_per_empty_line():
    page = f"""<html><head><meta charset="gb2312"><title>{HEADLINE}_{SITE}</title></head><body>
    <table><tr><td><a href="/">网站首页</a></td><td><a href="/gk">信息公开</a></td></tr></table>
    <table width="900">
      <tr><td class="bt">{HEADLINE}</td></tr>
      <tr><td>发布日期：2024-06-03&nbsp;&nbsp;&nbsp;信息来源：县委组织部</td></tr>
      <tr><td id="zoom">&nbsp;&nbsp;&nbsp;&nbsp;{BODY_1}<br>&nbsp;&nbsp;&nbsp;&nbsp;{BODY_2}<br><br>
      　　{BODY_3}</td></tr>
    </table>
    <table><tr><td>{SITE} 主办</td></tr></table></body></html>"""
    assert paragraphs_of(markdown_of(page, "gb18030")) == [
        f"# {HEADLINE}",
        "发布日期：2024-06-03 信息来源：县委组织部",
        f"{BODY_1}\n{BODY_2}",
        BODY_3,
    ]


def test_the_cells_of_a_row_are_read_on_one_line():
    rows = "".join(f"<tr><td>第{n}村</td><td>{n * 12}户</td><td>党员{n * 3}名</td></tr>" for n in range(1, 4))
    page = f"<html><body><div class='content'><p>{BODY_1}</p><table>{rows}</table></div></body></html>"
    assert paragraphs_of(markdown_of(page))[1:] == ["第1村 12户 党员3名", "第2村 24户 党员6名", "第3村 36户 党员9名"]


# -- the title -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_title", "headline"),
    [
        (f"{HEADLINE}--工作动态-{SITE}", HEADLINE),  # column and site, named in the page's menu and footer
        (f"{HEADLINE} - 某某网", HEADLINE),  # a site's name by its form
        (f"{HEADLINE}_澎湃新闻-The Paper", HEADLINE),
        (f"专题｜{HEADLINE} | {SITE}", f"专题｜{HEADLINE}"),  # the headline's own bar stays
        ("2024-2025学年党建工作要点", "2024-2025学年党建工作要点"),  # a hyphen in a number separates nothing
        (HEADLINE, HEADLINE),
    ],
)
def test_without_a_heading_the_title_is_the_page_title_without_the_site_and_column(page_title, headline):
    page = f"""<html><head><title>{page_title}</title></head><body>{NAVIGATION}
    <div class="content"><p>{BODY_1}</p><p>{BODY_2}</p></div>
    <div class="links"><a href="/dt">工作动态</a></div>{FOOTER}</body></html>"""
    assert paragraphs_of(markdown_of(page))[0] == f"# {headline}"


def test_a_heading_that_names_the_column_is_no_headline():
    page = f"""<html><head><title>{HEADLINE} - 工作动态 - 某某网</title></head><body>
    <h1>工作动态</h1><div class="content"><p>{BODY_1}</p><p>{BODY_2}</p></div></body></html>"""
    assert paragraphs_of(markdown_of(page)) == [f"# {HEADLINE}", BODY_1, BODY_2]


def test_og_title_comes_before_the_title_element():
    page = f"""<html><head><meta property="og:title" content="{HEADLINE}"><title>{SITE}</title></head>
    <body><div><p>{BODY_1}</p><p>{BODY_2}</p></div></body></html>"""
    assert paragraphs_of(markdown_of(page))[0] == f"# {HEADLINE}"


def test_the_heading_the_page_title_repeats_wins_over_a_column_heading_and_its_repeat_goes():
    page = f"""<html><head><title>{HEADLINE}--工作动态-{SITE}</title></head><body>
    <div class="box"><h1>工作动态</h1><div class="article"><h2 class="title">{HEADLINE}</h2>
    <h3 class="subTitle">{HEADLINE}</h3><div class="text"><p>{BODY_1}</p><p>{BODY_2}</p></div></div></div>
    </body></html>"""
    assert paragraphs_of(markdown_of(page)) == [f"# {HEADLINE}", BODY_1, BODY_2]


def test_a_page_with_no_title_at_all_gives_its_paragraphs():
    assert paragraphs_of(markdown_of(f"<p>{BODY_1}</p><p>{BODY_2}</p>")) == [BODY_1, BODY_2]


# -- white space, entities, markup characters ----------------------------------


def test_inline_elements_join_and_line_breaks_between_chinese_characters_are_no_space():
    page = f"""<div class="content"><p>党员<b>先锋</b><span>模范</span>作用
    充分发挥，Party
    building&nbsp;works&amp;more &lt;ok&gt; &#x4e2d;&#22269;。{BODY_1}</p></div>"""
    assert paragraphs_of(markdown_of(page)) == [
        "党员先锋模范作用充分发挥，Party building works&more <ok> 中国。" + BODY_1
    ]


def test_markup_characters_read_back_as_the_page_wrote_them():
    text = "第#1号楼 *重点* [一] (二) `代码` > 引用 - 列表 1. 编号 **加粗** ![图](x.png) _下划_ <b>标签</b>"
    page = f"<div><p>{BODY_1}</p><p>{text.replace('<', '&lt;').replace('>', '&gt;')}</p></div>"
    assert markdown_of(page) == f"{markdown_line(BODY_1)}\n\n{markdown_line(text)}\n"
    assert paragraphs_of(markdown_of(page)) == [BODY_1, text]


def test_hidden_elements_forms_and_templates_are_dropped_but_a_hidden_looking_article_is_not():
    page = f"""<body><form id="form1"><input value="搜索内容"><button>搜索按钮</button>
    <div style="display:none">隐藏的旧版本正文内容不应出现在这里，这是一段被隐藏的文字。</div>
    <template><p>模板里的文字也不是正文内容，不应该出现在输出里。</p></template>
    <noscript>请启用脚本以浏览本页面的全部内容和功能。</noscript>
    <div id="js_content" style="visibility: hidden;"><p>{BODY_1}</p><p>{BODY_2}</p></div></form></body>"""
    assert paragraphs_of(markdown_of(page)) == [BODY_1, BODY_2]


def test_a_class_that_reads_as_furniture_around_the_whole_page_loses_to_the_text():
    body = [BODY_1, BODY_2, BODY_3, BODY_2]
    paragraphs = "".join(f"<p>{text}</p>" for text in body)
    page = f"<body><div class='side-layout'><div class='side-main'>{paragraphs}</div></div></body>"
    assert paragraphs_of(markdown_of(page)) == body


# -- encodings -----------------------------------------------------------------

# 镕 is in GBK but not in GB2312: pages that declare GB2312 write GBK.
GBK_TEXT = "朱镕基同志强调，" + BODY_1


@pytest.mark.parametrize(
    ("declaration", "encoding"),
    [
        ('<meta charset="gb2312">', "gbk"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030"),
        ('<meta charset="big5">', "cp950"),
        ('<meta charset="utf-8">', "utf-8"),
        ('<meta charset="utf-8">', "gb18030"),  # declared wrongly: the bytes decide
        ('<meta charset="gb2312">', "utf-8"),  # re-saved as UTF-8 with its old declaration
        ('<meta charset="iso-8859-1">', "gb18030"),  # a template's Latin declaration is not believed
        ("", "gb18030"),
        ("", "utf-8-sig"),
        ("", "utf-16"),
    ],
)
def test_the_charset_comes_from_the_mark_the_declaration_or_the_bytes(declaration, encoding):
    text = (
        "朱鎔基同志強調，黨建引領基層治理，在全縣一百二十八個村推行小院議事，群眾滿意。"
        if encoding == "cp950"
        else GBK_TEXT
    )
    page = f"<html><head>{declaration}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"
    assert paragraphs_of(html_markdown(page.encode(encoding)))[-2:] == [text, text]


def test_a_declared_gb2312_page_with_gb18030_characters_is_read_whole():
    text = "𠀀字在GB18030的四字节区，" + BODY_1
    page = f'<html><head><meta charset="gb2312"></head><body><p>{text}</p></body></html>'
    assert paragraphs_of(html_markdown(page.encode("gb18030"))) == [text]


def test_an_xml_declaration_naming_another_encoding_is_no_trouble():
    page = f'<?xml version="1.0" encoding="gbk"?><html><body><p>{BODY_1}</p></body></html>'
    assert paragraphs_of(html_markdown(page.encode("utf-8"))) == [BODY_1]


# -- bad pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "no article text in the page"),
        (b"   \n ", "no article text in the page"),
        (b"<!-- nothing -->", "no article text in the page"),
        (b"<html><head><title>x</title></head><body></body></html>", "no article text in the page"),
        ("<html><body>首页 新闻 <a href='/'>联系我们</a></body></html>".encode(), "no article text in the page"),
        (
            cms_page().replace(BODY_1, "").replace(BODY_2, "").replace(BODY_3, "").encode(),
            "no article text in the page",
        ),
        (b"<frameset><frame src='a.html'></frameset>", "no article text in the page"),
        (b"<html><body><p>\xff\xfe\x80\x81\xfa\x30\xff</p></body></html>", "cannot decode"),
        (codecs.BOM_UTF8 + "<p>中文</p>".encode("gb18030"), "cannot decode as UTF-8"),
        (b"\x00\x01\x02\x03" * 64, "binary file"),
    ],
)
def test_a_page_without_readable_article_text_is_refused_with_its_reason(data, reason):
    with pytest.raises(IngestError, match=reason):
        html_markdown(data)


# Pieces of pages, whole and broken: tags, entities, comments, text, NUL and marks.
PAGE_PIECES = [
    *"<div> </div> <p> </p> </a> <br> <h1> </h1> <table><tr><td> <script> </script> <!-- --> < > & &# &nbsp;".split(),
    *("<a href='x'>", "<![CDATA[", "\x00", "\ufeff", "\n", "<meta charset='gbk'>", "<?xml encoding='x'?>"),
    *("党建引领基层治理，", "群众满意。", "Party "),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PAGE_PIECES), max_size=40), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_any_page_gives_markdown_or_an_ingest_error(pieces, encoding):
    try:
        markdown = html_markdown("".join(pieces).encode(encoding, errors="replace"))
    except IngestError as error:
        assert "\n" not in str(error)
    else:
        assert markdown.endswith("\n") and "<" not in markdown.replace("\\<", "")


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_markdown_or_an_ingest_error(data):
    try:
        html_markdown(data)
    except IngestError:
        pass


# -- work in proportion to the page ----------------------------------------------


def executed_lines(call) -> int:
    """Lines of html_text run during ``call()``: its Python work, on any machine."""
    module = html_text.__file__
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    def in_module(frame, event, arg):
        return count_lines if frame.f_code.co_filename == module else None

    previous = sys.gettrace()
    sys.settrace(in_module)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize(
    "page_of",
    [
        # Nested, each level holding text.
        lambda n: f"<div><p>{BODY_1}</p>" * n,
        # Nested, then paragraphs at the deepest level.
        lambda n: f"<div><p>{BODY_1}</p>" * 300 + f"<p>{BODY_2}</p>" * n,
        # Broad: many paragraphs and link lists.
        lambda n: f"<div>{NAVIGATION}<div class='text'>" + f"<p>{BODY_1}<a href='/x'>链接</a></p>" * n + "</div></div>",
    ],
    ids=["deep", "deep-with-text", "broad"],
)
def test_work_grows_at_most_in_proportion_to_the_page(page_of):
    small, large = (executed_lines(lambda n=n: html_markdown(page_of(n).encode())) for n in (400, 800))
    assert large / small < 2.3
