"""Find place mentions and self-references in one segmented text, for region detection.

A place mention is a gazetteer name (安徽省, 宿州市, 玉树州) or short name
(安徽, 宿州, 砀山) that starts and ends on jieba token boundaries, so 学员和县处级
is not 和县 and 高密度 is not 高密市. It may also end inside a token that opens
with a committee, head or government (定西 + 市委常委) or with a development
zone (宿迁 + 经开区, 虞城 + 高新区: a zone counts for the place it is named after).

A mention that does not speak for the report is dropped here, from the tokens
around it: a place inside a company's name (陕西延长石油有限公司,
中科创源（山西）智能科技有限公司), another paper's name (滁州日报), a place in a
clause that excludes it (西藏、新疆除外), and 延安精神-style traditions.

A self-reference names the level of government the text speaks for: 我省,
全市, 县委, 市直. 全州 is also a county's short name (全州县); the scan keeps
it as a self-reference and the caller decides once it knows the places.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from dj_tui.analysis.stages.gazetteer import Division, load

# Self-references: the character names the level of government.
SELF_PREFIX_WEIGHTS = {"我": 2.0, "本": 2.0, "全": 1.0}
_SELF_SUFFIX_WEIGHTS = {"委": 0.5, "直": 1.0}  # 市委 is often the superior committee
LEVEL_CHARS = "省市县区旗州盟"
# 全省/全市 next to these words ranks the report's place within the larger
# one (排名全省第一, 在全省率先, 居全省前列): it does not describe the report's own level.
_RANK_WORDS = frozenset(
    {"率先", "第一", "第二", "第三", "首个", "首家", "首批", "前列", "前茅", "前", "排名", "领跑", "平均",
     "平均水平", "名列", "位居", "位列", "居", "领先", "唯一", "之首", "最高", "最低", "最好", "最快"}
)
_RANK_WINDOW = 2

# What may follow a place name inside the same jieba token: its party
# committee, head or government (定西/市委常委, 北京市委, 砀山/县政府).
_ORGAN_CONTINUATIONS = ("委", "长", "政府")
# A development zone or new district named after a place stands for that place.
_ZONE_CONTINUATIONS = (
    "经开区", "高新区", "开发区", "技术开发区", "新区", "工业园", "产业园", "园区", "试验区", "示范区",
)
# 延安精神, 井冈山精神 name a revolutionary tradition, not the report's place.
_NOT_A_PLACE_AFTER = frozenset({"精神"})
# A newspaper, broadcaster or news site named after a place: a reprint line or
# a source, not the place the report speaks for (滁州日报 printing a story about 宿迁).
_MEDIA_AFTER = frozenset(
    {"日报", "晚报", "早报", "商报", "都市报", "报社", "报", "电视台", "广播电视台", "广播电台", "新闻网", "新闻",
     "融媒", "融媒体", "融媒体中心", "发布", "网"}
)
# A company's name ends within a few tokens of the place it starts with
# (陕西/延长/石油/有限公司); a place in brackets inside one also belongs to it.
_COMPANY_ENDINGS = ("有限公司", "有限责任公司", "股份公司", "公司", "集团", "银行")
_COMPANY_WINDOW = 4
# Punctuation ends a clause: the company or exclusion a mention belongs to lies within it.
_CLAUSE_BREAKS = frozenset("，。；：！？、,.;:!?\n")
_BRACKETS = frozenset("（）()")
# 西藏、新疆除外 / 除北京外: the places of the clause are the ones left out.
_EXCLUSION_AFTER = "除外"
_EXCLUSION_BEFORE = "除"
_EXCLUSION_BOUNDS = (_CLAUSE_BREAKS - {"、"}) | _BRACKETS  # a list of places stays in one clause
# How far an exclusion word may be from the place (a list of a dozen
# places); a bound, so a text without punctuation still costs linear time.
_EXCLUSION_WINDOW = 24
# A sub-county unit right after a county (崂山区/金家岭街道, 东兴区/郭北镇) pins
# the report's story to that county.
_SUB_COUNTY_ENDINGS = ("街道", "镇", "乡", "社区", "村", "嘎查", "苏木")
_SUB_COUNTY_WINDOW = 3

# The first character of every self-reference (我市, 全省, 市委, 县直).
_REFERENCE_OPENERS = frozenset(SELF_PREFIX_WEIGHTS) | frozenset(LEVEL_CHARS)


@dataclass(frozen=True)
class Entry:
    division: Division
    formal: bool  # official name or 玉树州-style form, as opposed to a short name


@dataclass(frozen=True)
class _Index:
    forms: dict[str, tuple[Entry, ...]]
    prefixes: frozenset[str]
    longest: int


@dataclass(frozen=True)
class Mention:
    surface: str  # as written, for evidence (定西市委, 砀山县, 宿迁)
    form: str  # the gazetteer form it matched (定西市, 砀山县, 宿迁)
    entries: tuple[Entry, ...]
    from_title: bool
    compound: bool  # a party-committee compound: as strong as an official name
    span: tuple[int, int, int]  # (text number, start, end): which mentions touch
    locates: bool = False  # followed by a town, street or village inside it (崂山区金家岭街道)


@dataclass(frozen=True)
class SelfRef:
    label: str  # 我市, 全市, 市委, 市直
    char: str  # the level character
    weight: float


@lru_cache(maxsize=1)
def index() -> _Index:
    """Every gazetteer form with the divisions it may name, built once per process."""
    gazetteer = load()
    forms: dict[str, list[Entry]] = defaultdict(list)
    for division in gazetteer.divisions:
        formal = set(division.formal_names)
        for name in formal:
            forms[name].append(Entry(division, True))
        for short in division.short_names:
            if short not in formal:
                forms[short].append(Entry(division, False))
    cleaned: dict[str, tuple[Entry, ...]] = {}
    for form, entries in forms.items():
        # A municipality's name matches its province row and its city row;
        # keep the city, whose chain includes the province.
        cities = {e.division.code for e in entries if e.division.level == "city"}
        kept = [e for e in entries if not (e.division.level == "province" and e.division.code in cities)]
        cleaned[form] = tuple(sorted(kept, key=lambda e: (e.division.code, e.division.level, not e.formal)))
    prefixes = frozenset(form[:i] for form in cleaned for i in range(1, len(form) + 1))
    return _Index(cleaned, prefixes, max(len(form) for form in cleaned))


def scan(tokens: Sequence[str], text_id: int, *, from_title: bool) -> tuple[list[Mention], list[SelfRef]]:
    """Find place mentions and self-references that align with token boundaries."""
    forms = index()
    text = "".join(tokens)
    # Where each token starts, then where the text ends: a compact array
    # searched by bisection, as a sentence may hold millions of tokens.
    bounds = array("q", accumulate(map(len, tokens), initial=0))

    mentions: list[Mention] = []
    refs: list[SelfRef] = []
    i = 0
    while i < len(tokens):
        first = tokens[i][:1]
        if first and first not in _REFERENCE_OPENERS and first not in forms.prefixes:
            # Neither a self-reference nor a place starts here (most tokens).
            i += 1
            continue
        ref = _self_reference(tokens, i)
        if ref is not None:
            self_ref, consumed = ref
            refs.append(self_ref)
            i += consumed
            continue
        match = _longest_place(text, bounds[i], bounds)
        if match is None:
            i += 1
            continue
        form, end, surface_end, compound = match
        next_token = _token_at(bounds, end)
        if _speaks_for_report(tokens, i, next_token):
            mentions.append(
                Mention(
                    surface=text[bounds[i] : surface_end],
                    form=form,
                    entries=forms.forms[form],
                    from_title=from_title,
                    compound=compound,
                    span=(text_id, bounds[i], end),
                    locates=next_token is not None and _sub_county_follows(tokens, next_token),
                )
            )
        i = len(tokens) if next_token is None else next_token
    return mentions, refs


def _speaks_for_report(tokens: Sequence[str], start: int, following: int | None) -> bool:
    """False for a place that names something else: a tradition, a paper, a company, an exclusion."""
    after = tokens[following] if following is not None and following < len(tokens) else None
    if after in _NOT_A_PLACE_AFTER or after in _MEDIA_AFTER:
        return False
    if following is not None and _company_follows(tokens, start, following):
        return False
    return not _excluded(tokens, start, following)


def _company_follows(tokens: Sequence[str], start: int, following: int) -> bool:
    in_brackets = start > 0 and tokens[start - 1] in _BRACKETS
    for token in tokens[following : following + _COMPANY_WINDOW + (1 if in_brackets else 0)]:
        if token.endswith(_COMPANY_ENDINGS):
            return True
        if token in _CLAUSE_BREAKS or (token in _BRACKETS and not in_brackets):
            return False
    return False


def _excluded(tokens: Sequence[str], start: int, following: int | None) -> bool:
    """Whether the mention is in a clause that leaves it out (西藏、新疆除外; 除北京外)."""
    after = following if following is not None else len(tokens)
    for token in tokens[after : after + _EXCLUSION_WINDOW]:
        if token in _EXCLUSION_BOUNDS:
            break
        if token == _EXCLUSION_AFTER:
            return True
    for token in reversed(tokens[max(0, start - _EXCLUSION_WINDOW) : start]):
        if token in _EXCLUSION_BOUNDS:
            break
        if token == _EXCLUSION_BEFORE:
            return True
    return False


def _sub_county_follows(tokens: Sequence[str], following: int) -> bool:
    for token in tokens[following : following + _SUB_COUNTY_WINDOW]:
        if token in _CLAUSE_BREAKS:
            return False
        if len(token) >= 2 and token.endswith(_SUB_COUNTY_ENDINGS):
            return True
    return False


def _token_at(bounds: array, offset: int) -> int | None:
    """The number of the token starting at ``offset`` (the number of tokens at the end), or None inside a token."""
    found = bisect_left(bounds, offset)
    return found if found < len(bounds) and bounds[found] == offset else None


def _longest_place(text: str, start: int, bounds: array) -> tuple[str, int, int, bool] | None:
    """The longest gazetteer form starting at ``start`` that ends where a mention may end.

    A form may end on a token boundary, or inside a token when the rest of the
    token opens with a committee, head or government (定西 + 市委常委 reads as
    定西市 + 委常委) or a development zone. Returns the form, the end of the
    tokens it takes, the end of the text to quote (定西市委) and whether it is
    a committee compound.
    """
    forms = index()
    best: tuple[str, int, int, bool] | None = None
    limit = min(len(text), start + forms.longest)
    for end in range(start + 1, limit + 1):
        piece = text[start:end]
        if piece not in forms.prefixes:
            break
        if piece not in forms.forms:
            continue
        if _token_at(bounds, end) is not None:
            best = (piece, end, end, False)
            continue
        token_end = bounds[bisect_right(bounds, end)]
        organ = _organ_after(text, start, end, forms.forms[piece])
        if organ:
            best = (piece, token_end, end + len(organ), True)
        elif end - start >= 2 and text.startswith(_ZONE_CONTINUATIONS, end):
            best = (piece, token_end, end, False)
    return best


def _organ_after(text: str, start: int, end: int, entries: Sequence[Entry]) -> str | None:
    """The committee, head or government word that continues an official name, if any."""
    # At least two characters before the level character: 和/县委 is "and the
    # county committee", never 和县's committee.
    if end - start < 3 or not any(e.formal for e in entries):
        return None
    for organ in _ORGAN_CONTINUATIONS:
        if text.startswith(organ, end):
            return organ
    return None


def _self_reference(tokens: Sequence[str], i: int) -> tuple[SelfRef, int] | None:
    token = tokens[i]
    pair = token + tokens[i + 1] if i + 1 < len(tokens) else ""
    for candidate, consumed in ((token, 1), (pair, 2)):
        if len(candidate) == 2 and candidate[0] in SELF_PREFIX_WEIGHTS and candidate[1] in LEVEL_CHARS:
            weight = SELF_PREFIX_WEIGHTS[candidate[0]]
            if candidate[0] == "全" and _near_rank_word(tokens, i, consumed):
                return None
            return SelfRef(candidate, candidate[1], weight), consumed
    # 市委, 市委常委, 县委书记, 市直机关: the token opens with the committee.
    if len(token) >= 2 and token[0] in LEVEL_CHARS and token[1] in _SELF_SUFFIX_WEIGHTS:
        label = token[:2]
        return SelfRef(label, token[0], _SELF_SUFFIX_WEIGHTS[token[1]]), 1
    return None


def _near_rank_word(tokens: Sequence[str], i: int, consumed: int) -> bool:
    window = list(tokens[max(0, i - _RANK_WINDOW) : i]) + list(tokens[i + consumed : i + consumed + _RANK_WINDOW])
    return any(token in _RANK_WORDS for token in window)
