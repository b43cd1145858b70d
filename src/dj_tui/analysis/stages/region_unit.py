"""Which unit a report speaks for when it speaks for a unit, and where that unit is at home.

Universities, companies, laboratories, courts, hospitals and ministries'
bureaus write about themselves: 我院, 全校, 学校党委, 公司党委, or their name
again and again (紫金山实验室, 华电电科院). Their stories are often set
elsewhere (a business trip, a museum visit, a project site, a test field): such
places say nothing about where the unit is. A unit's home is only what the
text says of the unit itself:

* a place inside its name (西安交通大学, 北京知识产权法院, 张掖人民医院), or inside
  a longer form of the name the report uses (交通大学 in a report that also
  writes 西安交通大学);
* a statement about the unit: 紫金山实验室位于南京, 总部设在武汉;
* an abbreviation of the province it works in (在藏能源央企, 在京高校).

A unit that names no home gets no region.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dj_tui.analysis.stages.gazetteer import Division, Gazetteer
from dj_tui.analysis.stages.region_scan import index
from dj_tui.analysis.stages.textnorm import HAN

# Words that end a unit's name (a token ending so: 清华大学, 电科院, 干部局).
_UNIT_ENDINGS = (
    "大学", "学院", "中学", "小学", "研究院", "科学院", "设计院", "电科院", "医院", "法院", "检察院", "研究所",
    "实验室", "公司", "集团", "局",
    # Schools known by their number: 绍兴/一中, 北京/四中.
    "一中", "二中", "三中", "四中", "五中", "六中", "七中", "八中", "九中", "十中",
)
# Long tokens that are still only the kind of unit (有限公司, 科学研究院): the name is before them.
_BARE_ENDINGS = ("有限公司", "有限责任公司", "股份公司", "集团公司", "研究院", "科学院", "实验室", "研究所", "检察院")
# Tokens ending like a unit that are ordinary words (格局 "pattern", 大局).
_NOT_UNITS = ("格局", "布局", "结局", "大局", "全局", "当局", "时局", "开局", "变局", "新局", "棋局", "饭局", "骗局")
# How many tokens before the ending may still belong to the name (公共/管理/学院).
_NAME_TOKENS = 3
# Tokens that never belong to a unit's name: they open the clause around it.
_NAME_STOPS = frozenset(
    {"的", "在", "和", "与", "及", "了", "是", "为", "由", "对", "到", "赴", "向", "从", "让", "将", "把", "被", "该",
     "组织", "党委", "党支部", "党总支", "各", "全体", "来自", "联合", "带领", "指导", "推动", "开展"}
)
# A unit right after these is where the story goes, not who tells it (前往中国传媒大学).
_VISIT_VERBS = frozenset({"参观", "前往", "走进", "来到", "赴", "到", "考察", "走访", "探访", "造访", "去", "访问"})
# The unit speaking of itself, and how strongly.
_SELF_TOKENS = {"我院": 2.0, "我校": 2.0, "本院": 2.0, "本校": 2.0, "我司": 2.0, "本公司": 2.0,
                "全院": 1.0, "全校": 1.0, "全庭": 1.0, "公司党委": 1.0, "集团党委": 1.0}
# 学校/院/公司 followed by 党委: the unit's own party committee.
_SELF_BEFORE_COMMITTEE = frozenset({"学校", "院", "在院", "校", "公司", "集团", "局", "研究院", "实验室"})
_COMMITTEES = frozenset({"党委", "党组", "党总支"})
_NOT_NAME_PARTS = _NAME_STOPS | _VISIT_VERBS | frozenset(_SELF_TOKENS)
_MIN_NAME_PART = 2
_HAN_TOKEN = re.compile(f"[{HAN}]+")
_THIS = "该"  # 该公司, 该院: the unit the report is about
# A unit's own party organisation follows its name within this many tokens.
_ORGANISATIONS = frozenset({"党委", "党组", "党总支", "党支部", "党组织", "党工委"})
_ORGANISATION_WINDOW = 2
# Words that state where the unit is (紫金山实验室位于南京).
_HOME_VERBS = frozenset({"位于", "坐落于", "坐落在", "地处", "设在", "落户", "扎根", "总部"})
_CLAUSE_BREAKS = frozenset("，。；：！？,.;:!?\n")
_HOME_WINDOW = 12  # tokens between a unit's name and the verb that places it
# 在藏央企, 驻京单位: a province's one-character abbreviation before a kind of unit.
_PROVINCE_ABBREVIATIONS = {
    "京": "北京", "津": "天津", "沪": "上海", "渝": "重庆", "冀": "河北", "晋": "山西", "蒙": "内蒙古", "辽": "辽宁",
    "苏": "江苏", "浙": "浙江", "皖": "安徽", "闽": "福建", "赣": "江西", "鲁": "山东", "豫": "河南", "鄂": "湖北",
    "湘": "湖南", "粤": "广东", "桂": "广西", "琼": "海南", "川": "四川", "黔": "贵州", "滇": "云南", "藏": "西藏",
    "陕": "陕西", "陇": "甘肃",
}
_ABBREVIATION_OPENERS = frozenset({"在", "驻"})
_ABBREVIATED_UNITS = ("企业", "央企", "国企", "单位", "高校", "院校", "机构", "公司")
_ABBREVIATION_WINDOW = 3


@dataclass(frozen=True)
class Unit:
    name: str  # the name it goes by most often, or its word for itself (我院)
    weight: float  # how much of the report speaks for it
    home: Division | None = None
    home_evidence: str | None = None  # the words that name the home (西安交通大学, 在藏)
    home_mentions: int = 0  # how often those words occur
    # Whether it speaks as a body: a word for itself (我院, 该公司党委) or its
    # own party organisation (紫金山实验室党委, 法院立案庭党支部).
    speaks: bool = False


def speaking_unit(texts: Sequence[Sequence[str]], gazetteer: Gazetteer) -> Unit | None:
    """The unit the segmented texts speak for, with its home when they name it; None for no unit."""
    names: Counter[tuple[str, str]] = Counter()  # (short form, name as written)
    organised: set[str] = set()  # short forms followed by their party organisation
    self_weight = 0.0
    self_label: str | None = None
    for tokens in texts:
        for i, token in enumerate(tokens):
            weight = _self_weight(tokens, i)
            if weight:
                self_weight += weight
                self_label = self_label or token
            found = _unit_name(tokens, i)
            if found is not None:
                names[found] += 1
                if any(t in _ORGANISATIONS for t in tokens[i + 1 : i + 1 + _ORGANISATION_WINDOW]):
                    organised.add(found[0])
    # 西安交通大学 and 交通大学 are one unit: a form counts for every shorter form it ends with.
    forms = {form for form, _ in names}
    by_form: Counter[str] = Counter()
    for (form, _), count in names.items():
        for start in range(len(form)):
            if form[start:] in forms:
                by_form[form[start:]] += count
    if not by_form and not self_weight:
        return None
    order = list(dict.fromkeys(form for form, _ in names))  # first seen first
    top = min(by_form, key=lambda f: (-by_form[f], order.index(f))) if by_form else None
    weight = self_weight + (by_form[top] if top else 0)
    members = [(written, count) for (form, written), count in names.items() if top and form.endswith(top)]
    label = max(members, key=lambda m: m[1])[0] if members else self_label or ""
    speaks = self_weight > 0 or any(top is not None and form.endswith(top) for form in organised)
    for written, count in members:
        home = _place_in_name(written, gazetteer)
        if home is not None:
            return Unit(label, weight, home, written, count, speaks)
    stated = _stated_home(texts, gazetteer)
    if stated is not None:
        return Unit(label, weight, *stated, speaks)
    return Unit(label, weight, speaks=speaks)


def _self_weight(tokens: Sequence[str], i: int) -> float:
    token = tokens[i]
    if token in _SELF_TOKENS:
        return _SELF_TOKENS[token]
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in _SELF_BEFORE_COMMITTEE and following in _COMMITTEES:
        return 1.0
    if token == _THIS and following.endswith(_UNIT_ENDINGS + ("公司党委",)):
        return 1.0
    return 0.0


def _unit_name(tokens: Sequence[str], i: int) -> tuple[str, str] | None:
    """The unit named by the tokens ending at ``i``, as (short form, name as written), or None.

    The short form is the ending with the token before it (交通/大学, 紫金山/实验室)
    or a long token alone (清华大学); the name as written reaches back a few
    tokens more (公共/管理/学院, 中国/铁建/大桥/局). A unit the story visits
    (参观/中国/传媒/大学) is not a unit that speaks.
    """
    token = tokens[i]
    if not token.endswith(_UNIT_ENDINGS) or token.endswith(_NOT_UNITS):
        return None
    if len(token) >= 4 and not token.endswith(_BARE_ENDINGS):
        form_start = i
    elif i > 0 and _is_name_part(tokens[i - 1]) and len(tokens[i - 1]) >= _MIN_NAME_PART:
        # One character before a bare ending is a verb or a common noun (获/局, 市/局), or the
        # end of the clause before (2020年/绍兴/一中), not a name.
        form_start = i - 1
    else:
        return None  # a bare 大学 or 公司 is a common noun, not a unit's name
    start = form_start
    while start > 0 and i - start < _NAME_TOKENS:
        if not _is_name_part(tokens[start - 1]) or len(tokens[start - 1]) < _MIN_NAME_PART:
            break
        start -= 1
    if any(t in _VISIT_VERBS for t in tokens[max(0, form_start - _NAME_TOKENS) : form_start]):
        return None
    return "".join(tokens[form_start : i + 1]), "".join(tokens[start : i + 1])


def _is_name_part(token: str) -> bool:
    """Whether a token can be part of a unit's name: Han, and no stop, visit verb or word for itself (我校)."""
    return _HAN_TOKEN.fullmatch(token) is not None and token not in _NOT_NAME_PARTS


def _place_in_name(name: str, gazetteer: Gazetteer) -> Division | None:
    """The first province or city named in full or short, or county named in full, inside a unit's name."""
    forms = index()
    for start in range(len(name)):
        best: Division | None = None
        for end in range(start + 2, min(len(name), start + forms.longest) + 1):
            piece = name[start:end]
            if piece not in forms.prefixes:
                break
            entries = [
                e for e in forms.forms.get(piece, ())
                if (e.formal or e.division.level != "county") and piece not in e.division.common_words
            ]
            if len(entries) == 1:
                best = entries[0].division
        if best is not None:
            return best
    return None


def _stated_home(texts: Sequence[Sequence[str]], gazetteer: Gazetteer) -> tuple[Division, str, int] | None:
    """A place the text says the unit is at (实验室位于南京, 在藏央企), with the words that say it."""
    for tokens in texts:
        for i, token in enumerate(tokens):
            if token in _HOME_VERBS and _unit_before(tokens, i):
                place = _place_in_name("".join(tokens[i + 1 : i + 4]), gazetteer)
                if place is not None:
                    return place, token + tokens[i + 1], 1
            if token in _ABBREVIATION_OPENERS and i + 1 < len(tokens) and tokens[i + 1] in _PROVINCE_ABBREVIATIONS:
                window = tokens[i + 2 : i + 2 + _ABBREVIATION_WINDOW]
                if any(t.endswith(_ABBREVIATED_UNITS) for t in window):
                    provinces = gazetteer.by_short_name(_PROVINCE_ABBREVIATIONS[tokens[i + 1]])
                    if provinces:
                        return provinces[0], token + tokens[i + 1], 1
    return None


def _unit_before(tokens: Sequence[str], i: int) -> bool:
    """Whether the clause before a home verb is about a unit (the project site 项目位于… is not)."""
    if tokens[i] == "总部":
        return True
    back = i - 1
    while back >= max(0, i - _HOME_WINDOW) and tokens[back] not in _CLAUSE_BREAKS:
        if _unit_name(tokens, back) is not None or tokens[back] in _SELF_TOKENS:
            return True
        back -= 1
    return False
