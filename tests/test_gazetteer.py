"""The gazetteer table, its lookups and the script that builds it."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

from dj_tui.analysis.stages import gazetteer

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "src" / "dj_tui" / "analysis" / "stages" / "resources"


@pytest.fixture(scope="module")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load()


def only(divisions):
    assert len(divisions) == 1, divisions
    return divisions[0]


def names(divisions):
    return [d.name for d in divisions]


def test_loads_once_and_covers_every_level(gaz):
    assert gazetteer.load() is gaz
    by_level = {level: [d for d in gaz.divisions if d.level == level] for level in gazetteer.LEVELS}
    assert len(by_level["province"]) == 34
    assert 330 <= len(by_level["city"]) <= 350
    assert 2800 <= len(by_level["county"]) <= 2900


@pytest.mark.parametrize(
    ("short", "full"),
    [("安徽", "安徽省"), ("甘肃", "甘肃省"), ("黑龙江", "黑龙江省"), ("内蒙古", "内蒙古自治区"), ("广西", "广西壮族自治区")],
)
def test_province_short_names(gaz, short, full):
    division = only(gaz.by_short_name(short))
    assert (division.name, division.level) == (full, "province")


@pytest.mark.parametrize(("short", "full"), [("宿州", "宿州市"), ("双鸭山", "双鸭山市"), ("武威", "武威市")])
def test_city_short_names(gaz, short, full):
    division = only(gaz.by_short_name(short))
    assert (division.name, division.level) == (full, "city")


def test_county_short_names_and_parent_chain(gaz):
    anding = only(gaz.by_short_name("安定"))
    assert names(gaz.chain(anding)) == ["甘肃省", "定西市", "安定区"]
    assert names(gaz.chain(only(gaz.by_short_name("砀山")))) == ["安徽省", "宿州市", "砀山县"]
    assert gaz.parent(only(gaz.by_name("宿州市"))).name == "安徽省"
    assert gaz.parent(only(gaz.by_name("安徽省"))) is None


def test_full_names_and_autonomous_forms(gaz):
    assert only(gaz.by_name("四子王旗")).level == "county"
    assert names(gaz.chain(only(gaz.by_name("四子王旗")))) == ["内蒙古自治区", "乌兰察布市", "四子王旗"]
    # Writers shorten 玉树藏族自治州 to 玉树州 and 宁蒗彝族自治县 to 宁蒗县.
    assert only(gaz.by_name("玉树州")).name == "玉树藏族自治州"
    assert only(gaz.by_name("宁蒗县")).name == "宁蒗彝族自治县"


def test_names_shared_by_several_places(gaz):
    chains = sorted("".join(names(gaz.chain(d))) for d in gaz.by_name("朝阳区"))
    assert chains == ["北京市北京市朝阳区", "吉林省长春市朝阳区"]
    assert len(gaz.by_name("鼓楼区")) >= 3


def test_municipalities_are_their_own_city(gaz):
    # Which provinces are municipalities, and what a region override makes of
    # them, is checked in test_region.py.
    shijingshan = only(gaz.by_name("石景山区"))
    province, city, county = gaz.chain(shijingshan)
    assert (province.level, city.level) == ("province", "city")
    assert province.name == city.name == "北京市"
    assert gaz.is_municipality(province) and gaz.is_municipality(city)
    assert not gaz.is_municipality(only(gaz.by_name("宿州市")))


def test_counties_under_the_province_have_no_city(gaz):
    xiantao = only(gaz.by_name("仙桃市"))
    assert xiantao.level == "county"
    assert names(gaz.chain(xiantao)) == ["湖北省", "仙桃市"]
    assert [d.level for d in gaz.chain(xiantao)] == ["province", "county"]
    assert xiantao in gaz.children(only(gaz.by_name("湖北省")))


def test_children(gaz):
    suzhou = only(gaz.by_name("宿州市"))
    assert sorted(names(gaz.children(suzhou))) == sorted(["埇桥区", "砀山县", "萧县", "灵璧县", "泗县"])


def test_functional_zones_are_not_divisions(gaz):
    for division in gaz.divisions:
        assert "开发区" not in division.name
        assert "直辖" not in division.name
        assert not {"经开区", "高新区", "管理区"} & set(division.short_names)
    assert gaz.by_short_name("经开区") == ()


def test_everyday_words_are_flagged(gaz):
    assert "安定" in only(gaz.by_name("安定区")).common_words
    assert "合作" in only(gaz.by_name("合作市")).common_words
    assert "城区" in gaz.by_name("城区")[0].common_words
    assert only(gaz.by_name("宿州市")).common_words == ()
    assert only(gaz.by_name("砀山县")).common_words == ()


def test_table_is_sorted_and_attributed():
    text = (RESOURCES / "gazetteer.tsv").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("JioNLP" in line for line in header) and any("Apache" in line for line in header)
    order = {level: i for i, level in enumerate(gazetteer.LEVELS)}
    keys = [(row.split("\t")[0], order[row.split("\t")[1]]) for row in text.splitlines() if not row.startswith("#")]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    notice = (RESOURCES / "GAZETTEER_NOTICE.txt").read_text(encoding="utf-8")
    assert "JioNLP" in notice and "Apache License" in notice


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve annotations through the module's entry in sys.modules.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


TREE = """\
北京市\t110000\t北京
\t北京市\t110000\t北京
\t\t朝阳区\t110105\t朝阳
\t\t\t某街道
安徽省\t340000\t安徽
\t宿州市\t341300\t宿州
\t\t砀山县\t341321\t砀山
\t\t\t砀城镇
\t\t\t\t某村
\t\t宿州经济技术开发区\t341372\t经开区
\t合肥市\t340100\t合肥
\t\t合肥高新技术产业开发区\t340102\t高新区
湖北省\t420000\t湖北
\t省直辖行政区划\t429000\t省直辖
\t\t仙桃市\t429004\t仙桃
香港特别行政区\t810000\t香港
\t香港\t810000\t香港
\t\t中西区\t810000\t中西区
"""


def test_builder_keeps_real_divisions_only(builder, tmp_path):
    source = tmp_path / "china_location.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("china_location.txt", TREE.replace("\n", "\r\n"))
    rows = builder.parse_rows(builder.read_location_lines(builder.locate_location_zip(source)))
    got = [(r.code, r.level, r.name, r.parent) for r in rows]
    assert got == [
        ("110000", "province", "北京市", ""),
        ("110000", "city", "北京市", "110000"),
        ("110105", "county", "朝阳区", "110000"),
        ("340000", "province", "安徽省", ""),
        ("341300", "city", "宿州市", "340000"),
        ("341321", "county", "砀山县", "341300"),
        ("340100", "city", "合肥市", "340000"),
        ("420000", "province", "湖北省", ""),
        ("429004", "county", "仙桃市", "420000"),
        ("810000", "province", "香港特别行政区", ""),
    ]


def test_builder_output_is_deterministic(builder):
    rows = builder.parse_rows(TREE.splitlines())
    flagged = builder.flag_common_words(rows, {"朝阳": (767, "ns"), "砀山": (47, "ns"), "合肥": (406, "v")})
    assert [r.common for r in flagged if r.name == "合肥市"] == [("合肥",)]
    assert [r.common for r in flagged if r.name == "砀山县"] == [()]
    first = builder.render(flagged, "test")
    assert first == builder.render(list(reversed(flagged)), "test")
    parsed = gazetteer._parse(first)
    assert names(parsed.chain(only(parsed.by_name("砀山县")))) == ["安徽省", "宿州市", "砀山县"]
    assert first.startswith("# ")
