"""Page chrome: the lines around a report's body that belong to the web page.

Reports are pasted from news sites, e-papers and government portals, so
around the body there are breadcrumbs, share buttons and account links, end
marks, previous/next links, photo captions and credits, copyright notices,
related-news lists, hotlines and publisher footers. Each kind is
recognised by the shape of a whole line, never by a site's name, so the rules
carry over to pages nobody has seen. A copyright notice, a related-news
heading and a footer line open a block: the lines after it that look like
more of the same belong to it.

``clean`` asks ``chrome_rule`` of every line and ``continues_block`` inside a
block, ``caption_texts`` of a caption to know it again when it is repeated, and
``is_site_name`` of a line above the title; ``clean_fields`` asks
``is_share_buttons`` of the buttons on a date line and ``tools_suffix_start``
of a source glued to a button (来源：某报收藏).
"""

from __future__ import annotations

import re

from dj_tui.analysis.stages.clean_lines import LETTER_OR_DIGIT, SENTENCE_END
from dj_tui.analysis.stages.textnorm import HAN

# Markup left in a line of a page read as plain text (<center>====</center>):
# a line with no letter outside its tags is a separator.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# A Markdown image or a bare address alone on a line, as normalised:
# ![图片](https://…) reads ！[图片]（https：//…）.
_MARKUP_ONLY = re.compile(
    r"^(?:！\[[^\]]*\]（[^（）]*）|(?:https?：//|www\.)\S+)$", re.IGNORECASE
)

_BREADCRUMB_START = re.compile(
    r"^(?:您|你)?(?:当前|现在|目前)?的?(?:所在)?位置\s*[:：>]|^首页\s*(?:>>|>|»|＞|›|→|/)"
)
# Parts lose their white space after the split: a separator pattern opening
# with \s* was tried from every position of a long run of spaces (quadratic).
_CRUMB_SEP = re.compile(r">>|->|>|»|＞|›|→")
# `某网>>党建`: chevrons join two parts only in a breadcrumb; a single `>` or
# an arrow between two words may be prose (积分>100分), so those need three.
_CRUMB_CHEVRONS = re.compile(r">>|»|＞＞")
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
    无障碍 听全文 阅读全文 上一篇 下一篇 更多 视力保护色 app app下载 下载app 客户端 下载客户端
    注册 登录 注册登录 登录注册 退出 订阅 搜索 站内搜索 设为首页 首页 网站地图 关怀版 长者版
    english rss 关注我们 识别二维码 长按识别二维码 扫码关注 点击关注""".split()
)
# Buttons that end up glued to the value before them (来源：某报收藏): actions
# only, since a source may well end in a word such as 客户端 or 首页.
_GLUED_TOOLS = re.compile(
    r"(?:加入收藏|收藏本页|收藏|打印本页|打印|分享到|分享|关闭窗口|关闭|我要纠错|纠错|举报|评论|点赞|"
    r"返回顶部|扫一扫)$"
)
_END_MARK = re.compile(r"^[（(【\[]?(?:完|全文完|本文完|end)[）)】\]]?$", re.IGNORECASE)
_NAVIGATION = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]")

_COPYRIGHT_HEADING = re.compile(r"^[【\[]?(?:版权声明|免责声明|特别声明|版权说明|版权申明|声明\s*[:：])")
_COPYRIGHT_LINE = re.compile(
    r"copyright|©|all rights reserved|版权所有|转载请注明|"
    r"未经.{0,30}(?:许可|授权|同意|允许).{0,15}(?:不得|禁止|严禁|请勿).{0,10}"
    r"(?:转载|复制|使用|镜像|传播|改编)|"
    r"(?:如需|如要|若需|如果需要)(?:转载|使用|引用)|"
    # a platform's disclaimer: 仅代表该作者观点，不代表本站立场
    r"仅代表.{0,12}观点.{0,6}不代表.{0,20}(?:观点|立场)",
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
    r"网站标识码|备案号|备案编号)\s*[:：|｜丨]",
    re.IGNORECASE,
)
_FOOTER_MARK = re.compile(
    r"icp\s*(?:备|证)|公网安备|网安备|网站标识码|(?:邮编|邮政编码)\s*[:：]?\s*\d{6}|"
    # a hotline or tip-off number: 24小时报料热线400-800-0088, 新闻热线：0931-1234567
    r"(?:热线|报料电话|爆料电话|新闻线索)[^。；;]{0,12}?\d[\d\s-]{6,}\d",
    re.IGNORECASE,
)
_FOOTER_MAX = 200

# Photo captions of newspaper pages and saved articles: `图①：…`, `图为…`, and
# a caption whose photo credit ends it (`…新城。　　叶  诚摄`, `某单位供图`,
# `李鑫摄（人民视觉）`, `…宣讲（某单位供图）`). The credit is a short name after
# white space, in brackets or alone on its line; 拍摄 is a verb, not a credit.
_CAPTION_START = re.compile(r"^(?:图\s*[①-⑳\d一二三四五六七八九十]+\s*[：:]|图为\S)")
_CREDIT = rf"(?:[{HAN}]\s*){{1,20}}?(?<!拍)(?:摄|供图)(?:\s*[（(][^（）()]{{1,12}}[）)])?"
_PHOTO_CREDIT = re.compile(rf"(?:(?:^|\s){_CREDIT}|[（(](?P<bracketed>{_CREDIT})\s*[）)])$")
# The credits inside a caption line: a page may run several captions together.
_INNER_CREDIT = re.compile(rf"(?:^|\s+){_CREDIT}")
_CAPTION_MAX = 160

# A site's name on a line of its own, above the title: 某某新闻网, 某某频道.
_SITE_NAME = re.compile(
    rf"^[{HAN}A-Za-z·]{{2,10}}(?:网|网站|新闻网|频道|客户端|门户|融媒|在线)$"
)

# The rules whose line opens a block of lines of the same kind.
BLOCK_RULES = frozenset({"copyright", "related-news", "footer"})


def chrome_rule(norm: str) -> str | None:
    """The rule that makes this normalised line page chrome; one of BLOCK_RULES opens a block."""
    if not LETTER_OR_DIGIT.search(_HTML_TAG.sub("", norm)):
        return "separator"
    if _BREADCRUMB_START.match(norm) or _is_breadcrumb_path(norm):
        return "breadcrumb"
    if is_share_buttons(norm):
        return "share"
    if _END_MARK.match(norm):
        return "end-mark"
    if _NAVIGATION.match(norm):
        return "navigation"
    if _COPYRIGHT_HEADING.match(norm) or (
        len(norm) <= _COPYRIGHT_LINE_MAX and _COPYRIGHT_LINE.search(norm)
    ):
        return "copyright"
    if _RELATED_HEADING.match(norm):
        return "related-news"
    if caption_texts(norm) is not None:
        return "caption"
    if _MARKUP_ONLY.match(norm):
        return "markup"
    if len(norm) <= _FOOTER_MAX and (_FOOTER_LABEL.match(norm) or _FOOTER_MARK.search(norm)):
        return "footer"
    return None


def continues_block(block: str, norm: str) -> bool:
    """Whether a line that is no chrome on its own belongs to the ``block`` before it."""
    if block == "related-news":
        return bool(_LIST_MARK.match(norm) or _DATE_START.match(norm)) or (
            len(norm) <= _RELATED_ITEM_MAX and not SENTENCE_END.search(norm)
        )
    short_name = len(norm) <= _SIGN_OFF_MAX and not SENTENCE_END.search(norm)
    if block == "copyright":
        signs_off = short_name and _ORG_SUFFIX.search(norm) is not None
        return signs_off or _COPYRIGHT_WORDS.search(norm) is not None
    return short_name  # a footer's site name, links and the like


def caption_texts(norm: str) -> list[str] | None:
    """The captions of a photo caption line without their credits; None for other lines.

    `图①：…` is one caption; `甲。　　张三摄乙。　　李四摄` two, `张三摄` none.
    """
    if len(norm) > _CAPTION_MAX:
        return None
    if _CAPTION_START.match(norm):
        return [norm]
    credit = _PHOTO_CREDIT.search(norm)
    if credit is None:
        return None
    if credit.group("bracketed"):
        return [norm[: credit.start()].strip()]
    return [text.strip() for text in _INNER_CREDIT.split(norm) if text.strip()]


def is_site_name(norm: str) -> bool:
    """A site's or channel's name alone on a line (某某新闻网): page furniture above a title."""
    return _SITE_NAME.match(norm) is not None


def tools_suffix_start(norm: str, start: int, end: int) -> int:
    """Where buttons glued to the end of ``norm[start:end]`` begin (`《某报》收藏`); ``end`` when there are none."""
    while (glued := _GLUED_TOOLS.search(norm, start, end)) and glued.start() > start:
        end = glued.start()
    return end


def _is_breadcrumb_path(norm: str) -> bool:
    """`首页 > 新闻中心 > 党建`: three or more short parts joined by arrows, or two by chevrons."""
    parts = [part.strip() for part in _CRUMB_SEP.split(norm)]
    needed = 2 if _CRUMB_CHEVRONS.search(norm) else 3
    return len(parts) >= needed and all(
        0 < len(part) <= _CRUMB_MAX_PART and not SENTENCE_END.search(part) for part in parts
    )


def is_share_buttons(norm: str) -> bool:
    """Share and tool buttons rendered as text: 学习强国学习强国, `分享到：微信 微博`, 【打印本页】【关闭窗口】."""
    if len(norm) <= _DOUBLED_MAX and _DOUBLED.fullmatch(norm) and LETTER_OR_DIGIT.search(norm):
        return True
    if len(norm) <= _SHARE_LINE_MAX and _SHARE_START.match(norm):
        return True
    tokens = [token for token in _TOOL_SPLIT.split(norm) if token]
    return (
        len(norm) <= _TOOL_LINE_MAX
        and bool(tokens)
        and all(token.lower() in _TOOL_WORDS for token in tokens)
    )
