"""Header lines of dates and labelled fields: when a report was published, where and by whom.

A line made only of dates and `label：value` fields (发布时间：, 来源：, 作者：,
责任编辑：, 浏览次数：…) gives the report's date, its source and its author
credits; the editors, view counts, photo credits, page tools and an e-paper's
page numbers (第17版:市州新闻 上一版) on it go with the line. A newspaper's
citation (《某日报》（2025年03月25日第 19 版）) gives the date and the paper,
and the credit before it (本报记者  张三《某日报》（…）) the authors.
``clean`` asks ``parse_fields`` of every line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dj_tui.analysis.stages.clean_bylines import author_field_names, credit_names, name_text
from dj_tui.analysis.stages.clean_chrome import is_share_buttons, tools_suffix_start
from dj_tui.analysis.stages.clean_lines import SENTENCE_END, blank, trim
from dj_tui.analysis.stages.textnorm import HAN

_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?(?!\d)")
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
# An e-paper's page number and name (第17版:市州新闻, 第 19 版) and its page
# and issue links: on a date line they are the paper's furniture.
_PAGE_NUMBER = re.compile(
    rf"第\s*[\d一二三四五六七八九十]{{1,3}}\s*版(?:\s*[:：]\s*[{HAN}]{{2,10}}?(?=[\s|｜丨]|$|上一|下一))?"
)
_EPAPER_LINKS = re.compile(r"上一版|下一版|上一期|下一期|版面导航|本版导航|返回目录|往期回顾|PDF版?", re.IGNORECASE)
# 《某日报》（2025年03月25日第 19 版）, at the end of a line.
_PAPER_CITATION = re.compile(
    r"《(?P<paper>[^《》]{2,20})》\s*[（(]\s*(?P<date>[^（）()]{6,20}?)\s*"
    r"(?:第\s*[\d一二三四五六七八九十]{1,3}\s*版)?\s*[）)]\s*$"
)
_FIELD_FILLER = re.compile(r"[\s|｜丨/\-—·•【】\[\]()（）]+")
_BULLET = re.compile(r"^[-*•·]\s+")
_FIELD_PUNCT = "|｜丨【】[]（）()"

_SOURCE_LABELS = ("信息来源", "文章来源", "稿件来源", "新闻来源", "本文来源", "来源", "稿源", "出处")
_DATE_LABELS = ("发布时间", "发布日期", "更新时间", "发表时间", "时间", "日期")
# A field that names its writers loosely (作者：张三（某单位）) still counts;
# a strict one (图：, 记者：) must hold names only, or it is prose such as a
# caption or an interview question.
_LOOSE_AUTHOR_LABELS = ("作者", "撰稿", "撰文")
_STRICT_AUTHOR_LABELS = ("记者", "通讯员", "文字", "文")
# A photographer is credited, not an author; the value may name a unit.
_PHOTO_LABELS = ("摄影", "图片", "图")
_EDITOR_LABELS = (
    "责任编辑", "网络编辑", "值班编辑", "执行主编", "副主编", "主编", "美编", "排版", "编辑", "责编",
    "编审", "审核", "审校", "校对", "初审", "复审", "终审", "签发", "监制",
)
_COUNT_LABELS = (
    "浏览次数", "浏览量", "浏览", "阅读量", "阅读次数", "阅读数", "阅读", "点击数", "点击量", "点击率",
    "点击", "访问量",
)
_PAGE_LABELS = (
    "字号", "字体", "发布者", "发布人", "发布机构", "供稿", "供图", "供稿单位", "图片来源", "原标题",
    "版次", "版名", "版面", "数据来源",
)
_FIELD_LABEL = re.compile(
    "(?P<label>"
    + "|".join(
        sorted(
            _SOURCE_LABELS
            + _DATE_LABELS
            + _LOOSE_AUTHOR_LABELS
            + _STRICT_AUTHOR_LABELS
            + _EDITOR_LABELS
            + _COUNT_LABELS
            + _PAGE_LABELS
            + _PHOTO_LABELS,
            key=len,
            reverse=True,
        )
    )
    # A label ends with a colon, or with the bar of a WeChat footer (主编｜张三).
    + r")\s*[:：｜丨|]"
)
_FIELD_LINE_MAX = 120
_FIELD_VALUE_MAX = 50
_COUNT_VALUE = re.compile(r"[\d,]*\s*次?")
_BRACKET_GROUP = re.compile(r"[【\[][^【】\[\]]{1,20}[】\]]")


@dataclass
class Fields:
    """What one date/source line says."""

    date: str | None = None
    source: str | None = None
    author_segments: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    editors: bool = False


def parse_fields(norm: str, text: str) -> Fields | None:
    """Read a header line made only of dates and `label：value` fields.

    `2024-04-18 16:33 来源:《党的建设》杂志`, `- 2024-07-09 21:24:01`,
    `发布时间：… 作者：… 浏览次数：…`, `本报记者 张三《某日报》（2025年03月25日第 19 版）`.
    Anything else on the line (a sentence, an unknown label) means it is not
    such a line.
    """
    # Buttons on the line (【字体：大 中 小】, 【纠错】) are blanked, not deleted,
    # so that offsets into ``text`` stay valid.
    masked = _BRACKET_GROUP.sub(_blank_buttons, norm)
    masked = _BULLET.sub(blank, masked, count=1)
    if len(masked.strip()) > _FIELD_LINE_MAX:
        return None
    fields = Fields()
    citation = _PAPER_CITATION.search(masked)
    if citation:
        fields.date = _only_date(citation.group("date"))
        if fields.date is None:
            return None
        fields.source = text[citation.start("paper") : citation.end("paper")]
        masked = masked[: citation.start()]
        if masked.strip() and not _FIELD_LABEL.search(masked):
            return _cited_credit(masked, text, fields)
    masked, page_marks = _PAGE_NUMBER.subn(blank, masked)
    masked, page_links = _EPAPER_LINKS.subn(blank, masked)
    labels = list(_FIELD_LABEL.finditer(masked))
    only_dates, found_date = _only_dates(masked[: labels[0].start()] if labels else masked)
    if not only_dates:
        return None
    if not labels and found_date is None and not (citation or page_marks or page_links):
        return None
    fields.date = fields.date or found_date
    for label, following in zip(labels, [*labels[1:], None]):
        value_end = following.start() if following else len(masked)
        start, end = trim(masked, label.end(), value_end, _FIELD_PUNCT)
        value = masked[start:end]
        if len(value) > _FIELD_VALUE_MAX or SENTENCE_END.search(value):
            return None
        name = label.group("label")
        if name in _DATE_LABELS:
            only_dates, found_date = _only_dates(value)
            if not only_dates or found_date is None:
                return None
            fields.date = fields.date or found_date
            continue
        # `来源：某日报 2024-03-05`, `版名：要闻 2024-03-05`: a date after the value is the date.
        dated = _DATE.search(value)
        if dated and (found_date := _only_date(value[dated.start() :])):
            fields.date = fields.date or found_date
            start, end = trim(masked, start, start + dated.start(), _FIELD_PUNCT)
            value = masked[start:end]
        if name in _SOURCE_LABELS:
            fields.source = fields.source or _source_name(masked, text, start, end)
        elif name in _LOOSE_AUTHOR_LABELS or name in _STRICT_AUTHOR_LABELS:
            names, names_only = author_field_names(value)
            if name in _STRICT_AUTHOR_LABELS and not names_only:
                return None
            if value:
                fields.author_segments.append(text[label.start() : end])
                fields.authors.extend(name_text(text, (start + a, start + b)) for a, b in names)
        elif name in _EDITOR_LABELS:
            fields.editors = True
        elif name in _COUNT_LABELS and not _COUNT_VALUE.fullmatch(value):
            return None
    return fields


def _cited_credit(masked: str, text: str, fields: Fields) -> Fields | None:
    """The credit before a newspaper's citation (`本报记者  张  帆  李四`, `马国栋`), or None when it is prose."""
    names = credit_names(masked, 0, len(masked))
    if names is None:
        return None
    start, end = trim(masked, 0, len(masked))
    fields.author_segments.append(text[start:end])
    fields.authors.extend(name_text(text, span) for span in names)
    return fields


# A form's blank left unfilled (来源：XXX, 来源：某某) or naming no one (本站原创): no source.
_PLACEHOLDER = re.compile(r"[XxＸｘ×*＊?？_＿.…]+|某+|本站(?:原创)?|原创|不详|未知|佚名")


def _source_name(masked: str, text: str, start: int, end: int) -> str | None:
    """The source at ``[start:end]``: without buttons glued on (某报收藏) or 《》 around a lone title."""
    start, end = trim(masked, start, tools_suffix_start(masked, start, end), _FIELD_PUNCT)
    if masked.startswith("《", start) and masked.find("》", start) == end - 1:
        start, end = start + 1, end - 1
    name = text[start:end]
    return None if not name or _PLACEHOLDER.fullmatch(name) else name


def _blank_buttons(match: re.Match[str]) -> str:
    return blank(match) if is_share_buttons(match.group()) else match.group()


def _only_date(norm: str) -> str | None:
    """The date ``norm`` holds when it holds nothing else."""
    only_dates, found = _only_dates(norm)
    return found if only_dates else None


def _only_dates(norm: str) -> tuple[bool, str | None]:
    """Whether ``norm`` holds nothing but dates, times and separators; and its first valid date."""
    first: str | None = None
    for match in _DATE.finditer(norm):
        first = first or _iso_date(*match.groups())
    rest = _FIELD_FILLER.sub("", _WEEKDAY.sub("", _TIME.sub("", _DATE.sub("", norm))))
    return rest == "", first


def _iso_date(year: str, month: str, day: str) -> str | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value.isoformat() if 1900 <= value.year <= 2100 else None
