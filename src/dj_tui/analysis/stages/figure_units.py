"""The units a figure may carry, and what kind of amount each measures.

Read by the figure extractor (``figures``) to match and normalise figures,
by ``figure_subjects`` to find what they count and by whatever ranks them
(``unit_kind``); a table of facts about units, kept apart from the code that
reads it. Besides measure words (个, 元, %), the people a report counts
without one (5000余群众, 近700万从业人员) are units: ``resources/counted_nouns.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COUNTED_NOUNS_FILE = Path(__file__).with_name("resources") / "counted_nouns.txt"

# Unit classes decide how a figure ranks and where its subject is written.
MONEY = "money"
RATE = "rate"  # 99.06%
POINTS = "points"  # 3个百分点
TIMES = "times"  # 2倍
PEOPLE = "people"
COUNT = "count"  # organisations, items, facilities
EVENT = "event"  # 次, 场, 期: how often something was done
PHYSICAL = "physical"  # area, length, mass, volume, power
DURATION = "duration"


@dataclass(frozen=True)
class Unit:
    canonical: str
    kind: str
    # A classifier (个, 名, 家) is usually followed by the noun it counts
    # (19.07万个基层党组织); a measure (元, %, 人次) usually follows the
    # thing measured (完成投资372亿元).
    classifier: bool
    # How many of the class's usual unit one of these is (a 毫升 is a
    # thousandth of a 升), so that magnitudes compare.
    scale: float = 1.0


def _read_counted_nouns() -> tuple[str, ...]:
    lines = COUNTED_NOUNS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(word for line in lines if (word := line.partition("#")[0].strip()))


# Nouns that are their own unit: the figure counts them (5000余群众).
COUNTED_NOUNS = frozenset(_read_counted_nouns())


def _build_units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}

    def add(kind: str, classifier: bool, *surfaces: str, canonical: str | None = None, scale: float = 1.0) -> None:
        for surface in surfaces:
            table[surface] = Unit(canonical or surface, kind, classifier, scale)

    add(MONEY, False, "元", "美元", "欧元", "港元")
    add(RATE, False, "%")
    add(RATE, False, "‰", scale=0.1)
    add(POINTS, False, "个百分点", "百分点", canonical="个百分点")
    add(TIMES, False, "倍")
    add(PEOPLE, True, "人", "名", "位", "户")
    add(PEOPLE, False, "人次", "户次")
    add(
        COUNT, True,
        "个", "家", "所", "支", "座", "处", "台", "辆", "套", "部", "间", "张", "份", "本",
        "册", "项", "件", "条", "篇", "起", "宗", "种", "类", "门", "栋", "幢", "块", "棵",
        "株", "只", "组", "对", "笔", "首", "幅", "面", "盏", "架", "艘",
    )  # fmt: skip
    add(EVENT, True, "场", "期", "批", "轮", "堂", "节")
    add(EVENT, False, "次", "场次", "批次", "班次", "件次", "车次", "架次", "课时", "学时")
    add(EVENT, False, "个批次", canonical="批次")
    # Physical units rank on the scale of 亩, 公里, 吨, 升 and 千瓦.
    add(PHYSICAL, False, "亩", "公里", "千米", "吨", "升", "千瓦", "千瓦时")
    add(PHYSICAL, False, "公顷", scale=15.0)
    add(PHYSICAL, False, "平方公里", "平方千米", scale=1500.0)
    add(PHYSICAL, False, "平方米", "立方米", scale=0.0015)
    add(PHYSICAL, False, "米", "公斤", "千克", "毫升", scale=0.001)
    add(PHYSICAL, False, "斤", scale=0.0005)
    add(PHYSICAL, False, "兆瓦", scale=1000.0)
    add(DURATION, False, "小时", "分钟", "天", "个月", "工作日")
    add(DURATION, False, "个小时", canonical="小时")
    add(DURATION, False, "个工作日", canonical="工作日")
    # A counted noun is what was counted, like the noun after a classifier.
    add(PEOPLE, True, *sorted(COUNTED_NOUNS - table.keys()))
    return table


# Calendar units (年, 月, 日), ages (岁), 周年, 届, 号 and 楼 are left out on
# purpose: after a number they name a date, an age, an anniversary, a
# congress or an address, not an amount of work done.
UNITS = _build_units()

_KIND_OF_CANONICAL = {unit.canonical: unit.kind for unit in UNITS.values()}


def unit_kind(unit: str) -> str:
    """The class of a figure's unit (``Figure.unit``, canonical): MONEY, RATE, PEOPLE …; COUNT for one not listed."""
    return _KIND_OF_CANONICAL.get(unit, COUNT)
