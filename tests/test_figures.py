"""Headline figures: which numbers count, how they are read, and how they rank."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dj_tui.analysis.models import Figure
from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.figures import extract_figures
from dj_tui.analysis.stages.sentences import build_sentences

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def figures_of(*paragraphs: str) -> list[Figure]:
    sentences = build_sentences(paragraphs)
    return extract_figures(sentences, [segment.cut(s.norm) for s in sentences])


def report_figures(name: str) -> list[Figure]:
    return figures_of(*(REPORTS / name).read_text(encoding="utf-8").splitlines())


def only(figures: list[Figure], text: str) -> Figure:
    matching = [f for f in figures if f.text == text]
    assert len(matching) == 1, [f.text for f in figures]
    return matching[0]


@pytest.mark.parametrize(
    ("paragraph", "text", "value", "unit", "qualifier", "subject"),
    [
        ("19.07万个基层党组织、380余万名党员参加了主题教育。", "19.07万个", 190700, "个", None, "基层党组织"),
        ("19.07万个基层党组织、380余万名党员参加了主题教育。", "380余万名", 3800000, "名", "余", "党员"),
        ("举办各类班次20多个，培训近6000人次。", "近6000人次", 6000, "人次", "近", "培训"),
        ("政务服务事项网上可办率达到99.06%。", "99.06%", 99.06, "%", None, "网上可办率"),
        ("248个高质量发展重大项目完成投资372亿元。", "372亿元", 37200000000, "元", None, "重大项目完成投资"),
    ],
)
def test_reads_value_unit_qualifier_and_subject(paragraph, text, value, unit, qualifier, subject):
    figure = only(figures_of(paragraph), text)
    assert (figure.value, figure.unit, figure.qualifier, figure.subject) == (value, unit, qualifier, subject)
    assert figure.index == 0


@pytest.mark.parametrize(
    ("paragraph", "text", "value", "unit", "qualifier"),
    [
        # Chinese numerals with a magnitude are real amounts.
        ("两万余人参加培训。", "两万余人", 20000, "人", "余"),
        ("三千多名党员到社区报到。", "三千多名", 3000, "名", "多"),
        ("个人荣誉超千项。", "超千项", 1000, "项", "超"),
        ("上万人次受益。", "上万人次", 10000, "人次", "上"),
        ("百余名干部下沉一线。", "百余名", 100, "名", "余"),
        ("建立十余个工作站。", "十余个", 10, "个", "余"),
        ("满意率达到百分之九十五。", "百分之九十五", 95, "%", None),
        # Qualifiers before and after the number.
        ("吸纳逾300名志愿者。", "逾300名", 300, "名", "逾"),
        ("修建约200公里道路。", "约200公里", 200, "公里", "约"),
        ("合格率保持在98%以上。", "98%以上", 98, "%", "以上"),
        ("不到12小时完成抢修。", "不到12小时", 12, "小时", "不到"),
        ("超过3000户群众受益。", "超过3000户", 3000, "户", "超过"),
        # Ranges keep the upper bound.
        ("每个小组联系20—30户。", "20—30户", 30, "户", "至"),
        ("建设6-8个示范点。", "6-8个", 8, "个", "至"),
        ("人均补贴2万—3万元。", "2万—3万元", 30000, "元", "至"),
        ("确定1至2个突出问题。", "1至2个", 2, "个", "至"),
        # Multipliers and separators.
        ("累计投入3千万元。", "3千万元", 30000000, "元", None),
        ("实现生产总值1.2万亿元。", "1.2万亿元", 1.2e12, "元", None),
        ("招募1,000名网格员。", "1,000名", 1000, "名", None),
        ("新建道路3千米。", "3千米", 3, "千米", None),
        # A general unit list.
        ("占比提高3个百分点。", "3个百分点", 3, "个百分点", None),
        ("产值增长1.5倍。", "1.5倍", 1.5, "倍", None),
        ("筹集资金86.34万元。", "86.34万元", 863400, "元", None),
        ("新建场馆1200平方米。", "1200平方米", 1200, "平方米", None),
        ("完成造林24.1万亩。", "24.1万亩", 241000, "亩", None),
        ("办理实事1268件。", "1268件", 1268, "件", None),
        ("开展活动1.67万场次。", "1.67万场次", 16700, "场次", None),
        ("服务时长超过9个小时。", "超过9个小时", 9, "小时", "超过"),
        ("驻村工作满6个月。", "6个月", 6, "个月", None),
    ],
)
def test_normalises_every_number_and_unit_fact(paragraph, text, value, unit, qualifier):
    figure = only(figures_of(paragraph), text)
    assert (figure.value, figure.unit, figure.qualifier) == (pytest.approx(value), unit, qualifier)


@pytest.mark.parametrize(
    "paragraph",
    [
        # Years and dates.
        "2022年以来，全市党建工作成效明显。",
        "2024-04-18 16:33 来源：党的建设杂志",
        "2022年12月8日上午，宣讲活动正式开讲。",
        "2023年3—6月，信访总量同比减少。",
        "二〇二三年工作要点。",
        # Ordinals and rankings.
        "第九批选派干部已奔赴乡村。",
        "考核排名全省第一。",
        "增速居全省前6位。",
        "党的十九届五中全会胜利召开。",
        # Anniversaries.
        "以优异成绩迎接建党103周年。",
        "新中国成立75周年。",
        # Slogans and numbered names.
        "深入学习贯彻党的二十大精神。",
        "坚定拥护“两个确立”。",
        "大力实施基层党建五大工程。",
        "紧扣“5512”产业工程。",
        "以“三航行动”为牵动。",
        "开展“一月5件好事”活动。",
        "打造“10分钟便民生活圈”。",
        # Phone numbers, addresses, times, formulas.
        "电话：0551-62607456。",
        "地址：合肥市红星路1号服务楼2楼。",
        "发布时间 21:24:01。",
        "实行5×8小时值班。",
        "推行1+3+N工作模式。",
        # Titles.
        "学习《关于加强3个方面工作的20条意见》。",
        # Chinese numerals in set phrases.
        "一个个数字背后，一项项荣誉背后。",
        "他曾三天三夜没有离开病房。",
        "坚持一线问诊。",
        "千家万户喜迎新春，信心百倍。",
        "几十个村参与。",
        # A unit character that starts a longer word.
        "聚焦各节2节点作风建设。",
    ],
)
def test_numbers_that_are_not_figures(paragraph):
    assert figures_of(paragraph) == []


def test_quoted_speech_keeps_its_figures():
    # A quotation that is a whole utterance reports facts; a short quoted name does not.
    figures = figures_of("“我们今年建了12个驿站，群众很满意。”站长说。")
    assert [f.text for f in figures] == ["12个"]


@pytest.mark.parametrize(
    ("paragraph", "text", "subject"),
    [
        ("380余万名党员参加了主题教育。", "380余万名", "党员"),  # a verb ends the phrase
        ("全市组建1.2万余人的志愿者队伍。", "1.2万余人", "志愿者队伍"),  # across 的
        ("全县有86公里河道。", "86公里", "河道"),  # 有 introduces what is measured
        ("设立300万元人才基金。", "300万元", "人才基金"),
        ("投入800万元新建改造活动场所。", "800万元", "投入"),  # the clause after is new
        ("建成“党员之家”12个。", "12个", "“党员之家”"),  # a quoted name before the count
        ("化解矛盾纠纷等260余起。", "260余起", "化解矛盾纠纷"),  # 等 closes a list
        ("全县合格率同比提高5%。", "5%", "全县合格率"),
        ("全村人员报酬提高到每人每年4.5万元。", "4.5万元", "全村人员报酬"),
    ],
)
def test_finds_the_subject_counted(paragraph, text, subject):
    assert only(figures_of(paragraph), text).subject == subject


def test_subject_is_none_when_nothing_is_counted():
    assert only(figures_of("先后3次召开推进会。"), "3次").subject is None
    assert only(figures_of("参与群众共计500人。"), "500人").subject != "共计"


def test_subject_never_reaches_into_the_previous_figure():
    figures = figures_of("会议材料从1200份压减至300份。")
    assert only(figures, "1200份").subject == "会议材料"
    assert only(figures, "300份").subject is None


def test_ranks_money_rates_and_large_counts_before_small_counts():
    figures = figures_of("全年开展培训3次。全市完成投资5亿元。覆盖率达到98%。发展党员2万余名。")
    assert [f.text for f in figures] == ["5亿元", "98%", "2万余名", "3次"]
    assert [f.score for f in figures] == sorted((f.score for f in figures), reverse=True)


def test_equal_scores_keep_document_order():
    figures = figures_of("建成10个驿站。建成10个书屋。")
    assert [f.subject for f in figures] == ["驿站", "书屋"]
    assert figures[0].score == figures[1].score


def test_headings_rank_below_the_same_figure_in_body_text():
    figures = figures_of("新建驿站500个", "新建书屋500个。")
    assert [f.index for f in figures] == [1, 0]
    assert figures[0].score > figures[1].score


def test_standards_rank_below_results():
    (criterion,) = figures_of("收入30万元以上的合作社达标。")
    (result,) = figures_of("集体收入30万元。")
    (standard,) = figures_of("每个小组联系20—30户。")
    (count,) = figures_of("小组联系30户。")
    assert criterion.score < result.score
    assert standard.score < count.score


def test_the_same_fact_twice_is_listed_once():
    figures = figures_of("新建驿站500个。", "全年新建驿站500个，新建书屋500个。")
    assert [(f.text, f.index) for f in figures] == [("500个", 0), ("500个", 1)]
    assert "书屋" in figures[1].subject


def test_text_is_quoted_from_the_original_not_the_normalised_form():
    (figure,) = figures_of("全年培訓黨員2萬人次。")
    assert figure.text == "2萬人次"
    assert figure.value == 20000


_PIECES = st.sampled_from(
    [
        "1", "2", "0", "19.07", "1,000", "万", "亿", "千", "百", "十", "两", "三", "个", "名", "人次",
        "元", "%", "余", "多", "近", "超", "约", "以上", "-", "—", "至", "年", "月", "第", "周年",
        "“", "”", "《", "》", "：", ":", "，", "。", "的", "党员", "达到", "百分之", "萬", "個",
        "\u3000", "１", "．", "％",
    ]
)  # fmt: skip
_PARAGRAPH = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map("".join)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARAGRAPH, min_size=1, max_size=4))
def test_every_figure_is_a_verbatim_substring_of_the_report(paragraphs):
    sentences = build_sentences(paragraphs)
    figures = extract_figures(sentences, [segment.cut(s.norm) for s in sentences])
    report = "\n".join(paragraphs)
    for figure in figures:
        assert figure.text
        assert figure.text in sentences[figure.index].text
        assert figure.text in report
    assert [f.score for f in figures] == sorted((f.score for f in figures), reverse=True)


def test_sample_anhui_headline_figures():
    figures = report_figures("anhui-qiangji-guben.txt")
    assert figures[0].text == "14.8亿元"
    assert {f.text for f in figures[:6]} == {"14.8亿元", "380余万名", "190万多人", "79万多人次", "44.4万件", "19.07万个"}
    assert only(figures, "19.07万个").subject == "基层党组织"
    # The publisher footer (phone, address), 第八批/第九批, 23年 and 三天三夜 are not figures.
    assert not any(f.text.startswith(("0551", "1号", "2楼", "23")) for f in figures)
    assert all(f.unit not in ("年", "天") for f in figures)


def test_sample_shuangyashan_headline_figures():
    figures = report_figures("shuangyashan-sanhang-xingdong.txt")
    assert {f.text for f in figures[:4]} == {"149万元", "86.34万元", "20余万元", "近6000人次"}
    honours = only(figures, "超千项")
    assert (honours.value, honours.qualifier, honours.subject) == (1000, "超", "个人荣誉")
    # 建党103周年, 新中国成立75周年, 2023年 and the quoted action names are not figures.
    assert not any(f.value in (103, 75, 2023) for f in figures)


def test_sample_wuwei_headline_figures():
    figures = report_figures("wuwei-2022-jiceng-dangjian.txt")
    assert (figures[0].text, figures[0].subject) == ("372亿元", "重大项目完成投资")
    top = {f.text: f.subject for f in figures[:6]}
    assert top["99.06%"] == "网上可办率"


def test_sample_reports_without_statistics_yield_only_real_counts():
    # 安定区 states no statistics: its date, time stamp and slogans give nothing.
    assert report_figures("dingxi-anding-wuda-gongcheng.txt") == []
    # 宿州: “5512”产业工程, 第九批, 75周年 and 2023年 are not figures.
    assert sorted(f.text for f in report_figures("suzhou-dangqi-piaoyang.txt")) == ["3次", "5家"]
