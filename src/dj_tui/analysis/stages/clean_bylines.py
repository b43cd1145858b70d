"""People's names in credits: who wrote, reported or photographed a report.

A credit names people after role words (记者 张三, 通讯员 李四, 文/图) or
alone (张三 李四), in a line of its own, in a dateline that opens the body
(本报咸阳讯（通讯员…）), after a position (区委书记 王五), or after the last
sentence (…政治保障。 马竞). A word is taken for a name only if it looks like
one: two to four Han characters, a bare one starting with a common surname.

The functions here find the spans of the names; ``clean`` decides what
becomes of the lines, and ``clean_fields`` reads the names of an author field
(作者：…) with ``author_field_names``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dj_tui.analysis.stages.clean_lines import SENTENCE_END, blank
from dj_tui.analysis.stages.textnorm import HAN

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
_NAME = re.compile(rf"[{HAN}·]{{2,}}")
_NAME_MAX = 4  # longer runs are several names written together
_GLUED_NAMES_MAX = 12
_BYLINE_MAX = 50
_BRACKETED = re.compile(r"^[（(【\[].*[）)】\]]$")
_AUTHOR_NOTE = re.compile(r"^[（(]\s*(?:本文)?作者(?:系|为|是|单位)[^（）()]{1,80}[）)]$")
_POSITION_BYLINE = re.compile(
    rf"^(?P<position>[^。！？；;!?]{{2,40}}?(?:书记|常委|委员|部长|主任|局长|厅长|处长|科长|市长|县长|区长|"
    r"省长|州长|盟长|旗长|镇长|乡长|主席|院长|校长|所长|社长|会长|行长|董事长|总经理|经理|理事长|秘书长|"
    r"组长|队长|站长|馆长|团长|政委|检察长|调研员|巡视员|负责人|教授|研究员|讲师))"
    rf"\s*(?P<name>[{HAN}]{{2,4}})$"
)
_BARE_NAMES = re.compile(rf"^[{HAN}]{{2,3}}(?:[\s、]+[{HAN}]{{2,3}})*$")
_MEDIA = (
    r"(?:本报|本刊|本网|本台|新华社|中新社|中新网|人民网|新华网|央视网|央广网|光明网|中国新闻网|"
    rf"[{HAN}]{{2,8}}?(?:日报|晚报|时报|报|电视台))"
)
# 本报咸阳讯（通讯员阎晋于文哲） / 新华社北京10月1日电（记者 张三）
_DATELINE = re.compile(
    rf"^{_MEDIA}[{HAN}]{{0,6}}?(?:讯|\d{{1,2}}月\d{{1,2}}日电)"
    r"(?:\s*[（(](?P<credit>[^（）()]{1,60})[）)])?"
)
_CREDIT_PREFIX = re.compile(r"^[（(](?P<credit>[^（）()]{1,60})[）)]")
_TRAILING_NAME = re.compile(
    rf"^(?P<body>.*(?:[。！？!?…]|[。！？!?][”’」』）)]))\s+"
    rf"(?P<byline>[{HAN}]{{2,3}}(?:[\s、]+[{HAN}]{{2,3}})*)$"
)
_TRAILING_CREDIT = re.compile(
    r"^(?P<body>.*[。！？!?…”’」』])\s*(?P<byline>[（(][^（）()]{2,60}[）)])$"
)


@dataclass(frozen=True)
class ClosingCredit:
    """The author's name or credit at the end of a report's last line."""

    start: int  # where the credit starts in the line
    end: int
    names: list[tuple[int, int]]
    body_end: int | None  # where the text before it ends; None when the credit is the whole line


def credit_line_names(norm: str) -> list[tuple[int, int]] | None:
    """The names in a line that only credits people: `记者 张三`, `（记者 张三 通讯员 李四）`, `（作者系…）`.

    None when the line is no such credit; an author's note (（作者系…）) names nobody.
    """
    if _AUTHOR_NOTE.match(norm):
        return []
    if len(norm) > _BYLINE_MAX or SENTENCE_END.search(norm):
        return None
    if _BRACKETED.match(norm):
        spans = _role_name_spans(norm, 1, len(norm) - 1, _GLUED_NAMES_MAX)
    else:
        spans = _role_name_spans(norm, 0, len(norm), _NAME_MAX)
    if not spans or not any(_has_surname(norm[a:b]) for a, b in spans):
        return None
    return spans


def header_credit_names(norm: str) -> list[tuple[int, int]] | None:
    """The names in a header line that credits people without role words: `区委书记 王五`, `张三 李四`."""
    position = _POSITION_BYLINE.match(norm)
    if position and _has_surname(position.group("name")):
        return [position.span("name")]
    return _bare_name_spans(norm, 0) or None


def dateline_credit(norm: str) -> tuple[int, list[tuple[int, int]]] | None:
    """Where a dateline or credit opening the body ends (`本报咸阳讯（通讯员…）`), and the names in it.

    A parenthesis that opens a paragraph is a credit only if it names someone.
    """
    found = _DATELINE.match(norm) or _CREDIT_PREFIX.match(norm)
    if found is None:
        return None
    names = None
    if found.group("credit"):
        names = _role_name_spans(norm, *found.span("credit"), _GLUED_NAMES_MAX)
    credits_someone = any(_has_surname(norm[a:b]) for a, b in names or ())
    if found.re is _CREDIT_PREFIX and not credits_someone:
        return None
    return found.end(), names or []


def closing_credit(norm: str, after_sentence: bool) -> ClosingCredit | None:
    """The author's name at the end of the body's last line: `…政治保障。 马竞`, `…（记者 张三）`.

    With ``after_sentence`` (the line before ends a sentence), a line of
    names alone is the credit.
    """
    if after_sentence:
        names = _bare_name_spans(norm, 0)
        if names:
            return ClosingCredit(0, len(norm), names, None)
    trailing = _TRAILING_NAME.match(norm)
    if trailing:
        start = trailing.start("byline")
        names = _bare_name_spans(trailing.group("byline"), start)
        if names:
            return ClosingCredit(start, len(norm), names, trailing.end("body"))
    credit = _TRAILING_CREDIT.match(norm)
    if credit:
        start, end = credit.span("byline")
        names = _role_name_spans(norm, start + 1, end - 1, _GLUED_NAMES_MAX)
        if names is not None:
            return ClosingCredit(start, end, names, credit.end("body"))
    return None


def author_field_names(value: str) -> tuple[list[tuple[int, int]], bool]:
    """The spans of the names in the value of an author field (`记者 张三 李四`), and whether it holds nothing else."""
    pieces = list(_NAME_PIECE.finditer(_ROLE.sub(blank, value)))
    names = [p.span() for p in pieces if _NAME.fullmatch(p.group()) and len(p.group()) <= _NAME_MAX]
    return names, len(names) == len(pieces)


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
