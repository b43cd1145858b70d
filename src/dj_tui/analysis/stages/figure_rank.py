"""Headline-ness: orders a report's figures as an editor would lead with them, and says why.

An editor leads with what the report claims for the whole place it speaks
for (全市累计培训党员5万人次, 建成网格党支部4022个), above all what its title,
lead and closing paragraphs say; one village's, one company's or one
person's numbers, background facts (面积, 人口, 山区占92.3%), criteria and
thresholds (收益10万元以上的村, 不少于5人), sub-items of a larger figure
(其中…) and anecdote details come last. Money ranks as any other amount;
the size of an amount only breaks ties.

Each rule that applies to a figure adds its weight to the score and its
phrase to the figure's ``reasons``, strongest first, so every rank can be
explained. A figure is read where it stands: the words just before and
after it, its clause, the marker nearest before it in its sentence (全市,
西岭镇东坡村, 其中), its paragraph's place in the report, and the title.
Which places are the report's own is ``figure_places``' part.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from dj_tui.analysis.models import Figure, Metadata, Sentence
from dj_tui.analysis.stages.figure_places import PlaceReader
from dj_tui.analysis.stages.figure_units import DURATION, MONEY, PHYSICAL, POINTS, RATE, TIMES, UNITS, unit_kind
from dj_tui.analysis.stages.textnorm import HAN

# --- Weights ------------------------------------------------------------------
# Each rule's weight; the amount's size adds at most _MAGNITUDE_WEIGHT, less
# than any rule, so that it breaks ties without overriding what an editor reads.

_IN_TITLE = 3.0
_WHOLE_PLACE = 2.0
_TOTAL = 1.5
_RESULT = 1.0
_TO_DATE = 0.5
_LEAD = 1.0
_CLOSING_RESULT = 1.25
_CLOSING = 0.5
_HEADING = 0.5
_ONE_UNIT = -2.5
_ANECDOTE = -2.0
_BACKGROUND = -3.0
_CRITERION = -3.0
_SUB_ITEM = -1.5
_RANGE = -1.0
_SMALL_COUNT = -1.0
_SAME_SENTENCE = -0.5  # for each better figure of the same sentence: three headlines from one sentence are one
_MAGNITUDE_WEIGHT = 0.8

# --- Words --------------------------------------------------------------------

# The whole place the report speaks for, and the organs of all of it.
# A unit reporting on itself says 全校, 我院, 全系统.
_WHOLE_PLACE_WORDS = re.compile(
    r"[全我本](?:[省市县区州盟旗乡镇校院局]|系统|行业|集团|公司)|[省市县区]直各?|[省市县区]管"
)
# A figure counted over everything: a total, a sum so far, a coverage.
# 共 alone, unless it opens a word of its own (共产党员, 公共, 共建共享).
_TOTAL_WORDS = re.compile(
    r"累计|共计|总计|合计|总数|总量|全覆盖|覆盖率|(?<![公中总一])共(?![产同享建识治赢青谋商筑创担性鸣事振])"
)
# What was done: a result reported, not a plan or a norm.
_RESULT_WORDS = re.compile(r"建成|完成|实现|覆盖|办结|解决|化解|惠及|带动|帮助|突破|新增|新建|确立|获得?|荣获|已")
# A change, when it comes right before the figure (环比下降75%, 提高到4.5万元):
# elsewhere in the clause 提升 and 提高 are as often nouns (能力提升行动).
_CHANGE_WORDS = re.compile(r"(?:下降|减少|压减|降低|增长|增加|提升|提高|上升)(?:了|到|至|为)?$")
# A level reached, right before the figure: 网上可办率达到99.06%.
_REACHED_WORDS = re.compile(r"(?:达到|达|增至|升至)(?:了)?$")
_CHANGE_REACH = 6
# The results so far: 今年以来, 截至8月底, 目前.
_TO_DATE_WORDS = re.compile(r"以来|年来|截至|截止|目前|至今")
# A figure that is one part of a larger one stated nearby.
_SUB_ITEM_WORDS = re.compile(r"其中|包括|分别")
# Facts about the place, true before any work was done.
_BACKGROUND_WORDS = re.compile(
    r"总?面积|总?人口|海拔|位于|地处|下辖|辖区内?有|(?:山区|山地|丘陵|平原|耕地|森林|草原)(?:面积)?占|海岸线|境内|国土"
)
# Units that measure territory rather than work: 超过60万平方公里.
_TERRITORY_UNITS = frozenset({"平方公里", "平方千米"})
# A threshold or a norm: 不少于5人的执法队, 收益10万元以上的村, 每人每年4.5万元.
_CRITERION_BEFORE = re.compile(r"(?:不低于|不少于|低于|高于|不超过|不高于|少于|多于|大于|小于|在)$")
_CRITERION_AFTER = re.compile(r"^(?:以上|以下|以内)?(?:的|为标准|为准)")
_CRITERION_CLAUSE = re.compile(r"标准|门槛|要求|每人每年|每(?:个|名|户|村|人|家|位|支|所)")
# A number told as part of a story: quoted speech, a person, a time of day.
_QUOTED_SPEECH = re.compile(r"^[“「『][^”」』]*[，。！？；]|[说道]：?[“「『]|[“「『](?:我们|咱们|咱)")
_PRONOUN = re.compile(r"(?<![其吉])[他她](?![人乡国])")
# A time of day sets a scene: the whole paragraph is a story (凌晨5点，…这座1831米的山顶).
_CLOCK = re.compile(r"\d{1,2}(?:时|点)(?:许|左右|\d|半)|凌晨|深夜|傍晚|清晨")
# A unit spoken of alone: a sentence opening with it (公司实施…, 社区依托…)
# or a word pointing back at it (该村, 这家企业, 村里).
_ANAPHORIC_UNIT = re.compile(
    rf"^(?:公司|企业|村里|村上|社区|合作社|医院|学校)(?=[{HAN}])|[该这此](?:家|个|所|座)?"
    r"(?:村|社区|公司|企业|镇|乡|街道|医院|学校|合作社|单位|支部|厂)|村里"
)
# A unit word, unless it opens a longer word (村级, 村干部, 乡村振兴, 街道社区)
# or closes a common one (农村, 城乡, 乡镇).
_UNIT_WORD = (
    r"(?:(?<![农乡山渔])村(?![级集干民委两党务庄组医规])|(?<![城下返家回老])乡(?![村镇土亲贤情])"
    r"|(?<![乡城村集])镇(?![村街])|街道(?![社党办])|社区|医院|学校|合作社|小区)"
)
# Grass-roots units by name where a report locates them, after the place or
# the unit they belong to (富平县庄里镇永安村, 九井镇回龙村, 渭城区渭阳街道), and
# firms by their registered name (…农业有限公司); the best one of several
# (收入最高的村) is one unit too.
_NAMED_UNIT = re.compile(
    rf"(?:^|[县区市旗州镇乡，；。：]|街道)(?P<name>[{HAN}]{{2,4}}?{_UNIT_WORD})"
    rf"|(?P<firm>[{HAN}]{{2}}(?:有限公司|有限责任公司|股份有限公司))"
    r"|(?P<best>最(?:高|多|大|好|强|快)的)"
)
# Words in a unit's name that make it a kind of unit, not one of them:
# 各村, 所辖社区, 城乡社区, 乡镇.
_GENERIC_UNIT_CHARS = frozenset("各全本每该这此个家所座辖属级类型等多余些其城乡县区市镇村")
_GENERIC_UNIT_WORDS = frozenset(
    "老旧 住宅 商品 城市 农村 城乡 安置 搬迁 示范 试点 贫困 薄弱 重点 行政 自然 中心 专业 经济 股份 涉农 公立 人民 "
    "基层 周边 相关 所在 有关 部分 一些 多个 其他 其它".split()
)
# A person by role and name: 共产党员何邦友, 党委书记王琦.
_ROLE_NAME = re.compile(
    rf"(?:书记|主任|党员|医师|医生|教师|老师|村民|居民|队长|站长|社长|经理|负责人|带头人|网格员|志愿者|民警)"
    rf"(?P<name>[{HAN}]{{2,3}}?)(?=[，,、：:（(]|说|介绍|表示|带领)"
)
_CLAUSE_BREAKS = re.compile(r"[，,；;。！？!?：:]")
# How far the words that qualify a figure reach before and after it.
_BEFORE_REACH = 24
_AFTER_REACH = 12
_CRITERION_REACH = 4
_SMALL_COUNT_LIMIT = 10
_SMALL_SUM_LIMIT = 10_000  # yuan: below 1万元 a sum is one household's, not a report's
_RANGE_QUALIFIER = "至"


def rank_figures(figures: Sequence[Figure], sentences: Sequence[Sentence], metadata: Metadata) -> list[Figure]:
    """The figures best (most headline) first, each with its ``score`` and ``reasons``.

    ``figures`` are the report's figures, each found in the sentence that
    ``sentences`` numbers ``figure.index``; the order they come in changes
    nothing (figures with the same text in one sentence take its occurrences
    in the order given). Equal scores keep document order.
    """
    by_index = {sentence.index: sentence for sentence in sentences}
    layout = _Layout.of(sentences)
    places = PlaceReader.of(metadata, sentences)
    title = _TitleNumbers.of(metadata)
    views: dict[int, _SentenceView] = {}
    scored: list[tuple[float, int, int, Figure, list[tuple[float, str]]]] = []
    for figure, start in _locate(figures, by_index):
        sentence = by_index.get(figure.index)
        rules: list[tuple[float, str]] = []
        if sentence is not None:
            view = views.get(sentence.index)
            if view is None:
                view = views[sentence.index] = _SentenceView.of(sentence, places)
            rules = _rules(figure, start, sentence, view, layout, title)
        score = sum(weight for weight, _ in rules) + _MAGNITUDE_WEIGHT * _magnitude(figure)
        scored.append((score, figure.index, start, figure, rules))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    # The second and third figures of one sentence tell the same news as its
    # first: each ranks a little lower for every better one beside it.
    better_in_sentence: dict[int, int] = {}
    ranked: list[tuple[float, int, int, Figure]] = []
    for score, index, start, figure, rules in scored:
        better = better_in_sentence.get(index, 0)
        better_in_sentence[index] = better + 1
        if better:
            rules.append((_SAME_SENTENCE * better, "a better figure of its sentence ranks above"))
            score += _SAME_SENTENCE * better
        rules.sort(key=lambda rule: -abs(rule[0]))  # stable: equal weights keep the order they were read in
        reasons = tuple(dict.fromkeys(reason for _, reason in rules))
        score = round(score, 6)
        ranked.append((-score, index, start, replace(figure, score=score, reasons=reasons)))
    ranked.sort(key=lambda item: item[:3])
    return [figure for *_, figure in ranked]


def _locate(figures: Sequence[Figure], by_index: dict[int, Sentence]) -> list[tuple[Figure, int]]:
    """Each figure with its offset in its sentence (0 when it cannot be found there).

    A figure's text is a verbatim slice of its sentence; the same text twice
    in one sentence is two figures, which take its occurrences in turn.
    """
    next_search: dict[tuple[int, str], int] = {}
    placed: list[tuple[Figure, int]] = []
    for figure in figures:
        sentence = by_index.get(figure.index)
        key = (figure.index, figure.text)
        start = -1
        if sentence is not None and figure.text:
            start = sentence.text.find(figure.text, next_search.get(key, 0))
            # 5个 is not the tail of 15个 or 2.5个.
            while start > 0 and figure.text[0] in _NUMBER_CHARS and sentence.text[start - 1] in _NUMBER_CHARS:
                start = sentence.text.find(figure.text, start + 1)
        if start >= 0:
            next_search[key] = start + len(figure.text)
        placed.append((figure, max(start, 0)))
    return placed


_NUMBER_CHARS = frozenset("0123456789.,０１２３４５６７８９零〇一二两三四五六七八九十百千万亿")


@dataclass(frozen=True)
class _Layout:
    """Where the report opens and closes (its lead and closing body paragraphs), and where it tells a scene."""

    lead: int | None
    closing: int | None
    scenes: frozenset[int]  # paragraphs that set a time of day

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> _Layout:
        body = [s.paragraph for s in sentences if not s.is_heading]
        scenes = frozenset(s.paragraph for s in sentences if _CLOCK.search(s.norm))
        if not body:
            return cls(None, None, scenes)
        return cls(body[0], body[-1], scenes)


@dataclass(frozen=True)
class _TitleNumbers:
    """The numbers the title and subtitle state, each with the text after it, to spot a figure they repeat."""

    numbers: dict[str, str]

    @classmethod
    def of(cls, metadata: Metadata) -> _TitleNumbers:
        numbers: dict[str, str] = {}
        for line in (metadata.title, metadata.subtitle):
            for match in _TITLE_NUMBER.finditer(line or ""):
                numbers[match.group()] = numbers.get(match.group(), "") + line[match.end() : match.end() + 6]
        return cls(numbers)

    def states(self, figure: Figure) -> bool:
        match = _TITLE_NUMBER.search(figure.text)
        if match is None:
            return False
        after = self.numbers.get(match.group())
        return after is not None and figure.unit in after


_TITLE_NUMBER = re.compile(r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]{2,}")


@dataclass(frozen=True)
class _Marker:
    """A word in a sentence that says whose figure follows it: the whole place's, one unit's, or a part's."""

    start: int
    kind: str  # "whole", "unit" or "part"
    label: str


@dataclass(frozen=True)
class _SentenceView:
    """What one sentence says around its figures, read once for all of them."""

    breaks: list[int]  # offsets of clause punctuation
    marker_starts: list[int]
    markers: list[_Marker]
    total_starts: list[int]
    totals: list[str]
    to_date: int | None  # offset of the first 今年以来-like word
    background: str | None
    anecdote: str | None

    @classmethod
    def of(cls, sentence: Sentence, places: PlaceReader) -> _SentenceView:
        norm = sentence.norm
        markers = [_Marker(m.start(), "whole", m.group()) for m in _WHOLE_PLACE_WORDS.finditer(norm)]
        markers.extend(_Marker(m.start(), "part", m.group()) for m in _SUB_ITEM_WORDS.finditer(norm))
        markers.extend(_Marker(m.start(), "unit", m.group()) for m in _ANAPHORIC_UNIT.finditer(norm))
        markers.extend(
            _Marker(m.start(), "unit", m["name"] or m["firm"] or m["best"])
            for m in _NAMED_UNIT.finditer(norm)
            if _names_one(m)
        )
        markers.extend(
            _Marker(m.start(), "unit", m["name"]) for m in _ROLE_NAME.finditer(norm) if places.is_person(m["name"])
        )
        quoted = [m.span() for m in _QUOTED.finditer(norm)]
        for start, name, own in places.mentions(norm):
            # A place inside a quoted name (“红色驿站·武威印象”) names a brand, not where a figure counts.
            if not any(begin < start < end for begin, end in quoted):
                markers.append(_Marker(start, "whole" if own else "unit", name))
        markers.sort(key=lambda marker: marker.start)
        totals = [(m.start(), m.group()) for m in _TOTAL_WORDS.finditer(norm)]
        to_date = _TO_DATE_WORDS.search(norm)
        background = _BACKGROUND_WORDS.search(norm)
        return cls(
            breaks=[m.start() for m in _CLAUSE_BREAKS.finditer(norm)],
            marker_starts=[marker.start for marker in markers],
            markers=markers,
            total_starts=[start for start, _ in totals],
            totals=[word for _, word in totals],
            to_date=to_date.start() if to_date else None,
            background=background.group() if background else None,
            anecdote=_anecdote(norm),
        )

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the clause holding ``start``–``end``, at most the reach either side."""
        before = bisect_left(self.breaks, start)
        clause_start = self.breaks[before - 1] + 1 if before else 0
        after = bisect_left(self.breaks, end)
        clause_end = self.breaks[after] if after < len(self.breaks) else math.inf
        return max(clause_start, start - _BEFORE_REACH), int(min(clause_end, end + _AFTER_REACH))

    def nearest_marker(self, start: int) -> _Marker | None:
        before = bisect_left(self.marker_starts, start)
        return self.markers[before - 1] if before else None

    def total_before(self, end: int) -> str | None:
        """The total word nearest before ``end`` (a figure's clause end): 共开展活动675次，服务群众6100人次."""
        before = bisect_right(self.total_starts, end)
        return self.totals[before - 1] if before else None


_QUOTED = re.compile(r"“[^“”]*”|「[^「」]*」")


def _names_one(match: re.Match[str]) -> bool:
    """Whether a unit word with the characters before it names one unit, not a kind of unit."""
    name = match["name"]
    if name is None:
        return True
    words = name[:-1] if name.endswith(("村", "镇", "乡")) else name[:2]
    return not _GENERIC_UNIT_CHARS.intersection(words) and words[:2] not in _GENERIC_UNIT_WORDS


def _anecdote(norm: str) -> str | None:
    for pattern, label in ((_QUOTED_SPEECH, "quoted speech"), (_PRONOUN, "a person's story")):
        if pattern.search(norm):
            return label
    return None


def _rules(
    figure: Figure, start: int, sentence: Sentence, view: _SentenceView, layout: _Layout, title: _TitleNumbers
) -> list[tuple[float, str]]:
    """The rules that apply to one figure, as (weight, reason)."""
    norm = sentence.norm
    end = start + len(figure.text)
    clause_start, clause_end = view.clause(start, end)
    before = norm[clause_start:start]
    after = norm[end:clause_end]
    rules: list[tuple[float, str]] = []
    if title.states(figure):
        rules.append((_IN_TITLE, "in the title"))

    marker = view.nearest_marker(start)
    if marker is not None and marker.kind == "whole":
        rules.append((_WHOLE_PLACE, f"whole-place total ({marker.label})"))
    elif marker is not None and marker.kind == "unit":
        rules.append((_ONE_UNIT, f"one unit's figure ({marker.label})"))
    elif marker is not None:
        rules.append((_SUB_ITEM, f"sub-item ({marker.label})"))

    total = None if marker is not None and marker.kind == "part" else view.total_before(clause_end)
    if total is not None:
        rules.append((_TOTAL, f"total ({total})"))
    result = (
        _CHANGE_WORDS.search(norm, max(0, start - _CHANGE_REACH), start)
        or _REACHED_WORDS.search(norm, max(0, start - _CHANGE_REACH), start)
        or _last(_RESULT_WORDS.finditer(before))  # the verb nearest the figure: 已建成 is 建成
        or _RESULT_WORDS.search(after)
    )
    if figure.direction is not None or figure.from_value is not None:
        rules.append((_RESULT, f"change ({figure.direction or 'from … to'})"))
    elif result is not None:
        rules.append((_RESULT, f"result ({result.group()})"))
    if view.to_date is not None and view.to_date < start:
        rules.append((_TO_DATE, "result to date"))

    # One unit's result is still one unit's, wherever the report tells it.
    one_unit = marker is not None and marker.kind == "unit"
    whole_place = marker is not None and marker.kind == "whole"
    is_result = not one_unit and (total is not None or result is not None or whole_place)
    if sentence.is_heading:
        rules.append((_HEADING, "in a heading"))
    elif sentence.paragraph == layout.lead:
        rules.append((_LEAD, "in the lead paragraph"))
    elif sentence.paragraph == layout.closing:
        if is_result:
            rules.append((_CLOSING_RESULT, "result in the closing paragraph"))
        else:
            rules.append((_CLOSING, "in the closing paragraph"))

    kind = unit_kind(figure.unit)
    if view.background is not None and total is None and result is None:
        rules.append((_BACKGROUND, f"background fact ({view.background})"))
    elif figure.unit in _TERRITORY_UNITS and result is None:
        rules.append((_BACKGROUND, f"background fact ({figure.unit})"))
    criterion = _criterion(figure, norm, start, before, after)
    if criterion is not None:
        rules.append((_CRITERION, f"criterion/threshold ({criterion})"))
    elif figure.qualifier == _RANGE_QUALIFIER:
        rules.append((_RANGE, "range (a norm, not a result)"))
    if view.anecdote is not None:
        rules.append((_ANECDOTE, f"anecdote detail ({view.anecdote})"))
    elif sentence.paragraph in layout.scenes:
        rules.append((_ANECDOTE, "anecdote detail (a scene at a time of day)"))
    elif kind == DURATION:
        rules.append((_ANECDOTE, "anecdote detail (time taken)"))
    if kind == MONEY and figure.value < _SMALL_SUM_LIMIT:
        rules.append((_SMALL_COUNT, "small amount"))
    elif kind not in (RATE, POINTS, TIMES, MONEY, PHYSICAL, DURATION) and figure.value < _SMALL_COUNT_LIMIT:
        rules.append((_SMALL_COUNT, "small count"))
    return rules


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007 - the loop keeps the last one
        pass
    return last


def _criterion(figure: Figure, norm: str, start: int, before: str, after: str) -> str | None:
    """The word that makes the figure a threshold or a norm, if any."""
    if figure.qualifier is not None and figure.qualifier.startswith(("不低于", "不少于", "低于", "不超过", "不高于")):
        return figure.qualifier
    threshold = _CRITERION_BEFORE.search(norm, max(0, start - _CRITERION_REACH), start)
    attributive = _CRITERION_AFTER.match(after)
    if attributive is not None and figure.qualifier in ("以上", "以下", "以内"):
        return figure.qualifier + "的"
    if threshold is not None and (threshold.group() != "在" or attributive):
        return threshold.group()
    if attributive is not None and attributive.group().startswith(("以上", "以下", "以内")):
        return attributive.group()
    if attributive is not None and attributive.group() != "的":
        return attributive.group()
    norm_word = _CRITERION_CLAUSE.search(before) or _CRITERION_CLAUSE.search(after)
    return norm_word.group() if norm_word else None


def _magnitude(figure: Figure) -> float:
    """The amount's size on a 0–1 scale comparable across kinds of unit; a tie-breaker only.

    Money is counted in 万元 here, so that a sum of money is no larger than a
    count of the same order of importance (2000万元 stands with 2000 people).
    """
    kind = unit_kind(figure.unit)
    unit = UNITS.get(figure.unit)
    value = max(figure.value * (unit.scale if unit is not None else 1.0), 0.0)
    if kind == RATE:
        return min(value, 100.0) / 100.0
    if kind in (POINTS, TIMES):
        return 0.5
    if kind == DURATION:
        return 0.0
    if kind == MONEY:
        value /= 10_000
    return min(math.log10(max(value, 1.0)) / 6.0, 1.0)
