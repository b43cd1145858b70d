"""Removing web chrome from reports and reading their metadata."""

from __future__ import annotations

import pytest

from dj_tui.analysis.stages.clean import clean_report
from dj_tui.analysis.stages.ingest import read_report

BODY = "今年以来，某县坚持大抓基层的鲜明导向，推动基层党组织全面进步。"
BODY2 = "各级党组织围绕中心、服务大局，把党建优势转化为发展优势。"


def body_text(report) -> str:
    return "".join(s.text for s in report.sentences)


def removed_rules(report) -> dict[str, str]:
    return {line: rule for line, rule in report.removed}


def paragraphs(report) -> list[str]:
    texts: dict[int, str] = {}
    for sentence in report.sentences:
        texts[sentence.paragraph] = texts.get(sentence.paragraph, "") + sentence.text
    return list(texts.values())


# -- page chrome -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "您当前的位置 : 某省网 >> 党的建设杂志 >> 时政 >> 学思想 强党性",
        "当前位置：首页 > 新闻中心 > 党建动态",
        "首页 > 工作动态",
        "组织工作 > 基层党建 > 工作综述",
    ],
)
def test_breadcrumbs_are_removed(line):
    report = clean_report(f"某县党建工作综述\n{line}\n{BODY}")
    assert removed_rules(report)[line] == "breadcrumb"
    assert body_text(report) == BODY


@pytest.mark.parametrize(
    "line",
    ["学习强国学习强国", "某省网微信某省网微信", "西北角西北角", "分享到", "分享到：微信 微博 QQ空间",
     "扫一扫", "打印", "关闭窗口", "【字体：大 中 小】", "【打印本页】【关闭窗口】"],
)
def test_share_buttons_are_removed(line):
    report = clean_report(f"{BODY}\n{line}\n{BODY2}")
    assert removed_rules(report)[line] == "share"
    assert paragraphs(report) == [BODY, BODY2]


@pytest.mark.parametrize("line", ["|", "---", "***", "……", "◆◆◆"])
def test_lone_separators_are_removed(line):
    report = clean_report(f"{BODY}\n{line}\n{BODY2}")
    assert removed_rules(report)[line] == "separator"
    assert paragraphs(report) == [BODY, BODY2]


def test_category_line_under_the_title_is_removed():
    report = clean_report(f"党旗飘扬\n- 综合资讯\n- 2024-07-09 21:24:01\n{BODY}")
    assert removed_rules(report)["- 综合资讯"] == "category"
    assert report.metadata.title == "党旗飘扬"
    assert body_text(report) == BODY


def test_copyright_notice_block_is_removed_and_the_body_resumes():
    text = "\n".join(
        [
            BODY,
            "版权声明",
            "为加强原创内容保护，某报业集团已将其所有的版权统一授予某版权保护中心进行保护、维权及授权许可。",
            "如需使用相关内容，请致电0000-1234567。",
            "某媒体版权保护中心",
            BODY2,
        ]
    )
    report = clean_report(text)
    rules = removed_rules(report)
    assert [rules[line] for line in text.split("\n")[1:5]] == ["copyright"] * 4
    assert paragraphs(report) == [BODY, BODY2]


@pytest.mark.parametrize(
    "line",
    [
        "Copyright © 2024 某县人民政府 All Rights Reserved",
        "版权所有：中共某县委组织部",
        "未经书面授权不得转载、复制或建立镜像",
        "如需使用相关内容，请致电0000-1234567。",
        "版权声明:凡注有稿件来源为“某省网”的稿件，均为某省网版权稿件，转载必须注明来源。",
    ],
)
def test_copyright_lines_are_removed(line):
    report = clean_report(f"{BODY}\n{line}\n某县融媒体中心")
    rules = removed_rules(report)
    assert rules[line] == "copyright"
    assert rules["某县融媒体中心"] == "copyright"  # the sign-off right after it
    assert body_text(report) == BODY


@pytest.mark.parametrize("heading", ["相关新闻", "相关阅读", "【推荐阅读】", "延伸阅读："])
def test_related_news_lists_are_removed(heading):
    items = [
        "- 2023年01月05日甲市以党建推动老干部工作高质量发展",
        "· 乙县“先锋”党建品牌迭代升级纪实",
        "丙区深化党建引领社区治理",
    ]
    report = clean_report("\n".join([BODY, heading, *items, BODY2]))
    rules = removed_rules(report)
    assert [rules[line] for line in [heading, *items]] == ["related-news"] * 4
    assert paragraphs(report) == [BODY, BODY2]
    assert "甲市" not in body_text(report) and "乙县" not in body_text(report)


def test_dates_of_related_headlines_are_not_the_report_date():
    report = clean_report(f"某县党建工作综述\n{BODY}\n相关新闻\n甲市召开组织工作会议\n2023-01-05")
    assert report.metadata.date is None
    assert body_text(report) == BODY


def test_publisher_footer_and_trailing_site_name_are_removed():
    footer = [
        "主办:某省企研会质量信用专委会 承办:某省质量信用评价中心",
        "地址:某省某市红星路1号 电话:0000-62607456",
        "邮编：100000",
        "某ICP备12345678号-1 某公网安备11010502030000号",
        "某省质量信用网",
    ]
    report = clean_report("\n".join([BODY, BODY2, *footer]))
    rules = removed_rules(report)
    assert [rules[line] for line in footer] == ["footer"] * 5
    assert paragraphs(report) == [BODY, BODY2]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("责任编辑：王建国", "editor"),
        ("编辑：李晓梅", "editor"),
        ("【纠错】 【责任编辑：王建国】", "editor"),
        ("原标题：某县推进党建工作", "page-info"),
        ("上一篇：某乡开展主题党日活动", "navigation"),
        ("（完）", "end-mark"),
    ],
)
def test_other_page_furniture_is_removed(line, rule):
    report = clean_report(f"{BODY}\n{BODY2}\n{line}")
    assert removed_rules(report)[line] == rule
    assert report.metadata.authors == ()
    assert paragraphs(report) == [BODY, BODY2]


def test_no_line_is_lost_silently(samples_dir):
    for path in sorted(samples_dir.glob("*.txt")):
        text = read_report(path, 10 * 1024 * 1024)
        report = clean_report(text)
        kept = "".join(body_text(report).split())
        removed = {line for line, _ in report.removed}
        for line in (raw.strip() for raw in text.split("\n")):
            if not line or line in removed:
                continue
            # A dateline or a trailing author is cut off a paragraph's ends.
            for piece in removed:
                if line.startswith(piece):
                    line = line[len(piece) :]
                elif line.endswith(piece):
                    line = line[: -len(piece)]
            assert "".join(line.split()) in kept, (path.name, line)


# -- metadata --------------------------------------------------------------


def test_title_and_subtitle_on_separate_lines():
    report = clean_report(f"党建领航风帆劲 砥砺奋进谱新篇\n——2022年某市基层党建工作综述\n{BODY}")
    assert report.metadata.title == "党建领航风帆劲 砥砺奋进谱新篇"
    assert report.metadata.subtitle == "2022年某市基层党建工作综述"
    assert body_text(report) == BODY


def test_subtitle_on_the_title_line():
    report = clean_report(f"党建领航风帆劲——2022年某市基层党建工作综述\n{BODY}")
    assert report.metadata.title == "党建领航风帆劲"
    assert report.metadata.subtitle == "2022年某市基层党建工作综述"


def test_a_repeated_title_is_not_body():
    report = clean_report(f"某县党建工作综述\n来源：某县融媒体中心\n某县党建工作综述\n{BODY}")
    assert report.metadata.title == "某县党建工作综述"
    assert body_text(report) == BODY


def test_a_report_opening_with_its_subtitle_has_no_title():
    report = clean_report(f"——某市机关工委引领党的建设工作综述\n前言\n{BODY}")
    assert report.metadata.title is None
    assert report.metadata.subtitle == "某市机关工委引领党的建设工作综述"
    assert [s.text for s in report.sentences if s.is_heading] == ["前言"]


def test_a_report_opening_with_prose_has_no_title():
    report = clean_report(f"{BODY}\n凝心铸魂，推动理论武装走深走实\n{BODY2}")
    assert report.metadata.title is None
    assert paragraphs(report) == [BODY, "凝心铸魂，推动理论武装走深走实", BODY2]


def test_section_headings_stay_in_the_body():
    report = clean_report(f"某县党建工作综述\n{BODY}\n强化理论武装“铸魂”\n{BODY2}")
    headings = [s.text for s in report.sentences if s.is_heading]
    assert headings == ["强化理论武装“铸魂”"]


@pytest.mark.parametrize(
    ("line", "date", "source"),
    [
        ("- 2024-07-09 21:24:01", "2024-07-09", None),
        ("2024-04-18 16:33 来源:《党的建设》杂志", "2024-04-18", "《党的建设》杂志"),
        ("来源：人民网", None, "人民网"),
        ("发布时间：2024年3月5日 09:30 来源：某县融媒体中心 浏览次数：1024", "2024-03-05", "某县融媒体中心"),
        ("2023/11/02 星期四", "2023-11-02", None),
        ("【发布日期：２０２４年１月８日】", "2024-01-08", None),
        ("来源：某日报 2024-03-05", "2024-03-05", "某日报"),
        ("時間：2024-03-05 | 來源：某縣委組織部 【字體：大 中 小】", "2024-03-05", "某縣委組織部"),
    ],
)
def test_date_and_source_lines_become_metadata(line, date, source):
    report = clean_report(f"某县党建工作综述\n{line}\n{BODY}")
    assert (report.metadata.date, report.metadata.source) == (date, source)
    assert removed_rules(report)[line] == "date/source"
    assert body_text(report) == BODY


def test_dates_in_prose_are_not_the_report_date():
    prose = "2022年12月8日上午，某市党课开讲啦系列专题宣讲第一讲开讲。"
    report = clean_report(f"某县党建工作综述\n{prose}\n2023年1月5日")
    assert report.metadata.date == "2023-01-05"
    assert clean_report(f"某县党建工作综述\n{prose}").metadata.date is None


def test_an_impossible_date_is_not_invented():
    assert clean_report(f"某县党建工作综述\n2024-02-30 10:00\n{BODY}").metadata.date is None


def test_author_field():
    report = clean_report(f"某县党建工作综述\n作者：王建国 李晓梅\n{BODY}")
    assert report.metadata.authors == ("王建国", "李晓梅")
    assert report.metadata.bylines == ("作者：王建国 李晓梅",)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("记者王建国 李晓梅", ("王建国", "李晓梅")),
        ("赵立新 首席记者 陈思远 记者 刘海燕", ("赵立新", "陈思远", "刘海燕")),
        ("中共某市委常委、某区委书记\u00a0周正平", ("周正平",)),
        ("（记者 张三 通讯员 李四）", ("张三", "李四")),
        ("文/王建国", ("王建国",)),
    ],
)
def test_byline_lines(line, authors):
    report = clean_report(f"某县党建工作综述\n{line}\n{BODY}")
    assert report.metadata.authors == authors
    assert report.metadata.bylines == (line,)
    assert body_text(report) == BODY


def test_author_note_is_a_byline_without_names():
    note = "（本文作者系某县委书记）"
    report = clean_report(f"某县党建工作综述\n{BODY}\n{note}")
    assert report.metadata.bylines == (note,)
    assert report.metadata.authors == ()
    assert body_text(report) == BODY


def test_a_parenthesis_opening_the_body_is_not_taken_for_a_byline():
    first = "（一）今年以来，某县坚持大抓基层的鲜明导向。"
    report = clean_report(f"某县党建工作综述\n{first}")
    assert body_text(report) == first
    assert report.metadata.bylines == ()


def test_dateline_at_the_start_of_the_first_paragraph():
    report = clean_report(f"某市社区开展实事活动\n本报某市讯（通讯员王明李华）{BODY}")
    assert report.metadata.bylines == ("本报某市讯（通讯员王明李华）",)
    # Names written without a separator are kept whole, not split by guesswork.
    assert report.metadata.authors == ("王明李华",)
    assert body_text(report) == BODY


def test_news_agency_dateline():
    report = clean_report(f"某县党建工作综述\n新华社北京10月1日电（记者 张三、李四）{BODY}")
    assert report.metadata.authors == ("张三", "李四")
    assert body_text(report) == BODY


def test_trailing_author_after_the_last_sentence():
    report = clean_report(f"某县党建工作综述\n{BODY}\n为全面建设提供坚强政治保障。 马建华")
    assert report.metadata.authors == ("马建华",)
    assert report.metadata.bylines == ("马建华",)
    assert paragraphs(report)[-1] == "为全面建设提供坚强政治保障。"


def test_trailing_author_on_its_own_line():
    report = clean_report(f"某县党建工作综述\n{BODY}\n{BODY2}\n马建华")
    assert report.metadata.authors == ("马建华",)
    assert paragraphs(report) == [BODY, BODY2]


def test_interview_lines_are_not_bylines():
    text = "某村访谈\n记者：这些年村里有什么变化？\n村支书：变化很大。\n记者手记\n作者简介"
    report = clean_report(text)
    assert report.metadata.authors == ()
    assert len(paragraphs(report)) == 4


def test_absent_metadata_is_none():
    metadata = clean_report(BODY).metadata
    assert (metadata.title, metadata.subtitle, metadata.date, metadata.source) == (None,) * 4
    assert metadata.authors == () and metadata.bylines == ()


# -- text forms ------------------------------------------------------------


def test_traditional_text_is_recognised_and_kept_verbatim():
    text = "黨建引領發展\n記者 王小明\n來源：某縣融媒體中心\n今年以來，全縣黨組織堅持以黨建引領基層治理。\n版權所有 某縣融媒體中心"
    report = clean_report(text)
    assert report.metadata.title == "黨建引領發展"
    assert report.metadata.authors == ("王小明",)
    assert report.metadata.source == "某縣融媒體中心"
    assert [s.text for s in report.sentences] == ["今年以來，全縣黨組織堅持以黨建引領基層治理。"]
    assert report.sentences[0].norm == "今年以来，全县党组织坚持以党建引领基层治理。"


def test_crlf_and_ascii_punctuation():
    report = clean_report("某县党建工作综述\r\n今年以来,某县坚持大抓基层.\r\n各级党组织积极行动!\r")
    assert [s.text for s in report.sentences] == ["今年以来,某县坚持大抓基层.", "各级党组织积极行动!"]


def test_full_width_spaces_around_paragraphs_are_stripped():
    report = clean_report(f"某县党建工作综述\n\u3000\u3000{BODY}\u3000")
    assert body_text(report) == BODY


def test_markdown_syntax_does_not_pollute_the_text():
    text = "\n".join(
        [
            "# 强化党建引领 推动高质量发展",
            "## ——某市党建工作综述",
            "",
            "**记者 张三**",
            "<!-- 编辑备注 -->",
            "近年来，某市坚持**党建引领**，推动[基层治理](http://example.cn)提质增效。![配图](a.png)",
            "",
            "## 一、强化政治引领",
            "- 一是*强化*理论武装。",
            "* 二是夯实基层基础。",
            "> 引用的一段话。",
            "```",
            "代码块里的文字。",
            "```",
            "![只有图片](b.png)",
        ]
    )
    report = clean_report(text, markdown=True)
    assert report.metadata.title == "强化党建引领 推动高质量发展"
    assert report.metadata.subtitle == "某市党建工作综述"
    assert report.metadata.authors == ("张三",)
    assert paragraphs(report) == [
        "近年来，某市坚持党建引领，推动基层治理提质增效。",
        "一、强化政治引领",
        "一是强化理论武装。",
        "二是夯实基层基础。",
        "引用的一段话。",
        "代码块里的文字。",
    ]
    for marker in ("#", "*", "[", "](", "!", ">", "`", "<!--"):
        assert marker not in body_text(report)


def test_markdown_title_is_the_first_level_one_heading():
    report = clean_report(f"导读：一行引子\n# 真正的标题\n{BODY}", markdown=True)
    assert report.metadata.title == "真正的标题"
    assert "真正的标题" not in body_text(report)


# -- the bundled samples ---------------------------------------------------

SAMPLES = {
    "anhui-qiangji-guben.txt": dict(
        title=None, subtitle=None, date=None, source=None, authors=(),
        first="基层是党的执政之基", last="以实绩论英雄",
    ),
    "dingxi-anding-wuda-gongcheng.txt": dict(
        title="深入实施“五大工程” 以高质量党建引领 谱写中国式现代化安定实践新篇章",
        subtitle=None, date="2024-04-18", source="《党的建设》杂志", authors=("蔺红军",),
        first="加强基层党组织建设事关", last="实施“责任聚焦”制度引领工程",
    ),
    "shuangyashan-sanhang-xingdong.txt": dict(
        title=None, subtitle="市直机关工委“三航行动”引领党的建设工作综述", date=None, source=None,
        authors=("奚玉明", "杨军", "李莹莹"), first="前言", last="时光不肯停留",
    ),
    "suzhou-dangqi-piaoyang.txt": dict(
        title="党旗飘扬风正劲", subtitle=None, date="2024-07-09", source=None, authors=("马竞",),
        first="仲夏时节", last="今年是新中国成立75周年",
    ),
    "wuwei-2022-jiceng-dangjian.txt": dict(
        title="党建领航风帆劲 砥砺奋进谱新篇", subtitle="2022年武威市基层党建工作综述", date=None,
        source=None, authors=("甘曜毓", "韩筱蓓"), first="城市面貌日新月异", last="征程万里风正劲",
    ),
}
CHROME_WORDS = ("版权", "相关新闻", "分享到", "地址:", "主办:", "您当前的位置", "学习强国学习强国", "ICP", "|")


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples(samples_dir, name):
    expected = SAMPLES[name]
    report = clean_report(read_report(samples_dir / name, 10 * 1024 * 1024))
    metadata = report.metadata
    assert metadata.title == expected["title"]
    assert metadata.subtitle == expected["subtitle"]
    assert metadata.date == expected["date"]
    assert metadata.source == expected["source"]
    assert metadata.authors == expected["authors"]
    body = paragraphs(report)
    assert body[0].startswith(expected["first"])
    assert body[-1].startswith(expected["last"])
    for sentence in report.sentences:
        for word in CHROME_WORDS:
            assert word not in sentence.text, (word, sentence.text)
    if metadata.title:
        assert metadata.title not in body_text(report)


def test_sample_body_keeps_every_paragraph(samples_dir):
    # wuwei has 57 lines: 43 paragraphs of body, the rest header and chrome.
    report = clean_report(read_report(samples_dir / "wuwei-2022-jiceng-dangjian.txt", 10 * 1024 * 1024))
    assert len(paragraphs(report)) == 43
    assert sum(1 for _, rule in report.removed if rule == "related-news") == 5

