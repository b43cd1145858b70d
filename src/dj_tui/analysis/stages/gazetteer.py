"""China's provinces, prefecture-level cities and county-level divisions.

The table is ``resources/gazetteer.tsv``, generated from JioNLP's location data
by ``scripts/build_gazetteer.py`` (see ``resources/GAZETTEER_NOTICE.txt``). It
is parsed once, on first use, and shared by every caller in the process.

A municipality (北京市, 上海市, 天津市, 重庆市) is both a province and its own
city: the table lists it twice with the same code, and its districts hang from
the city row. Counties that a province administers directly (仙桃市, 济源市)
have the province as parent and no city.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LEVELS = ("province", "city", "county")
_LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}

# Generic type words that follow a short name in the official name of a
# minority-autonomous unit, and what writers put after the short name instead:
# 玉树藏族自治州 -> 玉树州, 宁蒗彝族自治县 -> 宁蒗县 / 宁蒗自治县.
_AUTONOMOUS_SUFFIXES = (
    ("自治州", ("州", "自治州")),
    ("自治县", ("县", "自治县")),
    ("自治旗", ("旗", "自治旗")),
)


@dataclass(frozen=True)
class Division:
    code: str
    level: str  # "province" | "city" | "county"
    name: str  # official full name: 安徽省, 宿州市, 四子王旗
    short_names: tuple[str, ...]  # 安徽; 宿州; 克州 and 克孜勒苏
    parent_code: str | None
    # Short names that are also everyday words (安定 "stability", 合作):
    # weak evidence on their own.
    common_words: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """Unique identity: a municipality's province and city share a code."""
        return (self.code, self.level)

    @property
    def formal_names(self) -> tuple[str, ...]:
        """The full name plus the usual short-name-plus-type forms (玉树州, 宁蒗县)."""
        names = [self.name]
        for official, replacements in _AUTONOMOUS_SUFFIXES:
            if self.name.endswith(official):
                for short in self.short_names:
                    names.extend(short + suffix for suffix in replacements if short + suffix not in names)
        return tuple(names)


@dataclass(frozen=True, eq=False)
class Gazetteer:
    divisions: tuple[Division, ...]
    _by_key: dict[tuple[str, str], Division]
    _by_name: dict[str, tuple[Division, ...]]
    _by_short: dict[str, tuple[Division, ...]]
    _children: dict[tuple[str, str], tuple[Division, ...]]

    def get(self, code: str, level: str) -> Division | None:
        return self._by_key.get((code, level))

    def by_name(self, name: str) -> tuple[Division, ...]:
        """Divisions whose official full name (or 玉树州-style form) is ``name``."""
        return self._by_name.get(name, ())

    def by_short_name(self, short: str) -> tuple[Division, ...]:
        """Divisions with this short name (安徽, 宿州, 黑龙江, 砀山)."""
        return self._by_short.get(short, ())

    def parent(self, division: Division) -> Division | None:
        """The next division up: a county's city (or province), a city's province."""
        return _parent(self._by_key, division)

    def chain(self, division: Division) -> tuple[Division, ...]:
        """The division and its ancestors, province first (a municipality's city included)."""
        links = [division]
        current = self.parent(division)
        while current is not None:
            links.append(current)
            current = self.parent(current)
        return tuple(reversed(links))

    def children(self, division: Division) -> tuple[Division, ...]:
        return self._children.get(division.key, ())

    def province_of(self, division: Division) -> Division:
        return self.chain(division)[0]

    def is_municipality(self, division: Division) -> bool:
        """True for a municipality's province or city row (北京市, 上海市, 天津市, 重庆市)."""
        if division.level == "province":
            return (division.code, "city") in self._by_key
        if division.level == "city":
            return (division.code, "province") in self._by_key
        return False


def _parent(by_key: dict[tuple[str, str], Division], division: Division) -> Division | None:
    if division.parent_code is None:
        return None
    if division.level == "county":
        return by_key.get((division.parent_code, "city")) or by_key.get((division.parent_code, "province"))
    return by_key.get((division.parent_code, "province"))


def _parse(text: str) -> Gazetteer:
    divisions: list[Division] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, level, name, shorts, parent, common = line.split("\t")
        divisions.append(
            Division(
                code=code,
                level=level,
                name=name,
                short_names=tuple(s for s in shorts.split("/") if s),
                parent_code=parent or None,
                common_words=tuple(s for s in common.split("/") if s),
            )
        )
    divisions.sort(key=lambda d: (d.code, _LEVEL_ORDER[d.level]))
    by_key = {d.key: d for d in divisions}
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    children: dict[tuple[str, str], list[Division]] = {}
    for division in divisions:
        for name in division.formal_names:
            by_name.setdefault(name, []).append(division)
        for short in division.short_names:
            by_short.setdefault(short, []).append(division)
        parent = _parent(by_key, division)
        if parent is not None:
            children.setdefault(parent.key, []).append(division)
    return Gazetteer(
        divisions=tuple(divisions),
        _by_key=by_key,
        _by_name={k: tuple(v) for k, v in by_name.items()},
        _by_short={k: tuple(v) for k, v in by_short.items()},
        _children={k: tuple(v) for k, v in children.items()},
    )


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, parsed on first call and cached for the process."""
    table = resources.files("dj_tui.analysis.stages").joinpath("resources").joinpath("gazetteer.tsv")
    return _parse(table.read_text(encoding="utf-8"))
