"""Which province, city and county a report speaks for, and the level it speaks at.

The title, subtitle, bylines and body are scanned for place mentions and
self-references (``region_scan``); the mentions vote (``region_vote``):

* self-references decide the level: 我省/全省/省委 speak at province level,
  我市/全市/市委/市直 at city level, 我县/全县/县委/我区/全区/区委/旗 at county
  level (全区 of an autonomous region is the whole region). Without them, the
  most specific place named as often as its parent is the level, and a county
  that the report pins down to one of its towns, streets or villages
  (崂山区金家岭街道) is the level of a township or community report;
* when the title points somewhere the body does not, the body wins and a
  warning says so;
* a report that speaks for a unit without a place of its own (a university, a
  company, a lab, a court, a bureau: ``region_unit``) gets the unit's home
  when the text names it, and no region with a warning otherwise: the places
  its story visits are not its home;
* a round-up visiting several provinces, none ahead, gets no province, the
  level ``"national"`` and a warning naming them;
* a close runner-up, an ambiguous district nothing decides (鼓楼区), a byline
  from another place are warned about or left out.

Photo captions, reprint and source lines and related-news lists never vote.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from dj_tui.analysis.models import CleanedReport, Region, Sentence
from dj_tui.analysis.stages import segment, textnorm
from dj_tui.analysis.stages.gazetteer import Division, Gazetteer, load
from dj_tui.analysis.stages.region_scan import Mention, SelfRef, scan
from dj_tui.analysis.stages.region_unit import Unit, speaking_unit
from dj_tui.analysis.stages.region_vote import Resolution, compatible, resolve

MAX_EVIDENCE = 5
_MAX_PLACE_EVIDENCE = 3
_MAX_LEVEL_EVIDENCE = 2
# A round-up's warning and evidence name this many of its provinces.
_MAX_ROUND_UP_PLACES = 4
NATIONAL = Region.NATIONAL

_SUFFIX_LEVEL = {
    "省": "province", "市": "city", "县": "county", "区": "county", "旗": "county", "州": "city", "盟": "city",
}
_LEVEL_DEPTH = {"province": 0, "city": 1, "county": 2}
# A unit speaks for itself when its name and self-references weigh at least
# this much, and more than the report's self-references of a government level.
_UNIT_MIN_WEIGHT = 2.0
# ...and at least this fraction of the votes of the leading province.
_UNIT_SHARE_OF_PLACE = 0.5

# A paragraph that ends with a photo credit or opens as a caption describes a picture.
_CAPTION_END = re.compile(r"(摄|供图|图片|资料图片|资料图)[)）]?$")
# The credit at the end of a caption: its text without it is the picture's alt text.
_CAPTION_CREDIT = re.compile(r"[\s（(]*[^\s。，（(]{0,12}(摄|供图|图片|资料图片|资料图)[)）]?$")
_CAPTION_START = ("图为", "图：", "上图", "下图", "左图", "右图", "题图")
# A reprint or source line names another publication's place.
_REPRINT_START = ("转自", "转载自", "本文转自", "原载", "来源：", "稿源", "原标题", "（来源", "（原载")
# After one of these headings the page lists other stories.
_RELATED_HEADINGS = frozenset({"相关新闻", "相关阅读", "延伸阅读", "推荐阅读", "相关链接", "相关报道", "相关文章"})


def detect_region(report: CleanedReport, tokens: Sequence[Sequence[str]]) -> tuple[Region, list[str]]:
    """Find the report's region from its metadata and its segmented body.

    ``tokens[i]`` is ``segment.cut(report.sentences[i].norm)``; the title,
    subtitle and bylines are normalised and segmented here.
    """
    gazetteer = load()
    metadata = report.metadata
    headings = [segment.cut(textnorm.normalize(text)) for text in (metadata.title, metadata.subtitle) if text]
    bylines = [segment.cut(textnorm.normalize(byline)) for byline in metadata.bylines]
    silent = _silent_sentences(report.sentences)
    body = [t for i, t in enumerate(tokens) if i not in silent]

    title_mentions: list[Mention] = []
    byline_mentions: list[Mention] = []
    body_mentions: list[Mention] = []
    self_refs: list[SelfRef] = []
    for text_id, text_tokens in enumerate(headings + bylines + body):
        mentions, refs = scan(text_tokens, text_id, from_title=text_id < len(headings))
        if text_id < len(headings):
            title_mentions += mentions
        elif text_id < len(headings) + len(bylines):
            byline_mentions += mentions
        else:
            body_mentions += mentions
        self_refs += refs

    warnings: list[str] = []
    title = resolve(title_mentions, gazetteer)
    body_res = resolve(body_mentions, gazetteer)
    # A byline speaks for the report unless the body is about another province
    # (a national paper's correspondent, another city's reporters).
    bylines_res = resolve(byline_mentions, gazetteer)
    if bylines_res.province is not None and body_res.province not in (None, bylines_res.province):
        byline_mentions = []
    body_res = resolve(byline_mentions + body_mentions, gazetteer)
    self_refs = _without_place_names(self_refs, body_res, title, gazetteer)

    unit = speaking_unit(headings + body, gazetteer)
    if title.province is None and unit is not None and _speaks_for_unit(unit, self_refs, body_res):
        return _unit_region(unit, body_res, gazetteer)

    if body_res.province is None and not body_res.several:
        resolution = resolve(title_mentions + byline_mentions + body_mentions, gazetteer)
    elif title.province is not None and not compatible(title, body_res):
        warnings.append(
            f"region: the title points to {_label(title)} but the body is about {_body_label(body_res)}; using the body"
        )
        resolution = body_res
    else:
        resolution = resolve(title_mentions + byline_mentions + body_mentions, gazetteer)
    warnings += _resolution_warnings(resolution, gazetteer)
    if resolution.several:
        return _round_up_region(resolution), warnings

    # A title (not a subtitle or kicker) that names a city or province, not a
    # county, says the report speaks for it, whatever village its story visits.
    main_title = resolve(title_mentions[: _count_from_text(title_mentions, 0)] if metadata.title else [], gazetteer)
    title_above_county = main_title.province is not None and main_title.county is None
    level, level_refs = _speaking_level(resolution, self_refs, gazetteer, pin_county=not title_above_county)
    province, city, county = resolution.province, resolution.city, resolution.county
    if level == "province":
        city = county = None
    elif level == "city":
        county = None
    kept = [d for d in (province, city, county) if d is not None]
    evidence = _evidence(resolution, kept, level_refs, gazetteer)
    region = Region(
        province=province.name if province else None,
        city=city.name if city else None,
        county=county.name if county else None,
        level=level,
        evidence=evidence,
    )
    return region, warnings


def _count_from_text(mentions: Sequence[Mention], text_id: int) -> int:
    """How many of the (ordered) mentions come from the text numbered ``text_id``."""
    return sum(1 for m in mentions if m.span[0] == text_id)


def _speaks_for_unit(unit: Unit, self_refs: Sequence[SelfRef], body: Resolution) -> bool:
    """Whether the report speaks for the unit rather than for a place."""
    if unit.weight <= sum(ref.weight for ref in self_refs):
        return False
    if body.province is None and not body.several:
        return True  # with no place at all, one mention of the unit is all there is to go on
    # A round-up or an area report names companies and schools too: the unit
    # must speak as a body, and be named at least half as often as the leading
    # province is voted for.
    return (
        not body.several
        and unit.speaks
        and unit.weight >= _UNIT_MIN_WEIGHT
        and unit.weight >= _UNIT_SHARE_OF_PLACE * body.votes(body.province)
    )


def _silent_sentences(sentences: Sequence[Sentence]) -> set[int]:
    """Sentences that do not speak for the report: captions, reprint lines, related news."""
    silent: set[int] = set()
    paragraphs: dict[int, list[Sentence]] = defaultdict(list)
    for sentence in sentences:
        paragraphs[sentence.paragraph].append(sentence)
    captions: set[str] = set()
    for members in paragraphs.values():
        text = "".join(s.norm for s in members).strip()
        if _CAPTION_END.search(text) or text.startswith(_CAPTION_START):
            silent.update(s.index for s in members)
            captions.add(_CAPTION_CREDIT.sub("", text).strip())
    for members in paragraphs.values():
        # A caption repeated without its credit (an image's alt text).
        if "".join(s.norm for s in members).strip() in captions:
            silent.update(s.index for s in members)
    related = False
    for sentence in sentences:
        stripped = sentence.norm.strip().strip("【】[]：: ")
        related = related or stripped in _RELATED_HEADINGS
        if related or sentence.norm.lstrip().startswith(_REPRINT_START):
            silent.add(sentence.index)
    return silent


def _without_place_names(
    refs: Sequence[SelfRef], body: Resolution, title: Resolution, gazetteer: Gazetteer
) -> list[SelfRef]:
    """Drop self-references that are a voted place's short name (全州 of 全州县 is not "the whole prefecture")."""
    names: set[str] = set()
    for res in (body, title):
        for _, division, _ in res.accepted:
            for link in gazetteer.chain(division):
                names.update(link.short_names)
    return [ref for ref in refs if ref.label not in names]


def _resolution_warnings(res: Resolution, gazetteer: Gazetteer) -> list[str]:
    warnings: list[str] = []
    # A short name shared by several places is often a word (朝阳产业): once a
    # place is found, only full names left out are worth a warning.
    formal = [m for m in res.ambiguous if res.province is None or all(e.formal for e in m.entries)]
    if formal:
        for form in sorted({m.form for m in formal}):
            places = {_chain_label(e.division, gazetteer) for m in formal if m.form == form for e in m.entries}
            warnings.append(
                f"region: {form} could be {'、'.join(sorted(places))}; the report names none of their cities,"
                " so it is left out"
            )
    if res.tied:
        names = "、".join(d.name for d in res.tied)
        warnings.append(f"region: {names} are mentioned equally; no province chosen")
    if res.several:
        names = "、".join(d.name for d in res.several[:_MAX_ROUND_UP_PLACES])
        warnings.append(f"region: the report visits several provinces ({names}) and none dominates; no province chosen")
    if res.runner_up is not None and res.province is not None:
        warnings.append(
            f"region: {res.province.name} ({_votes(res, res.province)}) is only narrowly ahead of"
            f" {res.runner_up.name} ({_votes(res, res.runner_up)})"
        )
    return warnings


def _votes(res: Resolution, division: Division) -> str:
    return f"{res.votes(division):g}"


def _chain_label(division: Division, gazetteer: Gazetteer) -> str:
    names: list[str] = []
    for link in gazetteer.chain(division):
        if link.name not in names:
            names.append(link.name)
    return "".join(names)


def _unit_region(unit: Unit, body: Resolution, gazetteer: Gazetteer) -> tuple[Region, list[str]]:
    if unit.home is not None:
        chain = {d.level: d.name for d in gazetteer.chain(unit.home)}
        if gazetteer.is_municipality(gazetteer.province_of(unit.home)):
            chain["city"] = chain["province"]
        return Region(
            province=chain.get("province"),
            city=chain.get("city"),
            county=chain.get("county"),
            level=unit.home.level,
            evidence=(f"{unit.home_evidence}×{unit.home_mentions}",),
        ), []
    story = _body_label(body) if body.province is not None or body.several else ""
    where = f"; {story} is only where its story is set" if story else ""
    return Region(), [f"region: the report speaks for {unit.name}, and the text names no place of its own{where}"]


def _round_up_region(res: Resolution) -> Region:
    evidence = tuple(f"{d.name}×{_mention_count(res, d)}" for d in res.several[:_MAX_ROUND_UP_PLACES])
    return Region(level=NATIONAL, evidence=evidence[:MAX_EVIDENCE])


def _mention_count(res: Resolution, province: Division) -> int:
    return sum(1 for _, division, _ in res.accepted if division.code[:2] == province.code[:2])


def _label(res: Resolution) -> str:
    return Region(
        province=res.province.name if res.province else None,
        city=res.city.name if res.city else None,
        county=res.county.name if res.county else None,
    ).label


def _body_label(res: Resolution) -> str:
    if res.several:
        return "several provinces (" + "、".join(d.name for d in res.several[:_MAX_ROUND_UP_PLACES]) + ")"
    return _label(res)


def _speaking_level(
    res: Resolution, refs: Sequence[SelfRef], gazetteer: Gazetteer, *, pin_county: bool
) -> tuple[str | None, list[SelfRef]]:
    """The level the report speaks at, and the self-references that decided it."""
    by_level: dict[str, list[SelfRef]] = defaultdict(list)
    for ref in refs:
        by_level[_ref_level(ref.char, res, gazetteer)].append(ref)
    if by_level:
        scores = {level: sum(r.weight for r in level_refs) for level, level_refs in by_level.items()}
        # On a tie the more specific level wins: the larger unit is the one usually cited.
        level = max(scores, key=lambda lv: (scores[lv], _LEVEL_DEPTH[lv]))
        return _within_places(level, res), by_level[level]
    return _level_from_places(res, pin_county=pin_county), []


def _within_places(level: str, res: Resolution) -> str:
    """A level no deeper than the places found: 全县 in a province round-up quotes one county."""
    if res.province is None:
        return level
    deepest = "county" if res.county is not None else "city" if res.city is not None else "province"
    return level if _LEVEL_DEPTH[level] <= _LEVEL_DEPTH[deepest] else deepest


def _ref_level(char: str, res: Resolution, gazetteer: Gazetteer) -> str:
    level = _SUFFIX_LEVEL[char]
    county, city, province = res.county, res.city, res.province
    county_leads = county is not None and res.direct.get(county.key, 0) >= _direct_above(county, res, gazetteer)
    if char == "市" and county is not None and county.name.endswith("市") and (city is None or county_leads):
        return "county"  # a county-level city calls itself 我市
    if char == "区" and province is not None and province.name.endswith("自治区"):
        named_district = county is not None and county.name.endswith("区") and county_leads
        return "county" if named_district else "province"  # 全区 of 广西 is the whole region
    return level


def _direct_above(county: Division, res: Resolution, gazetteer: Gazetteer) -> float:
    parent = gazetteer.parent(county)
    return res.direct.get(parent.key, 0) if parent is not None else 0


def _level_from_places(res: Resolution, *, pin_county: bool) -> str | None:
    """Without self-references: the county the report is pinned to (when ``pin_county``),
    else the most specific division named at least as often as its parent."""
    province, city, county = res.province, res.city, res.county
    if province is None:
        return None
    direct = res.direct
    if pin_county and county is not None and any(m.locates and d == county for m, d, _ in res.accepted):
        return "county"  # a township, community or village report speaks for its county
    parent_of_county = city or province
    if county is not None and direct.get(county.key, 0) > 0 and direct.get(county.key, 0) >= direct.get(
        parent_of_county.key, 0
    ):
        return "county"
    if city is not None and direct.get(city.key, 0) > 0 and direct.get(city.key, 0) >= direct.get(province.key, 0):
        return "city"
    return "province"


def _evidence(
    res: Resolution, kept: Sequence[Division], level_refs: Sequence[SelfRef], gazetteer: Gazetteer
) -> tuple[str, ...]:
    """The mentions that voted for the result, heaviest first, a handful at most; then a close runner-up."""
    if not kept:
        return ()
    deepest = kept[-1]
    kept_keys = {d.key for d in kept}
    places: dict[str, list[float]] = defaultdict(list)
    runner: dict[str, list[float]] = defaultdict(list)
    for mention, division, weight in res.accepted:
        chain_keys = {d.key for d in gazetteer.chain(division)}
        if division.key in kept_keys or deepest.key in chain_keys:
            places[mention.surface].append(weight)
        elif res.runner_up is not None and res.runner_up.key in chain_keys:
            runner[mention.surface].append(weight)
    selfs: dict[str, list[float]] = defaultdict(list)
    for ref in level_refs:
        selfs[ref.label].append(ref.weight)

    def ranked_items(groups: dict[str, list[float]], limit: int) -> list[tuple[float, int, str]]:
        items = sorted((-sum(ws), -len(ws), label) for label, ws in groups.items())
        return items[:limit]

    runner_items = ranked_items(runner, 1)
    room = MAX_EVIDENCE - len(runner_items)
    chosen = sorted(ranked_items(places, _MAX_PLACE_EVIDENCE) + ranked_items(selfs, _MAX_LEVEL_EVIDENCE))[:room]
    evidence = [f"{label}×{-count}" for _, count, label in chosen]
    evidence += [f"runner-up {label}×{-count}" for _, count, label in runner_items]
    return tuple(evidence)


def region_from_name(name: str) -> Region:
    """Parse a region written top-down in full (安徽省宿州市, 北京市石景山区).

    Used for per-file overrides in config.toml; raises ValueError naming the
    part that is not a division under the one before it.
    """
    gazetteer = load()
    chain: list[Division] = []
    rest = name.strip()
    while rest:
        parent = chain[-1] if chain else None
        match = None
        for size in range(len(rest), 1, -1):
            for division in gazetteer.by_name(rest[:size]):
                if parent is None or parent in gazetteer.chain(division)[:-1]:
                    match = division
                    break
            if match is not None:
                break
        if match is None:
            where = f" under {chain[-1].name}" if chain else ""
            raise ValueError(f"{rest!r} is not a province, city or county{where}")
        chain.append(match)
        rest = rest[len(match.name) :]
    if not chain:
        raise ValueError("empty region name")
    by_level = {d.level: d.name for d in gazetteer.chain(chain[-1])}
    if gazetteer.is_municipality(gazetteer.province_of(chain[-1])):
        by_level["city"] = by_level["province"]
    return Region(
        province=by_level.get("province"),
        city=by_level.get("city"),
        county=by_level.get("county"),
        level=chain[-1].level,
        evidence=("config override",),
    )
