"""Separating a report's body from web-page chrome, and reading its metadata.

Reports are pasted from news sites and government portals, so around the body
there are breadcrumbs, date and source lines, bylines, copyright notices,
related-news lists, share buttons and publisher footers. Each kind is
recognised by the shape of a whole line (and, for lists and notices, by the
block it opens), never by a site's name, so the rules carry over to pages
nobody has seen. Every non-blank line ends up either in the body or in
``CleanedReport.removed`` with the rule that took it, title and bylines
included, so nothing disappears silently.

The text is read once, line by line; all patterns are compiled at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dj_tui.analysis.models import CleanedReport, Metadata
from dj_tui.analysis.stages.markdown_text import plain_lines
from dj_tui.analysis.stages.sentences import build_sentences
from dj_tui.analysis.stages.textnorm import normalize

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ALNUM = re.compile(r"[^\W_]")
_LINE_BREAK = re.compile(r"\r\n?|\n|[\u2028\u2029]")
# A line ends like a sentence: final punctuation, then any closing quotes.
_SENTENCE_END = re.compile(r"(?:[。！？；!?;]|…|\.{3})[”’」』）)》\"']*$")
_CLAUSE_END = re.compile(r"[。；;：:，,、]$")

# ---------------------------------------------------------------------------
# Page chrome, recognised anywhere in the text.

_BREADCRUMB_START = re.compile(
    r"^(?:您|你)?(?:当前|现在|目前)?的?(?:所在)?位置\s*[:：>]|^首页\s*(?:>>|>|»|＞|›|→|/)"
)
# Parts lose their white space after the split: a separator pattern opening
# with \s* was tried from every position of a long run of spaces (quadratic).
_CRUMB_SEP = re.compile(r">>|->|>|»|＞|›|→")
_CRUMB_MAX_PART = 24

# Share buttons rendered as text: the image's alt text followed by its title,
# so the same label twice (学习强国学习强国).
_DOUBLED = re.compile(r"(.{2,20})\1")
_DOUBLED_MAX = 40
_SHARE_LINE_MAX = 60
_TOOL_LINE_MAX = 80
_SHARE_START = re.compile(r"^(?:分享到|分享至|分享给|扫一扫|微信扫一扫|扫码|扫描二维码)")
_TOOL_SPLIT = re.compile(r"[\s|｜丨/、:：,，·•【】\[\]()（）<>]+")
_TOOL_WORDS = frozenset(
    """分享 分享到 分享至 扫一扫 微信扫一扫 手机扫一扫 扫码 扫描二维码 二维码 打印 打印本页 打印此页
    打印本文 关闭 关闭窗口 关闭本页 收藏 加入收藏 收藏本页 返回 返回顶部 返回首页 返回列表 顶部
    字体 字号 大 中 小 默认 放大 缩小 微信 微博 新浪微博 腾讯微博 qq qq空间 qq好友 朋友圈 微信好友
    复制链接 人人网 豆瓣 点赞 纠错 我要纠错 评论 发表评论 举报 手机看 手机版 繁体 简体
    无障碍 听全文 阅读全文 上一篇 下一篇 更多 视力保护色""".split()
)
_END_MARK = re.compile(r"^[（(【\[]?(?:完|全文完|本文完|end)[）)】\]]?$", re.IGNORECASE)
_NAVIGATION = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]")

_COPYRIGHT_HEADING = re.compile(r"^[【\[]?(?:版权声明|免责声明|版权说明|版权申明|声明\s*[:：])")
_COPYRIGHT_LINE = re.compile(
    r"copyright|©|all rights reserved|版权所有|转载请注明|"
    r"未经.{0,30}(?:许可|授权|同意|允许).{0,15}(?:不得|禁止|严禁|请勿).{0,10}"
    r"(?:转载|复制|使用|镜像|传播|改编)|"
    r"(?:如需|如要|若需|如果需要)(?:转载|使用|引用)",
    re.IGNORECASE,
)
_COPYRIGHT_LINE_MAX = 200
# Inside a notice block: lines that still talk about rights and permissions.
_COPYRIGHT_WORDS = re.compile(
    r"版权|转载|授权|侵权|维权|著作权|许可|未经|致电|法律责任|copyright|©", re.IGNORECASE
)
# A short line naming an organisation, signing off a notice or a footer.
_ORG_SUFFIX = re.compile(
    r"(?:中心|网|网站|社|集团|杂志|报|编辑部|办公室|委员会|部|局|厅|站|台|公司|协会|学会|研究会|研究院|研究所)$"
)
_SIGN_OFF_MAX = 25

_RELATED_HEADING = re.compile(
    r"^[【\[]?(?:相关新闻|相关阅读|推荐阅读|延伸阅读|相关链接|相关文章|相关稿件|相关报道|热点推荐|"
    r"精彩推荐|热门推荐|猜你喜欢|更多阅读|往期回顾|热门文章|热文推荐|图片新闻|专题推荐)[】\]]?\s*[:：]?$"
)
_LIST_MARK = re.compile(r"^(?:[-*•·●◆◇▪■□►▶>]|\d{1,2}[.、)）])\s*")
_DATE_START = re.compile(r"^\s*(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}")
_RELATED_ITEM_MAX = 60

_FOOTER_LABEL = re.compile(
    r"^(?:主办|承办|协办|主管|主办单位|承办单位|主管单位|运营|运维|技术支持|网站维护|地址|通讯地址|"
    r"联系地址|单位地址|电话|联系电话|举报电话|传真|邮编|邮政编码|电子邮箱|邮箱|e-?mail|联系我们|"
    r"网站标识码|备案号|备案编号)\s*[:：]",
    re.IGNORECASE,
)
_FOOTER_MARK = re.compile(
    r"icp\s*(?:备|证)|公网安备|网安备|网站标识码|(?:邮编|邮政编码)\s*[:：]?\s*\d{6}", re.IGNORECASE
)
_FOOTER_MAX = 200

# ---------------------------------------------------------------------------
# Date, source and other labelled fields of the article header.

_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?(?!\d)")
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
_FIELD_FILLER = re.compile(r"[\s|｜丨/\-—·•【】\[\]()（）]+")
_BULLET = re.compile(r"^[-*•·]\s+")
_FIELD_PUNCT = "|｜丨【】[]（）()"

_SOURCE_LABELS = ("信息来源", "文章来源", "稿件来源", "新闻来源", "本文来源", "来源", "稿源", "出处")
_DATE_LABELS = ("发布时间", "发布日期", "更新时间", "发表时间", "时间", "日期")
# A field that names its writers loosely (作者：张三（某单位）) still counts;
# a strict one (图：, 记者：) must hold names only, or it is prose such as a
# caption or an interview question.
_LOOSE_AUTHOR_LABELS = ("作者", "撰稿", "撰文")
_STRICT_AUTHOR_LABELS = ("记者", "通讯员", "摄影", "文", "图")
_EDITOR_LABELS = (
    "责任编辑", "网络编辑", "值班编辑", "编辑", "责编", "编审", "审核", "审校", "校对", "初审",
    "复审", "终审", "签发", "监制",
)
_COUNT_LABELS = (
    "浏览次数", "浏览量", "浏览", "阅读量", "阅读次数", "阅读数", "阅读", "点击数", "点击量", "点击率",
    "点击", "访问量",
)
_PAGE_LABELS = (
    "字号", "字体", "发布者", "发布人", "发布机构", "供稿", "供图", "供稿单位", "图片来源", "原标题",
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
            + _PAGE_LABELS,
            key=len,
            reverse=True,
        )
    )
    + r")\s*[:：]"
)
_FIELD_LINE_MAX = 120
_FIELD_VALUE_MAX = 50
_COUNT_VALUE = re.compile(r"[\d,]*\s*次?")
_BRACKET_GROUP = re.compile(r"[【\[][^【】\[\]]{1,20}[】\]]")

# ---------------------------------------------------------------------------
# Bylines.

# Common surnames: a bare two- or three-character line, or a word after the
# last sentence, is taken for a person's name only if it starts with one.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包"
    "宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳"
    "穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋"
    "商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺"
    "楼盘满闻位厉伊仝区郜阚权帅屠朴盖练廉禹井祖漆巴丰卿狄计索宣晋芮普阙浦戈伏鹿薄邸雍辜羊乌母裘亓"
    "修邰赫杭况宿鲜印逯隆茹诸战慕危亢嵇湛宾戎勾茅揭尉冶衣昝幸奉植衡富尧闭"
)
# Words that follow a role word in headings (作者简介, 通讯员管理) and happen
# to start with a surname.
_NOT_NAMES = frozenset("简介 管理 须知 风采 名单 队伍".split())
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门".split()
)
_ROLE = re.compile(
    r"(?:本报|本刊|本网|本台)?(?:首席记者|特约记者|见习记者|实习记者|全媒体记者|融媒体记者|驻站记者|"
    r"记者|特约通讯员|通讯员|实习生|撰稿|撰文|(?<!工)作者|摄影|文[/／｜|:：]|图[/／｜|:：])"
)
_NAME_PIECE = re.compile(r"[^\s、，,;；/／｜|:：]+")
_NAME = re.compile(rf"[{_HAN}·]{{2,}}")
_NAME_MAX = 4  # longer runs are several names written together
_GLUED_NAMES_MAX = 12
_BYLINE_MAX = 50
_BRACKETED = re.compile(r"^[（(【\[].*[）)】\]]$")
_AUTHOR_NOTE = re.compile(r"^[（(]\s*(?:本文)?作者(?:系|为|是|单位)[^（）()]{1,80}[）)]$")
_POSITION_BYLINE = re.compile(
    rf"^(?P<position>[^。！？；;!?]{{2,40}}?(?:书记|常委|委员|部长|主任|局长|厅长|处长|科长|市长|县长|区长|"
    r"省长|州长|盟长|旗长|镇长|乡长|主席|院长|校长|所长|社长|会长|行长|董事长|总经理|经理|理事长|秘书长|"
    r"组长|队长|站长|馆长|团长|政委|检察长|调研员|巡视员|负责人|教授|研究员|讲师))"
    rf"\s*(?P<name>[{_HAN}]{{2,4}})$"
)
_BARE_NAMES = re.compile(rf"^[{_HAN}]{{2,3}}(?:[\s、]+[{_HAN}]{{2,3}})*$")
_MEDIA = (
    r"(?:本报|本刊|本网|本台|新华社|中新社|中新网|人民网|新华网|央视网|央广网|光明网|中国新闻网|"
    rf"[{_HAN}]{{2,8}}?(?:日报|晚报|时报|报|电视台))"
)
# 本报咸阳讯（通讯员阎晋于文哲） / 新华社北京10月1日电（记者 张三）
_DATELINE = re.compile(
    rf"^{_MEDIA}[{_HAN}]{{0,6}}?(?:讯|\d{{1,2}}月\d{{1,2}}日电)"
    r"(?:\s*[（(](?P<credit>[^（）()]{1,60})[）)])?"
)
_CREDIT_PREFIX = re.compile(r"^[（(](?P<credit>[^（）()]{1,60})[）)]")
_TRAILING_NAME = re.compile(
    rf"^(?P<body>.*(?:[。！？!?…]|[。！？!?][”’」』）)]))\s+"
    rf"(?P<byline>[{_HAN}]{{2,3}}(?:[\s、]+[{_HAN}]{{2,3}})*)$"
)
_TRAILING_CREDIT = re.compile(
    r"^(?P<body>.*[。！？!?…”’」』])\s*(?P<byline>[（(][^（）()]{2,60}[）)])$"
)

# ---------------------------------------------------------------------------
# Title.

_TITLE_MAX = 64
_SUBTITLE = re.compile(r"^(?:——|—|--|──|－－)\s*(?P<text>\S.*)$")
# The title ends in a non-space character, so the white space before the dash
# is read once, not again from each of its positions (quadratic in a long run).
_SUBTITLE_INLINE = re.compile(r"^(?P<title>.*?\S)\s*(?:——|──|－－)\s*(?P<subtitle>\S.*)$")
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|"
    r"第[一二三四五六七八九十\d]+[章节部分篇])"
)
_SECTION_WORDS = frozenset(
    "前言 引言 导语 编者按 序言 序 摘要 内容提要 提要 按语 结语 结束语 简介 附件".split()
)
_CATEGORY = re.compile(r"^(?:[-*•·]\s*\S{2,8}|(?:栏目|频道|分类|类别)\s*[:：].{0,20})$")


@dataclass
class _Line:
    """One non-blank line: the original text and its normalised twin.

    The rules read ``norm`` (simplified characters, unified punctuation and
    digits, so 來源 and 来源 look alike); everything kept is cut from ``text``
    at the same offsets, because both have the same length.
    """

    number: int  # position in the input, to keep ``removed`` in document order
    text: str
    norm: str
    heading: int = 0  # markdown heading level, 0 for plain lines

    @classmethod
    def make(cls, number: int, raw: str, heading: int = 0) -> _Line:
        text = raw.strip()
        return cls(number, text, normalize(text), heading)

    def keep(self, start: int, end: int) -> None:
        """Keep only ``[start:end]``, without surrounding white space."""
        start, end = _trim(self.norm, start, end)
        self.text, self.norm = self.text[start:end], self.norm[start:end]


@dataclass
class _Fields:
    """What one date/source line says."""

    date: str | None = None
    source: str | None = None
    author_segments: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    editors: bool = False


def clean_report(text: str, *, markdown: bool = False) -> CleanedReport:
    """Split ``text`` into metadata, body sentences and removed chrome."""
    cleaner = _Cleaner()
    raw_lines = _LINE_BREAK.split(text)
    if markdown:
        lines = [_Line.make(*line) for line in plain_lines(raw_lines, cleaner.removed)]
        cleaner.title_needs_heading = any(line.heading == 1 for line in lines)
    else:
        lines = [_Line.make(number, raw) for number, raw in enumerate(raw_lines)]
    for line in lines:
        if line.text:
            cleaner.feed(line)
    return cleaner.finish()


class _Cleaner:
    def __init__(self) -> None:
        self.title: _Line | None = None
        self.subtitle: str | None = None
        self.date: str | None = None
        self.source: str | None = None
        self.authors: list[str] = []
        self.bylines: list[str] = []
        self.removed: list[tuple[int, str, str]] = []
        self.body: list[_Line] = []
        # The block a heading line opened ("copyright", "related-news",
        # "footer"): following lines of the same kind belong to it.
        self.block: str | None = None
        self.in_header = True
        # In markdown with a `# ` heading, that heading and no other line is the title.
        self.title_needs_heading = False

    # -- driving ------------------------------------------------------------

    def feed(self, line: _Line) -> None:
        rule = self._chrome_rule(line.norm)
        # Inside a block, a date belongs to a related headline or to the site,
        # never to the report: the block is checked before the fields.
        if rule is None and self.block is not None and self._continues_block(line.norm):
            rule = self.block
        if rule is None and self._field_line(line):
            return
        if rule is not None:
            self._drop(line, rule)
            return
        self.block = None
        if self._byline_line(line):
            return
        if line.heading == 1 and self.title_needs_heading and self._heading_title(line):
            return
        if self.in_header and self._header_line(line):
            return
        if self.in_header:
            self.in_header = False
            self._split_dateline(line)
        if line.text:
            self.body.append(line)

    def finish(self) -> CleanedReport:
        self._split_trailing_author()
        self.removed.sort(key=lambda entry: entry[0])
        return CleanedReport(
            metadata=Metadata(
                title=self.title.text if self.title else None,
                subtitle=self.subtitle,
                date=self.date,
                source=self.source,
                authors=tuple(dict.fromkeys(self.authors)),
                bylines=tuple(self.bylines),
            ),
            sentences=build_sentences(line.text for line in self.body),
            removed=tuple((text, rule) for _, text, rule in self.removed),
        )

    def _drop(self, line: _Line, rule: str) -> None:
        self.removed.append((line.number, line.text, rule))

    def _credit(
        self, line: _Line, start: int, end: int, names: list[tuple[int, int]], rule: str = "byline"
    ) -> None:
        """Record ``line.text[start:end]`` as a byline naming the people at the ``names`` spans."""
        byline = line.text[start:end].strip()
        self.bylines.append(byline)
        self.authors.extend(line.text[a:b] for a, b in names)
        self.removed.append((line.number, byline, rule))

    # -- chrome -------------------------------------------------------------

    def _chrome_rule(self, norm: str) -> str | None:
        """The rule that makes this line page chrome, opening a block if it heads one."""
        if not _ALNUM.search(norm):
            return "separator"
        if _BREADCRUMB_START.match(norm) or _is_breadcrumb_path(norm):
            return "breadcrumb"
        if _is_share_buttons(norm):
            return "share"
        if _END_MARK.match(norm):
            return "end-mark"
        if _NAVIGATION.match(norm):
            return "navigation"
        if _COPYRIGHT_HEADING.match(norm) or (
            len(norm) <= _COPYRIGHT_LINE_MAX and _COPYRIGHT_LINE.search(norm)
        ):
            self.block = "copyright"
            return "copyright"
        if _RELATED_HEADING.match(norm):
            self.block = "related-news"
            return "related-news"
        if len(norm) <= _FOOTER_MAX and (_FOOTER_LABEL.match(norm) or _FOOTER_MARK.search(norm)):
            self.block = "footer"
            return "footer"
        return None

    def _continues_block(self, norm: str) -> bool:
        if self.block == "related-news":
            return bool(_LIST_MARK.match(norm) or _DATE_START.match(norm)) or (
                len(norm) <= _RELATED_ITEM_MAX and not _SENTENCE_END.search(norm)
            )
        short_name = len(norm) <= _SIGN_OFF_MAX and not _SENTENCE_END.search(norm)
        if self.block == "copyright":
            signs_off = short_name and _ORG_SUFFIX.search(norm) is not None
            return signs_off or _COPYRIGHT_WORDS.search(norm) is not None
        return short_name  # a footer's site name, links and the like

    # -- labelled fields ----------------------------------------------------

    def _field_line(self, line: _Line) -> bool:
        fields = _parse_fields(line.norm, line.text)
        if fields is None:
            return False
        if self.date is None:
            self.date = fields.date
        if self.source is None:
            self.source = fields.source
        self.bylines.extend(fields.author_segments)
        self.authors.extend(fields.authors)
        if fields.date or fields.source:
            rule = "date/source"
        elif fields.author_segments:
            rule = "byline"
        elif fields.editors:
            rule = "editor"
        else:
            rule = "page-info"
        self._drop(line, rule)
        return True

    # -- bylines and header -------------------------------------------------

    def _byline_line(self, line: _Line) -> bool:
        """A line that only credits people: `记者 张三`, `（记者 张三 通讯员 李四）`, `（作者系…）`."""
        norm = line.norm
        if _AUTHOR_NOTE.match(norm):
            self._credit(line, 0, len(norm), [])
            return True
        if len(norm) > _BYLINE_MAX or _SENTENCE_END.search(norm):
            return False
        if _BRACKETED.match(norm):
            spans = _role_name_spans(norm, 1, len(norm) - 1, _GLUED_NAMES_MAX)
        else:
            spans = _role_name_spans(norm, 0, len(norm), _NAME_MAX)
        if not spans or not any(_has_surname(norm[a:b]) for a, b in spans):
            return False
        self._credit(line, 0, len(norm), spans)
        return True

    def _heading_title(self, line: _Line) -> bool:
        """Markdown: the first `# ` heading is the title; repeating it changes nothing."""
        if self.title is None:
            self._set_title(line)
            # Whatever preceded the title stays body, but a subtitle or byline
            # may follow it as in any header.
            self.in_header = True
            return True
        if line.norm == self.title.norm:
            self._drop(line, "title")
            return True
        return False

    def _header_line(self, line: _Line) -> bool:
        """Title, subtitle, category and unlabelled bylines above the body."""
        norm = line.norm
        if _CATEGORY.match(norm):
            self._drop(line, "category")
            return True
        if self.title is not None and norm == self.title.norm:
            # Scraped pages often repeat the title (the page's and the article's).
            self._drop(line, "title")
            return True
        subtitle = _SUBTITLE.match(norm)
        if subtitle and self.subtitle is None and _is_title_like(subtitle.group("text")):
            self.subtitle = line.text[subtitle.start("text") :]
            self._drop(line, "subtitle")
            return True
        if self.title is None and self.subtitle is None:
            if not self.title_needs_heading and _is_title_like(norm):
                self._set_title(line)
                return True
            return False
        position = _POSITION_BYLINE.match(norm)
        if position and _has_surname(position.group("name")):
            self._credit(line, 0, len(norm), [position.span("name")])
            return True
        names = _bare_name_spans(norm, 0)
        if names:
            self._credit(line, 0, len(norm), names)
            return True
        return False

    def _set_title(self, line: _Line) -> None:
        self._drop(line, "title")
        inline = _SUBTITLE_INLINE.match(line.norm)
        if inline and self.subtitle is None:
            self.subtitle = line.text[inline.start("subtitle") :]
            line.keep(0, inline.end("title"))
        self.title = line

    def _split_dateline(self, line: _Line) -> None:
        """Move `本报咸阳讯（通讯员…）` from the start of the first paragraph to the bylines."""
        found = _DATELINE.match(line.norm) or _CREDIT_PREFIX.match(line.norm)
        if found is None:
            return
        names = None
        if found.group("credit"):
            names = _role_name_spans(line.norm, *found.span("credit"), _GLUED_NAMES_MAX)
        credits_someone = any(_has_surname(line.norm[a:b]) for a, b in names or ())
        if found.re is _CREDIT_PREFIX and not credits_someone:
            return  # a paragraph opening with a parenthesis that is not a byline
        self._credit(line, 0, found.end(), names or [], "dateline")
        line.keep(found.end(), len(line.text))

    def _split_trailing_author(self) -> None:
        """Take the author's name off the end of the body: `…政治保障。 马竞`."""
        if not self.body:
            return
        last = self.body[-1]
        if len(self.body) >= 2 and _SENTENCE_END.search(self.body[-2].norm):
            names = _bare_name_spans(last.norm, 0)
            if names:
                self.body.pop()
                self._credit(last, 0, len(last.norm), names, "trailing-author")
                return
        trailing = _TRAILING_NAME.match(last.norm)
        if trailing:
            start = trailing.start("byline")
            names = _bare_name_spans(trailing.group("byline"), start)
            if names:
                self._credit(last, start, len(last.norm), names, "trailing-author")
                last.keep(0, trailing.end("body"))
                return
        credit = _TRAILING_CREDIT.match(last.norm)
        if credit:
            start, end = credit.span("byline")
            names = _role_name_spans(last.norm, start + 1, end - 1, _GLUED_NAMES_MAX)
            if names is not None:
                self._credit(last, start, end, names, "trailing-author")
                last.keep(0, credit.end("body"))


# ---------------------------------------------------------------------------
# Line tests. They read normalised text.


def _is_breadcrumb_path(norm: str) -> bool:
    """`首页 > 新闻中心 > 党建`: three or more short parts joined by arrows."""
    parts = [part.strip() for part in _CRUMB_SEP.split(norm)]
    return len(parts) >= 3 and all(
        0 < len(part) <= _CRUMB_MAX_PART and not _SENTENCE_END.search(part) for part in parts
    )


def _is_share_buttons(norm: str) -> bool:
    if len(norm) <= _DOUBLED_MAX and _DOUBLED.fullmatch(norm) and _ALNUM.search(norm):
        return True
    if len(norm) <= _SHARE_LINE_MAX and _SHARE_START.match(norm):
        return True
    tokens = [token for token in _TOOL_SPLIT.split(norm) if token]
    return (
        len(norm) <= _TOOL_LINE_MAX
        and bool(tokens)
        and all(token.lower() in _TOOL_WORDS for token in tokens)
    )


def _is_title_like(norm: str) -> bool:
    return (
        len(norm) <= _TITLE_MAX
        and "。" not in norm
        and not _CLAUSE_END.search(norm)
        and not _ENUMERATED.match(norm)
        and norm not in _SECTION_WORDS
        and _ALNUM.search(norm) is not None
    )


def _has_surname(name: str) -> bool:
    return name not in _NOT_NAMES and (name[:1] in _SURNAMES or name[:2] in _COMPOUND_SURNAMES)


def _bare_name_spans(norm: str, offset: int) -> list[tuple[int, int]] | None:
    """Spans of `张三 李四` (names only, each with a common surname), shifted by ``offset``."""
    if not _BARE_NAMES.match(norm):
        return None
    spans = [piece.span() for piece in _NAME_PIECE.finditer(norm)]
    if not all(_has_surname(norm[a:b]) for a, b in spans):
        return None
    return [(a + offset, b + offset) for a, b in spans]


def _role_name_spans(norm: str, start: int, end: int, max_name: int) -> list[tuple[int, int]] | None:
    """Spans of the names in a credit made of role words and names (`记者 张三 通讯员 李四`).

    None when ``norm[start:end]`` has no role word or holds anything but
    names. A run longer than ``max_name`` is several names written without a
    separator (通讯员阎晋于文哲); where one ends cannot be known, so the run is
    kept whole as one entry rather than split by guesswork.
    """
    roles = list(_ROLE.finditer(norm, start, end))
    if not roles:
        return None
    spans: list[tuple[int, int]] = []
    position = start
    for role in [*roles, None]:
        stop = role.start() if role else end
        for piece in _NAME_PIECE.finditer(norm, position, stop):
            if not _NAME.fullmatch(piece.group()) or len(piece.group()) > max_name:
                return None
            spans.append(piece.span())
        if role:
            position = role.end()
    return spans


def _trim(norm: str, start: int, end: int, extra: str = "") -> tuple[int, int]:
    while start < end and (norm[start].isspace() or norm[start] in extra):
        start += 1
    while end > start and (norm[end - 1].isspace() or norm[end - 1] in extra):
        end -= 1
    return start, end


def _blank(match: re.Match[str]) -> str:
    """Replace a match by spaces, keeping every later offset valid."""
    return " " * len(match.group())


def _blank_buttons(match: re.Match[str]) -> str:
    return _blank(match) if _is_share_buttons(match.group()) else match.group()


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


def _parse_fields(norm: str, text: str) -> _Fields | None:
    """Read a header line made only of dates and `label：value` fields.

    `2024-04-18 16:33 来源:《党的建设》杂志`, `- 2024-07-09 21:24:01`,
    `发布时间：… 作者：… 浏览次数：…`. Anything else on the line (a sentence,
    an unknown label) means it is not such a line.
    """
    # Buttons on the line (【字体：大 中 小】, 【纠错】) are blanked, not deleted,
    # so that offsets into ``text`` stay valid.
    masked = _BRACKET_GROUP.sub(_blank_buttons, norm)
    masked = _BULLET.sub(_blank, masked, count=1)
    if len(masked.strip()) > _FIELD_LINE_MAX:
        return None
    labels = list(_FIELD_LABEL.finditer(masked))
    only_dates, found_date = _only_dates(masked[: labels[0].start()] if labels else masked)
    if not only_dates or (not labels and found_date is None):
        return None
    fields = _Fields(date=found_date)
    for label, following in zip(labels, [*labels[1:], None]):
        value_end = following.start() if following else len(masked)
        start, end = _trim(masked, label.end(), value_end, _FIELD_PUNCT)
        value = masked[start:end]
        if len(value) > _FIELD_VALUE_MAX or _SENTENCE_END.search(value):
            return None
        name = label.group("label")
        if name in _DATE_LABELS:
            only_dates, found_date = _only_dates(value)
            if not only_dates or found_date is None:
                return None
            fields.date = fields.date or found_date
        elif name in _SOURCE_LABELS:
            # `来源：某日报 2024-03-05`: a date after the source is the date.
            dated = _DATE.search(value)
            if dated:
                only_dates, found_date = _only_dates(value[dated.start() :])
                if only_dates:
                    fields.date = fields.date or found_date
                    start, end = _trim(masked, start, start + dated.start(), _FIELD_PUNCT)
            fields.source = fields.source or text[start:end] or None
        elif name in _LOOSE_AUTHOR_LABELS or name in _STRICT_AUTHOR_LABELS:
            pieces = list(_NAME_PIECE.finditer(_ROLE.sub(_blank, value)))
            names = [p for p in pieces if _NAME.fullmatch(p.group()) and len(p.group()) <= _NAME_MAX]
            if name in _STRICT_AUTHOR_LABELS and len(names) != len(pieces):
                return None
            if value:
                fields.author_segments.append(text[label.start() : end])
                fields.authors.extend(text[start + p.start() : start + p.end()] for p in names)
        elif name in _EDITOR_LABELS:
            fields.editors = True
        elif name in _COUNT_LABELS and not _COUNT_VALUE.fullmatch(value):
            return None
    return fields
