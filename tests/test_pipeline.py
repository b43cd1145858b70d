"""The whole per-report analysis and the collection stage, end to end."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loading import load

from dj_tui.analysis.collection.build import build_collection
from dj_tui.analysis.models import DocumentAnalysis
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.stages.analyzer import Analyzer

ANALYZER = Analyzer(AnalysisSettings())

# Report-like text: Chinese prose, digits, units, punctuation, quotes, chrome words.
_PIECES = st.sampled_from(
    list("党组织基层我市全省县区万亿元个名%.,，。：:“”《》()（）—…?！\n 0123456789")
    + ["19.07万个", "99.06%", "2022年", "版权声明", "相关新闻", "来源：", "记者", "宿州市", "和县", "第九批"]
)
report_text = st.one_of(st.text(), st.lists(_PIECES, max_size=200).map("".join))


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(report_text)
def test_arbitrary_text_never_crashes_and_figures_are_verbatim(text):
    analysis = ANALYZER.analyze_text(text, "r.txt")
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    for figure in analysis.figures:
        assert figure.text in normalised
        assert figure.text in analysis.sentences[figure.index].text
    for sentence in analysis.summary:
        assert sentence.text in normalised
    result = build_collection([analysis], [], AnalysisSettings())
    assert len(result.reports) == 1


def _analysis(path: str, text: str) -> DocumentAnalysis:
    return ANALYZER.analyze_text(text, path)


def test_terms_every_report_shares_rank_below_distinct_ones():
    shared = "坚定拥护“两个确立”，坚决做到“两个维护”。"
    docs = [
        _analysis("a.txt", shared + "我市实施“三航行动”，“三航行动”成效明显。"),
        _analysis("b.txt", shared + "我县推进“头雁工程”，“头雁工程”覆盖全县。"),
        _analysis("c.txt", shared + "我区开展“红色物业”，“红色物业”惠及居民。"),
    ]
    result = build_collection(docs, [], AnalysisSettings())
    for report, own in zip(result.reports, ("三航行动", "头雁工程", "红色物业")):
        terms = [k.term for k in report.keywords]
        assert terms[0] == own
        assert "两个确立" not in terms[:1]


def test_overrides_replace_region_title_and_date():
    doc = _analysis("data/x.txt", "标题\n我市共有党员3200名。")
    overrides = [Override(path_glob="x.txt", region="安徽省宿州市", title="新标题", date="2024-01-02")]
    (report,) = build_collection([doc], [], AnalysisSettings(), overrides).reports
    assert report.analysis.region.label == "安徽省宿州市"
    assert report.analysis.region.evidence == ("config override",)
    assert report.analysis.metadata.title == "新标题"
    assert report.analysis.metadata.date == "2024-01-02"


def test_group_by_city(samples_dir: Path):
    result = load([samples_dir], AnalysisSettings(group_by="city"))
    names = {(g.name, g.level, len(g.reports)) for g in result.regions}
    assert names == {
        ("宿州市", "city", 1),
        ("武威市", "city", 1),
        ("安徽省", "province", 1),
        ("双鸭山市", "city", 1),
        ("定西市", "city", 1),
    }


ROUND_UP = (
    "在江西赣州，党员干部走村入户解难题。赣州市委组织部推动干部下沉。\n"
    "在甘肃定西，驻村工作队帮助群众发展产业。定西市各级党组织积极作为。\n"
    "在广东清远，基层党组织牵头成立合作社。清远市持续推进乡村振兴。\n"
    "在辽宁铁岭，党员志愿者深入社区服务群众。铁岭市扎实推进基层治理。\n"
)


def test_round_ups_group_after_places_and_before_the_unknown():
    docs = [
        _analysis("a.txt", "标题\n我市共有党员3200名。"),  # speaks at a level, names no place
        _analysis("b.txt", "标题\n" + ROUND_UP),
        _analysis("c.txt", "标题\n" + ROUND_UP.replace("赣州", "南昌")),
        _analysis("d.txt", "标题\n宿州市推进党建引领，全市各级党组织积极作为。"),
    ]
    result = build_collection(docs, [], AnalysisSettings())
    assert [(g.name, g.level, g.reports) for g in result.regions] == [
        ("安徽省", "province", ("d.txt",)),
        ("全国/多地", "national", ("b.txt", "c.txt")),
        ("未识别地区", "unknown", ("a.txt",)),
    ]
    assert [r.analysis.region.province for r in result.reports[1:3]] == [None, None]
    # Grouped by city, a round-up still stays in its own group.
    by_city = build_collection(docs, [], AnalysisSettings(group_by="city"))
    assert [g.name for g in by_city.regions] == ["宿州市", "全国/多地", "未识别地区"]


def test_region_keywords_aggregate_their_reports(samples_dir: Path):
    result = load([samples_dir], AnalysisSettings())
    heilongjiang = next(g for g in result.regions if g.name == "黑龙江省")
    assert heilongjiang.keywords[0].term == "三航行动"
    gansu = next(g for g in result.regions if g.name == "甘肃省")
    wuwei = next(r for r in result.reports if r.path.endswith("wuwei-2022-jiceng-dangjian.txt"))
    assert [item.figure for item in gansu.figures] == list(wuwei.headline_figures)


def test_a_regions_figures_name_their_report_and_place_and_take_turns_between_reports(samples_dir: Path):
    result = load([samples_dir], AnalysisSettings())
    anhui = next(g for g in result.regions if g.name == "安徽省")
    places = {Path(path).name: next(r.analysis.region.city for r in result.reports if r.path == path) for path in anhui.reports}
    assert set(places.values()) == {None, "宿州市"}  # the province's own report names no city
    first_round = anhui.figures[: len(anhui.reports)]
    assert sorted(Path(item.report).name for item in first_round) == sorted(places)
    for item in anhui.figures:
        assert item.place == places[Path(item.report).name]
        report = next(r for r in result.reports if r.path == item.report)
        assert item.figure in report.headline_figures


def test_traditional_report_is_analysed_in_simplified_and_quoted_in_original():
    analysis = _analysis("t.txt", "近年來，我縣黨組織發揮戰鬥堡壘作用，新建黨群服務中心12個，覆蓋率達到95%。")
    assert any(f.text == "12個" and f.value == 12 for f in analysis.figures)
    assert analysis.summary[0].text.startswith("近年來")


def test_a_figure_in_a_municipality_is_placed_in_its_district(tmp_path: Path):
    (tmp_path / "a.txt").write_text("北京市石景山区全区建成网格党支部120个。\n", encoding="utf-8")
    result = load([tmp_path], AnalysisSettings(), cache=None)
    (beijing,) = result.regions
    assert beijing.name == "北京市" and [item.place for item in beijing.figures] == ["石景山区"]


def test_copies_of_a_report_show_each_fact_once_in_their_region(tmp_path: Path, samples_dir: Path):
    for copy in ("one", "two", "three"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "r.txt").write_bytes((samples_dir / "wuwei-2022-jiceng-dangjian.txt").read_bytes())
    result = load([tmp_path], AnalysisSettings(), cache=None)
    (gansu,) = result.regions
    facts = [(item.figure.text, item.figure.subject) for item in gansu.figures]
    assert len(facts) == len(set(facts)) == 8
