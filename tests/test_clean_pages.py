"""Metadata and furniture of newspaper pages and saved web pages: headline, kicker, citation, captions, credits."""

from __future__ import annotations

import pytest
from test_clean import BODY, BODY2, body_text, paragraphs, removed_rules

from dj_tui.analysis.stages.clean import clean_report

# -- newspaper pages, saved pages and their furniture -----------------------

# A newspaper page as a Markdown file: kicker above the headline, the byline
# and the paper's citation on one quoted line, captions with photo credits,
# each printed again without its credit.
NEWSPAPER_PAGE = "\n".join(
    [
        "### 某省某县深化党建引领乡村治理——",
        "",
        "# 小网格  大治理（基层一线）",
        "",
        "> 本报记者  章  远  贺新民《某某日报》（2024年05月07日第 11 版）",
        "",
        "图①：某县某镇党员志愿者走访农户。",
        "",
        "钱  立摄",
        "",
        "某县某村，村干部为群众讲解政策。　　吕成摄（某某视觉）",
        "",
        "某县某村，村干部为群众讲解政策。",
        "",
        "吕成摄（某某视觉）",
        "",
        BODY,
        "",
        "本报记者  严  冬",
        "",
        BODY2,
    ]
)


@pytest.mark.parametrize("markdown", [True, False], ids=["as Markdown", "as plain text"])
def test_newspaper_page_title_kicker_date_source_and_authors(markdown):
    # Read as plain text, its Markdown marks still stay out of the metadata.
    report = clean_report(NEWSPAPER_PAGE, markdown=markdown)
    metadata = report.metadata
    assert metadata.title == "小网格  大治理（基层一线）"
    assert metadata.subtitle == "某省某县深化党建引领乡村治理"
    assert (metadata.date, metadata.source) == ("2024-05-07", "某某日报")
    # A padded two-character name (章  远) is one name; a photographer is no author.
    assert metadata.authors == ("章远", "贺新民", "严冬")
    assert paragraphs(report) == [BODY, BODY2]


def test_a_kicker_and_a_subtitle_are_both_kept():
    report = clean_report(f"某市机关工委——\n强基固本开新局\n——某市机关党建工作综述\n{BODY}")
    assert report.metadata.title == "强基固本开新局"
    assert report.metadata.subtitle == "某市机关工委——某市机关党建工作综述"


@pytest.mark.parametrize(
    ("line", "date", "source", "authors"),
    [
        ("《某某日报》（2023年10月09日第 5 版）", "2023-10-09", "某某日报", ()),
        ("严冬《某某日报》（2023年10月09日 第05版）", "2023-10-09", "某某日报", ("严冬",)),
        ("本报记者 甘  雨《某省日报》（2023年10月09日）", "2023-10-09", "某省日报", ("甘雨",)),
        ("2023年10月09日  星期一  第17版：市州新闻  上一版  下一版", "2023-10-09", None, ()),
        ("版次：05  版名：要闻  2023年10月09日", "2023-10-09", None, ()),
        ("2021-05-31　来源：《某某日报》收藏", "2021-05-31", "某某日报", ()),
    ],
)
def test_newspaper_citation_and_epaper_lines(line, date, source, authors):
    report = clean_report(f"某县党建工作综述\n{line}\n{BODY}")
    metadata = report.metadata
    assert (metadata.date, metadata.source, metadata.authors) == (date, source, authors)
    assert body_text(report) == BODY


def test_only_a_citation_line_dates_the_report_never_one_in_prose():
    prose = "他说，这篇报道刊登在《某某日报》（2022年01月05日第 5 版）"
    text = f"某县党建工作综述\n{BODY}\n{prose}\n《某省日报》（2023年10月09日第 5 版）"
    report = clean_report(text)
    assert (report.metadata.date, report.metadata.source) == ("2023-10-09", "某省日报")
    assert paragraphs(report) == [BODY, prose]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("某某新闻网>>党建", "breadcrumb"),
        ("第17版：市州新闻 上一版", "page-info"),
        ("APP下载 注册登录", "share"),
        ("新闻热线：0000-1234567", "footer"),
        ("图①：某县党员志愿者走访农户。", "caption"),
        ("某县融媒体中心供图", "caption"),
        ("![](https://example.cn/logo.png)", "markup"),
        ("<center>==========</center>", "separator"),
        ("某某新闻网", "site-name"),
    ],
)
def test_page_furniture_above_the_headline_is_never_the_title(line, rule):
    report = clean_report(f"{line}\n某县推进党建引领基层治理\n{BODY}")
    assert removed_rules(report)[line] == rule
    assert report.metadata.title == "某县推进党建引领基层治理"
    assert body_text(report) == BODY


def test_a_line_shaped_like_a_site_name_is_one_only_when_a_headline_follows():
    site = clean_report(f"某某新闻网\n来源：某县融媒体中心\n织密基层治理网\n{BODY}")
    assert site.metadata.title == "织密基层治理网"
    assert removed_rules(site)["某某新闻网"] == "site-name"
    headline = clean_report(f"织密基层治理网\n来源：某县融媒体中心\n{BODY}")
    assert headline.metadata.title == "织密基层治理网"
    assert body_text(site) == body_text(headline) == BODY


def test_a_saved_page_without_a_headline_has_no_title():
    text = "\n".join(
        [
            "<center>==========</center>",
            "<center>==========</center>",
            "",
            "2022-05-26 14:27",
            "",
            "北京",
            "",
            "来源：某某新闻·政务号",
            "",
            "![](https://example.cn/a.jpg)",
            "",
            BODY,
        ]
    )
    for markdown in (False, True):
        report = clean_report(text, markdown=markdown)
        assert report.metadata.title is None
        assert (report.metadata.date, report.metadata.source) == ("2022-05-26", "某某新闻·政务号")


def test_photo_captions_and_platform_disclaimers_leave_the_body():
    text = "\n".join(
        [
            BODY,
            "某县党员志愿者服务队活动现场（某县委组织部供图）",
            "党员带头清扫村道。　　华  明摄",
            "党员带头清扫村道。",
            BODY2,
            "特别声明",
            "本文为某某号作者在本平台发布，仅代表该作者观点，不代表本平台的观点或立场。",
            "主编｜祝某",
            "识别二维码",
            "关注我们",
        ]
    )
    report = clean_report(text)
    assert paragraphs(report) == [BODY, BODY2]
    assert report.metadata.authors == ()


def test_a_photo_credit_ends_a_caption_but_the_verb_of_photography_does_not():
    prose = "村里的变化 他用手机一一拍摄"
    report = clean_report(f"某县党建工作综述\n{BODY}\n党员带头清扫村道。　华明摄\n{prose}")
    assert paragraphs(report) == [BODY, prose]


# -- credits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        # 本报 names no paper: the source stays unknown.
        ("本报某地讯（通讯员 祁明报道）", ("祁明",), None),
        ("某某新闻网某地讯（通讯员 祁明报道）", ("祁明",), "某某新闻网"),
        ("某市日报某地讯（记者 祁明 摄影 戴青）", ("祁明",), "某市日报"),
    ],
)
def test_dateline_outlet_is_the_source(line, authors, source):
    report = clean_report(f"某县党建工作综述\n{line}{BODY}")
    assert (report.metadata.authors, report.metadata.source) == (authors, source)
    assert body_text(report) == BODY


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("新华社记者 祁明 戴青", ("祁明", "戴青"), "新华社"),
        ("某省日报记者 祁明", ("祁明",), "某省日报"),
        ("本报记者  章  远  贺新民", ("章远", "贺新民"), None),
        ("文/图 祁明", ("祁明",), None),
        ("记者 祁明 摄影 戴青", ("祁明",), None),
        ("文字：祁明", ("祁明",), None),
    ],
)
def test_byline_roles_outlets_and_photographers(line, authors, source):
    report = clean_report(f"某县党建工作综述\n{line}\n{BODY}")
    assert (report.metadata.authors, report.metadata.source) == (authors, source)
    assert body_text(report) == BODY


def test_photographers_editors_and_placeholders_are_not_authors():
    credits = ["文字：祁明", "摄影：戴青", "图：戴青", "图片：某学院党建工作中心", "审核：XXX", "责任编辑：严冬", "戴  青摄"]
    report = clean_report("\n".join(["某县党建工作综述", BODY, BODY2, *credits]))
    assert report.metadata.authors == ("祁明",)
    assert paragraphs(report) == [BODY, BODY2]


def test_names_are_split_only_where_the_text_separates_them():
    # Glued names stay whole; a full-width space separates; a padded name (章  远) is one.
    report = clean_report(f"某县党建工作综述\n本报某地讯（通讯员祁明戴青 严冬\u3000章  远）{BODY}")
    assert report.metadata.authors == ("祁明戴青", "严冬", "章远")
    assert body_text(report) == BODY


@pytest.mark.parametrize("blank", ["XXX", "ＸＸ", "某某", "***"])
def test_a_source_left_as_a_placeholder_is_no_source(blank):
    report = clean_report(f"某学院党支部开展主题党日活动\n\n来源：{blank}\n\n{BODY}")
    assert report.metadata.source is None


def test_a_page_saying_its_author_is_unknown_and_its_source_is_itself_names_neither():
    report = clean_report(f"某中学党建工作年度述职评议\n\n作者：佚名　来源：本站原创　发布时间：2020-03-08\n\n{BODY}")
    assert report.metadata.authors == () and report.metadata.source is None
    assert report.metadata.date == "2020-03-08"
