"""Turn place mentions into votes and elect a province, city and county.

A mention votes for its division and every division above it: the counties of
a report that never names its city still elect it. A fully qualified name
(陕西省咸阳市渭城区) is one reference, to 渭城区.

Short names are weaker than official names: a county's short name counts only
when its city or province (or its own full name) is also mentioned, and a
short name that is an everyday word (安定, 合作) needs its own full name or its
city. A name shared by several places (朝阳区, 鼓楼区) goes to the one the
other evidence supports, and to none when nothing decides.

At each level a place is chosen only when it dominates its rivals: a round-up
that visits several provinces with none ahead elects no province, and one that
visits several cities of a province elects the province alone. A close
runner-up is remembered so that the caller can warn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dj_tui.analysis.stages.gazetteer import Division, Gazetteer
from dj_tui.analysis.stages.region_scan import Entry, Mention

# Weights of one mention. Titles are written to say where a report is from.
_TITLE_WEIGHT = 2.0
_FORMAL_WEIGHT = 1.0
_SHORT_WEIGHT = 1.0  # a province's or city's short name: 安徽, 宿州
_WEAK_WEIGHT = 0.5  # a county's short name or an everyday word: 砀山, 安定

# A place is chosen when it has at least this share of the votes of its level...
_DOMINANT_SHARE = 0.5
# ...and its runner-up has less than this fraction of its votes; otherwise the
# two are close (a warning at province level, no choice below it).
_CLOSE_RATIO = 0.75
# A report whose votes spread over this many provinces, none dominant, is a
# round-up of several places rather than a report from one.
_SEVERAL_PROVINCES = 3


@dataclass
class Resolution:
    province: Division | None = None
    city: Division | None = None
    county: Division | None = None
    total: dict[tuple[str, str], float] = field(default_factory=dict)  # own and descendants' votes
    direct: dict[tuple[str, str], float] = field(default_factory=dict)  # votes naming the division itself
    accepted: list[tuple[Mention, Division, float]] = field(default_factory=list)
    ambiguous: list[Mention] = field(default_factory=list)  # shared names nothing decided
    tied: list[Division] = field(default_factory=list)  # provinces with equal support
    several: list[Division] = field(default_factory=list)  # a round-up's provinces, most supported first
    runner_up: Division | None = None  # a province close behind the chosen one

    def votes(self, division: Division) -> float:
        return self.total.get(division.key, 0)


def mention_weight(mention: Mention, entry: Entry) -> float:
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


def is_strong(mention: Mention, entry: Entry) -> bool:
    """Strong evidence stands on its own; the rest needs a related place mentioned."""
    division = entry.division
    if mention.form in division.common_words:
        return False
    if mention.compound or entry.formal:
        return True
    return division.level in ("province", "city")


def _corroborated(mention: Mention, entry: Entry, res: Resolution, gazetteer: Gazetteer) -> bool:
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


def _vote(res: Resolution, mention: Mention, entry: Entry, gazetteer: Gazetteer) -> None:
    weight = mention_weight(mention, entry)
    division = entry.division
    res.accepted.append((mention, division, weight))
    res.direct[division.key] = res.direct.get(division.key, 0) + weight
    for link in gazetteer.chain(division):
        res.total[link.key] = res.total.get(link.key, 0) + weight


def _enclosing(entries: Sequence[Entry], gazetteer: Gazetteer) -> Entry | None:
    """The candidate that contains all the others, if there is one."""
    for entry in entries:
        if all(entry.division in gazetteer.chain(other.division) for other in entries):
            return entry
    return None


def _context_score(division: Division, res: Resolution, gazetteer: Gazetteer) -> float:
    return sum(res.total.get(link.key, 0) for link in gazetteer.chain(division))


def resolve(mentions: Iterable[Mention], gazetteer: Gazetteer) -> Resolution:
    res = Resolution()
    pending: list[Mention] = []
    # Unambiguous strong mentions first: they are the context for the rest.
    for mention in mentions:
        if len(mention.entries) == 1 and is_strong(mention, mention.entries[0]):
            _vote(res, mention, mention.entries[0], gazetteer)
        else:
            pending.append(mention)
    # Ambiguous and weak mentions, until nothing more can be decided: each
    # decision may corroborate another (砀山县 confirms 宿州, which confirms 萧县's neighbours).
    while pending:
        still: list[Mention] = []
        decided: list[tuple[Mention, Entry]] = []
        for mention in pending:
            eligible = [
                e for e in mention.entries if is_strong(mention, e) or _corroborated(mention, e, res, gazetteer)
            ]
            if len(mention.entries) == 1 and eligible:
                decided.append((mention, eligible[0]))
                continue
            enclosing = _enclosing(mention.entries, gazetteer)
            if enclosing is not None and enclosing in eligible:
                # 长沙 names 长沙市 and its 长沙县: either way the city is meant.
                decided.append((mention, enclosing))
                continue
            # A name shared by several places goes to the one whose province
            # or city other mentions support, and to none on a tie.
            scored = sorted(((_context_score(e.division, res, gazetteer), e) for e in eligible), key=lambda p: -p[0])
            if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
                still.append(mention)
                continue
            decided.append((mention, scored[0][1]))
        if not decided:
            res.ambiguous = [m for m in still if len(m.entries) > 1 and any(is_strong(m, e) for e in m.entries)]
            break
        for mention, entry in decided:
            _vote(res, mention, entry, gazetteer)
        pending = still
    _drop_qualifiers(res, gazetteer)
    _choose(res, gazetteer)
    return res


def _drop_qualifiers(res: Resolution, gazetteer: Gazetteer) -> None:
    """Count 陕西省咸阳市渭城区 once, for 渭城区, as one reference to one place.

    A name directly followed by a place inside it only says where that place
    is. It helped decide shared names above; as a vote it would let an aside
    such as 福建莆田 outweigh a report's own name.
    """
    starting_at = {mention.span[:2]: division for mention, division, _ in res.accepted}
    kept: list[tuple[Mention, Division, float]] = []
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


def ranked(candidates: Iterable[Division], res: Resolution) -> list[Division]:
    """The supported divisions, most votes first (by code among equals)."""
    supported = [d for d in candidates if res.votes(d) > 0]
    return sorted(supported, key=lambda d: (-res.votes(d), d.code))


def _dominant(candidates: Iterable[Division], res: Resolution) -> Division | None:
    """The division well ahead of its rivals, or None when the votes are spread or close."""
    order = ranked(candidates, res)
    if not order:
        return None
    leader = order[0]
    if len(order) == 1:
        return leader
    share = res.votes(leader) / sum(res.votes(d) for d in order)
    if share < _DOMINANT_SHARE or res.votes(order[1]) >= _CLOSE_RATIO * res.votes(leader):
        return None
    return leader


def _choose(res: Resolution, gazetteer: Gazetteer) -> None:
    provinces = ranked((gazetteer.get(code, level) for code, level in res.total if level == "province"), res)
    if not provinces:
        return
    leader = provinces[0]
    share = res.votes(leader) / sum(res.votes(d) for d in provinces)
    if len(provinces) >= _SEVERAL_PROVINCES and share < _DOMINANT_SHARE:
        res.several = provinces
        return
    if len(provinces) > 1 and res.votes(provinces[1]) == res.votes(leader):
        res.tied = [d for d in provinces if res.votes(d) == res.votes(leader)]
        return
    res.province = leader
    if len(provinces) > 1 and res.votes(provinces[1]) >= _CLOSE_RATIO * res.votes(leader):
        res.runner_up = provinces[1]
    below = _dominant(gazetteer.children(leader), res)
    if below is None:
        return
    if below.level == "county":  # administered directly by the province (仙桃市)
        res.county = below
        return
    res.city = below
    res.county = _dominant(gazetteer.children(below), res)


def compatible(title: Resolution, body: Resolution) -> bool:
    if title.province != body.province:
        return False
    return title.city is None or body.city is None or title.city == body.city
