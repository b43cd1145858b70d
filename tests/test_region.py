"""Region detection: which province, city and county a report speaks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dj_tui.analysis.models import CleanedReport, Metadata, Region
from dj_tui.analysis.stages import gazetteer, segment
from dj_tui.analysis.stages.region import MAX_EVIDENCE, detect_region, region_from_name
from dj_tui.analysis.stages.sentences import build_sentences

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "reports"


def detect(paragraphs, *, title=None, subtitle=None, bylines=()) -> tuple[Region, list[str]]:
    sentences = build_sentences(paragraphs)
    report = CleanedReport(Metadata(title=title, subtitle=subtitle, bylines=tuple(bylines)), sentences)
    return detect_region(report, [segment.cut(s.norm) for s in sentences])


def place(region: Region) -> tuple[str | None, str | None, str | None, str | None]:
    return (region.province, region.city, region.county, region.level)


def counts(region: Region) -> dict[str, int]:
    """Evidence as {mention: count}, checking the 名称×N format on the way."""
    parsed = {}
    for item in region.evidence:
        match = re.fullmatch(r"(.+)×(\d+)", item)
        assert match, item
        parsed[match.group(1)] = int(match.group(2))
    return parsed


# --- word boundaries and short names -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "not_a_mention"),
    [
        ("安徽省马鞍山市组织各类主体班学员和县处级领导干部深入学习。", ("安徽省", "马鞍山市"), "和县"),
        ("山东省潍坊市开展大规模、高密度、全覆盖的宣讲活动。", ("山东省", "潍坊市"), "高密"),
        ("甘肃省甘南州村干部和党员创办领办合作社1111个。", ("甘肃省", "甘南藏族自治州"), "合作"),
    ],
    ids=["和县", "高密", "合作"],
)
def test_a_name_inside_other_words_is_not_a_mention(text, expected, not_a_mention):
    region, _ = detect([text])
    assert (region.province, region.city) == expected
    assert region.county is None
    assert not_a_mention not in counts(region)


def test_and_the_county_committee_is_not_he_county():
    region, _ = detect(["马鞍山市委和县委高度重视，各级党组织积极行动。"])
    assert region.county is None
    assert region.city == "马鞍山市"


def test_an_everyday_word_needs_more_than_its_province():
    # 安定 is 安定区's short name, but here it means stability.
    region, _ = detect(["甘肃省坚持党建引领，确保社会大局安定，保持安定和谐。"])
    assert place(region) == ("甘肃省", None, None, "province")

    region, _ = detect(["定西市安定区深入实施五大工程，谱写中国式现代化安定实践新篇章，推进安定实践。"])
    assert place(region) == ("甘肃省", "定西市", "安定区", "county")
    assert counts(region)["安定"] == 2


def test_a_county_short_name_needs_its_city_or_province():
    alone, _ = detect(["砀山果农喜获丰收，我们前往砀山学习。"])
    assert place(alone)[:3] == (None, None, None)
    backed, _ = detect(["安徽省果业协会组织赴砀山调研，砀山果农喜获丰收。"])
    assert place(backed)[:3] == ("安徽省", "宿州市", "砀山县")


def test_a_revolutionary_tradition_is_not_a_place():
    region, _ = detect(["我县大力弘扬大庆精神、井冈山精神，砀山县各级党组织凝心聚力，全县上下奋发有为。"])
    assert place(region) == ("安徽省", "宿州市", "砀山县", "county")


# --- voting -----------------------------------------------------------------------------


def test_counties_elect_their_city_when_it_is_never_named():
    region, warnings = detect(
        [
            "近年来，我市坚持以习近平新时代中国特色社会主义思想为指导，为全面建设现代化新安徽奠定坚实基础。",
            "市委主要负责同志带队赴宿迁对标学习，在杭州建设首个“科创飞地”。",
            "先后创建砀山县果蔬食品、萧县功能性新材料、灵璧县机械制造、泗县农机装备、泗县汽车零部件制造5家省级县域特色产业集群。",
        ]
    )
    assert place(region) == ("安徽省", "宿州市", None, "city")
    assert warnings == []
    evidence = counts(region)
    assert evidence["我市"] == 1 and evidence["泗县"] == 2
    assert "宿迁" not in evidence and "杭州" not in evidence


def test_a_place_named_with_its_province_is_one_reference():
    # 福建莆田 and 江苏泰州 are asides: each is one reference, not two votes
    # for its province against the report's own 上海.
    region, warnings = detect(["来自福建莆田、江苏泰州的流动党员在上海安家，全市党组织热情服务，上海各区积极响应。"])
    assert place(region) == ("上海市", "上海市", None, "city")
    assert warnings == []


def test_a_province_report_that_names_cities_as_examples():
    region, _ = detect(
        [
            "近年来，我省坚持大抓基层的鲜明导向，全省各级党组织突出固本培元。",
            "黄山市各级党组织在抗洪前线筑起战斗堡垒。芜湖市湾沚区各镇打造密切联系群众的平台。",
            "我省持续整顿软弱涣散党组织，选派干部到村任职是安徽省加强基层组织建设的一大党建品牌。",
        ]
    )
    assert place(region) == ("安徽省", None, None, "province")
    assert counts(region)["我省"] == 2


def test_a_province_ranking_does_not_make_a_province_report():
    region, _ = detect(
        [
            "武威市坚持大抓基层，全市村集体经济收入村均实现15.8万元。",
            "建成全省首个以地方党史为主线的教育馆，工程建设领域审批制度改革领跑全省，9项指标增速居全省前6位。",
        ]
    )
    assert place(region) == ("甘肃省", "武威市", None, "city")


def test_committee_compounds_and_bylines_are_evidence():
    region, _ = detect(
        ["实施学习聚魂政治引领工程，提升思想凝聚力。各级党组织坚持把抓好党建作为最大的政绩。"],
        bylines=["中共定西市委常委、安定区委书记 蔺红军"],
    )
    assert place(region) == ("甘肃省", "定西市", "安定区", "county")
    assert counts(region) == {"定西市委": 1, "安定区委": 1}


def test_a_dateline_names_the_city():
    region, _ = detect(["本报咸阳讯 近些年来，坚持把解决群众急难愁盼作为出发点，不断提升基层治理精细化水平。"])
    assert place(region)[:2] == ("陕西省", "咸阳市")


# --- levels -----------------------------------------------------------------------------


def test_county_self_references():
    region, _ = detect(["四川省乐山市犍为县深化接诉即办改革，找准全县社情民意。县委统筹推进，我县成效明显。"])
    assert place(region) == ("四川省", "乐山市", "犍为县", "county")
    assert set(counts(region)) >= {"我县", "全县"}


def test_a_banner_is_a_county():
    region, _ = detect(["内蒙古自治区乌兰察布市四子王旗扎实推进基层治理，全旗各级党组织积极行动。"])
    assert place(region) == ("内蒙古自治区", "乌兰察布市", "四子王旗", "county")


def test_whole_region_of_an_autonomous_region_is_the_province():
    region, _ = detect(
        ["全区各级党组织深入学习。广西壮族自治区党委组织部部署，南宁市、柳州市先行先试，全区党员积极参与。"]
    )
    assert place(region) == ("广西壮族自治区", None, None, "province")


def test_whole_district_of_a_named_district_is_the_county():
    region, _ = detect(["广西钦州市钦南区创新实施“潮汐行动”，全区组建党员服务队53支，钦南区委统筹推进。"])
    assert place(region) == ("广西壮族自治区", "钦州市", "钦南区", "county")


def test_a_county_level_city_calls_itself_wo_shi():
    region, _ = detect(["云南省保山市腾冲市坚持党建引领，腾冲市各级党组织积极作为，全市上下凝心聚力。"])
    assert place(region) == ("云南省", "保山市", "腾冲市", "county")


def test_a_county_under_its_province_has_no_city():
    region, _ = detect(["湖北省仙桃市坚持党建引领，全市各级党组织积极作为。"])
    assert place(region) == ("湖北省", None, "仙桃市", "county")


def test_without_self_reference_the_most_named_division_sets_the_level():
    city, _ = detect(["陕西省咸阳市渭城区石化小区加装电梯。咸阳市系统谋划，咸阳市着力解决供需匹配问题。"])
    assert place(city) == ("陕西省", "咸阳市", None, "city")
    county, _ = detect(["定西市安定区深入学习。定西市安定区认真执行准则。安定区大力实施基层党建工程。"])
    assert place(county) == ("甘肃省", "定西市", "安定区", "county")


# --- municipalities and shared names ------------------------------------------------------


def test_a_municipality_district():
    region, _ = detect(["北京市石景山区深化党建引领网格治理，在全区创新开展“智网实格”建设，区委统筹推进。"])
    assert place(region) == ("北京市", "北京市", "石景山区", "county")
    assert region.label == "北京市石景山区"


def test_a_municipality_speaking_for_itself():
    region, _ = detect(["上海各级党组织在全市范围内构建工作链条，遍布全市的党群服务阵地温暖人心。"])
    assert place(region) == ("上海市", "上海市", None, "city")
    assert region.label == "上海市"


def test_a_municipality_is_its_own_city_in_a_region_override():
    # config.toml's per-file region, written top-down: a municipality fills
    # both the province and the city, and only the four municipalities do.
    provinces = [d.name for d in gazetteer.load().divisions if d.level == "province"]
    own_city = [name for name in provinces if region_from_name(name).city == name]
    assert sorted(own_city) == sorted(["北京市", "上海市", "天津市", "重庆市"])
    assert place(region_from_name("北京市石景山区")) == ("北京市", "北京市", "石景山区", "county")
    assert place(region_from_name("安徽省宿州市")) == ("安徽省", "宿州市", None, "city")


def test_a_region_override_of_a_county_under_its_province_has_no_city():
    assert place(region_from_name("湖北省仙桃市")) == ("湖北省", None, "仙桃市", "county")


def test_shared_names_go_where_the_other_evidence_points():
    beijing, _ = detect(["北京市朝阳区扎实推进接诉即办，朝阳区委高度重视。"])
    changchun, _ = detect(["长春市朝阳区扎实推进接诉即办，朝阳区各街道积极行动。"])
    assert place(beijing)[:3] == ("北京市", "北京市", "朝阳区")
    assert place(changchun)[:3] == ("吉林省", "长春市", "朝阳区")


@pytest.mark.parametrize(
    "text",
    ["朝阳区扎实推进接诉即办，全区各街道积极行动。", "朝阳的社区党组织扎实推进接诉即办，全区各街道积极行动。"],
    ids=["full name", "short name"],
)
def test_a_shared_name_alone_decides_nothing(text):
    # 朝阳: a city in 辽宁 and districts of 北京 and 长春.
    region, warnings = detect([text])
    assert place(region) == (None, None, None, "county")
    assert len(warnings) == 1 and "朝阳" in warnings[0]


def test_a_short_name_confirmed_by_its_own_full_name():
    # 仙桃 is also a word (a fairy peach); the province administers 仙桃市 directly.
    region, _ = detect(["仙桃市坚持党建引领。仙桃各级党组织积极作为，仙桃上下凝心聚力，全市奋发有为。"])
    assert place(region) == ("湖北省", None, "仙桃市", "county")
    assert counts(region)["仙桃"] == 2


def test_a_city_named_like_its_own_county_is_the_city():
    region, _ = detect(["长沙坚持党建引领，全市各级党组织积极作为。"])
    assert place(region) == ("湖南省", "长沙市", None, "city")


def test_equal_provinces_are_not_guessed():
    region, warnings = detect(["我们赴安徽、江苏学习先进经验。"])
    assert region.province is None
    assert warnings and "安徽省" in warnings[0] and "江苏省" in warnings[0]


# --- title and body -----------------------------------------------------------------------


def test_the_body_wins_over_a_contradicting_title():
    region, warnings = detect(
        ["本报崇仁讯 近年来，江西崇仁县创新实施人才引进工程。崇仁县累计为30家企业匹配博士54人。"],
        title="青海玉树州持之以恒为基层减负赋能",
    )
    assert place(region) == ("江西省", "抚州市", "崇仁县", "county")
    assert len(warnings) == 1
    assert "玉树藏族自治州" in warnings[0] and "崇仁县" in warnings[0]
    assert "玉树州" not in counts(region)


def test_an_agreeing_title_adds_evidence():
    region, warnings = detect(["全市各级党组织坚持大抓基层。"], title="2022年武威市基层党建工作综述")
    assert place(region) == ("甘肃省", "武威市", None, "city")
    assert warnings == []
    assert "武威市" in counts(region)


def test_a_title_alone_is_enough():
    region, _ = detect(["各级党组织坚持大抓基层，推动基层党建全面进步。"], title="陕西渭南以村企联建破解产业发展瓶颈")
    assert place(region)[:2] == ("陕西省", "渭南市")


def test_no_evidence_no_region():
    region, warnings = detect(["各级党组织坚持大抓基层，推动基层党建全面进步。"])
    assert region == Region()
    assert warnings == []


def test_evidence_is_short_best_first_and_deterministic():
    paragraphs = [
        "我市先后创建砀山县果蔬食品、萧县新材料、灵璧县机械制造、泗县农机装备产业集群。",
        "我市砀山县、砀山县、泗县持续发力，全市上下凝心聚力，全市各级党组织积极作为，市委统筹推进。",
    ]
    first, _ = detect(paragraphs)
    second, _ = detect(paragraphs)
    assert first.evidence == second.evidence
    assert 0 < len(first.evidence) <= MAX_EVIDENCE
    assert first.evidence[0] == "我市×2"
    assert "砀山县×3" in first.evidence


# --- the bundled samples -------------------------------------------------------------------


def sample_lines(name: str) -> list[str]:
    return [line.strip() for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_sample_suzhou():
    lines = sample_lines("suzhou-dangqi-piaoyang.txt")
    region, warnings = detect(lines[3:], title=lines[0])  # lines 1-2 are a category and a timestamp
    assert place(region) == ("安徽省", "宿州市", None, "city")
    assert warnings == []


def test_sample_wuwei():
    lines = sample_lines("wuwei-2022-jiceng-dangjian.txt")
    body = lines[3 : lines.index("版权声明")]
    region, _ = detect(body, title=lines[0], subtitle=lines[1], bylines=[lines[2]])
    assert place(region) == ("甘肃省", "武威市", None, "city")


def test_sample_anhui():
    lines = sample_lines("anhui-qiangji-guben.txt")
    body = [line for line in lines if not line.startswith(("主办", "地址", "安徽质量信用网"))]
    region, _ = detect(body)
    assert place(region) == ("安徽省", None, None, "province")


def test_sample_shuangyashan():
    lines = sample_lines("shuangyashan-sanhang-xingdong.txt")
    region, _ = detect(lines[2:-1], subtitle=lines[0], bylines=[lines[1]])  # the last line is a stray "|"
    assert place(region) == ("黑龙江省", "双鸭山市", None, "city")


def test_sample_dingxi():
    lines = sample_lines("dingxi-anding-wuda-gongcheng.txt")
    body = lines[4 : next(i for i, line in enumerate(lines) if line.startswith("版权声明"))]
    region, _ = detect(body, title=lines[1], bylines=[lines[3]])
    assert place(region) == ("甘肃省", "定西市", "安定区", "county")


@pytest.mark.parametrize(
    "name", ["suzhou-dangqi-piaoyang.txt", "anhui-qiangji-guben.txt", "dingxi-anding-wuda-gongcheng.txt"]
)
def test_samples_give_the_same_answer_twice(name):
    lines = sample_lines(name)
    assert detect(lines) == detect(lines)


# --- invariants ------------------------------------------------------------------------------

_PIECES = [
    "安徽省", "宿州市", "砀山", "萧县", "朝阳区", "朝阳", "北京", "石景山区", "广西", "钦南区", "全区", "我市",
    "全省", "县委", "市委常委", "安定", "合作社", "和", "县处级", "高密度", "仙桃", "精神", "第一", "，", "。",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.lists(st.sampled_from(_PIECES), max_size=6))
def test_any_mix_of_names_gives_a_consistent_region(body, title):
    region, warnings = detect(["".join(body)] if body else [], title="".join(title) or None)
    assert len(region.evidence) <= MAX_EVIDENCE
    assert all(isinstance(w, str) for w in warnings)
    assert region.level in (None, "province", "city", "county", "national")
    if region.province is None:
        assert region.city is None and region.county is None
    gaz = gazetteer.load()
    deepest = region.county or region.city
    if deepest is not None:
        chains = ["".join(d.name for d in gaz.chain(x)) for x in gaz.by_name(deepest)]
        assert any(chain.startswith(region.province) and chain.endswith(deepest) for chain in chains)
    if region.level == "province":
        assert region.city is None and region.county is None
    if region.level == "city":
        assert region.county is None


# --- units without a place of their own -----------------------------------------------------


def test_a_unit_is_not_where_its_story_is_set():
    region, warnings = detect(
        [
            "紫云实验室党委坚持把党建工作融入科研攻关。",
            "凌晨，紫云实验室的队员刚从贵州毕节出差回来，又赶赴毕节的测试场。",
            "紫云实验室党委书记说，党员骨干要勇挑重担。",
        ],
        title="把骨干培养成党员",
    )
    assert place(region) == (None, None, None, None)
    assert len(warnings) == 1 and "紫云实验室" in warnings[0] and "贵州省" in warnings[0]


def test_a_unit_that_names_no_place_at_all_is_warned_about():
    region, warnings = detect(["公共卫生学院推出“党员包寝”机制，学生党员结对帮扶低年级同学。"])
    assert region == Region()
    assert len(warnings) == 1 and "公共卫生学院" in warnings[0]


def test_a_unit_home_stated_in_the_text():
    region, warnings = detect(
        [
            "星河集团总部位于武汉。",
            "星河集团党委组织党员赴江西瑞金、江西于都开展主题党日活动。",
            "星河集团党委书记表示，要把红色资源转化为发展动力。",
        ]
    )
    assert place(region) == ("湖北省", "武汉市", None, "city")
    assert warnings == []


def test_a_unit_working_in_a_province_named_by_its_abbreviation():
    region, _ = detect(
        ["作为在沪企业，该公司党委组织党员赴安徽金寨、安徽六安学习。", "该公司党委书记说，要把学习成果转化为实际行动。"]
    )
    assert place(region)[:2] == ("上海市", "上海市")


def test_a_unit_named_after_its_city_is_at_home_there():
    region, _ = detect(
        [
            "湘潭大学党委组织师生赴江西开展红色研学。",
            "在江西，师生走进井冈山、瑞金、于都，江西各地的红色资源令人震撼。",
            "湘潭大学师生表示，江西之行收获很大。湘潭大学党委书记表示，要用好红色资源。湘潭大学将持续开展研学。",
        ]
    )
    assert place(region) == ("湖南省", "湘潭市", None, "city")


def test_a_school_known_by_its_number_is_at_home_in_its_city():
    # 我校获局党委点评: jieba's 获局 is a verb and a noun, not a unit called 获局.
    region, warnings = detect(
        [
            "我校获局党委点评肯定并授牌。2020年衢州一中党委召开年度述职评议会。",
            "衢州一中党委书记在会上述职。我校将继续开展党建示范学校创建。衢州一中全体党员参加。",
        ]
    )
    assert place(region) == ("浙江省", "衢州市", None, "city")
    assert region.evidence == ("衢州一中×3",) and warnings == []


# --- round-ups of several places --------------------------------------------------------------


ROUND_UP = [
    "在江西赣州，党员干部走村入户解难题。赣州市委组织部推动干部下沉。",
    "在甘肃定西，驻村工作队帮助群众发展马铃薯产业。定西市各级党组织积极作为。",
    "在广东清远，基层党组织牵头成立合作社。清远市持续推进乡村振兴。",
    "在辽宁铁岭，党员志愿者深入社区服务群众。铁岭市扎实推进基层治理。",
]


def test_a_round_up_of_several_provinces_has_no_province():
    region, warnings = detect(ROUND_UP, title="在基层一线担当作为")
    assert (region.province, region.city, region.county, region.level) == (None, None, None, "national")
    assert region.label == "全国/多地"
    assert len(warnings) == 1 and all(p in warnings[0] for p in ("江西省", "甘肃省", "广东省", "辽宁省"))
    assert {item.split("×")[0] for item in region.evidence} >= {"江西省", "甘肃省"}


def test_a_round_up_of_several_cities_speaks_for_the_province():
    region, _ = detect(
        [
            "浙江深化共富工坊建设。",
            "在杭州市余杭区，共富工坊带动村民增收。",
            "在台州市临海市，工坊开进了村里。全县已建成工坊50家。",
            "在丽水市青田县，侨乡工坊吸纳妇女就业。",
        ]
    )
    assert place(region) == ("浙江省", None, None, "province")


def test_a_close_runner_up_is_warned_about_and_named():
    region, warnings = detect(
        [
            "合肥市推进党建引领，合肥市各级党组织积极作为，合肥市持续发力，合肥市上下一心。",
            "南京市的经验值得学习，南京市的做法值得借鉴，南京市的成效明显。",
        ]
    )
    assert place(region)[:2] == ("安徽省", "合肥市")
    assert len(warnings) == 1 and "江苏省" in warnings[0]
    assert any(item.startswith("runner-up 南京市") for item in region.evidence)


# --- mentions that do not speak for the report ----------------------------------------------


@pytest.mark.parametrize(
    "aside",
    [
        "陕西秦川机械有限公司、陕西秦川机械有限公司的项目落地投产。",  # a company's name
        "中科创源（陕西）智能科技有限公司与陕西华强科技有限公司签约。",  # a place in brackets inside one
        "《陕西日报》《陕西日报》刊发了这一做法。",  # another paper reprinting the story
        "此项试点在各省推开（陕西、甘肃除外）。",  # places left out
    ],
    ids=["company", "company in brackets", "paper", "exclusion"],
)
def test_names_that_do_not_speak_for_the_report_never_vote(aside):
    region, _ = detect(["宿州市推进党建引领产业发展。", aside])
    assert place(region)[:2] == ("安徽省", "宿州市")


@pytest.mark.parametrize(
    "tail",
    [
        ["上海市徐汇区党员志愿者为居民服务。　　王强摄", "上海市徐汇区党员志愿者为居民服务。"],
        ["图为上海市徐汇区党员志愿者为居民服务。", "上海市浦东新区居民点赞。"],
        ["相关阅读", "上海市徐汇区推进党建引领。", "上海市浦东新区打造党群服务中心。"],
        ["原标题：上海市徐汇区推进党建引领，上海市浦东新区打造党群服务中心"],
    ],
    ids=["caption with its alt text", "caption", "related news", "reprint line"],
)
def test_captions_related_news_and_reprint_lines_never_vote(tail):
    region, _ = detect(["宿州市推进党建引领产业发展。", *tail])
    assert place(region)[:2] == ("安徽省", "宿州市")


def test_a_byline_from_another_province_does_not_vote():
    region, _ = detect(["宿州市推进党建引领产业发展。"], bylines=["本报北京电 记者 王五"])
    assert place(region)[:2] == ("安徽省", "宿州市")


# --- names: traditional text, shared districts, zones, recent divisions ----------------------


def test_a_traditional_title_resolves_like_a_simplified_one():
    region, _ = detect(["各级党组织推进近邻党建。"], title="福州市鼓樓區推進近鄰黨建")
    assert place(region)[:3] == ("福建省", "福州市", "鼓楼区")


def test_a_shared_district_left_out_is_warned_about():
    region, warnings = detect(["宿州市推进党建引领，全市各级党组织积极作为。", "鼓楼区的经验值得借鉴。"])
    assert place(region) == ("安徽省", "宿州市", None, "city")
    assert len(warnings) == 1 and "鼓楼区" in warnings[0] and "left out" in warnings[0]


def test_a_development_zone_stands_for_its_city():
    region, _ = detect(["苏州工业园区推进党建引领，园区各级党组织积极作为。"])
    assert place(region)[:2] == ("江苏省", "苏州市")


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("米林市推进党建引领。", ("西藏自治区", "林芝市", "米林市")),
        ("和安县推进党建引领。", ("新疆维吾尔自治区", "和田地区", "和安县")),
        ("无为市推进党建引领。", ("安徽省", "芜湖市", "无为市")),
    ],
)
def test_recent_divisions_are_found(text, chain):
    region, _ = detect([text])
    assert place(region)[:3] == chain


# --- the level a report speaks at ------------------------------------------------------------


def test_a_community_report_speaks_for_its_county():
    region, _ = detect(
        [
            "在山东青岛市崂山区金家岭街道康城社区，居民围坐议事。",
            "青岛市启动小区治理专项行动，康城社区列为首批试点。青岛市各级党组织积极作为。",
            "康城社区党委书记说，小区面貌焕然一新。",
        ]
    )
    assert place(region) == ("山东省", "青岛市", "崂山区", "county")


def test_a_county_named_like_a_self_reference_is_the_county():
    # 全州 is 全州县's short name here, not "the whole prefecture".
    region, _ = detect(["广西桂林全州县推进党建引领。全州各级党组织积极作为，全州上下凝心聚力，全县发展提速。"])
    assert place(region) == ("广西壮族自治区", "桂林市", "全州县", "county")
