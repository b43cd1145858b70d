"""People's names in credits: who wrote, reported or photographed a report.

A credit names people after role words (记者 张三, 通讯员 李四, 文/图) or
alone (张三 李四), in a line of its own, in a dateline that opens the body
(本报咸阳讯（通讯员…）), after a position (区委书记 王五), or after the last
sentence (…政治保障。 马竞). A word is taken for a name only if it looks like
one: two to four Han characters, a bare one starting with a common surname.

A credit may name its outlet too (新华社记者 张三, 某某网新疆讯), which is
the report's source; 本报 names none. A photographer (摄影 张三, 张三摄) is
credited but is not an author.

The functions here find the spans of the names; ``clean`` decides what
becomes of the lines, and ``clean_fields`` reads the names of an author field
(作者：…) with ``author_field_names`` and of the credit before a newspaper's
citation with ``credit_names``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dj_tui.analysis.stages.clean_lines import SENTENCE_END, blank, trim
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
    r"记者|特约通讯员|通讯员|实习生|撰稿|撰文|(?<!工)作者|摄影|[文图][/／][文图]|文字|"
    r"文[/／｜|:：]|图[/／｜|:：])"
)
# Roles that credit a photographer: the names after them are credited but are
# not the report's authors (文/图 credits the writer too).
_PHOTO_ROLE = re.compile(r"(?:摄影|图[/／｜|:：])$")
_NAME_PIECE = re.compile(r"[^\s、，,;；/／｜|:：]+")
_NAME = re.compile(rf"[{HAN}·]{{2,}}")
_NAME_MAX = 4  # longer runs are several names written together
_GLUED_NAMES_MAX = 12
# A credit's verb glued to the name (通讯员 马海萍报道): 报道 credits the
# writer, 摄 the photographer.
_WRITER_SUFFIX = "报道"
_PHOTO_SUFFIX = "摄"
_BYLINE_MAX = 50
_BRACKETED = re.compile(r"^[（(【\[].*[）)】\]]$")
_AUTHOR_NOTE = re.compile(r"^[（(]\s*(?:本文)?作者(?:系|为|是|单位)[^（）()]{1,80}[）)]$")
_POSITION_BYLINE = re.compile(
    rf"^(?P<position>[^。！？；;!?]{{2,40}}?(?:书记|常委|委员|部长|主任|局长|厅长|处长|科长|市长|县长|区长|"
    r"省长|州长|盟长|旗长|镇长|乡长|主席|院长|校长|所长|社长|会长|行长|董事长|总经理|经理|理事长|秘书长|"
    r"组长|队长|站长|馆长|团长|政委|检察长|调研员|巡视员|负责人|教授|研究员|讲师))"
    rf"\s*(?P<name>[{HAN}]{{2,4}})$"
)
_BARE_NAMES = re.compile(rf"^[{HAN}]{{1,3}}(?:[\s、]+[{HAN}]{{1,3}})*$")
# The outlet that printed or sent a report. 本报 and its kin name no outlet:
# they are the paper the text was cut from, whatever it was.
_THIS_OUTLET = frozenset("本报 本刊 本网 本台".split())
_MEDIA = (
    r"(?:本报|本刊|本网|本台|新华社|中新社|中新网|人民网|新华网|央视网|央广网|光明网|中国新闻网|"
    rf"[{HAN}]{{2,10}}?(?:日报|晚报|时报|报|电视台|网|社|台))"
)
_MEDIA_NAME = re.compile(_MEDIA)
# 本报咸阳讯（通讯员阎晋于文哲） / 新华社北京10月1日电（记者 张三） / 某某新闻网新疆讯
_DATELINE = re.compile(
    rf"^(?P<media>{_MEDIA})[{HAN}]{{0,6}}?(?:讯|\d{{1,2}}月\d{{1,2}}日电)"
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

Span = tuple[int, int]


@dataclass(frozen=True)
class Credit:
    """The people a credit names as authors, and the outlet it names (新华社记者, 某报讯)."""

    names: list[Span]
    source: Span | None = None


@dataclass(frozen=True)
class ClosingCredit:
    """The author's name or credit at the end of a report's last line."""

    start: int  # where the credit starts in the line
    end: int
    names: list[Span]
    body_end: int | None  # where the text before it ends; None when the credit is the whole line


def credit_line_names(norm: str) -> Credit | None:
    """The credit in a line that only credits people: `记者 张三`, `（记者 张三 通讯员 李四）`, `（作者系…）`.

    None when the line is no such credit; an author's note (（作者系…）) and
    a photographer's credit (摄影 张三) name no author.
    """
    if _AUTHOR_NOTE.match(norm):
        return Credit([])
    if len(norm) > _BYLINE_MAX or SENTENCE_END.search(norm):
        return None
    if _BRACKETED.match(norm):
        return _role_credit(norm, 1, len(norm) - 1, _GLUED_NAMES_MAX)
    return _role_credit(norm, 0, len(norm), _NAME_MAX)


def credit_names(norm: str, start: int, end: int) -> list[Span] | None:
    """The authors in ``norm[start:end]`` when it is a credit and nothing else.

    `本报记者  张  帆  李四`, or names alone: `马国栋`. Role words make it a
    credit whatever the names; names alone must start with common surnames.
    """
    start, end = trim(norm, start, end)
    credit = _role_credit(norm, start, end, _NAME_MAX, need_surname=False)
    if credit is not None:
        return credit.names
    return _bare_name_spans(norm, start, end)


def header_credit_names(norm: str) -> list[Span] | None:
    """The names in a header line that credits people without role words: `区委书记 王五`, `张三 李四`."""
    position = _POSITION_BYLINE.match(norm)
    if position and _has_surname(position.group("name")):
        return [position.span("name")]
    return _bare_name_spans(norm, 0, len(norm))


def dateline_credit(norm: str) -> tuple[int, Credit] | None:
    """Where a dateline or credit opening the body ends (`本报咸阳讯（通讯员…）`), and its credit.

    A parenthesis that opens a paragraph is a credit only if it names someone.
    """
    found = _DATELINE.match(norm) or _CREDIT_PREFIX.match(norm)
    if found is None:
        return None
    credit = None
    if found.group("credit"):
        credit = _role_credit(
            norm, *found.span("credit"), _GLUED_NAMES_MAX, need_surname=found.re is _CREDIT_PREFIX
        )
    if found.re is _CREDIT_PREFIX:
        return (found.end(), credit) if credit is not None else None
    media = found.span("media") if found.group("media") not in _THIS_OUTLET else None
    return found.end(), Credit(credit.names if credit else [], media)


def closing_credit(norm: str, after_sentence: bool) -> ClosingCredit | None:
    """The author's name at the end of the body's last line: `…政治保障。 马竞`, `…（记者 张三）`.

    With ``after_sentence`` (the line before ends a sentence), a line of
    names alone is the credit.
    """
    if after_sentence:
        names = _bare_name_spans(norm, 0, len(norm))
        if names:
            return ClosingCredit(0, len(norm), names, None)
    trailing = _TRAILING_NAME.match(norm)
    if trailing:
        names = _bare_name_spans(norm, *trailing.span("byline"))
        if names:
            return ClosingCredit(trailing.start("byline"), len(norm), names, trailing.end("body"))
    credit = _TRAILING_CREDIT.match(norm)
    if credit:
        start, end = credit.span("byline")
        found = _role_credit(norm, start + 1, end - 1, _GLUED_NAMES_MAX, need_surname=False)
        if found is not None:
            return ClosingCredit(start, end, found.names, credit.end("body"))
    return None


# What a form puts where the author's name would go: no author.
_UNNAMED = frozenset({"佚名", "匿名", "不详", "未知", "无名氏"})


def author_field_names(value: str) -> tuple[list[Span], bool]:
    """The spans of the names in the value of an author field (`记者 张三 李四`), and whether it holds nothing else."""
    pieces = list(_NAME_PIECE.finditer(_ROLE.sub(blank, value)))
    names = [p.span() for p in pieces if _NAME.fullmatch(p.group()) and len(p.group()) <= _NAME_MAX]
    unnamed = [p.span() for p in pieces if p.group() in _UNNAMED]
    return [span for span in names if span not in unnamed], len(names) == len(pieces)


def name_text(text: str, span: Span) -> str:
    """The name at ``span`` of ``text`` without the padding inside it (张  帆 → 张帆)."""
    return "".join(text[span[0] : span[1]].split())


def _has_surname(name: str) -> bool:
    name = "".join(name.split())
    return name not in _NOT_NAMES and (name[:1] in _SURNAMES or name[:2] in _COMPOUND_SURNAMES)


def _bare_name_spans(norm: str, start: int, end: int) -> list[Span] | None:
    """Spans of `张三 李四` in ``norm[start:end]``: names only, each with a common surname."""
    if not _BARE_NAMES.match(norm[start:end]):
        return None
    spans = _name_spans(norm, start, end, 3)
    if not spans or not all(_has_surname(norm[a:b]) for a, b in spans):
        return None
    return spans


def _name_spans(norm: str, start: int, end: int, max_name: int) -> list[Span] | None:
    """The spans of the names in ``norm[start:end]``, or None when it holds anything else.

    Names are separated by white space, 、 or commas. A newspaper pads a
    two-character name to the width of three (张  帆): two single characters
    apart only by white space are one name. A run longer than ``max_name``
    is several names written without a separator (通讯员阎晋于文哲); where one
    ends cannot be known, so the caller's limit decides whether it is kept
    whole as one entry rather than split by guesswork.
    """
    pieces = [piece.span() for piece in _NAME_PIECE.finditer(norm, start, end)]
    spans: list[Span] = []
    index = 0
    while index < len(pieces):
        first, last = pieces[index], pieces[index]
        if first[1] - first[0] == 1 and index + 1 < len(pieces):
            following = pieces[index + 1]
            if following[1] - following[0] == 1 and norm[first[1] : following[0]].isspace():
                last = following
                index += 1
        index += 1
        span = (first[0], last[1])
        name = "".join(norm[span[0] : span[1]].split())
        if name.endswith(_WRITER_SUFFIX) and len(name) > len(_WRITER_SUFFIX) + 1:
            span, name = (span[0], span[1] - len(_WRITER_SUFFIX)), name[: -len(_WRITER_SUFFIX)]
        if not _NAME.fullmatch(name) or len(name) > max_name:
            return None
        spans.append(span)
    return spans


def _role_credit(
    norm: str, start: int, end: int, max_name: int, *, need_surname: bool = True
) -> Credit | None:
    """The credit in ``norm[start:end]`` made of role words and names (`记者 张三 通讯员 李四`).

    None when it has no role word or holds anything but names and, before
    the first role word, the outlet (新华社记者). Names after a photographer's
    role (摄影, 图/) or with 摄 glued on are credited but are not authors.
    With ``need_surname``, a credit must name somebody: at least one name
    starts with a common surname (a dateline's credit is one by its place,
    whatever the name: 通讯员津组轩).
    """
    roles = list(_ROLE.finditer(norm, start, end))
    if not roles:
        return None
    source = None
    lead_start, lead_end = trim(norm, start, roles[0].start())
    if lead_end > lead_start and _MEDIA_NAME.fullmatch(norm, lead_start, lead_end):
        source, start = (lead_start, lead_end), lead_end
    authors: list[Span] = []
    credited: list[Span] = []
    position, photo = start, False
    for role in [*roles, None]:
        stop = role.start() if role else end
        names = _name_spans(norm, position, stop, max_name + len(_PHOTO_SUFFIX))
        if names is None:
            return None
        for a, b in names:
            name = "".join(norm[a:b].split())
            if name.endswith(_PHOTO_SUFFIX) and len(name) > 2:
                credited.append((a, b - len(_PHOTO_SUFFIX)))
            elif len(name) > max_name:
                return None
            else:
                credited.append((a, b))
                if not photo:
                    authors.append((a, b))
        if role:
            position, photo = role.end(), _PHOTO_ROLE.search(role.group()) is not None
    if need_surname and not any(_has_surname(norm[a:b]) for a, b in credited):
        return None
    return Credit(authors, source if source and norm[slice(*source)] not in _THIS_OUTLET else None)
