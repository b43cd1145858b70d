"""Which province, city and county a report is about, and the level it speaks at.

Two kinds of evidence are read from the title, subtitle, bylines and body:

* place mentions: names from the gazetteer (安徽省, 宿州市, 砀山县, 玉树州, and
  short names such as 安徽, 宿州, 砀山), including party-committee compounds
  (定西市委, 安定区委书记) and datelines (本报咸阳讯). A mention counts only if
  it starts and ends on jieba token boundaries, so 学员和县处级 is not 和县 and
  高密度 is not 高密市. A mention votes for its division and every division
  above it: the counties of a report that never names its city still elect it.
  A fully qualified name (陕西省咸阳市渭城区) is one reference, to 渭城区.
* self-references: 我省/全省/省委 speak at province level, 我市/全市/市委/市直
  at city level, 我县/全县/县委/我区/全区/区委/旗 at county level (全区 of an
  autonomous region is the whole region).

Short names are weaker than official names: a county's short name counts only
when its city or province (or its own full name) is also mentioned, and a
short name that is an everyday word (安定, 合作) needs its own full name or its
city. A name shared by several places (朝阳区, 鼓楼区) goes to the one the
other evidence supports, and to none when nothing decides.

When the title points somewhere the body does not, the body wins and a warning
says so.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from dj_tui.analysis.models import CleanedReport, Region
from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.gazetteer import Division, Gazetteer, load

MAX_EVIDENCE = 5
_MAX_PLACE_EVIDENCE = 3
_MAX_LEVEL_EVIDENCE = 2

# Weights of one mention. Titles are written to say where a report is from.
_TITLE_WEIGHT = 2.0
_FORMAL_WEIGHT = 1.0
_SHORT_WEIGHT = 1.0  # a province's or city's short name: 安徽, 宿州
_WEAK_WEIGHT = 0.5  # a county's short name or an everyday word: 砀山, 安定

# Self-references: the character names the level of government.
_SELF_PREFIX_WEIGHTS = {"我": 2.0, "本": 2.0, "全": 1.0}
_SELF_SUFFIX_WEIGHTS = {"委": 0.5, "直": 1.0}  # 市委 is often the superior committee
_LEVEL_CHARS = "省市县区旗州盟"
_SUFFIX_LEVEL = {
    "省": "province", "市": "city", "县": "county", "区": "county", "旗": "county", "州": "city", "盟": "city",
}
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
# 延安精神, 井冈山精神 name a revolutionary tradition, not the report's place.
_NOT_A_PLACE_AFTER = frozenset({"精神"})

_LEVEL_DEPTH = {"province": 0, "city": 1, "county": 2}
# The first character of every self-reference (我市, 全省, 市委, 县直).
_REFERENCE_OPENERS = frozenset(_SELF_PREFIX_WEIGHTS) | frozenset(_LEVEL_CHARS)


@dataclass(frozen=True)
class _Entry:
    division: Division
    formal: bool  # official name or 玉树州-style form, as opposed to a short name


@dataclass(frozen=True)
class _Index:
    forms: dict[str, tuple[_Entry, ...]]
    prefixes: frozenset[str]
    longest: int


@dataclass(frozen=True)
class _Mention:
    surface: str  # as written, for evidence (定西市委, 砀山县, 宿迁)
    form: str  # the gazetteer form it matched (定西市, 砀山县, 宿迁)
    entries: tuple[_Entry, ...]
    from_title: bool
    compound: bool  # a party-committee compound: as strong as an official name
    span: tuple[int, int, int]  # (text number, start, end): which mentions touch


@dataclass(frozen=True)
class _SelfRef:
    label: str  # 我市, 全市, 市委, 市直
    char: str  # the level character
    weight: float


@dataclass
class _Resolution:
    province: Division | None = None
    city: Division | None = None
    county: Division | None = None
    total: dict[tuple[str, str], float] = field(default_factory=dict)  # own and descendants' votes
    direct: dict[tuple[str, str], float] = field(default_factory=dict)  # votes naming the division itself
    accepted: list[tuple[_Mention, Division, float]] = field(default_factory=list)
    ambiguous: list[_Mention] = field(default_factory=list)  # shared names nothing decided
    tied: list[Division] = field(default_factory=list)  # provinces with equal support


@lru_cache(maxsize=1)
def _index() -> _Index:
    gazetteer = load()
    forms: dict[str, list[_Entry]] = defaultdict(list)
    for division in gazetteer.divisions:
        formal = set(division.formal_names)
        for name in formal:
            forms[name].append(_Entry(division, True))
        for short in division.short_names:
            if short not in formal:
                forms[short].append(_Entry(division, False))
    cleaned: dict[str, tuple[_Entry, ...]] = {}
    for form, entries in forms.items():
        # A municipality's name matches its province row and its city row;
        # keep the city, whose chain includes the province.
        cities = {e.division.code for e in entries if e.division.level == "city"}
        kept = [e for e in entries if not (e.division.level == "province" and e.division.code in cities)]
        cleaned[form] = tuple(sorted(kept, key=lambda e: (e.division.code, e.division.level, not e.formal)))
    prefixes = frozenset(form[:i] for form in cleaned for i in range(1, len(form) + 1))
    return _Index(cleaned, prefixes, max(len(form) for form in cleaned))


def detect_region(report: CleanedReport, tokens: Sequence[Sequence[str]]) -> tuple[Region, list[str]]:
    """Find the report's region from its metadata and its segmented body.

    ``tokens[i]`` is ``segment.cut(report.sentences[i].norm)``; the title,
    subtitle and bylines are segmented here.
    """
    gazetteer = load()
    title_mentions: list[_Mention] = []
    body_mentions: list[_Mention] = []
    self_refs: list[_SelfRef] = []
    metadata = report.metadata
    headings = [segment.cut(text) for text in (metadata.title, metadata.subtitle) if text]
    body_texts = [segment.cut(byline) for byline in metadata.bylines] + list(tokens)
    for text_id, text_tokens in enumerate(headings + body_texts):
        from_title = text_id < len(headings)
        mentions, refs = _scan(text_tokens, text_id, from_title=from_title)
        (title_mentions if from_title else body_mentions).extend(mentions)
        self_refs += refs

    warnings: list[str] = []
    body = _resolve(body_mentions, gazetteer)
    title = _resolve(title_mentions, gazetteer)
    if body.province is None:
        resolution = _resolve(title_mentions + body_mentions, gazetteer)
    elif title.province is not None and not _compatible(title, body):
        warnings.append(
            f"region: the title points to {_label(title)} but the body is about {_label(body)}; using the body"
        )
        resolution = body
    else:
        resolution = _resolve(title_mentions + body_mentions, gazetteer)
    if resolution.province is None and resolution.ambiguous:
        names = sorted({m.form for m in resolution.ambiguous})
        warnings.append(f"region: {'、'.join(names)} could be several places and nothing else in the report decides")
    if resolution.tied:
        names = "、".join(d.name for d in resolution.tied)
        warnings.append(f"region: {names} are mentioned equally; no province chosen")

    level, level_refs = _speaking_level(resolution, self_refs, gazetteer)
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


def _scan(tokens: Sequence[str], text_id: int, *, from_title: bool) -> tuple[list[_Mention], list[_SelfRef]]:
    """Find place mentions and self-references that align with token boundaries."""
    index = _index()
    text = "".join(tokens)
    # Where each token starts, then where the text ends: a compact array
    # searched by bisection, as a sentence may hold millions of tokens.
    bounds = array("q", accumulate(map(len, tokens), initial=0))

    mentions: list[_Mention] = []
    refs: list[_SelfRef] = []
    i = 0
    while i < len(tokens):
        first = tokens[i][:1]
        if first and first not in _REFERENCE_OPENERS and first not in index.prefixes:
            # Neither a self-reference nor a place starts here (most tokens).
            i += 1
            continue
        ref = _self_reference(tokens, i)
        if ref is not None:
            self_ref, consumed = ref
            refs.append(self_ref)
            i += consumed
            continue
        match = _longest_place(text, bounds[i], index, bounds)
        if match is None:
            i += 1
            continue
        form, end, surface_end, compound = match
        next_token = _token_at(bounds, end)
        following = tokens[next_token] if next_token is not None and next_token < len(tokens) else None
        if following not in _NOT_A_PLACE_AFTER:
            mentions.append(
                _Mention(
                    surface=text[bounds[i] : surface_end],
                    form=form,
                    entries=index.forms[form],
                    from_title=from_title,
                    compound=compound,
                    span=(text_id, bounds[i], end),
                )
            )
        i = len(tokens) if next_token is None else next_token
    return mentions, refs


def _token_at(bounds: array, offset: int) -> int | None:
    """The number of the token starting at ``offset`` (the number of tokens at the end), or None inside a token."""
    found = bisect_left(bounds, offset)
    return found if found < len(bounds) and bounds[found] == offset else None


def _longest_place(text: str, start: int, index: _Index, bounds: array) -> tuple[str, int, int, bool] | None:
    """The longest gazetteer form starting at ``start`` that ends where a mention may end.

    A form may end on a token boundary, or inside a token when the rest of the
    token opens with a committee, head or government (定西 + 市委常委 reads as
    定西市 + 委常委). Returns the form, the end of the tokens it takes, the end
    of the text to quote (定西市委) and whether it is such a compound.
    """
    best: tuple[str, int, int, bool] | None = None
    limit = min(len(text), start + index.longest)
    for end in range(start + 1, limit + 1):
        piece = text[start:end]
        if piece not in index.prefixes:
            break
        if piece not in index.forms:
            continue
        if _token_at(bounds, end) is not None:
            best = (piece, end, end, False)
            continue
        organ = _organ_after(text, start, end, index.forms[piece])
        if organ:
            token_end = bounds[bisect_right(bounds, end)]
            best = (piece, token_end, end + len(organ), True)
    return best


def _organ_after(text: str, start: int, end: int, entries: Sequence[_Entry]) -> str | None:
    """The committee, head or government word that continues an official name, if any."""
    # At least two characters before the level character: 和/县委 is "and the
    # county committee", never 和县's committee.
    if end - start < 3 or not any(e.formal for e in entries):
        return None
    for organ in _ORGAN_CONTINUATIONS:
        if text.startswith(organ, end):
            return organ
    return None


def _self_reference(tokens: Sequence[str], i: int) -> tuple[_SelfRef, int] | None:
    token = tokens[i]
    pair = token + tokens[i + 1] if i + 1 < len(tokens) else ""
    for candidate, consumed in ((token, 1), (pair, 2)):
        if len(candidate) == 2 and candidate[0] in _SELF_PREFIX_WEIGHTS and candidate[1] in _LEVEL_CHARS:
            weight = _SELF_PREFIX_WEIGHTS[candidate[0]]
            if candidate[0] == "全" and _near_rank_word(tokens, i, consumed):
                return None
            return _SelfRef(candidate, candidate[1], weight), consumed
    # 市委, 市委常委, 县委书记, 市直机关: the token opens with the committee.
    if len(token) >= 2 and token[0] in _LEVEL_CHARS and token[1] in _SELF_SUFFIX_WEIGHTS:
        label = token[:2]
        return _SelfRef(label, token[0], _SELF_SUFFIX_WEIGHTS[token[1]]), 1
    return None


def _near_rank_word(tokens: Sequence[str], i: int, consumed: int) -> bool:
    window = list(tokens[max(0, i - _RANK_WINDOW) : i]) + list(tokens[i + consumed : i + consumed + _RANK_WINDOW])
    return any(token in _RANK_WORDS for token in window)


def _mention_weight(mention: _Mention, entry: _Entry) -> float:
    division = entry.division
    if mention.form in division.common_words:
        weight = _WEAK_WEIGHT
    elif mention.compound or entry.formal:
        weight = _FORMAL_WEIGHT
    elif division.level == "county":
        weight = _WEAK_WEIGHT
    else:
        weight = _SHORT_WEIGHT
    return weight * (_TITLE_WEIGHT if mention.from_title else 1.0)


def _is_strong(mention: _Mention, entry: _Entry) -> bool:
    """Strong evidence stands on its own; the rest needs a related place mentioned."""
    division = entry.division
    if mention.form in division.common_words:
        return False
    if mention.compound or entry.formal:
        return True
    return division.level in ("province", "city")


def _corroborated(mention: _Mention, entry: _Entry, res: _Resolution, gazetteer: Gazetteer) -> bool:
    """Whether a weak mention is backed by a related place mentioned elsewhere."""
    division = entry.division
    if division.level == "province":
        return True
    province = gazetteer.province_of(division)
    if division.level == "city":
        from_counties = res.total.get(division.key, 0) > res.direct.get(division.key, 0)
        return from_counties or res.total.get(province.key, 0) > 0
    # A county's own full name also counts here: it votes for the parent.
    parent = gazetteer.parent(division)
    if parent is not None and res.total.get(parent.key, 0) > 0:
        return True
    # An everyday word (安定, 合作) needs more than its province: 甘肃 and
    # 社会安定 in one report do not make it about 安定区.
    if mention.form in division.common_words:
        return False
    return res.total.get(province.key, 0) > 0


def _vote(res: _Resolution, mention: _Mention, entry: _Entry, gazetteer: Gazetteer) -> None:
    weight = _mention_weight(mention, entry)
    division = entry.division
    res.accepted.append((mention, division, weight))
    res.direct[division.key] = res.direct.get(division.key, 0) + weight
    for link in gazetteer.chain(division):
        res.total[link.key] = res.total.get(link.key, 0) + weight


def _enclosing(entries: Sequence[_Entry], gazetteer: Gazetteer) -> _Entry | None:
    """The candidate that contains all the others, if there is one."""
    for entry in entries:
        if all(entry.division in gazetteer.chain(other.division) for other in entries):
            return entry
    return None


def _context_score(division: Division, res: _Resolution, gazetteer: Gazetteer) -> float:
    return sum(res.total.get(link.key, 0) for link in gazetteer.chain(division))


def _resolve(mentions: Iterable[_Mention], gazetteer: Gazetteer) -> _Resolution:
    res = _Resolution()
    pending: list[_Mention] = []
    # Unambiguous strong mentions first: they are the context for the rest.
    for mention in mentions:
        if len(mention.entries) == 1 and _is_strong(mention, mention.entries[0]):
            _vote(res, mention, mention.entries[0], gazetteer)
        else:
            pending.append(mention)
    # Ambiguous and weak mentions, until nothing more can be decided: each
    # decision may corroborate another (砀山县 confirms 宿州, which confirms 萧县's neighbours).
    while pending:
        still: list[_Mention] = []
        decided: list[tuple[_Mention, _Entry]] = []
        for mention in pending:
            eligible = [
                e for e in mention.entries if _is_strong(mention, e) or _corroborated(mention, e, res, gazetteer)
            ]
            if len(mention.entries) == 1 and eligible:
                decided.append((mention, eligible[0]))
                continue
            enclosing = _enclosing(mention.entries, gazetteer)
            if enclosing is not None and enclosing in eligible:
                # 长沙 names 长沙市 and its 长沙县: either way the city is meant.
                decided.append((mention, enclosing))
                continue
            # A name shared by several places goes to the one whose province,
            # city or self other mentions support, and to none on a tie.
            scored = sorted(((_context_score(e.division, res, gazetteer), e) for e in eligible), key=lambda p: -p[0])
            if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
                still.append(mention)
                continue
            decided.append((mention, scored[0][1]))
        if not decided:
            res.ambiguous = [m for m in still if len(m.entries) > 1 and any(_is_strong(m, e) for e in m.entries)]
            break
        for mention, entry in decided:
            _vote(res, mention, entry, gazetteer)
        pending = still
    _drop_qualifiers(res, gazetteer)
    _choose(res, gazetteer)
    return res


def _drop_qualifiers(res: _Resolution, gazetteer: Gazetteer) -> None:
    """Count 陕西省咸阳市渭城区 once, for 渭城区, as one reference to one place.

    A name directly followed by a place inside it only says where that place
    is. It helped decide shared names above; as a vote it would let an aside
    such as 福建莆田 outweigh a report's own name.
    """
    starting_at = {mention.span[:2]: division for mention, division, _ in res.accepted}
    kept: list[tuple[_Mention, Division, float]] = []
    for mention, division, weight in res.accepted:
        text_id, _, end = mention.span
        following = starting_at.get((text_id, end))
        if following is not None and following != division and division in gazetteer.chain(following):
            res.direct[division.key] -= weight
            for link in gazetteer.chain(division):
                res.total[link.key] -= weight
            continue
        kept.append((mention, division, weight))
    res.accepted = kept


def _leaders(candidates: Iterable[Division], res: _Resolution) -> list[Division]:
    """The supported divisions with the most votes: one winner, or several tied."""
    supported = [(res.total.get(d.key, 0), d) for d in candidates if res.total.get(d.key, 0) > 0]
    if not supported:
        return []
    top = max(votes for votes, _ in supported)
    return sorted((d for votes, d in supported if votes == top), key=lambda d: d.code)


def _best(candidates: Iterable[Division], res: _Resolution) -> Division | None:
    """The most supported division, or None when two tie or none has support."""
    leaders = _leaders(candidates, res)
    return leaders[0] if len(leaders) == 1 else None


def _choose(res: _Resolution, gazetteer: Gazetteer) -> None:
    provinces = [gazetteer.get(code, level) for code, level in res.total if level == "province"]
    leaders = _leaders((d for d in provinces if d is not None), res)
    if len(leaders) != 1:
        res.tied = leaders
        return
    res.province = leaders[0]
    below = _best(gazetteer.children(res.province), res)
    if below is None:
        return
    if below.level == "county":  # administered directly by the province (仙桃市)
        res.county = below
        return
    res.city = below
    res.county = _best(gazetteer.children(below), res)


def _compatible(title: _Resolution, body: _Resolution) -> bool:
    if title.province != body.province:
        return False
    return title.city is None or body.city is None or title.city == body.city


def _label(res: _Resolution) -> str:
    return Region(
        province=res.province.name if res.province else None,
        city=res.city.name if res.city else None,
        county=res.county.name if res.county else None,
    ).label


def _speaking_level(
    res: _Resolution, refs: Sequence[_SelfRef], gazetteer: Gazetteer
) -> tuple[str | None, list[_SelfRef]]:
    """The level the report speaks at, and the self-references that decided it."""
    by_level: dict[str, list[_SelfRef]] = defaultdict(list)
    for ref in refs:
        by_level[_ref_level(ref.char, res, gazetteer)].append(ref)
    if by_level:
        scores = {level: sum(r.weight for r in level_refs) for level, level_refs in by_level.items()}
        # On a tie the more specific level wins: the larger unit is the one usually cited.
        level = max(scores, key=lambda lv: (scores[lv], _LEVEL_DEPTH[lv]))
        return level, by_level[level]
    return _level_from_places(res), []


def _ref_level(char: str, res: _Resolution, gazetteer: Gazetteer) -> str:
    level = _SUFFIX_LEVEL[char]
    county, city, province = res.county, res.city, res.province
    county_leads = county is not None and res.direct.get(county.key, 0) >= _direct_above(county, res, gazetteer)
    if char == "市" and county is not None and county.name.endswith("市") and (city is None or county_leads):
        return "county"  # a county-level city calls itself 我市
    if char == "区" and province is not None and province.name.endswith("自治区"):
        named_district = county is not None and county.name.endswith("区") and county_leads
        return "county" if named_district else "province"  # 全区 of 广西 is the whole region
    return level


def _direct_above(county: Division, res: _Resolution, gazetteer: Gazetteer) -> float:
    parent = gazetteer.parent(county)
    return res.direct.get(parent.key, 0) if parent is not None else 0


def _level_from_places(res: _Resolution) -> str | None:
    """Without self-references, the most specific division named at least as often as its parent."""
    province, city, county = res.province, res.city, res.county
    if province is None:
        return None
    direct = res.direct
    parent_of_county = city or province
    if county is not None and direct.get(county.key, 0) > 0 and direct.get(county.key, 0) >= direct.get(
        parent_of_county.key, 0
    ):
        return "county"
    if city is not None and direct.get(city.key, 0) > 0 and direct.get(city.key, 0) >= direct.get(province.key, 0):
        return "city"
    return "province"


def _evidence(
    res: _Resolution, kept: Sequence[Division], level_refs: Sequence[_SelfRef], gazetteer: Gazetteer
) -> tuple[str, ...]:
    """The mentions that voted for the result, heaviest first, a handful at most."""
    if not kept:
        return ()
    deepest = kept[-1]
    kept_keys = {d.key for d in kept}
    places: dict[str, list[float]] = defaultdict(list)
    for mention, division, weight in res.accepted:
        chain_keys = {d.key for d in gazetteer.chain(division)}
        if division.key in kept_keys or deepest.key in chain_keys:
            places[mention.surface].append(weight)
    selfs: dict[str, list[float]] = defaultdict(list)
    for ref in level_refs:
        selfs[ref.label].append(ref.weight)

    def ranked(groups: dict[str, list[float]], limit: int) -> list[tuple[float, int, str]]:
        items = sorted((-sum(ws), -len(ws), label) for label, ws in groups.items())
        return items[:limit]

    chosen = sorted(ranked(places, _MAX_PLACE_EVIDENCE) + ranked(selfs, _MAX_LEVEL_EVIDENCE))
    return tuple(f"{label}×{-count}" for _, count, label in chosen[:MAX_EVIDENCE])


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
